"""The Excel gap workbook: a rendering of the report model (:mod:`crosswalk.reportmodel`).

Why it only lays out: the workbook, the Markdown and the HTML page must say the same thing with the
same numbers, so every sentence and figure comes from the :class:`~crosswalk.reportmodel.GapReport`;
nothing here counts or decides.

What it guarantees, and why:

* **An auditor can print it.** Every sheet is landscape on the report's paper (A4 or Letter), with a
  header and footer on every page (title, date, page x of y, classification, sheet name; appendix
  sheets say so), the header row repeated, and no text printed below 8 pt: a sheet is scaled to the
  page width only down to :data:`MIN_SCALE`; wider ones print several pages wide. No row needs more
  than Excel's 409 pt: long cells are cut with a pointer to where the full text is. The Summary is a
  cover page whose blocks never run across a page break.
* **An analyst can pivot it.** Every data sheet is one named Excel table with its header in row 1 and
  one value per cell (ids without padding: indentation is cell alignment), ids in natural order where
  a sheet is not in framework order, legends in the Glossary, not in the tables.
* **It is safe.** Cell text goes through :func:`crosswalk.reporters.text_safety.shown` (XML 1.0 cannot
  hold most control characters), text that starts like a formula is stored as text, never as a
  formula, and text is cut to Excel's 32,767-character limit. The file is written atomically.
* **It is reproducible.** Workbook timestamps are the report date and zip entries carry a fixed time.
* **It is fast.** openpyxl's write-only mode streams each row; a styled cell is a prototype cell of
  its style given the value, placed and bound in one pass (:class:`_Cells`), so no font, fill or
  alignment is hashed per cell, clean text is not checked again, rows of one height share one row
  dimension, and only text longer than a line is measured or cut (``benchmarks/workbook_speed.py``).
"""

from __future__ import annotations

import datetime as dt
import warnings
from copy import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from crosswalk.atomic import write_atomically
from crosswalk.coverage import COVERED, NOT_APPLICABLE, NOT_COVERED, PARTIAL, STATUSES, UNKNOWN
from crosswalk.figures import plural
from crosswalk.model import natural_key as _natural_key
from crosswalk.reporters.coverage import MAX_INDENT
from crosswalk.reporters.text_safety import shown
from crosswalk.reportmodel import ANSWER_WORDS, ANSWERS, GapReport
from crosswalk.xlsxbytes import save

MAX_CELL = 32_767
MAX_COLUMNS = 16_384  # Excel's last column, XFD
MATRIX_SOURCE_COLUMNS = MAX_COLUMNS - 2  # beside the target element and its status
MAX_ROW_POINTS = 409  # Excel's tallest row
_FORMULA_START = ("=", "+", "-", "@")

FONT_SIZE = 11  # Calibri 11, the workbook default: every cell's text is this size (titles larger)
MIN_PRINTED_POINTS = 8
HEADER_POINTS = 8.5  # the printed size of page headers and footers
MIN_SCALE = 75  # percent: 11 pt printed at 75 % is 8.25 pt, above the 8 pt floor with room for rounding
LINE_POINTS = 14.0  # one wrapped line of Calibri 11 (13.5 pt in LibreOffice's Carlito) with room to spare
MAX_LINES = int((MAX_ROW_POINTS - 6) // LINE_POINTS)  # 26: the most lines a cell may need
CHARS_PER_WIDTH = 1.1  # characters of running text per unit of column width (Carlito fits 1.1-1.3: words vary)
CHARS_PER_WIDTH_BOLD = 0.95

STATUS_FILL = {COVERED: "C6EFCE", PARTIAL: "FFEB9C", NOT_COVERED: "FFC7CE", NOT_APPLICABLE: "D9D9D9",
               UNKNOWN: "FFFFFF"}
CHART_FILL = {**STATUS_FILL, UNKNOWN: "BFBFBF"}
CONTRIBUTION_FILL = {"full": "C6EFCE", "partial": "FFEB9C", "none": "F2F2F2"}
HEADER_FILL = "1F4E78"
BLANK = "_" * 30  # a line to fill in by hand

PAPER = {"a4": ("9", 11.69, 8.27), "letter": ("1", 11.0, 8.5)}  # openpyxl paper code, inches wide, high
MARGIN_SIDE, MARGIN_TOP, MARGIN_HEADER = 0.4, 0.75, 0.3  # inches

natural_key = lru_cache(maxsize=1 << 16)(_natural_key)
"""Ids in natural order (:func:`crosswalk.model.natural_key`), each id's key made once: the
Associations sheet sorts the same source ids again for every target element."""

APPENDIX = ("Evidence", "Associations", "Mapping rows", "Matrix", "Source framework", "Target framework", "Inputs")


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


# -- text that fits a printed row -------------------------------------------------------------------

def _per_line(width: float, bold: bool = False) -> int:
    """The characters a line of a column ``width`` wide holds (see :func:`line_count`)."""
    return max(4, int(width * (CHARS_PER_WIDTH_BOLD if bold else CHARS_PER_WIDTH)))


@lru_cache(maxsize=1 << 16)  # titles and paths repeat across rows: each is measured once per width
def line_count(text: str, width: float, bold: bool = False) -> int:
    """How many lines ``text`` takes wrapped at word boundaries in a column ``width`` characters wide
    (an estimate that errs on the high side: a row a line too tall wastes a line, a line too short
    hides one)."""
    per_line = _per_line(width, bold)
    count = 0
    for part in text.split("\n"):
        if len(part) <= per_line:
            count += 1
            continue
        lines, used = 1, 0
        for word in part.split(" "):
            size = len(word)
            if used and used + 1 + size <= per_line:
                used += 1 + size
                continue
            if used:
                lines += 1
            lines += (size - 1) // per_line if size > per_line else 0  # a word longer than the line breaks
            used = size % per_line if size > per_line else size
        count += lines
    return count


def fit(text: str, width: float, pointer: str, lines: int = MAX_LINES) -> str:
    """``text``, or as much of it as fits in ``lines`` lines followed by ``pointer`` (where the full
    text is): a row taller than Excel's 409 pt is clipped when printed."""
    if not text or line_count(text, width) <= lines:
        return text
    tail = f" \u2026 {pointer}"
    low, high = 0, len(text)
    while low < high:  # the longest prefix that still fits with the pointer
        middle = (low + high + 1) // 2
        if line_count(text[:middle].rstrip() + tail, width) <= lines:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + tail


def shorten(items: Sequence[str], width: float, pointer: str, separator: str = ", ") -> str:
    """A list joined into one cell; when it would not fit a printed row, its first items and how many
    more there are, with ``pointer`` to where the others are."""
    text = separator.join(items)
    if line_count(text, width) <= MAX_LINES:
        return text
    for keep in range(len(items) - 1, 0, -1):
        candidate = separator.join(items[:keep]) + f"{separator}\u2026 and {len(items) - keep} more ({pointer})"
        if line_count(candidate, width) <= MAX_LINES:
            return candidate
    return fit(text, width, pointer)


# -- styles ---------------------------------------------------------------------------------------

def _font(**style: Any) -> Font:
    """The workbook's default font (Calibri 11) with ``style`` on top: a Font without a name falls
    back to a different face in some viewers (a serif one in LibreOffice)."""
    return Font(**{"name": DEFAULT_FONT.name, "size": DEFAULT_FONT.sz, **style})


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)


