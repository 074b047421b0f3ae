"""The AI Verify checklist importer: texts kept exactly, answers mapped to statuses, bad input named precisely.

The excerpt in tests/data/aiverify/ holds three real checklists (Apache-2.0, see the NOTICE there)
with test answers that use every spelling the importer accepts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crosswalk import schema
from crosswalk.cli import main
from crosswalk.formats import ImportProblem, get
from crosswalk.formats.aiverify_checklist import clean, convert
from crosswalk.yamlio import parse_text, read_text
from crosswalk.yamlwrite import dump

ROOT = Path(__file__).resolve().parents[1]
EXCERPT = ROOT / "tests" / "data" / "aiverify" / "checklist-excerpt.json"
EXAMPLE = ROOT / "examples" / "example-bank-aiverify-2023-export.json"


def by_id(document: dict[str, Any], key: str = "elements", field: str = "id") -> dict[str, dict[str, Any]]:
    return {item[field]: item for item in document[key]}


def test_module_interface() -> None:
    module = get("aiverify-checklist")
    assert module.NAME == "aiverify-checklist" and module.DESCRIPTION and callable(module.convert)


def test_default_is_the_profile_only() -> None:
    documents = convert(str(EXCERPT))
    assert [d["kind"] for d in documents] == ["profile"]
    assert [d["kind"] for d in convert(str(EXCERPT), what="both")] == ["framework", "profile"]


def test_framework_round_trip_keeps_the_publisher_text() -> None:
    (framework,) = convert(str(EXCERPT), what="framework")
    assert schema.check("framework", framework) == []
    assert parse_text(dump(framework)) == framework  # our loader reads back exactly what we wrote
    elements = by_id(framework)
    assert [e["id"] for e in elements.values() if e["level"] == "principle"] == ["2", "8", "10"]
    assert sum(e["level"] == "outcome" for e in elements.values()) == 1 + 4 + 5
    assert sum(e["level"] == "process" for e in elements.values()) == 1 + 4 + 8
    raw = json.loads(EXCERPT.read_text("utf-8"))
    for checklist in raw["checklists"]:
        for section in checklist["sections"]:
            for criterion in section["criteria"]:
                for process in criterion["processes"]:
                    element = elements[process["pid"]]
                    assert element["title"] == clean(process["process"])
                    assert element.get("text", "") == clean(process["processChecks"])
                    assert element["attributes"]["evidence_type"] == process["metric"]
                    outcome = elements[element["parent"]]
                    assert outcome["title"] == clean(criterion["testableCriteria"])
                    assert outcome["attributes"]["section"] == section["section"]
                    assert elements[outcome["parent"]]["title"] == checklist["principle"]
    assert elements["10"]["title"] == "Human Agency & Oversight"
    assert elements["10.2.3"]["parent"] == "10.2"


def test_excerpt_elements_equal_the_builtin_framework() -> None:
    (framework,) = convert(str(EXCERPT), what="framework")
    builtin = by_id(parse_text(read_text(str(ROOT / "frameworks" / "aiverify-2023.yaml"))))
    for ident, element in by_id(framework).items():
        assert builtin[ident] == element, ident


def test_clean_turns_breaks_into_lines_and_keeps_inner_spacing() -> None:
    assert clean("include:  <br/>(in Singapore)<br/>- PDPC<BR>x<br />y  ") == "include:\n(in Singapore)\n- PDPC\nx\ny"
    assert clean("e.g.,  access") == "e.g.,  access"
    assert clean(" \tSafety is about ... lifecycle. \t  ") == "Safety is about ... lifecycle."


def test_profile_statuses_and_evidence() -> None:
    (profile,) = convert(str(EXCERPT), id="test-bank", organisation="Test Bank (fictitious)")
    assert schema.check("profile", profile) == []
    assert profile["framework"] == "aiverify@2023" and profile["id"] == "test-bank"
    assert profile["organisation"] == "Test Bank (fictitious)"
    assert profile["date"] == "2025-08-14"  # from exportDate
    entries = by_id(profile, "entries", "element")
    expected = {
        "2.1.1": "implemented", "8.1.1": "not-implemented", "8.2.1": "not-applicable", "8.3.1": "not-applicable",
        "10.1.1": "implemented", "10.1.2": "implemented", "10.2.1": "not-applicable", "10.2.2": "not-implemented",
        "10.2.3": "not-implemented", "10.3.1": "not-applicable",
    }
    assert {k: v["status"] for k, v in entries.items()} == expected
    assert "8.4.1" not in entries and "10.4.1" not in entries and "10.5.1" not in entries  # unanswered: no entry
    assert entries["2.1.1"]["evidence"] == "Trade-off memo MR-1\napproved by the committee"
    assert entries["8.2.1"]["evidence"] == "No external data."
    assert "evidence" not in entries["8.1.1"]
    assert "3 unanswered" in profile["notes"]
    assert "Unanswered but with an elaboration (not imported): 10.4.1." in profile["notes"]
    assert "2 Explainability: Test summary" in profile["notes"]


def test_profile_id_defaults_to_the_file_name(tmp_path: Path) -> None:
    target = tmp_path / "My Bank AI Verify.json"
    target.write_bytes(EXCERPT.read_bytes())
    (profile,) = convert(str(target), date="2026-01-31")
    assert profile["id"] == "my-bank-ai-verify"
    assert profile["date"] == "2026-01-31"


def test_example_profile_is_what_the_importer_makes_of_the_example_export() -> None:
    (profile,) = convert(
        str(EXAMPLE), id="example-bank-aiverify-2023", organisation="Example Bank Pte. Ltd. (fictitious)",
        title="Example Bank (fictitious): AI Verify 2023 process checklist answers",
    )
    committed = (ROOT / "profiles" / "example-bank-aiverify-2023.yaml").read_text("utf-8")
    assert dump(profile) == committed
    statuses = [e["status"] for e in profile["entries"]]
    assert (statuses.count("implemented"), statuses.count("not-implemented"), statuses.count("not-applicable")) == (58, 19, 8)
    assert len(statuses) == 97 - 12


def test_cli_writes_the_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.yaml"
    code = main(["import", "aiverify-checklist", str(EXCERPT), "--option", "id=cli-test", "-o", str(out)])
    assert code == 0
    assert parse_text(out.read_text("utf-8"))["id"] == "cli-test"


def write(tmp_path: Path, content: Any, name: str = "export.json") -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return str(path)


def excerpt() -> dict[str, Any]:
    return json.loads(EXCERPT.read_text("utf-8"))


def broken(change: Any) -> dict[str, Any]:
    data = excerpt()
    change(data)
    return data


FIRST = "$.checklists[1].sections[0].criteria[0].processes[0]"


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("{not json", [":1:2: not JSON", "process checklist export"]),
        ("[1, 2]", ["$: expected an object, found list"]),
        ({"exportDate": "x"}, ["$: expected a list 'checklists', found nothing"]),
        ({"checklists": []}, ["$.checklists: the export holds no checklists"]),
        (broken(lambda d: d["checklists"][1]["sections"][0]["criteria"][0]["processes"][0].pop("pid")),
         [f"{FIRST}: missing 'pid'"]),
        (broken(lambda d: d["checklists"][1]["sections"][0]["criteria"][0]["processes"][0].update(pid="8.1")),
         [f"{FIRST}.pid: '8.1' is not a process id like '7.4.2'"]),
        (broken(lambda d: d["checklists"][1]["sections"][0]["criteria"][0]["processes"][0].update(pid=811)),
         [f"{FIRST}.pid: expected text, found int"]),
        (broken(lambda d: d["checklists"][1]["sections"][0]["criteria"][0]["processes"][0].update(completed="Maybe")),
         [f"{FIRST}.completed: unknown answer 'Maybe'"]),
        (broken(lambda d: d["checklists"][1]["sections"][0]["criteria"][1]["processes"][0].update(pid="8.1.1")),
         ["process 8.1.1 appears twice (first at $.checklists[1]"]),
        (broken(lambda d: d["checklists"][1]["sections"][0]["criteria"][1]["processes"][0].update(pid="9.2.1")),
         ["process 9.2.1 is in the checklist of principle 8"]),
        (broken(lambda d: d["checklists"][1]["sections"][0]["criteria"][0].update(processes=[])),
         ["$.checklists[1].sections[0].criteria[0].processes: no processes"]),
        (broken(lambda d: d["checklists"][0].pop("sections")),
         ["$.checklists[0]: expected a list 'sections', found nothing"]),
        (broken(lambda d: d["checklists"][2]["sections"][0]["criteria"][0].update(testableCriteria="")),
         ["$.checklists[2].sections[0].criteria[0].testableCriteria: empty testable criterion"]),
    ],
)
def test_bad_input_names_the_file_and_the_place(tmp_path: Path, content: Any, fragments: list[str]) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ImportProblem) as caught:
        convert(path, what="both")
    message = str(caught.value)
    assert message.startswith(path)
    for fragment in fragments:
        assert fragment in message


def test_bad_bytes_and_options(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"checklists": ["caf\xe9"]}')
    with pytest.raises(ImportProblem, match="not UTF-8 text"):
        convert(str(path))
    with pytest.raises(ImportProblem, match="use one of profile, framework, both"):
        convert(str(EXCERPT), what="all")
    with pytest.raises(ImportProblem, match="unknown option"):
        convert(str(EXCERPT), organization="typo")
    with pytest.raises(ImportProblem, match="--option id="):
        convert(str(EXCERPT), id="Not A Slug")
    with pytest.raises(ImportProblem, match="YYYY-MM-DD"):
        convert(str(EXCERPT), date="31/01/2026")


def test_cli_reports_bad_input_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, broken(lambda d: d["checklists"][1]["sections"][0]["criteria"][0]["processes"][0].pop("pid")))
    code = main(["import", "aiverify-checklist", path])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("crosswalk: error: ") and f"{FIRST}: missing 'pid'" in err
    assert "Traceback" not in err
