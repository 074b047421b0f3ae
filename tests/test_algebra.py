"""The RCC5 algebra, proved against set semantics rather than against a hand-typed table."""

from itertools import combinations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from crosswalk import algebra as a
from crosswalk.vocabulary import SET_THEORY

UNIVERSE = range(4)
SETS = [frozenset(c) for n in range(1, 5) for c in combinations(UNIVERSE, n)]


def brute_force_table() -> dict[tuple[int, int], int]:
    observed: dict[tuple[int, int], int] = {}
    for x, y, z in product(SETS, repeat=3):
        key = (a.base_relation_of_sets(x, y), a.base_relation_of_sets(y, z))
        observed[key] = observed.get(key, 0) | a.base_relation_of_sets(x, z)
    return observed


def test_composition_of_base_relations_matches_set_semantics_exhaustively():
    observed = brute_force_table()
    assert len(observed) == 25
    for (r, s), expected in observed.items():
        assert a.compose(r, s) == expected, (a.describe(r), a.describe(s))


def test_composition_of_sets_is_union_over_members():
    observed = brute_force_table()
    for r in range(32):
        for s in range(32):
            expected = 0
            for rb in a.BASE:
                for sb in a.BASE:
                    if r & rb and s & sb:
                        expected |= observed[(rb, sb)]
            assert a.compose(r, s) == expected


def test_converse_matches_set_semantics():
    for x, y in product(SETS, repeat=2):
        assert a.converse(a.base_relation_of_sets(x, y)) == a.base_relation_of_sets(y, x)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.frozensets(st.integers(0, 6), min_size=1), min_size=3, max_size=3))
def test_composed_relation_contains_the_actual_relation(sets):
    x, y, z = sets
    composed = a.compose(a.base_relation_of_sets(x, y), a.base_relation_of_sets(y, z))
    assert composed & a.base_relation_of_sets(x, z)


def test_composition_is_associative_and_anything_absorbs():
    """What crosswalk.sweep relies on: a path's relation is the same composed from either end, and a
    path that says nothing part-way says nothing whole (so pruning it early loses no answer)."""
    relation_sets = range(1, 32)
    for r, s, t in product(relation_sets, repeat=3):
        assert a.compose(a.compose(r, s), t) == a.compose(r, a.compose(s, t)), (r, s, t)
    for r in relation_sets:
        assert a.compose(a.ALL, r) == a.ALL and a.compose(r, a.ALL) == a.ALL


@settings(deadline=None)
@given(st.integers(0, 31), st.integers(0, 31))
def test_converse_of_composition_reverses_order(r, s):
    assert a.converse(a.compose(r, s)) == a.compose(a.converse(s), a.converse(r))


def test_vocabulary_maps_onto_base_relations():
    assert [a.from_relationship(n) for n in SET_THEORY] == [a.EQ, a.PP, a.PPI, a.PO, a.DR]
    assert a.from_relationship("related") == a.EQ | a.PP | a.PPI | a.PO


def test_related_through_a_pivot_implies_nothing_but_equal_chains_do():
    related = a.from_relationship("related")
    assert a.compose(a.PP, related) == a.ALL
    assert a.compose(a.EQ, a.PP) == a.PP
    assert a.compose(a.PPI, a.PPI) == a.PPI
    assert a.compose(a.EQ, a.compose(a.PP, a.PPI)) == a.ALL  # siblings under one parent may be anything
    assert a.describe(a.PP | a.EQ) == "equal or subset_of"
