"""Relationships use the NIST IR 8477 vocabulary (or an accepted alias) that fits the mapping's style.

A set-theory relationship mapping (``style: strm``) may use equal, subset_of, superset_of,
intersects_with and no_relationship; a concept crosswalk uses related (or no_relationship); a
supportive mapping uses supports, is_supported_by, equivalent, identical, contrary. Aliases from
OLIR, OSCAL 1.2 and CISO Assistant (``subset-of``, ``intersect``, ``not related to``...) are
accepted and normalised. Mixing styles in one file would make coverage rules ambiguous.
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.findings import ERROR, Finding
from crosswalk.rules.references import suggest
from crosswalk.vocabulary import CANONICAL, RELATIONSHIPS_BY_STYLE, known_spellings, normalise_relationship
from crosswalk.workspace import Workspace

ID = "relationship-vocabulary"
LEVEL = ERROR


def check(workspace: Workspace) -> Iterator[Finding]:
    for mapping in workspace.mappings:
        document = workspace.document(mapping.path)
        allowed = RELATIONSHIPS_BY_STYLE[mapping.style]
        for row in mapping.rows:
            if normalise_relationship(row.written_relationship) is None:
                place = document.place(("rows", row.index, "relationship"))
                hint = suggest(row.written_relationship.lower(), known_spellings())
                yield Finding(place, ID, LEVEL,
                              f"unknown relationship {row.written_relationship!r}{hint}; "
                              f"use one of {', '.join(CANONICAL)}")
            elif row.relationship not in allowed:
                yield Finding(document.place(("rows", row.index, "relationship")), ID, LEVEL,
                              f"relationship {row.relationship!r} does not belong in a {mapping.style!r} mapping: "
                              f"use one of {', '.join(sorted(allowed))}, or change 'style'")
