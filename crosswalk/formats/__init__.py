"""Foreign formats, one module each, holding both directions where both are built (like pandas' ``io``).

Reading: each module in :data:`IMPORTERS` exposes ``NAME``, ``DESCRIPTION``, ``OPTIONS`` (its
``--option`` keys, as :class:`Option` data) and ``convert(path: str, **options) -> list[dict]``
returning one or more documents (plain dicts, valid against our schemas) that ``crosswalk import``
writes with :func:`crosswalk.yamlwrite.dump`. A reader raises :class:`ImportProblem` for input it
cannot read, with the file and, where known, the place. What every reader shares (the read gate, id
checks, the final schema check) is in :mod:`crosswalk.formats.finish`.

Writing: each module in :data:`EXPORTERS` also exposes ``EXPORT_DESCRIPTION``, ``EXPORT_OPTIONS``
and ``export(workspace, ref, output, **options) -> bytes``: the bytes of one file for the framework or
mapping ``ref``, which ``crosswalk export`` writes through :mod:`crosswalk.writegate`. A writer
raises :class:`ExportProblem` for what the format cannot hold.

Why both directions in one module: the field mapping is one table read two ways; kept apart, a
change to one side silently breaks the round trip, which the tests hold to identity.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Mapping, Sequence


class ImportProblem(Exception):
    """Input a reader cannot convert; the message says where and what to do."""


class ExportProblem(Exception):
    """A document a writer cannot express in its format; the message says what and what to do."""


IMPORTERS = {
    "aiverify-checklist": "crosswalk.formats.aiverify_checklist",
    "aiverify-2025-xlsx": "crosswalk.formats.aiverify_xlsx",
    "ciso-assistant": "crosswalk.formats.ciso_assistant",
    "cprt": "crosswalk.formats.cprt",
    "oscal": "crosswalk.formats.oscal",
    "review": "crosswalk.formats.review",
}
"""Formats ``crosswalk import`` reads, by name. Listed as data (not found by importing every module)
so that the command line starts without loading openpyxl."""

EXPORTERS = {
    "ciso-assistant": "crosswalk.formats.ciso_assistant",
    "oscal": "crosswalk.formats.oscal",
}
"""Formats ``crosswalk export`` writes, by name."""


def get(name: str) -> ModuleType:
    """The module of format ``name`` (a key of :data:`IMPORTERS` or :data:`EXPORTERS`)."""
    return importlib.import_module(IMPORTERS.get(name) or EXPORTERS[name])


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


def parse_options(items: Sequence[str], problem: type[Exception] = ImportProblem) -> dict[str, str]:
    """``--option KEY=VALUE`` items as {key: value}, '-' in a key read as '_' (``library-dir`` is
    ``library_dir``); an item without '=' is a ``problem`` naming it."""
    options: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise problem(f"--option {item!r}: write KEY=VALUE")
        options[key.strip().replace("-", "_")] = value
    return options


def checked_options(importer: str, declared: Sequence[Option], given: Mapping[str, str],
                    command: str = "import") -> dict[str, str]:
    """``given`` if every key is declared and every always-required option is there; else ImportProblem
    naming the known keys. Each reader's ``convert`` calls it first, before reading its file (and each
    writer's ``export``, with ``command="export"``)."""
    known = [option.name for option in declared]
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ImportProblem(f"{importer}: unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                            f"known: {', '.join(known) or 'none'} (see 'crosswalk {command} --help')")
    for option in declared:
        if option.required is True and not given.get(option.name):
            raise ImportProblem(f"{importer}: --option {option.name}=... is required: {option.meaning}")
    return dict(given)


def options_help(width: int = 79, command: str = "import") -> str:
    """Every format with its description and ``--option`` keys, for ``crosswalk import --help``
    (or ``crosswalk export --help``)."""
    import textwrap

    what = "importers" if command == "import" else "exporters"
    lines = textwrap.wrap(f"{what} and their options (--option KEY=VALUE, repeatable; '-' in a KEY is the same "
                          "as '_'):", width)
    for name in sorted(IMPORTERS if command == "import" else EXPORTERS):
        module = get(name)
        description, options = ((module.DESCRIPTION, module.OPTIONS) if command == "import"
                                else (module.EXPORT_DESCRIPTION, module.EXPORT_OPTIONS))
        lines.append("")
        lines.extend(textwrap.wrap(f"{name}: {description}", width, initial_indent="  ",
                                   subsequent_indent="    "))
        for option in options:
            need = " (required)" if option.required is True else f" (required {option.required})" if option.required else ""
            lines.extend(textwrap.wrap(f"{option.name:<15} {option.meaning}{need}", width, initial_indent="    ",
                                       subsequent_indent=" " * 20))
        if not options:
            lines.append("    (no options)")
    return "\n".join(lines)
