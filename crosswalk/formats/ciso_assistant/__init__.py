"""CISO Assistant libraries, both ways: their framework libraries and requirement mapping sets in, our
frameworks and mappings out as their v2 library YAML (or their Excel v2 authoring format).

Why: CISO Assistant is the closest open-source peer; its library holds 205 frameworks and 92 mapping
sets. Reading it lets crosswalk check that content and reason over it; writing it lets crosswalk's own
content (AI Verify, TTA, NIST AI 600-1, the US-Singapore principles, which CISO Assistant lacks) go
into that tool. The field mapping, one table read both ways, is in :mod:`.reader` and :mod:`.writer`;
names (ids, editions, URNs) in :mod:`.names`; what CISO Assistant has no field for travels in a
``crosswalk:`` block (:mod:`.blocks`), so that export then import is the identity.

Reading (``crosswalk import ciso-assistant FILE``): a framework library becomes a framework; each
mapping set of a mapping library becomes a mapping in its own direction, from its own
``source_framework_urn`` and ``target_framework_urn``; the framework libraries that name the rows'
nodes are found by URN in ``library_dir`` (default: the mapping file's folder). Rows naming a node
that its library lacks are skipped and counted (``--strict`` refuses instead); nothing else aborts a
set. Options: :data:`OPTIONS`, also listed by ``crosswalk import --help``.

Writing (``crosswalk export ciso-assistant REF -o OUT``): a framework or a mapping (with the two
frameworks it joins) as one library YAML; a framework as an ``.xlsx`` in their Excel v2 format, which
their own ``convert_library_v2.py`` turns into the same library.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crosswalk.formats import ExportProblem, ImportProblem, Option, checked_options
from crosswalk.formats.ciso_assistant import library, names, reader
from crosswalk.formats.finish import Converted, finish

NAME = "ciso-assistant"
DESCRIPTION = ("CISO Assistant library YAML (a framework, or requirement mapping sets, each in its own direction) "
               "-> framework or mappings; or a mapping authored in their Excel v2 format (.xlsx) -> mapping")
OPTIONS = (
    Option("id", "the id of the framework or mapping written (default: from the library; one set only)"),
    Option("version", "the framework's version (default: the edition its URN or ref_id ends with, else the "
                      "library's packaging revision)"),
    Option("library_dir", "the folder of framework libraries in which a mapping set's frameworks are found by URN "
                          "(default: the imported file's folder)"),
    Option("source", "the crosswalk ref (id@version) of the first set's source framework (default: as its library's "
                     "import names it)"),
    Option("target", "the crosswalk ref (id@version) of the first set's target framework (default: as source)"),
    Option("source_library", "a framework library file to use before library_dir (any set naming its framework "
                             "uses it; a set naming no frameworks uses it for its source)"),
    Option("target_library", "as source_library (a set naming no frameworks uses it for its target)"),
)

EXPORT_DESCRIPTION = ("a framework or a mapping as a CISO Assistant library (.yaml), or a framework in CISO "
                      "Assistant's Excel v2 format (.xlsx, for their convert_library_v2.py)")
EXPORT_OPTIONS: tuple[Option, ...] = ()


def convert(path: str, **options: str) -> Converted:
    """The documents of one CISO Assistant library (see the module), with the notices of what was
    changed or left out."""
    options = checked_options(NAME, OPTIONS, options)
    if Path(path).suffix.lower() == ".xlsx":
        from crosswalk.formats.ciso_assistant import excel_mapping

        tree, data = excel_mapping.read(path)  # a mapping authored in their Excel format: the same rows
    else:
        tree, data = library.read(path)
    notices = reader.Notices()
    documents = []
    own = None
    if isinstance(data["objects"].get("framework"), dict):
        document = reader.framework(tree, data, path, options, notices)
        documents.append(document)
        own = library.framework_names(tree, data, library.nodes(tree, data), document["id"], document["version"])
    sets = reader.mapping_sets(tree, data)
    if sets:
        if options.get("id") and len(sets) > 1:
            raise ImportProblem(f"{path}: --option id= names one document, but the library holds {len(sets)} mapping "
                                "sets: leave it out (each set's ref_id gives its id)")
        resolver = reader.Resolver(path, options, own)
        first_urns = [tree.text(sets[0][1], f"{side}_framework_urn", sets[0][0], numbers=False).strip()
                      for side in ("source", "target")]
        for side, urn in zip(("source", "target"), first_urns):
            if urn:
                resolver.pin(urn, side)
        for index, (where, mapping_set) in enumerate(sets, start=1):
            documents.append(reader.mapping(tree, data, mapping_set, where, path, options, index, resolver, notices))
    if not documents:
        raise ImportProblem(f"{path}: the library has neither objects.framework nor requirement_mapping_sets")
    documents = [names.plain_lines(document) for document in documents]
    return finish(path, documents, notices.items, resolver.inputs() if sets else ())


def export(workspace: Any, ref: str, output: str | None = None, **options: str) -> bytes:
    """The bytes of one file for the framework or mapping ``ref`` of ``workspace``: a library YAML,
    or (``output`` ending in ``.xlsx``) a framework in CISO Assistant's Excel v2 format."""
    from crosswalk.formats.ciso_assistant import writer
    from crosswalk.formats.exporting import source_document
    from crosswalk.yamlwrite import dump

    checked_options(NAME, EXPORT_OPTIONS, options, command="export")
    excel = bool(output) and Path(str(output)).suffix.lower() == ".xlsx"
    kind, document, ends = source_document(workspace, ref)
    if kind == "framework":
        built = writer.framework_library(document)
        if excel:
            from crosswalk.formats.ciso_assistant import excel as excel_format

            return excel_format.workbook(built)
        return dump(built).encode("utf-8")
    if excel:
        raise ExportProblem(f"{ref} is a mapping: the Excel v2 export holds a framework; write the mapping as "
                            "a .yaml library")
    return dump(writer.mapping_library(document, *ends)).encode("utf-8")
