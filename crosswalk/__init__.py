"""crosswalk: map AI governance frameworks onto each other, with coverage, gaps and reasons.

The package is a library first; ``crosswalk.cli`` is a thin layer over it. Heavy dependencies
(networkx, openpyxl, jsonschema) are imported only by the modules that need them, so that
``crosswalk validate`` starts fast.
"""

__version__ = "0.1.0"
