"""Relations between the elements of two frameworks, direct or inferred through pivot frameworks.

Why paths, not just answers: an auditor must see *why* the tool claims AI Verify 7.2 covers part of
MEASURE 2.11. Every result keeps the chain of declared rows (and hierarchy steps) it was composed
from, the composed relation set, and the weakest declared strength on the way. Different paths to
the same pair are intersected (each path is a sound over-approximation); an empty intersection is
a contradiction and is reported, never hidden.

A path alternates: optional hierarchy moves inside one framework (up to ancestors or down to
descendants, never both, so siblings are not confused with each other), then one mapping row to
another framework. Paths whose composed relation is "anything" are kept as *associations*: the
rows connect the elements, but no set relation follows from them (e.g. a concept crosswalk's
"related" composed with a hierarchy step).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

import networkx as nx

from crosswalk import algebra as alg
from crosswalk.graph import Link, LinkIndex, Node, flip, index
from crosswalk.moves import Run, mapped_exits


MOVES_SHOWN = 8
"""A run of more hierarchy moves than this is described as one step ("descendant of (N levels)"):
real frameworks are a few levels deep, and listing 99,999 moves of a generated chain helps no one."""

Segment = tuple["Run | None", Link]
"""Hierarchy moves from the element a walk has reached (None: none), then one mapping row."""


@dataclass(frozen=True, slots=True)
class Path:
    """Links from a source element to a target element, and what they imply together.

    The walk runs from the target; ``segments`` keep its steps in that direction, each a run of
    hierarchy moves (stored as its two ends, see :mod:`crosswalk.moves`) and a mapping row. The
    links themselves (``walked`` from the target, ``links`` from the source) are read back each time
    someone looks, never kept: most paths are only counted, a run may be 100,000 moves long, and a
    large comparison holds hundreds of thousands of paths (hence slots, not a dictionary each).
    """

    segments: tuple[Segment, ...]
    relation: int
    length: int = field(init=False, compare=False)
    """``len(self.walked)``, without reading the links back."""
    weakest: int | None = field(init=False, compare=False)
    """The weakest declared strength of the path's rows (None: no row gives one)."""

    def __post_init__(self) -> None:
        length, strengths = 0, []
        for run, link in self.segments:
            length += 1 if run is None else 1 + run.length
            if link.strength is not None:
                strengths.append(link.strength)
        object.__setattr__(self, "length", length)
        object.__setattr__(self, "weakest", min(strengths) if strengths else None)

    @property
    def walked(self) -> tuple[Link, ...]:
        return tuple(self._walk())

    def _walk(self) -> Iterator[Link]:
        for run, link in self.segments:
            if run is not None:
                yield from run.links()
            yield link

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(flip(link) for link in reversed(self.walked))

    @property
    def source(self) -> Node:
        return self.segments[-1][1].end

    @property
    def target(self) -> Node:
        run, link = self.segments[0]
        return run.start if run is not None else link.start

    @property
    def mapping_links(self) -> tuple[Link, ...]:
        return tuple(flip(link) for _, link in reversed(self.segments))

    @property
    def rows(self) -> tuple[tuple[str, int], ...]:
        """(mapping id, row index) of each declared row on the path, from the source side."""
        return tuple((link.mapping, link.row) for _, link in reversed(self.segments))

    @property
    def hops(self) -> int:
        return len(self.segments)

    @property
    def pivots(self) -> tuple[str, ...]:
        """Frameworks passed between the source and the target, in order from the source."""
        return tuple(dict.fromkeys(link.start[0] for _, link in reversed(self.segments[1:])))

    @property
    def kind(self) -> str:
        """direct (one row), hierarchy (one row plus hierarchy steps) or inferred (through pivots)."""
        if self.hops > 1:
            return "inferred"
        return "direct" if self.length == 1 else "hierarchy"

    def describe(self) -> str:
        parts = [_node(self.source)]
        for run, link in reversed(self.segments):
            back = flip(link)
            parts.append(f"--{back.relationship} ({back.mapping} row {back.row + 1})--> {_node(back.end)}")
            if run is not None:
                parts.extend(_moves(run.backwards()))
        return " ".join(parts)


def _moves(run: Run) -> list[str]:
    if run.length > MOVES_SHOWN:
        return [f"--{'descendant' if run.up else 'ancestor'} of ({run.length:,} levels)--> {_node(run.end)}"]
    return [f"--{'child of' if link.kind == 'parent' else 'parent of'}--> {_node(link.end)}" for link in run.links()]


