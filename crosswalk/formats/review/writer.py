"""A review :class:`~crosswalk.formats.review.plan.Plan` as an Excel workbook a reviewer fills in.

What the reviewer gets: a first sheet saying what to do and what the words mean; a Review sheet
with one line per pair (both elements' ids, titles and texts side by side, the suggestion's score
and reason, whether a row already exists or the engine already implies the pair), and six columns
to fill in: decision (accept / reject / later), relationship, strength (0-10), rationale, note,
reviewer. Drop-downs (Excel data validation) offer exactly the words the import accepts; the sheet
is protected except those columns (no password: protection guards against slips, not people), so
ids cannot be overtyped by accident; blank lines at the end take pairs nobody suggested. It prints
landscape, one page wide, header row repeated, at 8 pt or more.

What the import needs and the reviewer should not see is in a very hidden sheet: the mapping as
its file holds it (so rows nobody touched come back exactly), each line's ids as written (so an
edited id is caught), and the ids each framework has (so a typed id is checked without the library).
"""

from __future__ import annotations

import json
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from crosswalk.formats.review import layout
from crosswalk.formats.review.layout import COLUMNS, INDEX, letter
from crosswalk.formats.review.plan import Plan, described
from crosswalk.reporters.workbook import MARGIN_HEADER, MARGIN_SIDE, MARGIN_TOP, PAPER, clean, line_count, scale_for
from crosswalk.vocabulary import RATIONALES
from crosswalk.xlsxbytes import save

CHUNK = 30_000
"""Characters of the mapping's JSON per hidden cell (Excel holds at most 32,767 in one)."""
LINE_POINTS = 14.0
EDITABLE_FILL = PatternFill("solid", fgColor="FFF7E0")
FONT = "Calibri"  # named, else LibreOffice prints a serif fallback; Carlito stands in with Calibri's metrics
HEADER_POINTS = 30.0
"""Row 1: two lines, for headers that wrap ("Source id"); a one-line row would spill them into row 2."""
HEADER_FILL = PatternFill("solid", fgColor="1F3864")


def write(plan: Plan, paper: str = "a4", generated: str = "") -> bytes:
    """The workbook's bytes (deterministic: no clock is read; ``generated`` is the date to print)."""
    book = Workbook()
    guide = book.active
    guide.title = layout.GUIDE
    _guide(guide, plan, generated)
    sheet = book.create_sheet(layout.SHEET)
    _review(sheet, plan)
    _print_setup(sheet, plan, paper, generated)
    _print_setup(guide, plan, paper, generated, widths=(24, 110))
    state = book.create_sheet(layout.STATE)
    _state(state, plan)
    state.sheet_state = "veryHidden"
    state.protection.sheet = True
    book.active = 1
    book.properties.creator = "crosswalk"
    from datetime import datetime

    stamp = datetime.strptime(generated or "2000-01-01", "%Y-%m-%d")  # never the clock: same review, same bytes
    book.properties.created = book.properties.modified = stamp
    return save(book)


