"""What one framework's work gives of every other framework in the library, in one table.

Why: the first question of a compliance team facing a shelf of frameworks is not one pair but
"we did AI Verify; which of these others are we already closest to?". Each line is a full coverage
computation (:func:`crosswalk.coverage.compute`) of one target, its elements counted by status as
``crosswalk coverage`` counts them (a category partly covered through a concept crosswalk shows,
although its subcategories stay unknown), with set relations only: associations say that rows connect
elements without implying coverage, so they would add nothing to the counts, and at library scale
they are most of the paths. All targets share one source-side sweep (:mod:`crosswalk.sweep`), which
is what makes the whole table cost about as much as one comparison.

A source framework with a hierarchy cycle is refused (every line rests on it); a target with one, or
one with a path through a pivot framework with one, is left out of the table and listed in
``skipped`` with the reason, which the command prints as a note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from crosswalk.coverage import COVERED, STATUSES, UNKNOWN, compute
from crosswalk.model import Framework, Profile
from crosswalk.report import (
    HierarchyCycle,
    cycle_problem,
    exhaustive_mappings,
    load_profile,
    refuse_cyclic_pivots,
    report_date,
)
from crosswalk.workspace import Workspace


@dataclass(frozen=True)
class Line:
    """One target framework: how many of its elements have each coverage status."""

    target: Framework
    elements: int
    counts: dict[str, int]

    def share(self, status: str) -> float:
        return self.counts.get(status, 0) / self.elements if self.elements else 0.0


@dataclass(frozen=True)
class Overview:
    source: Framework
    profile: Profile | None
    pivots: tuple[str, ...] | None  # None: any framework may be a pivot
    direct: bool
    max_hops: int
    generated: dt.date
    lines: tuple[Line, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    """(framework ref, why) for each target left out because coverage of it cannot be computed honestly."""


def overview(workspace: Workspace, source_ref: str, profile_path: str | None = None, via: tuple[str, ...] = (),
             direct: bool = False, max_hops: int = 3, library_graph: nx.MultiDiGraph | None = None) -> Overview:
    """Coverage of every other framework of ``workspace`` by ``source_ref``, best covered first."""
    from crosswalk import graph

    source = workspace.require_framework(source_ref)
    problem = cycle_problem(workspace, source, "source framework")
    if problem:  # every line would rest on it
        raise HierarchyCycle(problem)
    pivots = tuple(sorted(workspace.require_framework(ref).ref for ref in via)) if via else None
    profile = load_profile(profile_path, source) if profile_path else None
    built = library_graph if library_graph is not None else graph.build(workspace)
    lines = []
    skipped = []
    for ref, target in sorted(workspace.frameworks.items()):
        if ref == source.ref:
            continue
        # A target with a hierarchy cycle (or with a path through a pivot with one) is left out with its
        # reason, not refused: one broken framework must not hide the rest of the table.
        problem = cycle_problem(workspace, target, "target framework")
        if problem:
            skipped.append((ref, problem))
            continue
        result = compute(built, source, target, profile, pivots=pivots, direct=direct, max_hops=max_hops,
                         exhaustive_mappings=exhaustive_mappings(workspace, source, target), associations=False)
        try:
            refuse_cyclic_pivots(workspace, result)
        except HierarchyCycle as refused:
            skipped.append((ref, str(refused)))
            continue
        lines.append(Line(target, len(target.elements), {status: result.count(status) for status in STATUSES}))
    lines.sort(key=lambda line: (-line.share(COVERED), line.share(UNKNOWN), line.target.ref))
    return Overview(source, profile, pivots, direct, 1 if direct else max_hops, report_date(), tuple(lines),
                    tuple(skipped))
