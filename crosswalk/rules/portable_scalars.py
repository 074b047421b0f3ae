"""A plain (unquoted) value that YAML tools read differently: quote it so that every tool reads the same data.

YAML types an unquoted value by how it looks, and the readers disagree: ``08`` is the number 8 to
YAML 1.2 readers (crosswalk, check-jsonschema, ruamel.yaml, js-yaml) and the text "08" to YAML 1.1
readers (PyYAML); ``010`` is 10 to one and 8 to the other; ``yes``, ``on`` and ``y`` are true to
YAML 1.1 and text to YAML 1.2; ``2024-01-01`` is a date to PyYAML and ruamel.yaml and text to
check-jsonschema; ``1_000`` and ``0b101`` are numbers to ruamel.yaml and text to the YAML 1.2 core
schema. Such a file means one thing to crosswalk and another to a colleague's script. The warning
names the readings and says what to write: quoted (``"08"``) if it is text, a plain decimal
(``8``) if it is a number. The readers and their rules are in :mod:`crosswalk.yamlscalars`.

A warning, because crosswalk reads the value as check-jsonschema does and the schema then decides:
an unquoted value where the schema wants text (``id: 1.1``, ``id: 08``, ``title: 0x1F``) is a
``schema`` error in both, with advice to quote it, and no warning besides; ``strength: 7.0`` is the
number 7 to every reader and valid in both (JSON Schema's ``integer`` is any number with a zero
fractional part). Found while the file is parsed, so that the finding is cached with the file.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Iterator

from crosswalk import yamlscalars
from crosswalk.findings import WARNING, Finding, Place

if TYPE_CHECKING:  # the workspace imports this module while it loads
    from crosswalk.workspace import Document, Workspace

ID = "yaml-portable"
LEVEL = WARNING

_READERS = {
    "ours": "crosswalk and check-jsonschema (YAML 1.2)",
    "core": "the YAML 1.2 core schema",
    "pyyaml": "PyYAML (YAML 1.1)",
    "ruamel11": "ruamel.yaml in YAML 1.1 mode",
}


def check(workspace: "Workspace") -> Iterator[Finding]:
    """Nothing here: these findings come with each file as it is parsed (see :func:`for_notes`)."""
    return iter(())


def describe(kind: str, value: Any) -> str:
    """A reading in words: ``the number 8``, ``the text '08'``, ``true``, ``a date``."""
    if kind == yamlscalars.STR:
        return f"the text {value!r}"
    if kind == yamlscalars.BOOL:
        return "true" if value else "false"
    if kind == yamlscalars.NULL:
        return "null (no value)"
    if kind == yamlscalars.DATE:
        return "a date"
    if kind in (yamlscalars.INT, yamlscalars.FLOAT):
        if value == "nan":
            return "not-a-number"
        if isinstance(value, float) and math.isinf(value):
            return "minus infinity" if value < 0 else "infinity"
        return f"the number {value}"
    return "an error"


def message(text: str) -> str:
    """Why the plain scalar ``text`` is not portable, and what to write instead."""
    readings = yamlscalars.disagreement(text) or {}
    groups: dict[tuple[str, Any], list[str]] = {}
    for reader, reading in readings.items():
        groups.setdefault(reading, []).append(_READERS[reader])
    said = "; ".join(f"{describe(*reading)} to {' and '.join(readers)}" for reading, readers in groups.items())
    kind, value = readings.get("ours", (yamlscalars.STR, text))
    advice = f'quote it ("{text}") if it is text'
    if kind == yamlscalars.INT:
        advice += f", or write {value} if it is a number"
    elif kind == yamlscalars.FLOAT and value != "nan" and not math.isinf(value):
        advice += f", or write {int(value) if value.is_integer() else value} if it is a number"
    return f"{text} is read differently by YAML tools: {said}; {advice}"


def for_notes(document: "Document", notes: list[tuple[int, int, str]], taken: set[tuple[int, int]]) -> list[Finding]:
    """The findings of a file's notes (see :func:`crosswalk.yamlio.parse_document`), except at ``taken`` places.

    ``taken`` holds the places of the file's schema errors: a value there already has an error
    that says to quote it, and one finding per value is enough."""
    return [Finding(Place(document.path, line, column), ID, LEVEL, message(text))
            for line, column, text in notes if (line, column) not in taken]


def schema_message(written: str, value: Any, jsonschema_message: str) -> str:
    """A schema type error on an unquoted value that YAML typed (``id: 1.10``): say so, and to quote it.

    jsonschema's ``1.1 is not of type 'string'`` does not show what was written nor why it is a number."""
    kind = (yamlscalars.NULL if value is None else yamlscalars.BOOL if isinstance(value, bool)
            else yamlscalars.INT if isinstance(value, int) else yamlscalars.FLOAT)
    value = "nan" if isinstance(value, float) and math.isnan(value) else value
    shown = written or "an empty value"
    return (f"{shown} is unquoted, so YAML reads it as {describe(kind, value)}, not as text "
            f'({jsonschema_message}): quote it ("{written}") if it is text')
