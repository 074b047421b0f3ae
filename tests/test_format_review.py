"""The review workbook: written from a plan, filled in as a reviewer would (openpyxl, as Excel saves), read back.

Real data: the shipped library's mappings. The round trip (review, then import with no change) is
held to identity on every shipped mapping; every kind of bad cell the issue names is refused with
the sheet, row and column, and nothing is written.
"""

from __future__ import annotations

import functools
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from crosswalk.formats import ImportProblem
from crosswalk.formats.review import layout, plan as planning, reader, writer
from crosswalk.formats.review.layout import INDEX
from crosswalk.workspace import load

ROOT = Path(__file__).resolve().parent.parent
TTA_RMF = "tta-trustworthy-ai-2023--nist-ai-rmf-1.0"


@dataclass(frozen=True)
class Candidate:  # the shape crosswalk.suggest returns
    source: str
    target: str
    score: float
    reason: tuple[str, ...] = ()
    existing: str | None = None
    implied: str | None = None


@pytest.fixture(scope="module")
def shipped():
    return load([], include_builtin=True, include_cwd=False)


def write(tmp_path: Path, plan: planning.Plan, name: str = "review.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(writer.write(plan, generated="2026-11-28"))
    return path


def fill(path: Path, edits: dict[tuple[int, str], object]) -> None:
    """Edit cells as a reviewer would (by sheet row and column key), and save as Excel does."""
    book = openpyxl.load_workbook(path)
    sheet = book[layout.SHEET]
    for (row, key), value in edits.items():
        sheet.cell(row, INDEX[key]).value = value
    book.save(path)


def sheet_row(path: Path, line: int) -> int:
    book = openpyxl.load_workbook(path, read_only=True)
    for number, row in enumerate(book[layout.SHEET].iter_rows(min_row=1, max_col=1, values_only=True), start=1):
        if row[0] == line:
            return number
    raise AssertionError(line)


def mapping_data(workspace, ident: str) -> dict:
    return workspace.document(workspace.mapping(ident).path).data


@pytest.mark.parametrize("top", [0, 3])
def test_review_then_import_with_no_change_gives_back_every_shipped_mapping(shipped, tmp_path, top):
    for mapping in shipped.mappings:
        source, target = shipped.ends(mapping)
        candidates = [Candidate(source_id, target_id, 0.5 - 0.1 * rank, ("shared term",))
                      for source_id in list(source.elements)[:4] for rank, target_id in
                      enumerate(list(target.elements)[:top])]
        plan = planning.plan(shipped, source.ref, target.ref, mapping=mapping.id, candidates=candidates)
        path = write(tmp_path, plan, f"{mapping.id}.xlsx")
        (back,) = reader.read(str(path), date="2026-11-28")
        assert back == mapping_data(shipped, mapping.id), mapping.id


def test_every_line_shows_both_elements_side_by_side_and_existing_rows_prefilled(shipped, tmp_path):
    plan = planning.plan(shipped, "tta-trustworthy-ai@2023", "nist-ai-rmf@1.0", mapping=TTA_RMF,
                         candidates=[Candidate("01", "GOVERN 1.1", 0.42, ("legal", "requirement"))])
    path = write(tmp_path, plan)
    book = openpyxl.load_workbook(path)
    sheet = book[layout.SHEET]
    header = [cell.value for cell in sheet[1]]
    assert header == [column.header for column in layout.COLUMNS]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    document = mapping_data(shipped, TTA_RMF)
    existing = [row for row in rows if row[INDEX["already"] - 1] and str(row[INDEX["already"] - 1]).startswith("row ")]
    assert len(existing) == len(document["rows"])
    first = document["rows"][0]
    shown = next(row for row in existing if row[INDEX["already"] - 1] == "row 1")
    assert shown[INDEX["decision"] - 1] == "accept" and shown[INDEX["relationship"] - 1]
    target = shipped.framework("nist-ai-rmf@1.0").elements[planning.ids(first["target"])[0]]
    assert target.title in shown[INDEX["target_text"] - 1]
    candidate = next(row for row in rows if row[INDEX["score"] - 1] == 0.42)
    assert candidate[INDEX["reason"] - 1] == "legal, requirement" and candidate[INDEX["decision"] - 1] is None


def test_workbook_guards_the_ids_and_offers_the_vocabulary_as_dropdowns(shipped, tmp_path):
    plan = planning.plan(shipped, "tta-trustworthy-ai@2023", "nist-ai-rmf@1.0", new_id="tta-rmf-typed",
                         candidates=[Candidate("01", "GOVERN 1.1", 0.42)])
    book = openpyxl.load_workbook(write(tmp_path, plan))
    sheet = book[layout.SHEET]
    assert sheet.protection.sheet
    assert book[layout.STATE].sheet_state == "veryHidden"
    lists = {str(v.sqref).split(":")[0][0]: v for v in sheet.data_validations.dataValidation}
    assert lists[layout.letter("decision")].formula1 == '"accept,reject,later"'
    assert lists[layout.letter("relationship")].formula1 == '"equal,subset_of,superset_of,intersects_with,no_relationship"'
    strength = lists[layout.letter("strength")]
    assert (strength.type, strength.formula1, strength.formula2) == ("whole", "0", "10")
    assert lists[layout.letter("rationale")].formula1 == '"syntactic,semantic,functional"'
    assert sheet.cell(2, INDEX["source"]).protection.locked and not sheet.cell(2, INDEX["decision"]).protection.locked
    added = sheet.max_row
    assert not sheet.cell(added, INDEX["source"]).protection.locked  # a pair nobody suggested goes here


def test_decisions_make_the_mapping_the_reviewer_meant(shipped, tmp_path):
    ident = "nist-ai-rmf-1.0--aiverify-2023"
    original = mapping_data(shipped, ident)
    first = original["rows"][0]
    plan = planning.plan(shipped, "nist-ai-rmf@1.0", "aiverify@2023", mapping=ident,
                         candidates=[Candidate("GOVERN 1.1", "1.1.1", 0.9, ("law",))])
    path = write(tmp_path, plan)
    candidate_line = next(line.number for line in plan.lines if line.row is None)
    row_of = {line.row: line.number for line in plan.lines if line.row is not None}
    fill(path, {
        (sheet_row(path, row_of[0]), "decision"): "reject",
        (sheet_row(path, row_of[0]), "reviewer"): "A. Reviewer",
        (sheet_row(path, row_of[1]), "note"): "checked against the PDF",
        (sheet_row(path, row_of[1]), "reviewer"): "B. Reviewer",
        (sheet_row(path, candidate_line), "decision"): "accept",
        (sheet_row(path, candidate_line), "relationship"): "related",
        (sheet_row(path, candidate_line), "reviewer"): "A. Reviewer",
    })
    (back,) = reader.read(str(path), date="2026-11-28")
    assert first not in back["rows"]
    changed = back["rows"][0]
    assert changed["note"] == "checked against the PDF" and changed["judgement"] == "ours"
    assert changed["source"] == original["rows"][1]["source"]
    added = back["rows"][-1]
    assert added == {"source": "GOVERN 1.1", "target": "1.1.1", "relationship": "related", "judgement": "ours"}
    assert len(back["rows"]) == len(original["rows"])
    provenance = back["provenance"]
    assert provenance["judgement"] == "mixed" and provenance["reviewed"] == "2026-11-28"
    assert provenance["reviewed_by"] == "A. Reviewer, B. Reviewer" and provenance["method"] == "hybrid"
    assert all(row.get("judgement") in ("official", "ours") for row in back["rows"])


def test_a_new_typed_mapping_from_accepted_candidates_validates(shipped, tmp_path):
    plan = planning.plan(shipped, "tta-trustworthy-ai@2023", "nist-ai-rmf@1.0", new_id="tta-rmf-typed",
                         candidates=[Candidate("01", "GOVERN 1.1", 0.42), Candidate("01", "MAP 1.1", 0.3)])
    path = write(tmp_path, plan)
    line = sheet_row(path, 1)
    fill(path, {(line, "decision"): "accept", (line, "relationship"): "subset_of", (line, "strength"): 7,
                (line, "rationale"): "semantic", (line, "reviewer"): "R", (line, "note"): "both require it"})
    (back,) = reader.read(str(path), date="2026-11-28")
    assert back["style"] == "strm" and back["provenance"]["method"] == "hybrid"
    assert back["provenance"]["author"] == "R" and back["provenance"]["status"] == "draft"
    assert back["rows"] == [{"source": "01", "target": plan.lines[0].target[0], "relationship": "subset_of",
                             "rationale": "semantic", "strength": 7, "note": "both require it"}]
    out = tmp_path / "tta-rmf-typed.yaml"
    run = subprocess.run([sys.executable, "-m", "crosswalk", "import", "review", str(path), "-o", str(out),
                          "--option", "date=2026-11-28"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    check = subprocess.run([sys.executable, "-m", "crosswalk", "validate", str(out)], capture_output=True, text=True,
                           cwd=tmp_path)
    assert check.returncode == 0 and " 0 error(s)" in check.stdout, check.stdout + check.stderr


BAD_CELLS = [
    ("relationship", "overlaps", "Relationship", "not a relationship of a strm mapping"),
    ("strength", 12, "Strength", "outside the range"),
    ("strength", 7.5, "Strength", "not a whole number"),
    ("decision", "maybe", "Decision", "not a decision"),
    ("rationale", "gut feeling", "Rationale", "write syntactic, semantic or functional"),
    ("source", "not-an-id", "Source id", "edited"),
]


@pytest.mark.parametrize("key, value, header, words", BAD_CELLS)
def test_every_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written(shipped, tmp_path, key, value,
                                                                                 header, words):
    plan = planning.plan(shipped, "tta-trustworthy-ai@2023", "nist-ai-rmf@1.0", new_id="tta-rmf-typed",
                         candidates=[Candidate("01", "GOVERN 1.1", 0.42)])
    path = write(tmp_path, plan)
    row = sheet_row(path, 1)
    edits = {(row, "decision"): "accept", (row, "relationship"): "subset_of", (row, "strength"): 7,
             (row, "rationale"): "semantic", (row, "reviewer"): "R"}
    edits[(row, key)] = value
    fill(path, edits)
    out = tmp_path / "out.yaml"
    run = subprocess.run([sys.executable, "-m", "crosswalk", "import", "review", str(path), "-o", str(out)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2 and not out.exists()
    assert f"sheet 'Review', row {row}, column {layout.letter(key)} ({header})" in run.stderr, run.stderr
    assert words in run.stderr and "Traceback" not in run.stderr and "nothing written" in run.stderr


def test_an_added_pair_names_ids_the_framework_has(shipped, tmp_path):
    plan = planning.plan(shipped, "tta-trustworthy-ai@2023", "nist-ai-rmf@1.0", new_id="tta-rmf-typed")
    path = write(tmp_path, plan)
    row = len(plan.lines) + 2
    fill(path, {(row, "source"): "01", (row, "target"): "GOVERN 1.99", (row, "decision"): "accept",
                (row, "relationship"): "intersects_with", (row, "strength"): 5, (row, "rationale"): "functional",
                (row, "reviewer"): "R"})
    with pytest.raises(ImportProblem) as caught:
        reader.read(str(path), date="2026-11-28")
    message = str(caught.value)
    assert f"row {row}, column D (Target id): 'GOVERN 1.99' is not an element of nist-ai-rmf@1.0" in message
    assert "did you mean" in message
    fill(path, {(row, "target"): "GOVERN 1.2"})
    (back,) = reader.read(str(path), date="2026-11-28")
    assert back["rows"] == [{"source": "01", "target": "GOVERN 1.2", "relationship": "intersects_with",
                             "rationale": "functional", "strength": 5}]


def test_a_deleted_existing_line_and_a_missing_reviewer_are_problems(shipped, tmp_path):
    plan = planning.plan(shipped, "tta-trustworthy-ai@2023", "nist-ai-rmf@1.0", mapping=TTA_RMF)
    path = write(tmp_path, plan)
    book = openpyxl.load_workbook(path)
    book[layout.SHEET].delete_rows(2)
    book[layout.SHEET].cell(2, INDEX["decision"]).value = "reject"
    book.save(path)
    with pytest.raises(ImportProblem) as caught:
        reader.read(str(path))
    assert "line 1 (row 1 of the mapping) is missing" in str(caught.value)
    assert "column N (Reviewer): this line changes the mapping: name who decided it" in str(caught.value)


def test_not_a_review_workbook_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.save(path)
    with pytest.raises(ImportProblem, match="not a crosswalk review workbook"):
        reader.read(str(path))


def test_the_workbook_is_deterministic(shipped):
    plan = planning.plan(shipped, "tta-trustworthy-ai@2023", "nist-ai-rmf@1.0", mapping=TTA_RMF,
                         candidates=[Candidate("01", "GOVERN 1.1", 0.42)])
    assert writer.write(plan, generated="2026-11-28") == writer.write(plan, generated="2026-11-28")


def test_review_refuses_to_replace_a_review_in_progress(tmp_path):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"half filled")
    run = subprocess.run([sys.executable, "-m", "crosswalk", "review", "--from", "tta-trustworthy-ai@2023", "--to",
                          "nist-ai-rmf@1.0", "--mapping", TTA_RMF, "--top", "0", "-o", str(out)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2 and "already exists" in run.stderr and out.read_bytes() == b"half filled"


def test_review_command_lists_what_suggest_ranks_and_the_accepted_rows_validate(tmp_path):
    """End to end as a mapping author: the official category-level crosswalk refined into subcategory
    candidates (--within), reviewed, accepted, imported, validated."""
    from crosswalk.suggest import suggest

    out = tmp_path / "g1.xlsx"
    argv = ["review", "--from", "nist-ai-rmf@1.0", "--to", "aiverify@2023", "--id", "rmf-av-govern-1-typed",
            "--element", "GOVERN 1.1", "--leaves", "--within", "nist-ai-rmf-1.0--aiverify-2023", "--top", "4",
            "-o", str(out)]
    run = subprocess.run([sys.executable, "-m", "crosswalk", *argv], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    found = suggest(load([], include_builtin=True, include_cwd=False), "nist-ai-rmf@1.0", "aiverify@2023", top=4,
                    elements=["GOVERN 1.1"], leaves_only=True, within="nist-ai-rmf-1.0--aiverify-2023")
    assert f"method {found.method}" in run.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book[layout.SHEET].iter_rows(min_row=2, values_only=True))
    listed = [(row[INDEX["source"] - 1], row[INDEX["target"] - 1], row[INDEX["score"] - 1]) for row in rows if row[0]]
    assert listed == [(c.source, c.target, round(c.score, 3)) for c in found]
    first = sheet_row(out, 1)
    fill(out, {(first, "decision"): "accept", (first, "relationship"): "intersects_with", (first, "strength"): 4,
               (first, "rationale"): "semantic", (first, "reviewer"): "R"})
    mapping = tmp_path / "rmf-av-govern-1-typed.yaml"
    run = subprocess.run([sys.executable, "-m", "crosswalk", "import", "review", str(out), "-o", str(mapping)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    check = subprocess.run([sys.executable, "-m", "crosswalk", "validate", str(mapping)], capture_output=True,
                           text=True, cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_damaged_hidden_state_is_refused_with_what_to_do(shipped, tmp_path):
    plan = planning.plan(shipped, "tta-trustworthy-ai@2023", "nist-ai-rmf@1.0", mapping=TTA_RMF)
    path = write(tmp_path, plan)
    book = openpyxl.load_workbook(path)
    state = book[layout.STATE]
    for row in state.iter_rows():
        if row[0].value == "line":
            row[1].value = "not a number"
            break
    book.save(path)
    with pytest.raises(ImportProblem, match="hidden state is damaged"):
        reader.read(str(path))


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CELLS = st.one_of(st.none(), st.integers(-5, 20), st.floats(allow_nan=True, allow_infinity=True),
                   st.booleans(), st.sampled_from(["accept", "reject", "later", "equal", "subset_of", "related",
                                                   "semantic", "semantic, functional", "unknown", "01", "GOVERN 1.1",
                                                   "=1+1", "", " ", "\n"]),
                   st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12))


@functools.lru_cache(maxsize=1)
def _fuzz_workbook() -> bytes:
    """A small review (two candidates and one existing row's mapping), written once."""
    workspace = load([], include_builtin=True, include_cwd=False)
    plan = planning.plan(workspace, "tta-trustworthy-ai@2023", "nist-ai-rmf@1.0",
                         mapping="tta-trustworthy-ai-2023--nist-ai-rmf-1.0-subsets",
                         candidates=[Candidate("01", "GOVERN 1.1", 0.42), Candidate("01", "MAP 1.1", 0.3)])
    return writer.write(plan, generated="2026-11-28")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(2, 8), st.sampled_from([c.key for c in layout.COLUMNS]), _CELLS),
                      max_size=8))
def test_any_cells_give_a_mapping_or_a_named_refusal(tmp_path_factory, edits):
    """Whatever a reviewer types anywhere (the locked columns included, as after unprotecting), the
    import gives a mapping the schema accepts or an ImportProblem: never another exception."""
    path = tmp_path_factory.mktemp("fuzz") / "review.xlsx"
    path.write_bytes(_fuzz_workbook())
    fill(path, {(row, key): value for row, key, value in edits})
    try:
        (back,) = reader.read(str(path), date="2026-11-28")
    except ImportProblem:
        return
    assert back["kind"] == "mapping"
