"""The consistency check is complete: it agrees with set semantics itself, not only with our shapes.

The oracle for small networks is brute force over every finite model (regions as sets of "Venn
cells"); for larger ones, path consistency (tests/pc_reference.py), the algebraic closure this
check replaced. Then the cases the old check missed: conflicts that need a long chain of rows, at
library sizes where it used to give up, and hierarchies deep enough to have cost it gigabytes.
"""

from __future__ import annotations

import itertools
import random
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswalk import algebra as a
from crosswalk import network
from crosswalk.network import Fact, check, find_conflicts

from tests.pc_reference import path_consistent

DECLARABLE = (a.EQ, a.PP, a.PPI, a.PO, a.DR, a.RELATED)


def row(left, right, relation, key):
    return Fact(left, right, relation, ("row", "m.yaml", key))


def parent(child, of, key):
    return Fact(child, of, a.PP, ("parent", "f.yaml", key))


SHAPES = {
    "pair": [row("A", "B", a.EQ, 1), row("A", "B", a.PP, 2)],
    "triangle": [row("A", "B", a.EQ, 1), row("B", "C", a.PP, 2), row("A", "C", a.PPI, 3)],
    "hierarchy": [row("A", "B", a.PO, 1), parent("B", "C", 2), row("A", "C", a.DR, 3)],
    "grandparent": [row("A", "B", a.EQ, 1), parent("B", "C", 2), parent("C", "D", 3), row("A", "D", a.DR, 4)],
    "related-under-disjoint": [row("A", "B", a.RELATED, 1), parent("A", "C", 2), parent("B", "D", 3),
                               row("C", "D", a.DR, 4)],
    "overlap-is-containment": [row("A", "B", a.PO, 1), parent("A", "C", 2), row("C", "B", a.EQ, 3)],
    "common-part": [parent("X", "A", 1), row("X", "B", a.PP, 2), row("A", "B", a.DR, 3)],
    "cycle": [row("A", "B", a.PP, 1), row("B", "C", a.EQ, 2), parent("C", "A", 3)],
}
NOISE = [row("X1", "Y", a.PO, 90), parent("Y", "Z", 91), row("A", "X1", a.PO, 92)]


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_is_found_as_its_minimal_rows(shape):
    conflicts = find_conflicts(SHAPES[shape] + NOISE)
    assert len(conflicts) == 1
    assert {f.key for f in conflicts[0].facts} == {f.key for f in SHAPES[shape]}


# --- brute force: every model of up to four regions ----------------------------------------------

NODES = 4


@lru_cache(maxsize=1)
def _models() -> dict[tuple[int, int, int], int]:
    """For each ordered pair of nodes and base relation, the models (as bits of one integer) in which
    the pair stands in that relation. A model is a set of Venn cells (which nodes share a point);
    every finite model of four regions reduces to one, so this is all of them."""
    cells = range(1, 2 ** NODES)
    table: dict[tuple[int, int, int], int] = {}
    for number in range(1, 2 ** len(cells)):
        used = [cell for position, cell in enumerate(cells) if number >> position & 1]
        regions = [frozenset(c for c in used if c >> node & 1) for node in range(NODES)]
        if not all(regions):
            continue  # governance elements are never empty
        for i, j in itertools.permutations(range(NODES), 2):
            base = a.base_relation_of_sets(regions[i], regions[j])
            table[(i, j, base)] = table.get((i, j, base), 0) | 1 << number
    return table


def satisfiable(facts: list[Fact]) -> bool:
    table = _models()
    models = -1
    for fact in facts:
        if fact.left == fact.right:
            continue
        models &= sum(table.get((fact.left, fact.right, base), 0) for base in a.BASE if fact.relation & base)
    return models != 0


facts_on_four = st.lists(st.tuples(st.integers(0, NODES - 1), st.integers(0, NODES - 1), st.sampled_from(DECLARABLE)),
                         min_size=1, max_size=7)


@settings(max_examples=300, deadline=None)
@given(facts_on_four)
def test_the_check_agrees_with_set_semantics_on_every_small_network(raw):
    facts = [row(left, right, relation, k) for k, (left, right, relation) in enumerate(raw)]
    outcome = check(facts)
    assert outcome.unchecked is None
    assert (not outcome.conflicts) == satisfiable(facts)
    for support in outcome.conflicts:  # every witness is itself unsatisfiable, and so is its core
        assert not satisfiable(list(support))
        assert not satisfiable(list(network.minimise(support)))


