"""The core built-in data: NIST AI RMF 1.0, AI Verify 2023 and the official NIST-IMDA crosswalk.

Why these tests: the library's answers are only as good as its ids and texts. Counts are checked
against the publishers' figures, a few texts character by character (including the documented
repairs), and the crosswalk against what the 2023 document prints. When the public reference data
sits beside the repository (../shared/reference), the committed files must also be exactly what the
build scripts and the importer make of it.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from crosswalk.validate import validate
from crosswalk.workspace import Workspace, load
from crosswalk.yamlwrite import dump

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"
FILES = [
    ROOT / "frameworks" / "nist-ai-rmf-1.0.yaml",
    ROOT / "frameworks" / "aiverify-2023.yaml",
    ROOT / "mappings" / "nist-ai-rmf-1.0--aiverify-2023.yaml",
    ROOT / "profiles" / "example-bank-aiverify-2023.yaml",
]
CROSSWALK_ID = "nist-ai-rmf-1.0--aiverify-2023"
REFERENCE_TOKENS = 168  # references printed in the crosswalk table, a range counted once


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return load(FILES, include_builtin=False, include_cwd=False)


def level_counts(workspace: Workspace, ref: str) -> dict[str, int]:
    return dict(Counter(e.level for e in workspace.frameworks[ref].elements.values()))


def test_files_are_valid() -> None:
    result = validate(FILES)
    assert [str(f) for f in result.findings] == []


def test_nist_counts(workspace: Workspace) -> None:
    assert level_counts(workspace, "nist-ai-rmf@1.0") == {"function": 4, "category": 19, "subcategory": 72}
    nist = workspace.frameworks["nist-ai-rmf@1.0"]
    per_function = {f: len(nist.leaves_under(f)) for f in ("GOVERN", "MAP", "MEASURE", "MANAGE")}
    assert per_function == {"GOVERN": 19, "MAP": 18, "MEASURE": 22, "MANAGE": 13}


def test_aiverify_counts_per_principle(workspace: Workspace) -> None:
    assert level_counts(workspace, "aiverify@2023") == {"principle": 12, "outcome": 72, "process": 97}
    aiverify = workspace.frameworks["aiverify@2023"]
    # principle: (criteria, processes), the table of the reference's SOURCE.md
    expected = {"1": (5, 10), "2": (1, 1), "3": (14, 15), "4": (6, 9), "5": (7, 14), "6": (5, 7), "7": (9, 10),
                "8": (4, 4), "9": (8, 11), "10": (5, 8), "11": (1, 1), "12": (7, 7)}
    found = {p: (len(aiverify.children[p]), len(aiverify.leaves_under(p))) for p in expected}
    assert found == expected
    assert aiverify.elements["10"].title == "Human Agency & Oversight"
    assert aiverify.elements["12"].title == "Organisational Considerations"


def test_nist_filled_and_repaired_texts(workspace: Workspace) -> None:
    nist = workspace.frameworks["nist-ai-rmf@1.0"].elements
    for ident in ("GOVERN 6.2", "MAP 4.2", "MAP 5.1", "MEASURE 3.2", "MANAGE 1.1"):
        assert nist[ident].text.strip(), ident
    assert nist["GOVERN 6.2"].text == (
        "Contingency processes are in place to handle failures or incidents in third-party data or AI systems "
        "deemed to be high-risk.")
    assert "context-specific laws" in nist["MAP 1.1"].text
    assert "field data about context-relevant risks" in nist["MEASURE 4.3"].text
    assert nist["MAP 1.4"].text == ("The business value or context of business use has been clearly defined or "
                                    "\u2013 in the case of assessing existing AI systems \u2013 re-evaluated.")
    assert nist["GOVERN 4"].text == "Organizational teams are committed to a culture that considers and communicates AI risk."
    assert nist["GOVERN 1.3"].text.endswith("based on the organization\u2019s risk tolerance.")
    assert nist["MAP 1.1"].title == ("Intended purposes, potentially beneficial uses, context-specific laws, norms and "
                                     "expectations, and prospective settings in which the AI system will be deployed "
                                     "are understood and documented.")
    assert nist["GOVERN"].title == "Govern" and nist["GOVERN"].text == "A culture of risk management is cultivated and present."
    assert nist["MAP 5.2"].citation == {"document": "NIST AI 100-1", "section": "5.2 Map, Table 2", "page": 28}
    assert nist["GOVERN 4"].citation["page"] == "23-24"
    assert all(e.parent is None for e in nist.values() if e.level == "function")


def test_aiverify_texts(workspace: Workspace) -> None:
    aiverify = workspace.frameworks["aiverify@2023"].elements
    assert aiverify["7.4.2"].parent == "7.4" and aiverify["7.4"].parent == "7"
    assert aiverify["4.5"].title == "Plan fault tolerance via, e.g., a duplicated system or another parallel system (AI-based or \u2018conventional\u2019)"
    assert aiverify["1.1.1"].text.splitlines()[1:3] == ["(in Singapore)", "- PDPC\u2019s Advisory Guidelines on Key Concepts in the PDPA;"]
    assert aiverify["1.1.1"].attributes == {"evidence_type": "Internal documentation (e.g., policy document)"}
    assert aiverify["3.1"].attributes == {"section": "Traceability"}
    assert all("<br" not in e.title + e.text for e in aiverify.values())


def crosswalk_rows(workspace: Workspace) -> list[tuple[str, str, str]]:
    mapping = workspace.mapping(CROSSWALK_ID)
    assert mapping is not None
    return [(row.sources[0], row.targets[0], row.as_written) for row in mapping.rows]


def test_crosswalk_provenance_and_shape(workspace: Workspace) -> None:
    mapping = workspace.mapping(CROSSWALK_ID)
    assert mapping is not None
    assert (mapping.source, mapping.target, mapping.style) == ("nist-ai-rmf@1.0", "aiverify@2023", "concept")
    assert mapping.provenance["published"] == "2023-10-12" and mapping.judgement == "official"
    assert {row.relationship for row in mapping.rows} == {"related"}
    assert all(len(row.sources) == 1 and len(row.targets) == 1 and row.as_written for row in mapping.rows)
    pairs = [(s, t) for s, t, _ in crosswalk_rows(workspace)]
    assert len(pairs) == len(set(pairs)) == 272


def test_every_crosswalk_row_resolves_and_all_categories_are_covered(workspace: Workspace) -> None:
    nist = workspace.frameworks["nist-ai-rmf@1.0"].elements
    aiverify = workspace.frameworks["aiverify@2023"].elements
    rows = crosswalk_rows(workspace)
    assert all(source in nist and nist[source].level == "category" for source, _, _ in rows)
    assert all(target in aiverify for _, target, _ in rows)
    categories = [e.id for e in nist.values() if e.level == "category"]
    assert sorted({source for source, _, _ in rows}) == sorted(categories)


def test_reference_count_matches_the_document(workspace: Workspace) -> None:
    """Each category's references, recounted from as_written: a range's text repeats on every row it
    expands to, so a token counts as often as it appears in one row (twice for a pair cited twice)."""
    per_category: dict[str, Counter[str]] = {}
    for source, _, written in crosswalk_rows(workspace):
        counts = per_category.setdefault(source, Counter())
        for token, n in Counter(written.split("; ")).items():
            counts[token] = max(counts[token], n)
    assert sum(sum(c.values()) for c in per_category.values()) == REFERENCE_TOKENS


def test_crosswalk_spot_checks(workspace: Workspace) -> None:
    rows = crosswalk_rows(workspace)

    def cited(category: str, written: str) -> list[str]:
        return [t for s, t, w in rows if s == category and written in w.split("; ")]

    assert cited("GOVERN 4", "Safety 4.1-4.6") == ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]
    assert cited("GOVERN 4", "Fairness 7.1 - 7.9") == [f"7.{n}" for n in range(1, 10)]
    assert cited("GOVERN 4", "Transparency 1.1-1.3") == ["1.1", "1.2", "1.3"]
    assert cited("MAP 2", "Reproducibility 3.1 - 3.14") == [f"3.{n}" for n in range(1, 15)]
    assert cited("MAP 1", "Robustness 6.1 - 6.5") == [f"6.{n}" for n in range(1, 6)]  # continued over a page break
    assert cited("MAP 1", "Organisational Considerations 12.2") == ["12.2"]
    assert cited("MANAGE 2", "Organisational Considerations 12.6") == ["12.6"]
    assert cited("MANAGE 3", "Data governance 8.1 - 8.3") == ["8.1", "8.2", "8.3"]
    assert cited("GOVERN 3", "Inclusive growth, Societal & Environmental Well-being 11.1") == ["11.1"]
    assert cited("MEASURE 3", "Accountability 9.1.3") == ["9.1.3"]
    assert cited("GOVERN 5", "Safety 4.5.4") == ["4.5.4"]
    assert ("MEASURE 4", "9.1.2", "Accountability 9.1.2; Accountability 9.1.2") in rows


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "build_library" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    return module


needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="public reference data not beside the repository")


@needs_reference
def test_nist_file_is_what_the_build_script_makes() -> None:
    module = load_script("nist_ai_rmf")
    assert dump(module.build(REFERENCE)) == (ROOT / "frameworks" / "nist-ai-rmf-1.0.yaml").read_text("utf-8")


@needs_reference
def test_crosswalk_file_is_what_the_build_script_makes() -> None:
    module = load_script("nist_aiverify_crosswalk")
    document, stats = module.build(REFERENCE)
    assert stats["tokens"] == REFERENCE_TOKENS
    assert dump(document) == (ROOT / "mappings" / "nist-ai-rmf-1.0--aiverify-2023.yaml").read_text("utf-8")


@needs_reference
def test_aiverify_file_is_what_the_importer_makes() -> None:
    from crosswalk.formats.aiverify_checklist import convert

    export = REFERENCE / "aiverify-foundation_aiverify" / "AI Verify Process Checklists_checklists.json"
    retrieved = ("aiverify-foundation/aiverify stock-plugins/user_defined_files/checklist/"
                 "AI Verify Process Checklists_checklists.json (commit aaaa0417b517f59f31eb1a912f0fb29da923dff0)")
    (framework,) = convert(str(export), what="framework", retrieved_from=retrieved)
    assert dump(framework) == (ROOT / "frameworks" / "aiverify-2023.yaml").read_text("utf-8")
