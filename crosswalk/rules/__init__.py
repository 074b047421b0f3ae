"""Validation rules: one module each, with an id, a level and a docstring that is its documentation.

Each rule module defines ``ID``, ``LEVEL`` and ``check(workspace) -> Iterable[Finding]``. The first
paragraph of the module docstring is shown by ``crosswalk rules``; the rest is the rationale.
"""

from __future__ import annotations

from types import ModuleType

from crosswalk.rules import (
    comprehensive,
    consistency,
    duplicate_rows,
    hierarchy,
    invisible_ids,
    lookalike_ids,
    non_leaf,
    portable_scalars,
    rationale,
    references,
    relationship,
    self_mapping,
    strength,
    unique_ids,
)

RULES: tuple[ModuleType, ...] = (
    unique_ids,
    references,
    invisible_ids,
    lookalike_ids,
    self_mapping,
    hierarchy,
    relationship,
    rationale,
    strength,
    duplicate_rows,
    comprehensive,
    non_leaf,
    consistency,
    portable_scalars,
)

LOADER_RULES = {
    "file-unreadable": ("The path cannot be read as a regular file (missing, no permission, a directory, a FIFO, "
                        "device or socket, a symbolic link loop), or a folder cannot be listed."),
    "file-too-large": "The file is larger than the 64 MiB limit; no governance file is that large.",
    "yaml-encoding": "The file is not UTF-8 text (invalid bytes, a byte-order mark, UTF-16, control characters), "
                     "or has line breaks editors do not count as YAML does (a lone CR, U+0085, U+2028, U+2029).",
    "yaml-syntax": "The file is not valid YAML (including tabs used for indentation, or nesting too deep).",
    "yaml-duplicate-key": "A mapping repeats a key; YAML parsers would silently keep only the last value.",
    "yaml-alias": "Anchors, aliases and merge keys are refused: they hide content and enable alias bombs.",
    "yaml-tag": "Explicit tags of every kind (!!str, !!int, !!python/object, !custom, a lone !) are refused: "
                "values are typed by how they are written.",
    "yaml-scalar": "A mapping key that is not a string (1, true, null: JSON keys are strings; quote it), "
                   "an integer of more than 18 digits, or an unquoted value check-jsonschema cannot read "
                   "(<<, =, a number without digits such as -_).",
    "schema": "The document does not match its JSON Schema (crosswalk/schemas/<kind>.schema.json).",
}

def describe() -> list[tuple[str, str, str]]:
    """(id, level, summary) for every rule, loader rules first."""
    rows = [(rule_id, "error", text) for rule_id, text in LOADER_RULES.items()]
    for rule in RULES:
        summary = (rule.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        rows.append((rule.ID, rule.LEVEL, summary))
    return rows
