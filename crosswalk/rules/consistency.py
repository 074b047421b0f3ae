"""Declared relationships, across all mappings and hierarchies, can all be true at once.

Each one-to-one row of a set-theory mapping, and each child-parent link of a hierarchy (a child is
a proper part of its parent), is a constraint in the RCC5 algebra. Path consistency (algebraic
closure) derives what they imply together; an empty result means some rows contradict each other,
e.g. "A equal B", "B subset_of C" and "A superset_of C". The finding names a minimal set of rows
that cannot all hold, each with its place, so the author can decide which one is wrong.
Concept ("related") and many-to-many rows constrain nothing that could conflict and are skipped.
"""

from __future__ import annotations

from typing import Hashable, Iterable, Iterator

from crosswalk import network
from crosswalk.algebra import ALL, PP, from_relationship
from crosswalk.findings import ERROR, Finding, Place
from crosswalk.model import Framework, MappingSet
from crosswalk.network import Fact, LocalIndex, Network, cores
from crosswalk.workspace import Workspace

ID = "consistency"
LEVEL = ERROR
LIMIT = 50
"""At most this many conflicts are reported: past that, the mappings need a human, not a longer list."""

Record = tuple[int, tuple[tuple[Hashable, str, tuple[str, int, int]], ...]]
"""One conflict as cached: the size of the support it was found with, and its minimal core as
(fact key, description, place) triples. Plain data, so that validate can cache it per mapping."""


def hierarchy_facts(framework: Framework) -> list[Fact]:
    return [Fact((framework.ref, element.id), (framework.ref, element.parent), PP,
                 ("parent", framework.path, element.index))
            for element in framework.elements.values()
            if element.parent is not None and element.parent in framework.elements]


def mapping_facts(workspace: Workspace, mapping: MappingSet) -> list[Fact]:
    """The set-relation constraints of a mapping's one-to-one rows ([] when an end does not resolve)."""
    ends = workspace.ends(mapping)
    if ends is None:
        return []
    return row_facts(mapping, ends[0].ref, ends[1].ref)


def row_facts(mapping: MappingSet, source_ref: str, target_ref: str) -> list[Fact]:
    """Only one-to-one rows with a set relation constrain anything that could conflict."""
    out: list[Fact] = []
    for row in mapping.rows:
        if len(row.sources) != 1 or len(row.targets) != 1:
            continue
        try:
            relation = from_relationship(row.relationship)
        except KeyError:
            continue
        if relation == ALL:
            continue
        out.append(Fact((source_ref, row.sources[0]), (target_ref, row.targets[0]), relation,
                        ("row", mapping.path, row.index)))
    return out


def facts(workspace: Workspace) -> list[Fact]:
    """Every declared constraint of the workspace, keyed by (kind, path, index) for reporting."""
    out = [fact for framework in workspace.frameworks.values() for fact in hierarchy_facts(framework)]
    for mapping in workspace.mappings:
        out.extend(mapping_facts(workspace, mapping))
    return out


def uses_full_closure(fact_count: int) -> bool:
    """Full closure below the limit (finds every conflict); the anchored local check above it."""
    return fact_count <= network.FULL_CLOSURE_LIMIT


def _describe(workspace: Workspace, fact: Fact) -> tuple[str, Place]:
    kind, path, index = fact.key  # type: ignore[misc]
    document = workspace.document(path)
    left = f"{fact.left[0]} {fact.left[1]!r}"  # type: ignore[index]
    right = f"{fact.right[0]} {fact.right[1]!r}"  # type: ignore[index]
    if kind == "parent":
        return f"{left} is a child of {right}", document.place(("elements", index, "parent"))
    row = next(r for m in workspace.mappings if m.path == path for r in m.rows if r.index == index)
    return f"{left} {row.relationship} {right}", document.place(("rows", index))


def _records(workspace: Workspace, supports: Iterable[frozenset[Fact]]) -> list[Record]:
    out: list[Record] = []
    for size, core in cores(supports, LIMIT):
        described = []
        for fact in core:
            text, place = _describe(workspace, fact)
            described.append((fact.key, text, (place.file, place.line, place.column)))
        out.append((size, tuple(described)))
    return out


def full_records(workspace: Workspace, all_facts: list[Fact]) -> list[Record]:
    """Conflicts found by closing the whole network (small libraries)."""
    closed = Network(all_facts)
    closed.close()
    return _records(workspace, closed.conflicts)


def local_records(workspace: Workspace, index: LocalIndex, mapping: MappingSet) -> list[Record]:
    """Conflicts on the pairs and triangles of one mapping's rows (large libraries)."""
    return _records(workspace, (support for fact in mapping_facts(workspace, mapping)
                                for support in index.conflicts_at(fact)))


def findings(record_lists: Iterable[list[Record]]) -> list[Finding]:
    """One finding per distinct conflict, smallest supports first, at most LIMIT."""
    merged = sorted((record for records in record_lists for record in records), key=lambda r: r[0])
    out: list[Finding] = []
    seen: set[frozenset[Hashable]] = set()
    for _, core in merged:
        keys = frozenset(key for key, _, _ in core)
        if keys in seen:
            continue
        seen.add(keys)
        described = [(text, Place(*place)) for _, text, place in core]
        rows = [d for d, (key, _, _) in zip(described, core) if key[0] == "row"]  # type: ignore[index]
        anchor = rows[-1] if rows else described[-1]
        others = tuple(place for _, place in described if place != anchor[1])
        text = "; ".join(f"{what} ({place})" for what, place in described)
        out.append(Finding(anchor[1], ID, LEVEL,
                           f"these {len(described)} declarations cannot all be true: {text}; "
                           "correct or remove one of the rows", others))
        if len(out) >= LIMIT:
            break
    return out


def check(workspace: Workspace) -> Iterator[Finding]:
    all_facts = facts(workspace)
    if uses_full_closure(len(all_facts)):
        yield from findings([full_records(workspace, all_facts)])
        return
    index = LocalIndex(all_facts)
    yield from findings(local_records(workspace, index, mapping) for mapping in workspace.mappings)
