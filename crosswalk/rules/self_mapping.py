"""A mapping joins two different frameworks: one whose source and target are the same framework gets a warning.

A mapping set says how the elements of one framework relate to those of another; coverage,
inference and the consistency check all read it that way. A source equal to its target (the same
id@version, however it is written) is nearly always a copy-paste slip in ``source`` or ``target``,
and if it is meant, its rows relate elements of one framework to each other, which is what an
element's ``links`` are for (never used for coverage). Two editions of one framework
(``nist-ai-rmf@1.0`` to ``nist-ai-rmf@1.1``) are different frameworks and are not flagged.
A warning rather than an error, since the rows are not wrong in themselves.
"""

from __future__ import annotations

from typing import Iterator

from crosswalk.findings import WARNING, Finding
from crosswalk.workspace import Workspace

ID = "self-mapping"
LEVEL = WARNING


def check(workspace: Workspace) -> Iterator[Finding]:
    for mapping in workspace.mappings:
        ends = workspace.ends(mapping)  # None when an end does not resolve: the reference rule says so
        if ends is None or ends[0] is not ends[1]:
            continue
        document = workspace.document(mapping.path)
        yield Finding(document.place(("target",)), ID, LEVEL,
                      f"this mapping joins {ends[0].ref} to itself: a mapping relates two frameworks; "
                      "fix 'source' or 'target' (for relations inside one framework, use elements' 'links')",
                      (document.place(("source",)),))
