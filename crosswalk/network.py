"""Path consistency (algebraic closure) over declared relationships, with the facts behind each conclusion.

Why: two mapping files written by different people can each be sensible and together impossible
("A equal B", "B subset of C", "A superset of C"). Closing the constraint network under composition
finds such sets, and because every derived constraint remembers which declared facts it rests on,
the conflict is reported as the rows that cannot all be true, then shrunk to a minimal set.

The network is sparse: only constraints stronger than "anything" are stored, so hierarchies and
concept ("related") links, which compose to "anything" almost at once, cost next to nothing.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Hashable, Iterable

from crosswalk.algebra import ALL, compose, converse

Node = Hashable


@dataclass(frozen=True)
class Fact:
    """A declared constraint: ``left relation right``, and a key naming where it was declared."""

    left: Node
    right: Node
    relation: int
    key: Hashable


@dataclass(frozen=True)
class Conflict:
    facts: tuple[Fact, ...]
    """A minimal set of declared facts that cannot all hold."""


class Network:
    """A qualitative constraint network closed incrementally, keeping supports."""

    def __init__(self, facts: Iterable[Fact] = ()) -> None:
        self._rel: dict[tuple[Node, Node], int] = {}
        self._why: dict[tuple[Node, Node], frozenset[Fact]] = {}
        self._adj: dict[Node, set[Node]] = {}
        self._queue: deque[tuple[Node, Node]] = deque()
        self.conflicts: list[frozenset[Fact]] = []
        for fact in facts:
            self.add(fact)

    def relation(self, left: Node, right: Node) -> int:
        return self._rel.get((left, right), ALL)

    def _set(self, left: Node, right: Node, relation: int, why: frozenset[Fact]) -> None:
        old = self._rel.get((left, right), ALL)
        new = old & relation
        if new == old:
            return
        support = why | self._why.get((left, right), frozenset()) if old != ALL else why
        if new == 0:
            self.conflicts.append(support)
            return
        self._rel[(left, right)] = new
        self._rel[(right, left)] = converse(new)
        self._why[(left, right)] = self._why[(right, left)] = support
        self._adj.setdefault(left, set()).add(right)
        self._adj.setdefault(right, set()).add(left)
        self._queue.append((left, right))

    def add(self, fact: Fact) -> None:
        if fact.left == fact.right:
            return
        self._set(fact.left, fact.right, fact.relation, frozenset((fact,)))

    def close(self, max_steps: int = 5_000_000) -> None:
        """Propagate until nothing changes (or a step budget runs out on pathological input)."""
        steps = 0
        while self._queue and steps < max_steps:
            i, j = self._queue.popleft()
            r_ij = self._rel.get((i, j))
            if r_ij is None:
                continue
            why_ij = self._why[(i, j)]
            for k in tuple(self._adj.get(j, ())):
                if k == i:
                    continue
                steps += 1
                derived = compose(r_ij, self._rel[(j, k)])
                if derived != ALL:
                    self._set(i, k, derived, why_ij | self._why[(j, k)])
            for k in tuple(self._adj.get(i, ())):
                if k == j:
                    continue
                steps += 1
                derived = compose(self._rel[(k, i)], r_ij)
                if derived != ALL:
                    self._set(k, j, derived, self._why[(k, i)] | why_ij)


def is_consistent(facts: Iterable[Fact]) -> bool:
    network = Network(facts)
    network.close()
    return not network.conflicts


def minimise(facts: frozenset[Fact]) -> tuple[Fact, ...]:
    """Drop facts one at a time while the rest still conflict: a minimal (not always minimum) core."""
    core = sorted(facts, key=lambda f: repr(f.key))
    position = 0
    while position < len(core):
        trial = core[:position] + core[position + 1:]
        if not is_consistent(trial):
            core = trial
        else:
            position += 1
    return tuple(core)


def find_conflicts(facts: Iterable[Fact], limit: int = 50) -> list[Conflict]:
    """Minimal conflicting fact sets, each reported once, at most ``limit`` of them."""
    network = Network(facts)
    network.close()
    found: list[Conflict] = []
    seen: set[frozenset[Hashable]] = set()
    for support in sorted(network.conflicts, key=len):
        core = minimise(support)
        keys = frozenset(f.key for f in core)
        if keys in seen:
            continue
        seen.add(keys)
        found.append(Conflict(core))
        if len(found) >= limit:
            break
    return found