def _style_rules() -> dict[str, dict[str, Any]]:
    """Every cell style of the workbook by name: the attributes a prototype cell is given once."""
    rules: dict[str, dict[str, Any]] = {
        "text": {"alignment": TOP},
        "id": {"alignment": TOP},
        "status": {"alignment": WRAP},
        "wrap": {"alignment": WRAP},
        "number": {"alignment": TOP},
        "percent": {"alignment": TOP, "number_format": "0%"},
        "header": {"font": _font(bold=True, color="FFFFFF"), "fill": _fill(HEADER_FILL), "alignment": WRAP},
        "header-up": {"font": _font(bold=True, color="FFFFFF"), "fill": _fill(HEADER_FILL),
                      "alignment": Alignment(text_rotation=90, vertical="bottom", horizontal="center", wrap_text=True)},
        "link": {"font": _font(color="0563C1", underline="single"), "alignment": TOP},
        "title": {"font": _font(bold=True, size=16), "alignment": Alignment(vertical="top")},
        "heading": {"font": _font(bold=True, size=13, color=HEADER_FILL), "alignment": TOP},
        "label": {"font": _font(bold=True), "alignment": WRAP},
        "headline": {"font": _font(bold=True), "alignment": WRAP},
        "blank": {"alignment": TOP, "font": _font(color="808080")},
    }
    for status, colour in STATUS_FILL.items():
        rules[f"status:{status}"] = {"fill": _fill(colour), "alignment": WRAP}
    for contribution, colour in CONTRIBUTION_FILL.items():
        rules[f"symbol:{contribution}"] = {"fill": _fill(colour), "alignment": Alignment(horizontal="center")}
    return rules


STYLE_RULES = _style_rules()
BOLD_STYLES = frozenset({"header", "label", "headline", "title", "heading"})


def _indent_rule(name: str) -> dict[str, Any] | None:
    if name.startswith("id:"):
        return {"alignment": Alignment(vertical="top", indent=min(int(name[3:]), MAX_INDENT))}
    if name.startswith("idlink:"):
        return {"alignment": Alignment(vertical="top", indent=min(int(name[7:]), MAX_INDENT)),
                "font": _font(color="0563C1", underline="single")}
    return None


