"""Every framework@version and element id that a mapping, profile, report or parent names exists.

A misspelt id is the commonest mistake in hand-written mappings, and tools that drop unresolved ids
silently turn it into a wrong coverage figure. The message offers the nearest real ids.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Iterator

from crosswalk import reportpaths
from crosswalk.findings import ERROR, Finding
from crosswalk.model import Framework
from crosswalk.workspace import Document, Workspace, WorkspaceError

ID = "reference"
LEVEL = ERROR


def suggest(word: str, candidates: list[str]) -> str:
    """A ' (did you mean ...?)' suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def _framework(workspace: Workspace, document: Document, ref: str, path: tuple[str, ...]) -> tuple[Framework | None, Finding | None]:
    try:
        found = workspace.framework(ref)
    except WorkspaceError as exc:
        return None, Finding(document.place(path), ID, LEVEL, str(exc))
    if found is None:
        hint = suggest(ref, sorted(workspace.frameworks))
        return None, Finding(document.place(path), ID, LEVEL, f"framework {ref!r} is not in the library{hint}")
    return found, None


def _element(document: Document, framework: Framework, ident: str, path: tuple[object, ...]) -> Finding | None:
    if ident in framework.elements:
        return None
    hint = suggest(ident, list(framework.elements))
    return Finding(document.place(path), ID, LEVEL, f"element {ident!r} is not in {framework.ref}{hint}")


def check(workspace: Workspace) -> Iterator[Finding]:
    for framework in workspace.frameworks.values():
        document = workspace.document(framework.path)
        for element in framework.elements.values():
            if element.parent is not None and element.parent not in framework.elements:
                hint = suggest(element.parent, list(framework.elements))
                yield Finding(
                    document.place(("elements", element.index, "parent")), ID, LEVEL,
                    f"parent {element.parent!r} of {element.id!r} is not an element of {framework.ref}{hint}",
                )
        for index, raw in enumerate(document.data["elements"]):
            for link_index, link in enumerate(raw.get("links", ())):
                if link["element"] not in framework.elements:
                    problem = _element(document, framework, link["element"], ("elements", index, "links", link_index, "element"))
                    if problem:
                        yield problem
    for mapping in workspace.mappings:
        document = workspace.document(mapping.path)
        sides = []
        for side in ("source", "target"):
            framework, problem = _framework(workspace, document, getattr(mapping, side), (side,))
            if problem:
                yield problem
            sides.append(framework)
        for row in mapping.rows:
            for side, framework, ids in (("source", sides[0], row.sources), ("target", sides[1], row.targets)):
                if framework is None:
                    continue
                raw = document.data["rows"][row.index][side]
                for position, ident in enumerate(ids):
                    path = ("rows", row.index, side, position) if isinstance(raw, list) else ("rows", row.index, side)
                    problem = _element(document, framework, ident, path)
                    if problem:
                        yield problem
    for profile in workspace.profiles:
        document = workspace.document(profile.path)
        framework, problem = _framework(workspace, document, profile.framework, ("framework",))
        if problem:
            yield problem
            continue
        assert framework is not None
        for entry in profile.entries:
            problem = _element(document, framework, entry.element, ("entries", entry.index, "element"))
            if problem:
                yield problem
    for report in workspace.reports:
        document = workspace.document(report.path)
        for key, ref in [("from", report.source), ("to", report.target)] + [("via", r) for r in report.via]:
            _, problem = _framework(workspace, document, ref, (key,))
            if problem:
                yield problem
        if report.profile is not None:
            if not reportpaths.profile_inside(report.path, report.profile):
                yield Finding(document.place(("profile",)), ID, LEVEL, reportpaths.outside_message(report.profile))
            elif not _is_file(reportpaths.profile_file(report.path, report.profile)):
                yield Finding(document.place(("profile",)), ID, LEVEL,
                              f"profile file {report.profile!r} does not exist (paths are relative to the definition)")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL: no such file
        return False
