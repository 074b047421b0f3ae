"""The README's worked example, run as a user runs it: suggest, review, decide, import, then coverage.

The commands are those of ``examples/govern-1-review/commands.sh`` (the README quotes the same
lines), run in a temporary folder; the decisions are the table in
``examples/govern-1-review/decide.py``. What is held: the workbook lists exactly what suggest ranks;
filled with the table and imported, it gives the rows of the shipped mapping; and the example bank's
GOVERN 1 subcategories move from unknown (official rows only) to the statuses the accepted rows and
the bank's answers imply, each flagged as resting on our judgement.
"""

from __future__ import annotations

import importlib.util
import json
import shlex
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from crosswalk.formats.review import layout
from crosswalk.formats.review.layout import INDEX

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "govern-1-review"
SHIPPED = ROOT / "mappings" / "nist-ai-rmf-1.0--aiverify-2023-govern-1.yaml"
PROFILE = ROOT / "profiles" / "example-bank-aiverify-2023.yaml"


def _decide():
    spec = importlib.util.spec_from_file_location("govern_1_decide", EXAMPLE / "decide.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


decide = _decide()


def commands() -> list[list[str]]:
    """Each command line of commands.sh, split as a shell splits it (comments and blank lines skipped)."""
    lines = (EXAMPLE / "commands.sh").read_text(encoding="utf-8").splitlines()
    return [shlex.split(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def runnable(argv: list[str]) -> list[str]:
    """``crosswalk ...`` and ``python ...`` as this interpreter runs them; paths into the checkout made absolute."""
    head = [sys.executable, "-m", "crosswalk"] if argv[0] == "crosswalk" else [sys.executable]
    return head + [str(ROOT / part) if part.startswith(("examples/", "profiles/")) else part for part in argv[1:]]


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(runnable(argv), capture_output=True, text=True, cwd=cwd, timeout=600)
    assert done.returncode == 0, f"{shlex.join(argv)}\n{done.stdout}\n{done.stderr}"
    return done


def without(argv: list[str], *options: str) -> list[str]:
    """``argv`` after the command name, less each named option and its value."""
    out, skip = [], False
    for part in argv[2:]:
        if skip:
            skip = False
        elif part in options:
            skip = True
        else:
            out.append(part)
    return out


def test_the_commands_use_the_options_of_the_decision_table():
    lines = commands()
    suggest = next(argv for argv in lines if argv[:2] == ["crosswalk", "suggest"])
    review = next(argv for argv in lines if argv[:2] == ["crosswalk", "review"])
    assert without(suggest) == list(decide.OPTIONS)
    assert without(review, "--id", "-o") == list(decide.OPTIONS)


@pytest.fixture(scope="module")
def worked(tmp_path_factory):
    """Every command of commands.sh up to the validation, in a fresh folder; the folder and the outputs."""
    folder = tmp_path_factory.mktemp("worked")
    outputs = {}
    for argv in commands():
        if argv[:2] == ["crosswalk", "coverage"]:
            continue
        outputs[tuple(argv[:2])] = run(argv, folder)
        if argv[:2] == ["crosswalk", "review"]:
            (folder / "blank.xlsx").write_bytes((folder / "review.xlsx").read_bytes())
    return folder, outputs


def test_the_workbook_lists_what_suggest_ranks(worked):
    folder, _ = worked
    suggest = next(argv for argv in commands() if argv[:2] == ["crosswalk", "suggest"])
    ranked = json.loads(run(suggest + ["--format", "json"], folder).stdout)
    expected = [(element["id"], candidate["id"], round(candidate["score"], 3))
                for element in ranked["elements"] for candidate in element["candidates"]]
    book = openpyxl.load_workbook(folder / "blank.xlsx", read_only=True)
    listed = [(row[INDEX["source"] - 1], row[INDEX["target"] - 1], row[INDEX["score"] - 1])
              for row in book[layout.SHEET].iter_rows(min_row=2, values_only=True) if row[0]]
    assert listed == expected
    assert len(listed) == len(decide.SUBCATEGORIES) * decide.TOP
    # every listed line is decided in the table, and the pairs added by hand are pairs suggest did not list
    pairs = {(source, target) for source, target, _ in listed}
    assert {(item.source, item.target) for item in decide.DECISIONS if not item.added} == pairs
    assert all((item.source, item.target) not in pairs for item in decide.DECISIONS if item.added)


def test_the_decisions_imported_give_the_shipped_mapping(worked):
    folder, outputs = worked
    made = load(folder / "my-govern-1.yaml")
    shipped = load(SHIPPED)
    assert made["rows"] == shipped["rows"]
    for key in ("author", "method", "status", "judgement", "reviewed_by", "reviewed"):
        assert made["provenance"][key] == shipped["provenance"][key], key
    assert shipped["provenance"]["status"] == "draft" and shipped["provenance"]["judgement"] == "ours"
    assert shipped["provenance"]["author"] == decide.REVIEWER
    accepted = [item for item in decide.DECISIONS if item.decision == decide.ACCEPT]
    assert [(row["source"], row["target"], row["relationship"], row["strength"]) for row in shipped["rows"]] == \
        [(item.source, item.target, item.relationship, item.strength) for item in
         sorted(accepted, key=lambda item: item.added)]  # the import writes added lines after listed ones
    assert "0 error(s)" in outputs[("crosswalk", "validate")].stdout


def load(path) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def coverage(official_only: bool) -> dict:
    argv = ["crosswalk", "coverage", "--from", "aiverify@2023", "--to", "nist-ai-rmf@1.0", "--profile", str(PROFILE),
            "--format", "json", "--no-associations", "--official-only" if official_only else "--no-official-only"]
    return json.loads(run(argv, ROOT).stdout)


def expected_status(subcategory: str, answers: dict[str, str]) -> str:
    """What the accepted rows and the bank's answers imply for a subcategory, read off the table:
    an implemented AI Verify process equal to it (or broader) covers it; an implemented (or partial)
    one that overlaps it covers it partly; overlapping ones none of which is implemented leave it not
    covered."""
    rows = [item for item in decide.DECISIONS if item.decision == decide.ACCEPT and item.source == subcategory]
    done = [item for item in rows if answers.get(item.target) in ("implemented", "partial")]
    if any(item.relationship in ("equal", "subset_of") and answers[item.target] == "implemented" for item in done):
        return "covered"
    if done:
        return "partially covered"
    return "not covered" if rows else "unknown"


def test_the_typed_rows_turn_unknown_subcategories_into_statuses_flagged_as_our_judgement():
    answers = {entry["element"]: entry["status"] for entry in load(PROFILE)["entries"]}
    official, ours = coverage(True), coverage(False)
    before = {element["id"]: element for element in official["elements"]}
    after = {element["id"]: element for element in ours["elements"]}
    changed = []
    for subcategory in decide.SUBCATEGORIES:
        assert before[subcategory]["status"] == "unknown"
        assert after[subcategory]["status"] == expected_status(subcategory, answers), subcategory
        changed.append(after[subcategory]["status"])
        for evidence in after[subcategory]["evidence"]:
            steps = [step for path in evidence["paths"] for step in path["steps"] if step["kind"] == "mapping"]
            assert any(step["mapping"] == SHIPPED.stem and step["judgement"] == "ours" for step in steps)
    # the statuses the README quotes: one of each kind at least, and nothing else in the report moved
    assert set(changed) == {"covered", "partially covered", "not covered"}
    moved = {ident for ident in after if after[ident]["level"] == "subcategory"
             and after[ident]["status"] != before[ident]["status"]}
    assert moved == set(decide.SUBCATEGORIES)
    summary_before, summary_after = official["summary"]["statuses"], ours["summary"]["statuses"]
    assert summary_after["unknown"] == summary_before["unknown"] - len(decide.SUBCATEGORIES)
    for status in ("covered", "partially covered", "not covered"):
        assert summary_after[status] - summary_before[status] == changed.count(status)
