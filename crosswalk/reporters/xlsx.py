"""The Excel gap workbook an auditor receives.

Why these choices: every cell an auditor reads must trace back to a framework element or a mapping
row, so the gaps link to the element sheets and every path names its rows. Cells are written as
text when they begin like a formula (formula injection), illegal control characters are removed,
and long texts are cut to Excel's 32,767-character limit. The file is written atomically and is
byte-for-byte reproducible: workbook timestamps are the report date and the zip entries carry a
fixed time.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from copy import copy
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from crosswalk import __version__
from crosswalk import algebra as alg
from crosswalk.atomic import write_atomically
from crosswalk.coverage import COVERED, NOT_APPLICABLE, NOT_COVERED, PARTIAL, STATUSES, UNKNOWN
from crosswalk.inference import Relation
from crosswalk.model import Element, Framework
from crosswalk.report import Analysis, Gap
from crosswalk.reporters.text_safety import shown
from crosswalk.reporters.coverage import MAX_INDENT

MAX_CELL = 32_767
MAX_COLUMNS = 16_384  # Excel's last column, XFD
MATRIX_SOURCE_COLUMNS = MAX_COLUMNS - 2  # beside the target element and its status
_FORMULA_START = ("=", "+", "-", "@")

STATUS_FILL = {
    COVERED: "C6EFCE",
    PARTIAL: "FFEB9C",
    NOT_COVERED: "FFC7CE",
    NOT_APPLICABLE: "D9D9D9",
    UNKNOWN: "FFFFFF",
}
CONTRIBUTION_FILL = {"full": "C6EFCE", "partial": "FFEB9C", "none": "F2F2F2"}
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")


def _font(**style: Any) -> Font:
    """The workbook's default font (Calibri 11) with ``style`` on top: a Font without a name falls
    back to a different face in some viewers (a serif one in LibreOffice), so headers would not
    match the cells below them."""
    return Font(**{"name": DEFAULT_FONT.name, "size": DEFAULT_FONT.sz, **style})


HEADER_FONT = _font(bold=True, color="FFFFFF")
TITLE_FONT = _font(bold=True, size=14)
BOLD = _font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
PLAIN, WRAPPED = "crosswalk text", "crosswalk wrapped text"


def _text_styles(wb: Workbook) -> None:
    """Register the two cell styles every table cell takes (top-aligned; wrapped or not).

    Why named styles: assigning an Alignment to a cell makes openpyxl hash it again for every cell,
    a fifth of the time of writing the largest shipped workbook; a named style is looked up by name.
    They also show in the spreadsheet's list of cell styles, where a reader can restyle all of them."""
    for name, alignment in ((PLAIN, TOP), (WRAPPED, WRAP)):  # the default font, named, not left empty
        wb.add_named_style(NamedStyle(name=name, alignment=alignment, font=copy(DEFAULT_FONT)))


def clean(value: Any) -> Any:
    """A value safe to put in a cell or any other text of the workbook: XML 1.0 has no way to write
    most control characters (one makes the whole sheet unreadable) and U+FFFE/U+FFFF are not allowed
    either, so every character that is not visible text is spelled as an escape (``\\x1b``; see
    :func:`crosswalk.reporters.text_safety.shown`; a newline stays, it is layout in a wrapped cell);
    and the text is cut to Excel's length limit."""
    if not isinstance(value, str):
        return value
    value = shown(value, keep="\n")
    if len(value) > MAX_CELL:
        suffix = " [truncated]"
        value = value[: MAX_CELL - len(suffix)] + suffix
    return value


def put(ws: Worksheet, row: int, column: int, value: Any, wrap: bool = False) -> Any:
    cell = ws.cell(row=row, column=column)
    value = clean(value)
    cell.value = value
    cell.style = WRAPPED if wrap else PLAIN  # first: a named style replaces every attribute of the cell's style
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True
    return cell


def _lines(text: str, width: float) -> int:
    per_line = max(8, int(width * 1.1))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def fit_rows(ws: Worksheet, first: int, last: int, wrapped: dict[int, float]) -> None:
    """Set row heights for wrapped cells: openpyxl cannot autofit and LibreOffice keeps set heights."""
    if not wrapped:
        return
    for row in range(first, last + 1):
        lines = 1
        for column, width in wrapped.items():
            value = ws.cell(row=row, column=column).value
            if isinstance(value, str) and value:
                lines = max(lines, _lines(value, width))
        if lines > 1:
            ws.row_dimensions[row].height = min(409, 13 * lines + 3)


