"""Conflict finding: full closure and the local check used at scale agree on the shapes authors write."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswalk import algebra as a
from crosswalk import network
from crosswalk.network import Fact, find_conflicts


def row(left, right, relation, key):
    return Fact(left, right, relation, ("row", "m.yaml", key))


def parent(child, of, key):
    return Fact(child, of, a.PP, ("parent", "f.yaml", key))


SHAPES = {
    "pair": [row("A", "B", a.EQ, 1), row("A", "B", a.PP, 2)],
    "triangle": [row("A", "B", a.EQ, 1), row("B", "C", a.PP, 2), row("A", "C", a.PPI, 3)],
    "hierarchy": [row("A", "B", a.PO, 1), parent("B", "C", 2), row("A", "C", a.DR, 3)],
    "grandparent": [row("A", "B", a.EQ, 1), parent("B", "C", 2), parent("C", "D", 3), row("A", "D", a.DR, 4)],
}
NOISE = [row("X", "Y", a.PO, 90), parent("Y", "Z", 91), row("A", "X", a.PO, 92)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("local", [False, True])
def test_each_shape_is_found_as_its_minimal_rows(shape, local, monkeypatch):
    if local:
        monkeypatch.setattr(network, "FULL_CLOSURE_LIMIT", 0)
    conflicts = find_conflicts(SHAPES[shape] + NOISE)
    assert len(conflicts) == 1
    assert {f.key for f in conflicts[0].facts} == {f.key for f in SHAPES[shape]}


def random_consistent(rng: random.Random, elements: int, rows: int) -> list[Fact]:
    sets = {n: frozenset(rng.sample(range(12), rng.randint(1, 5))) for n in range(elements)}
    facts = []
    for k in range(rows):
        x, y = rng.sample(range(elements), 2)
        facts.append(row(x, y, a.base_relation_of_sets(sets[x], sets[y]), k))
    return facts


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_relations_true_of_real_sets_never_conflict(seed):
    facts = random_consistent(random.Random(seed), 12, 30)
    assert find_conflicts(facts) == []
    assert network.local_conflicts(facts) == []


def test_an_injected_wrong_row_is_found_by_both_strategies(monkeypatch):
    facts = random_consistent(random.Random(7), 30, 120)
    a_fact = next(f for f in facts if f.relation == a.PO)
    facts.append(Fact(a_fact.left, a_fact.right, a.DR, ("row", "m.yaml", 999)))
    full = find_conflicts(facts)
    assert full and all(any(f.key[2] == 999 for f in c.facts) for c in full)
    monkeypatch.setattr(network, "FULL_CLOSURE_LIMIT", 0)
    local = find_conflicts(facts)
    assert local and {f.key for f in local[0].facts} == {a_fact.key, ("row", "m.yaml", 999)}