def _node(node: Node) -> str:
    return f"{node[0]}:{node[1]}"


@dataclass(slots=True)
class Relation:
    """Everything known about one (source element, target element) pair."""

    source: Node
    target: Node
    relation: int = alg.ALL
    paths: list[Path] = field(default_factory=list)

    @property
    def contradiction(self) -> bool:
        return self.relation == alg.NONE

    @property
    def telling(self) -> list[Path]:
        """The paths that justify the relation: for a set relation, those that imply one themselves.

        Why: an association path ("anything") intersected with a set-relation path leaves the set
        relation unchanged, so it cannot be what supports it; counting it would make the kind, the
        weakest strength and the path shown depend on whether associations are listed."""
        if self.relation == alg.ALL:
            return self.paths
        informative = [p for p in self.paths if p.relation != alg.ALL]
        return informative or self.paths

    @property
    def weakest(self) -> int | None:
        values = [p.weakest for p in self.telling if p.weakest is not None]
        return max(values) if values else None  # the best-supported path's weakest link

    @property
    def kind(self) -> str:
        kinds = {p.kind for p in self.telling}
        for kind in ("direct", "hierarchy", "inferred"):
            if kind in kinds:
                return kind
        return "inferred"


@dataclass(frozen=True)
class Scope:
    """Which frameworks a path may pass through, and how many mapping rows it may use."""

    source: str
    target: str
    pivots: frozenset[str] | None = None  # None: any framework
    max_hops: int = 3
    associations: bool = True  # False: keep only paths that imply a set relation (much cheaper at scale)

    def may_pivot(self, framework: str) -> bool:
        if framework in (self.source, self.target):
            return False
        return self.pivots is None or framework in self.pivots


LastSteps = tuple[tuple[tuple[int, int], tuple[Segment, ...]], ...]


def _last_steps(links: LinkIndex, node: Node, source: str, own_rows_only: bool) -> LastSteps:
    """A walk's possible last steps from ``node`` into the source framework, grouped by
    (relation node ? exit, relation of the row).

    Why grouped: every path of a group composes to the same relation, so a walk arriving with a
    given relation composes once per group, not once per path; on a hub element with hundreds of
    descendants that is the difference between a useful walk and a wasted one. Remembered per index.
    """
    key = (node, source, own_rows_only)
    found = links.last_steps.get(key)
    if found is None:
        groups: dict[tuple[int, int], list[Segment]] = {}
        options = ((node, alg.EQ, None),) if own_rows_only else mapped_exits(links, node)
        for exit_node, exit_relation, run in options:
            for link in links.mappings_to(exit_node).get(source, ()):
                groups.setdefault((exit_relation, link.relation), []).append((run, link))
        found = links.last_steps[key] = tuple((group, tuple(ends)) for group, ends in groups.items())
    return found


def _endings(links: LinkIndex, node: Node, relation: int, pivoted: bool, scope: Scope
             ) -> tuple[tuple[int, tuple[Segment, ...]], ...]:
    """The last-step groups that end a path at ``node`` reached with ``relation``, each with the
    relation source ? target it gives. Remembered: thousands of walks reach the same hub element
    with the same relation, and most of them find nothing there."""
    key = (node, relation, pivoted, scope.source, scope.associations)
    found = links.endings.get(key)
    if found is None:
        out = []
        for (exit_relation, link_relation), ends in _last_steps(links, node, scope.source, relation == alg.ALL):
            if link_relation == alg.DR and pivoted:
                continue  # "unrelated to something related" says nothing worth a path
            composed = alg.compose(alg.compose(relation, exit_relation), link_relation)
            if composed == alg.ALL and not scope.associations:
                continue  # one composition rules out every path of the group
            out.append((alg.converse(composed), ends))
        found = links.endings[key] = tuple(out)
    return found