class _Styles:
    """Each named style's ``StyleArray`` (the indices openpyxl writes), made once per workbook.

    Why: assigning a Font, Fill or Alignment to a cell makes openpyxl hash it to find its index, for
    every cell (issue 11 measured 3.4 s of named-style look-ups in the largest workbook). A prototype
    cell is styled once the ordinary way, in a fixed order (so the bytes never change), and every cell
    of that style takes a copy of its indices."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._arrays: dict[tuple[str, bool], Any] = {}

    def array(self, name: str, quoted: bool = False) -> Any:
        key = (name, quoted)
        found = self._arrays.get(key)
        if found is None:
            rules = STYLE_RULES.get(name) or _indent_rule(name)
            if rules is None:
                raise KeyError(name)
            sheet = self.workbook._sheets[0] if self.workbook._sheets else self.workbook.create_sheet("Summary")
            cell = WriteOnlyCell(sheet)
            for attribute, value in rules.items():
                setattr(cell, attribute, value)
            cell.quotePrefix = quoted  # text that starts like a formula: shown as typed, never evaluated
            found = self._arrays[key] = copy(cell._style)
        return found


class _StyledCell(Cell):
    """A write-only cell whose style is known: its style index and whether it has a style are plain
    slots (shadowing openpyxl's properties), set once on the prototype. openpyxl would otherwise look
    the cell's style up in the workbook's list of styles (hashing it), and test every style index, for
    every cell it writes."""

    __slots__ = ("style_id", "has_style", "coordinate")  # the coordinate ("B7") is set with the row and column


def _styled_cell(sheet: Any, array: Any) -> _StyledCell:
    cell = _StyledCell(sheet, row=1, column=1)
    cell.coordinate = "A1"
    cell._style = copy(array)
    cell.style_id = sheet.parent._cell_styles.add(cell._style)  # the index openpyxl would find
    cell.has_style = any(cell._style)  # what openpyxl's property answers: it decides the "s" attribute
    return cell


def _as_placed(cells: Iterable[Any], row: int) -> Iterable[Any]:
    """The cells of a row as :meth:`_Cells.row` gives them: already placed (see :class:`_Cells`)."""
    return cells


@dataclass(slots=True)
class Put:
    """A cell whose style or link differs from its column's."""

    value: Any
    style: str = ""
    link: str = ""  # a place in this workbook: "'Sheet'!A5"


_ERROR_CODES = frozenset(ERROR_CODES)


class _ColumnLetters(dict):
    """Column letters by column number ("A" for 1), each found once."""

    def __missing__(self, column: int) -> str:
        letters = self[column] = get_column_letter(column)
        return letters


_LETTERS = _ColumnLetters()


class _RowHeight(RowDimension):
    """A row dimension whose attributes (what openpyxl writes on the row's element) are listed once,
    when it is made: it is shared by every row of its height (see :meth:`_Cells.height`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._attributes = tuple(super().__iter__())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._attributes)


class _Cells:
    """The cells of one sheet, streamed row by row (openpyxl write-only mode).

    A row is a generator: each value is given to its style's prototype cell just before openpyxl
    writes it, so a cell costs a value assignment, not a new styled object (a cell with a link is
    new: openpyxl keeps its hyperlink object). Why the cells are placed here: openpyxl's write-only
    append() first tries each value as a plain value (for a cell: an exception with the cell's repr in
    its message), then makes a new cell after every styled one: twice the cost of writing the cell.
    Our cells arrive ready, with their row and column, so openpyxl's step is skipped
    (:func:`_as_placed`)."""

    def __init__(self, sheet: Any, styles: _Styles) -> None:
        self.sheet = sheet
        self.styles = styles
        self._prototypes: dict[tuple[str, bool], _StyledCell] = {}
        self._heights: dict[float, RowDimension] = {}
        if hasattr(sheet, "_values_to_row"):
            sheet._values_to_row = _as_placed

    def _prototype(self, style: str, quoted: bool) -> _StyledCell:
        key = (style, quoted)
        cell = self._prototypes.get(key)
        if cell is None:
            cell = self._prototypes[key] = _styled_cell(self.sheet, self.styles.array(style, quoted))
        return cell

    def height(self, points: float) -> RowDimension:
        """A row's dimension of ``points`` high, shared by every row of that height: write-only mode
        writes a row dimension's attributes (its height) and nothing else of it, and making one per
        row, or listing its attributes per row (openpyxl checks each of them), cost as much as writing
        the row's cells."""
        found = self._heights.get(points)
        if found is None:
            found = self._heights[points] = _RowHeight(self.sheet, ht=points)
        return found

    def row(self, values: Sequence[Any], styles: Sequence[str], row: int) -> Iterator[Any]:
        """Row ``row``'s cells, each placed, styled and given its value just before openpyxl writes it.

        Text and numbers are bound here as openpyxl's ``Cell.value`` would bind them (text: type "s",
        or "e" for an error code such as ``#N/A``; int and float: "n"), without its checks: the text
        is already :func:`clean` (no control character, within the length limit). Any other value
        goes through openpyxl."""
        prototypes = self._prototypes
        letters = _LETTERS
        number = str(row)
        column = 0
        for value, style in zip(values, styles):
            column += 1
            link = ""
            if type(value) is Put:
                value, style, link = value.value, value.style or style, value.link
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is str:
                if len(value) > MAX_CELL or not value.isprintable():
                    value = clean(value)
                quoted = value.startswith(_FORMULA_START)
                data_type = "s" if quoted or value not in _ERROR_CODES else "e"
            elif kind is int or kind is float:
                quoted, data_type = False, "n"
            else:
                value = clean(value)
                quoted, data_type = isinstance(value, str) and value.startswith(_FORMULA_START), ""
            cell = prototypes.get((style, quoted)) or self._prototype(style, quoted)
            if link:
                prototype = cell
                cell = _StyledCell(self.sheet, row=row, column=column)
                cell._style = copy(prototype._style)
                cell.style_id, cell.has_style = prototype.style_id, prototype.has_style
                cell._hyperlink = Hyperlink(ref=letters[column] + number, location=link)
            cell.column = column
            cell.row = row
            cell.coordinate = letters[column] + number
            if data_type:
                cell._value = value
                cell.data_type = data_type
            else:
                cell.value = value
                if quoted:
                    cell.data_type = "s"  # text, never a formula
            yield cell


# -- sheets ---------------------------------------------------------------------------------------

@dataclass
class Column:
    header: str
    width: float
    style: str = "text"  # text, wrap, number, percent, id (indented by depth), status
    up: bool = False  # header written upwards (narrow numeric columns)


@dataclass
class Sheet:
    """A sheet being written: its cells, where it is, and its print setup."""

    name: str
    ws: Any
    cells: _Cells
    widths: list[float] = field(default_factory=list)
    rows: int = 0
    appendix: bool = False
    title_rows: bool = True

    def row(self, values: Sequence[Any], styles: Sequence[str], height: float | None = None) -> int:
        self.rows += 1
        if height is not None:
            self.ws.row_dimensions[self.rows] = self.cells.height(round(min(MAX_ROW_POINTS, height), 1))
        self.ws.append(self.cells.row(values, styles, self.rows))
        return self.rows


class _Book:
    """The workbook being written, and what every sheet shares (styles, the report, print setup)."""

    def __init__(self, report: GapReport) -> None:
        self.report = report
        self.wb = Workbook(write_only=True)
        self.styles = _Styles(self.wb)
        self.sheets: list[Sheet] = []

    def sheet(self, name: str, widths: Sequence[float], appendix: bool = False) -> Sheet:
        ws = self.wb.create_sheet(name)
        for column, width in enumerate(widths, start=1):  # before any row: write-only mode writes them first
            ws.column_dimensions[get_column_letter(column)].width = width
        sheet = Sheet(name, ws, _Cells(ws, self.styles), list(widths), appendix=appendix)
        self.sheets.append(sheet)
        return sheet

    def table(self, name: str, display: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
              fits: dict[int, str] | None = None, appendix: bool = False, freeze: str = "A2",
              row_styles: Callable[[Sequence[Any]], Sequence[str]] | None = None) -> Sheet:
        """A sheet holding one named table: header in row 1, ``rows`` below.

        ``fits`` maps a wrapped column to the pointer put after its text when it must be cut to fit
        a printed row (see :func:`fit`); every wrapped column is measured for the row's height."""
        sheet = self.sheet(name, [c.width for c in columns], appendix)
        headers = _unique([clean(c.header) for c in columns])
        sheet.ws.freeze_panes = freeze
        up = [c for c in columns if c.up]
        header_height = max([line_count(h, c.width, True) * LINE_POINTS + 4 for h, c in zip(headers, columns) if not c.up]
                            + [max(_upright_length(h, c.width) for h, c in zip(headers, columns) if c.up) * 5.8 + 10
                               if up else 0])
        sheet.row(headers, ["header-up" if c.up else "header" for c in columns], header_height)
        base = [c.style for c in columns]
        # (index, width, characters a line holds): a text of one line that fits needs no measuring
        wrapped = [(i, c.width, _per_line(c.width)) for i, c in enumerate(columns)
                   if c.style in ("wrap",) or c.style.startswith("status")]
        cut = [(index, pointer, columns[index].width, _per_line(columns[index].width))
               for index, pointer in (fits or {}).items()]
        for values in rows:
            if cut:
                values = list(values)
                for index, pointer, width, per_line in cut:
                    value = values[index]
                    put = type(value) is Put
                    text = value.value if put else value
                    # a printable text no longer than a line is already clean and fits: no need to cut
                    if isinstance(text, str) and (len(text) > per_line or not text.isprintable()):
                        text = fit(clean(text), width, pointer)
                        values[index] = Put(text, value.style, value.link) if put else text
            lines = 1
            for index, width, per_line in wrapped:
                text = values[index]
                if type(text) is Put:
                    text = text.value
                if isinstance(text, str) and len(text) > width and (len(text) > per_line or "\n" in text):
                    lines = max(lines, line_count(text, width))
            styles = row_styles(values) if row_styles else base
            sheet.row(values, styles, lines * LINE_POINTS + 4 if lines > 1 else None)
        last = max(sheet.rows, 2)  # a table needs a row below its header, even an empty one
        ref = f"A1:{get_column_letter(len(columns))}{last}"
        table = Table(displayName=display, ref=ref, tableStyleInfo=TableStyleInfo(
            name="TableStyleLight1", showRowStripes=True, showColumnStripes=False))
        # named here: write-only mode cannot read the header cells back, as openpyxl otherwise does
        table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, start=1)]
        table.autoFilter = AutoFilter(ref=ref)
        with warnings.catch_warnings():  # "you must add table columns manually": they are, above
            warnings.simplefilter("ignore", UserWarning)
            sheet.ws.add_table(table)
        sheet.table_rows = sheet.rows - 1  # type: ignore[attr-defined]
        return sheet


