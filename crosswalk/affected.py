"""Which findings ``crosswalk validate PATH...`` shows: the named files' own, and those they cause elsewhere.

Why: a pre-commit hook passes only the files a commit changes. Renaming an element in a framework
breaks every unchanged mapping that names it; reporting only the framework's own findings let that
commit pass. So the findings shown for named files are:

1. every finding in a named file;
2. every finding in another file that has a related location in a named file: a reference from a
   mapping or profile to an element of a named framework that is not there (placed at the
   reference, related to the framework's ``id``), a leaf element of a named framework missing from
   a ``comprehensive`` mapping, a mapping row that names an element of a named framework which now
   has children (``non-leaf``), a contradiction one of whose declarations is in a named file (a row
   of a named mapping, a parent link of a named framework), an id a named file defines first;
3. when a named file is a framework: every reference to a framework that resolves to none, or to
   more than one (a bare id with two versions loaded), in any file. A framework whose id or version
   was edited leaves the references to its old name pointing at nothing, and which framework a
   dangling reference meant cannot be known from the files as they are now.

"Cause" is decided by what a finding is about, not by comparing with the previous version of the
files (that would need the old bytes, which a working tree does not keep): a finding of case 2 or
3 that already existed before the edit is shown too. It is still a true error of the library, about
the named file, and the exit code fails on it.

What this cannot see: a file deleted or renamed away (pre-commit passes only files that exist), and
a conflict of more than ``consistency.SHOWN`` declarations whose named-file declaration is not among
those listed. Checking the whole workspace (no PATH, as the GitHub Action does by default) sees
everything.

Cost: none beyond the check itself. A check of some files already computes every file's findings
(through the caches of :mod:`crosswalk.incremental` when they are on), because a file's findings
depend on the files it names; choosing among them is a pass over the list.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from crosswalk.findings import Finding, Place
from crosswalk.workspace import Workspace, WorkspaceError, display_path


def named_documents(documents: Iterable[str], paths: Iterable[Path]) -> list[str]:
    """The documents the given paths name: the files themselves, and every file under a named folder."""
    selected = {display_path(Path(os.path.realpath(p))) for p in paths} | {display_path(p) for p in paths}
    return [path for path in documents if _under(path, selected)]


def _under(path: str, selected: set[str]) -> bool:
    resolved = Path(os.path.realpath(path))  # Path.resolve raises on a symbolic link loop
    for item in selected:
        base = Path(os.path.realpath(item))
        if resolved == base or base in resolved.parents:
            return True
    return False


def dangling_references(workspace: Workspace) -> set[Place]:
    """The places of framework references that resolve to no framework, or to several."""
    out: set[Place] = set()

    def check(path: str, ref: str, key: tuple[str, ...]) -> None:
        try:
            found = workspace.framework(ref)
        except WorkspaceError:
            found = None
        if found is None:
            out.add(workspace.document(path).place(key))

    for mapping in workspace.mappings:
        check(mapping.path, mapping.source, ("source",))
        check(mapping.path, mapping.target, ("target",))
    for profile in workspace.profiles:
        check(profile.path, profile.framework, ("framework",))
    for report in workspace.reports:
        check(report.path, report.source, ("from",))
        check(report.path, report.target, ("to",))
        for ref in report.via:
            check(report.path, ref, ("via",))  # where the reference rule places it
    return out


def shown(findings: Iterable[Finding], named: Iterable[str], workspace: Workspace | None) -> list[Finding]:
    """The findings of the named files and those they cause elsewhere (cases 1 to 3 above).

    ``workspace`` is None when the check ran from the caches without loading everything; it only
    does so when every framework reference resolves, so case 3 then has nothing to add."""
    named = set(named)
    dangling: set[Place] = set()
    if workspace is not None and any(workspace.document(path).kind == "framework" for path in named
                                     if path in workspace.by_path):
        dangling = dangling_references(workspace)
    return [f for f in findings
            if f.file in named
            or any(place.file in named for place in f.related)
            or (f.rule == "reference" and f.place in dangling)]
