"""The review workbook's layout: one table that the writer fills and the reader checks.

Why one table: the writer and the reader must agree on every column's place, header and meaning;
kept in two places, an edit to one side would make the reader take a strength for a rationale.
The reader finds columns by their header text, and names a bad cell by the sheet, the row and the
column's header, so the table's headers are also what a reviewer sees in an error message.
"""

from __future__ import annotations

from dataclasses import dataclass

SHEET = "Review"
"""The sheet with one line per candidate pair."""
GUIDE = "How to review"
"""The first sheet: what the reviewer does, in words, and what the workbook is about."""
STATE = "_crosswalk"
"""A very hidden sheet holding what the reader needs without the library: the mapping under review
(its YAML, cell by cell), each line's ids as written, and the ids each framework has."""
FORMAT = "crosswalk-review 1"
"""Written into :data:`STATE`; a workbook of another format is refused with a message, not misread."""

ACCEPT, REJECT, LATER = "accept", "reject", "later"
DECISIONS = (ACCEPT, REJECT, LATER)

ADDED_LINES = 30
"""Blank lines below the candidates, unlocked, where a reviewer adds a pair nobody suggested."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    editable: bool = False
    wrap: bool = False


COLUMNS = (
    Column("line", "Line", 5),
    Column("source", "Source id", 9, wrap=True),
    Column("source_text", "Source element", 26, wrap=True),
    Column("target", "Target id", 9, wrap=True),
    Column("target_text", "Target element", 26, wrap=True),
    Column("score", "Score", 6),
    Column("reason", "Why suggested", 13, wrap=True),
    Column("already", "Already", 9, wrap=True),
    Column("decision", "Decision", 9, editable=True),
    Column("relationship", "Relationship", 13, editable=True),
    Column("strength", "Strength", 8, editable=True),
    Column("rationale", "Rationale", 10, editable=True),
    Column("note", "Note", 11, editable=True, wrap=True),
    Column("reviewer", "Reviewer", 9, editable=True, wrap=True),
)
"""The Review sheet's columns, left to right. Editable columns are the only unlocked cells of a
candidate line; on an added line the two id columns are unlocked too. 163 wide: one page wide on
Letter (the narrower paper) at 75 %, where 11 pt text prints at 8.25 pt."""

INDEX = {column.key: number for number, column in enumerate(COLUMNS, start=1)}
"""1-based column number of each key."""
HEADERS = {column.header: column.key for column in COLUMNS}

ID_SEPARATOR = "\n"
"""Between the ids of a row naming several elements, one per line in the cell: an id never holds a
line break (the schema refuses it), whereas ';' and ' ' occur in real ids."""
LIST_SEPARATOR = ", "
"""Between the rationales of a row giving several (``semantic, functional``)."""


def letter(key: str) -> str:
    """The column letter of ``key`` (A, B, ...); fourteen columns need one letter each."""
    return chr(ord("A") + INDEX[key] - 1)
