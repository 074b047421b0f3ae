"""Where ``crosswalk report`` writes, and that without ``-o`` it never replaces a file (issue 11, "Also").

Without ``-o`` the report goes to a name the user did not type (the definition's ``output``,
``<definition id>.xlsx`` or ``crosswalk-report.xlsx``, in the working directory): an existing file
there is refused with exit 2 and one line naming it, unless ``--force``. With ``-o`` the user named
the file, and a regular file there is replaced. Either way stderr says where the report went.
"""

from __future__ import annotations

import os
import shlex
import zipfile
from pathlib import Path

import pytest

from crosswalk import cli_engine
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
LIBRARY = ["--no-builtin", "--library", "lib"]
PAIR = [*LIBRARY, "--from", "demo@1", "--to", "other@1"]
OLD = b"the analyst's own notes, not a report"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working directory with a two-framework library in ``lib/`` and a definition ``reports/d.yaml``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "demo.yaml").write_text(FRAMEWORK.format(id="demo"), encoding="utf-8")
    (tmp_path / "lib" / "other.yaml").write_text(FRAMEWORK.format(id="other"), encoding="utf-8")
    (tmp_path / "lib" / "m.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "d.yaml").write_text("kind: report\nid: d\nfrom: demo@1\nto: other@1\n", encoding="utf-8")
    (tmp_path / "reports" / "named.yaml").write_text(
        "kind: report\nid: named\nfrom: demo@1\nto: other@1\noutput: chosen-name.xlsx\n", encoding="utf-8")
    return tmp_path


def is_workbook(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return "xl/workbook.xml" in archive.namelist()


def wrote(err: str, name: str) -> bool:
    return any(line.startswith(f"wrote {name}: ") for line in err.splitlines())


DEFAULTS = [  # (command line without -o, the file it writes)
    (PAIR, "crosswalk-report.xlsx"),
    (["reports/d.yaml", *LIBRARY], "d.xlsx"),
    (["d", *LIBRARY], "d.xlsx"),
    (["reports/named.yaml", *LIBRARY], "chosen-name.xlsx"),
]


@pytest.mark.parametrize("argv, name", DEFAULTS)
def test_without_o_an_existing_file_is_refused_naming_it(work: Path, capsys: pytest.CaptureFixture[str],
                                                         argv: list[str], name: str) -> None:
    assert main(["report", *argv]) == 0
    err = capsys.readouterr().err
    assert wrote(err, name) and is_workbook(work / name)
    (work / name).write_bytes(OLD)
    assert main(["report", *argv]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"crosswalk: error: {name} already exists: "), lines
    assert "-o FILE" in lines[0] and "--force" in lines[0]
    assert (work / name).read_bytes() == OLD
    assert sorted(p.name for p in work.iterdir()) == sorted(["lib", "reports", name])  # no temporary left


@pytest.mark.parametrize("argv, name", DEFAULTS)
def test_force_replaces_the_default_file(work: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                         name: str) -> None:
    (work / name).write_bytes(OLD)
    assert main(["report", *argv, "--force"]) == 0
    assert wrote(capsys.readouterr().err, name) and is_workbook(work / name)


def test_o_names_the_file_and_may_replace_it(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for target in ("crosswalk-report.xlsx", "elsewhere.xlsx"):
        (work / target).write_bytes(OLD)
        assert main(["report", *PAIR, "-o", target]) == 0
        assert wrote(capsys.readouterr().err, target) and is_workbook(work / target)


def test_a_file_that_appears_while_the_report_is_computed_is_not_replaced(
        work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked again just before writing: the first check passed, then someone wrote the file."""
    compute = cli_engine._compute

    def meanwhile(*args: object) -> object:
        result = compute(*args)
        (work / "d.xlsx").write_bytes(OLD)
        return result

    monkeypatch.setattr(cli_engine, "_compute", meanwhile)
    assert main(["report", "d", *LIBRARY]) == 2
    assert "d.xlsx already exists" in capsys.readouterr().err
    assert (work / "d.xlsx").read_bytes() == OLD


def test_help_says_where_report_writes_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "instead of stdout" not in text
    assert "Default: the definition's output, else <definition id>.xlsx (or .md, .html, .json with --format), or crosswalk-report.xlsx" in text
    assert "never replacing a file already there" in text and "--force" in text


def test_readme_first_command_writes_what_the_readme_says_then_refuses_to_overwrite(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's first command, on a fresh machine (an empty working directory), then once more."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()[0]
    argv = shlex.split(first.rsplit("&&", 1)[1])
    assert argv[:2] == ["crosswalk", "report"]
    name = f"{argv[2]}.xlsx"
    assert f"writes `{name}`" in readme
    monkeypatch.chdir(tmp_path)
    assert main(argv[1:]) == 0
    assert wrote(capsys.readouterr().err, name) and is_workbook(tmp_path / name)
    before = (tmp_path / name).read_bytes()
    os.utime(tmp_path / name, (0, 0))
    assert main(argv[1:]) == 2
    assert f"{name} already exists" in capsys.readouterr().err
    assert (tmp_path / name).read_bytes() == before and (tmp_path / name).stat().st_mtime == 0
