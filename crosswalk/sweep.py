"""Set relations from one source framework to every element of every other framework, in one pass.

Why a second way to find paths: :func:`crosswalk.inference.paths_to` walks from each *target*
element, so "what does AI Verify give of each of 199 frameworks?" walks 176,000 elements, and
almost every walk ends in "anything" (a row that merely intersects, composed with another, says
nothing). Walking forward from the *source* instead visits only what the source's rows reach and
stops a path as soon as its relation becomes "anything", so the work follows the answer, not the
size of the library.

Same answer, and why: the sweep finds exactly the paths the target walk keeps when associations
are off (``Scope.associations=False``), with the same relations. That holds because RCC5
composition is associative and "anything" absorbs (a path's relation does not depend on which end
it is composed from, and a path that is "anything" part-way is "anything" whole; both are tested
exhaustively in ``tests/test_algebra.py``), and because the walk's structural rules read the same
from either end:

* hierarchy moves (up to ancestors or down to descendants) after each row, never before the first
  row at the source end;
* no framework is passed twice, and neither the source nor the target framework is a pivot;
* at most ``max_hops`` rows; a ``no_relationship`` row only as the single row of a direct path.

``tests/test_sweep.py`` holds the two algorithms equal, path for path, on the shipped library and on
random libraries. With associations on, the walk's rule "no hierarchy moves once nothing is known" depends on the
direction, so coverage keeps the target walk for that.
"""

from __future__ import annotations

import networkx as nx

from crosswalk import algebra as alg
from crosswalk.graph import Node, flip, index
from crosswalk.inference import Path, Relation, Scope, Segment, combine
from crosswalk.moves import exits


def sweep(graph: nx.MultiDiGraph, source: str, pivots: frozenset[str] | None, max_hops: int
          ) -> dict[str, dict[Node, list[Path]]]:
    """Every path that implies a set relation from an element of ``source`` to an element of any other
    framework, grouped by that framework and element. Remembered per graph and arguments.

    A path is built as the target walk holds it (segments from the target end): each row read from
    the source side becomes, turned round, the new first segment, with the hierarchy moves after it
    read backwards (a run turned round, not a copy of its links)."""
    links = index(graph)
    key = (source, pivots, max_hops)
    found = links.sweeps.get(key)
    if found is not None:
        return found
    out: dict[str, dict[Node, list[Path]]] = {}

    def extend(node: Node, relation: int, walked: tuple[Segment, ...], hops: int, passed: frozenset[str]) -> None:
        for row_relation, group in links.rows_by_relation(node):
            if row_relation == alg.DR and hops:
                continue  # "unrelated to something related" says nothing worth a path
            via = alg.compose(relation, row_relation)
            if via == alg.ALL:
                continue  # one composition rules out the whole group
            for link in group:
                framework = link.end[0]
                if framework == source or framework in passed:
                    continue
                pivot = (hops + 1 < max_hops and row_relation != alg.DR
                         and (pivots is None or framework in pivots))
                reached = out.setdefault(framework, {})
                back = flip(link)
                for end, exit_relation, run in exits(links, link.end):
                    composed = alg.compose(via, exit_relation)
                    if composed == alg.ALL:
                        continue
                    steps = ((None if run is None else run.backwards(), back),) + walked
                    reached.setdefault(end, []).append(Path(steps, composed))
                    if pivot:  # at most max_hops deep: this recursion is bounded by the rows, not the hierarchy
                        extend(end, composed, steps, hops + 1, passed | {framework})

    for node in links.mappings_by_framework:
        if node[0] == source:
            extend(node, alg.EQ, (), 0, frozenset())
    found = links.sweeps[key] = out
    return found


def relations_into(graph: nx.MultiDiGraph, scope: Scope) -> dict[Node, dict[Node, Relation]]:
    """For each element of ``scope.target`` that the sweep reaches, its relation to each source element.

    Equal to ``{t: inference.relations_to(graph, t, scope)}`` for ``scope.associations=False``
    (elements reached by no path are left out)."""
    reached = sweep(graph, scope.source, scope.pivots, scope.max_hops).get(scope.target, {})
    return {target: combine(target, paths) for target, paths in reached.items()}
