"""The diff and its impact as text, JSON, Markdown or an xlsx workbook: the same facts in each.

JSON shape (stable): ``{tool, version, old: {ref, name}, new: {ref, name}, edition_map, counts:
{kind: n}, changes: [{kinds, level, old, new, how, similarity, old_parent, new_parent, pairs: [{old,
new, how, similarity, bm25, relationship, row}], words: [{field, marked, pieces: [[op, words]]}]}],
impact: [{kind, document, file, line, row, element, kinds, new, action}]}``.
"""

from __future__ import annotations

from typing import Any, Callable

from crosswalk import __version__
from crosswalk.editions.diff import KINDS, Change, Diff
from crosswalk.editions.impact import Impact
from crosswalk.reporters.text_safety import json_text, lines, markdown_safe, shown


def as_dict(result: Diff, impacts: list[Impact]) -> dict[str, Any]:
    return {
        "tool": "crosswalk",
        "version": __version__,
        "old": {"ref": result.old.ref, "name": result.old.name},
        "new": {"ref": result.new.ref, "name": result.new.name},
        "edition_map": result.edition_map,
        "counts": dict(result.counts),
        "changes": [_change(change) for change in result.changes],
        "impact": [impact.__dict__ | {"kinds": list(impact.kinds), "new": list(impact.new)} for impact in impacts],
    }


def _change(change: Change) -> dict[str, Any]:
    return {
        "kinds": list(change.kinds),
        "level": change.level,
        "old": list(change.old),
        "new": list(change.new),
        "how": change.how or None,
        "similarity": change.similarity,
        "old_parent": change.old_parent,
        "new_parent": change.new_parent,
        "pairs": [pair.__dict__ for pair in change.pairs],
        "words": [{"field": w.field, "marked": w.marked(), "pieces": [list(p) for p in w.pieces]} for w in change.words],
    }


def as_json(result: Diff, impacts: list[Impact]) -> str:
    return json_text(as_dict(result, impacts))


def _counts(result: Diff) -> str:
    return ", ".join(f"{result.counts[kind]} {kind}" for kind in KINDS)


def _score(change: Change) -> str:
    if not change.pairs:
        return ""
    similarity = change.similarity
    return f" [{change.how}{'' if similarity is None else f', similarity {similarity:.3f}'}]"


def _line(change: Change) -> str:
    old = ", ".join(change.old) or "-"
    new = ", ".join(change.new) or "-"
    extra = ""
    if "moved" in change.kinds:
        extra = f" (parent {change.old_parent or '-'} -> {change.new_parent or '-'})"
    return f"{'/'.join(change.kinds):<24} {change.level or '':<12} {old} -> {new}{extra}{_score(change)}"


def as_text(result: Diff, impacts: list[Impact]) -> str:
    out = [f"{result.old.ref} -> {result.new.ref}"
           + (f" (edition map {result.edition_map})" if result.edition_map else " (matched by id and content)"),
           _counts(result), ""]
    for change in result.changes:
        if change.kinds == ("unchanged",):
            continue
        out.append(_line(change))
        for words in change.words:
            out.append(f"    {words.field}: {words.marked()}")
    out.append("")
    out.append(f"Impact: {len(impacts)} mapping rows and profile entries name a changed element")
    for item in impacts:
        out.append(f"{item.file}:{item.line}: {item.kind} {item.document} row {item.row}: {item.element} "
                   f"({'/'.join(item.kinds)}): {item.action}")
    return lines(out)


def as_markdown(result: Diff, impacts: list[Impact]) -> str:
    m = markdown_safe
    out = [f"# {m(result.old.ref)} → {m(result.new.ref)}", ""]
    out.append(f"Matched {'through edition map ' + m(result.edition_map) if result.edition_map else 'by id and by content'}. "
               f"{m(_counts(result))}.")
    out += ["", "| change | level | old | new | matched | similarity | words |", "|---|---|---|---|---|---|---|"]
    for change in result.changes:
        if change.kinds == ("unchanged",):
            continue
        words = "<br>".join(f"{m(w.field)}: {m(w.marked())}" for w in change.words)
        similarity = "" if change.similarity is None else f"{change.similarity:.3f}"
        out.append(f"| {m('/'.join(change.kinds))} | {m(change.level or '')} | {m(', '.join(change.old))} | "
                   f"{m(', '.join(change.new))} | {m(change.how)} | {similarity} | {words} |")
    out += ["", f"## Impact ({len(impacts)})", ""]
    if impacts:
        out += ["| file | line | in | row | element | change | what to do |", "|---|---|---|---|---|---|---|"]
        for item in impacts:
            out.append(f"| {m(item.file)} | {item.line} | {m(item.kind + ' ' + item.document)} | {item.row} | "
                       f"{m(item.element)} | {m('/'.join(item.kinds))} | {m(item.action)} |")
    return "\n".join(out) + "\n"


def as_xlsx(result: Diff, impacts: list[Impact]) -> bytes:
    """A workbook with three sheets (Summary, Changes, Impact); the same bytes for the same diff."""
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from crosswalk.xlsxbytes import save

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    _rows(summary, [("old", result.old.ref), ("new", result.new.ref), ("matched by", result.edition_map or "id and content")]
          + [(kind, result.counts[kind]) for kind in KINDS] + [("impact", len(impacts))])
    changes = book.create_sheet("Changes")
    _rows(changes, [("change", "level", "old", "new", "matched", "similarity", "old parent", "new parent",
                     "title diff", "text diff")]
          + [("/".join(c.kinds), c.level or "", ", ".join(c.old), ", ".join(c.new), c.how, c.similarity,
              c.old_parent or "", c.new_parent or "", _marked(c, "title"), _marked(c, "text"))
             for c in result.changes])
    sheet = book.create_sheet("Impact")
    _rows(sheet, [("file", "line", "kind", "document", "row", "element", "change", "new", "what to do")]
          + [(i.file, i.line, i.kind, i.document, i.row, i.element, "/".join(i.kinds), ", ".join(i.new), i.action)
             for i in impacts])
    for ws in (changes, sheet):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    book.properties.creator = "crosswalk"
    stamp = datetime(2000, 1, 1)  # never the clock: same diff, same bytes
    book.properties.created = book.properties.modified = stamp
    return save(book)


def _marked(change: Change, field: str) -> str:
    return next((w.marked() for w in change.words if w.field == field), "")


def _rows(ws: Any, rows: list[tuple[Any, ...]]) -> None:
    for number, record in enumerate(rows, start=1):
        for column, value in enumerate(record, start=1):
            if isinstance(value, str):
                value = shown(value, keep="\n")
            cell = ws.cell(number, column, value)
            if isinstance(value, str):
                cell.data_type = "s"  # text is text, never a formula


FORMATS: dict[str, Callable[[Diff, list[Impact]], Any]] = {
    "text": as_text, "json": as_json, "markdown": as_markdown, "xlsx": as_xlsx}
