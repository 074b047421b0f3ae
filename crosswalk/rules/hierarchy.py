"""The element hierarchy of a framework is a tree: no cycles, and levels are declared ones.

A cycle makes roll-up figures infinite and the algebra's "child is a proper part of its parent"
contradictory. An element's ``level`` must be one of the framework's ``levels``, and a child sits
below its parent.
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.findings import ERROR, Finding
from crosswalk.workspace import Workspace

ID = "hierarchy"
LEVEL = ERROR
SHOWN = 12
"""Elements of a cycle named in its finding; a longer cycle (a generated file) is summarised."""


def check(workspace: Workspace) -> Iterator[Finding]:
    for framework in workspace.frameworks.values():
        document = workspace.document(framework.path)
        state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
        for start in framework.elements:
            walk = []
            current: str | None = start
            while current is not None and current in framework.elements and state.get(current) is None:
                state[current] = 1
                walk.append(current)
                current = framework.elements[current].parent
            if current is not None and state.get(current) == 1:
                cycle = walk[walk.index(current):]
                element = framework.elements[current]
                shown = cycle + [current] if len(cycle) <= SHOWN else cycle[:SHOWN] + ["...", current]
                size = f" of {len(cycle)} elements" if len(cycle) > SHOWN else ""
                yield Finding(
                    document.place(("elements", element.index, "parent")), ID, LEVEL,
                    f"the hierarchy has a cycle{size}: {' -> '.join(shown)}: an element cannot be its own ancestor",
                    tuple(document.place(("elements", framework.elements[c].index, "parent"))
                          for c in cycle[1:SHOWN]),
                )
            for ident in walk:
                state[ident] = 2
        rank = {name: position for position, name in enumerate(framework.levels)}
        for element in framework.elements.values():
            if element.level is None:
                continue
            if element.level not in rank:
                yield Finding(
                    document.place(("elements", element.index, "level")), ID, LEVEL,
                    f"level {element.level!r} is not one of this framework's levels ({', '.join(framework.levels)})",
                )
                continue
            parent = framework.elements.get(element.parent) if element.parent else None
            if parent is not None and parent.level in rank and rank[parent.level] >= rank[element.level]:
                yield Finding(
                    document.place(("elements", element.index, "level")), ID, LEVEL,
                    f"{element.id!r} ({element.level}) cannot sit under {parent.id!r} ({parent.level}): "
                    "a child's level must come after its parent's in 'levels'",
                )
