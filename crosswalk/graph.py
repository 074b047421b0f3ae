"""The library as one networkx graph: element nodes, hierarchy edges and mapping edges with relation sets.

Why a graph: coverage, inference through pivots and the consistency check all walk the same
structure: "what is this element linked to, with which relation, declared where". Every edge is
stored in both directions (the reverse carries the converse relation), so a walk never needs to
know which way a mapping file was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import networkx as nx

from crosswalk import algebra as alg
from crosswalk.gcpause import collector_paused
from crosswalk.model import MappingRow, MappingSet
from crosswalk.workspace import Workspace

Node = tuple[str, str]
"""(framework ref, element id)."""


@dataclass(frozen=True)
class Link:
    """One directed edge: ``start relation end``, and where it was declared."""

    start: Node
    end: Node
    relation: int
    kind: str  # "mapping", "parent" (start is a child of end) or "child"
    mapping: str = ""
    row: int = -1
    file: str = ""
    strength: int | None = None
    judgement: str = "official"
    relationship: str = ""
    as_written: str = ""
    note: str = ""


_READ_BACKWARDS = {"subset_of": "superset_of", "superset_of": "subset_of",
                   "supports": "is_supported_by", "is_supported_by": "supports"}


def flip(link: Link) -> Link:
    """The same declaration read from the other end: converse relation, converse wording."""
    kind = {"parent": "child", "child": "parent"}.get(link.kind, link.kind)
    return Link(link.end, link.start, alg.converse(link.relation), kind, link.mapping, link.row, link.file,
                link.strength, link.judgement, _READ_BACKWARDS.get(link.relationship, link.relationship),
                link.as_written, link.note)


def pair_relation(relationship: str, n_sources: int, n_targets: int) -> int:
    """Relation of one source element to one target element of a row that may name several of each.

    A row ``[a, b] equal c`` says the union of a and b equals c, so a alone is a subset of (or equal
    to) c; a row naming several on both sides tells nothing about one pair. Concept rows
    (``related``) list correspondences pair by pair.
    """
    relation = alg.from_relationship(relationship)
    if (n_sources == 1 and n_targets == 1) or relation in (alg.DR, alg.RELATED, alg.ALL):
        return relation
    if relation == alg.EQ:
        if n_sources == 1:
            return alg.EQ | alg.PPI
        if n_targets == 1:
            return alg.EQ | alg.PP
        return alg.ALL
    if relation == alg.PP and n_targets == 1:
        return alg.PP
    if relation == alg.PPI and n_sources == 1:
        return alg.PPI
    return alg.ALL


def row_links(mapping: MappingSet, row: MappingRow, source_ref: str, target_ref: str) -> Iterator[Link]:
    try:
        relation = pair_relation(row.relationship, len(row.sources), len(row.targets))
    except KeyError:  # unknown vocabulary is a validate finding; it carries no meaning here
        return
    for source in row.sources:
        for target in row.targets:
            yield Link((source_ref, source), (target_ref, target), relation, "mapping", mapping.id, row.index,
                       mapping.path, row.strength, row.judgement, row.relationship, row.as_written, row.note)


def build(workspace: Workspace, rows: Callable[[MappingSet, MappingRow], bool] | None = None) -> nx.MultiDiGraph:
    """One graph of every framework element, hierarchy link and mapping row in the workspace (only the
    rows ``rows`` keeps, when given: a report restricted to official rows never sees the others)."""
    with collector_paused():  # millions of small acyclic objects: see crosswalk.gcpause
        return _build(workspace, rows)


def _build(workspace: Workspace, keep: Callable[[MappingSet, MappingRow], bool] | None = None) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for framework in workspace.frameworks.values():
        for element in framework.elements.values():
            graph.add_node((framework.ref, element.id), framework=framework.ref)
        for element in framework.elements.values():
            if element.parent is not None and element.parent in framework.elements:
                child, parent = (framework.ref, element.id), (framework.ref, element.parent)
                up = Link(child, parent, alg.PP, "parent", file=framework.path)
                graph.add_edge(child, parent, link=up)
                graph.add_edge(parent, child, link=flip(up))
    for mapping in workspace.mappings:
        ends = workspace.ends(mapping)
        if ends is None:
            continue
        source, target = ends
        for row in mapping.rows:
            if keep is not None and not keep(mapping, row):
                continue
            for link in row_links(mapping, row, source.ref, target.ref):
                if link.start not in graph or link.end not in graph:
                    continue  # an unresolved id is a validate finding, not an edge
                graph.add_edge(link.start, link.end, link=link)
                graph.add_edge(link.end, link.start, link=flip(link))
    return graph


def links_from(graph: nx.MultiDiGraph, node: Node) -> Iterator[Link]:
    for _, edges in graph.succ[node].items():
        for data in edges.values():
            yield data["link"]


@dataclass
class LinkIndex:
    """Plain-dict adjacency by link kind, built once per graph: walks touch it millions of times and
    networkx's views cost several Python calls per access."""

    by_kind: dict[str, dict[Node, tuple[Link, ...]]]
    mappings_by_framework: dict[Node, dict[str, tuple[Link, ...]]]
    """A node's mapping links grouped by the framework they lead to: a walk's last step needs only
    the links into the source framework, and skipping the rest is what keeps a hub element with
    rows from 200 frameworks cheap."""

    mappings_by_relation: dict[Node, tuple[tuple[int, tuple[Link, ...]], ...]]
    """A node's mapping links grouped by relation: a forward sweep composes once per group, and at a
    hub element most groups (rows that merely intersect) are ruled out by that one composition."""

    exits: dict[Any, Any] = field(default_factory=dict)  # memos of crosswalk.moves' hierarchy walks, by (kind, node)
    """Cleared, it forgets every hierarchy walk (benchmarks/run.py measures a first request that way)."""
    last_steps: dict[Any, Any] = field(default_factory=dict)  # memos of crosswalk.inference's walks
    endings: dict[Any, Any] = field(default_factory=dict)
    sweeps: dict[Any, Any] = field(default_factory=dict)  # memo of crosswalk.sweep

    def of(self, kind: str, node: Node) -> tuple[Link, ...]:
        return self.by_kind[kind].get(node, ())

    def mappings_to(self, node: Node) -> dict[str, tuple[Link, ...]]:
        return self.mappings_by_framework.get(node, {})

    def rows_by_relation(self, node: Node) -> tuple[tuple[int, tuple[Link, ...]], ...]:
        return self.mappings_by_relation.get(node, ())


