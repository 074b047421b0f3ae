"""The read gate: every file read is a regular file, size-checked before reading, read once.

Special files are made at run time (a FIFO, a socket or a device link cannot live in git). Each
CLI case runs with the cache on (the default for commands) and off, because the cache used to read
files by another path than the loader. A guard turns a hang into a failure instead of a stuck run;
no test asserts a duration.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import sys
from pathlib import Path

import pytest

from crosswalk import readgate
from crosswalk.cli import main
from crosswalk.readgate import ReadError, read_bytes
from tests.guards import no_hang

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and modes are POSIX")

FRAMEWORK = """kind: framework
id: demo
version: "1"
name: Demo
publisher: Test
levels: [item]
elements:
  - {id: A, title: a, level: item}
"""


def refused(path, rule: str = "file-unreadable", **options) -> str:
    options.setdefault("max_bytes", 1000)
    with no_hang(), pytest.raises(ReadError) as caught:
        read_bytes(path, **options)
    assert caught.value.rule == rule
    return caught.value.message


# --- the gate itself -------------------------------------------------------------------------------

def test_regular_file_and_a_link_to_one(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"x: 1\n")
    (tmp_path / "link.yaml").symlink_to("a.yaml")
    assert read_bytes(tmp_path / "a.yaml", max_bytes=5) == b"x: 1\n"
    assert read_bytes(tmp_path / "link.yaml", max_bytes=5) == b"x: 1\n"
    (tmp_path / "empty.yaml").write_bytes(b"")
    assert read_bytes(tmp_path / "empty.yaml", max_bytes=0) == b""


def test_size_limit_is_exact(tmp_path):
    (tmp_path / "a").write_bytes(b"12345")
    assert read_bytes(tmp_path / "a", max_bytes=5) == b"12345"
    message = refused(tmp_path / "a", "file-too-large", max_bytes=4, what="import file")
    assert message.startswith("import file is 5 bytes, above the 4-byte limit")


def test_fifo_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "p.yaml")
    assert "named pipe (FIFO)" in refused(tmp_path / "p.yaml")


def test_fifo_swapped_in_after_the_stat_is_caught_on_the_descriptor(tmp_path, monkeypatch):
    """The path passed the stat as a regular file, then became a FIFO: opening must not block and
    the descriptor's fstat must refuse it."""
    os.mkfifo(tmp_path / "p.yaml")
    (tmp_path / "regular").write_bytes(b"")
    real_stat = os.stat
    monkeypatch.setattr(readgate.os, "stat", lambda path, *a, **k: real_stat(tmp_path / "regular"))
    assert "named pipe (FIFO)" in refused(tmp_path / "p.yaml")


def test_devices_sockets_and_directories_are_refused(tmp_path):
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    assert "character device" in refused(tmp_path / "zero.yaml")
    assert "is a directory" in refused(tmp_path)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.yaml"))
        assert "a socket" in refused(tmp_path / "s.yaml")


def test_sparse_file_is_refused_before_a_byte_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(20 * 1024**3)  # 20 GB, sparse: costs no disk
    monkeypatch.setattr(readgate.os, "read", lambda *a: pytest.fail("read before the size check"))
    assert "21,474,836,480 bytes" in refused(big, "file-too-large", max_bytes=64 * 1024**2)


def test_a_file_that_grows_while_read_is_refused(tmp_path, monkeypatch):
    """fstat said 3 bytes; the file has more by the time it is read: at most limit+1 bytes are read."""
    (tmp_path / "a").write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def small(descriptor):
        info = list(real_fstat(descriptor))
        info[stat.ST_SIZE] = 3
        return os.stat_result(info)

    sizes = []
    real_read = os.read
    monkeypatch.setattr(readgate.os, "fstat", small)
    monkeypatch.setattr(readgate.os, "read", lambda fd, n: sizes.append(n) or real_read(fd, n))
    assert "grew above the 1,000-byte limit" in refused(tmp_path / "a", "file-too-large")
    assert sum(sizes) <= 1001


def test_os_errors_become_sentences(tmp_path, monkeypatch):
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    assert "symbolic link loop" in refused(tmp_path / "loop.yaml")
    (tmp_path / "dangling.yaml").symlink_to("missing.yaml")
    assert "link to a path that does not exist" in refused(tmp_path / "dangling.yaml")
    assert "no such file" in refused(tmp_path / "missing.yaml")
    assert "too long" in refused(tmp_path / ("x" * 300))
    assert "NUL" in refused(str(tmp_path / "a\0b"))
    (tmp_path / "file").write_bytes(b"")
    assert "not a folder" in refused(tmp_path / "file" / "x")
    (tmp_path / "locked.yaml").write_bytes(b"x: 1\n")

    def denied(path, flags, *rest):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(readgate.os, "open", denied)
    assert "permission denied" in refused(tmp_path / "locked.yaml")


# --- through the commands --------------------------------------------------------------------------