def test_brute_force_oracle_knows_the_basic_facts():
    assert satisfiable([row(0, 1, a.PP, 1), row(1, 2, a.PP, 2), row(0, 2, a.PP, 3)])
    assert not satisfiable([row(0, 1, a.PP, 1), row(1, 2, a.PP, 2), row(0, 2, a.DR, 3)])
    assert not satisfiable([row(0, 1, a.RELATED, 1), row(0, 1, a.DR, 2)])
    assert satisfiable([row(0, 1, a.PO, 1), row(1, 2, a.PO, 2), row(0, 2, a.DR, 3)])


# --- larger random networks against path consistency --------------------------------------------

def random_network(rng: random.Random, elements: int, rows: int, wrong: int) -> list[Fact]:
    """Relations true of random sets (with a random forest as hierarchy), then ``wrong`` random rows."""
    sets = {n: frozenset(rng.sample(range(16), rng.randint(1, 6))) for n in range(elements)}
    facts = []
    for n in range(elements):  # a child is a proper part of its parent
        bigger = [m for m in range(elements) if sets[n] < sets[m]]
        if bigger and rng.random() < 0.5:
            facts.append(parent(n, rng.choice(bigger), ("p", n)))
    for k in range(rows):
        x, y = rng.sample(range(elements), 2)
        relation = a.base_relation_of_sets(sets[x], sets[y])
        if relation != a.DR and rng.random() < 0.2:
            relation = a.RELATED
        facts.append(row(x, y, relation, k))
    for k in range(wrong):
        x, y = rng.sample(range(elements), 2)
        facts.append(row(x, y, rng.choice(DECLARABLE), ("w", k)))
    return facts


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10 ** 6), st.integers(0, 3))
def test_the_check_agrees_with_path_consistency_on_larger_networks(seed, wrong):
    facts = random_network(random.Random(seed), 14, 30, wrong)
    outcome = check(facts)
    assert (not outcome.conflicts) == path_consistent(facts)
    if wrong == 0:
        assert outcome.conflicts == []
    for support in outcome.conflicts:
        core = network.minimise(support)
        assert not path_consistent(core)
        assert all(path_consistent(core[:i] + core[i + 1:]) for i in range(len(core)))  # minimal


# --- what the old check missed ---------------------------------------------------------------------

def test_a_conflict_that_only_a_long_chain_of_rows_reveals_is_found_in_a_large_library():
    """40 frameworks in a ring of equal rows, 25,000 other true facts: the chain says A0 is equal to
    A39, a last row says they are unrelated. Path consistency gave up before reaching it (issue 10,
    case 7); the check must find it, with the whole chain as its reason."""
    rng = random.Random(3)
    facts = random_network(rng, 400, 25_000, 0)
    chain = [row(("fw", i), ("fw", i + 1), a.EQ, ("chain", i)) for i in range(39)]
    wrong = row(("fw", 0), ("fw", 39), a.DR, "wrong")
    conflicts = find_conflicts(facts + chain + [wrong])
    assert len(conflicts) == 1
    assert set(conflicts[0].facts) == set(chain) | {wrong}


def test_a_deep_hierarchy_costs_linear_work_and_its_conflict_is_found():
    depth = 100_000
    facts = [parent(("f", i), ("f", i + 1), i) for i in range(depth)]
    assert check(facts).conflicts == []
    wrong = row(("f", 0), ("f", depth), a.DR, "wrong")  # the bottom unrelated to the top
    (support,) = check(facts + [wrong]).conflicts
    assert len(support) == depth + 1
    cycle = check(facts + [parent(("f", depth), ("f", 0), "back")]).conflicts
    assert len(cycle) == 1 and len(cycle[0]) == depth + 1


def test_a_check_past_its_budget_says_what_it_did_not_check():
    facts = [parent(("f", i), ("f", i + 1), i) for i in range(300)]
    facts += [row(("f", i), ("g", i), a.PO, ("po", i)) for i in range(300)]  # every level an endpoint
    assert check(facts).unchecked is None
    outcome = check(facts, budget=1000)
    assert outcome.unchecked is not None and "not" in outcome.unchecked and "1,000" in outcome.unchecked
