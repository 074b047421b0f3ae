"""Coverage and gap reports as text, JSON, CSV and Markdown.

All four are renderings of :func:`as_dict`, the documented JSON shape, so that every format says
the same thing. CSV cells that a spreadsheet would run as a formula are prefixed with an
apostrophe. Ids, titles and reasons come from the library's files: text, CSV and Markdown spell
control, bidi and zero-width characters as escapes and JSON keeps them exactly as JSON escapes
(see :mod:`crosswalk.reporters.text_safety`).
"""

from __future__ import annotations

import csv
import io
from typing import Any, Callable

from crosswalk import __version__
from crosswalk import algebra as alg
from crosswalk import figures
from crosswalk.coverage import ElementCoverage, Evidence
from crosswalk.inference import Path, Relation
from crosswalk.report import Analysis
from crosswalk.reporters.text_safety import csv_safe, json_text, lines, markdown_safe, no_commands

MAX_INDENT = 16
"""Levels of indentation shown at most: deeper elements line up with the 16th level."""


def _path(path: Path) -> dict[str, Any]:
    return {
        "kind": path.kind,
        "relation": alg.describe(path.relation),
        "weakest_strength": path.weakest,
        "pivots": list(path.pivots),
        "description": path.describe(),
        "steps": [
            {
                "from": f"{link.start[0]}:{link.start[1]}", "to": f"{link.end[0]}:{link.end[1]}", "kind": link.kind,
                "relationship": link.relationship or ("child of" if link.kind == "parent" else "parent of"),
                "mapping": link.mapping or None, "row": link.row + 1 if link.row >= 0 else None,
                "file": link.file, "strength": link.strength, "judgement": link.judgement if link.mapping else None,
                "as_written": link.as_written or None,
            }
            for link in path.links
        ],
    }


def _relation(analysis: Analysis, relation: Relation, paths: bool = True) -> dict[str, Any]:
    element = analysis.source.elements.get(relation.source[1])
    return {
        "source": relation.source[1],
        "source_title": element.title if element else "",
        "relation": alg.describe(relation.relation),
        "symbol": alg.symbol(relation.relation),
        "kind": relation.kind,
        "weakest_strength": relation.weakest,
        "paths": [_path(p) for p in relation.paths] if paths else [],
    }


def _evidence(analysis: Analysis, evidence: Evidence, paths: bool = True) -> dict[str, Any]:
    entry = _relation(analysis, evidence.relation, paths)
    entry["source_status"] = evidence.source_status
    entry["contribution"] = evidence.contribution
    return entry


def _element(analysis: Analysis, ident: str, coverage: ElementCoverage, paths: bool = True) -> dict[str, Any]:
    element = analysis.target.elements[ident]
    rollup = analysis.result.rollups[ident]
    return {
        "id": ident,
        "title": element.title,
        "level": element.level,
        "parent": element.parent,
        "status": coverage.status,
        "reason": coverage.reason,
        "leaves": rollup.leaves,
        "rollup": rollup.counts,
        "evidence": [_evidence(analysis, e, paths) for e in coverage.evidence],
        "associations": [_relation(analysis, r, paths) for r in coverage.associations],
        "contradictions": [_relation(analysis, r, paths) for r in coverage.contradictions],
    }


def as_dict(analysis: Analysis, gaps_only: bool = False, paths: bool = True, lazy: bool = False) -> dict[str, Any]:
    """The documented JSON shape.

    For the formats that show less, ``paths=False`` leaves each relation's ``paths`` empty (every step
    of every path is what makes the JSON grow with the depth of the hierarchies: a path up a 10,000-deep
    chain has 10,000 steps), and ``lazy=True`` makes ``elements`` a generator to read once, so that a
    100,000-element target is never held as dictionaries all at once."""
    result = analysis.result
    idents = [g.element for g in analysis.gaps + analysis.unknown] if gaps_only else list(result.elements)
    elements = (_element(analysis, ident, result.elements[ident], paths) for ident in idents)
    return {
        "tool": "crosswalk",
        "version": __version__,
        "title": analysis.title,
        "generated": analysis.generated.isoformat(),
        "source": {"ref": analysis.source.ref, "name": analysis.source.name},
        "target": {"ref": analysis.target.ref, "name": analysis.target.name},
        "profile": {"id": analysis.profile.id, "path": analysis.profile.path,
                    "organisation": analysis.profile.organisation} if analysis.profile else None,
        "scope": {
            "pivots": sorted(result.scope.pivots) if result.scope.pivots is not None else "any",
            "max_hops": result.scope.max_hops,
            "associations": result.scope.associations,
        },
        "summary": figures.summary(result),
        "elements": elements if lazy else list(elements),
    }


