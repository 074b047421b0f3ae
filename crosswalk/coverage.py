"""Coverage of a target framework by a source framework's (implemented) elements, with evidence.

The rules (documented in the README with examples):

* a target element is **covered** when an implemented source element is equal to it or a superset
  of it, directly, through the hierarchy, or composed through pivot frameworks;
* it is **partially covered** when an implemented (or partially implemented) source element
  certainly overlaps it (subset_of, intersects_with, related), unless a mapping declares its
  subsets exhaustive and every such subset is implemented, which covers it;
* it is **not covered** when the evidence says it would be addressed but the source elements are
  not implemented (or the only evidence is an explicit no_relationship);
* it is **not applicable** when the source elements that would cover it are marked not applicable;
* it is **unknown** when no row or path reaches it: absence of a row is not evidence of absence.

Without a profile every source element counts as implemented ("we did all of framework A").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import networkx as nx

from crosswalk import algebra as alg
from crosswalk.gcpause import collector_paused
from crosswalk.graph import Node
from crosswalk.inference import Relation, Scope, relations_to
from crosswalk.model import Framework, Profile, natural_key
from crosswalk.sweep import relations_into

COVERED = "covered"
PARTIAL = "partially covered"
NOT_COVERED = "not covered"
NOT_APPLICABLE = "not applicable"
UNKNOWN = "unknown"
STATUSES = (COVERED, PARTIAL, NOT_COVERED, NOT_APPLICABLE, UNKNOWN)

FULL, SOME, NONE = "full", "partial", "none"
UNREACHED = "no mapping path from the source reaches it"
"""A mapping path is what the inference follows (README, "Which paths are followed"): rows may still
touch the element through hierarchy detours that the paths deliberately leave out."""
UNREACHED_SET = "no path of mapping rows implies a set relation with it (associations are not listed)"
"""Without associations, rows may still reach an element: they only imply nothing about it."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """One source element's bearing on a target element."""

    relation: Relation
    source_status: str
    contribution: str  # full, partial or none

    @property
    def source(self) -> Node:
        return self.relation.source


@dataclass(slots=True)
class ElementCoverage:
    element: str
    status: str
    reason: str
    evidence: list[Evidence] = field(default_factory=list)
    associations: list[Relation] = field(default_factory=list)
    contradictions: list[Relation] = field(default_factory=list)


@dataclass(slots=True)
class RollUp:
    """Counts over an element's leaf descendants (the element itself if it is a leaf)."""

    element: str
    leaves: int
    counts: dict[str, int]

    def share(self, status: str) -> float:
        return self.counts.get(status, 0) / self.leaves if self.leaves else 0.0


@dataclass
class CoverageResult:
    source: Framework
    target: Framework
    scope: Scope
    profile: Profile | None
    elements: dict[str, ElementCoverage]
    rollups: dict[str, RollUp]
    source_statuses: dict[str, str]
    exhaustive: frozenset[str] = frozenset()
    """Ids of the mappings whose subsets of one target element cover it together (see :func:`assess`)."""

    def count(self, status: str) -> int:
        return sum(1 for c in self.elements.values() if c.status == status)


def source_statuses(framework: Framework, profile: Profile | None) -> dict[str, str]:
    """Implementation status of every source element; parents take theirs from their leaves.

    Without a profile everything is implemented. With one, an element with no entry of its own
    takes the combination of its leaf descendants' entries, and is "not assessed" if none has one.
    """
    if profile is None:
        return {ident: "implemented" for ident in framework.elements}
    explicit = {entry.element: entry.status for entry in profile.entries}
    # The statuses of each element's leaves, as a set (all combine reads), in one pass from the leaves up.
    below = framework.hierarchy.fold_leaves(lambda leaf: frozenset((explicit[leaf],)) if leaf in explicit else None,
                                            frozenset.union)
    return {ident: explicit[ident] if ident in explicit else combine(below[ident] or ()) for ident in framework.elements}


def combine(statuses: Iterable[str]) -> str:
    """A parent's status from the set of its leaves' answers (all implemented: implemented, ...)."""
    kinds = set(statuses)
    if not kinds:
        return "not-assessed"
    applicable = kinds - {"not-applicable"}
    if not applicable:
        return "not-applicable"
    if applicable == {"implemented"}:
        return "implemented"
    if applicable & {"implemented", "partial"}:
        return "partial"
    if applicable == {"planned"}:
        return "planned"
    return "not-implemented"


def contribution(relation: int, source_status: str) -> str:
    """How much one source element gives: full, partial or none."""
    if relation == alg.NONE or source_status not in ("implemented", "partial"):
        return NONE
    if relation & ~alg.COVERS == 0:
        return FULL if source_status == "implemented" else SOME
    if relation & alg.DR == 0:
        return SOME
    return NONE


