"""The Excel gap workbook as a rendering of the report model: every shipped report renders, its figures
are the JSON's, every data sheet is a clean named table pandas reads, pages carry a header and footer,
the bytes are reproducible, and (with LibreOffice) the pages print landscape with no text under 8 pt."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import pytest
from openpyxl import load_workbook

from crosswalk import reportmodel
from crosswalk.coverage import STATUSES
from crosswalk.figures import plural
from crosswalk.model import natural_key
from crosswalk.report import Request, analyse, request_from_definition
from crosswalk.reporters import workbook
from crosswalk.reportmodel import ANSWER_WORDS, ANSWERS
from crosswalk.workspace import load

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted(path.stem for path in (ROOT / "reports").glob("*.yaml"))
BANK = "example-bank-aiverify-2023-to-nist-ai-rmf"
PROFILE = ROOT / "profiles" / "example-bank-aiverify-2023.yaml"
DATA_SHEETS = ("Actions", "Coverage", "Gaps", "Figures", "Evidence", "Associations", "Mapping rows", "Matrix", "Source framework",
               "Target framework", "Inputs", "Glossary")
APPENDIX = ("Evidence", "Associations", "Mapping rows", "Matrix", "Source framework", "Target framework", "Inputs")


@lru_cache(maxsize=None)
def workspace():
    return load([], include_builtin=True, include_cwd=False)


@lru_cache(maxsize=None)
def shipped(report_id: str) -> tuple[reportmodel.GapReport, bytes]:
    definition = workspace().report(report_id)
    report = reportmodel.build(analyse(workspace(), request_from_definition(definition)))
    return report, workbook.to_bytes(report)


def opened(data: bytes):
    return load_workbook(io.BytesIO(data))


def table_rows(sheet) -> list[dict]:
    """A data sheet's table as {header: value} rows (what lies below the table is not in it)."""
    (table,) = sheet.tables.values()
    last = int(re.search(r"(\d+)$", table.ref).group(1))
    rows = list(sheet.iter_rows(min_row=1, max_row=last, values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:] if any(value is not None for value in row)]


