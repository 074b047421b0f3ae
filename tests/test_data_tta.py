"""Korea TTA guidebook and the official TTA <-> AI RMF crosswalk as shipped."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from crosswalk.validate import validate
from crosswalk.workspace import load

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def workspace():
    return load()


def test_counts_and_exact_titles(workspace):
    fw = workspace.frameworks["tta-trustworthy-ai@2023"]
    assert Counter(e.level for e in fw.elements.values()) == {"requirement": 15, "question": 33, "item": 67}
    assert fw.elements["01"].title == "Risk management plan for AI system and execution of the plan"
    assert fw.elements["01-1a"].title == "Have you identified the risk factors of the AI system and the ripple effect?"
    assert fw.elements["01-1a"].parent == "01-1" and fw.elements["01-1"].parent == "01"
    assert fw.elements["15-2a"].title == "Have you accurately explained to users that they are interacting with the AI?"


def test_crosswalk_rows_resolve_and_directions_agree(workspace):
    part1 = workspace.mapping("tta-trustworthy-ai-2023--nist-ai-rmf-1.0")
    part2 = workspace.mapping("nist-ai-rmf-1.0--tta-trustworthy-ai-2023")
    subsets = workspace.mapping("tta-trustworthy-ai-2023--nist-ai-rmf-1.0-subsets")
    forward = {(s, t) for r in part1.rows for s in r.sources for t in r.targets}
    backward = {(t, s) for r in part2.rows for s in r.sources for t in r.targets}
    assert len(forward) == 107 and forward == backward
    assert {(r.sources[0], r.targets[0]) for r in subsets.rows} == {
        ("01-2a", "GOVERN 5.1"), ("02-1a", "GOVERN 5.1"), ("02-1a", "GOVERN 6.1"), ("12-2a", "GOVERN 5.2")}
    assert all(r.relationship == "subset_of" and r.strength is None for r in subsets.rows)
    assert ("01-1a", "MAP 5.1") in forward and ("01-1a", "MANAGE 2.3") in forward
    paths = [ROOT / "frameworks" / "tta-trustworthy-ai-2023.yaml"] + sorted((ROOT / "mappings").glob("*tta*"))
    assert validate(paths).findings == []


def test_tta_to_aiverify_is_inferred_through_the_ai_rmf_only(workspace):
    from crosswalk import graph
    from crosswalk.coverage import compute

    result = compute(graph.build(workspace), workspace.frameworks["tta-trustworthy-ai@2023"],
                     workspace.frameworks["aiverify@2023"], pivots=["nist-ai-rmf@1.0"])
    associated = [c for c in result.elements.values() if c.associations]
    assert associated, "the AI RMF pivot connects TTA items to AI Verify"
    path = associated[0].associations[0].paths[0]
    assert path.kind == "inferred" and path.pivots == ("nist-ai-rmf@1.0",)
