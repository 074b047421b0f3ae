"""Element ids are unique within a framework, mapping ids within the workspace, profile entries per element.

A repeated id makes every reference to it ambiguous; a second profile entry for the same element
would silently override the first. (A framework id@version defined twice is reported while loading,
under this same rule id.)
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.findings import ERROR, Finding
from crosswalk.workspace import Workspace

ID = "unique-ids"
LEVEL = ERROR


def check(workspace: Workspace) -> Iterator[Finding]:
    for framework in workspace.frameworks.values():
        document = workspace.document(framework.path)
        first: dict[str, int] = {}
        for element in framework.declared:  # only elements that passed the schema, repeats included
            ident = element.id
            if ident in first:
                note = "" if ident.isascii() else " (ids are compared in Unicode NFC: a composed and a decomposed accent are the same id)"
                yield Finding(
                    document.place(("elements", element.index, "id")), ID, LEVEL,
                    f"element id {ident!r} is used twice in framework {framework.ref}: ids must be unique{note}",
                    (document.place(("elements", first[ident], "id")),),
                )
            else:
                first[ident] = element.index
    for profile in workspace.profiles:
        document = workspace.document(profile.path)
        seen: dict[str, int] = {}
        for entry in profile.entries:
            if entry.element in seen:
                yield Finding(
                    document.place(("entries", entry.index, "element")), ID, LEVEL,
                    f"element {entry.element!r} has a second entry in this profile: keep one",
                    (document.place(("entries", seen[entry.element], "element")),),
                )
            else:
                seen[entry.element] = entry.index
    mapping_paths: dict[str, str] = {}
    for mapping in workspace.mappings:
        if mapping.id in mapping_paths:
            yield Finding(
                workspace.document(mapping.path).place(("id",)), ID, LEVEL,
                f"mapping id {mapping.id!r} is already used by {mapping_paths[mapping.id]}: choose another id",
                (workspace.document(mapping_paths[mapping.id]).place(("id",)),),
            )
        else:
            mapping_paths[mapping.id] = mapping.path
