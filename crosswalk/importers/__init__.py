"""Importers turn other tools' data into our formats (framework, mapping, profile documents).

Each importer module exposes ``NAME``, ``DESCRIPTION`` and ``convert(path: str, **options) -> list[dict]``
returning one or more documents (plain dicts, valid against our schemas) that the CLI writes with
:func:`crosswalk.yamlwrite.dump`. Importers raise :class:`ImportProblem` for input they cannot
read, with the file and, where known, the place.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class ImportProblem(Exception):
    """Input an importer cannot convert; the message says where and what to do."""


IMPORTERS = {
    "aiverify-checklist": "crosswalk.importers.aiverify_checklist",
    "aiverify-2025-xlsx": "crosswalk.importers.aiverify_xlsx",
    "ciso-assistant": "crosswalk.importers.ciso_assistant",
    "cprt": "crosswalk.importers.cprt",
}


def get(name: str) -> ModuleType:
    return importlib.import_module(IMPORTERS[name])