def paths_to(graph: nx.MultiDiGraph, target: Node, scope: Scope) -> list[Path]:
    """Every path from an element of the source framework to ``target`` (converse orientation inside)."""
    found: list[Path] = []
    links = index(graph)
    # state: node reached, relation target ? node, segments walked from target, rows used, frameworks passed
    stack: list[tuple[Node, int, tuple[Segment, ...], int, frozenset[str]]] = [
        (target, alg.EQ, (), 0, frozenset((target[0],)))
    ]
    while stack:
        node, relation, walked, hops, frameworks = stack.pop()
        # Once nothing is known any more ("anything"), hierarchy moves cannot bring knowledge back and
        # only multiply associations: follow the node's own rows only (both branches below).
        if hops + 1 >= scope.max_hops:  # the last step: only rows into the source framework end a path
            for reversed_relation, ends in _endings(links, node, relation, hops > 0, scope):
                for end in ends:
                    found.append(Path(walked + (end,), reversed_relation))
            continue
        options = mapped_exits(links, node, hops > 0) if relation != alg.ALL else ((node, alg.EQ, None),)
        for exit_node, exit_relation, run in options:
            via_exit = alg.compose(relation, exit_relation)
            candidates = [link for framework, group in links.mappings_to(exit_node).items()
                          if framework == scope.source or (framework not in frameworks and scope.may_pivot(framework))
                          for link in group]
            for link in candidates:
                framework = link.end[0]
                composed = alg.compose(via_exit, link.relation)
                if link.relation == alg.DR and hops > 0:
                    continue  # "unrelated to something related" says nothing worth a path
                if composed == alg.ALL and not scope.associations:
                    continue  # nothing more can be learnt along this path
                if framework == scope.source:
                    found.append(Path(walked + ((run, link),), alg.converse(composed)))
                elif hops + 1 < scope.max_hops and scope.may_pivot(framework) and link.relation != alg.DR:
                    if hops + 2 >= scope.max_hops:  # the next step is the last: end here, without a push
                        endings = _endings(links, link.end, composed, True, scope)
                        if endings:
                            steps = walked + ((run, link),)
                            for reversed_relation, ends in endings:
                                for end in ends:
                                    found.append(Path(steps + (end,), reversed_relation))
                        continue
                    stack.append((link.end, composed, walked + ((run, link),), hops + 1, frameworks | {framework}))
    return found


def relations_to(graph: nx.MultiDiGraph, target: Node, scope: Scope) -> dict[Node, Relation]:
    """Combined relation of every reachable source element to ``target``, paths intersected.

    With ``scope.associations`` off, :func:`crosswalk.sweep.relations_into` finds the same answer for
    every target at once; coverage uses that, and this walk stays its reference in the tests."""
    return combine(target, paths_to(graph, target, scope))


def combine(target: Node, paths: Iterable[Path]) -> dict[Node, Relation]:
    """One Relation per source element: its paths' relations intersected, its paths in report order."""
    combined: dict[Node, Relation] = {}
    for path in paths:
        entry = combined.get(path.source)
        if entry is None:
            entry = combined[path.source] = Relation(path.source, target)
        entry.relation &= path.relation
        entry.paths.append(path)
    for entry in combined.values():
        sort_paths(entry.paths)
    return combined


def sort_paths(paths: list[Path]) -> None:
    """Paths that imply a set relation first (the first path is the one reports show), then the
    shortest, then the best-supported, then by rows: the order reports show evidence in.

    The link kind breaks the last tie: on a hierarchy cycle (a validate finding) one element is
    reached both up and down through the same elements, and the order must not depend on which
    algorithm found which first. The links are compared only when all else is equal, and only as far
    as they differ (:class:`_ByLinks`): reading back every move of every path would cost the square of
    a long chain's depth."""
    if len(paths) > 1:
        paths.sort(key=lambda p: (p.relation == alg.ALL, p.length, -(p.weakest or 0), _ByLinks(p)))


class _ByLinks:
    """A path ordered by its links (mapping, row, element reached, kind), as a list of them would be.

    The list is made the first time a comparison needs it (only for paths equal on everything else),
    from the runs' elements rather than from links read back."""

    __slots__ = ("path", "_key")

    def __init__(self, path: Path) -> None:
        self.path = path
        self._key: list[tuple[str, int, Node, str]] | None = None

    def key(self) -> list[tuple[str, int, Node, str]]:
        if self._key is None:
            key = []
            for run, link in self.path.segments:
                if run is not None:
                    kind = "parent" if run.up else "child"
                    key += [("", -1, node, kind) for node in run.nodes()]
                key.append((link.mapping, link.row, link.end, link.kind))
            self._key = key
        return self._key

    def __lt__(self, other: _ByLinks) -> bool:
        return self.key() < other.key()
