"""The gate every written file goes through, and a command line that ends every OS failure with one line.

Each test is one case of issue 10 ("Outputs"): reproduced as the issue states it, asserting what
must happen instead (exit 2 with a one-line ``crosswalk: error: ...``, nothing damaged, nothing
written half, nothing written outside where the user asked).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crosswalk import atomic, console, writegate
from crosswalk.cli import main

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = """kind: framework
id: {id}
version: "1"
name: {id}
publisher: Test
levels: [group, item]
elements:
  - {{id: G1, title: Group one, level: group}}
  - {{id: G1.1, title: Item one, level: item, parent: G1}}
  - {{id: G1.2, title: Item two, level: item, parent: G1}}
"""
MAPPING = """kind: mapping
id: m
source: demo@1
target: other@1
style: strm
provenance: {author: test, method: human, status: draft, judgement: ours}
rows:
  - {source: G1.1, target: G1.1, relationship: equal, rationale: semantic, strength: 10}
"""
PROFILE = "kind: profile\nid: p\nframework: demo@1\nentries:\n  - {element: G1.1, status: implemented}\n"
GAPS = ["gaps", "--no-builtin", "--library", "lib", "--from", "demo@1", "--to", "other@1"]


@pytest.fixture
def lib(tmp_path, monkeypatch):
    """A two-framework library in ``lib/`` of a fresh working directory, and a profile ``p.yaml``."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "demo.yaml").write_text(FRAMEWORK.format(id="demo"), encoding="utf-8")
    (folder / "other.yaml").write_text(FRAMEWORK.format(id="other"), encoding="utf-8")
    (folder / "m.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "p.yaml").write_text(PROFILE, encoding="utf-8")
    return folder


def one_line_error(err: str) -> str:
    """The single ``crosswalk: error:`` line the run printed (and nothing like a crash)."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("crosswalk: error: "), err
    assert "internal error" not in err and "Traceback" not in err
    return lines[0]


def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def run(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crosswalk", *args], capture_output=True, text=True,
                          timeout=120, **options)


# 1. -o never replaces a device node, FIFO, socket or folder (nor one behind a symbolic link)

def make_special(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))  # the socket file stays after the socket is closed
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # /dev/null's numbers
        except PermissionError:
            pytest.skip("mknod is not permitted here (needs root)")


@pytest.mark.parametrize("through_link", [False, True], ids=["named", "through-a-symlink"])
@pytest.mark.parametrize("kind", ["device", "fifo", "socket", "folder"])
def test_output_is_never_put_in_place_of_a_special_file(lib, capsys, kind, through_link):
    special = lib.parent / "s"
    make_special(kind, special)
    before = os.lstat(special)
    named = special
    if through_link:
        named = lib.parent / "link"
        named.symlink_to(special)
    assert main([*GAPS, "-o", str(named)]) == 2
    message = one_line_error(capsys.readouterr().err)
    assert "directory" in message if kind == "folder" else "writes only regular files or new paths" in message
    after = os.lstat(special)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)
    assert not through_link or named.is_symlink()
    assert temporaries(lib.parent) == []


def test_the_library_writer_refuses_special_files_too(tmp_path):
    """``write_atomically`` (the workbook and the cache use it) refuses a FIFO where it would rename."""
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    with pytest.raises(atomic.WriteRefused, match="FIFO"):
        atomic.write_text_atomically(fifo, "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and temporaries(tmp_path) == []


def test_a_special_file_that_appears_after_the_check_is_still_refused(tmp_path, monkeypatch):
    """The target is checked again just before the rename: a FIFO made meanwhile is not replaced."""
    target = tmp_path / "out.txt"
    real_write = writegate.write_all

    def write_then_swap(handle, data):
        real_write(handle, data)
        os.mkfifo(target)

    monkeypatch.setattr(writegate, "write_all", write_then_swap)
    with pytest.raises(atomic.WriteRefused, match="FIFO"):
        writegate.write_outputs([writegate.Output(str(target), b"data")])
    assert stat.S_ISFIFO(os.lstat(target).st_mode) and temporaries(tmp_path) == []


def test_a_symlink_to_a_regular_file_is_written_through(lib, capsys, tmp_path):
    """Decision: the link stays a link and the file it points to gets the new content."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "real.txt"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert main([*GAPS, "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "Item" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600  # a replaced file keeps its permissions
    assert temporaries(elsewhere) == [] and temporaries(tmp_path) == []


def test_dangling_and_looping_links_are_refused(lib, capsys, tmp_path):
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere" )
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for name in ("dangling", "loop"):
        assert main([*GAPS, "-o", name]) == 2
        one_line_error(capsys.readouterr().err)
    assert not (tmp_path / "nowhere").exists()


# 2. -o is never an input of the same run (compared by device and inode, not by spelling)

def test_output_that_is_an_input_is_refused_and_left_intact(lib, capsys, tmp_path):
    (tmp_path / "hard.yaml").hardlink_to(lib / "demo.yaml")
    (tmp_path / "hard.xlsx").hardlink_to(lib / "m.yaml")
    (tmp_path / "soft.yaml").symlink_to(lib / "other.yaml")
    definition = tmp_path / "def.yaml"
    definition.write_text("kind: report\nid: d\nfrom: demo@1\nto: other@1\n", encoding="utf-8")
    cases = [
        ([*GAPS, "--profile", "p.yaml"], "p.yaml"),  # the profile
        (GAPS, "lib/demo.yaml"),  # a library file
        (GAPS, "./lib/../lib/m.yaml"),  # another spelling of one
        (GAPS, "hard.yaml"),  # a hard link to one
        (GAPS, "soft.yaml"),  # a symbolic link to one
        (["coverage", "--no-builtin", "--library", "lib", str(definition)], str(definition)),  # the definition
        (["overview", "--no-builtin", "--library", "lib", "--from", "demo@1"], "lib/other.yaml"),
        (["report", "--no-builtin", "--library", "lib", "--from", "demo@1", "--to", "other@1"], "hard.xlsx"),
    ]
    files = [tmp_path / "p.yaml", *lib.iterdir(), definition]
    before = {path: path.read_bytes() for path in files}
    for argv, output in cases:
        assert main([*argv, "-o", output]) == 2, output
        assert "is an input of this command" in one_line_error(capsys.readouterr().err)
    assert {path: path.read_bytes() for path in files} == before
    assert temporaries(lib) == [] and temporaries(tmp_path) == []


def test_import_onto_its_own_source_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "e.json"
    source.write_bytes((ROOT / "tests" / "data" / "aiverify" / "checklist-excerpt.json").read_bytes())
    before = source.read_bytes()
    assert main(["import", "aiverify-checklist", "e.json", "-o", "e.json"]) == 2
    assert "is an input of this command" in one_line_error(capsys.readouterr().err)
    assert source.read_bytes() == before


# 3. a report definition's output stays in the working directory; no folder is ever created

def definition(path: Path, output: str) -> Path:
    path.write_text(f"kind: report\nid: d\nfrom: demo@1\nto: other@1\noutput: {output}\n", encoding="utf-8")
    return path


def test_definition_outputs_cannot_leave_the_working_directory(lib, capsys, tmp_path):
    work = tmp_path / "work"
    (work / "reports").mkdir(parents=True)
    os.chdir(work)
    library = ["--no-builtin", "--library", str(lib)]
    outside = tmp_path / "outside"
    (work / "away.xlsx").symlink_to(tmp_path / "away.xlsx")
    for output in ("../outside/x.xlsx", "../x.xlsx", str(outside / "x.xlsx"), "away.xlsx", "sub/x.xlsx"):
        assert main(["report", str(definition(work / "reports" / "d.yaml", output)), *library]) == 2, output
        one_line_error(capsys.readouterr().err)
    assert not outside.exists() and not (tmp_path / "x.xlsx").exists() and not (tmp_path / "away.xlsx").exists()
    assert not (work / "sub").exists()
    assert sorted(os.listdir(work)) == ["away.xlsx", "reports"]
    # a plain name is written where the command runs, as the README's first command does
    assert main(["report", str(definition(work / "reports" / "d.yaml", "fine.xlsx")), *library]) == 0
    assert (work / "fine.xlsx").is_file() and not (work / "reports" / "fine.xlsx").exists()
    # -o on the command line says where: anywhere the user names, outside included
    assert main(["report", str(work / "reports" / "d.yaml"), *library, "-o", str(tmp_path / "chosen.xlsx")]) == 0
    assert (tmp_path / "chosen.xlsx").is_file()


def test_output_in_a_missing_folder_or_ending_in_a_slash_creates_nothing(lib, capsys, tmp_path):
    for output in ("missing/x.txt", "a/b/x.txt", "newdir/"):
        assert main([*GAPS, "-o", output]) == 2
        one_line_error(capsys.readouterr().err)
    assert sorted(os.listdir(tmp_path)) == ["lib", "p.yaml"]


def test_profile_outside_the_definitions_workspace(lib, capsys, tmp_path):
    """``validate`` reports it at the profile key (see also tests/negative/writegate-profile-escape), and
    the commands refuse to run it; a symbolic link out of the workspace counts as outside."""
    workspace = tmp_path / "ws"
    for folder in ("reports", "profiles", "frameworks"):
        (workspace / folder).mkdir(parents=True)
    for name in ("demo.yaml", "other.yaml", "m.yaml"):
        (workspace / "frameworks" / name).write_bytes((lib / name).read_bytes())
    (workspace / "profiles" / "linked.yaml").symlink_to(tmp_path / "p.yaml")
    (workspace / "profiles" / "own.yaml").write_text(PROFILE, encoding="utf-8")
    text = "kind: report\nid: {id}\nfrom: demo@1\nto: other@1\nprofile: {profile}\n"
    (workspace / "reports" / "linked.yaml").write_text(text.format(id="linked", profile="../profiles/linked.yaml"))
    (workspace / "reports" / "own.yaml").write_text(text.format(id="own", profile="../profiles/own.yaml"))
    os.chdir(workspace)
    assert main(["validate", "--no-builtin", "--format", "json", "."]) == 1
    import json

    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["file"], f["line"], f["column"], f["rule"]) for f in findings] == \
        [(os.path.join("reports", "linked.yaml"), 5, 10, "reference")]
    assert main(["coverage", "--no-builtin", "reports/linked.yaml"]) == 2
    assert "lies outside the definition's workspace" in one_line_error(capsys.readouterr().err)
    assert main(["coverage", "--no-builtin", "reports/own.yaml"]) == 0
    capsys.readouterr()
    # the command line may name any profile
    assert main(["coverage", "--no-builtin", "reports/linked.yaml", "--profile", str(tmp_path / "p.yaml")]) == 0


