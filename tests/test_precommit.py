"""The pre-commit hook, run by the real pre-commit tool in throwaway git repositories.

pre-commit installs the hook repository into its own virtual environment (from PyPI: needs the
package index, as a user's machine would), so this is the slowest test; it is skipped only when
the pre-commit executable is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit") or shutil.which("pre-commit", path=str(Path(sys.executable).parent))
SOURCE_PARTS = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "crosswalk", "frameworks", "mappings",
                "profiles", "reports"]


def hook_repository(repo: Path) -> str:
    """This repository's hook files copied to ``repo`` and committed, as pre-commit takes a hook
    repository; returns the commit."""
    repo.mkdir(parents=True, exist_ok=True)
    for part in SOURCE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, repo / part, ignore=shutil.ignore_patterns("__pycache__", "builtin"))
        else:
            shutil.copy2(source, repo / part)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hook")
    return git(repo, "rev-parse", "HEAD")


def git(cwd: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.mark.skipif(PRE_COMMIT is None, reason="the pre-commit executable is not installed (pip install pre-commit)")
def test_hook_passes_good_files_and_fails_bad_ones_with_rule_and_line(tmp_path):
    hook_repo = tmp_path / "hook"
    sha = hook_repository(hook_repo)

    user = tmp_path / "user"
    (user / "mappings").mkdir(parents=True)
    (user / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {sha}\n    hooks:\n      - id: crosswalk-validate\n", encoding="utf-8")
    good = ("kind: mapping\nid: mine\nsource: aiverify@2023\ntarget: nist-ai-rmf@1.0\nstyle: strm\n"
            "provenance: {author: me, method: human, status: draft, judgement: ours}\nrows:\n"
            "  - {source: '7', target: MEASURE 2.11, relationship: intersects_with, rationale: semantic, strength: 6}\n")
    (user / "mappings" / "mine.yaml").write_text(good, encoding="utf-8")
    git(user, "init", "-q")
    git(user, "add", "-A")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))
    run = lambda: subprocess.run([PRE_COMMIT, "run", "--all-files"], cwd=user, env=env, capture_output=True,  # noqa: E731
                                 text=True, timeout=600)
    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    (user / "mappings" / "mine.yaml").write_text(good.replace("MEASURE 2.11", "MEASURE 2.99").replace("6}", "10}"),
                                                 encoding="utf-8")
    git(user, "add", "-A")
    failed = run()
    assert failed.returncode == 1
    assert "mappings/mine.yaml:8:27: error element 'MEASURE 2.99' is not in nist-ai-rmf@1.0" in failed.stdout
    assert "[strength]" in failed.stdout
