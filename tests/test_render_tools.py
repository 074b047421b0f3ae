"""The measuring instruments of tests/render_tools.py measure truly.

Each instrument is checked against a case whose right answer is known independently of it: a PDF
written here by hand with known matrices, a workbook printed at a known scale, a sheet fitted to the
page whose scale is read from the printed geometry, an HTML page with exactly three known problems.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tests.render_tools import (RenderToolError, browser_check, browser_page, font_used_for, min_text_size,
                                pages_by_sheet, pdf_pages, png_pages, xlsx_to_pdf)

ROOT = Path(__file__).resolve().parent.parent
FONT = "DejaVu Sans"  # installed with LibreOffice on Debian; the size, not the face, is under test


def hand_made_pdf(path: Path, content: bytes, width: int = 842, height: int = 595) -> Path:
    """A one-page PDF drawing ``content`` with Helvetica as /F1: nothing between the test and the numbers."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>" % (width, height),
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def piece(page, text):
    found = [p for p in page.pieces if p.text == text]
    assert len(found) == 1, (text, page.pieces)
    return found[0]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


# ---------------------------------------------------------------------------------------------
# Printed size: the font size times every matrix between it and the paper


def test_printed_size_multiplies_font_size_by_text_matrix_and_ctm_and_survives_rotation(tmp_path):
    content = (b"q 0.8 0 0 0.8 0 0 cm BT /F1 10 Tf 0.5 0 0 0.5 100 500 Tm (Scaled) Tj ET Q\n"  # 10 x 0.5 x 0.8
               b"BT /F1 10 Tf 0 0.5 -0.5 0 300 300 Tm (Turned) Tj ET\n"  # 90 degrees, 10 x 0.5
               b"q 2 0 0 2 0 0 cm BT /F1 9 Tf 0.7071 0.7071 -0.7071 0.7071 200 100 Tm (Slanted) Tj ET Q\n"  # 45, 9 x 2
               b"BT /F1 12 Tf 1 0 0 1 100 100 Tm (Plain) Tj ET")
    [page] = pdf_pages(hand_made_pdf(tmp_path / "m.pdf", content, width=800, height=600))
    assert (page.width, page.height, page.paper, page.orientation) == (800, 600, None, "landscape")
    assert page.sheet is None  # no bookmarks, no sheet
    assert (piece(page, "Scaled").size, piece(page, "Scaled").angle) == (4.0, 0)
    assert (piece(page, "Turned").size, piece(page, "Turned").angle) == (5.0, 90)
    assert (piece(page, "Slanted").size, piece(page, "Slanted").angle) == (18.0, 45)
    assert piece(page, "Plain").size == 12.0
    assert page.min_size == 4.0 and min_text_size([page]) == 4.0
    assert [p.text for p in page.smallest(2)] == ["Scaled", "Turned"]


def test_a_new_line_or_a_far_away_text_starts_a_new_piece(tmp_path):
    content = (b"BT /F1 10 Tf 1 0 0 1 50 500 Tm (Left cell) Tj 1 0 0 1 300 500 Tm (Right cell) Tj "
               b"1 0 0 1 50 480 Tm (Next line) Tj ET")
    [page] = pdf_pages(hand_made_pdf(tmp_path / "p.pdf", content))
    assert [(p.text, p.x0, p.top) for p in page.pieces] == [("Left cell", 50, 95), ("Right cell", 300, 95),
                                                             ("Next line", 50, 115)]
    assert (page.paper, page.orientation) == ("A4", "landscape")


# ---------------------------------------------------------------------------------------------
# LibreOffice: workbooks printed at a known scale


def wide_sheet(ws, columns: int, width: float) -> None:
    """A header row C1..Cn in 11 pt, one rotated header in 11 pt, and a body row."""
    for column in range(1, columns + 1):
        ws.cell(row=1, column=column, value=f"C{column}").font = Font(name=FONT, size=11)
        ws.cell(row=3, column=column, value=f"body {column}").font = Font(name=FONT, size=11)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.cell(row=2, column=1, value="Turned").font = Font(name=FONT, size=11)
    ws.cell(row=2, column=1).alignment = Alignment(text_rotation=90)
    ws.row_dimensions[2].height = 60
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """One workbook, printed once: sheets at a known scale, fitted to width, unscaled; A4 and Letter.

    The first sheet sets no paper: LibreOffice then uses its locale's default (Letter portrait here).
    """
    folder = tmp_path_factory.mktemp("printed")
    wb = openpyxl.Workbook()
    half = wb.active
    half.title = "Half"
    half["A1"] = "Printed at half size"
    half["A1"].font = Font(name=FONT, size=11)
    half.page_setup.scale = 50
    fitted = wb.create_sheet("Fitted")
    wide_sheet(fitted, columns=20, width=13)  # about two page widths (1.9 with Carlito for Calibri, 2.5 without)
    fitted.sheet_properties.pageSetUpPr.fitToPage = True
    fitted.page_setup.fitToWidth = 1
    fitted.page_setup.fitToHeight = 0
    wb.create_sheet("Empty")  # prints nothing: no page, no bookmark
    unscaled = wb.create_sheet("Unscaled")
    wide_sheet(unscaled, columns=20, width=13)
    letter = wb.create_sheet("Letter sheet")
    letter["A1"] = "Letter"
    letter.page_setup.orientation = "landscape"
    letter.page_setup.paperSize = letter.PAPERSIZE_LETTER
    portrait = wb.create_sheet("A4 portrait")
    portrait["A1"] = "Portrait"
    portrait.page_setup.orientation = "portrait"
    portrait.page_setup.paperSize = portrait.PAPERSIZE_A4
    wb.save(folder / "known.xlsx")
    return pdf_pages(xlsx_to_pdf(folder / "known.xlsx", folder / "pdf"))


