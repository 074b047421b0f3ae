"""Declared relationships, across all mappings and hierarchies, can all be true at once.

Each one-to-one row of a set-theory mapping, and each child-parent link of a hierarchy (a child is
a proper part of its parent), is a constraint in the RCC5 algebra. Path consistency (algebraic
closure) derives what they imply together; an empty result means some rows contradict each other,
e.g. "A equal B", "B subset_of C" and "A superset_of C". The finding names a minimal set of rows
that cannot all hold, each with its place, so the author can decide which one is wrong.
Concept ("related") and many-to-many rows constrain nothing that could conflict and are skipped.
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.algebra import ALL, PP, from_relationship
from crosswalk.findings import ERROR, Finding, Place
from crosswalk.network import Fact, find_conflicts
from crosswalk.workspace import Workspace

ID = "consistency"
LEVEL = ERROR


def facts(workspace: Workspace) -> list[Fact]:
    """Every declared constraint of the workspace, keyed by (kind, path, index) for reporting."""
    out: list[Fact] = []
    for framework in workspace.frameworks.values():
        for element in framework.elements.values():
            if element.parent is not None and element.parent in framework.elements:
                out.append(Fact((framework.ref, element.id), (framework.ref, element.parent), PP,
                                ("parent", framework.path, element.index)))
    for mapping in workspace.mappings:
        ends = workspace.ends(mapping)
        if ends is None:
            continue
        source, target = ends
        for row in mapping.rows:
            if len(row.sources) != 1 or len(row.targets) != 1:
                continue
            try:
                relation = from_relationship(row.relationship)
            except KeyError:
                continue
            if relation == ALL:
                continue
            out.append(Fact((source.ref, row.sources[0]), (target.ref, row.targets[0]), relation,
                            ("row", mapping.path, row.index)))
    return out


def _describe(workspace: Workspace, fact: Fact) -> tuple[str, Place]:
    kind, path, index = fact.key  # type: ignore[misc]
    document = workspace.document(path)
    left = f"{fact.left[0]} {fact.left[1]!r}"  # type: ignore[index]
    right = f"{fact.right[0]} {fact.right[1]!r}"  # type: ignore[index]
    if kind == "parent":
        return f"{left} is a child of {right}", document.place(("elements", index, "parent"))
    row = next(r for m in workspace.mappings if m.path == path for r in m.rows if r.index == index)
    return f"{left} {row.relationship} {right}", document.place(("rows", index))


def check(workspace: Workspace) -> Iterator[Finding]:
    for conflict in find_conflicts(facts(workspace)):
        described = [_describe(workspace, fact) for fact in conflict.facts]
        rows = [d for d, f in zip(described, conflict.facts) if f.key[0] == "row"]  # type: ignore[index]
        anchor = rows[-1] if rows else described[-1]
        others = tuple(place for _, place in described if place != anchor[1])
        text = "; ".join(f"{what} ({place})" for what, place in described)
        yield Finding(anchor[1], ID, LEVEL,
                      f"these {len(described)} declarations cannot all be true: {text}; "
                      "correct or remove one of the rows", others)
