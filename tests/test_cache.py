"""The validate cache: same findings warm as cold, never stale, robust to a damaged cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crosswalk import cache
from crosswalk.cli import main

CASE = Path(__file__).resolve().parent / "negative" / "consistency"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    folder = tmp_path / "ws"
    shutil.copytree(CASE, folder)
    monkeypatch.setenv("CROSSWALK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(folder)
    return folder


def findings(capsys) -> list[dict]:
    main(["validate", "--no-builtin", "--format", "json", "."])
    return json.loads(capsys.readouterr().out)["findings"]


def test_warm_run_gives_identical_findings_from_the_cache(workspace, tmp_path, capsys, monkeypatch):
    cold = findings(capsys)
    entries = list((tmp_path / "cache").rglob("*"))
    assert any(p.is_file() for p in entries)
    calls = []
    monkeypatch.setattr("crosswalk.validate.run_rules", lambda ws: calls.append(ws) or [])
    monkeypatch.setattr("crosswalk.workspace.parse_text", lambda text: calls.append(text))
    assert findings(capsys) == cold and calls == []  # neither parsed nor checked again


def test_a_changed_file_is_read_again(workspace, capsys):
    assert [f["rule"] for f in findings(capsys)] == ["consistency"]
    (workspace / "bc.yaml").write_text((workspace / "bc.yaml").read_text().replace("subset_of", "superset_of"))
    assert findings(capsys) == []


def test_a_damaged_entry_is_ignored(workspace, tmp_path, capsys):
    cold = findings(capsys)
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\x00garbage")
    assert findings(capsys) == cold


def test_code_change_and_no_cache_flag(workspace, tmp_path, capsys, monkeypatch):
    findings(capsys)
    monkeypatch.setattr(cache, "code_digest", lambda: "another version")
    assert cache.get("document", "anything") is None
    shutil.rmtree(tmp_path / "cache")
    assert main(["validate", "--no-builtin", "--no-cache", "."]) == 1
    capsys.readouterr()
    assert not (tmp_path / "cache").exists()
    cache.configure(False)
