"""Importers turn other tools' data into our formats (framework, mapping, profile documents).

Each importer module exposes ``NAME``, ``DESCRIPTION``, ``OPTIONS`` (its ``--option`` keys, as
:class:`Option` data) and ``convert(path: str, **options) -> list[dict]`` returning one or more documents (plain dicts, valid against our schemas) that the CLI writes with
:func:`crosswalk.yamlwrite.dump`. Importers raise :class:`ImportProblem` for input they cannot
read, with the file and, where known, the place.

Why the shared gate below: an importer reads a file somebody else made, so every input is treated
as hostile. The file is read once, only if it is a regular file and not larger than the importer's
bound (a FIFO would hang, ``/dev/zero`` or a sparse file would exhaust memory); and what an
importer returns is checked against our schemas by :func:`finish`, so a conversion either yields
valid documents or says why it cannot, whatever the input held.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Mapping, Sequence


class ImportProblem(Exception):
    """Input an importer cannot convert; the message says where and what to do."""


IMPORTERS = {
    "aiverify-checklist": "crosswalk.importers.aiverify_checklist",
    "aiverify-2025-xlsx": "crosswalk.importers.aiverify_xlsx",
    "ciso-assistant": "crosswalk.importers.ciso_assistant",
    "cprt": "crosswalk.importers.cprt",
}

MAX_JSON_BYTES = 32 * 1024 * 1024
"""JSON exports above this size are refused before reading. Parsing costs up to about 25 bytes of
memory per byte of JSON (``[{},{},...]``: 0.83 GB peak for 32 MiB), so this bound keeps an import
under 1 GB; real exports are far smaller (the AI Verify checklist export is 100 KB)."""


def get(name: str) -> ModuleType:
    return importlib.import_module(IMPORTERS[name])


@dataclass(frozen=True)
class Option:
    """One ``--option KEY=VALUE`` an importer accepts.

    Why data: the same declaration lists the option in ``crosswalk import --help`` and lets
    :func:`checked_options` refuse a key the importer does not know (a typo such as
    ``organization=`` would otherwise be dropped without a word)."""

    name: str
    meaning: str
    required: bool | str = False
    """True: always needed (checked before the file is read); a phrase such as "with
    requirement_mapping_sets": needed in that case only, which the importer checks once it knows;
    False: optional."""


def checked_options(importer: str, declared: Sequence[Option], given: Mapping[str, str]) -> dict[str, str]:
    """``given`` if every key is declared and every always-required option is there; else ImportProblem
    naming the known keys. Each importer's ``convert`` calls it first, before reading its file."""
    known = [option.name for option in declared]
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ImportProblem(f"{importer}: unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                            f"known: {', '.join(known) or 'none'} (see 'crosswalk import --help')")
    for option in declared:
        if option.required is True and not given.get(option.name):
            raise ImportProblem(f"{importer}: --option {option.name}=... is required: {option.meaning}")
    return dict(given)


def options_help(width: int = 79) -> str:
    """Every importer with its description and ``--option`` keys, for ``crosswalk import --help``."""
    import textwrap

    lines = textwrap.wrap("importers and their options (--option KEY=VALUE, repeatable; '-' in a KEY is the same "
                          "as '_'):", width)
    for name in sorted(IMPORTERS):
        module = get(name)
        lines.append("")
        lines.extend(textwrap.wrap(f"{name}: {module.DESCRIPTION}", width, initial_indent="  ",
                                   subsequent_indent="    "))
        for option in module.OPTIONS:
            need = " (required)" if option.required is True else f" (required {option.required})" if option.required else ""
            lines.extend(textwrap.wrap(f"{option.name:<15} {option.meaning}{need}", width, initial_indent="    ",
                                       subsequent_indent=" " * 20))
        if not module.OPTIONS:
            lines.append("    (no options)")
    return "\n".join(lines)


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


def _read_input(path: str, limit: int) -> bytes:
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


def finish(path: str, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
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
    return documents
