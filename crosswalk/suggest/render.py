"""``crosswalk suggest``'s outputs: text for a person, JSON and CSV for a program or a spreadsheet.

Every output says which method ranked the candidates (the text header, the JSON ``method`` field,
the CSV ``method`` column), because a lexical and an embedding ranking are not equally good
(``benchmarks/suggest.py``) and a reviewer must know which one they are reading.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from crosswalk import __version__
from crosswalk.model import Framework
from crosswalk.reporters.text_safety import csv_safe, json_text, lines, no_commands
from crosswalk.suggest.candidates import Suggestions

CSV_COLUMNS = ("method", "source", "source_title", "rank", "target", "target_title", "score", "reason",
               "existing", "implied")


def as_dict(result: Suggestions, source: Framework, target: Framework) -> dict[str, Any]:
    return {
        "tool": "crosswalk",
        "version": __version__,
        "source": result.source,
        "target": result.target,
        "method": result.method,
        "top": result.top,
        "within": result.within,
        "elements": [
            {"id": ident, "title": source.elements[ident].title,
             "candidates": [{"rank": c.rank, "id": c.target, "title": target.elements[c.target].title,
                             "score": c.score, "reason": list(c.reason), "existing": c.existing,
                             "implied": c.implied} for c in found]}
            for ident, found in result.by_source.items()
        ],
    }


def as_json(result: Suggestions, source: Framework, target: Framework) -> str:
    return json_text(as_dict(result, source, target))


def as_csv(result: Suggestions, source: Framework, target: Framework) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in result:
        writer.writerow([csv_safe(value) for value in (
            result.method, c.source, source.elements[c.source].title, c.rank, c.target,
            target.elements[c.target].title, f"{c.score:.6g}", "; ".join(c.reason), c.existing or "",
            c.implied or "")])
    return no_commands(out.getvalue())


def as_text(result: Suggestions, source: Framework, target: Framework) -> str:
    rows = [f"Candidates in {result.target} for {result.source} (method: {result.method}; top {result.top}"
            + (f"; within {result.within}" if result.within else "") + ")"]
    for ident, found in result.by_source.items():
        rows += ["", f"{ident}  {_short(source.elements[ident].title)}"]
        if not found:
            rows.append("    (no candidate shares a word with it)")
        for c in found:
            rows.append(f"  {c.rank:>3}. {c.target}  {_short(target.elements[c.target].title)}")
            rows.append(f"       score {c.score:.4g}" + (f"; shared: {', '.join(c.reason)}" if c.reason else ""))
            if c.existing:
                rows.append(f"       existing: {c.existing}")
            if c.implied:
                rows.append(f"       implied: {_short(c.implied, 160)}")
    return lines(rows)


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


FORMATS = {"text": as_text, "json": as_json, "csv": as_csv}
