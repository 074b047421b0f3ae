"""The validate cache: same findings warm as cold, never stale, robust to a damaged cache."""

from __future__ import annotations

import hashlib
import hmac
import json
import marshal
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from crosswalk import cache
from crosswalk.cli import main
from tests.guards import no_hang

CASE = Path(__file__).resolve().parent / "negative" / "consistency"
posix = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, links to devices and modes are POSIX")


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
    monkeypatch.setattr("crosswalk.workspace.parse_document", lambda text: calls.append(text))
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


# --- hostile caches (issue 10): a cache must never decide a verdict it cannot vouch for -----------

def reference(capsys) -> list[dict]:
    main(["validate", "--no-builtin", "--format", "json", "--no-cache", "."])
    return json.loads(capsys.readouterr().out)["findings"]


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("??/*"))


def five_bytes(entry: Path) -> None:
    entry.write_bytes(b"[\xff\xff\xff\x7f")  # marshal: a list of 2**31-1 items, MemoryError


def fifo(entry: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)


def dev_zero(entry: Path) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


def untagged(entry: Path) -> None:
    entry.write_bytes(marshal.dumps(([], [])))  # the old format: plain marshal, no proof


@posix
@pytest.mark.parametrize("damage", [five_bytes, fifo, dev_zero, untagged], ids=lambda f: f.__name__)
def test_hostile_entries_are_misses(damage, workspace, tmp_path, capsys):
    cold = findings(capsys)
    assert cold == reference(capsys) and cold
    for entry in entries(tmp_path / "cache"):
        damage(entry)
    with no_hang():
        assert findings(capsys) == cold  # every entry missed, and was written again
        assert findings(capsys) == cold


def test_an_authentic_entry_marshal_rejects_is_a_miss(workspace, tmp_path, capsys):
    findings(capsys)
    cache.configure(True)
    try:
        base, secret = cache._open()
        payload = b"[\xff\xff\xff\x7f"
        path = cache._entry_path(base, "document", "k")
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(cache._tag(secret, "document", "k", payload) + payload)
        assert cache.get("document", "k") is None
        cache.put("document", "k", {"a": 1})
        assert cache.get("document", "k") == {"a": 1}
        assert cache.get("summary", "k") is None  # the tag covers the kind
    finally:
        cache.configure(False)


def validation_key(monkeypatch, capsys) -> tuple[str, list[dict]]:
    """Run validate and return the key its whole-result entry is stored under, and its findings."""
    keys = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda kind, key: (keys.append(key) if kind == "validation" else None)
                        or original(kind, key))
    found = findings(capsys)
    monkeypatch.setattr(cache, "get", original)
    assert len(keys) == 1
    return keys[0], found


def test_a_forged_validation_entry_cannot_turn_a_failing_workspace_green(workspace, tmp_path, capsys, monkeypatch):
    bc = workspace / "bc.yaml"
    failing = bc.read_text()
    bc.write_text(failing.replace("subset_of", "superset_of"))
    green_key, green = validation_key(monkeypatch, capsys)
    assert green == []
    bc.write_text(failing)
    red_key, red = validation_key(monkeypatch, capsys)
    assert red and red == reference(capsys)
    base = tmp_path / "cache"
    green_entry = cache._entry_path(base, "validation", green_key).read_bytes()
    red_path = cache._entry_path(base, "validation", red_key)
    checked = [str(p.relative_to(workspace)) for p in sorted(workspace.glob("*.yaml"))]
    forgeries = {
        "plain marshal, as before": marshal.dumps(([], checked)),
        "a tag made with another key": hmac.new(b"x" * 32, marshal.dumps(([], checked)), hashlib.sha256).digest()
        + marshal.dumps(([], checked)),
        "the green workspace's own entry, moved": green_entry,
    }
    for name, forged in forgeries.items():
        red_path.write_bytes(forged)
        code = main(["validate", "--no-builtin", "--format", "json", "."])
        assert code == 1 and json.loads(capsys.readouterr().out)["findings"] == red, name