def test_every_page_knows_its_sheet_from_libreoffice_bookmarks(printed):
    by_sheet = pages_by_sheet(printed)
    assert list(by_sheet) == ["Half", "Fitted", "Unscaled", "Letter sheet", "A4 portrait"]
    assert [len(pages) for pages in by_sheet.values()][:2] == [1, 1] and len(by_sheet["Unscaled"]) >= 2
    assert [p.number for p in printed] == list(range(1, 5 + len(by_sheet["Unscaled"])))
    assert "C20" in by_sheet["Fitted"][0].text and "C20" not in by_sheet["Unscaled"][0].text


def test_a_known_print_scale_gives_the_known_printed_size(printed):
    [page] = pages_by_sheet(printed)["Half"]
    assert piece(page, "Printed at half size").size == pytest.approx(5.5, abs=0.05)


def test_fit_to_width_printed_size_is_the_font_size_times_the_scale_read_from_the_geometry(printed):
    """The scale LibreOffice chose is read from where the columns print, independently of text sizes."""
    fitted, unscaled = pages_by_sheet(printed)["Fitted"][0], pages_by_sheet(printed)["Unscaled"][0]
    pitch = piece(unscaled, "C2").x0 - piece(unscaled, "C1").x0  # one column's width at 100 %, in points
    scale = (piece(fitted, "C2").x0 - piece(fitted, "C1").x0) / pitch
    printable = fitted.width - 2 * 0.75 * 72  # openpyxl's default margins: 0.75 inch left and right
    assert scale == pytest.approx(printable / (20 * pitch), rel=0.03)  # what fitting 20 columns to the page takes
    assert 0.35 < scale < 0.6  # columns about twice the page width: about half size
    assert piece(unscaled, "C1").size == pytest.approx(11, abs=0.05)
    assert piece(fitted, "C1").size == pytest.approx(11 * scale, rel=0.02)
    assert piece(fitted, "Turned").angle == 90  # rotated text is measured across its baseline, like flat text
    assert piece(fitted, "Turned").size == pytest.approx(piece(fitted, "C1").size, abs=0.02)
    assert fitted.min_size == pytest.approx(11 * scale, rel=0.02)


def test_a4_and_letter_landscape_and_portrait_are_recognised(printed):
    by_sheet = pages_by_sheet(printed)
    a4, letter, portrait = by_sheet["Fitted"][0], by_sheet["Letter sheet"][0], by_sheet["A4 portrait"][0]
    assert (a4.paper, a4.orientation) == ("A4", "landscape")
    assert (round(a4.width), round(a4.height)) == (842, 595)
    assert (letter.paper, letter.orientation) == ("Letter", "landscape")
    assert (round(letter.width), round(letter.height)) == (792, 612)
    assert (portrait.paper, portrait.orientation) == ("A4", "portrait")


def test_png_pages_are_pictures_of_the_pages(printed, tmp_path):
    pdf = tmp_path / "one.pdf"
    hand_made_pdf(pdf, b"BT /F1 12 Tf 1 0 0 1 100 100 Tm (Picture) Tj ET")
    [png] = png_pages(pdf, tmp_path / "png", dpi=60)
    assert png.name == "one-1.png" and png_size(png) == (round(842 * 60 / 72), round(595 * 60 / 72))


def test_a_missing_workbook_or_a_stuck_libreoffice_is_a_failure_that_says_so(tmp_path):
    with pytest.raises(RenderToolError, match="no such workbook"):
        xlsx_to_pdf(tmp_path / "absent.xlsx", tmp_path)
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "slow.xlsx")
    with pytest.raises(RenderToolError, match="no result within"):
        xlsx_to_pdf(tmp_path / "slow.xlsx", tmp_path, timeout=0.2)
    assert not (tmp_path / "slow.pdf").exists()