def summary_block(sheet, header: str) -> list[tuple]:
    """The rows of the Summary block whose header row starts with ``header``, up to the next empty row."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == header)
    block = []
    for row in rows[start + 1:]:
        if row[0] is None:
            break
        block.append(row)
    return block


@pytest.mark.parametrize("report_id", REPORTS)
def test_every_shipped_report_renders_with_the_json_figures(report_id):
    report, data = shipped(report_id)
    expected = reportmodel.as_dict(report)
    wb = opened(data)
    assert wb.sheetnames[0] == "Summary" and wb.sheetnames[1:5] == ["Actions", "Coverage", "Gaps", "Figures"]
    summary = wb["Summary"]
    texts = [row[1] for row in summary.iter_rows(values_only=True) if len(row) > 1]
    assert expected["headline"]["answer"] in texts
    assert all(limit["text"] in texts for limit in expected["headline"]["limits"])
    leaves = {row[0]: row for row in summary_block(summary, "Status")}
    assert {status: leaves[status][1] for status in STATUSES} == expected["leaves"]["statuses"]
    if expected["ceiling"]:
        assert {status: leaves[status][3] for status in STATUSES} == expected["ceiling"]["statuses"]
    if expected["groups"]:
        level = expected["groups"][0]["level"].capitalize()
        groups = summary_block(summary, level)
        assert [(row[0], row[2], row[3], dict(zip(STATUSES, row[4:9]))) for row in groups] == [
            (g["element"], g["status"], g["leaves"]["total"], g["leaves"]["statuses"]) for g in expected["groups"]]
    if expected["position"]:
        answers = {row[0]: row[1] for row in summary_block(summary, "Answer")}
        assert answers == {ANSWER_WORDS[a]: n for a, n in expected["position"]["answers"].items()}
    figures = {row["Element"]: row for row in table_rows(wb["Figures"])}
    leafword = plural(expected["assessed_at"]).capitalize()
    for group in expected["groups"] + expected["subgroups"]:
        row = figures.pop(group["element"])
        assert row["Own status"] == group["status"] and row[leafword] == group["leaves"]["total"]
        assert {s: row[f"{leafword} {s}"] for s in STATUSES} == group["leaves"]["statuses"]
    assert figures == {}
    actions = table_rows(wb["Actions"])
    assert [(a["Source element"], a["Kind"]) for a in actions] == [(a["source"], a["kind"]) for a in expected["actions"]]
    coverage = table_rows(wb["Coverage"])
    assert [row["Element"] for row in coverage] == [e["element"] for e in expected["elements"]]
    for row, element in zip(coverage, expected["elements"]):
        assert (row["Status"], row["Associated only"], row["Evidence items"]) == (
            element["status"], element["associated"], element["evidence"] - element["associated"])
        assert [row[f"Sources {workbook.SHORT_ANSWER[a]}"] or 0 for a in ANSWERS] == [element["bearing"][a] for a in ANSWERS]
    set_relations = [e for e in expected["evidence"] if e["contribution"] != "associated only"]
    assert [(r["Target element"], r["Source element"], r["Contribution"]) for r in table_rows(wb["Evidence"])] == [
        (e["target"], e["source"], e["contribution"]) for e in set_relations]
    associations = table_rows(wb["Associations"])
    assert [row["Target element"] for row in associations] == [e["element"] for e in expected["elements"] if e["associated"]]
    for row in associations:  # every association is listed, grouped per target element
        listed = row["Associated source elements"].split(", ")
        assert listed == sorted({e["source"] for e in expected["evidence"] if e["target"] == row["Target element"]
                                 and e["contribution"] == "associated only"}, key=natural_key)
    assert [row["SHA-256"] for row in table_rows(wb["Inputs"])] == [i["sha256"] for i in expected["inputs"]]


def _pandas():
    return pytest.importorskip("pandas")


def test_every_data_sheet_is_a_named_table_pandas_reads_without_unnamed_columns():
    pd = _pandas()
    report, data = shipped(BANK)
    wb = opened(data)
    for name in DATA_SHEETS:
        sheet = wb[name]
        (table,) = sheet.tables.values()
        assert table.ref.startswith("A1:"), name
        header = [cell.value for cell in sheet[1]]
        assert [column.name for column in table.tableColumns] == header[:len(table.tableColumns)], name
        frame = pd.read_excel(io.BytesIO(data), sheet_name=name)
        assert not [c for c in frame.columns if str(c).startswith("Unnamed")], name
        assert len(frame) >= len(table_rows(sheet)), name
    coverage = pd.read_excel(io.BytesIO(data), sheet_name="Coverage")
    target = pd.read_excel(io.BytesIO(data), sheet_name="Target framework")
    joined = coverage.merge(target, on="Element", how="inner")
    assert len(joined) == len(coverage) == len(target) == 95  # every AI RMF id matches: no padding in any id
    assert set(joined["Element"]) == {row.element for row in report.rows}


def test_ids_sort_naturally_where_a_sheet_is_not_in_framework_order():
    _, data = shipped(BANK)
    wb = opened(data)
    evidence = table_rows(wb["Evidence"])
    runs: dict[tuple[str, str], list[str]] = {}
    for row in evidence:
        kind = "associated" if row["Contribution"] == "associated only" else row["Contribution"]
        runs.setdefault((row["Target element"], kind), []).append(row["Source element"])
    assert any(len(run) > 1 for run in runs.values())
    for run in runs.values():
        assert run == sorted(run, key=natural_key)
    governs = [row["Source element"] for row in evidence if row["Target element"] == "GOVERN"]
    assert governs.index("3.2.1") < governs.index("3.14.1")  # as text, 3.14.1 would come first
    rows = [(row["Mapping"], row["Row"]) for row in table_rows(wb["Mapping rows"])]
    assert rows == sorted(rows, key=lambda r: (natural_key(r[0]), r[1]))


def test_two_profiles_that_differ_give_different_summaries(tmp_path):
    text = PROFILE.read_text(encoding="utf-8")
    changed = text.replace("status: not-implemented", "status: implemented").replace(
        "status: not-applicable", "status: not-implemented")
    assert changed != text
    other = tmp_path / "other-bank.yaml"
    other.write_text(changed.replace("id: example-bank-aiverify-2023", "id: other-bank"), encoding="utf-8")

    def summary(path: Path) -> list[tuple]:
        report = reportmodel.build(analyse(workspace(), Request("aiverify@2023", "nist-ai-rmf@1.0", str(path))))
        return summary_block(opened(workbook.to_bytes(report))["Summary"], "Answer")

    first, second = summary(PROFILE), summary(other)
    assert {row[0]: row[1] for row in first}["not implemented"] == 19
    assert {row[0]: row[1] for row in second}["not implemented"] == 8
    assert first != second


def test_every_sheet_prints_landscape_with_header_footer_and_repeated_header():
    report, data = shipped(BANK)
    wb = opened(data)
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert int(sheet.page_setup.paperSize) == 9  # A4: the definition does not ask for Letter
        assert workbook.MIN_SCALE <= int(sheet.page_setup.scale) <= 100
        assert sheet.oddHeader.left.text.startswith(report.title[:20].replace("&", "&&"))
        assert sheet.oddFooter.center.text == "Page &P of &N"
        assert report.generated in sheet.oddFooter.left.text
        appendix = sheet.title.startswith(APPENDIX)
        assert ("Appendix" in sheet.oddHeader.center.text) == appendix, sheet.title
        if sheet.title != "Summary":
            assert sheet.print_title_rows == "$1:$1", sheet.title
    assert not wb["Summary"].print_title_rows


def test_letter_paper_and_classification_reach_every_page():
    from dataclasses import replace

    from crosswalk.model import SignOff

    definition = workspace().report(BANK)
    request = replace(request_from_definition(definition), paper="letter",
                      signoff=SignOff("A. Analyst", "R. Reviewer", "2026-12-01", "SME lending", "Internal & confidential"))
    data = workbook.to_bytes(reportmodel.build(analyse(workspace(), request)))
    wb = opened(data)
    for sheet in wb.worksheets:
        assert int(sheet.page_setup.paperSize) == 1  # Letter
        assert sheet.oddHeader.right.text == "Internal && confidential"  # & is a code in headers: doubled
    signoff = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row[0]}
    assert signoff["Prepared by"] == "A. Analyst" and signoff["Scope (AI systems or business unit)"] == "SME lending"
    blank = {row[0]: row[1] for row in opened(shipped(BANK)[1])["Summary"].iter_rows(values_only=True) if row[0]}
    assert blank["Reviewed by"] == workbook.BLANK  # a line to fill in by hand


def test_no_row_needs_more_than_excels_tallest_row():
    """Every wrapped cell's estimated lines fit its row, and no row is taller than 409 pt (a taller one
    is clipped when printed): long texts are cut with a pointer to the full text."""
    _, data = shipped(BANK)
    wb = opened(data)
    cut = 0
    for sheet in wb.worksheets:
        widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
        merged = {str(r).split(":")[0] for r in sheet.merged_cells.ranges}
        for row in sheet.iter_rows(min_row=2):
            height = sheet.row_dimensions[row[0].row].height or workbook.LINE_POINTS + 1
            assert height <= workbook.MAX_ROW_POINTS
            for cell in row:
                if not isinstance(cell.value, str) or not cell.alignment.wrap_text or cell.coordinate in merged:
                    continue
                cut += "\u2026 see" in cell.value or "\u2026 cut to fit" in cell.value
                lines = workbook.line_count(cell.value, widths.get(cell.column_letter, 13))
                assert lines * workbook.LINE_POINTS <= height, (sheet.title, cell.coordinate)
    assert cut  # the example bank's long titles are cut in the Evidence sheet, with a pointer


def test_identical_bytes_on_two_runs(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    definition = workspace().report(BANK)
    first = workbook.to_bytes(reportmodel.build(analyse(workspace(), request_from_definition(definition))))
    second = workbook.to_bytes(reportmodel.build(analyse(workspace(), request_from_definition(definition))))
    assert first == second


def test_fit_cuts_with_a_pointer_and_keeps_short_text():
    assert workbook.fit("short", 10, "see X") == "short"
    long = "word " * 400
    cut = workbook.fit(long, 20, "see Evidence")
    assert cut.endswith("\u2026 see Evidence") and workbook.line_count(cut, 20) <= workbook.MAX_LINES
    assert long.startswith(cut[: -len(" \u2026 see Evidence")])
    many = [f"GOVERN {i}.{j}" for i in range(1, 30) for j in range(1, 10)]
    listed = workbook.shorten(many, 12, "see Coverage")
    assert "more (see Coverage)" in listed and workbook.line_count(listed, 12) <= workbook.MAX_LINES


def test_scale_never_prints_text_under_8_points():
    assert workbook.scale_for([10] * 5, "a4") == 100
    assert workbook.scale_for([30] * 40, "a4") == workbook.MIN_SCALE  # prints several pages wide instead
    assert workbook.FONT_SIZE * workbook.MIN_SCALE / 100 >= workbook.MIN_PRINTED_POINTS
    assert workbook.scale_for([20] * 7, "letter") < workbook.scale_for([20] * 7, "a4")


# -- LibreOffice ------------------------------------------------------------------------------------

@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_example_banks_workbook_prints(tmp_path, paper):
    """Printed by LibreOffice: landscape on the asked paper, no text under 8 pt (measured as printed, by
    tests/render_tools.py), the headline and the header and footer on the first page, every sheet's pages
    headed with its name."""
    from tests.render_tools import min_text_size, pages_by_sheet, pdf_pages, xlsx_to_pdf

    from dataclasses import replace

    report = replace(shipped(BANK)[0], paper=paper)
    xlsx = tmp_path / "bank.xlsx"
    xlsx.write_bytes(workbook.to_bytes(report))
    pages = pdf_pages(xlsx_to_pdf(xlsx, tmp_path))
    assert {(page.paper, page.orientation) for page in pages} == {({"a4": "A4", "letter": "Letter"}[paper], "landscape")}
    smallest = min_text_size(pages)
    assert smallest is not None and smallest >= workbook.MIN_PRINTED_POINTS - 0.01, smallest
    words = " ".join(pages[0].text.split())
    assert " ".join(report.headline.answer.split())[:60] in words
    assert report.title[:30] in words and "Page 1 of" in words and "Summary" in words
    for sheet, printed in pages_by_sheet(pages).items():
        assert sheet is not None
        assert all(sheet in " ".join(page.text.split()) for page in printed), sheet  # the header names the sheet
    print(f"\n{BANK} on {paper}: {len(pages)} pages, smallest printed text {smallest:.2f} pt; "
          + ", ".join(f"{sheet} {len(p)}" for sheet, p in pages_by_sheet(pages).items()))


def test_cells_hold_values_as_openpyxl_binds_them():
    """The workbook binds text and numbers to its cells itself (for speed): what a reader gets back must
    be what openpyxl's own binding gives, for every kind of value a report can hold."""
    report, _ = shipped(BANK)
    book = workbook._Book(report)
    values = ["plain", "#N/A", "=1+1", "-x", "a\x1bb", "two\nlines", 3, 2.5, True, workbook.Put("#REF!", "wrap"),
              workbook.Put("linked", "link", "'Inputs'!A1")]
    columns = [workbook.Column(f"c{n}", 10) for n in range(len(values))]
    book.table("Kinds", "Kinds", columns, [values, ["", None, 0, 0.0, False, "x", "", "", "", "", ""]])
    sheet = load_workbook(io.BytesIO(workbook.save(book.wb)))["Kinds"]
    first, second = list(sheet.iter_rows(min_row=2, max_row=3))
    assert [cell.value for cell in first] == ["plain", "#N/A", "=1+1", "-x", "a\\x1bb", "two\nlines", 3, 2.5, True,
                                              "#REF!", "linked"]
    assert [cell.data_type for cell in first] == ["s", "e", "s", "s", "s", "s", "n", "n", "b", "e", "s"]
    assert [cell.quotePrefix for cell in first[:4]] == [False, False, True, True]  # formula-like text stays text
    assert first[10].hyperlink.location == "'Inputs'!A1" and first[10].hyperlink.ref == "K2"
    assert [cell.value for cell in second] == [None, None, 0, 0.0, False, "x", None, None, None, None, None]
