"""What every format module shares on the way in: the read gate, id checks, and the final schema check.

Why here: a format module reads a file somebody else made, so every input is treated as hostile. The
file is read once, only if it is a regular file and not larger than the module's bound (a FIFO would
hang, ``/dev/zero`` or a sparse file would exhaust memory); and what a reader returns is checked
against our schemas by :func:`finish`, so a conversion either yields valid documents or says why it
cannot, whatever the input held.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from crosswalk.formats import ImportProblem

MAX_JSON_BYTES = 32 * 1024 * 1024
"""JSON exports above this size are refused before reading. Parsing costs up to about 25 bytes of
memory per byte of JSON (``[{},{},...]``: 0.83 GB peak for 32 MiB), so this bound keeps an import
under 1 GB; real exports are far smaller (the AI Verify checklist export is 100 KB)."""


_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}\Z")
ELEMENT_ID = re.compile(r"[^\s@,][^@,\n]{0,199}(?<!\s)\Z")
"""What the framework schema accepts as an element id; importers check ids with it where they can
still name the place in the input (a cell, a JSON path), before :func:`finish` would."""
ELEMENT_ID_RULE = "an element id has no '@', ',' or line break, no space at either end, and at most 200 characters"


def id_option(value: str) -> str:
    """``--option id=...`` if it is a document id (a slug); an id is also a file name, so never a path."""
    if not _SLUG.match(value):
        raise ImportProblem(f"--option id={value!r}: use at most 100 lower-case letters, digits, '.', '_' and '-', "
                            "starting with a letter or digit")
    return value


def read_input(path: str, limit: int) -> bytes:
    """The bytes of ``path``, read once through :mod:`crosswalk.readgate` (a regular file of at most
    ``limit`` bytes; a FIFO, device or folder is refused before it is opened or read)."""
    from crosswalk import readgate

    try:
        return readgate.read_bytes(path, max_bytes=limit, what="file to import")
    except readgate.ReadError as exc:
        raise ImportProblem(f"{path}: {exc.message}") from None


def _place(where: tuple[Any, ...]) -> str:
    text = ""
    for step in where:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text.lstrip(".") or "(top)"


class Converted(list):  # type: ignore[type-arg]
    """The documents a reader made (a list, as every reader returns), with its notices: what it
    changed or left out, as (partial, text). ``crosswalk import`` prints them, and ``--strict``
    refuses to write anything when one is partial (rows skipped, values changed or dropped).
    ``inputs``: the other files the reader read (a mapping's framework libraries), which the import
    may then not write onto."""

    def __init__(self, documents: list[dict[str, Any]], notices: Sequence[tuple[bool, str]] = (),
                 inputs: Sequence[str] = ()) -> None:
        super().__init__(documents)
        self.notices = list(notices)
        self.inputs = list(inputs)


def finish(path: str, documents: list[dict[str, Any]], notices: Sequence[tuple[bool, str]] = (),
           inputs: Sequence[str] = ()) -> Converted:
    """``documents`` if there are some, each valid against its schema, no two with one name; else ImportProblem.

    Why here and not only in ``validate``: the CLI writes what an importer returns, and a document
    that our own loader would reject (an id with '@', a level that is not a slug) is no conversion.
    Two documents with the same kind, id and version would be written to the same file.
    """
    from crosswalk import schema

    if not documents:
        raise ImportProblem(f"{path}: nothing to convert: the input holds no framework, mapping or answers")
    seen: set[tuple[str, str, str]] = set()
    for document in documents:
        kind = str(document.get("kind"))
        name = f"{kind} {document.get('id')!r}"
        errors = schema.check(kind, document)
        if errors:
            where, message, _ = errors[0]
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise ImportProblem(f"{path}: cannot convert: the {name} it yields would be invalid at {_place(where)}: "
                                f"{message}{more}; check that value in the input")
        key = (kind, str(document.get("id")), str(document.get("version", "")))
        if key in seen:
            raise ImportProblem(f"{path}: cannot convert: two documents would both be the {name}"
                                + (f" version {key[2]!r}" if key[2] else "") + ": their names in the input collide")
        seen.add(key)
    return Converted(documents, notices, inputs)
