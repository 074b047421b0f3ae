"""The same source-target pair appears once per mapping; declared twice with different relationships is a contradiction.

Two rows for one pair either repeat each other (a warning: remove one) or disagree (an error: the
same pair cannot be both equal and subset_of). Rows are compared on the sets of element ids they
name, so ``[a, b] -> c`` and ``[b, a] -> c`` are the same pair.
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.findings import ERROR, WARNING, Finding
from crosswalk.model import MappingRow
from crosswalk.workspace import Workspace

ID = "duplicate-row"
LEVEL = ERROR


def check(workspace: Workspace) -> Iterator[Finding]:
    for mapping in workspace.mappings:
        document = workspace.document(mapping.path)
        first: dict[tuple[frozenset[str], frozenset[str]], MappingRow] = {}
        for row in mapping.rows:  # only rows that passed the schema: row.index is the row's place in the file
            key = (frozenset(row.sources), frozenset(row.targets))
            earlier = first.setdefault(key, row)
            if earlier is row:
                continue
            pair = f"{'+'.join(sorted(key[0]))} -> {'+'.join(sorted(key[1]))}"
            related = (document.place(("rows", earlier.index)),)
            if earlier.relationship == row.relationship:
                yield Finding(document.place(("rows", row.index)), ID, WARNING,
                              f"row repeats row {earlier.index + 1} ({pair}, {row.relationship}): remove one", related)
            else:
                yield Finding(document.place(("rows", row.index, "relationship")), ID, ERROR,
                              f"{pair} is declared {row.relationship} here but {earlier.relationship} in row "
                              f"{earlier.index + 1}: a pair has one relationship; keep the right one", related)
