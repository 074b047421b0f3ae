"""What every format module shares on the way out: the documents to write, found and checked.

Why here: a writer turns our documents into another tool's format, and must never write a document
our own validation would refuse (an id used twice, a row naming a missing element): the other tool
would take the mistake for data. A writer therefore receives the document exactly as its file holds
it (all fields, in file order, not the engine's model of it), checked against its schema, and for a
mapping the two frameworks it joins.
"""

from __future__ import annotations

from typing import Any

from crosswalk.formats import ExportProblem


def _checked(workspace: Any, kind: str, path: str, name: str) -> dict[str, Any]:
    from crosswalk import schema

    document = workspace.document(path).data
    if not isinstance(document, dict):
        raise ExportProblem(f"{name}: {path} cannot be read: run 'crosswalk validate {path}'")
    errors = schema.check(kind, document)
    if errors:
        raise ExportProblem(f"{name}: {path} does not match the {kind} schema ({len(errors)} problem(s)): "
                            f"run 'crosswalk validate {path}' and fix it first")
    return document


def source_document(workspace: Any, ref: str) -> tuple[str, dict[str, Any], tuple[dict[str, Any], ...]]:
    """("framework" or "mapping", the document named by ``ref``, and for a mapping its source and
    target framework documents); ExportProblem when ``ref`` names neither or a document is invalid."""
    from crosswalk.workspace import WorkspaceError

    try:
        framework = workspace.framework(ref)
    except WorkspaceError as exc:
        raise ExportProblem(str(exc)) from None
    if framework is not None:
        return "framework", _checked(workspace, "framework", framework.path, f"framework {framework.ref}"), ()
    mapping = workspace.mapping(ref)
    if mapping is None:
        from crosswalk.rules.references import suggest

        known = sorted(workspace.frameworks) + [m.id for m in workspace.mappings]
        raise ExportProblem(f"no framework or mapping named {ref!r}{suggest(ref, known)}; see 'crosswalk list'")
    ends = []
    for side, named in (("source", mapping.source), ("target", mapping.target)):
        try:
            found = workspace.framework(named)
        except WorkspaceError as exc:
            raise ExportProblem(f"mapping {mapping.id}: its {side} {named}: {exc}") from None
        if found is None:
            raise ExportProblem(f"mapping {mapping.id}: its {side} framework {named} is not in the library "
                                "(add it with --library)")
        ends.append(_checked(workspace, "framework", found.path, f"framework {found.ref}"))
    return "mapping", _checked(workspace, "mapping", mapping.path, f"mapping {mapping.id}"), tuple(ends)
