"""Every row of a set-theory relationship mapping (STRM) says why: syntactic, semantic or functional.

NIST IR 8477 requires a rationale for each STRM relationship: two elements may be equal in wording
(syntactic), in meaning (semantic) or in what they achieve (functional), and an auditor weighs them
differently.
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.findings import ERROR, Finding
from crosswalk.workspace import Workspace

ID = "strm-rationale"
LEVEL = ERROR


def check(workspace: Workspace) -> Iterator[Finding]:
    for mapping in workspace.mappings:
        if mapping.style != "strm":
            continue
        document = workspace.document(mapping.path)
        for row in mapping.rows:
            if not row.rationale:
                yield Finding(document.place(("rows", row.index)), ID, LEVEL,
                              "this STRM row has no rationale: add 'rationale: semantic' (or syntactic, functional)")