def link(cell: Any, location: str) -> None:
    """An internal hyperlink (to a place in this workbook), styled as a link."""
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location)
    cell.font = _font(color="0563C1", underline="single")


def table(ws: Worksheet, top: int, headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int],
          wrap: Sequence[int] = (), freeze: bool = True) -> int:
    """Write a header and rows with filter, frozen header and widths; returns the last row written."""
    for column, header in enumerate(headers, start=1):
        cell = put(ws, top, column, header, wrap=True)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    if any(len(header) > widths[i] for i, header in enumerate(headers) if i < len(widths)):
        ws.row_dimensions[top].height = 30
    last = top
    wrap_columns = set(wrap)
    for last, values in enumerate(rows, start=top + 1):
        for column, value in enumerate(values, start=1):
            put(ws, last, column, value, wrap=column in wrap_columns)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    fit_rows(ws, top + 1, last, {c: widths[c - 1] for c in wrap_columns if c <= len(widths)})
    if freeze:
        ws.freeze_panes = ws.cell(row=top + 1, column=1)
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(headers))}{max(last, top)}"
    return last


def _fill(hex_colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=hex_colour)


def _sources(analysis: Analysis, gap: Gap, contributions: tuple[str, ...]) -> str:
    parts = []
    for evidence in gap.coverage.evidence:
        if evidence.contribution in contributions:
            title = analysis.source.elements[evidence.source[1]].title if evidence.source[1] in analysis.source.elements else ""
            parts.append(f"{evidence.source[1]} {_short(title)} [{alg.describe(evidence.relation.relation)}; "
                         f"{evidence.source_status}; {evidence.relation.kind}]")
    return "\n".join(parts)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _not_implemented(analysis: Analysis, gap: Gap) -> str:
    return "\n".join(
        f"{e.source[1]} {_short(analysis.source.elements[e.source[1]].title)} ({e.source_status})"
        for e in gap.coverage.evidence
        if e.contribution == "none" and e.relation.relation & alg.DR == 0 and e.source[1] in analysis.source.elements
    )


def _summary(wb: Workbook, analysis: Analysis, matrix_note: str = "") -> None:
    ws = wb.active
    ws.title = "Summary"
    result = analysis.result
    put(ws, 1, 1, analysis.title).font = TITLE_FONT
    facts = [
        ("Source framework", f"{analysis.source.name} ({analysis.source.ref}), {analysis.source.publisher}"),
        ("Target framework", f"{analysis.target.name} ({analysis.target.ref}), {analysis.target.publisher}"),
        ("Implementation profile", f"{analysis.profile.organisation or analysis.profile.id} ({analysis.profile.path})"
         if analysis.profile else "none: every source element counts as implemented"),
        ("Pivot frameworks", "any" if result.scope.pivots is None else (", ".join(sorted(result.scope.pivots)) or "none (direct mappings only)")),
        ("Maximum mapping rows per path", result.scope.max_hops),
        *([] if result.scope.associations else [
            ("Associations", "not listed: set relations only (--no-associations); the statuses are the same")]),
        *([("Matrix", matrix_note)] if matrix_note else []),
        ("Generated", analysis.generated.isoformat()),
        ("Tool", f"crosswalk {__version__}"),
        ("How to read", "covered: an implemented source element is equal to or broader than the target element; "
                        "partially covered: it overlaps (subset, intersects, related); not covered: the mapped source "
                        "elements are not implemented; unknown: "
                        + ("no mapping path from the source reaches the element" if result.scope.associations
                           else "no path of mapping rows implies a set relation with the element (associations "
                                "are not listed)") + " (no evidence either way)."),
    ]
    for row, (key, value) in enumerate(facts, start=3):
        put(ws, row, 1, key).font = BOLD
        put(ws, row, 2, value, wrap=True)
    row = 3 + len(facts) + 1
    put(ws, row, 1, "Status").font = BOLD
    put(ws, row, 2, "Elements (all levels)").font = BOLD
    for offset, status in enumerate(STATUSES, start=1):
        put(ws, row + offset, 1, status).fill = _fill(STATUS_FILL[status])
        put(ws, row + offset, 2, result.count(status))
    fit_rows(ws, 3, 3 + len(facts) - 1, {2: 70})
    target = analysis.target
    ordered = sorted(target.elements.values(), key=lambda e: e.index)
    top = row + len(STATUSES) + 3
    first_level = [e for e in ordered if target.depth(e.id) == 0 and not target.is_leaf(e.id)]
    second_level = [e for e in ordered if target.depth(e.id) == 1 and not target.is_leaf(e.id)]
    level_names = list(target.levels)
    last = _status_table(ws, analysis, top, first_level, f"Per {level_names[0]}: its own status and the statuses of every element below it")
    if first_level:
        _chart(ws, top, last, f"A{last + 2}", f"Elements below each {level_names[0]}, by status")
        last += 18
    if second_level:
        _status_table(ws, analysis, last + 3, second_level,
                      f"Per {level_names[1] if len(level_names) > 1 else 'element'}: its own status and the elements below it")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 70