def _upright_length(header: str, width: float) -> int:
    """The characters of the longest line of a header written upwards: a column ``width`` wide holds
    two such lines from 6 up (split at the space nearest the middle)."""
    if width < 6 or " " not in header:
        return len(header)
    middle = len(header) / 2
    cut = min((i for i, c in enumerate(header) if c == " "), key=lambda i: abs(i - middle))
    return max(cut, len(header) - cut - 1)


def _unique(headers: list[str]) -> list[str]:
    """Table column names must differ: a repeated one gets " (2)", " (3)"..."""
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        name = header or "Column"
        while name in seen:
            seen[header] += 1
            name = f"{header} ({seen[header]})"
        seen.setdefault(name, 1)
        out.append(name)
    return out


def _place(sheet: str, row: int, column: int = 1) -> str:
    return f"'{sheet.replace(chr(39), chr(39) * 2)}'!{get_column_letter(column)}{row}"


SHORT_ANSWER = {**ANSWER_WORDS, "partial": "partial"}


def _answer(status: str) -> str:
    return ANSWER_WORDS.get(status, status)


# -- print setup ----------------------------------------------------------------------------------

def _printable(paper: str) -> tuple[float, float]:
    """Printable width in pixels (96 per inch, as column widths are measured) and height in points."""
    _, wide, high = PAPER.get(paper, PAPER["a4"])
    return (wide - 2 * MARGIN_SIDE) * 96, (high - 2 * MARGIN_TOP) * 72


def _pixels(width: float) -> float:
    """A column's printed width in pixels (at 96 per inch): Calibri 11's digit is 7 px wide plus 5 px
    of padding in Excel; LibreOffice prints columns about 5 % wider, which is what counts here."""
    return 7.4 * width + 5


def scale_for(widths: Sequence[float], paper: str) -> int:
    """The print scale (percent) that fits the columns on the page width, never below
    :data:`MIN_SCALE` (text under 8 pt): a sheet wider than that prints several pages wide."""
    needed = sum(_pixels(w) for w in widths) or 1
    available = _printable(paper)[0] * 0.98
    return max(MIN_SCALE, min(100, int(100 * available / needed)))


def _header_text(text: str) -> str:
    """Text for a page header or footer: '&' starts a code there, so it is doubled; Excel allows 255
    characters in each of them."""
    text = clean(text).replace("\n", " ").replace("&", "&&")
    return text if len(text) <= 80 else text[:79] + "\u2026"


