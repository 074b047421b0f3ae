"""Every framework@version and element id that a mapping, profile, report or parent names exists.

A misspelt id is the commonest mistake in hand-written mappings, and tools that drop unresolved ids
silently turn it into a wrong coverage figure. The message offers the nearest real ids, or, when
the reference looks exactly like an element id but is written with other characters (a Cyrillic О
for a Latin O, a fullwidth digit, a hidden zero-width space), names that element and the
characters that differ (see ``lookalike-id``). Suggestions are computed for the first
{SUGGESTIONS} unresolved references of each file only: each costs a comparison with every element
of the framework, and a file of thousands of wrong ids must not take minutes.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Iterator

from crosswalk import reportpaths
from crosswalk.findings import ERROR, Finding, Place
from crosswalk.model import Framework
from crosswalk.rules.lookalike_ids import difference, fold, fold_index
from crosswalk.workspace import Document, Workspace, WorkspaceError

ID = "reference"
LEVEL = ERROR
SUGGESTIONS = 100
"""Unresolved references per file that get a "did you mean" suggestion; the rest get none."""
__doc__ = __doc__.replace("{SUGGESTIONS}", str(SUGGESTIONS))


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


class _Hints:
    """Suggestions for unresolved element ids, with a budget per file and one look-alike index per framework."""

    def __init__(self) -> None:
        self._folds: dict[int, dict[str, str]] = {}
        self._spent: dict[str, int] = {}

    def __call__(self, document: Document, framework: Framework, ident: str) -> str:
        folds = self._folds.get(id(framework))
        if folds is None:
            folds = self._folds[id(framework)] = fold_index(framework)
        twin = folds.get(fold(ident))
        if twin is not None:
            return (f": it looks like {twin!r}, which is, but differs in {difference(ident, twin)}; "
                    "write the element's id with the same characters")
        spent = self._spent.get(document.path, 0)
        if spent >= SUGGESTIONS:
            return ""
        self._spent[document.path] = spent + 1
        return suggest(ident, list(framework.elements))


def _element(document: Document, framework: Framework, ident: str, path: tuple[object, ...],
             hints: _Hints, defined: _Defined | None = None) -> Finding | None:
    if ident in framework.elements:
        return None
    return Finding(document.place(path), ID, LEVEL,
                   f"element {ident!r} is not in {framework.ref}{hints(document, framework, ident)}",
                   defined(framework) if defined is not None else ())


class _Defined:
    """Where a framework that another file refers into is defined (its ``id``): the related location
    of a reference into it, so that checking the framework's file shows what an edit of it breaks
    (see :mod:`crosswalk.affected`). Located only for a framework that has a finding, once: locating
    parses the framework's text again, which for every framework of a large library costs more than
    all the other checks together."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._places: dict[str, tuple[Place, ...]] = {}

    def __call__(self, framework: Framework) -> tuple[Place, ...]:
        found = self._places.get(framework.path)
        if found is None:
            found = self._places[framework.path] = (self._workspace.document(framework.path).place(("id",)),)
        return found


def check(workspace: Workspace) -> Iterator[Finding]:
    hints = _Hints()
    defined = _Defined(workspace)
    for framework in workspace.frameworks.values():
        document = workspace.document(framework.path)
        for element in framework.elements.values():
            if element.parent is not None and element.parent not in framework.elements:
                hint = hints(document, framework, element.parent)
                yield Finding(
                    document.place(("elements", element.index, "parent")), ID, LEVEL,
                    f"parent {element.parent!r} of {element.id!r} is not an element of {framework.ref}{hint}",
                )
        for element in framework.declared:
            for link_index, link in enumerate(element.links):
                problem = _element(document, framework, link.element,
                                   ("elements", element.index, "links", link_index, "element"), hints)
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
            for side, framework, ids, listed in (("source", sides[0], row.sources, row.sources_listed),
                                                 ("target", sides[1], row.targets, row.targets_listed)):
                if framework is None:
                    continue
                for position, ident in enumerate(ids):
                    path = ("rows", row.index, side, position) if listed else ("rows", row.index, side)
                    problem = _element(document, framework, ident, path, hints, defined)
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
            problem = _element(document, framework, entry.element, ("entries", entry.index, "element"), hints,
                               defined)
            if problem:
                yield problem
    for report in workspace.reports:
        document = workspace.document(report.path)
        for key, ref in [("from", report.source), ("to", report.target)] + [("via", r) for r in report.via]:
            _, problem = _framework(workspace, document, ref, (key,))
            if problem:
                yield problem
        if report.output is not None and reportpaths.output_problem(report.output):
            yield Finding(document.place(("output",)), ID, LEVEL, reportpaths.output_problem(report.output))
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
