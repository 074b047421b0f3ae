"""Allows ``python -m crosswalk``."""

import sys

from crosswalk.cli import entry_point

sys.exit(entry_point())
