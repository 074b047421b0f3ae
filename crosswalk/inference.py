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
from functools import cached_property
from typing import Iterable

import networkx as nx

from crosswalk import algebra as alg
from crosswalk.graph import Link, LinkIndex, Node, flip, index


@dataclass(frozen=True)
class Path:
    """Links from a source element to a target element, and what they imply together.

    The walk runs from the target; ``walked`` keeps its links in that direction and ``links``
    reads them from the source, computed only when someone looks (most paths are only counted).
    """

    walked: tuple[Link, ...]
    relation: int

    @cached_property
    def links(self) -> tuple[Link, ...]:
        return tuple(flip(link) for link in reversed(self.walked))

    @property
    def source(self) -> Node:
        return self.walked[-1].end

    @property
    def target(self) -> Node:
        return self.walked[0].start

    @property
    def mapping_links(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.kind == "mapping")

    @property
    def rows(self) -> tuple[tuple[str, int], ...]:
        """(mapping id, row index) of each declared row on the path, read without turning links round."""
        return tuple((link.mapping, link.row) for link in reversed(self.walked) if link.kind == "mapping")

    @cached_property
    def hops(self) -> int:
        return sum(1 for link in self.walked if link.kind == "mapping")

    @cached_property
    def weakest(self) -> int | None:
        strengths = [link.strength for link in self.walked if link.kind == "mapping" and link.strength is not None]
        return min(strengths) if strengths else None

    @property
    def pivots(self) -> tuple[str, ...]:
        frameworks = [link.end[0] for link in self.mapping_links[:-1]]
        return tuple(dict.fromkeys(frameworks))

    @property
    def kind(self) -> str:
        """direct (one row), hierarchy (one row plus hierarchy steps) or inferred (through pivots)."""
        if self.hops > 1:
            return "inferred"
        return "direct" if len(self.walked) == 1 else "hierarchy"

    def describe(self) -> str:
        parts = [_node(self.links[0].start)]
        for link in self.links:
            if link.kind == "mapping":
                parts.append(f"--{link.relationship} ({link.mapping} row {link.row + 1})--> {_node(link.end)}")
            else:
                parts.append(f"--{'child of' if link.kind == 'parent' else 'parent of'}--> {_node(link.end)}")
        return " ".join(parts)


def _node(node: Node) -> str:
    return f"{node[0]}:{node[1]}"


@dataclass
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


Exit = tuple[Node, int, tuple[Link, ...]]


def exits(links: LinkIndex, node: Node) -> tuple[Exit, ...]:
    """The node itself, its ancestors and its descendants, with the relation node ? exit.

    Remembered per index: a hub element is an exit of thousands of walks, and its hierarchy does not
    change while the graph lives."""
    found = links.exits.get(node)
    if found is None:
        found = links.exits[node] = tuple(_walk_exits(links, node))
    return found


def _walk_exits(links: LinkIndex, node: Node) -> Iterable[Exit]:
    yield node, alg.EQ, ()
    for direction, relation in (("parent", alg.PP), ("child", alg.PPI)):
        frontier: list[tuple[Node, tuple[Link, ...]]] = [(node, ())]
        seen = {node}
        while frontier:
            current, walked = frontier.pop()
            for link in links.of(direction, current):
                if link.end not in seen:
                    seen.add(link.end)
                    path = walked + (link,)
                    yield link.end, relation, path
                    frontier.append((link.end, path))


LastSteps = tuple[tuple[tuple[int, int], tuple[tuple[tuple[Link, ...], Link], ...]], ...]


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
        groups: dict[tuple[int, int], list[tuple[tuple[Link, ...], Link]]] = {}
        options = ((node, alg.EQ, ()),) if own_rows_only else exits(links, node)
        for exit_node, exit_relation, hierarchy in options:
            for link in links.mappings_to(exit_node).get(source, ()):
                groups.setdefault((exit_relation, link.relation), []).append((hierarchy, link))
        found = links.last_steps[key] = tuple((group, tuple(ends)) for group, ends in groups.items())
    return found


def _endings(links: LinkIndex, node: Node, relation: int, pivoted: bool, scope: Scope
             ) -> tuple[tuple[int, tuple[tuple[tuple[Link, ...], Link], ...]], ...]:
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
    # state: node reached, relation target ? node, links walked from target (reversed orientation)
    stack: list[tuple[Node, int, tuple[Link, ...], int, frozenset[str]]] = [
        (target, alg.EQ, (), 0, frozenset((target[0],)))
    ]
    while stack:
        node, relation, walked, hops, frameworks = stack.pop()
        # Once nothing is known any more ("anything"), hierarchy moves cannot bring knowledge back and
        # only multiply associations: follow the node's own rows only (both branches below).
        if hops + 1 >= scope.max_hops:  # the last step: only rows into the source framework end a path
            for reversed_relation, ends in _endings(links, node, relation, hops > 0, scope):
                for hierarchy, link in ends:
                    found.append(Path(walked + hierarchy + (link,), reversed_relation))
            continue
        options = exits(links, node) if relation != alg.ALL else ((node, alg.EQ, ()),)
        for exit_node, exit_relation, hierarchy in options:
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
                    found.append(Path(walked + hierarchy + (link,), alg.converse(composed)))
                elif hops + 1 < scope.max_hops and scope.may_pivot(framework) and link.relation != alg.DR:
                    if hops + 2 >= scope.max_hops:  # the next step is the last: end here, without a push
                        endings = _endings(links, link.end, composed, True, scope)
                        if endings:
                            steps = walked + hierarchy + (link,)
                            for reversed_relation, ends in endings:
                                for last_hierarchy, last_link in ends:
                                    found.append(Path(steps + last_hierarchy + (last_link,), reversed_relation))
                        continue
                    stack.append((link.end, composed, walked + hierarchy + (link,), hops + 1, frameworks | {framework}))
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
    algorithm found which first."""
    paths.sort(key=lambda p: (p.relation == alg.ALL, len(p.walked), -(p.weakest or 0),
                              [(link.mapping, link.row, link.end, link.kind) for link in p.walked]))
