"""The review workbook as LibreOffice sees it: printed (paper, size of every character, one page wide)
and saved again (its drop-downs, whole-number check and protection understood and kept).

Measured with tests/render_tools.py, as the gap report is; LibreOffice is installed by .ci/run.
"""

from __future__ import annotations

import re

import openpyxl
import pytest

from crosswalk.formats.review import layout, plan as planning, writer
from crosswalk.reporters.workbook import MIN_PRINTED_POINTS
from crosswalk.workspace import load
from tests.render_tools import min_text_size, pages_by_sheet, pdf_pages, xlsx_to_pdf
from tests.test_format_review import TTA_RMF, Candidate


@pytest.fixture(scope="module")
def review_plan():
    workspace = load([], include_builtin=True, include_cwd=False)
    source, target = workspace.framework("tta-trustworthy-ai@2023"), workspace.framework("nist-ai-rmf@1.0")
    leaves = [e.id for e in target.elements.values() if not any(c.parent == e.id for c in target.elements.values())]
    candidates = [Candidate(s, t, round(0.9 - 0.1 * rank, 2), ("bias", "data"))
                  for s in list(source.elements)[:8] for rank, t in enumerate(leaves[:4])]
    return planning.plan(workspace, source.ref, target.ref, mapping=TTA_RMF, candidates=candidates, method="lexical")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_review_workbook_prints_one_page_wide_at_8_points_or_more(tmp_path, review_plan, paper):
    xlsx = tmp_path / "review.xlsx"
    xlsx.write_bytes(writer.write(review_plan, paper=paper, generated="2026-11-28"))
    pages = pdf_pages(xlsx_to_pdf(xlsx, tmp_path))
    assert {(page.paper, page.orientation) for page in pages} == {({"a4": "A4", "letter": "Letter"}[paper], "landscape")}
    smallest = min_text_size(pages)
    assert smallest is not None and smallest >= MIN_PRINTED_POINTS - 0.01, smallest
    by_sheet = pages_by_sheet(pages)
    review = by_sheet[layout.SHEET]
    # one page wide: every page of the Review sheet repeats the whole header row, first to last column
    for page in review:
        words = " ".join(page.text.split())
        assert "Line" in words and "Reviewer" in words and "Page" in words, page.number
    assert len(by_sheet[layout.GUIDE]) == 1
    assert layout.STATE not in by_sheet  # the hidden state never prints


def test_libreoffice_keeps_the_drop_downs_the_number_check_and_the_protection(tmp_path, review_plan):
    xlsx = tmp_path / "review.xlsx"
    xlsx.write_bytes(writer.write(review_plan, generated="2026-11-28"))
    again = xlsx_to_pdf(xlsx, tmp_path / "saved", to="xlsx")
    book = openpyxl.load_workbook(again)
    sheet = book[layout.SHEET]
    assert sheet.protection.sheet
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in str(validation.sqref).split():
            found[re.match(r"[A-Z]+", cells).group()] = validation  # the column of "I2:I93"
    decision = found[layout.letter("decision")]
    assert decision.type == "list" and decision.formula1.strip('"').split(",") == list(layout.DECISIONS)
    relationship = found[layout.letter("relationship")]
    assert relationship.type == "list" and relationship.formula1.strip('"').split(",") == list(review_plan.relationships)
    strength = found[layout.letter("strength")]
    assert (strength.type, strength.operator, strength.formula1, strength.formula2) == ("whole", "between", "0", "10")
    assert sheet.cell(2, layout.INDEX["decision"]).protection.locked is False
    assert sheet.cell(2, layout.INDEX["source"]).protection.locked is True
