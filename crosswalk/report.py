"""A comparison request (from a report definition or command-line options) and everything computed for it.

Why a separate step: ``coverage``, ``gaps`` and ``report`` answer the same question and differ
only in what they print; they share one :class:`Analysis` so that a workbook and a JSON export of
the same request can never disagree.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from crosswalk.coverage import NOT_COVERED, PARTIAL, UNKNOWN, CoverageResult, ElementCoverage, compute
from crosswalk.model import Framework, Profile, ReportDefinition, profile_from
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


@dataclass
class Gap:
    element: str
    status: str
    group: tuple[str, ...]
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
                   definition.max_hops, definition.title, definition.id, definition.associations)


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
    exhaustive = exhaustive_mappings(workspace, source, target)
    built = library_graph if library_graph is not None else graph.build(workspace)
    result = compute(built, source, target, profile, pivots=pivots, direct=request.direct,
                     max_hops=request.max_hops, exhaustive_mappings=exhaustive, associations=request.associations)
    analysis = Analysis(request, workspace, result, profile, report_date())
    for ident, coverage in result.elements.items():
        group = tuple(reversed(target.ancestors(ident)))
        if coverage.status in (NOT_COVERED, PARTIAL):
            analysis.gaps.append(Gap(ident, coverage.status, group, coverage))
        elif coverage.status == UNKNOWN:
            analysis.unknown.append(Gap(ident, coverage.status, group, coverage))
    return analysis
