"""Are the declared relationships satisfiable together? A complete check, near-linear in the facts.

Why: two mapping files written by different people can each be sensible and together impossible
("A equal B", "B subset of C", "A superset of C"). Every declared fact is one of the relations a
mapping row or a hierarchy link can state: ``equal`` (EQ), ``subset_of`` (PP; a child is a proper
part of its parent), ``superset_of`` (PPi), ``intersects_with`` (PO), ``no_relationship`` (DR), or
a concept crosswalk's ``related`` (the regions overlap: EQ, PP, PPi or PO). For facts of these
kinds, RCC5 with non-empty regions, the network is satisfiable exactly when none of these holds
(``⊆*`` is the order the EQ and PP facts generate):

(a) a cycle of PP facts, EQ facts allowed along it (A ⊂ B ⊂ A, or A ⊂ B with A = B);
(b) a DR fact between A and B while some C lies under both (C ⊆* A and C ⊆* B; C may be A);
(c) a DR fact between A and B while an overlap fact (PO or related) joins some C ⊆* A to D ⊆* B;
(d) a PO fact between X and Y while X ⊆* Y or Y ⊆* X.

Each is plainly a contradiction. Conversely, when none holds, a model exists: give every element X
a point of its own, p_X, and every overlap fact (X, Y) a point q_XY; let X's region hold p_Z for
every Z ⊆* X and q_ZW whenever Z ⊆* X or W ⊆* X. Then PP facts hold strictly (p_Y is not in X's
region, else (a)), EQ facts hold (EQ-joined elements have the same lower set), DR facts hold
(else (b) or (c)), overlap facts share q_XY, and PO facts are not containments (p_X is not in Y's
region, else (d)). So the check below is complete, not a heuristic: ``tests/test_network.py`` holds
it equal to brute-force set semantics on every small network, and to path consistency (the
algebraic closure this module replaced) on random larger ones.

How, near-linearly: EQ facts are merged (union-find), PP cycles are the strongly connected
components of what is left, and one pass over those components from the top down gives each the
set of *endpoints* (elements named by a DR or PO fact) above it. An element with one
parent and no fact of its own shares its parent's set, so a hierarchy costs nothing per level.
What it costs is the sum of those sets' sizes over the elements where paths join; should that
pass :data:`BUDGET`, the check stops and says so (:attr:`Outcome.unchecked`) rather than call the
library consistent. Each conflict is reported with a witness (the facts of shortest paths) shrunk
to a minimal set of facts that cannot all hold.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, NamedTuple

from crosswalk.algebra import DR, EQ, PO, PP, PPI, RELATED

Node = Hashable

BUDGET = 30_000_000
"""Most endpoint-set entries built before the check gives up (and says so). Real libraries use a
small fraction: the 200-framework synthetic library at SCF scale builds about 2 million."""

MINIMISE_LIMIT = 200
"""Witnesses larger than this are reported as found (shortest paths) rather than shrunk further:
shrinking costs one check per fact, and a witness that long is a generated chain, not a typo."""


class Fact(NamedTuple):
    """A declared constraint: ``left relation right``, and a key naming where it was declared.

    A named tuple rather than a dataclass: a large library declares hundreds of thousands."""

    left: Node
    right: Node
    relation: int
    key: Hashable


@dataclass(frozen=True)
class Conflict:
    facts: tuple[Fact, ...]
    """A minimal set of declared facts that cannot all hold."""


@dataclass
class Outcome:
    """What :func:`check` found: conflicting fact sets (each a witness), and what it could not check."""

    conflicts: list[frozenset[Fact]] = field(default_factory=list)
    unchecked: str | None = None
    entries: int = 0
    """Set entries the top-down pass built (what :data:`BUDGET` bounds)."""


class _Order:
    """The ⊆ order the EQ and PP facts generate, condensed to a DAG of components."""

    def __init__(self, facts: list[Fact]) -> None:
        self.index: dict[Node, int] = {}
        number = self.index.setdefault
        self.pp: list[tuple[int, int, Fact]] = []
        equal: list[tuple[int, int, Fact]] = []
        self.overlaps: list[tuple[int, int, Fact]] = []  # PO and related
        self.disjoint: list[tuple[int, int, Fact]] = []  # DR
        self.proper_overlaps: list[tuple[int, int, Fact]] = []  # PO only
        lists = {PP: self.pp, EQ: equal, DR: self.disjoint, PO: self.proper_overlaps, RELATED: self.overlaps}
        for fact in facts:
            left, right, relation = fact.left, fact.right, fact.relation
            if left == right:
                continue  # an element and itself: the hierarchy rule reports a self-parent
            if relation == PPI:
                left, right, relation = right, left, PP
            try:
                into = lists[relation]
            except KeyError:
                raise ValueError(f"relation {relation} is not one a row or a hierarchy link declares") from None
            into.append((number(left, len(self.index)), number(right, len(self.index)), fact))
        self.overlaps.extend(self.proper_overlaps)
        self.up: list[list[tuple[int, Fact]]] = [[] for _ in range(len(self.index))]  # n ⊆ m: PP, EQ both ways
        for left, right, fact in self.pp:
            self.up[left].append((right, fact))
        for left, right, fact in equal:
            self.up[left].append((right, fact))
            self.up[right].append((left, fact))
        self.component = self._components()

    def _components(self) -> list[int]:
        """Strongly connected components of the ⊆ graph (Tarjan, iterative), numbered so that every
        component comes after all the components above it (supersets first)."""
        count = len(self.up)
        number = [-1] * count
        low = [0] * count
        component = [-1] * count
        on_stack = [False] * count
        stack: list[int] = []
        counter = 0
        self.order: list[list[int]] = []  # members of each component, in numbering order
        for start in range(count):
            if number[start] != -1:
                continue
            work = [(start, 0)]
            number[start] = low[start] = counter
            counter += 1
            stack.append(start)
            on_stack[start] = True
            while work:
                node, position = work[-1]
                edges = self.up[node]
                if position < len(edges):
                    work[-1] = (node, position + 1)
                    nxt = edges[position][0]
                    if number[nxt] == -1:
                        number[nxt] = low[nxt] = counter
                        counter += 1
                        stack.append(nxt)
                        on_stack[nxt] = True
                        work.append((nxt, 0))
                    elif on_stack[nxt] and number[nxt] < low[node]:
                        low[node] = number[nxt]
                    continue
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == number[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack[member] = False
                        component[member] = len(self.order)
                        members.append(member)
                        if member == node:
                            break
                    self.order.append(members)
        return component

    def path(self, start: int, goal: int, allow: Callable[[int], bool]) -> list[Fact]:
        """Facts of a shortest ⊆-path from ``start`` up to ``goal`` through nodes ``allow`` accepts."""
        if start == goal:
            return []
        came: dict[int, tuple[int, Fact]] = {}
        queue = deque((start,))
        seen = {start}
        while queue:
            node = queue.popleft()
            for nxt, fact in self.up[node]:
                if nxt in seen or not allow(nxt):
                    continue
                seen.add(nxt)
                came[nxt] = (node, fact)
                if nxt == goal:
                    out = []
                    while nxt != start:
                        nxt, fact = came[nxt]
                        out.append(fact)
                    return out
                queue.append(nxt)
        raise AssertionError("no path between nodes the order says are related")  # pragma: no cover


def check(facts: Iterable[Fact], budget: int | None = None) -> Outcome:
    """Every kind of conflict the facts contain, at least one witness per violated fact."""
    order = _Order(list(facts))
    component = order.component
    outcome = Outcome()
    comps = order.order

    # (a) cycles: a component of more than one node, or a PP fact inside one component
    cyclic: set[int] = set()
    for left, right, fact in order.pp:
        k = component[left]
        if component[right] == k and k not in cyclic:
            cyclic.add(k)
            members = set(comps[k])
            outcome.conflicts.append(frozenset((fact, *order.path(right, left, allow=members.__contains__))))

    # endpoints, and the endpoint components above each component (top down)
    endpoints = {component[n] for left, right, _ in order.disjoint + order.proper_overlaps for n in (left, right)}
    disjoint_ends = {component[n] for left, right, _ in order.disjoint for n in (left, right)}
    partners: dict[int, list[tuple[int, Fact]]] = {}
    for left, right, fact in order.disjoint:
        a, b = component[left], component[right]
        partners.setdefault(a, []).append((b, fact))
        partners.setdefault(b, []).append((a, fact))

    empty: frozenset[int] = frozenset()
    above: list[frozenset[int]] = [empty] * len(comps)
    fresh: list[int] = []  # components whose set was built here rather than shared with a parent's
    spent = 0
    limit = BUDGET if budget is None else budget
    for k, members in enumerate(comps):
        parent_sets = {}
        for n in members:
            for m, _ in order.up[n]:
                p = component[m]
                if p != k:
                    parent_sets[id(above[p])] = above[p]
        own = k in endpoints
        if not own and len(parent_sets) <= 1:
            above[k] = next(iter(parent_sets.values()), empty)
            continue
        joined: set[int] = {k} if own else set()
        for each in parent_sets.values():
            joined |= each
        above[k] = frozenset(joined)
        fresh.append(k)
        spent += len(joined)
        outcome.entries = spent
        if spent > limit:
            outcome.unchecked = (
                f"the consistency check stopped after {spent:,} reachability entries (budget {limit:,}): "
                "cycles were checked, but rows declaring no_relationship or intersects_with were not "
                "checked against the elements above and below them")
            return outcome

    def reaches(goal_component: int):  # nodes whose component lies under the goal's
        return lambda n: goal_component in above[component[n]]

    seen_facts: set[Fact] = set()

    # (b) a disjoint pair with a common lower bound: look where sets are built (shared sets repeat
    # what their parent's set already showed)
    for k in fresh:
        here = above[k]
        for a in here & disjoint_ends:
            for b, fact in partners[a]:
                if b in here and fact not in seen_facts:
                    seen_facts.add(fact)
                    start = comps[k][0]
                    left, right = order.index[fact.left], order.index[fact.right]
                    outcome.conflicts.append(frozenset((
                        fact, *order.path(start, left, allow=reaches(component[left])),
                        *order.path(start, right, allow=reaches(component[right])))))

    # (c) a disjoint pair with overlapping parts below it; (d) a proper overlap that is a containment
    for x, y, overlap in order.overlaps:
        for first, second in ((x, y), (y, x)):
            below_first = above[component[first]]
            for a in below_first & disjoint_ends:
                for b, fact in partners[a]:
                    if b in above[component[second]] and fact not in seen_facts:
                        seen_facts.add(fact)
                        left, right = order.index[fact.left], order.index[fact.right]
                        if component[left] != a:
                            left, right = right, left
                        outcome.conflicts.append(frozenset((
                            fact, overlap, *order.path(first, left, allow=reaches(component[left])),
                            *order.path(second, right, allow=reaches(component[right])))))
    for x, y, fact in order.proper_overlaps:
        for low, high in ((x, y), (y, x)):
            if component[high] in above[component[low]]:
                outcome.conflicts.append(frozenset((fact, *order.path(low, high, allow=reaches(component[high])))))
                break
    return outcome


def is_consistent(facts: Iterable[Fact]) -> bool:
    outcome = check(facts)
    return not outcome.conflicts and outcome.unchecked is None


def minimise(facts: frozenset[Fact]) -> tuple[Fact, ...]:
    """Drop facts one at a time while the rest still conflict: a minimal (not always minimum) core.

    Witnesses longer than :data:`MINIMISE_LIMIT` are returned as they are (see there)."""
    core = sorted(facts, key=lambda f: repr(f.key))
    if len(core) > MINIMISE_LIMIT:
        return tuple(core)
    position = 0
    while position < len(core):
        trial = core[:position] + core[position + 1:]
        if check(trial).conflicts:
            core = trial
        else:
            position += 1
    return tuple(core)


def cores(supports: Iterable[frozenset[Fact]], limit: int = 50) -> list[tuple[int, tuple[Fact, ...]]]:
    """Minimal cores of the smallest supports, each once, at most ``limit``: (support size, core)."""
    found: list[tuple[int, tuple[Fact, ...]]] = []
    seen: set[frozenset[Hashable]] = set()
    for support in sorted(supports, key=lambda s: (len(s), sorted(repr(f.key) for f in s))):
        core = minimise(support)
        keys = frozenset(f.key for f in core)
        if keys in seen:
            continue
        seen.add(keys)
        found.append((len(support), core))
        if len(found) >= limit:
            break
    return found


def find_conflicts(facts: Iterable[Fact], limit: int = 50) -> list[Conflict]:
    """Minimal conflicting fact sets, each reported once, at most ``limit`` of them."""
    return [Conflict(core) for _, core in cores(check(facts).conflicts, limit)]
