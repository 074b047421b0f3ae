"""Every row of a set-theory relationship mapping (STRM) says why: syntactic, semantic or functional.

NIST IR 8477 requires a rationale for each STRM relationship: two elements may be equal in wording
(syntactic), in meaning (semantic) or in what they achieve (functional), and an auditor weighs them
differently.

Rows imported from a tool that records no rationale (CISO Assistant leaves it out of 69,544 of its
76,555 rows) say ``rationale: unknown``, which this rule accepts only in a mapping whose
``provenance.imported_from`` names that tool: so the import states the gap instead of inventing a
rationale, validation of imported data reports only genuine problems, and the report's Mapping rows
sheet shows "unknown" beside those rows. A hand-written mapping cannot use ``unknown``: its author
knows why two elements relate, and says so.
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.findings import ERROR, Finding
from crosswalk.workspace import Workspace

ID = "strm-rationale"
LEVEL = ERROR
UNKNOWN = "unknown"


def check(workspace: Workspace) -> Iterator[Finding]:
    for mapping in workspace.mappings:
        if mapping.style != "strm":
            continue
        document = workspace.document(mapping.path)
        imported = bool(mapping.provenance.get("imported_from"))
        for row in mapping.rows:
            if not row.rationale:
                yield Finding(document.place(("rows", row.index)), ID, LEVEL,
                              "this STRM row has no rationale: add 'rationale: semantic' (or syntactic, functional)")
            elif UNKNOWN in row.rationale and not imported:
                yield Finding(document.place(("rows", row.index, "rationale")), ID, LEVEL,
                              "'rationale: unknown' is for rows imported from a tool that records none "
                              "(provenance.imported_from names it): state the rationale (syntactic, semantic, functional)")
