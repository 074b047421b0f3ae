"""The example bank carried to AI Verify 2025 (issue 14): the shipped profile is what ``migrate`` writes
today, and its report's statuses are the engine's through the edition map."""

from __future__ import annotations

import json
from pathlib import Path

from crosswalk.cli import main

ROOT = Path(__file__).resolve().parents[1]
PROFILE_2025 = ROOT / "profiles" / "example-bank-aiverify-2025.yaml"
REPORT = ROOT / "reports" / "example-bank-aiverify-2025-to-nist-ai-rmf.yaml"
EDITION_MAP = "aiverify-2023--aiverify-2025"


def test_shipped_2025_profile_is_what_migrate_writes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "bank-2025.yaml"
    assert main(["migrate", str(ROOT / "profiles" / "example-bank-aiverify-2023.yaml"), "--to", "aiverify@2025",
                 "--edition-map", EDITION_MAP, "--id", "example-bank-aiverify-2025", "-o", str(out)]) == 0
    capsys.readouterr()
    assert out.read_text(encoding="utf-8") == PROFILE_2025.read_text(encoding="utf-8")


def test_report_statuses_are_the_engines_through_the_edition_map(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(REPORT), "-o", str(tmp_path / "r.json")]) == 0
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    assert main(["coverage", "--from", "aiverify@2025", "--to", "nist-ai-rmf@1.0", "--profile", str(PROFILE_2025),
                 "--max-hops", "3", "--format", "json"]) == 0
    engine = json.loads(capsys.readouterr().out)
    statuses = {e["id"]: e["status"] for e in engine["elements"]}
    assert {e["element"]: e["status"] for e in report["elements"]} == statuses
    assert any(s in ("covered", "partial") for s in statuses.values())
    # the 2025 answers reach the AI RMF through the edition map (its rows are on the paths)
    mappings = {step["mapping"] for e in engine["elements"] for ev in e["evidence"]
                for path in ev["paths"] for step in path["steps"] if step.get("mapping")}
    assert EDITION_MAP in mappings
    assert EDITION_MAP in {m["id"] for m in report["mappings"]}
    assert "draft edition map" in report["description"]
