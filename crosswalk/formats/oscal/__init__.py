"""OSCAL 1.2, both ways: mapping collections in and out, catalogs in.

Why: OSCAL is NIST's machine-readable format for controls, and its 1.2 ``mapping-collection`` model
(NIST IR 8477's set-theory relationships, as crosswalk's mappings) is what compliance tools such as
compliance-trestle read. Writing it lets those tools use crosswalk's mappings and the engine's
inferred answers; reading it lets crosswalk check other people's collections and use NIST's catalogs
as frameworks.

Writing (``crosswalk export oscal REF -o mc.json``): REF is a mapping (its id): one collection
holding it (:mod:`.mapping_writer`, whose docstring has the field table); or a report definition (a
report id of the library, or the path of a report YAML, as ``crosswalk report`` takes it): one
collection holding the engine's answers from the report's source framework to its target, direct and
inferred, each with the paths it rests on, and the targets left unknown or not covered as the target
gap summary (:mod:`.answers_writer`). The output is deterministic: UUIDs are version 5 of stable names
and the dates come from the inputs (or ``--option date=``), never from the clock.

Reading (``crosswalk import oscal FILE.json``): the root says which: a ``mapping-collection`` gives
one mapping per ``mapping`` in it (:mod:`.mapping_reader`), a ``catalog`` one framework
(:mod:`.catalog_reader`); anything else is refused. The input is checked field by field, with the
place of each problem, rather than against NIST's schema as a whole: trestle's own example
collections declare ``oscal-version`` 1.0.4, say ``method: manual`` and ``status: published``, which
the 1.2.1 schema refuses, and they are still worth reading (each deviation becomes a notice).
"""

from __future__ import annotations

from typing import Any

from crosswalk.formats import ExportProblem, ImportProblem, Option, checked_options
from crosswalk.formats.finish import Converted, finish

NAME = "oscal"
DESCRIPTION = "OSCAL 1.2 JSON: a mapping-collection -> one mapping per mapping in it; a catalog -> a framework"
OPTIONS = (
    Option("id", "the id of the document written (a catalog's framework, or a collection's only mapping; default: "
                 "from the file name, or source--target)"),
    Option("version", "a catalog's framework version (default: its metadata.version)"),
    Option("source", "the crosswalk ref (id@version) of the first mapping's source resource (default: from the "
                     "resource's title or href)"),
    Option("target", "the crosswalk ref (id@version) of the first mapping's target resource (default: as source)"),
    Option("stubs", "yes: also write a minimal framework per resource, holding the ids the collection names (for "
                    "collections whose catalogs you do not have)"),
)

EXPORT_DESCRIPTION = ("a mapping, or a report's answers (direct and inferred, with their paths and the target gap "
                      "summary), as an OSCAL 1.2 mapping-collection (.json)")
EXPORT_OPTIONS = (
    Option("date", "the date the collection carries, YYYY-MM-DD (default: the mapping's provenance.published; for a "
                   "report, the latest of the mappings its answers use)"),
)


def convert(path: str, **options: str) -> Converted:
    """The documents of one OSCAL file (see the module), with the notices of what was changed or left out."""
    from crosswalk.formats.oscal import catalog_reader, mapping_reader, reading

    options = checked_options(NAME, OPTIONS, options)
    tree, root, data = reading.read(path)
    notices = reading.Notices()
    if root == "catalog":
        for key in ("source", "target", "stubs"):
            if options.get(key):
                raise ImportProblem(f"{path}: --option {key}= is for mapping collections; this is a catalog")
        documents = [catalog_reader.convert(tree, data, path, options, notices)]
    else:
        if options.get("version"):
            raise ImportProblem(f"{path}: --option version= is for catalogs; this is a mapping collection")
        documents = mapping_reader.convert(tree, data, path, options, notices)
    return finish(path, documents, notices.items)


def export(workspace: Any, ref: str, output: str | None = None, **options: str) -> bytes:
    """The bytes of one mapping collection for the mapping, or the report definition, ``ref``."""
    from crosswalk.formats.exporting import source_document
    from crosswalk.formats.oscal import mapping_writer

    chosen = checked_options(NAME, EXPORT_OPTIONS, options, command="export")  # the writer's: see EXPORT_OPTIONS
    day = mapping_writer.checked_date(chosen["date"], "--option date=") if chosen.get("date") else None
    if workspace.mapping(ref) is not None:
        _, document, (source, target) = source_document(workspace, ref)
        return mapping_writer.dumps(mapping_writer.mapping_collection(document, source, target, day))
    from crosswalk.formats.oscal import answers_writer

    definition = answers_writer.definition(workspace, ref)
    if definition is None:
        from crosswalk.workspace import WorkspaceError

        try:
            framework = workspace.framework(ref)
        except WorkspaceError:
            framework = None
        if framework is not None:
            raise ExportProblem(f"{ref} is a framework: the OSCAL export writes mapping collections; name a mapping or "
                                "a report definition")
        from crosswalk.rules.references import suggest

        known = [m.id for m in workspace.mappings] + [r.id for r in workspace.reports]
        raise ExportProblem(f"no mapping or report definition named {ref!r}{suggest(ref, known)}; see 'crosswalk list'")
    return mapping_writer.dumps(answers_writer.answers_collection(workspace, definition, day))
