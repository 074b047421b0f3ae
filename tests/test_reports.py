"""Reports: the workbook reloaded and checked sheet by sheet, reproducible bytes, and the text formats."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from crosswalk import reportmodel
from crosswalk.cli import main
from crosswalk.reporters import workbook
from crosswalk.report import Request, analyse
from crosswalk.workspace import load
from tests.test_coverage import SRC, TGT, framework, mapping


@pytest.fixture
def library(tmp_path: Path) -> Path:
    (tmp_path / "src.yaml").write_text(framework("src", SRC), encoding="utf-8")
    target = dict(TGT)
    (tmp_path / "tgt.yaml").write_text(framework("tgt", target), encoding="utf-8")
    (tmp_path / "m.yaml").write_text(mapping("src-tgt", "src", "tgt", [
        ("s1", "t1", "equal", 10), ("s2", "t2", "subset_of", 5), ("s3", "t4", "superset_of", 8),
        ("s6", "t3", "intersects_with", 4)]), encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "kind: profile\nid: p\nframework: src@1\norganisation: Example Org\nentries:\n"
        "  - {element: s1, status: implemented, evidence: '=HYPERLINK(\"http://evil\")'}\n"
        "  - {element: s2, status: implemented, evidence: \"bell\\x07here\"}\n"
        "  - {element: s3, status: not-implemented}\n"
        "  - {element: s6, status: planned}\n", encoding="utf-8")
    return tmp_path


def analysis(library: Path, profile: bool = True):
    workspace = load([library], include_builtin=False, include_cwd=False)
    request = Request("src@1", "tgt@1", str(library / "p.yaml") if profile else None)
    return analyse(workspace, request)


def report(library: Path, profile: bool = True):
    return reportmodel.build(analysis(library, profile))


def table_rows(sheet) -> list[dict]:
    """A data sheet's rows as {header: value} (the header is row 1)."""
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:] if any(v is not None for v in row)]


def records(sheet) -> dict:
    """A data sheet's rows by their first cell (an id)."""
    return {row[next(iter(row))]: row for row in table_rows(sheet)}


def test_workbook_sheets_values_and_styles(library, tmp_path):
    out = tmp_path / "r.xlsx"
    workbook.write(report(library), out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Actions", "Coverage", "Gaps", "Figures", "Evidence", "Associations", "Mapping rows", "Matrix",
                             "Source framework", "Target framework", "Inputs", "Glossary"]
    coverage = wb["Coverage"]
    rows = records(coverage)
    assert rows["t1"]["Status"] == "covered"
    assert rows["t2"]["Status"] == "partially covered"
    # the gap names the source element whose implementation would close it (re-assessed, not asserted)
    assert rows["t4a"]["Status"] == "not covered" and "s3" in rows["t4a"]["Improved by"]
    assert rows["t5"]["Status"] == "unknown"
    assert coverage.freeze_panes == "B2" and coverage.tables["Coverage"].ref.startswith("A1:")
    assert coverage["D2"].fill.fgColor.rgb.endswith("C6EFCE")
    gaps = wb["Gaps"]
    gap_ids = [r["Element"] for r in table_rows(gaps)]
    assert set(gap_ids) >= {"t2", "t3", "t4a", "t4b"}
    linked = [c for c in gaps["D"][1:] if c.hyperlink is not None]
    assert linked and linked[0].hyperlink.location.startswith("'Coverage'!A")
    source = wb["Source framework"]
    evidence = {r: v["Evidence"] for r, v in records(source).items()}
    assert evidence["s1"] == '=HYPERLINK("http://evil")'  # kept as text
    assert source["I2"].value == '=HYPERLINK("http://evil")' and source["I2"].data_type == "s"
    assert source["I2"].quotePrefix  # Excel and LibreOffice show it as typed text, never re-evaluate it
    assert source["I2"].alignment.vertical == "top" and source["D2"].alignment.wrap_text  # the title
    assert not source["A2"].alignment.wrap_text and source["A2"].alignment.vertical == "top"
    assert (source["A2"].font.name, source["A2"].font.sz) == ("Calibri", 11)  # the default font, not an empty one
    assert evidence["s2"] == "bell\\x07here"  # control character spelled as an escape (XML 1.0 cannot hold it)
    summary = wb["Summary"]
    assert summary["A1"].value == "src \u2192 tgt"
    assert len(summary._charts) == 0 or summary._charts[0].grouping == "percentStacked"
    mapping_rows = table_rows(wb["Mapping rows"])
    assert {(r["Mapping"], r["Row"], r["Source elements"], r["Target elements"]) for r in mapping_rows} >= {
        ("src-tgt", 1, "s1", "t1")}


