"""NIST AI 600-1 as shipped: counts, repaired defects, risk tags and the structural mapping."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from crosswalk.validate import validate
from crosswalk.workspace import load

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL_RISKS = {
    "CBRN Information or Capabilities", "Confabulation", "Dangerous, Violent, or Hateful Content", "Data Privacy",
    "Environmental Impacts", "Harmful Bias or Homogenization", "Human-AI Configuration", "Information Integrity",
    "Information Security", "Intellectual Property", "Obscene, Degrading, and/or Abusive Content",
    "Value Chain and Component Integration",
}


@pytest.fixture(scope="module")
def workspace():
    return load()


def test_counts(workspace):
    fw = workspace.frameworks["nist-ai-600-1@1.0"]
    levels = Counter(e.level for e in fw.elements.values())
    assert levels["item"] == 212
    risks = [e for e in fw.elements.values() if e.parent == "risks"]
    assert {e.title for e in risks} == OFFICIAL_RISKS and len(risks) == 12
    subcategories = [e for e in fw.elements.values() if e.level == "group" and e.parent != "risks"]
    assert len(subcategories) == 49
    per_function = Counter(e.id.split("-")[0] for e in fw.elements.values() if e.level == "item")
    assert per_function == {"GV": 58, "MP": 39, "MS": 72, "MG": 43}


def test_defects_repaired(workspace):
    fw = workspace.frameworks["nist-ai-600-1@1.0"]
    text = (ROOT / "frameworks" / "nist-ai-600-1.yaml").read_text(encoding="utf-8")
    assert not any("\ufb00" <= ch <= "\ufb06" for ch in text)
    assert "GV-4.3-001" in fw.elements and "GV4.3--001" not in fw.elements
    assert fw.elements["GV-4.3-001"].parent == "GOVERN 4.3"
    assert fw.elements["MS-2.5-003"].title.startswith("Review and verify sources and citations in GAI system outputs "
                                                       "during pre-deployment risk measurement")


def test_every_action_tag_is_an_official_risk_and_linked(workspace):
    fw = workspace.frameworks["nist-ai-600-1@1.0"]
    by_title = {e.title: e.id for e in fw.elements.values() if e.parent == "risks"}
    counts = Counter()
    for element in fw.elements.values():
        if element.level != "item":
            continue
        risks = element.attributes["risks"]
        assert set(risks) <= OFFICIAL_RISKS
        counts.update(risks)
    assert counts["Information Integrity"] == 73 and counts["Environmental Impacts"] == 4
    assert counts["Harmful Bias or Homogenization"] == 57 and counts["Human-AI Configuration"] == 58
    assert fw.elements["GV-1.4-002"].attributes["other_labels_as_printed"] == ["Civil Rights violations"]
    raw = load().document(fw.path).data
    action = next(e for e in raw["elements"] if e["id"] == "MG-3.2-004")
    assert {link["element"] for link in action["links"]} == {by_title["Human-AI Configuration"],
                                                              by_title["Dangerous, Violent, or Hateful Content"]}


def test_structural_mapping_resolves_and_validates(workspace):
    mapping = workspace.mapping("nist-ai-600-1--nist-ai-rmf-1.0")
    rmf = workspace.frameworks["nist-ai-rmf@1.0"]
    assert len(mapping.rows) == 212 + 49
    assert all(row.targets[0] in rmf.elements for row in mapping.rows)
    assert {row.relationship for row in mapping.rows} == {"equal", "subset_of"}
    result = validate([ROOT / "frameworks" / "nist-ai-600-1.yaml", ROOT / "mappings" / "nist-ai-600-1--nist-ai-rmf-1.0.yaml"])
    assert result.findings == []
