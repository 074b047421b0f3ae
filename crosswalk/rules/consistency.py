"""Declared relationships, across all mappings and hierarchies, can all be true at once.

Each one-to-one row of a mapping that states a set relation (a concept crosswalk's ``related``
included: the two overlap), and each child-parent link of a hierarchy (a child is a proper part of
its parent), is a constraint in the RCC5 algebra. :mod:`crosswalk.network` decides whether they can
all hold at once, completely and at any library size (its docstring gives the argument): e.g. "A
equal B", "B subset_of C" and "A superset_of C" cannot. The finding names a minimal set of rows that
cannot all hold, each with its place, so the author can decide which one is wrong. Many-to-many
rows and supportive relationships state no relation between two single elements and are skipped.
Should a library be too entangled for the check's budget, a finding says exactly what was not
checked: the check never passes what it did not look at.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional

from crosswalk import network
from crosswalk.algebra import ALL, PP, from_relationship
from crosswalk.findings import ERROR, Finding, Place
from crosswalk.model import Framework, MappingSet
from crosswalk.network import Fact, cores
from crosswalk.workspace import Workspace

ID = "consistency"
LEVEL = ERROR
LIMIT = 50
"""At most this many conflicts are reported: past that, the mappings need a human, not a longer list."""

Described = tuple[str, tuple[str, tuple]]
Record = tuple[int, Described, tuple[Described, ...]]
"""One conflict as plain data, so that validate can cache it: how many declarations its minimal
core has, the one the finding is placed at (the core's last row), and the first :data:`SHOWN` of
them, each as (description, (file, path inside the document))."""

Records = tuple[list[Record], Optional[tuple[str, str]]]
"""Every conflict of a library, and (message, file) when the check could not finish."""


Link = tuple[str, str, int]
"""A framework's child-parent link as plain data: (child id, parent id, element index)."""
Row = tuple[str, str, str, int]
"""A mapping's one-to-one set-relation row as plain data: (source id, target id, relationship, row index)."""


def framework_links(framework: Framework) -> list[Link]:
    return [(element.id, element.parent, element.index) for element in framework.elements.values()
            if element.parent is not None and element.parent in framework.elements]


def mapping_rows(mapping: MappingSet) -> list[Row]:
    """Only one-to-one rows with a set relation constrain anything that could conflict."""
    out: list[Row] = []
    for row in mapping.rows:
        if len(row.sources) != 1 or len(row.targets) != 1:
            continue
        try:
            relation = from_relationship(row.relationship)
        except KeyError:
            continue
        if relation != ALL:
            out.append((row.sources[0], row.targets[0], row.relationship, row.index))
    return out


def link_facts(ref: str, path: str, links: Iterable[Link]) -> list[Fact]:
    return [Fact((ref, child), (ref, parent), PP, ("parent", path, index)) for child, parent, index in links]


def row_facts(path: str, source_ref: str, target_ref: str, rows: Iterable[Row]) -> list[Fact]:
    return [Fact((source_ref, source), (target_ref, target), from_relationship(relationship),
                 ("row", path, index, relationship))
            for source, target, relationship, index in rows]


def facts(workspace: Workspace) -> list[Fact]:
    """Every declared constraint of the workspace, keyed by (kind, path, index[, relationship])."""
    out = [fact for framework in workspace.frameworks.values()
           for fact in link_facts(framework.ref, framework.path, framework_links(framework))]
    for mapping in workspace.mappings:
        ends = workspace.ends(mapping)
        if ends is not None:  # an end that does not resolve is the reference rule's finding
            out.extend(row_facts(mapping.path, ends[0].ref, ends[1].ref, mapping_rows(mapping)))
    return out


Locate = Callable[[str, tuple], Place]
"""Where a path inside a file is: (file, path inside the document) -> place."""


def _describe(fact: Fact) -> Described:
    kind, path, index = fact.key[:3]  # type: ignore[index]
    left = f"{fact.left[0]} {fact.left[1]!r}"  # type: ignore[index]
    right = f"{fact.right[0]} {fact.right[1]!r}"  # type: ignore[index]
    if kind == "parent":
        return f"{left} is a child of {right}", (path, ("elements", index, "parent"))
    return f"{left} {fact.key[3]} {right}", (path, ("rows", index))  # type: ignore[index]


SHOWN = 12
"""Declarations named in one finding's message; a longer core (a generated chain) is summarised,
and only what is shown is located."""


def records(all_facts: list[Fact]) -> Records:
    """The conflicts of the declared facts as plain data (see :data:`Record`), and what went unchecked.

    Places are left as paths inside files: they depend on the files' bytes, the conflicts only on the
    declarations, so validate can keep the conflicts of a library across edits that change no
    declaration (a note, a strength, a title) and locate them afresh."""
    outcome = network.check(all_facts)
    out: list[Record] = []
    for _, core in cores(outcome.conflicts, LIMIT):
        rows = [fact for fact in core if fact.key[0] == "row"]  # type: ignore[index]
        anchor = rows[-1] if rows else core[-1]
        out.append((len(core), _describe(anchor), tuple(_describe(fact) for fact in core[:SHOWN])))
    unchecked = None
    if outcome.unchecked is not None:
        first = min((f.key[1] for f in all_facts if f.key[0] == "row"), default="")  # type: ignore[index]
        unchecked = (outcome.unchecked, first)
    return out, unchecked


def findings(result: Records, locate: Locate) -> list[Finding]:
    """One finding per conflict (smallest first, at most LIMIT), and one that says what was not
    checked, if anything was not."""
    conflicts, unchecked = result
    out: list[Finding] = []
    for count, (_, (path, at)), shown in conflicts:
        anchor = locate(path, tuple(at))
        places = [locate(where, tuple(inside)) for _, (where, inside) in shown]
        text = "; ".join(f"{what} ({place})" for (what, _), place in zip(shown, places))
        if count > len(shown):
            text += f"; and {count - len(shown)} more"
        out.append(Finding(anchor, ID, LEVEL, f"these {count} declarations cannot all be true: {text}; "
                           "correct or remove one of the rows", tuple(p for p in places if p != anchor)))
    if unchecked is not None:
        message, path = unchecked
        out.append(Finding(Place(path), ID, LEVEL,
                           f"not fully checked: {message}; the library is too entangled for the check's "
                           "budget: split it, or check its parts with --no-builtin and --library"))
    return out


def check(workspace: Workspace) -> Iterator[Finding]:
    yield from findings(records(facts(workspace)), lambda path, at: workspace.document(path).place(at))