# 4. every OS failure is one line, exit 2, and never a partly written output

def test_full_disk_leaves_the_old_file_and_no_temporary(lib, capsys, tmp_path, monkeypatch):
    out = tmp_path / "out.txt"
    out.write_text("old report", encoding="utf-8")

    def full(handle, data):
        os.write(handle, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(writegate, "write_all", full)
    assert main([*GAPS, "-o", "out.txt"]) == 2
    assert "No space left on device" in one_line_error(capsys.readouterr().err)
    assert out.read_text(encoding="utf-8") == "old report" and temporaries(tmp_path) == []


@pytest.fixture
def tmpfs(tmp_path):
    """A tiny tmpfs mounted for the test (needs root and a kernel that allows it; else skipped)."""
    mounted = []

    def mount(name: str, options: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
        if result.returncode != 0:
            pytest.skip("cannot mount a tmpfs here")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", str(folder)], capture_output=True)


def test_a_real_full_disk_and_a_read_only_folder(lib, capsys, tmp_path, tmpfs):
    small = tmpfs("small", "size=64k")
    (small / "kept.txt").write_text("old", encoding="utf-8")
    outputs = [writegate.Output(str(small / "kept.txt"), b"new"), writegate.Output(str(small / "big.bin"), b"x" * 200_000)]
    with pytest.raises(atomic.WriteRefused, match="No space left on device"):
        writegate.write_outputs(outputs)
    assert sorted(os.listdir(small)) == ["kept.txt"] and (small / "kept.txt").read_text() == "old"
    read_only = tmpfs("ro", "ro,size=16k")
    assert main([*GAPS, "-o", str(read_only / "x.txt")]) == 2
    assert "Read-only file system" in one_line_error(capsys.readouterr().err)


def test_read_only_folder_as_an_ordinary_user(lib, capsys, tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root writes into read-only folders (the tmpfs test covers root)")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert main([*GAPS, "-o", "ro/x.txt"]) == 2
        assert "Permission denied" in one_line_error(capsys.readouterr().err)
    finally:
        folder.chmod(0o755)


def test_a_path_too_long_for_the_system_is_one_short_line(lib, capsys):
    assert main([*GAPS, "-o", "a/" * 60_000 + "x"]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert "too long" in line and len(line) < 400


def test_stdout_to_dev_full(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "crosswalk", "rules"], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=60)
    assert result.returncode == 2
    assert "standard output: No space left on device" in one_line_error(result.stderr)


def test_closed_stdout(lib, tmp_path):
    closed = {"preexec_fn": lambda: os.close(1), "stdout": None, "stderr": subprocess.PIPE}
    result = subprocess.run([sys.executable, "-m", "crosswalk", "rules"], text=True, timeout=60, cwd=tmp_path, **closed)
    assert result.returncode == 2
    assert "standard output is closed" in one_line_error(result.stderr)
    # a command writing to -o does not need standard output
    result = subprocess.run([sys.executable, "-m", "crosswalk", *GAPS, "-o", "x.txt"], text=True, timeout=60,
                            cwd=tmp_path, **closed)
    assert result.returncode == 0 and (tmp_path / "x.txt").is_file(), result.stderr


def test_closed_stderr_does_not_crash(tmp_path):
    result = subprocess.run([sys.executable, "-m", "crosswalk", "show", "no-such-framework"], text=True, timeout=60,
                            cwd=tmp_path, capture_output=False, stdout=subprocess.PIPE, preexec_fn=lambda: os.close(2))
    assert result.returncode == 2


def test_reader_that_goes_away_is_not_an_error(tmp_path):
    command = ["show", "nist-ai-600-1", "--format", "json"]  # 290 KB, more than a pipe holds: it breaks
    process = subprocess.Popen([sys.executable, "-m", "crosswalk", *command], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=tmp_path)
    assert process.stdout.readline()  # like `| head -1`
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0 and err == ""


def test_stdout_that_cannot_encode_every_character(lib, capsys, monkeypatch):
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp1252"))
    assert main(GAPS) == 0  # its title has "→", which cp1252 lacks
    sys.stdout.flush()
    text = raw.getvalue().decode("cp1252")
    assert text.splitlines()[0] == "demo \\u2192 other"


def test_stdout_that_cannot_encode_every_character_from_the_shell(tmp_path):
    result = run("show", "nist-ai-rmf", cwd=tmp_path, env=dict(os.environ, PYTHONIOENCODING="ascii"))
    assert result.returncode == 0 and result.stderr == ""
    assert "\\u2019" in result.stdout  # the curly apostrophe of the official text, escaped


def test_lone_surrogates_are_escaped_not_a_crash():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8")
    old, sys.stdout = sys.stdout, stream
    try:
        console.emit("title \ud800\n")
    finally:
        sys.stdout = old
    stream.flush()
    assert raw.getvalue() == b"title \\ud800\n"


def test_source_date_epoch_past_year_9999(lib, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999999")
    assert main(GAPS) == 2
    assert "SOURCE_DATE_EPOCH" in one_line_error(capsys.readouterr().err)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 5000)  # more digits than Python turns into an int
    assert main(GAPS) == 2
    assert "SOURCE_DATE_EPOCH" in one_line_error(capsys.readouterr().err)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")  # 9999-12-31T23:59:59Z, the last that fits
    assert main([*GAPS, "--format", "json"]) == 0


# 5. temporaries a killed run left behind are cleaned, ours only

def test_sigkill_during_a_write_leaves_a_temporary_the_next_write_removes(lib, tmp_path, capsys):
    child = ("import sys, time\n"
             "from crosswalk import writegate\n"
             "def slow(handle, data):\n"
             "    import os; os.write(handle, data[:10]); print('writing', flush=True); time.sleep(120)\n"
             "writegate.write_all = slow\n"
             "writegate.write_outputs([writegate.Output(sys.argv[1], b'x' * 100)])\n")
    process = subprocess.Popen([sys.executable, "-c", child, "out.txt"], stdout=subprocess.PIPE, cwd=tmp_path, text=True)
    assert process.stdout.readline().strip() == "writing"
    process.kill()
    process.wait(timeout=60)
    (left,) = temporaries(tmp_path)
    assert left.startswith(".out.txt.crosswalk-") and not (tmp_path / "out.txt").exists()
    # the next write into the folder removes it once it is clearly stale, and nothing that is not ours
    fresh = tmp_path / ".other.txt.crosswalk-abcd1234.tmp"
    fresh.write_text("a write in progress")
    others = [".x.txt.abcd1234.tmp", "x.crosswalk-abcd1234.tmp", ".x.crosswalk-abcd12345.tmp", ".x.crosswalk-ABCD1234.tmp"]
    for name in others:
        (tmp_path / name).write_text("not ours")
    (tmp_path / ".dir.crosswalk-abcd1234.tmp").mkdir()
    long_ago = time.time() - writegate.STALE_AFTER - 60
    for name in [left, *others, ".dir.crosswalk-abcd1234.tmp"]:
        os.utime(tmp_path / name, (long_ago, long_ago))
    assert main([*GAPS, "-o", "out.txt"]) == 0
    assert not (tmp_path / left).exists() and (tmp_path / "out.txt").is_file()
    assert fresh.exists() and all((tmp_path / name).exists() for name in others)
    assert (tmp_path / ".dir.crosswalk-abcd1234.tmp").is_dir()


# 6. multi-file outputs are all or nothing

def two_document_library(tmp_path: Path, mapping_ids: tuple[str, ...] = ("a-b",)) -> Path:
    from tests.test_format_ciso_assistant import library

    source = library(tmp_path, "alpha", [("g1", "G1", None, 1), ("g1.1", "G1.1", "g1", 2)])
    text = source.read_text(encoding="utf-8") + "  requirement_mapping_sets:\n"
    for ident in mapping_ids:
        text += (f"    - urn: urn:test:rms:{ident}\n      ref_id: {ident}\n"
                 "      source_framework_urn: urn:test:framework:alpha\n      target_framework_urn: urn:test:framework:alpha\n"
                 "      requirement_mappings:\n        - {source_requirement_urn: 'urn:test:req_node:alpha:g1.1', "
                 "target_requirement_urn: 'urn:test:req_node:alpha:g1', relationship: subset}\n")
    source.write_text(text, encoding="utf-8")
    return source


IMPORT = ["import", "ciso-assistant", "alpha.yaml", "--option", "source=alpha@2", "--option", "target=alpha@2"]


def test_multi_document_import_onto_a_full_disk_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    two_document_library(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-b.yaml").write_text("old mapping", encoding="utf-8")
    real_write, calls = writegate.write_all, []

    def second_fails(handle, data):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(handle, data)

    monkeypatch.setattr(writegate, "write_all", second_fails)
    assert main([*IMPORT, "-o", "out"]) == 2
    assert "nothing was written" in one_line_error(capsys.readouterr().err)
    assert sorted(os.listdir(out)) == ["a-b.yaml"] and (out / "a-b.yaml").read_text() == "old mapping"
    calls.clear()
    assert main([*IMPORT, "-o", "new/"]) == 2  # the folder made for the import goes again
    capsys.readouterr()
    assert not (tmp_path / "new").exists()
    monkeypatch.setattr(writegate, "write_all", real_write)
    assert main([*IMPORT, "-o", "new/"]) == 0
    assert sorted(os.listdir(tmp_path / "new")) == ["a-b.yaml", "alpha-2.yaml"]


def test_a_failed_rename_takes_back_the_files_this_run_created(tmp_path, monkeypatch):
    (tmp_path / "old.txt").write_text("old", encoding="utf-8")
    real_replace, calls = os.replace, []

    def second_fails(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        real_replace(source, target)

    monkeypatch.setattr(writegate.os, "replace", second_fails)
    outputs = [writegate.Output(str(tmp_path / "new.txt"), b"new"), writegate.Output(str(tmp_path / "old.txt"), b"new")]
    with pytest.raises(atomic.WriteRefused, match="Input/output error"):
        writegate.write_outputs(outputs)
    assert sorted(os.listdir(tmp_path)) == ["old.txt"] and (tmp_path / "old.txt").read_text() == "old"
    # the documented limit: a file already replaced keeps its new content, and the message says so
    calls.clear()
    with pytest.raises(atomic.WriteRefused, match="keep their new content"):
        writegate.write_outputs(list(reversed(outputs)))
    assert sorted(os.listdir(tmp_path)) == ["old.txt"] and (tmp_path / "old.txt").read_text() == "new"


# 7. file names derived from document ids stay plain names inside the -o folder

@pytest.mark.parametrize("ident", ["../../x", "sub/x", ".hidden", "a\\b"])
def test_import_ids_cannot_leave_the_output_folder(tmp_path, monkeypatch, capsys, ident):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    two_document_library(work)
    assert main([*IMPORT, "--option", f"id={ident}", "-o", "out/"]) == 2
    assert f"--option id={ident!r}" in one_line_error(capsys.readouterr().err)  # the importer refuses it first
    assert sorted(os.listdir(work)) == ["alpha.yaml"] and sorted(os.listdir(tmp_path)) == ["work"]
    with pytest.raises(atomic.WriteRefused, match="--option id=NAME"):  # and the gate would, behind it
        writegate.plain_name(ident, "mapping")


def test_two_documents_with_one_file_name_are_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    two_document_library(tmp_path, ("same", "same"))
    assert main([*IMPORT, "-o", "out/"]) == 2
    assert "their names in the input collide" in one_line_error(capsys.readouterr().err)  # the importer's check
    assert not (tmp_path / "out").exists()


# 8. Ctrl-C at any moment once crosswalk has control: exit 130, no traceback

def test_ctrl_c_at_any_import_during_a_command(lib, tmp_path):
    """A KeyboardInterrupt raised while each of these modules is imported (they are all imported after
    entry_point starts, the window where Ctrl-C used to print a traceback)."""
    child = ("import importlib.abc, os, signal, sys\n"
             "from crosswalk.cli import entry_point\n"
             "TARGET = sys.argv[1]\n"
             "class Trip(importlib.abc.MetaPathFinder):\n"
             "    def find_spec(self, name, path, target=None):\n"
             "        if name == TARGET:\n"
             "            sys.meta_path.remove(self)\n"
             "            os.kill(os.getpid(), signal.SIGINT)\n"
             "        return None\n"
             "sys.meta_path.insert(0, Trip())\n"
             "sys.argv = ['crosswalk', 'validate', '--no-builtin', 'lib']\n"
             "sys.exit(entry_point())\n")
    for module in ("crosswalk.cli_engine", "crosswalk.console", "crosswalk.workspace", "yaml", "jsonschema",
                   "crosswalk.validate", "crosswalk.reporters.findings"):
        result = subprocess.run([sys.executable, "-c", child, module], capture_output=True, text=True, timeout=120,
                                cwd=tmp_path)
        assert result.returncode == 130 and "Traceback" not in result.stderr, (module, result.stderr)


def test_ctrl_c_early_in_a_real_process(tmp_path):
    """SIGINT from outside at several moments after crosswalk's entry point has installed its handler
    (a signal while Python itself starts is out of any program's reach; the child says when its
    handler is in place, so the test does not race the few instructions before it)."""
    child = ("import re, signal, sys\n"  # what the installed `crosswalk` script does first
             "from crosswalk.cli import entry_point\n"
             "real = signal.signal\n"
             "def spy(number, handler):\n"
             "    previous = real(number, handler)\n"
             "    if number == signal.SIGINT and callable(handler) and not spy.said:\n"
             "        spy.said = True\n"
             "        sys.stderr.write('ready\\n'); sys.stderr.flush()\n"
             "    return previous\n"
             "spy.said = False\n"
             "signal.signal = spy\n"
             "sys.argv = ['crosswalk', 'validate']\n"
             "sys.exit(entry_point())\n")
    for delay in (0, 0.005, 0.02, 0.05, 0.1, 0.3):
        process = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True, cwd=tmp_path)
        assert process.stderr.readline() == "ready\n"
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        err = process.stderr.read()
        code = process.wait(timeout=120)
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, (delay, err)
        assert code in (130, -signal.SIGINT, 0, 1), (delay, code)  # 0/1: it had finished first
