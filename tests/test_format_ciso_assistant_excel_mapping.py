"""A mapping authored in CISO Assistant's Excel format comes in as the library they ship for it, and can be reviewed.

Real data: their example workbook (tools/example-mapping-nis2-and-iso27001-2022.xlsx) and the library
YAML they publish for the same mapping, both in ../shared/reference (read where they lie, never
copied; those tests skip where the folder is absent). Bad workbooks are made here with openpyxl.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from crosswalk import formats
from crosswalk.formats import ImportProblem
from crosswalk.formats.review import plan as planning, reader, writer
from crosswalk.workspace import load

ROOT = Path(__file__).resolve().parent.parent
CISO = ROOT.parent / "shared" / "reference" / "intuitem_ciso-assistant-community"
WORKBOOK = CISO / "tools" / "example-mapping-nis2-and-iso27001-2022.xlsx"
LIBRARY = CISO / "libraries"
SET = "mapping-annex-technical-and-methodological-requirements-nis2-and-iso27001-2022"
FRAMEWORK_LIBRARIES = ("annex-nis2-regulation--2024-2690-with-technical-implementation-guidance-by-enisa.yaml",
                      "iso27001-2022.yaml")
needs_ciso = pytest.mark.skipif(not WORKBOOK.is_file(), reason="../shared/reference (CISO Assistant) is not here")
ciso = formats.get("ciso-assistant")


@needs_ciso
def test_their_excel_mapping_imports_as_the_library_they_publish_for_it():
    (from_excel,) = ciso.convert(str(WORKBOOK), library_dir=str(LIBRARY))
    from_yaml = [d for d in ciso.convert(str(LIBRARY / f"{SET}.yaml")) if d["id"] == SET]
    assert len(from_yaml) == 1
    assert len(from_excel["rows"]) > 900
    for key in ("id", "source", "target", "style", "rows"):
        assert from_excel[key] == from_yaml[0][key], key


@needs_ciso
def test_an_imported_excel_mapping_goes_through_a_review_unchanged(tmp_path):
    frameworks = tmp_path / "lib"
    frameworks.mkdir()
    run = subprocess.run([sys.executable, "-m", "crosswalk", "import", "ciso-assistant", str(WORKBOOK),
                          "--option", f"library_dir={LIBRARY}", "-o", str(frameworks / "nis2.yaml")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    mapping = yaml.safe_load((frameworks / "nis2.yaml").read_text("utf-8"))
    for name in FRAMEWORK_LIBRARIES:
        run = subprocess.run([sys.executable, "-m", "crosswalk", "import", "ciso-assistant", str(LIBRARY / name),
                              "-o", str(frameworks) + "/"], capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
    workspace = load([str(frameworks)], include_builtin=False, include_cwd=False)
    plan = planning.plan(workspace, mapping["source"], mapping["target"], mapping=mapping["id"])
    path = tmp_path / "review.xlsx"
    path.write_bytes(writer.write(plan, generated="2026-11-28"))
    (back,) = reader.read(str(path), date="2026-11-28")
    assert back == mapping


def workbook_with(tmp_path: Path, meta: dict, rows: list[tuple]) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "library_meta"
    book.active.append(("type", "library"))
    sheet = book.create_sheet("mappings_meta")
    for key, value in meta.items():
        sheet.append((key, value))
    content = book.create_sheet("mappings_content")
    content.append(("source_node_id", "target_node_id", "relationship", "rationale", "strength_of_relationship"))
    for row in rows:
        content.append(row)
    path = tmp_path / "mapping.xlsx"
    book.save(path)
    return path


META = {"type": "requirement_mapping_set", "urn": "urn:x:risk:req_mapping_set:a-b", "ref_id": "a-b",
        "source_framework_urn": "urn:x:risk:framework:a", "target_framework_urn": "urn:x:risk:framework:b",
        "source_node_base_urn": "urn:x:risk:req_node:a", "target_node_base_urn": "urn:x:risk:req_node:b"}


def test_a_missing_meta_key_is_named(tmp_path):
    meta = dict(META)
    del meta["target_node_base_urn"]
    with pytest.raises(ImportProblem, match=r"sheet 'mappings_meta': the key 'target_node_base_urn' is missing"):
        ciso.convert(str(workbook_with(tmp_path, meta, [("1", "2", "equal", None, None)])))


def test_an_empty_node_cell_is_named_by_sheet_row_and_column(tmp_path):
    path = workbook_with(tmp_path, META, [("1", "2", "equal", None, None), ("3", None, "subset", None, None)])
    with pytest.raises(ImportProblem, match=r"sheet 'mappings_content', row 3, column B \(target_node_id\): empty"):
        ciso.convert(str(path))


def test_a_workbook_without_their_mapping_sheets_is_refused_with_what_it_has(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Sheet One"
    path = tmp_path / "other.xlsx"
    book.save(path)
    with pytest.raises(ImportProblem, match=r"has the sheets 'mappings_meta' and 'mappings_content'; this one has 'Sheet One'"):
        ciso.convert(str(path))


def test_a_bad_relationship_word_is_named_by_sheet_row_and_column(tmp_path):
    framework = {"urn": "urn:x:risk:library:a", "locale": "en", "ref_id": "a", "name": "A", "version": 1,
                 "provider": "x", "packager": "x",
                 "objects": {"framework": {"urn": "urn:x:risk:framework:a", "ref_id": "a", "name": "A",
                                           "requirement_nodes": [{"urn": "urn:x:risk:req_node:a:1", "ref_id": "1",
                                                                  "assessable": True, "depth": 1}]}}}
    other = yaml.safe_load(yaml.safe_dump(framework).replace(":a", ":b").replace("ref_id: a", "ref_id: b"))
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(framework), "utf-8")
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(other), "utf-8")
    path = workbook_with(tmp_path, META, [("1", "1", "overlaps", None, None)])
    with pytest.raises(ImportProblem, match=r"sheet 'mappings_content', row 2, column C: .*overlaps"):
        ciso.convert(str(path), library_dir=str(tmp_path))