@pytest.fixture
def library(tmp_path, monkeypatch):
    """A working directory with one good framework; the cache (when a test turns it on) in tmp."""
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "good.yaml").write_text(FRAMEWORK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    with no_hang():
        code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    return code, captured.out, captured.err


def validate_findings(capsys, monkeypatch, cache_on: bool, *paths: str) -> tuple[int, list[tuple[str, str]]]:
    if cache_on:
        monkeypatch.setenv("CROSSWALK_CACHE_DIR", str(Path.cwd() / "cache"))
    else:
        monkeypatch.setenv("CROSSWALK_CACHE_DIR", "off")
    code, out, _ = run(capsys, "validate", "--no-builtin", "--format", "json", *paths)
    return code, [(f["file"], f["rule"]) for f in json.loads(out)["findings"]]


def sparse(path: Path) -> None:
    path.write_bytes(b"")
    os.truncate(path, 20 * 1024**3)  # 20 GB that cost no disk


SPECIAL = {
    "fifo": (os.mkfifo, "file-unreadable"),
    "dev-zero": (lambda path: path.symlink_to("/dev/zero"), "file-unreadable"),
    "sparse-20G": (sparse, "file-too-large"),
    "link-loop": (lambda path: path.symlink_to(path.name), "file-unreadable"),
}


@pytest.mark.parametrize("cache_on", [True, False], ids=["cache", "no-cache"])
@pytest.mark.parametrize("special", sorted(SPECIAL))
def test_special_file_in_a_library_folder(special, cache_on, library, capsys, monkeypatch):
    make, rule = SPECIAL[special]
    make(library / "frameworks" / "bad.yaml")
    for _ in range(2):  # the second run with the cache on reads the result entry
        code, found = validate_findings(capsys, monkeypatch, cache_on)
        assert code == 1 and found == [(os.path.join("frameworks", "bad.yaml"), rule)]
    code, out, err = run(capsys, "list", "--no-builtin")
    assert code == 0 and "demo@1" in out
    assert "frameworks/bad.yaml:1:1: not loaded: " in err and f"[{rule}]" in err


@pytest.mark.parametrize("cache_on", [True, False], ids=["cache", "no-cache"])
def test_special_file_named_on_the_command_line(cache_on, library, capsys, monkeypatch):
    (library / "loop.yaml").symlink_to("loop.yaml")
    os.mkfifo(library / "pipe.yaml")
    code, found = validate_findings(capsys, monkeypatch, cache_on, "loop.yaml", "pipe.yaml")
    assert code == 1 and found == [("loop.yaml", "file-unreadable"), ("pipe.yaml", "file-unreadable")]
    code, _, err = run(capsys, "list", "--no-builtin", "--library", "loop.yaml")
    assert code == 0 and "loop.yaml:1:1: not loaded: is a symbolic link loop" in err
    code, _, err = run(capsys, "validate", "--no-builtin", "missing.yaml")
    assert code == 2 and "missing.yaml: no such file or directory" in err


def test_a_link_to_a_regular_file_still_loads(library, capsys, monkeypatch):
    (library / "frameworks" / "good.yaml").rename(library / "real.yaml")
    (library / "frameworks" / "link.yaml").symlink_to(library / "real.yaml")
    for cache_on in (True, False):
        assert validate_findings(capsys, monkeypatch, cache_on) == (0, [])
    code, out, err = run(capsys, "show", "--no-builtin", "demo")
    assert code == 0 and "A" in out and err == ""


def unlistable(monkeypatch, folder: Path) -> None:
    """Make ``folder`` fail to list as it does without read permission (root ignores chmod 000)."""
    real_scandir = os.scandir

    def scandir(path="."):
        if os.path.realpath(path) == os.path.realpath(folder):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("cache_on", [True, False], ids=["cache", "no-cache"])
def test_an_unlistable_folder_is_a_finding_not_a_silent_skip(cache_on, library, capsys, monkeypatch):
    locked = library / "frameworks" / "locked"
    locked.mkdir()
    (locked / "other.yaml").write_text(FRAMEWORK.replace("id: demo", "id: other"), encoding="utf-8")
    unlistable(monkeypatch, locked)
    code, found = validate_findings(capsys, monkeypatch, cache_on)
    assert code == 1 and found == [(os.path.join("frameworks", "locked"), "file-unreadable")]
    code, out, err = run(capsys, "validate", "--no-builtin")
    assert "frameworks/locked:1:1: error this folder's files cannot be listed: permission denied" in out
    code, out, err = run(capsys, "list", "--no-builtin")
    assert code == 0 and "demo@1" in out and "other@1" not in out
    assert "frameworks/locked:1:1: not loaded: this folder's files cannot be listed" in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_a_folder_without_permission(library, capsys, monkeypatch):
    locked = library / "frameworks" / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        code, found = validate_findings(capsys, monkeypatch, False)
    finally:
        locked.chmod(0o700)
    assert code == 1 and found == [(os.path.join("frameworks", "locked"), "file-unreadable")]


def test_a_profile_that_is_a_fifo_is_a_usage_error(library, capsys):
    os.mkfifo(library / "profile.yaml")
    code, _, err = run(capsys, "coverage", "--from", "aiverify@2023", "--to", "nist-ai-rmf",
                       "--profile", "profile.yaml")
    assert code == 2 and "profile.yaml:1:1: is a named pipe (FIFO)" in err


@pytest.mark.parametrize("cache_on", [True, False], ids=["cache", "no-cache"])
def test_a_file_behind_a_folder_without_permission_named_on_the_command_line(cache_on, library, capsys, monkeypatch):
    """Without search permission on its folder, a file can be neither stat'ed nor opened: that is a
    finding at the file, not "no such file" and not a PermissionError from Path.is_dir."""
    blocked = os.path.join("frameworks", "good.yaml")

    def deny(real):
        def call(path, *args, **kwargs):
            if os.fspath(path).endswith(blocked):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real(path, *args, **kwargs)
        return call

    for name in ("stat", "lstat", "open"):
        monkeypatch.setattr(os, name, deny(getattr(os, name)))
    code, found = validate_findings(capsys, monkeypatch, cache_on, blocked)
    assert code == 1 and found == [(blocked, "file-unreadable")]
