"""Coverage re-assessed as if some source elements were implemented: what acting on them would change.

Why recompute instead of reading the evidence: "to close the gap, implement X" is a claim an auditor
will act on. It is only true if implementing X changes a status, and whether it does depends on the
relation (a concept crosswalk's "related" gives partial coverage at best), on the other evidence
(the element may already be partially covered), on exhaustive subsets (all of them must be
implemented) and on the hierarchy (a parent's status combines its leaves'). The engine's own rule,
:func:`crosswalk.coverage.assess`, is applied again to the changed statuses; nothing here restates it.

Only the target elements whose evidence names a changed source element are assessed again, each
from the relations the first assessment found, so a what-if costs the size of what it touches.
"""

from __future__ import annotations

from collections import ChainMap, Counter
from dataclasses import dataclass
from typing import Iterable

from crosswalk.coverage import (COVERED, NOT_APPLICABLE, NOT_COVERED, PARTIAL, UNKNOWN, UNREACHED, UNREACHED_SET,
                                CoverageResult, assess, combine)
from crosswalk.inference import Relation

IMPLEMENTED = "implemented"
NOT_APPLICABLE_ANSWER = "not-applicable"
ACT_ON = ("not-implemented", "planned", "partial", "not-assessed")
"""Source statuses an organisation can act on; "not-applicable" never is an action."""

RANK = {UNKNOWN: 0, NOT_COVERED: 0, NOT_APPLICABLE: 0, PARTIAL: 1, COVERED: 2}
"""How far a status goes towards coverage: a change is an improvement when the rank rises."""


@dataclass(frozen=True)
class Change:
    """One target element whose status a what-if changes."""

    element: str
    before: str
    after: str

    @property
    def improves(self) -> bool:
        return RANK[self.after] > RANK[self.before]


class WhatIf:
    """Re-assessments of one :class:`~crosswalk.coverage.CoverageResult` under changed source statuses."""

    def __init__(self, result: CoverageResult) -> None:
        self.result = result
        source = result.source
        self._explicit = {entry.element: entry.status for entry in result.profile.entries} if result.profile else None
        # Each element's count of explicit leaf answers by status: a changed leaf updates its ancestors' counts.
        if self._explicit is not None:
            explicit = self._explicit
            self._below = source.hierarchy.fold_leaves(
                lambda leaf: Counter((explicit[leaf],)) if leaf in explicit else None, _add)
        else:
            self._below = {}
        self._relations: dict[str, dict[tuple[str, str], Relation]] = {}
        self._bearing: dict[str, list[str]] = {}  # source element -> target elements whose evidence names it
        for ident, coverage in result.elements.items():
            relations: dict[tuple[str, str], Relation] = {}
            for evidence in coverage.evidence:
                relations[evidence.source] = evidence.relation
                self._bearing.setdefault(evidence.source[1], []).append(ident)
            for relation in (*coverage.associations, *coverage.contradictions):
                relations[relation.source] = relation
            if relations:
                self._relations[ident] = relations
        self._unreached = UNREACHED if result.scope.associations else UNREACHED_SET

    def source_statuses_if(self, implemented: Iterable[str]) -> dict[str, str]:
        """The source statuses that change when ``implemented`` are implemented (only those).

        A leaf, or an element the profile answers itself, changes alone and its ancestors recombine;
        a parent without an answer of its own takes its status from its leaves, so implementing it
        means implementing each of its leaves that is not implemented or not applicable."""
        base = self.result.source_statuses
        source = self.result.source
        if self._explicit is None:
            return {}  # without a profile everything is implemented already
        leaves: set[str] = set()
        changed: dict[str, str] = {}
        for ident in implemented:
            if ident not in source.elements:
                continue
            if ident in self._explicit or source.is_leaf(ident):
                if base.get(ident) != IMPLEMENTED:
                    changed[ident] = IMPLEMENTED
                if source.is_leaf(ident):
                    leaves.add(ident)
            else:
                changed[ident] = IMPLEMENTED
                leaves.update(leaf for leaf in source.leaves_under(ident)
                              if base.get(leaf) not in (IMPLEMENTED, NOT_APPLICABLE_ANSWER))
        for leaf in leaves:
            if base.get(leaf) != IMPLEMENTED and self._explicit.get(leaf) != NOT_APPLICABLE_ANSWER:
                changed[leaf] = IMPLEMENTED
        # Recombine the ancestors of changed leaves that have no answer of their own.
        moved: dict[str, Counter[str]] = {}
        for leaf in leaves:
            old = self._explicit.get(leaf)
            if old in (IMPLEMENTED, NOT_APPLICABLE_ANSWER):
                continue
            for ancestor in source.ancestors(leaf):
                delta = moved.setdefault(ancestor, Counter())
                if old is not None:
                    delta[old] -= 1
                delta[IMPLEMENTED] += 1
        for ancestor, delta in moved.items():
            if ancestor in self._explicit or ancestor in changed:
                continue
            counts = Counter(self._below.get(ancestor) or {})
            counts.update(delta)
            status = combine(kind for kind, n in counts.items() if n > 0)
            if status != base.get(ancestor):
                changed[ancestor] = status
        return changed

    def reassess(self, changed: dict[str, str]) -> list[Change]:
        """Target elements whose status differs under the changed source statuses, in target order."""
        if not changed:
            return []
        touched: set[str] = set()
        for ident in changed:
            touched.update(self._bearing.get(ident, ()))
        statuses = ChainMap(changed, self.result.source_statuses)
        exhaustive = set(self.result.exhaustive)
        index = self.result.target.elements
        out = []
        for ident in sorted(touched, key=lambda i: index[i].index):
            before = self.result.elements[ident].status
            after = assess(ident, self._relations[ident], statuses, exhaustive, self._unreached).status
            if after != before:
                out.append(Change(ident, before, after))
        return out

    def implementing(self, elements: Iterable[str]) -> list[Change]:
        """What changes when ``elements`` are implemented."""
        return self.reassess(self.source_statuses_if(elements))

    def ceiling(self) -> list[Change]:
        """What changes when every source element that is not marked not applicable is implemented:
        when this changes nothing, no action of the organisation can; only the mappings can."""
        statuses = self.result.source_statuses
        return self.implementing(ident for ident, status in statuses.items() if status in ACT_ON)


def _add(a: Counter[str], b: Counter[str]) -> Counter[str]:
    return a + b