def _descendants(framework: Any, ident: str) -> list[str]:
    """Every element below ``ident``, each once: on a hierarchy cycle (refused before a report is
    written, but never trusted here) a walk without a "seen" set would go round for ever."""
    out: list[str] = []
    seen = {ident}
    stack = [kid for kid in framework.children.get(ident, ()) if kid not in seen]
    seen.update(stack)
    while stack:
        current = stack.pop()
        out.append(current)
        for kid in framework.children.get(current, ()):
            if kid not in seen:
                seen.add(kid)
                stack.append(kid)
    return out


def _status_table(ws: Worksheet, analysis: Analysis, top: int, elements: list[Any], caption: str) -> int:
    result = analysis.result
    headers = ["Element", "Title", "Level", "Own status", "Elements below"] + list(STATUSES) + ["% covered", "% partially covered"]
    rows = []
    for element in elements:
        below = _descendants(analysis.target, element.id)
        counts = {status: 0 for status in STATUSES}
        for ident in below:
            counts[result.elements[ident].status] += 1
        total = len(below) or 1
        rows.append([element.id, element.title, element.level or "", result.elements[element.id].status, len(below)]
                    + [counts[s] for s in STATUSES]
                    + [round(counts[COVERED] / total, 4), round(counts[PARTIAL] / total, 4)])
    put(ws, top - 1, 1, caption).font = BOLD
    last = table(ws, top, headers, rows, [30, 70, 12, 18, 10, 10, 10, 10, 10, 10, 11, 11], wrap=(2,), freeze=False)
    ws.auto_filter.ref = None
    for r in range(top + 1, last + 1):
        status = ws.cell(row=r, column=4).value
        ws.cell(row=r, column=4).fill = _fill(STATUS_FILL.get(status, "FFFFFF"))
        for column in (11, 12):
            ws.cell(row=r, column=column).number_format = "0%"
    return last


def _chart(ws: Worksheet, top: int, last: int, anchor: str, title: str) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = clean(title)
    chart.y_axis.title = "elements"
    chart.add_data(Reference(ws, min_col=6, max_col=10, min_row=top, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last))
    for series, status in zip(chart.series, STATUSES):
        series.graphicalProperties.solidFill = STATUS_FILL[status] if status != UNKNOWN else "BFBFBF"
        series.graphicalProperties.line.solidFill = "808080"
    chart.height = 7.5
    chart.width = 18
    ws.add_chart(chart, anchor)


def _coverage(wb: Workbook, analysis: Analysis, target_rows: dict[str, int]) -> None:
    ws = wb.create_sheet("Coverage")
    rows = []
    gaps = {g.element: g for g in analysis.gaps + analysis.unknown}
    for ident, coverage in analysis.result.elements.items():
        element = analysis.target.elements[ident]
        gap = gaps.get(ident) or Gap(ident, coverage.status, (), coverage)
        associated = ", ".join(r.source[1] for r in coverage.associations[:20])
        rows.append([ident, element.title, element.level or "", coverage.status, coverage.reason,
                     _sources(analysis, gap, ("full",)), _sources(analysis, gap, ("partial",)),
                     _not_implemented(analysis, gap), associated])
    last = table(ws, 1, ["Target element", "Title", "Level", "Status", "Why", "Covered by", "Partially covered by",
                         "Mapped but not implemented", "Associated only (no set relation)"], rows,
                 [16, 50, 12, 17, 45, 45, 45, 40, 30], wrap=(2, 5, 6, 7, 8, 9))
    for r in range(2, last + 1):
        cell = ws.cell(row=r, column=4)
        cell.fill = _fill(STATUS_FILL.get(cell.value, "FFFFFF"))
        ident = ws.cell(row=r, column=1).value
        if ident in target_rows:
            link(ws.cell(row=r, column=1), f"'Target framework'!A{target_rows[ident]}")


