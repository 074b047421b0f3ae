"""``crosswalk diff`` as users call it: every format, the draft edition map (valid, reviewable),
usage errors in one line with exit 2, and outputs that never overwrite an input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from crosswalk.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "editions"


@pytest.fixture
def lib(tmp_path, monkeypatch):
    folder = tmp_path / "lib"
    shutil.copytree(FIXTURES, folder)
    monkeypatch.chdir(tmp_path)
    return folder


def run(*argv: str, lib: Path) -> int:
    return main(["diff", *argv, "--no-builtin", "--library", str(lib)])


def test_text_json_markdown(lib, capsys):
    assert run("demo@1", "demo@2", lib=lib) == 0
    text = capsys.readouterr().out
    assert text.startswith("demo@1 -> demo@2 (matched by id and content)\n")
    assert "1 reworded, 1 moved, 1 renumbered, 1 split, 1 merged, 2 added, 1 removed" in text
    assert "title: Test models for bias across {+demographic+} groups before {+every+} release" in text
    assert "demo-mapping.yaml:9: mapping other--demo-1 row 2: B.1 (renumbered): renumber to B.9" in text
    assert run("demo@1", "demo@2", "--format", "json", lib=lib) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["split"] == 1 and len(data["impact"]) == 7
    assert run("demo@1", "demo@2", "--format", "markdown", lib=lib) == 0
    markdown = capsys.readouterr().out
    assert "| split | practice | C.1 | C.1a, C.1b | content |" in markdown


def test_xlsx_is_the_same_bytes_twice(lib, tmp_path, capsys):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run("demo@1", "demo@2", "-o", str(first), lib=lib) == 0
    assert run("demo@1", "demo@2", "-o", str(second), lib=lib) == 0
    assert first.read_bytes() == second.read_bytes()
    book = load_workbook(first)
    assert book.sheetnames == ["Summary", "Changes", "Impact"]
    rows = list(book["Changes"].iter_rows(values_only=True))
    assert ("merged", "practice", "B.2, B.3", "B.5") == rows[[r[0] for r in rows].index("merged")][:4]


def test_draft_edition_map_validates_and_drives_the_diff(lib, tmp_path, capsys):
    out = lib / "demo-1--demo-2.yaml"
    assert run("demo@1", "demo@2", "--draft-edition-map", "-o", str(out), lib=lib) == 0
    assert "draft edition map demo-1--demo-2" in capsys.readouterr().err
    assert main(["validate", str(out), "--no-builtin", "--library", str(lib)]) == 0
    capsys.readouterr()
    assert run("demo@1", "demo@2", "--edition-map", "demo-1--demo-2", "--format", "json", lib=lib) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["edition_map"] == "demo-1--demo-2"
    assert data["counts"] == {"unchanged": 3, "reworded": 1, "moved": 1, "renumbered": 1, "split": 1,
                              "merged": 1, "added": 2, "removed": 1}
    assert not any(i["document"] == "demo-1--demo-2" for i in data["impact"])  # the map itself is not touched


@pytest.mark.parametrize("argv, message", [
    (["demo@1", "demo@9"], "no framework 'demo@9' in the library"),
    (["demo@1", "demo@1"], "are the same edition"),
    (["demo@1", "other@1"], "say so with --editions"),
    (["demo@1", "demo@2", "--edition-map", "nope"], "no mapping 'nope'"),
    (["demo@1", "demo@2", "--edition-map", "other--demo-1"], "joins other@1 and demo@1, not demo@1 and demo@2"),
    (["demo@1", "demo@2", "--draft-edition-map"], "name it with -o"),
    (["demo@1", "demo@2", "--format", "xlsx"], "name it with -o FILE.xlsx"),
])
def test_usage_errors_are_one_line(lib, capsys, argv, message):
    assert run(*argv, lib=lib) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_output_never_overwrites_an_input(lib, capsys):
    target = lib / "demo-mapping.yaml"
    before = target.read_bytes()
    assert run("demo@1", "demo@2", "--draft-edition-map", "-o", str(target), lib=lib) == 2
    assert "crosswalk: error:" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert run("demo@1", "demo@2", "-o", str(lib / "demo-1.yaml"), lib=lib) == 2
    assert (lib / "demo-1.yaml").read_bytes() == (FIXTURES / "demo-1.yaml").read_bytes()


def test_different_ids_with_editions(lib, capsys):
    assert run("demo@1", "other@1", "--editions", "--format", "json", lib=lib) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"]["ref"] == "demo@1" and data["new"]["ref"] == "other@1"
