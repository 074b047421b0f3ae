"""Negative examples: each folder under tests/negative/ must yield exactly the findings its expect.txt lists.

The table is the specification: rule id, file, line and column for every case, hostile inputs
included; exit code 1 and never a traceback. Positive examples must validate clean.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from crosswalk import yamlio
from crosswalk.cli import main

HERE = Path(__file__).resolve().parent
CASES = sorted(p for p in (HERE / "negative").iterdir() if p.is_dir())


def expected(case: Path) -> set[tuple[str, int, int, str]]:
    out = set()
    for line in (case / "expect.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            place, rule = line.split()
            file, row, column = place.split(":")
            out.add((file, int(row), int(column), rule))
    return out


def run(monkeypatch, capsys, folder: Path, *extra: str) -> tuple[int, dict, str]:
    monkeypatch.chdir(folder)
    code = main(["validate", "--no-builtin", "--format", "json", "--fail-on", "warning", *extra, "."])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_negative_case(case, monkeypatch, capsys):
    code, report, err = run(monkeypatch, capsys, case)
    found = {(os.path.normpath(f["file"]), f["line"], f["column"], f["rule"]) for f in report["findings"]}
    assert found == expected(case)
    assert code == 1 and "Traceback" not in err


def test_huge_file_is_refused_before_parsing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 1000)
    (tmp_path / "big.yaml").write_text("a: " + "x" * 5000 + "\n", encoding="utf-8")
    code, report, _ = run(monkeypatch, capsys, tmp_path)
    assert code == 1 and [f["rule"] for f in report["findings"]] == ["file-too-large"]


def test_directory_passed_as_file_and_missing_path(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "trap.yaml"
    folder.mkdir()
    assert yamlio.YamlError  # the loader's error type
    with pytest.raises(yamlio.YamlError, match="is a directory"):
        yamlio.read_text(str(folder))
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--no-builtin", "does-not-exist.yaml"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_fail_on_levels(monkeypatch, capsys):
    case = HERE / "negative" / "non-leaf"  # a warning only
    monkeypatch.chdir(case)
    assert main(["validate", "--no-builtin", "."]) == 0  # default: fail on errors only
    assert main(["validate", "--no-builtin", "--fail-on", "warning", "."]) == 1
    assert main(["validate", "--no-builtin", "--fail-on", "never", "../consistency"]) == 0
    capsys.readouterr()


def test_positive_examples_are_clean(monkeypatch, capsys):
    code, report, _ = run(monkeypatch, capsys, HERE / "positive")
    assert report["findings"] == [] and code == 0