def _matrix_sources(analysis: Analysis) -> list[str]:
    """The source elements that give some target element evidence, in the source framework's order."""
    used: dict[str, None] = {}
    for coverage in analysis.result.elements.values():
        for evidence in coverage.evidence:
            used.setdefault(evidence.source[1], None)
    return sorted(used, key=lambda i: analysis.source.elements[i].index if i in analysis.source.elements else 0)


def _matrix_parts(sources: list[str]) -> list[tuple[str, list[str]]]:
    """(sheet name, its source columns): one sheet "Matrix", or, when the sources do not fit in Excel's
    last column (XFD, 16,384) beside the two fixed columns, consecutive runs of them on "Matrix",
    "Matrix (2)", ... so that every sheet has the same layout and opens in every spreadsheet."""
    per_sheet = MATRIX_SOURCE_COLUMNS
    runs = [sources[start:start + per_sheet] for start in range(0, len(sources), per_sheet)] or [[]]
    return [("Matrix" if n == 1 else f"Matrix ({n})", run) for n, run in enumerate(runs, start=1)]


def _matrix_note(parts: list[tuple[str, list[str]]]) -> str:
    """What the Summary says when the matrix is split (empty when it is not)."""
    if len(parts) < 2:
        return ""
    count = sum(len(run) for _, run in parts)
    return (f"{count:,} source elements give evidence, more than the {MATRIX_SOURCE_COLUMNS:,} source columns a sheet "
            f"can hold (Excel stops at column XFD): the matrix is split over the sheets "
            + ", ".join(name for name, _ in parts) + ", each with every target element as a row and the next "
            f"{MATRIX_SOURCE_COLUMNS:,} source elements, in framework order, as columns.")


def _matrix(wb: Workbook, analysis: Analysis, parts: list[tuple[str, list[str]]]) -> None:
    first = 1
    for name, sources in parts:
        part = f" This sheet: source elements {first:,}-{first + len(sources) - 1:,} of " \
               f"{sum(len(run) for _, run in parts):,}." if len(parts) > 1 else ""
        _matrix_sheet(wb.create_sheet(name), analysis, sources, part)
        first += len(sources)


def _matrix_sheet(ws: Worksheet, analysis: Analysis, sources: list[str], part: str) -> None:
    styled = _StyleCopies()
    put(ws, 1, 1, "target \u2193 / source \u2192").font = BOLD
    for column, ident in enumerate(sources, start=3):
        styled(put(ws, 1, column, ident), "header", _source_header)
        ws.column_dimensions[get_column_letter(column)].width = 4.5
    put(ws, 1, 2, "Status").font = BOLD
    index = {ident: column for column, ident in enumerate(sources, start=3)}
    for row, (ident, coverage) in enumerate(analysis.result.elements.items(), start=2):
        put(ws, row, 1, ident)
        put(ws, row, 2, coverage.status).fill = _fill(STATUS_FILL[coverage.status])
        for evidence in coverage.evidence:
            column = index.get(evidence.source[1])
            if column is None:  # on another part of a split matrix
                continue
            styled(put(ws, row, column, alg.symbol(evidence.relation.relation)), evidence.contribution, _symbol_style)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 17
    ws.freeze_panes = "C2"
    legend = len(analysis.result.elements) + 3
    put(ws, legend, 1, "Symbols: = equal, \u2283 source broader (superset), \u2282 source narrower (subset), "
                       "\u2229 intersects, ~ related (concept crosswalk), \u2205 no relationship; "
                       "green gives coverage, yellow partial, grey none (not implemented or no overlap)." + part)


def _source_header(cell: Any, _key: str) -> None:
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    cell.alignment = Alignment(text_rotation=90, vertical="bottom", horizontal="center")


def _symbol_style(cell: Any, contribution: str) -> None:
    cell.fill = _fill(CONTRIBUTION_FILL[contribution])
    cell.alignment = Alignment(horizontal="center")