def test_font_used_for_names_the_font_libreoffice_will_draw(printed):
    """The font printed in the workbook above is the one fontconfig names (the workbook asked for DejaVu Sans)."""
    if font_used_for(FONT) is None:
        pytest.skip("fontconfig's fc-match is not installed")
    assert font_used_for(FONT) == FONT
    assert font_used_for("No Such Font Family Anywhere") not in (None, "No Such Font Family Anywhere")


# ---------------------------------------------------------------------------------------------
# Chromium: problems, requests, DOM and screenshot


BAD_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>bad</title></head><body>
<p>text</p>
<img src="http://example.invalid/x.png" alt="x">
<script>console.error("something broke");</script>
<script>throw new Error("uncaught thing");</script>
</body></html>"""

CLEAN_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>clean</title>
<style>body { font-family: sans-serif; } .tall { height: 2000px; background: linear-gradient(#fff, #9cf); }</style>
</head><body>
<h1 id="title">Coverage</h1>
<svg width="120" height="20" role="img"><rect width="80" height="20" fill="#2a7"/><rect x="80" width="40" height="20"
 fill="#c33"/></svg>
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/%3E" alt="">
<details><summary>Evidence</summary><p class="evidence">row 12 of the official crosswalk</p></details>
<table><tr><td class="n">23</td></tr><tr><td class="n">72</td></tr></table>
<div class="tall"></div>
<script>document.getElementById("title").dataset.ready = "yes";</script>
</body></html>"""


def test_a_page_with_three_problems_reports_exactly_those(tmp_path):
    html = tmp_path / "bad.html"
    html.write_text(BAD_PAGE, encoding="utf-8")
    result = browser_check(html)
    assert result.requests == ("http://example.invalid/x.png",)
    assert result.page_errors == ("Error: uncaught thing",)
    assert sorted(m.text for m in result.console if m.type == "error") == [
        "Failed to load resource: net::ERR_BLOCKED_BY_CLIENT.Inspector", "something broke"]  # the first: the request
    assert result.problems == ("request: http://example.invalid/x.png", "uncaught exception: Error: uncaught thing",
                               f"console error: something broke ({html.as_uri()}:3)")


def test_a_local_file_the_page_pulls_in_is_a_request_too(tmp_path):
    (tmp_path / "style.css").write_text("body { color: red; }", encoding="utf-8")
    html = tmp_path / "linked.html"
    html.write_text('<!doctype html><link rel="stylesheet" href="style.css"><p>x</p>', encoding="utf-8")
    assert browser_check(html).problems == (f"request: {(tmp_path / 'style.css').as_uri()}",)


def test_a_clean_page_reports_nothing_and_gives_its_dom_and_a_full_page_screenshot(tmp_path):
    html = tmp_path / "clean.html"
    html.write_text(CLEAN_PAGE, encoding="utf-8")
    shot = tmp_path / "shots" / "clean.png"
    result = browser_check(html, screenshot=shot, expressions={
        "ready": "document.getElementById('title').dataset.ready",
        "numbers": "[...document.querySelectorAll('td.n')].map(td => Number(td.textContent))"})
    assert result.problems == () and result.requests == () and result.console == ()
    assert result.values == {"ready": "yes", "numbers": [23, 72]}
    assert result.text.startswith("Coverage")
    width, height = png_size(shot)
    assert width == 1280 and height > 2000  # the full page, not the 800-pixel viewport
    assert shot.stat().st_size > 5000


def test_a_session_lets_a_test_open_what_is_folded(tmp_path):
    html = tmp_path / "clean.html"
    html.write_text(CLEAN_PAGE, encoding="utf-8")
    with browser_page(html) as session:
        assert not session.page.locator(".evidence").is_visible()
        session.page.click("summary")
        assert session.page.locator(".evidence").is_visible()
        assert session.texts(".evidence") == ["row 12 of the official crosswalk"]
        assert session.problems() == []


# ---------------------------------------------------------------------------------------------
# The shipped workbook, as printed today (numbers: benchmarks/print_check.py)


def test_the_shipped_workbook_prints_every_visible_sheet_in_order(tmp_path):
    """Sheets are attributed on a real report; its sizes and page counts are measured, not asserted, by
    benchmarks/print_check.py until the printable workbook lands."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import print_check

    out = print_check.report_workbook("aiverify-2023-to-nist-ai-rmf", tmp_path)
    pages = pdf_pages(xlsx_to_pdf(out, tmp_path))
    visible = [ws.title for ws in openpyxl.load_workbook(out).worksheets if ws.sheet_state == "visible"]
    assert [line.sheet for line in print_check.by_sheet(pages)] == visible
    assert sum(line.pages for line in print_check.by_sheet(pages)) == len(pages)
    assert all(page.paper in ("A4", "Letter") and page.pieces for page in pages)
