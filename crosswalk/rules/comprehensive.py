"""A mapping marked ``comprehensive: true`` addresses every element of its target framework.

OSCAL and NIST IR 8477 let an author claim completeness; readers then take an unmapped element as
"no relationship". The claim must be true: each target element is named by a row, or sits under or
over one that is. List the rest, or drop the flag.
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.findings import ERROR, Finding
from crosswalk.workspace import Workspace, WorkspaceError

ID = "comprehensive"
LEVEL = ERROR
SHOWN = 10
"""Missing elements named in the message (and as related locations); the rest are counted."""


def check(workspace: Workspace) -> Iterator[Finding]:
    for mapping in workspace.mappings:
        if not mapping.comprehensive:
            continue
        try:
            target = workspace.framework(mapping.target)
        except WorkspaceError:
            continue
        if target is None:
            continue
        named = {ident for row in mapping.rows for ident in row.targets}
        reached = set(named)
        for ident in named:
            if ident in target.elements:
                reached.update(target.ancestors(ident))
                reached.update(target.leaves_under(ident))
        missing = [ident for ident in target.elements if ident not in reached and target.is_leaf(ident)]
        if missing:
            shown = ", ".join(missing[:SHOWN]) + (f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else "")
            # The elements named are related locations in the target's file: a check of that file
            # shows what adding them broke (see crosswalk.affected).
            defined = workspace.document(target.path)
            related = tuple(defined.place(("elements", target.elements[ident].index, "id")) for ident in missing[:SHOWN])
            yield Finding(workspace.document(mapping.path).place(("comprehensive",)), ID, LEVEL,
                          f"marked comprehensive but {len(missing)} leaf element(s) of {target.ref} are in no row: "
                          f"{shown}; add rows (no_relationship where apt) or remove 'comprehensive'", related)
