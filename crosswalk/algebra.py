"""The RCC5 relation algebra behind NIST IR 8477's set-theory relationships.

Why an algebra: "A equal B, B subset of C" implies "A subset of C", and "A related B, B subset of C"
implies nothing at all. Representing every link as the *set* of base relations it allows, and
composing sets with the RCC5 table, gives exactly what declared relationships logically imply,
including through hierarchies (a child is a proper part of its parent) and pivot frameworks.

A relation set is an ``int`` bit mask over the five base relations, so composition is a table
lookup and intersection is ``&``. The composition table below is the standard RCC5 one; the test
suite re-derives it by brute force over set semantics rather than trusting this copy.
"""

from __future__ import annotations

from crosswalk import vocabulary as v

EQ, PP, PPI, PO, DR = 1, 2, 4, 8, 16
"""Base relations: equal, proper part (subset of), inverse proper part (superset of), partial overlap, disjoint."""

BASE = (EQ, PP, PPI, PO, DR)
ALL = EQ | PP | PPI | PO | DR
NONE = 0
RELATED = EQ | PP | PPI | PO
COVERS = EQ | PPI
"""x COVERS y when x is equal to or a superset of y: every relation in the set has x ⊇ y."""

_BASE_NAMES = {EQ: "equal", PP: "subset_of", PPI: "superset_of", PO: "intersects_with", DR: "no_relationship"}
_SYMBOLS = {EQ: "=", PP: "⊂", PPI: "⊃", PO: "∩", DR: "∅"}

_FROM_RELATIONSHIP = {
    v.EQUAL: EQ,
    v.SUBSET_OF: PP,
    v.SUPERSET_OF: PPI,
    v.INTERSECTS_WITH: PO,
    v.NO_RELATIONSHIP: DR,
    v.RELATED: RELATED,
    # supportive relationships state no set relation: they constrain nothing
    "supports": ALL,
    "is_supported_by": ALL,
    "equivalent": EQ,
    "identical": EQ,
    "contrary": ALL,
}

_BASE_TABLE = {
    (DR, DR): ALL, (DR, PO): DR | PO | PP, (DR, PP): DR | PO | PP, (DR, PPI): DR, (DR, EQ): DR,
    (PO, DR): DR | PO | PPI, (PO, PO): ALL, (PO, PP): PO | PP, (PO, PPI): DR | PO | PPI, (PO, EQ): PO,
    (PP, DR): DR, (PP, PO): DR | PO | PP, (PP, PP): PP, (PP, PPI): ALL, (PP, EQ): PP,
    (PPI, DR): DR | PO | PPI, (PPI, PO): PO | PPI, (PPI, PP): PO | PP | PPI | EQ, (PPI, PPI): PPI, (PPI, EQ): PPI,
    (EQ, DR): DR, (EQ, PO): PO, (EQ, PP): PP, (EQ, PPI): PPI, (EQ, EQ): EQ,
}


def _bits(mask: int) -> tuple[int, ...]:
    return tuple(b for b in BASE if mask & b)


def _build_composition() -> tuple[int, ...]:
    table = [0] * 1024
    for r in range(32):
        for s in range(32):
            out = 0
            for a in _bits(r):
                for b in _bits(s):
                    out |= _BASE_TABLE[(a, b)]
            table[r * 32 + s] = out
    return tuple(table)


_COMPOSITION = _build_composition()
_CONVERSE = tuple(
    (m & (EQ | PO | DR)) | (PPI if m & PP else 0) | (PP if m & PPI else 0) for m in range(32)
)


def compose(r: int, s: int) -> int:
    """What ``x ? z`` can be, given ``x r y`` and ``y s z``."""
    return _COMPOSITION[r * 32 + s]


def converse(r: int) -> int:
    """``y ? x`` given ``x r y``: swaps subset and superset."""
    return _CONVERSE[r]


def from_relationship(name: str) -> int:
    """The relation set of a canonical relationship name (see :mod:`crosswalk.vocabulary`)."""
    return _FROM_RELATIONSHIP[name]


def names(r: int) -> tuple[str, ...]:
    return tuple(_BASE_NAMES[b] for b in _bits(r))


def describe(r: int) -> str:
    """Human words for a relation set: ``equal``, ``subset_of or equal``, ``related``, ``no set relation``.

    The set of every relation is "no set relation" (an association), never "unknown": that word is a
    coverage status, and a report that used it for both confused its readers."""
    if r == ALL:
        return "no set relation"
    if r == RELATED:
        return "related"
    if r == NONE:
        return "contradiction"
    return " or ".join(names(r))


def symbol(r: int) -> str:
    """Compact symbol for a matrix cell: ``=``, ``⊂``, ``⊃``, ``∩``, ``∅``, ``~`` (related), ``?``."""
    if r == ALL:
        return "?"
    if r == RELATED:
        return "~"
    if r == NONE:
        return "!"
    return "/".join(_SYMBOLS[b] for b in _bits(r))


def base_relation_of_sets(a: frozenset[int], b: frozenset[int]) -> int:
    """The one base relation two non-empty sets stand in; the semantics the table is tested against."""
    if a == b:
        return EQ
    if a < b:
        return PP
    if a > b:
        return PPI
    if a & b:
        return PO
    return DR
