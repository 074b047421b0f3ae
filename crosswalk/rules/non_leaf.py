"""Rows name leaf elements where the framework says mappings expect leaves (warning).

Some frameworks (``mappings_expect_leaves: true``) are assessed only at their lowest level; a row
that names a category there is usually a shortcut for "some of its subcategories" and weakens
coverage. Official crosswalks that map categories on purpose use frameworks without the flag.
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.findings import WARNING, Finding
from crosswalk.workspace import Workspace, WorkspaceError

ID = "non-leaf"
LEVEL = WARNING


def check(workspace: Workspace) -> Iterator[Finding]:
    for mapping in workspace.mappings:
        document = workspace.document(mapping.path)
        for side in ("source", "target"):
            try:
                framework = workspace.framework(getattr(mapping, side))
            except WorkspaceError:
                continue
            if framework is None or not framework.mappings_expect_leaves:
                continue
            for row in mapping.rows:
                ids = row.sources if side == "source" else row.targets
                for ident in ids:
                    if ident in framework.elements and not framework.is_leaf(ident):
                        # related: the element in its framework, so that a check of the framework's
                        # file shows the rows that giving it children affects (see crosswalk.affected)
                        element = workspace.document(framework.path).place(
                            ("elements", framework.elements[ident].index, "id"))
                        yield Finding(document.place(("rows", row.index, side)), ID, LEVEL,
                                      f"{ident!r} is not a leaf of {framework.ref}, whose mappings expect leaves: "
                                      "map its children instead, or say why in 'note'", (element,))
