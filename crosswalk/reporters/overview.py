"""The one-against-all overview as text, JSON, CSV and Markdown, all rendered from :func:`as_dict`.

Framework names and refs come from the library's files: :mod:`crosswalk.reporters.text_safety`
decides what each format escapes."""

from __future__ import annotations

import csv
import io
from typing import Any, Callable

from crosswalk import __version__
from crosswalk.coverage import STATUSES
from crosswalk.overview import Overview
from crosswalk.reporters.text_safety import csv_safe, json_text, lines, markdown_safe, no_commands, plain


def as_dict(view: Overview) -> dict[str, Any]:
    return {
        "tool": "crosswalk",
        "version": __version__,
        "generated": view.generated.isoformat(),
        "source": {"ref": view.source.ref, "name": view.source.name},
        "profile": {"id": view.profile.id, "path": view.profile.path,
                    "organisation": view.profile.organisation} if view.profile else None,
        "scope": {"pivots": "none" if view.direct else list(view.pivots) if view.pivots is not None else "any",
                  "max_hops": view.max_hops, "relations": "set relations only (associations are not counted)"},
        "targets": [
            {"ref": line.target.ref, "name": line.target.name, "elements": line.elements, "counts": line.counts,
             "covered_share": round(line.share("covered"), 4)}
            for line in view.lines
        ],
    }


def as_json(view: Overview) -> str:
    return json_text(as_dict(view))


def _scope(data: dict[str, Any]) -> str:
    pivots = data["scope"]["pivots"]
    through = {"any": "through any framework", "none": "direct mappings only"}.get(pivots) if isinstance(pivots, str) \
        else "through " + ", ".join(pivots)
    return f"{through}, at most {data['scope']['max_hops']} rows per path, set relations only"


def as_text(view: Overview) -> str:
    data = as_dict(view)
    heads = ["target", "elements", *STATUSES]
    rows = [[plain(t["ref"]), str(t["elements"]), *(str(t["counts"][s]) for s in STATUSES)] for t in data["targets"]]
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    out = [f"What {data['source']['ref']} ({data['source']['name']}) gives of every other framework "
           f"({_scope(data)}); target elements by coverage status"]
    if data["profile"]:
        out.append(f"profile: {data['profile']['path']}")
    for row in [heads, *rows]:
        cells = (cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
        out.append("  ".join(cells))
    return lines(out)


def as_csv(view: Overview) -> str:
    data = as_dict(view)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["target", "name", "elements", *STATUSES, "covered share"])
    for t in data["targets"]:
        writer.writerow([csv_safe(t["ref"]), csv_safe(t["name"]), t["elements"], *(t["counts"][s] for s in STATUSES),
                         t["covered_share"]])
    return no_commands(out.getvalue())


def as_markdown(view: Overview) -> str:
    data = as_dict(view)
    scope = markdown_safe(_scope(data))
    scope = scope[:1].upper() + scope[1:]  # not str.capitalize(): that lower-cases the refs in it
    rows = [f"# What {markdown_safe(data['source']['ref'])} gives of every other framework", "",
            f"{scope}; target elements by coverage status; generated {data['generated']}.", "",
            "| target | name | elements | " + " | ".join(STATUSES) + " |", "|---|---|---|" + "---|" * len(STATUSES)]
    for t in data["targets"]:
        rows.append(f"| {markdown_safe(t['ref'])} | {markdown_safe(t['name'])} | {t['elements']} | "
                    + " | ".join(str(t["counts"][s]) for s in STATUSES) + " |")
    return lines(rows)


FORMATS: dict[str, Callable[[Overview], str]] = {"text": as_text, "json": as_json, "csv": as_csv,
                                                 "markdown": as_markdown}
