"""Relationship and status vocabularies, with the aliases other tools write.

Canonical names follow NIST IR 8477 (set-theory relationship mapping and concept crosswalks);
aliases from OLIR, OSCAL 1.2 and CISO Assistant are accepted so that imported data keeps working,
and normalised here once so that no other module ever sees an alias.
"""

from __future__ import annotations

EQUAL = "equal"
SUBSET_OF = "subset_of"
SUPERSET_OF = "superset_of"
INTERSECTS_WITH = "intersects_with"
NO_RELATIONSHIP = "no_relationship"
RELATED = "related"

SET_THEORY = (EQUAL, SUBSET_OF, SUPERSET_OF, INTERSECTS_WITH, NO_RELATIONSHIP)
SUPPORTIVE = ("supports", "is_supported_by", "equivalent", "identical", "contrary")
CANONICAL = SET_THEORY + (RELATED,) + SUPPORTIVE

RELATIONSHIPS_BY_STYLE = {
    "strm": set(SET_THEORY),
    "concept": {RELATED, NO_RELATIONSHIP},
    "supportive": set(SUPPORTIVE) | {NO_RELATIONSHIP},
}

_ALIASES = {
    # NIST IR 8477 / OLIR prose
    "equal to": EQUAL,
    "subset of": SUBSET_OF,
    "superset of": SUPERSET_OF,
    "intersects with": INTERSECTS_WITH,
    "not related to": NO_RELATIONSHIP,
    "no relationship": NO_RELATIONSHIP,
    "is supported by": "is_supported_by",
    # OSCAL 1.2
    "equal-to": EQUAL,
    "equivalent-to": EQUAL,
    "subset-of": SUBSET_OF,
    "superset-of": SUPERSET_OF,
    "intersects-with": INTERSECTS_WITH,
    "no-relationship": NO_RELATIONSHIP,
    # CISO Assistant
    "subset": SUBSET_OF,
    "superset": SUPERSET_OF,
    "intersect": INTERSECTS_WITH,
    "not_related": NO_RELATIONSHIP,
}

RATIONALES = ("syntactic", "semantic", "functional")
STATUSES = ("implemented", "partial", "planned", "not-implemented", "not-applicable")


def normalise_relationship(word: str) -> str | None:
    """Canonical name of a relationship as written in any accepted spelling, or None if unknown."""
    key = " ".join(word.strip().lower().split())
    if key in CANONICAL:
        return key
    if key in _ALIASES:
        return _ALIASES[key]
    underscored = key.replace(" ", "_").replace("-", "_")
    if underscored in CANONICAL:
        return underscored
    return _ALIASES.get(underscored)


def known_spellings() -> list[str]:
    return sorted(set(CANONICAL) | set(_ALIASES))