class _StyleCopies:
    """Style a cell like an earlier cell of the same kind by copying that cell's style indices.

    Why: openpyxl hashes every font, fill and alignment assigned to a cell to find its index in the
    workbook, about 0.1 ms a cell; a matrix of 16,382 source columns has tens of thousands of cells in
    a handful of styles. The first cell of each kind is styled the ordinary way (so the workbook
    registers the same styles in the same order, and the bytes are those of styling every cell);
    the others take a copy of its ``StyleArray``, the indices openpyxl writes."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, bool], Any] = {}

    def __call__(self, cell: Any, key: str, apply: Any) -> None:
        slot = (key, bool(cell.quotePrefix))  # put() sets quotePrefix for text that starts like a formula
        known = self._known.get(slot)
        if known is None:
            apply(cell, key)
            self._known[slot] = copy(cell._style)
        else:
            cell._style = copy(known)


def _gaps(wb: Workbook, analysis: Analysis, target_rows: dict[str, int]) -> None:
    ws = wb.create_sheet("Gaps")
    target = analysis.target
    rows = []
    order = sorted(analysis.gaps, key=lambda g: (0 if g.status == NOT_COVERED else 1, target.elements[g.element].index))
    order = sorted(order, key=lambda g: target.elements[g.group[0]].index if g.group else target.elements[g.element].index)
    for gap in order:
        element = target.elements[gap.element]
        top = gap.group[0] if gap.group else gap.element
        parent = gap.group[-1] if gap.group else ""
        rows.append([f"{top} {_short(target.elements[top].title, 40)}", parent, gap.element, element.title, gap.status,
                     gap.coverage.reason, _sources(analysis, gap, ("partial",)), _not_implemented(analysis, gap)])
    last = table(ws, 1, ["Group", "Parent", "Target element", "Title", "Status", "Why",
                         "Nearest partial evidence", "To close the gap, implement"], rows,
                 [28, 12, 16, 55, 17, 40, 50, 50], wrap=(1, 4, 6, 7, 8))
    for r in range(2, last + 1):
        ws.cell(row=r, column=5).fill = _fill(STATUS_FILL.get(ws.cell(row=r, column=5).value, "FFFFFF"))
        ident = ws.cell(row=r, column=3).value
        if ident in target_rows:
            link(ws.cell(row=r, column=3), f"'Target framework'!A{target_rows[ident]}")
    ws2 = wb.create_sheet("Unknown")
    rows = [[u.element, target.elements[u.element].title, target.elements[u.element].level or "", u.coverage.reason]
            for u in analysis.unknown]
    table(ws2, 1, ["Target element", "Title", "Level", "Why unknown (no evidence either way)"], rows, [16, 60, 12, 70],
          wrap=(2, 4))


def _paths(analysis: Analysis) -> list[tuple[str, Relation, str]]:
    """Every (target element, source relation, contribution), associations included."""
    out = []
    for ident, coverage in analysis.result.elements.items():
        out.extend((ident, evidence.relation, evidence.contribution) for evidence in coverage.evidence)
        out.extend((ident, relation, "associated only") for relation in coverage.associations)
    return out


def _rows_used(wb: Workbook, analysis: Analysis, paths: list[tuple[str, Relation, str]]) -> None:
    """Every declared mapping row that some evidence or association rests on, with its provenance."""
    ws = wb.create_sheet("Mapping rows")
    mappings = {m.id: m for m in analysis.workspace.mappings}
    used = sorted({row for _, relation, _ in paths for path in relation.paths for row in path.rows})
    rows = []
    by_index: dict[str, dict[int, Any]] = {}
    for mapping_id, index in used:
        mapping = mappings[mapping_id]
        if mapping_id not in by_index:
            by_index[mapping_id] = {r.index: r for r in mapping.rows}
        row = by_index[mapping_id][index]
        provenance = mapping.provenance
        rows.append([mapping.id, index + 1, mapping.source, ", ".join(row.sources), row.relationship, mapping.target,
                     ", ".join(row.targets), row.strength, ", ".join(row.rationale), row.judgement, row.as_written,
                     row.note, provenance.get("author", ""), provenance.get("document", ""),
                     provenance.get("status", ""), mapping.path])
    table(ws, 1, ["Mapping", "Row", "Source framework", "Source element(s)", "Relationship", "Target framework",
                  "Target element(s)", "Strength", "Rationale", "Judgement", "As written in source document", "Note",
                  "Author", "Document", "Status", "File"], rows,
          [34, 6, 18, 12, 15, 18, 12, 9, 12, 10, 28, 30, 24, 40, 10, 40], wrap=(4, 7, 11, 12, 14))


def _inferred(wb: Workbook, analysis: Analysis, paths: list[tuple[str, Relation, str]]) -> None:
    """One row per inferred (source, target) pair: the shortest path shown, the others counted."""
    ws = wb.create_sheet("Inferred links")
    rows = []
    for ident, relation, contribution in paths:
        if relation.kind == "direct":
            continue
        best = relation.paths[0]
        rows.append([relation.source[1], ident, alg.describe(relation.relation), relation.kind, ", ".join(best.pivots),
                     relation.weakest if relation.weakest is not None else "", contribution, len(relation.paths),
                     best.describe()])
    rows.sort(key=lambda r: (str(r[1]), str(r[0])))
    table(ws, 1, ["Source element", "Target element", "Implied relation", "Kind", "Pivots", "Weakest strength",
                  "Contribution", "Paths", "Shortest path (inferred links are never written back as authored rows)"],
          rows, [14, 14, 22, 10, 22, 10, 14, 7, 120], wrap=(9,))


def _framework_sheet(wb: Workbook, name: str, analysis: Analysis, which: str) -> dict[str, int]:
    ws = wb.create_sheet(name)
    framework = analysis.source if which == "source" else analysis.target
    profile = {e.element: e for e in analysis.profile.entries} if analysis.profile and which == "source" else {}
    statuses = analysis.result.source_statuses if which == "source" else {}
    rows, positions = [], {}
    linked = any(element.links for element in framework.elements.values())
    for row, element in enumerate(sorted(framework.elements.values(), key=lambda e: e.index), start=2):
        positions[element.id] = row
        citation = "; ".join(f"{k} {v}" for k, v in element.citation.items())
        values = ["  " * min(framework.depth(element.id), MAX_INDENT) + element.id, element.level or "", element.parent or "",
                  element.title, element.text, element.wording, citation]
        if which == "source":
            entry = profile.get(element.id)
            values += [statuses.get(element.id, ""), entry.evidence if entry else "", entry.owner if entry else ""]
        else:
            values += [analysis.result.elements[element.id].status]
        if linked:
            values.append(_links_cell(framework, element))
        rows.append(values)
    headers = ["Element", "Level", "Parent", "Title", "Text", "Wording", "Citation"]
    headers += ["Implementation status", "Evidence", "Owner"] if which == "source" else ["Coverage status"]
    widths = [18, 12, 12, 50, 70, 9, 30] + ([18, 40, 16] if which == "source" else [16])
    if linked:
        headers.append("Links (publisher's own, e.g. action to risk)")
        widths.append(40)
    table(ws, 1, headers, rows, widths, wrap=(4, 5, 7, 9, len(headers)))
    return positions


def _links_cell(framework: Framework, element: Element) -> str:
    """'gai-risk: 2.2 Confabulation', one per line: the id alone would send the auditor searching."""
    lines = []
    for link in element.links:
        target = framework.elements.get(link.element)
        label = f"{link.element} {target.title}" if target else link.element
        lines.append(f"{link.type}: {label}" if link.type else label)
    return "\n".join(lines)


def _print_setup(ws: Worksheet) -> None:
    """Landscape, one page wide, header row repeated: an auditor prints or converts to PDF."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.title not in ("Summary",):
        ws.print_title_rows = "1:1"


