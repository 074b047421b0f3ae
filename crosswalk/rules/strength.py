"""A row's strength (0-10) agrees with its relationship, following the OLIR rubric.

equal is 10 and no_relationship is 0 by definition; subset_of, superset_of and intersects_with lie
between 1 and 9 (7-9 very similar, 4-6 balanced, 1-3 mostly dissimilar), so an ``intersects_with``
of strength 10 is a contradiction in terms. A set-theory row of our own judgement without a
strength gets a warning (coverage evidence then cannot say how much to trust it); rows transcribed
from an official document that gives no strength are left without one rather than invented.
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.findings import ERROR, WARNING, Finding
from crosswalk.vocabulary import EQUAL, INTERSECTS_WITH, NO_RELATIONSHIP, SUBSET_OF, SUPERSET_OF
from crosswalk.workspace import Workspace

ID = "strength"
LEVEL = ERROR

RANGES = {
    EQUAL: (10, 10),
    NO_RELATIONSHIP: (0, 0),
    SUBSET_OF: (1, 9),
    SUPERSET_OF: (1, 9),
    INTERSECTS_WITH: (1, 9),
}


def check(workspace: Workspace) -> Iterator[Finding]:
    for mapping in workspace.mappings:
        document = workspace.document(mapping.path)
        for row in mapping.rows:
            bounds = RANGES.get(row.relationship)
            if bounds is None:
                continue
            if row.strength is None:
                if mapping.style == "strm" and row.judgement != "official":
                    yield Finding(document.place(("rows", row.index)), ID, WARNING,
                                  f"this {row.relationship} row has no strength: add 'strength: {bounds[1]}' "
                                  "or the value the OLIR rubric gives")
                continue
            low, high = bounds
            if not low <= row.strength <= high:
                expected = str(low) if low == high else f"{low}-{high}"
                yield Finding(document.place(("rows", row.index, "strength")), ID, LEVEL,
                              f"strength {row.strength} does not fit {row.relationship!r} (OLIR rubric: {expected}); "
                              "fix the strength or the relationship")
