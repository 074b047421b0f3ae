"""The AI Verify 2025 workbook importer, on workbooks made here in the real layout, and the shipped result."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook

from crosswalk.cli import main
from crosswalk.formats import ImportProblem, aiverify_xlsx
from crosswalk.workspace import load

HEADER = ["Outcome ID", "Type of AI", "Outcomes", "Process ID", "Process to Achieve Outcomes", "Evidence Type",
          "Evidence", "Process Checks Completed  ", "Elaboration"]


def workbook(path: Path, answers: bool = True) -> Path:
    wb = Workbook()
    wb.active.title = "Get Started"
    ws = wb.create_sheet("1. Transparency")
    ws.append(["Transparency"])
    ws.append([" AI should be transparent. "])
    ws.append(["Transparency is about informing people."])
    ws.append(["Technical Testing"])
    ws.append(HEADER)
    ws.append(["1.1", "Generative AI", "Test the thing", "1.1.1", "Run the test", "Values", "Results",
               "Yes" if answers else None, "done in Q3"])
    ws.append(["Process Checklist"])
    ws.append(HEADER)
    ws.append(["1.2", "Traditional and Generative AI ", "Inform users", "1.2.1", "Publish a notice", "Policy", "Notice",
               "No" if answers else None, None])
    ws.append([None, "Traditional AI", None, "1.2.2", "Explain limits", "Policy", "Docs",
               "Not Applicable" if answers else None, None])
    ws.append(["1.3", "Traditional AI", None, "1.3.1", "An outcome without a statement", "Policy", "Docs", None, None])
    out = path / "checklist.xlsx"
    wb.save(out)
    return out


def test_framework_and_profile_from_a_filled_workbook(tmp_path):
    framework, profile = aiverify_xlsx.convert(str(workbook(tmp_path)), what="both", organisation="Org")
    elements = {e["id"]: e for e in framework["elements"]}
    assert (framework["id"], framework["version"]) == ("aiverify", "2025")
    assert elements["1"]["text"] == "AI should be transparent.\n\nTransparency is about informing people."
    assert elements["1.1.1"]["attributes"] == {"type_of_ai": "Generative AI", "evidence_type": "Values",
                                               "check": "technical-test"}
    assert elements["1.2.2"]["parent"] == "1.2" and elements["1.2.1"]["attributes"]["check"] == "process-check"
    assert elements["1.2.1"]["attributes"]["type_of_ai"] == "Traditional and Generative AI"  # trimmed
    assert elements["1.3"]["wording"] == "ours" and "no outcome statement" in elements["1.3"]["title"]
    assert [(e["element"], e["status"]) for e in profile["entries"]] == [
        ("1.1.1", "implemented"), ("1.2.1", "not-implemented"), ("1.2.2", "not-applicable")]
    assert profile["entries"][0]["evidence"] == "done in Q3" and profile["organisation"] == "Org"


def test_unanswered_workbook_gives_no_profile_but_a_framework(tmp_path):
    path = workbook(tmp_path, answers=False)
    with pytest.raises(ImportProblem, match="no answers"):
        aiverify_xlsx.convert(str(path))
    assert aiverify_xlsx.convert(str(path), what="framework")[0]["kind"] == "framework"


def test_bad_inputs_are_clear(tmp_path, capsys):
    text = tmp_path / "not.xlsx"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ImportProblem, match="not a readable .xlsx"):
        aiverify_xlsx.convert(str(text))
    wb = Workbook()
    wb.active.title = "Sheet"
    wb.save(tmp_path / "other.xlsx")
    assert main(["import", "aiverify-2025-xlsx", str(tmp_path / "other.xlsx")]) == 2
    assert "no principle sheets" in capsys.readouterr().err
    bad = workbook(tmp_path)
    from openpyxl import load_workbook

    wb = load_workbook(bad)
    wb["1. Transparency"]["H6"] = "Maybe"
    wb.save(bad)
    with pytest.raises(ImportProblem, match=r"cell H6: answer 'Maybe'"):
        aiverify_xlsx.convert(str(bad))


def test_shipped_2025_framework_counts():
    fw = load().frameworks["aiverify@2025"]
    assert Counter(e.level for e in fw.elements.values()) == {"principle": 11, "outcome": 88, "process": 112}
    per = Counter(e.id.split(".")[0] for e in fw.elements.values() if e.level == "outcome")
    assert [per[str(n)] for n in range(1, 12)] == [7, 2, 12, 10, 14, 7, 11, 5, 12, 6, 2]
    checks = Counter(e.attributes.get("check") for e in fw.elements.values() if e.level == "process")
    assert checks == {"process-check": 107, "technical-test": 5}