def _print_setup(sheet: Sheet, report: GapReport) -> None:
    ws = sheet.ws
    code = PAPER.get(report.paper, PAPER["a4"])[0]
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = code
    ws.page_setup.scale = scale_for(sheet.widths, report.paper)
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_TOP
    ws.page_margins.header = ws.page_margins.footer = MARGIN_HEADER
    ws.print_options.gridLines = False
    if sheet.title_rows:
        ws.print_title_rows = "1:1"
    classification = report.signoff.classification
    kind = "Appendix: " if sheet.appendix else ""
    # LibreOffice scales headers and footers with the sheet whatever scaleWithDoc says, so they scale in
    # every application and are set large enough to print at 8.5 pt or more (9 pt at 100 %).
    ws.HeaderFooter.scaleWithDoc = True
    size = max(9, -(-HEADER_POINTS * 100 // ws.page_setup.scale))
    for part, text in ((ws.oddHeader.left, _header_text(report.title)),
                       (ws.oddHeader.center, kind + "&A"),
                       (ws.oddHeader.right, _header_text(classification) if classification else ""),
                       (ws.oddFooter.left, _header_text(f"Generated {report.generated} by {report.tool}")),
                       (ws.oddFooter.center, "Page &P of &N"),
                       (ws.oddFooter.right, _header_text(classification) if classification else kind + "&A")):
        if text:
            part.text = text
            part.size = int(size)
            part.font = f"{DEFAULT_FONT.name},Regular"


# -- the Summary (a cover page) -------------------------------------------------------------------

SUMMARY_WIDTHS = (24, 28, 11, 13, 11, 11, 11, 11, 11)
"""A label column, a text column, and seven narrow ones for figures: 131 wide, one A4 page at 100 %."""
WIDE = "B:I"  # a sentence: from the second column to the last


class _Cover:
    """The Summary, block by block: a block is kept on one page (a page break goes before a block
    that would not fit), so no table continues on the next page without its heading."""

    def __init__(self, book: _Book, sheet: Sheet) -> None:
        self.book, self.sheet = book, sheet
        _, self.page = _printable(book.report.paper)
        self.page *= 100 / scale_for(SUMMARY_WIDTHS, book.report.paper)
        self.page -= 24  # room for rounding in the estimated heights
        self.used = 0.0
        self.block: list[tuple[list[Any], list[str], float, str]] = []
        self.merges: list[str] = []

    def line(self, values: list[Any], styles: list[str], span: str = "", height: float | None = None) -> None:
        """A row of the current block; ``span`` ("B:I") merges those cells of the row (a sentence), and
        the row's height is estimated from the text."""
        if height is None:
            lines = 1
            widths = list(SUMMARY_WIDTHS)
            if span:
                first, last = (column_index_from_string(c) - 1 for c in span.split(":"))
                widths[first] = sum(SUMMARY_WIDTHS[first:last + 1])
            for value, width, style in zip(values, widths, styles):
                text = value.value if isinstance(value, Put) else value
                if isinstance(text, str):
                    lines = max(lines, line_count(text, width, style in BOLD_STYLES))
            height = lines * LINE_POINTS + 4 if lines > 1 else LINE_POINTS + 1
        self.block.append((values, styles, height, span))

    def end(self) -> None:
        """Write the block, after a page break when it would not fit on what is left of the page."""
        height = sum(h for _, _, h, _ in self.block) + LINE_POINTS
        if self.used and self.used + height > self.page:
            self.sheet.ws.row_breaks.append(Break(id=self.sheet.rows))
            self.used = 0
        for values, styles, row_height, span in self.block:
            row = self.sheet.row(values, styles, row_height)
            if span:
                first, last = span.split(":")
                self.merges.append(f"{first}{row}:{last}{row}")
        self.sheet.row([], [])
        self.used += height
        self.block = []

    def reserve(self, height: float) -> int:
        """Empty rows ``height`` points tall in the current block (a chart goes there); returns the
        number of the first, once written."""
        rows = max(1, int(height // (LINE_POINTS + 1)) + 1)
        for _ in range(rows):
            self.block.append(([], [], LINE_POINTS + 1, ""))
        return rows


def _summary(book: _Book, sheets: list[tuple[str, str]]) -> None:
    report = book.report
    sheet = book.sheet("Summary", SUMMARY_WIDTHS)
    sheet.title_rows = False
    cover = _Cover(book, sheet)
    leaves = plural(report.assessed_at, report.leaves.total)
    source, target = report.source, report.target

    cover.line([report.title], ["title"], height=24)
    if report.description:
        cover.line(["", report.description], ["text", "wrap"], span=WIDE)
    cover.line(["The answer", report.headline.answer], ["label", "headline"], span=WIDE)
    for number, limit in enumerate(report.headline.limits):
        cover.line(["What limits it" if number == 0 else "", limit.text], ["label", "wrap"], span=WIDE)
    cover.end()

    signoff = report.signoff
    cover.line(["Sign-off"], ["heading"], height=20)
    for label, value in (("Prepared by", signoff.prepared_by), ("Reviewed by", signoff.reviewed_by),
                         ("Date", signoff.date), ("Scope (AI systems or business unit)", signoff.scope),
                         ("Classification", signoff.classification)):
        cover.line([label, value or Put(BLANK, "blank")], ["label", "wrap"], span=WIDE)
    cover.end()

    if report.position is not None:
        position = report.position
        cover.line(["The organisation's position"], ["heading"], height=20)
        cover.line(["Organisation", position.organisation], ["label", "wrap"], span=WIDE)
        cover.line(["Date of the answers", position.date or "not given in the profile"], ["label", "wrap"], span=WIDE)
        cover.line(["Profile", f"{position.path}" + (f" ({position.source})" if position.source else "")],
                   ["label", "wrap"], span=WIDE)
        total = sum(position.answers.values())
        cover.line(["Answer", f"{source['label']} elements ({total} assessed)", "Share"], ["header"] * 3)
        for answer in ANSWERS:
            count = position.answers.get(answer, 0)
            cover.line([_answer(answer), count, count / total if total else 0], ["text", "number", "percent"])
        cover.end()

    ceiling = report.ceiling
    cover.line([f"Figures at the {report.assessed_at} level ({report.leaves.total} {leaves}, the level "
                f"{target['label']} is assessed at)"], ["heading"], height=20)
    headers = ["Status", plural(report.assessed_at).capitalize(), "Share"]
    if ceiling is not None:
        headers += [f"If every applicable {source['label']} element were implemented"]
    cover.line(headers, ["header"] * len(headers), span="D:I" if ceiling is not None else "")
    for status in STATUSES:
        count = report.leaves.counts[status]
        values: list[Any] = [Put(status, f"status:{status}"), count, report.leaves.share(status)]
        styles = ["text", "number", "percent"]
        if ceiling is not None:
            values.append(ceiling.counts[status])
            styles.append("number")
        cover.line(values, styles, span="D:I" if ceiling is not None else "")
    cover.end()

    if report.groups:
        level = report.groups[0].level
        cover.line([f"Per {level}: its own status, and its {plural(report.assessed_at)} by status"], ["heading"],
                   height=20)
        cover.line([level.capitalize(), "Title", "Own status", plural(report.assessed_at).capitalize(), *STATUSES],
                   ["header"] * 9, height=2 * LINE_POINTS + 4)
        first = sheet.rows + len(cover.block) + 1
        for group in report.groups:
            cover.line([group.element, group.title, Put(group.status, f"status:{group.status}"), group.leaves.total,
                        *(group.leaves.counts[s] for s in STATUSES)],
                       ["text", "wrap", "text", "number", *(["number"] * len(STATUSES))])
        last = first + len(report.groups) - 1
        chart_height = 3.0 + 0.9 * len(report.groups)  # cm
        anchor_row = sheet.rows + len(cover.block) + 2
        cover.reserve(chart_height / 2.54 * 72 + 8)
        cover.end()
        _chart(sheet, first, last, f"A{anchor_row}", chart_height,
               f"Share of each {level}'s {plural(report.assessed_at)} by status")

    cover.line(["Actions"], ["heading"], height=20)
    counts = (f"{len(report.implement)} to implement, {len(report.assess_first)} to assess first "
              f"(the Actions sheet lists each, with what it would change)." if report.actions else "")
    cover.line(["", " ".join(t for t in (report.actions_note, counts) if t)], ["label", "wrap"], span=WIDE)
    cover.end()

    cover.line(["Mappings used"], ["heading"], height=20)
    cover.line(["Mapping", "Title", "Authority", "Status", "Rows used", "Of which our judgement", "Rows in it"],
               ["header"] * 7, height=2 * LINE_POINTS + 4)
    for mapping in report.mappings:
        authority = f"{mapping.authority} ({mapping.author})" if mapping.author else mapping.authority
        cover.line([mapping.id, mapping.title, authority, mapping.status, mapping.rows_used, mapping.rows_ours,
                    mapping.rows], ["wrap", "wrap", "wrap", "wrap", "number", "number", "number"])
    if not report.mappings:
        cover.line(["", "No mapping row reaches any target element."], ["text", "wrap"], span=WIDE)
    cover.end()

    cover.line(["Compared"], ["heading"], height=20)
    scope = report.scope
    pivots = scope["pivots"]
    for label, value in (
        ("Source framework", f"{source['name']} ({source['ref']}), {source['publisher']}"),
        ("Target framework", f"{target['name']} ({target['ref']}), {target['publisher']}"),
        ("Profile", report.position.path if report.position else
         f"none: every {source['label']} element counts as implemented"),
        ("Pivot frameworks", "any" if pivots == "any" else (", ".join(pivots) or "none (direct mappings only)")),
        ("Most mapping rows per path", scope["max_hops"]),
        ("Mappings", "official rows only (--official-only)" if scope.get("official_only") else
         "official rows and rows of our judgement (each flagged where used)"),
        ("Associations", "listed" if scope["associations"] else
         "not listed: set relations only (--no-associations); the statuses are the same"),
        ("Generated", f"{report.generated} by {report.tool}"),
    ):
        cover.line([label, value], ["label", "wrap"], span=WIDE)
    cover.end()

    cover.line(["Where to find what"], ["heading"], height=20)
    for name, what in sheets:
        cover.line([Put(name, "link", _place(name, 1)), what], ["text", "wrap"], span=WIDE)
    cover.end()

    for merge in cover.merges:
        sheet.ws.merged_cells.add(merge)


def _chart(sheet: Sheet, first: int, last: int, anchor: str, height: float, title: str) -> None:
    """One stacked bar per group: the share of its leaves in each status (from the block's cells)."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "percentStacked"
    chart.overlap = 100
    chart.title = clean(title)
    chart.y_axis.title = "share of leaves"
    chart.y_axis.number_format = "0%"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # the first group on top, as in the block above
    chart.legend.position = "b"
    chart.add_data(Reference(sheet.ws, min_col=5, max_col=9, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=first, max_row=last))
    for series, status in zip(chart.series, STATUSES):
        series.graphicalProperties.solidFill = CHART_FILL[status]
        series.graphicalProperties.line.solidFill = "808080"
    chart.height = height
    chart.width = 24
    sheet.ws.add_chart(chart, anchor)


# -- data sheets ----------------------------------------------------------------------------------

def _actions(book: _Book, source_rows: dict[str, int]) -> Sheet:
    report = book.report
    columns = [Column("Kind", 12), Column("Source element", 11), Column("Title", 44, "wrap"),
               Column("Answer", 13, "wrap"), Column("Target elements it bears on", 24, "wrap"),
               Column("What implementing it would change", 34, "wrap")]
    rows = []
    for action in report.actions:
        changes = [f"{c.element}: {c.before} \u2192 {c.after}" for c in action.changes]
        rows.append([action.kind, _linked(action.source, source_rows, "Source framework"), action.title,
                     _answer(action.source_status),
                     shorten(list(action.bears_on), 24, "see Evidence"),
                     shorten(changes, 34, "see Coverage, column Improved by", "\n") if changes else "no status changes"])
    sheet = book.table("Actions", "Actions", columns, rows, fits={2: "see Source framework"})
    sheet.row([], [])
    width = sum(c.width for c in columns)
    note = report.actions_note
    sheet.row([note], ["wrap"], line_count(note, width) * LINE_POINTS + 4)
    sheet.ws.merged_cells.add(f"A{sheet.rows}:{get_column_letter(len(columns))}{sheet.rows}")
    return sheet


def _linked(ident: str, rows: dict[str, int], sheet: str, style: str = "link") -> Any:
    row = rows.get(ident)
    return Put(ident, style, _place(sheet, row)) if row else ident


def _coverage(book: _Book, target_rows: dict[str, int], evidence_rows: dict[str, int],
              association_rows: dict[str, int]) -> Sheet:
    report = book.report
    columns = [Column("Element", 14, "id"), Column("Title", 30, "wrap"), Column("Level", 11, "wrap"),
               Column("Status", 11, "status"), Column("Why unknown", 10, "wrap"), Column("Reason", 30, "wrap")]
    columns += [Column(f"Sources {SHORT_ANSWER[a]}", 6, "number", up=True) for a in ANSWERS]
    columns += [Column("Associated only", 6, "number", up=True), Column("Evidence items", 6, "number", up=True),
                Column("Rests on judgement or draft", 14, "wrap"), Column("Improved by", 12, "wrap")]
    rows = []
    for row in report.rows:
        first = evidence_rows.get(row.element)
        grouped = association_rows.get(row.element)
        evidence = row.evidence - row.associated
        rows.append([_linked(row.element, target_rows, "Target framework", f"idlink:{row.depth}"), row.title, row.level,
                     Put(row.status, f"status:{row.status}"), row.unknown_because, row.reason,
                     *(row.bearing[a] for a in ANSWERS),
                     Put(row.associated, "link", _place("Associations", grouped)) if grouped else row.associated,
                     Put(evidence, "link", _place("Evidence", first)) if first else evidence,
                     ", ".join(row.judgement), shorten(list(row.acted_on_by), 12, "see Actions")])
    return book.table("Coverage", "Coverage", columns, rows, fits={1: "see Target framework",
                                                                  5: "see Evidence"}, freeze="B2")


def _gaps(book: _Book, coverage_rows: dict[str, int]) -> Sheet:
    report = book.report
    parents = {row.element: row.parent for row in report.rows}
    titles = {row.element: row.title for row in report.rows}
    columns = [Column("Group", 12, "wrap"), Column("Group title", 18, "wrap"), Column("Parent", 12, "wrap"),
               Column("Element", 12), Column("Title", 32, "wrap"), Column("Status", 11, "status"),
               Column("Reason", 34, "wrap"), Column("Rests on judgement or draft", 12, "wrap"),
               Column("Improved by", 12, "wrap")]
    rows = []
    for row in report.gaps:
        top, seen = row.element, {row.element}
        while parents.get(top) and parents[top] not in seen:
            top = parents[top]
            seen.add(top)
        rows.append([top, titles.get(top, ""), row.parent, _linked(row.element, coverage_rows, "Coverage"), row.title,
                     Put(row.status, f"status:{row.status}"), row.reason, ", ".join(row.judgement),
                     shorten(list(row.acted_on_by), 12, "see Actions")])
    return book.table("Gaps", "Gaps", columns, rows, fits={1: "see Figures", 4: "see Target framework",
                                                           6: "see Evidence"})


def _figures(book: _Book) -> Sheet:
    report = book.report
    leafword = plural(report.assessed_at)
    columns = [Column("Element", 12, "id"), Column("Title", 40, "wrap"), Column("Level", 11, "wrap"),
               Column("Own status", 11, "status"), Column(leafword.capitalize(), 9, "number")]
    columns += [Column(f"{leafword.capitalize()} {status}", 10, "number") for status in STATUSES]
    columns += [Column(f"Share {status}", 9, "percent") for status in (COVERED, PARTIAL)]
    rows = []
    for group in sorted(report.groups + report.subgroups, key=lambda g: report.row_of.get(g.element, 0)):
        rows.append([Put(group.element, f"id:{group.depth}"), group.title, group.level,
                     Put(group.status, f"status:{group.status}"), group.leaves.total,
                     *(group.leaves.counts[s] for s in STATUSES),
                     group.leaves.share(COVERED), group.leaves.share(PARTIAL)])
    return book.table("Figures", "Figures", columns, rows, fits={1: "see Target framework"})


def _evidence(book: _Book, source_rows: dict[str, int]) -> Sheet:
    """One row per piece of evidence that implies a set relation (or a contradiction): what decides a
    status. Associations, which decide none, are grouped per target element on their own sheet."""
    report = book.report
    columns = [Column("Target element", 11), Column("Source element", 8), Column("Source title", 24, "wrap"),
               Column("Source answer", 13, "wrap"), Column("Relation", 14, "wrap"), Column("Contribution", 12, "wrap"),
               Column("Kind", 9), Column("Pivots", 8, "wrap"), Column("Paths", 6, "number"),
               Column("Shortest path", 50, "wrap"), Column("Mappings", 14, "wrap"),
               Column("Weakest strength", 9, "number")]  # 178 wide: one A4 page wide at 75 %
    # Titles are cut to three lines: the row is one piece of evidence, the title is there to recognise the
    # element, and its full text is one click away (the source element links to it).
    rows = ([item.target, _linked(item.source, source_rows, "Source framework"), fit(clean(item.source_title), 24,
             "see Source framework", 3), _answer(item.source_status), item.relation, item.contribution, item.kind,
             ", ".join(item.pivots), item.paths, item.path, ", ".join(item.mappings), item.weakest_strength]
            for item in report.evidence if item.contribution != ASSOCIATED)
    return book.table("Evidence", "Evidence", columns, rows, appendix=True, freeze="C2",
                      fits={9: "cut to fit the printed row; the JSON export lists every step"})


ASSOCIATED = "associated only"


def associations_by_target(report: GapReport) -> dict[str, list[Any]]:
    """Each target element's associations (evidence items that imply no set relation), in report order."""
    grouped: dict[str, list[Any]] = {}
    for item in report.evidence:
        if item.contribution == ASSOCIATED:
            grouped.setdefault(item.target, []).append(item)
    return grouped


def _associations(book: _Book, grouped: dict[str, list[Any]]) -> Sheet:
    """One row per target element that is only associated with some source elements: which ones, through
    which mappings, and one path as an example. Why grouped: a concept crosswalk at category level
    associates every subcategory with every element of its category (1,600 rows for the AI RMF), and
    each such path says the same thing; the JSON export and the HTML page list every one."""
    report = book.report
    columns = [Column("Target element", 13, "id"), Column("Status", 11, "status"), Column("Associated", 8, "number"),
               Column("Associated source elements", 60, "wrap"), Column("Through mappings", 26, "wrap"),
               Column("One path, for example", 60, "wrap")]
    rows = []
    for row in report.rows:
        items = grouped.get(row.element)
        if not items:
            continue
        sources = sorted({item.source for item in items}, key=natural_key)
        mappings = sorted({m for item in items for m in item.mappings})
        rows.append([Put(row.element, f"id:{row.depth}"), Put(row.status, f"status:{row.status}"), len(sources),
                     ", ".join(sources), ", ".join(mappings), items[0].path])
    return book.table("Associations", "Associations", columns, rows, appendix=True, freeze="B2",
                      fits={3: "cut to fit the printed row; the JSON export lists every one",
                            5: "cut to fit the printed row; the JSON export lists every step"})


def _mapping_rows(book: _Book) -> Sheet:
    """Every declared row the evidence rests on. What is the same for every row of a mapping (its
    frameworks, author, document, status and file) is on the Summary's list of mappings and the Inputs
    sheet, not repeated on each row: the sheet then prints one page wide."""
    report = book.report
    columns = [Column("Mapping", 30, "wrap"), Column("Row", 6, "number"), Column("Source elements", 14, "wrap"),
               Column("Relationship", 14), Column("Target elements", 14, "wrap"), Column("Strength", 8, "number"),
               Column("Rationale", 12, "wrap"), Column("Judgement", 10), Column("As written in the source document", 30, "wrap"),
               Column("Note", 40, "wrap")]
    used = sorted(report.rows_used, key=lambda r: (natural_key(r.mapping), r.row))
    rows = ([r.mapping, r.row, ", ".join(r.sources), r.relationship, ", ".join(r.targets), r.strength,
             ", ".join(r.rationale), r.judgement, r.as_written, r.note] for r in used)
    pointer = "cut to fit the printed row; the full text is in the mapping's file"
    return book.table("Mapping rows", "MappingRows", columns, rows, appendix=True, freeze="C2",
                      fits={8: pointer, 9: pointer})


def _matrix_sources(report: GapReport) -> list[str]:
    """The source elements that give some target element evidence (a set relation), in framework order."""
    order = {row.element: index for index, row in enumerate(report.source_elements)}
    used = {item.source for item in report.evidence if item.contribution in CONTRIBUTION_FILL}
    return sorted(used, key=lambda ident: (order.get(ident, len(order)), natural_key(ident)))


def _matrix_parts(sources: list[str]) -> list[tuple[str, list[str]]]:
    """(sheet name, its source columns): one sheet "Matrix", or, when the sources do not fit in Excel's
    last column (XFD, 16,384) beside the two fixed columns, consecutive runs of them on "Matrix",
    "Matrix (2)", ... so that every sheet has the same layout and opens in every spreadsheet."""
    per_sheet = MATRIX_SOURCE_COLUMNS
    runs = [sources[start:start + per_sheet] for start in range(0, len(sources), per_sheet)] or [[]]
    return [("Matrix" if n == 1 else f"Matrix ({n})", run) for n, run in enumerate(runs, start=1)]


def _matrix_note(parts: list[tuple[str, list[str]]]) -> str:
    """What the Summary says of the matrix when it is split (empty when it is not)."""
    if len(parts) < 2:
        return ""
    count = sum(len(run) for _, run in parts)
    return (f"{count:,} source elements give evidence, more than the {MATRIX_SOURCE_COLUMNS:,} source columns a sheet "
            f"can hold (Excel stops at column XFD): the matrix is split over the sheets "
            + ", ".join(name for name, _ in parts) + ", each with every target element as a row and the next "
            f"{MATRIX_SOURCE_COLUMNS:,} source elements, in framework order, as columns.")


def _matrix(book: _Book, parts: list[tuple[str, list[str]]]) -> None:
    report = book.report
    cells: dict[str, dict[str, tuple[str, str]]] = {}
    for item in report.evidence:
        if item.contribution in CONTRIBUTION_FILL:
            cells.setdefault(item.target, {}).setdefault(item.source, (item.symbol, item.contribution))
    for number, (name, sources) in enumerate(parts, start=1):
        columns = [Column("Target element", 14, "id"), Column("Status", 11, "status")]
        columns += [Column(ident, 3.6, "text", up=True) for ident in sources]

        def rows(sources: list[str] = sources) -> Iterator[list[Any]]:
            index = {ident: column for column, ident in enumerate(sources, start=2)}
            for row in report.rows:
                values: list[Any] = [None] * (len(sources) + 2)
                values[0] = Put(row.element, f"id:{row.depth}")
                values[1] = Put(row.status, f"status:{row.status}")
                for ident, (symbol, contribution) in cells.get(row.element, {}).items():
                    column = index.get(ident)
                    if column is not None:  # on another part of a split matrix
                        values[column] = Put(symbol, f"symbol:{contribution}")
                yield values

        book.table(name, "Matrix" if number == 1 else f"Matrix{number}", columns, rows(), appendix=True,
                   freeze="C2")


def _framework(book: _Book, which: str) -> Sheet:
    report = book.report
    elements = report.source_elements if which == "source" else report.target_elements
    name = "Source framework" if which == "source" else "Target framework"
    path = (report.source if which == "source" else report.target).get("ref", "")
    # About 178 wide in all: one A4 page wide at 75 % (the answers' columns would otherwise print on a
    # second page wide, each row as tall as its longest cell on either page).
    if which == "source":
        columns = [Column("Element", 10, "id"), Column("Level", 9, "wrap"), Column("Parent", 9), Column("Title", 28, "wrap"),
                   Column("Text", 40, "wrap"), Column("Wording", 8), Column("Citation", 16, "wrap"),
                   Column("Answer", 11, "wrap"), Column("Evidence", 26, "wrap"), Column("Owner", 10, "wrap"),
                   Column("Note", 12, "wrap")]
    else:
        columns = [Column("Element", 14, "id"), Column("Level", 11, "wrap"), Column("Parent", 12), Column("Title", 40, "wrap"),
                   Column("Text", 56, "wrap"), Column("Wording", 9), Column("Citation", 24, "wrap"),
                   Column("Coverage status", 11, "status")]
    linked = any(row.links for row in elements)
    if linked:
        columns.append(Column("Links (publisher's own, e.g. action to risk)", 40, "wrap"))
    rows = []
    for row in elements:
        values: list[Any] = [Put(row.element, f"id:{row.depth}"), row.level, row.parent, row.title, row.text,
                             row.wording, row.citation]
        if which == "source":
            values += [_answer(row.status) if row.status else "", row.evidence, row.owner, row.note]
        else:
            values += [Put(row.status, f"status:{row.status}")]
        if linked:
            values.append(row.links)
        rows.append(values)
    pointer = f"cut to fit the printed row; the full text is in the {path} file"
    fits = {3: pointer, 4: pointer, 6: pointer}
    if which == "source":
        fits.update({8: "cut to fit the printed row; the full text is in the profile", 10: "see the profile"})
    return book.table(name, "SourceFramework" if which == "source" else "TargetFramework", columns, rows,
                      appendix=True, fits=fits, freeze="B2")


def _inputs(book: _Book) -> Sheet:
    columns = [Column("Role", 18), Column("Name", 36, "wrap"), Column("Path", 50, "wrap"), Column("SHA-256", 66)]
    rows = [[i.role, i.name, i.path, i.sha256] for i in book.report.inputs]
    return book.table("Inputs", "Inputs", columns, rows, appendix=True)


MATRIX_COLOURS = ("Matrix colours", "A green cell gives coverage, a yellow one partial coverage, a grey one none "
                                    "(the source element is not implemented, or the relation does not cover).")


def _glossary(book: _Book) -> Sheet:
    columns = [Column("Term", 28, "wrap"), Column("Meaning", 100, "wrap")]
    rows = [[term, meaning] for term, meaning in book.report.glossary]
    rows.append(list(MATRIX_COLOURS))  # the legend of this rendering's colours, out of the Matrix table
    return book.table("Glossary", "Glossary", columns, rows)


def _what_is_where(report: GapReport, parts: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    leaves = plural(report.assessed_at)
    matrix = _matrix_note(parts)
    out = [
        ("Actions", "The source elements to act on, each with the target elements it bears on and what implementing it "
                    "would change (re-assessed by the engine), ordered by effect."),
        ("Coverage", f"One row per {report.target['label']} element: status, why unknown, the reason, the answers of "
                     "the source elements bearing on it, and its evidence (linked to the Evidence sheet)."),
        ("Gaps", "The elements not covered or partially covered, with their group and parent and the actions that "
                 "would improve each."),
        ("Figures", f"Per group: its own status, and its {leaves} by status (roll-ups count {leaves} only)."),
        ("Evidence", "Appendix: one row per piece of evidence that implies a set relation, with the shortest path."),
        ("Associations", "Appendix: per target element, the source elements it is only associated with (no set "
                         "relation, so no bearing on its status), through which mappings, and one path."),
        ("Mapping rows", "Appendix: every declared mapping row the evidence rests on (each mapping's author, "
                         "document and status are on the Summary)."),
        (parts[0][0], "Appendix: the source \u00d7 target grid of relation symbols (legend in the Glossary)."
                      + (" " + matrix if matrix else "")),
    ]
    out += [(name, f"Appendix: part {n} of the matrix.") for n, (name, _) in enumerate(parts[1:], start=2)]
    out += [
        ("Source framework", f"Appendix: the {report.source['label']} elements, full texts, with the answers."),
        ("Target framework", f"Appendix: the {report.target['label']} elements, full texts, with their status."),
        ("Inputs", "Appendix: every input file with its SHA-256, so the inputs can be checked."),
        ("Glossary", "The words this report uses, and the Matrix legend."),
    ]
    return out


# -- the whole workbook ---------------------------------------------------------------------------

def build(report: GapReport) -> Workbook:
    """The workbook, every sheet written (write-only: it can be saved once)."""
    book = _Book(report)
    parts = _matrix_parts(_matrix_sources(report))
    source_rows = {row.element: n for n, row in enumerate(report.source_elements, start=2)}
    target_rows = {row.element: n for n, row in enumerate(report.target_elements, start=2)}
    coverage_rows = {row.element: n for n, row in enumerate(report.rows, start=2)}
    evidence_rows: dict[str, int] = {}
    for n, item in enumerate((item for item in report.evidence if item.contribution != ASSOCIATED), start=2):
        evidence_rows.setdefault(item.target, n)
    grouped = associations_by_target(report)
    association_rows = {ident: n for n, ident in enumerate((row.element for row in report.rows
                                                            if row.element in grouped), start=2)}
    _summary(book, _what_is_where(report, parts))
    _actions(book, source_rows)
    _coverage(book, target_rows, evidence_rows, association_rows)
    _gaps(book, coverage_rows)
    _figures(book)
    _evidence(book, source_rows)
    _associations(book, grouped)
    _mapping_rows(book)
    _matrix(book, parts)
    _framework(book, "source")
    _framework(book, "target")
    _inputs(book)
    _glossary(book)
    for sheet in book.sheets:
        _print_setup(sheet, report)
    stamp = dt.datetime.combine(dt.date.fromisoformat(report.generated[:10]), dt.time())
    properties = book.wb.properties
    properties.creator = properties.lastModifiedBy = "crosswalk"
    properties.title = clean(report.title)
    properties.created = properties.modified = stamp
    return book.wb


def to_bytes(report: GapReport) -> bytes:
    """The workbook's bytes: the same report gives the same bytes."""
    return save(build(report))


def write(report: GapReport, path: str | Path) -> None:
    """Write the workbook atomically: the old file (if any) stays until the new one is complete."""
    data = to_bytes(report)
    write_atomically(path, lambda stream: stream.write(data))