def assess(ident: str, relations: dict[Node, Relation], statuses: Mapping[str, str],
           exhaustive: set[str], unreached: str = UNREACHED) -> ElementCoverage:
    """One target element's status and reason from the relations that reach it and the source statuses
    (also used by :mod:`crosswalk.whatif` to assess again under changed statuses)."""
    evidence: list[Evidence] = []
    associations: list[Relation] = []
    contradictions: list[Relation] = []
    for relation in relations.values():
        if relation.contradiction:
            contradictions.append(relation)
            continue
        if relation.relation == alg.ALL:
            associations.append(relation)
            continue
        status = statuses.get(relation.source[1], "not-assessed")
        evidence.append(Evidence(relation, status, contribution(relation.relation, status)))
    evidence.sort(key=lambda e: (("full", "partial", "none").index(e.contribution), natural_key(e.source[1])))
    associations.sort(key=lambda r: natural_key(r.source[1]))
    contradictions.sort(key=lambda r: natural_key(r.source[1]))
    result = ElementCoverage(ident, UNKNOWN, "", evidence, associations, contradictions)
    full = [e for e in evidence if e.contribution == FULL]
    some = [e for e in evidence if e.contribution == SOME]
    if full:
        result.status, result.reason = COVERED, f"{_names(full)} {'is' if len(full) == 1 else 'are'} equal to or broader than it"
        return result
    # An exhaustive mapping's own subset_of row must say it of this pair: a row of several sources
    # and several targets implies nothing for one pair, and rows of other mappings do not count.
    # A contradiction may hide one of the subsets, so it rules the rule out.
    subsets = [e for e in evidence if e.relation.relation == alg.PP
               and any(p.kind == "direct" and p.relation == alg.PP and p.rows[0][0] in exhaustive
                       for p in e.relation.paths)]
    if subsets and not contradictions and all(e.source_status == "implemented" for e in subsets):
        result.status, result.reason = COVERED, f"its exhaustive subsets {_names(subsets)} are all implemented"
        return result
    if some:
        overlapping = [e for e in evidence if e.relation.relation & alg.DR == 0]
        result.status = PARTIAL
        result.reason = (f"{_names(some)} overlap{'s' if len(some) == 1 else ''} it "
                         f"({len(some)} of {len(overlapping)} overlapping source elements implemented)")
        return result
    would_cover = [e for e in evidence if e.relation.relation & ~alg.COVERS == 0]
    if would_cover and all(e.source_status == "not-applicable" for e in would_cover):
        result.status, result.reason = NOT_APPLICABLE, f"{_names(would_cover)} marked not applicable"
        return result
    if evidence:
        related = [e for e in evidence if e.relation.relation & alg.DR == 0]
        if related:
            result.status = NOT_COVERED
            result.reason = f"{_names(related)} would address it but {'is' if len(related) == 1 else 'are'} not implemented"
        elif all(e.relation.relation == alg.DR for e in evidence):
            result.status, result.reason = NOT_COVERED, "declared unrelated to every mapped source element"
        else:
            result.reason = "the evidence does not establish an overlap"
        return result
    if contradictions:
        result.reason = "the mappings contradict each other here (see crosswalk validate)"
    elif associations:
        result.reason = f"only associated (no set relation implied) with {_names_rel(associations)}"
    else:
        result.reason = unreached
    return result


def _names(evidence: Iterable[Evidence]) -> str:
    names = [e.source[1] for e in evidence]
    shown = ", ".join(names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _names_rel(relations: Iterable[Relation]) -> str:
    names = [r.source[1] for r in relations]
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def rollups(target: Framework, elements: dict[str, ElementCoverage]) -> dict[str, RollUp]:
    """Each element's counts over its leaf descendants.

    Why carried up once: walking up from every leaf costs the square of the depth on a deep
    hierarchy. Most target elements of a large comparison are unknown, so only leaves with another
    status are carried, each ancestor once, and "unknown" is what is left of each element's
    (remembered) leaf count."""
    known = target.hierarchy.carry_up({ident: Counter((coverage.status,)) for ident, coverage in elements.items()
                                       if coverage.status != UNKNOWN and target.is_leaf(ident)}, _add)
    leaf_counts = target.leaf_counts
    nothing = dict.fromkeys(STATUSES, 0)
    out: dict[str, RollUp] = {}
    for ident in target.elements:
        leaves = leaf_counts[ident]
        counts = dict(nothing)
        tally = known.get(ident)
        if tally:
            counts.update(tally)
            leaves_known = sum(tally.values())
        else:
            leaves_known = 0
        counts[UNKNOWN] = leaves - leaves_known
        out[ident] = RollUp(ident, leaves, counts)
    return out


def _add(a: Counter[str], b: Counter[str]) -> Counter[str]:
    return a + b


def compute(graph: nx.MultiDiGraph, source: Framework, target: Framework, profile: Profile | None = None,
            pivots: Iterable[str] | None = None, direct: bool = False, max_hops: int = 3,
            exhaustive_mappings: Iterable[str] = (), associations: bool = True) -> CoverageResult:
    """Coverage of every element of ``target`` by ``source`` (optionally as implemented per ``profile``)."""
    scope = Scope(
        source=source.ref,
        target=target.ref,
        pivots=frozenset() if direct else (frozenset(pivots) if pivots is not None else None),
        max_hops=1 if direct else max_hops,
        associations=associations,
    )
    statuses = source_statuses(source, profile)
    exhaustive = set(exhaustive_mappings)
    elements: dict[str, ElementCoverage] = {}
    with collector_paused():  # the walks allocate many small acyclic objects; see crosswalk.gcpause
        swept = None if associations else relations_into(graph, scope)
        unreached = UNREACHED if associations else UNREACHED_SET
        ref = target.ref
        for ident in sorted(target.elements, key=lambda i: target.elements[i].index):
            node = (ref, ident)
            relations = relations_to(graph, node, scope) if swept is None else swept.get(node)
            if relations:
                elements[ident] = assess(ident, relations, statuses, exhaustive, unreached)
            else:
                elements[ident] = ElementCoverage(ident, UNKNOWN, unreached)
        rolled = rollups(target, elements)
    return CoverageResult(source, target, scope, profile, elements, rolled, statuses, frozenset(exhaustive))