def _guide(ws: Any, plan: Plan, generated: str) -> None:
    document = plan.document
    counts = sum(1 for line in plan.lines if line.row is not None), sum(1 for line in plan.lines if line.row is None)
    what = (f"updates mapping {document['id']} ({document['style']}, {len(document.get('rows', []))} rows)"
            if plan.updating else f"makes the new mapping {document['id']} (typed, set theory: strm)")
    lines = [
        ("Review", f"{plan.source.ref} \u2192 {plan.target.ref}", True),
        ("This review", what, False),
        ("Lines", f"{counts[0]} existing row(s), pre-filled 'accept'; {counts[1]} candidate pair(s), blank"
                  + (f" (suggested by the {plan.method} method)" if plan.method else ""), False),
        ("Prepared", generated or "", False),
        ("", "", False),
        ("What to do", "On the Review sheet, for each line you decide on, fill in the shaded columns: Decision, "
                       "Relationship, Strength, Rationale, Note, Reviewer. Blank lines are left as they are.", True),
        ("Decision", "accept: the row goes into the mapping with your relationship, strength and rationale. "
                     "reject: an existing row is removed; a candidate is not added. later: nothing changes now.", False),
        ("Relationship", "From the drop-down. equal: the same requirement. subset_of: the source element is "
                         "wholly within the target (meeting the source meets part of the target). superset_of: "
                         "the source wholly contains the target. intersects_with: they overlap, neither within the "
                         "other. no_relationship: they do not overlap. related: a concept link (concept mappings only).",
         False),
        ("Strength", "0-10, NIST's OLIR rubric: equal is 10, no_relationship 0, the others 1-9 (7-9 very similar, "
                     "4-6 balanced, 1-3 mostly dissimilar).", False),
        ("Rationale", "Why they relate: syntactic (same words), semantic (same meaning), functional (same effect). "
                      "Required for a typed (strm) row.", False),
        ("Adding a pair", "Use the blank lines at the end of the Review sheet: type the source and target ids "
                          "(one per line in the cell for several), then decide as above.", False),
        ("Ids", "The id columns of existing and suggested lines are locked: to map another pair, reject the line "
                "and add the pair on a blank line. The sheet is protected without a password, against slips.", False),
        ("Then", f"crosswalk import review THIS-FILE.xlsx -o mappings/{document['id']}.yaml", True),
    ]
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 110
    for number, (label, text, bold) in enumerate(lines, start=1):
        ws.cell(number, 1, label).font = Font(name=FONT, size=11, bold=True)
        cell = _put(ws, number, 2, clean(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(name=FONT, size=11, bold=bold)
        ws.cell(number, 1).alignment = Alignment(vertical="top")
        ws.row_dimensions[number].height = LINE_POINTS * max(1, line_count(text, 110, bold=bold)) + 6


def _review(ws: Any, plan: Plan) -> None:
    for column in COLUMNS:
        cell = ws.cell(1, INDEX[column.key], column.header)
        cell.font = Font(name=FONT, size=11, bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter(column.key)].width = column.width
    ws.row_dimensions[1].height = HEADER_POINTS
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    centred = Alignment(horizontal="center", vertical="top")
    number = 1
    for line in plan.lines:
        number += 1
        values = {
            "line": line.number,
            "source": layout.ID_SEPARATOR.join(line.source),
            "source_text": described(plan.source, line.source),
            "target": layout.ID_SEPARATOR.join(line.target),
            "target_text": described(plan.target, line.target),
            "score": line.score,
            "reason": line.reason,
            "already": line.already,
            "decision": line.decision,
            "relationship": line.relationship,
            "strength": line.strength,
            "rationale": line.rationale,
            "note": line.note,
            "reviewer": "",
        }
        tallest = 1
        for column in COLUMNS:
            value = values[column.key]
            cell = _put(ws, number, INDEX[column.key], clean(value) if value not in ("", None) else None)
            cell.alignment = wrap if column.wrap else centred if column.key == "line" else top
            if column.editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
            if isinstance(value, str) and value:
                tallest = max(tallest, line_count(value, column.width))
        ws.row_dimensions[number].height = min(409, LINE_POINTS * tallest + 4)
    last_line = number
    for _ in range(layout.ADDED_LINES):
        number += 1
        for column in COLUMNS:
            cell = ws.cell(number, INDEX[column.key])
            cell.alignment = wrap if column.wrap else top
            if column.editable or column.key in ("source", "target"):
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
    end = number
    _validations(ws, plan, end)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{letter('reviewer')}{max(last_line, 2)}"
    ws.protection.sheet = True
    ws.protection.autoFilter = False  # filtering and sorting stay allowed on the protected sheet
    ws.protection.sort = False
    ws.protection.formatRows = False
    ws.protection.formatColumns = False


def _validations(ws: Any, plan: Plan, end: int) -> None:
    """Drop-downs and a whole-number check: Excel and LibreOffice refuse other entries as they are typed."""
    def add(key: str, validation: DataValidation) -> None:
        validation.add(f"{letter(key)}2:{letter(key)}{end}")
        ws.add_data_validation(validation)

    add("decision", DataValidation(type="list", formula1='"' + ",".join(layout.DECISIONS) + '"', allow_blank=True,
                                   showErrorMessage=True, errorTitle="Decision",
                                   error="Choose accept, reject or later (or leave it blank)."))
    add("relationship", DataValidation(type="list", formula1='"' + ",".join(plan.relationships) + '"',
                                       allow_blank=True, showErrorMessage=True, errorTitle="Relationship",
                                       error="Choose one of the listed relationships for a "
                                             f"{plan.document['style']} mapping."))
    add("strength", DataValidation(type="whole", operator="between", formula1="0", formula2="10", allow_blank=True,
                                   showErrorMessage=True, errorTitle="Strength",
                                   error="A whole number from 0 to 10 (equal 10, no_relationship 0, others 1-9)."))
    add("rationale", DataValidation(type="list", formula1='"' + ",".join(RATIONALES) + '"', allow_blank=True,
                                    showErrorMessage=False))  # an existing row may list several: warn, never block


def _print_setup(ws: Any, plan: Plan, paper: str, generated: str,
                 widths: tuple[float, ...] = tuple(column.width for column in COLUMNS)) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER.get(paper, PAPER["a4"])[0]
    ws.page_setup.scale = scale_for(widths, paper)
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_TOP
    ws.page_margins.header = ws.page_margins.footer = MARGIN_HEADER
    if ws.title == layout.SHEET:
        ws.print_title_rows = "1:1"
    size = max(9, -(-85 * 10 // ws.page_setup.scale))
    title = clean(f"Review: {plan.source.ref} to {plan.target.ref}").replace("&", "&&")
    for part, text in ((ws.oddHeader.left, title[:80]), (ws.oddHeader.center, "&A"),
                       (ws.oddFooter.left, f"Prepared {generated} by crosswalk" if generated else "crosswalk"),
                       (ws.oddFooter.center, "Page &P of &N")):
        part.text = text
        part.size = int(size)


def _state(ws: Any, plan: Plan) -> None:
    """Key, then values, one record per row: read back by :mod:`crosswalk.formats.review.reader`."""
    records: list[list[Any]] = [
        ["format", layout.FORMAT],
        ["source", plan.source.ref],
        ["target", plan.target.ref],
        ["updating", "yes" if plan.updating else "no"],
        ["method", plan.method],
    ]
    text = json.dumps(plan.document, ensure_ascii=False)
    records += [["document", text[start:start + CHUNK]] for start in range(0, len(text), CHUNK)] or [["document", ""]]
    for line in plan.lines:
        records.append(["line", line.number, layout.ID_SEPARATOR.join(line.source),
                        layout.ID_SEPARATOR.join(line.target), "" if line.row is None else line.row,
                        "" if line.score is None else line.score])
    records += [["source-id", ident] for ident in plan.source.elements]
    records += [["target-id", ident] for ident in plan.target.elements]
    for number, record in enumerate(records, start=1):
        for column, value in enumerate(record, start=1):
            _put(ws, number, column, value)


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    """A cell holding ``value``; text is always text, never a formula (an id or title may start with '=')."""
    cell = ws.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
