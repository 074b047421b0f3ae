"""The CLI as users call it: list, show, rules, exit codes, python -m, and the wheel's built-in library."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from crosswalk.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_json(capsys, *argv: str):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_list_json_has_the_core_library_with_counts(capsys):
    data = run_json(capsys, "list", "--format", "json")
    frameworks = {f["ref"]: f for f in data["frameworks"]}
    assert frameworks["nist-ai-rmf@1.0"]["levels"] == {"function": 4, "category": 19, "subcategory": 72}
    assert frameworks["aiverify@2023"]["levels"] == {"principle": 12, "outcome": 72, "process": 97}
    mapping = next(m for m in data["mappings"] if m["id"] == "nist-ai-rmf-1.0--aiverify-2023")
    assert mapping["style"] == "concept" and mapping["judgement"] == "official"
    assert {r["id"] for r in data["reports"]} >= {"aiverify-2023-to-nist-ai-rmf", "example-bank-aiverify-2023-to-nist-ai-rmf"}


def test_show_framework_tree_text_and_json(capsys):
    assert main(["show", "nist-ai-rmf"]) == 0
    text = capsys.readouterr().out
    assert "\n  GOVERN 1  Policies, processes" in text and "\n    GOVERN 1.1  Legal and regulatory" in text
    data = run_json(capsys, "show", "nist-ai-rmf@1.0", "--format", "json")
    assert data["kind"] == "framework" and len(data["elements"]) == 95
    first = data["elements"][1]
    assert (first["id"], first["parent"], first["depth"]) == ("GOVERN 1", "GOVERN", 1)


def test_show_mapping_rows(capsys):
    data = run_json(capsys, "show", "nist-ai-rmf-1.0--aiverify-2023", "--format", "json")
    assert data["kind"] == "mapping" and data["rows"][0]["relationship"] == "related"
    assert main(["show", "nist-ai-rmf-1.0--aiverify-2023"]) == 0
    assert "GOVERN 1  related  1.1.1  (as written: Transparency 1.1.1)" in capsys.readouterr().out


def test_show_unknown_and_ambiguous_refs_exit_2_with_help(capsys):
    assert main(["show", "nist-ai-rfm"]) == 2
    err = capsys.readouterr().err
    assert "did you mean" in err and "nist-ai-rmf" in err
    if len([f for f in run_json(capsys, "list", "--format", "json")["frameworks"] if f["id"] == "aiverify"]) > 1:
        assert main(["show", "aiverify"]) == 2
        assert "ambiguous" in capsys.readouterr().err


def test_usage_errors_exit_2_without_traceback(capsys):
    assert main(["validate", "/no/such/path"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_rules_lists_every_rule_id(capsys):
    rules = {r["id"] for r in run_json(capsys, "rules", "--format", "json")}
    assert {"schema", "reference", "consistency", "strength", "yaml-duplicate-key"} <= rules


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "crosswalk", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("crosswalk ")


def test_wheel_carries_the_builtin_library(tmp_path):
    pytest.importorskip("hatchling")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                             "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("crosswalk-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "crosswalk/builtin/frameworks/nist-ai-rmf-1.0.yaml" in names
    assert "crosswalk/builtin/mappings/nist-ai-rmf-1.0--aiverify-2023.yaml" in names
    assert "crosswalk/builtin/reports/aiverify-2023-to-nist-ai-rmf.yaml" in names
    assert "crosswalk/schemas/mapping.schema.json" in names


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    block = readme.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert block[1].replace("pip install", "pip install -q") in ci


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_main_workbook_opens_in_libreoffice(tmp_path):
    out = tmp_path / "main.xlsx"
    assert main(["report", "aiverify-2023-to-nist-ai-rmf", "-o", str(out)]) == 0
    env = dict(os.environ, HOME=str(tmp_path))
    result = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                            capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "main.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000


def test_checkout_library_takes_the_place_of_the_installed_copy(tmp_path, monkeypatch, capsys):
    """Validating inside a checkout with a non-editable install: each shipped file is there twice."""
    from crosswalk import workspace

    installed = tmp_path / "site-packages" / "crosswalk" / "builtin"
    checkout = tmp_path / "checkout"
    for folder in ("frameworks", "mappings"):
        shutil.copytree(ROOT / folder, installed / folder)
        shutil.copytree(ROOT / folder, checkout / folder)
    monkeypatch.setattr(workspace, "builtin_roots", lambda: [installed / "frameworks", installed / "mappings"])
    monkeypatch.chdir(checkout)
    report = run_json(capsys, "validate", "--format", "json")
    assert report["errors"] == 0 and report["files_checked"] == len(list(checkout.rglob("*.yaml")))
    # the checkout's copy is the one checked: an edit there shows, at the checkout's path
    edited = checkout / "frameworks" / "oecd-ai-principles-2024.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("kind: framework", "kind: framework\nbogus: 1", 1),
                      encoding="utf-8")
    assert main(["validate", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    found = {(f["file"], f["rule"]) for f in findings}
    assert (os.path.join("frameworks", "oecd-ai-principles-2024.yaml"), "schema") in found
    assert "unique-ids" not in {rule for _, rule in found}
    assert not any("site-packages" in file for file, _ in found)


def test_main_in_process_freezes_nothing_only_the_command_line_entry_point_may(capsys):
    """gc.freeze() keeps whatever is alive until the process ends: right for the crosswalk command,
    which ends with its work, wrong for a test or script calling main() again and again."""
    import gc

    before = gc.get_freeze_count()
    assert main(["coverage", "--from", "aiverify@2023", "--to", "nist-ai-rmf", "--format", "json"]) == 0
    capsys.readouterr()
    assert gc.get_freeze_count() == before
