"""Path consistency (algebraic closure) over declared relationships, with the facts behind each conclusion.

Why: two mapping files written by different people can each be sensible and together impossible
("A equal B", "B subset of C", "A superset of C"). Closing the constraint network under composition
finds such sets, and because every derived constraint remembers which declared facts it rests on,
the conflict is reported as the rows that cannot all be true, then shrunk to a minimal set.

The network is sparse: only constraints stronger than "anything" are stored, so hierarchies and
concept ("related") links, which compose to "anything" almost at once, cost next to nothing.

Full closure fills in relations through hierarchies and high-degree hub elements, which grows
quadratically on libraries of SCF size. Above ``FULL_CLOSURE_LIMIT`` facts, :func:`find_conflicts`
therefore switches to a local check that is linear in practice: every pair declared more than once,
and every triangle that contains a declared row (hierarchy links expanded to all ancestors). That
finds the conflicts of the shapes authors actually write (two rows on one pair; A equal B, B
subset_of C, A superset_of C; A intersects B, B child of C, A no_relationship C) but not conflicts
that need a longer chain of rows; it never reports a false one, since every conflict it reports is
re-checked and minimised by full closure over its few facts.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Hashable, Iterable

from crosswalk.algebra import ALL, PP as PP_RELATION, compose, converse

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


FULL_CLOSURE_LIMIT = 20_000


class LocalIndex:
    """Adjacency of declared facts, hierarchy links expanded to all ancestors, for the local check.

    The check is anchored: :meth:`conflicts_at` looks at one declared row's pair and triangles.
    Everything it reads lies in the frameworks of the row's two ends and of the frameworks mapped
    to both, so an index built from any set of facts that contains those gives the same answer:
    that is what lets validate re-check only the rows a change can reach (see crosswalk.incremental).
    """

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.rows: list[Fact] = []
        self._adjacency: dict[Node, dict[Node, list[tuple[int, frozenset[Fact]]]]] = {}
        parents: dict[Node, list[Fact]] = {}
        for fact in facts:
            if fact.left == fact.right:
                continue
            if isinstance(fact.key, tuple) and fact.key and fact.key[0] == "parent":
                parents.setdefault(fact.left, []).append(fact)
            else:
                self.rows.append(fact)
            self._link(fact.left, fact.right, fact.relation, frozenset((fact,)))
        for child in parents:  # child PP every ancestor, supported by the chain of parent links
            chain = list(parents[child])
            current = chain[-1].right
            seen = {child, current}
            while current in parents and parents[current][0].right not in seen:
                chain.append(parents[current][0])
                current = parents[current][0].right
                seen.add(current)
                self._link(child, current, PP_RELATION, frozenset(chain))

    def _link(self, a: Node, b: Node, relation: int, support: frozenset[Fact]) -> None:
        adjacency = self._adjacency
        adjacency.setdefault(a, {}).setdefault(b, []).append((relation, support))
        adjacency.setdefault(b, {}).setdefault(a, []).append((converse(relation), support))

    def _relation(self, a: Node, b: Node) -> tuple[int, frozenset[Fact]]:
        combined, support = ALL, frozenset()
        for rel, why in self._adjacency.get(a, {}).get(b, ()):
            combined &= rel
            support |= why
        return combined, support

    def conflicts_at(self, fact: Fact) -> list[frozenset[Fact]]:
        """Conflicting supports on the fact's own pair and on every triangle that contains it."""
        if fact.left == fact.right:
            return []
        u, v = fact.left, fact.right
        r_uv, why_uv = self._relation(u, v)
        if r_uv == 0:
            return [why_uv]
        conflicts: list[frozenset[Fact]] = []
        near_u, near_v = self._adjacency.get(u, {}), self._adjacency.get(v, {})
        small, large = (near_u, near_v) if len(near_u) <= len(near_v) else (near_v, near_u)
        for w in small:
            if w in large and w != u and w != v:
                r_uw, why_uw = self._relation(u, w)
                r_wv, why_wv = self._relation(w, v)
                if compose(r_uw, r_wv) & r_uv == 0:
                    conflicts.append(why_uv | why_uw | why_wv)
        return conflicts


def local_conflicts(facts: list[Fact]) -> list[frozenset[Fact]]:
    """Conflicting supports found on pairs and triangles only (see the module docstring)."""
    index = LocalIndex(facts)
    return [support for fact in index.rows for support in index.conflicts_at(fact)]


def cores(supports: Iterable[frozenset[Fact]], limit: int = 50) -> list[tuple[int, tuple[Fact, ...]]]:
    """Minimal cores of the smallest supports, each once, at most ``limit``: (support size, core)."""
    found: list[tuple[int, tuple[Fact, ...]]] = []
    seen: set[frozenset[Hashable]] = set()
    for support in sorted(supports, key=len):
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
    facts = list(facts)
    if len(facts) <= FULL_CLOSURE_LIMIT:
        network = Network(facts)
        network.close()
        supports = network.conflicts
    else:
        supports = local_conflicts(facts)
    return [Conflict(core) for _, core in cores(supports, limit)]
