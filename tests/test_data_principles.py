"""Shared US-Singapore principles, OECD AI Principles and our authored mappings as shipped."""

from __future__ import annotations

from collections import Counter

import pytest

from crosswalk.workspace import load

AUTHORED = ["us-sg-shared-principles-2024--aiverify-2023", "us-sg-shared-principles-2024--nist-ai-rmf-1.0",
            "us-sg-shared-principles-2024--oecd-ai-principles-2024"]


@pytest.fixture(scope="module")
def workspace():
    return load()


def test_counts(workspace):
    shared = workspace.frameworks["us-sg-shared-principles@2024"]
    assert len(shared.elements) == 13 and shared.elements["human-ai-configuration"].title == "Human-AI configuration"
    oecd = workspace.frameworks["oecd-ai-principles@2024"]
    assert Counter(e.parent for e in oecd.elements.values()) == {None: 2, "1": 5, "2": 5}
    assert oecd.elements["1.3"].title == "Transparency and explainability"


def test_authored_rows_are_marked_ours_with_rationale_and_strength(workspace):
    for ident in AUTHORED:
        mapping = workspace.mapping(ident)
        assert mapping.provenance["judgement"] == "ours" and mapping.provenance["status"] == "draft"
        assert mapping.rows
        for row in mapping.rows:
            assert row.judgement == "ours" and row.rationale and row.strength is not None and row.note


def test_authored_rows_resolve_and_raise_no_finding(workspace):
    from crosswalk.validate import validate

    result = validate()
    assert [f for f in result.findings if any(a in f.file for a in AUTHORED)] == []


def test_small_frameworks_counts_and_wording(workspace):
    iso = workspace.frameworks["iso-iec-42001@2023"]
    assert Counter(e.level for e in iso.elements.values()) == {"clause": 7, "subclause": 24, "sub-subclause": 12,
                                                               "group": 9, "subgroup": 2, "control": 38}
    assert all(e.wording == "ours" and not e.text for e in iso.elements.values())  # no text of the standard
    # a few of CISO Assistant's control names (taken from the published standard): ours must differ
    for ident, theirs in {"A.2.2": "AI policy", "A.7.4": "Quality of data for AI systems", "A.10.3": "Suppliers"}.items():
        assert iso.elements[ident].title != theirs
    kr = workspace.frameworks["kr-ai-ethics@2020"]
    assert Counter(e.parent for e in kr.elements.values()) == {None: 2, "principles": 3, "requirements": 10}
    assert all(e.wording == "ours" for e in kr.elements.values())
    assert len(workspace.frameworks["sg-mgf-genai@2024"].elements) == 9
