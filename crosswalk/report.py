"""A comparison request (from a report definition or command-line options) and everything computed for it.

Why a separate step: ``coverage``, ``gaps`` and ``report`` answer the same question and differ
only in what they print; they share one :class:`Analysis` so that a workbook and a JSON export of
the same request can never disagree.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import networkx as nx

from crosswalk.coverage import NOT_COVERED, PARTIAL, UNKNOWN, CoverageResult, ElementCoverage, compute
from crosswalk.model import Framework, Profile, ReportDefinition, SignOff, profile_from
from crosswalk.workspace import Workspace, WorkspaceError, read_document


@dataclass(frozen=True)
class Request:
    source: str
    target: str
    profile_path: str | None = None
    via: tuple[str, ...] = ()
    direct: bool = False
    max_hops: int = 3
    title: str = ""
    report_id: str = ""
    associations: bool = True  # False: set relations only (the sweep); statuses are the same, fewer rows
    official_only: bool = False  # True: only rows that are official (mapping and row judgement), see analyse
    signoff: SignOff = SignOff()
    description: str = ""
    paper: str = "a4"  # a4 or letter: the page the workbook prints on


@dataclass
class Gap:
    element: str
    status: str
    group: Sequence[str]  # the element's ancestors from the top down (an Ancestry from analyse)
    coverage: ElementCoverage


@dataclass
class Analysis:
    request: Request
    workspace: Workspace
    result: CoverageResult
    profile: Profile | None
    generated: dt.date
    gaps: list[Gap] = field(default_factory=list)
    unknown: list[Gap] = field(default_factory=list)
    definition_path: str = ""  # the report definition the request came from, if any
    definition_digest: str = ""

    @property
    def source(self) -> Framework:
        return self.result.source

    @property
    def target(self) -> Framework:
        return self.result.target

    @property
    def title(self) -> str:
        return self.request.title or f"{self.source.label} \u2192 {self.target.label}"


def request_from_definition(definition: ReportDefinition) -> Request:
    """The request a definition makes; its profile must lie inside its workspace (see :mod:`crosswalk.reportpaths`)."""
    from crosswalk import reportpaths

    profile = None
    if definition.profile:
        if not reportpaths.profile_inside(definition.path, definition.profile):
            raise WorkspaceError(f"{definition.path}: {reportpaths.outside_message(definition.profile)}")
        profile = str(reportpaths.profile_file(definition.path, definition.profile))
    return Request(definition.source, definition.target, profile, definition.via, definition.direct,
                   definition.max_hops, definition.title, definition.id, definition.associations,
                   definition.official_only, definition.signoff, definition.description, definition.paper)


def report_date() -> dt.date:
    """The date printed in reports: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        try:
            return (dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=int(epoch))).date()
        except (OverflowError, ValueError):  # past year 9999, or more digits than Python converts
            raise WorkspaceError(f"SOURCE_DATE_EPOCH={epoch.strip()[:40]}{'...' if len(epoch.strip()) > 40 else ''} "
                                 "is past the last date a report can carry (9999-12-31): give seconds since "
                                 "1970-01-01 UTC, such as the last commit's time") from None
    return dt.datetime.now(tz=dt.timezone.utc).date()


def load_profile(path: str, source: Framework) -> Profile:
    document, findings, skip = read_document(Path(path))
    if findings or skip is None or document.kind != "profile":
        first = findings[0] if findings else None
        where = f"{first.place}: {first.message}" if first else f"{path}: not a profile document"
        raise WorkspaceError(f"cannot use the profile: {where} (run 'crosswalk validate {path}')")
    profile = profile_from(document.data, document.path)
    profile.digest = document.digest
    if profile.framework != source.ref and profile.framework != source.id:
        raise WorkspaceError(f"profile {path} is for {profile.framework}, but the source framework is {source.ref}")
    return profile


def exhaustive_mappings(workspace: Workspace, source: Framework, target: Framework) -> list[str]:
    """Ids of the mappings whose ``subset_of`` rows may cover a target element together.

    Only mappings written from ``source`` to ``target``: ``exhaustive_subsets`` speaks of the
    mapping's source elements declared ``subset_of`` its target elements, so a mapping written the
    other way round (``t superset_of s``) declares no such subsets for this comparison."""
    out = []
    for mapping in workspace.mappings:
        ends = workspace.ends(mapping) if mapping.exhaustive_subsets else None
        if ends is not None and (ends[0].ref, ends[1].ref) == (source.ref, target.ref):
            out.append(mapping.id)
    return out