def index(graph: nx.MultiDiGraph) -> LinkIndex:
    cached = graph.graph.get("crosswalk_index")
    if cached is None:
        with collector_paused():
            cached = graph.graph["crosswalk_index"] = _index(graph)
    return cached


def _index(graph: nx.MultiDiGraph) -> LinkIndex:
    grouped: dict[str, dict[Node, list[Link]]] = {"mapping": {}, "parent": {}, "child": {}}
    for _, _, data in graph.edges(data=True):
        link: Link = data["link"]
        grouped[link.kind].setdefault(link.start, []).append(link)
    by_framework: dict[Node, dict[str, list[Link]]] = {}
    by_relation: dict[Node, dict[int, list[Link]]] = {}
    for node, links in grouped["mapping"].items():
        frameworks = by_framework[node] = {}
        relations = by_relation[node] = {}
        for link in links:
            frameworks.setdefault(link.end[0], []).append(link)
            relations.setdefault(link.relation, []).append(link)
    return LinkIndex(
        {kind: {node: tuple(links) for node, links in nodes.items()} for kind, nodes in grouped.items()},
        {node: {fw: tuple(links) for fw, links in groups.items()} for node, groups in by_framework.items()},
        {node: tuple((relation, tuple(links)) for relation, links in groups.items())
         for node, groups in by_relation.items()},
    )


def attributes(graph: nx.MultiDiGraph, node: Node) -> dict[str, Any]:
    return graph.nodes[node]