def build(analysis: Analysis) -> Workbook:
    wb = Workbook()
    _text_styles(wb)
    matrix_parts = _matrix_parts(_matrix_sources(analysis))
    _summary(wb, analysis, _matrix_note(matrix_parts))
    ws_target_rows: dict[str, int] = {
        e.id: row for row, e in enumerate(sorted(analysis.target.elements.values(), key=lambda e: e.index), start=2)
    }
    _coverage(wb, analysis, ws_target_rows)
    _gaps(wb, analysis, ws_target_rows)
    _matrix(wb, analysis, matrix_parts)
    paths = _paths(analysis)
    _rows_used(wb, analysis, paths)
    _inferred(wb, analysis, paths)
    _framework_sheet(wb, "Source framework", analysis, "source")
    _framework_sheet(wb, "Target framework", analysis, "target")
    for ws in wb.worksheets:
        _print_setup(ws)
    stamp = dt.datetime.combine(analysis.generated, dt.time())
    wb.properties.creator = "crosswalk"
    wb.properties.title = clean(analysis.title)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.lastModifiedBy = "crosswalk"
    return wb


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry times and order, so equal inputs give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def to_bytes(analysis: Analysis) -> bytes:
    # ExcelWriter rather than Workbook.save: save() stamps "modified" with the wall clock, so two
    # runs a second apart would differ; the workbook's own (report date) stamp must stand.
    buffer = io.BytesIO()
    ExcelWriter(build(analysis), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return _reproducible_zip(buffer.getvalue())


def write(analysis: Analysis, path: str | Path) -> None:
    """Write the workbook atomically: the old file (if any) stays until the new one is complete."""
    data = to_bytes(analysis)
    write_atomically(path, lambda stream: stream.write(data))