def test_two_runs_give_identical_bytes(library, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    workbook.write(report(library), first)
    workbook.write(report(library), second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    # the document's own timestamps are the report date, never the wall clock (runs a second apart)
    assert core.count("2023-11-14T00:00:00Z") == 2


def test_long_text_is_cut_to_excel_limit():
    assert len(workbook.clean("x" * 40_000)) == workbook.MAX_CELL


def test_failed_write_leaves_no_partial_file(library, tmp_path, monkeypatch):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"previous")

    def broken(_analysis):
        raise RuntimeError("disk full")

    monkeypatch.setattr(workbook, "to_bytes", broken)
    with pytest.raises(RuntimeError):
        workbook.write(report(library), out)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.xlsx")] == []


def test_cli_coverage_json_csv_markdown(library, capsys):
    base = ["--no-builtin", "--library", str(library), "--from", "src", "--to", "tgt@1"]
    assert main(["coverage", *base, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # figures count leaves (t1 and t4's two leaves), each level's own statuses apart (t4 itself is a group)
    assert data["summary"]["statuses"]["covered"] == 3
    assert sum(level["statuses"]["covered"] for level in data["summary"]["by_level"]) == 4
    t1 = next(e for e in data["elements"] if e["id"] == "t1")
    assert t1["evidence"][0]["paths"][0]["steps"][0]["mapping"] == "src-tgt"
    assert main(["gaps", *base, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["id"] for r in rows} >= {"t2", "t3", "t5"}
    assert main(["gaps", *base, "--format", "markdown", "--fail-on-gaps"]) == 1
    assert "| t2 |" in capsys.readouterr().out


def test_cli_report_errors_are_clear(library, capsys, tmp_path):
    assert main(["report", "--no-builtin", "--library", str(library), "--from", "src", "--to", "nope"]) == 2
    assert "no framework 'nope'" in capsys.readouterr().err
    assert main(["report", "--no-builtin", "--library", str(library), "--from", "src", "--to", "tgt",
                 "-o", str(tmp_path / "x.txt")]) == 2
    assert not (tmp_path / "x.txt").exists()


def test_written_report_has_ordinary_permissions(library, tmp_path):
    import os
    import stat

    out = tmp_path / "perm.xlsx"
    workbook.write(report(library), out)
    current = os.umask(0)
    os.umask(current)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~current


def test_requests_sharing_one_library_graph_give_what_each_gives_alone():
    """analyse(..., library_graph) lets a program build the graph once; the walks it remembers for one
    request must not change another's answer."""
    from crosswalk import graph
    from crosswalk.reporters.coverage import FORMATS

    workspace = load([], include_builtin=True, include_cwd=False)
    requests = [Request("aiverify@2023", "nist-ai-rmf@1.0"), Request("nist-ai-rmf@1.0", "aiverify@2023"),
                Request("tta-trustworthy-ai@2023", "aiverify@2023", via=("nist-ai-rmf@1.0",)),
                Request("aiverify@2023", "nist-ai-rmf@1.0", direct=True)]
    shared = graph.build(workspace)
    for request in requests:
        alone = FORMATS["json"](analyse(workspace, request), False)
        assert FORMATS["json"](analyse(workspace, request, shared), False) == alone, request


def test_report_commands_read_parsed_files_from_the_cache_with_the_same_answer(capsys, tmp_path, monkeypatch):
    """coverage/gaps/report/overview read the cache of parsed files validate writes: an answer read back
    from the cache must be the one parsed afresh, and --no-cache must leave the cache alone."""
    from crosswalk import cache

    folder = tmp_path / "cache"
    monkeypatch.setenv("CROSSWALK_CACHE_DIR", str(folder))
    argv = ["coverage", "aiverify-2023-to-tta-via-ai-rmf", "--format", "json"]
    try:
        assert main([*argv, "--no-cache"]) == 0
        uncached = capsys.readouterr().out
        assert not folder.exists()
        assert main(argv) == 0  # fills the cache
        entries = sorted(folder.rglob("*"))
        assert len([e for e in entries if e.is_file()]) >= 20  # one per shipped file at least
        assert capsys.readouterr().out == uncached
        from crosswalk import workspace as workspace_module

        def no_parsing(document):
            raise AssertionError(f"{document.path} parsed again although it is cached")

        monkeypatch.setattr(workspace_module, "_check", no_parsing)
        assert main(argv) == 0  # reads every file from the cache
        assert capsys.readouterr().out == uncached
        assert sorted(folder.rglob("*")) == entries
    finally:
        cache.configure(False)


def test_no_associations_keeps_every_status_and_drops_only_the_association_rows(capsys, tmp_path):
    """--no-associations (set relations only, computed by the sweep) must change what is listed,
    never a status or a relation: TTA -> AI Verify through the AI RMF is associations only, so its
    workbook keeps its 115 unknown elements and loses its inferred-link rows."""
    for report in ("tta-to-aiverify-2023-via-ai-rmf", "example-bank-aiverify-2023-to-nist-ai-rmf"):
        argv = ["coverage", report, "--format", "json"]
        assert main(argv) == 0
        full = json.loads(capsys.readouterr().out)
        assert main([*argv, "--no-associations"]) == 0
        lean = json.loads(capsys.readouterr().out)
        assert (full["scope"]["associations"], lean["scope"]["associations"]) == (True, False)
        assert lean["summary"] == full["summary"]
        def told(data):  # what an auditor reads of each piece of evidence, and the path shown first
            return [(e["id"], e["status"], [(v["source"], v["relation"], v["contribution"], v["kind"],
                                             v["weakest_strength"], v["paths"][0]["description"]) for v in e["evidence"]])
                    for e in data["elements"]]

        assert told(lean) == told(full), report
        assert any(e["associations"] for e in full["elements"]) and not any(e["associations"] for e in lean["elements"])
    assert any(e["evidence"] for e in lean["elements"])  # the second report has set relations to compare
    unknown = [e["reason"] for e in lean["elements"] if e["status"] == "unknown"]
    assert unknown and all("associations are not listed" in reason for reason in unknown)  # never "no row reaches it"
    out = tmp_path / "lean.xlsx"
    assert main(["report", "tta-to-aiverify-2023-via-ai-rmf", "--no-associations", "-o", str(out)]) == 0
    wb = load_workbook(out)
    said = [row[1] for row in wb["Summary"].iter_rows(max_col=2, values_only=True) if row[0] == "Associations"]
    assert any(str(value).startswith("not listed") for value in said), said  # (the other line is the sheet's)
    reasons = [r["Reason"] for r in records(wb["Coverage"]).values() if r["Status"] == "unknown"]
    assert reasons and all("associations are not listed" in reason for reason in reasons)
    assert main(["coverage", "tta-to-aiverify-2023-via-ai-rmf", "--no-associations", "--format", "markdown"]) == 0
    assert "set relations only (associations are not listed)" in capsys.readouterr().out.splitlines()[2]
    definition = tmp_path / "lean.yaml"  # a definition that turns them off, turned back on from the command line
    definition.write_text("kind: report\nid: lean\nfrom: tta-trustworthy-ai@2023\nto: aiverify@2023\n"
                          "via: [nist-ai-rmf@1.0]\nassociations: false\nmax_hops: 2\n", encoding="utf-8")
    assert main(["coverage", str(definition), "--associations", "--max-hops", "3", "--format", "json"]) == 0
    scope = json.loads(capsys.readouterr().out)["scope"]
    assert (scope["associations"], scope["max_hops"]) == (True, 3)
    evidence = table_rows(wb["Evidence"])
    assert not any(r["Contribution"] == "associated only" for r in evidence)  # none listed, as asked


def test_a_report_definition_can_ask_for_set_relations_only(capsys, tmp_path):
    definition = tmp_path / "lean.yaml"
    definition.write_text("kind: report\nid: lean\nfrom: tta-trustworthy-ai@2023\nto: aiverify@2023\n"
                          "via: [nist-ai-rmf@1.0]\nassociations: false\n", encoding="utf-8")
    assert main(["coverage", str(definition), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scope"] == {"pivots": ["nist-ai-rmf@1.0"], "max_hops": 3, "associations": False}
    assert not any(e["associations"] for e in data["elements"])