@posix
def test_umask_000_still_gives_a_private_cache(tmp_path, monkeypatch, capsys):
    shutil.copytree(CASE, tmp_path / "ws")
    monkeypatch.chdir(tmp_path / "ws")
    folder = tmp_path / "new" / "parent" / "cache"
    monkeypatch.setenv("CROSSWALK_CACHE_DIR", str(folder))
    previous = os.umask(0)
    try:
        findings(capsys)
    finally:
        os.umask(previous)
    mode = lambda path: stat.S_IMODE(path.stat().st_mode)  # noqa: E731
    assert [mode(p) for p in (tmp_path / "new", tmp_path / "new" / "parent", folder)] == [0o700] * 3
    assert {mode(p) for p in folder.glob("??")} == {0o700}
    assert {mode(p) for p in entries(folder)} == {0o600} and mode(folder / cache.KEY_FILE) == 0o600


def refused_run(capsys) -> tuple[list[dict], str]:
    main(["validate", "--no-builtin", "--format", "json", "."])
    captured = capsys.readouterr()
    return json.loads(captured.out)["findings"], captured.err


@posix
def test_a_folder_others_can_write_is_refused(workspace, tmp_path, capsys):
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o775)
    found, err = refused_run(capsys)
    assert found == reference(capsys) and found
    assert err == (f"crosswalk: notice: cache off for this run: {folder} may be written by group or others "
                   f"(mode 0775): run 'chmod 700 {folder}'\n")
    assert list(folder.iterdir()) == []  # nothing read, nothing written


@posix
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a folder away needs root")
def test_a_folder_of_another_user_is_refused(workspace, tmp_path, capsys):
    folder = tmp_path / "cache"
    folder.mkdir(0o700)
    os.chown(folder, 65534, 65534)
    found, err = refused_run(capsys)
    assert found == reference(capsys)
    assert err.startswith(f"crosswalk: notice: cache off for this run: {folder} is owned by user id 65534")
    assert list(folder.iterdir()) == []


@posix
@pytest.mark.parametrize("problem, notice", [
    ("fifo", "key: is a named pipe (FIFO)"),
    ("short", "key is damaged (5 bytes, not 32): delete it"),
    ("readable", "key may be read by other users (mode 0644)"),
])
def test_a_key_that_cannot_be_trusted_turns_the_cache_off(problem, notice, workspace, tmp_path, capsys):
    cold = findings(capsys)
    key = tmp_path / "cache" / cache.KEY_FILE
    if problem == "fifo":
        key.unlink()
        os.mkfifo(key)
    elif problem == "short":
        key.write_bytes(b"short")
    else:
        key.chmod(0o644)
    with no_hang():
        found, err = refused_run(capsys)
    assert found == cold and err.startswith("crosswalk: notice: cache off for this run: ") and notice in err


def test_a_missing_key_is_made_again_and_old_entries_then_miss(workspace, tmp_path, capsys, monkeypatch):
    cold = findings(capsys)
    key = tmp_path / "cache" / cache.KEY_FILE
    old = key.read_bytes()
    key.unlink()
    assert findings(capsys) == cold
    assert key.read_bytes() != old and len(key.read_bytes()) == 32
    calls = []
    monkeypatch.setattr("crosswalk.validate.run_rules", lambda ws: calls.append(ws) or [])
    assert findings(capsys) == cold and calls == []  # and the new entries are used


def test_a_cache_that_cannot_be_created_is_off_silently(workspace, tmp_path, capsys, monkeypatch):
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("CROSSWALK_CACHE_DIR", str(tmp_path / "a-file" / "cache"))
    found, err = refused_run(capsys)
    assert found == reference(capsys) and found and err == ""


@posix
@pytest.mark.parametrize("damage", [fifo, dev_zero], ids=lambda f: f.__name__)
def test_hostile_entries_do_not_reach_the_other_commands(damage, workspace, tmp_path, capsys):
    command = ["coverage", "--no-builtin", "--library", ".", "--from", "demo@1", "--to", "third@1", "--format", "json"]
    assert main([*command, "--no-cache"]) == 0
    expected = capsys.readouterr().out
    findings(capsys)  # fills the cache with parsed files
    for entry in entries(tmp_path / "cache"):
        damage(entry)
    with no_hang():
        assert main(command) == 0
    assert capsys.readouterr().out == expected