def as_json(analysis: Analysis, gaps_only: bool = False) -> str:
    return json_text(as_dict(analysis, gaps_only))


def _sources(entry: dict[str, Any]) -> str:
    items = [f"{e['source']} ({e['relation']}, {e['source_status']})" for e in entry["evidence"]]
    if not items and entry["associations"]:
        items = [f"{a['source']} (associated)" for a in entry["associations"]]
    return "; ".join(items)


def as_text(analysis: Analysis, gaps_only: bool = False) -> str:
    data = as_dict(analysis, gaps_only, paths=False, lazy=True)
    rows = [data["title"], f"{data['source']['ref']} -> {data['target']['ref']}: {_leaf_line(data['summary'])}"]
    if data["profile"]:
        rows.append(f"profile: {data['profile']['path']}")
    if not data["scope"]["associations"]:
        rows.append("set relations only: associations (links that imply no set relation) are not listed")
    depth = {ident: analysis.target.depth(ident) for ident in analysis.target.elements}
    for entry in data["elements"]:
        indent = "  " * min(depth[entry["id"]], MAX_INDENT)  # a 100,000-deep chain must not print 10 GB
        rows.append(f"{indent}{entry['id']}  [{entry['status']}]  {entry['title'][:90]}")
        rows.append(f"{indent}    {entry['reason']}")
    return lines(rows)


def _leaf_line(summary: dict[str, Any]) -> str:
    """"72 subcategories: 0 covered, ..." (the figures at the level the target is assessed at)."""
    counts = ", ".join(f"{n} {status}" for status, n in summary["statuses"].items())
    return f"{summary['leaves']} {figures.plural(summary['assessed_at'], summary['leaves'])}: {counts}"


def as_csv(analysis: Analysis, gaps_only: bool = False) -> str:
    data = as_dict(analysis, gaps_only, paths=False, lazy=True)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "title", "level", "parent", "status", "reason", "evidence"])
    for entry in data["elements"]:
        writer.writerow([csv_safe(v) for v in (entry["id"], entry["title"], entry["level"], entry["parent"],
                                            entry["status"], entry["reason"], _sources(entry))])
    return no_commands(out.getvalue())


def as_markdown(analysis: Analysis, gaps_only: bool = False) -> str:
    data = as_dict(analysis, gaps_only, paths=False, lazy=True)
    rows = [f"# {markdown_safe(data['title'])}", "",
            f"Source `{data['source']['ref']}`, target `{data['target']['ref']}`, generated {data['generated']}"
            + ("." if data["scope"]["associations"] else "; set relations only (associations are not listed)."), "",
            f"| status | {markdown_safe(figures.plural(data['summary']['assessed_at']))} |", "|---|---|"]
    rows += [f"| {status} | {n} |" for status, n in data["summary"]["statuses"].items()]
    rows += ["", "| id | title | status | reason | evidence |", "|---|---|---|---|---|"]
    for entry in data["elements"]:
        rows.append(f"| {markdown_safe(entry['id'])} | {markdown_safe(entry['title'])} | {entry['status']} | {markdown_safe(entry['reason'])} "
                    f"| {markdown_safe(_sources(entry))} |")
    return lines(rows)


FORMATS: dict[str, Callable[[Analysis, bool], str]] = {
    "text": as_text,
    "json": as_json,
    "csv": as_csv,
    "markdown": as_markdown,
}