def analyse(workspace: Workspace, request: Request, library_graph: nx.MultiDiGraph | None = None) -> Analysis:
    """Resolve the request against the workspace and compute coverage and gaps.

    ``library_graph`` is ``graph.build(workspace)`` when the caller already has it: a program that
    answers several requests over one large library builds it once (seconds at SCF scale), and its
    remembered walks serve every request."""
    from crosswalk import graph

    source = workspace.require_framework(request.source)
    target = workspace.require_framework(request.target)
    if source.ref == target.ref:
        raise WorkspaceError("source and target are the same framework")
    pivots = None
    if request.via:
        pivots = [workspace.require_framework(ref).ref for ref in request.via]
    profile = load_profile(request.profile_path, source) if request.profile_path else None
    refuse_cycles(workspace, source, target)
    exhaustive = exhaustive_mappings(workspace, source, target)
    if request.official_only:
        built = graph.build(workspace, rows=official_row)
    else:
        built = library_graph if library_graph is not None else graph.build(workspace)
    result = compute(built, source, target, profile, pivots=pivots, direct=request.direct,
                     max_hops=request.max_hops, exhaustive_mappings=exhaustive, associations=request.associations)
    refuse_cyclic_pivots(workspace, result)
    analysis = Analysis(request, workspace, result, profile, report_date())
    for ident, coverage in result.elements.items():
        if coverage.status in (NOT_COVERED, PARTIAL):
            analysis.gaps.append(Gap(ident, coverage.status, Ancestry(target, ident), coverage))
        elif coverage.status == UNKNOWN:
            analysis.unknown.append(Gap(ident, coverage.status, Ancestry(target, ident), coverage))
    return analysis


def official_row(mapping: Any, row: Any) -> bool:
    """Whether a row is official: its mapping and the row itself say ``judgement: official`` (the
    default); a row of our judgement inside an official mapping is left out too."""
    return mapping.judgement == "official" and row.judgement == "official"


class HierarchyCycle(WorkspaceError):
    """A framework a comparison needs has a hierarchy cycle (exit code 2, like every usage problem).

    Why refuse rather than compute: the algebra reads "child of" as "a proper part of", which a cycle
    makes contradictory, and roll-ups count an element's leaves, which a cycle has no honest number of.
    Any figure would be a guess; ``crosswalk validate`` reports the cycle with its place."""


CYCLE_ELEMENTS_SHOWN = 6


def cycle_problem(workspace: Workspace, framework: Framework, role: str) -> str | None:
    """One line naming the framework, its file (and the place of one cycle), and that cycle's elements;
    None when its hierarchy is a forest. ``role`` says what the comparison uses it as ("target framework")."""
    cycles = framework.hierarchy.cycles
    if not cycles:
        return None
    cycle = cycles[0]
    shown = list(cycle[:CYCLE_ELEMENTS_SHOWN]) + (["..."] if len(cycle) > CYCLE_ELEMENTS_SHOWN else [])
    steps = " -> ".join(shown + [cycle[0]]) + (f" ({len(cycle):,} elements)" if len(cycle) > CYCLE_ELEMENTS_SHOWN else "")
    place = framework.path
    try:
        where = workspace.document(framework.path).place(("elements", framework.elements[cycle[0]].index, "parent"))
        place = f"{where.file}:{where.line}:{where.column}"
    except (KeyError, LookupError):  # a framework built without its document: the file is enough
        pass
    more = f" (and {len(cycles) - 1:,} more)" if len(cycles) > 1 else ""
    return (f"the {role} {framework.ref} has a hierarchy cycle{more} at {place}: {steps}; coverage needs its "
            f"parent links to form a tree (run 'crosswalk validate {framework.path}')")


def refuse_cycles(workspace: Workspace, source: Framework, target: Framework) -> None:
    """Raise :class:`HierarchyCycle` when the source or the target framework has a hierarchy cycle."""
    for framework, role in ((source, "source framework"), (target, "target framework")):
        problem = cycle_problem(workspace, framework, role)
        if problem:
            raise HierarchyCycle(problem)


def refuse_cyclic_pivots(workspace: Workspace, result: CoverageResult) -> None:
    """Raise :class:`HierarchyCycle` when a path of ``result`` passes through a framework with a cycle.

    Only frameworks a path uses count: a broken framework elsewhere in the library changes nothing
    here, and refusing for it would let one bad file block every report."""
    scope = result.scope
    cyclic = {ref for ref, framework in workspace.frameworks.items()
              if ref not in (scope.source, scope.target) and (scope.pivots is None or ref in scope.pivots)
              and framework.hierarchy.cycles}
    if not cyclic:
        return
    for ident, coverage in result.elements.items():
        for relation in (*(e.relation for e in coverage.evidence), *coverage.associations, *coverage.contradictions):
            for path in relation.paths:
                used = cyclic.intersection(path.pivots)
                if used:
                    ref = min(used)
                    problem = cycle_problem(workspace, workspace.frameworks[ref], "pivot framework")
                    raise HierarchyCycle(f"a path to {ident} passes through a framework with a cycle: {problem}")


class Ancestry(Sequence[str]):
    """An element's ancestors from the top down, as ``tuple(reversed(framework.ancestors(element)))``.

    Why lazy: reports read only the first (the group) and the last (the parent), and building the
    tuple for every element of a long chain costs the square of its depth."""

    __slots__ = ("framework", "element")

    def __init__(self, framework: Framework, element: str) -> None:
        self.framework, self.element = framework, element

    def __len__(self) -> int:
        return self.framework.depth(self.element)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return tuple(self)[index]
        size = len(self)
        position = index + size if index < 0 else index
        if not 0 <= position < size:
            raise IndexError(index)
        if position == 0:
            return self.framework.top(self.element)
        if position == size - 1:
            return self.framework.elements[self.element].parent
        return tuple(self)[position]

    def __iter__(self) -> Iterator[str]:
        return reversed(self.framework.ancestors(self.element))

    def __reversed__(self) -> Iterator[str]:
        return iter(self.framework.ancestors(self.element))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Ancestry({tuple(self)!r})"
