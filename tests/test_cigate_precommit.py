"""The pre-commit hook catches what a commit breaks in files it does not touch, under the real pre-commit.

The issue's reproduction, as a user would meet it: a repository holding the library (a copy of the
shipped frameworks and mappings), the hook installed with ``pre-commit install``, an element of
``frameworks/us-sg-shared-principles-2024.yaml`` renamed and only that file committed. The mappings
that use the element are unchanged, so pre-commit does not pass them to the hook; the commit must
still fail, naming each mapping's line, and must not be made. Then the same for a library kept in
a subfolder (``governance/``), found from the files passed and named with the hook's argument.

pre-commit installs the hook repository into its own virtual environment (needs the package index,
as a user's machine would); the hook repository and pre-commit's cache are shared by the tests of
this module, so it is installed once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_precommit import PRE_COMMIT, ROOT, git, hook_repository

pytestmark = pytest.mark.skipif(PRE_COMMIT is None,
                                reason="the pre-commit executable is not installed (pip install pre-commit)")
US_SG = "frameworks/us-sg-shared-principles-2024.yaml"
LIBRARY = ("frameworks", "mappings", "profiles", "reports")


@pytest.fixture(scope="module")
def hook(tmp_path_factory) -> tuple[Path, str, dict[str, str]]:
    """This repository as a hook repository at one commit, and the environment with pre-commit's cache."""
    base = tmp_path_factory.mktemp("hook")
    repo = base / "hook"
    sha = hook_repository(repo)
    env = dict(os.environ, PRE_COMMIT_HOME=str(base / "cache"), CROSSWALK_CACHE_DIR=str(base / "crosswalk-cache"),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid")
    return repo, sha, env


def user_repository(path: Path, hook: tuple[Path, str, dict[str, str]], under: str = "", args: str = "") -> None:
    """A git repository holding a copy of the shipped library (under ``under``), committed, with the hook installed."""
    repo, sha, env = hook
    path.mkdir()
    for folder in LIBRARY:
        shutil.copytree(ROOT / folder, path / under / folder)
    config = f"repos:\n  - repo: {repo}\n    rev: {sha}\n    hooks:\n      - id: crosswalk-validate\n"
    if args:
        config += f"        args: {args}\n"
    (path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git(path, "init", "-q")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "library")
    subprocess.run([PRE_COMMIT, "install"], cwd=path, env=env, check=True, capture_output=True, text=True)


def commit(path: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess:
    git(path, "add", *files)
    return subprocess.run(["git", "commit", "-m", "rename an element"], cwd=path, env=env, capture_output=True,
                          text=True, timeout=900)


def rename_transparency(framework: Path) -> None:
    text = framework.read_text(encoding="utf-8")
    assert "- id: transparency\n" in text
    framework.write_text(text.replace("- id: transparency\n", "- id: transparency-x\n"), encoding="utf-8")


def mapping_lines(folder: Path, prefix: str) -> list[str]:
    """``path:line:col`` of each unchanged mapping's reference to 'transparency', read from the files."""
    out = []
    for mapping in sorted(folder.glob("us-sg-shared-principles-2024--*.yaml")):
        for number, line in enumerate(mapping.read_text(encoding="utf-8").splitlines(), 1):
            if line.rstrip().endswith(": transparency"):
                out.append(f"{prefix}{mapping.name}:{number}:{line.index('transparency') + 1}")
                break
    return out


def test_committing_only_a_renamed_element_fails_naming_the_unchanged_mappings(tmp_path, hook):
    _, _, env = hook
    user = tmp_path / "user"
    user_repository(user, hook)
    head = git(user, "rev-parse", "HEAD")
    rename_transparency(user / US_SG)

    done = commit(user, env, US_SG)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "crosswalk validate" in output and "Failed" in output
    expected = mapping_lines(user / "mappings", "mappings/")
    assert len(expected) == 3
    for place in expected:
        assert f"{place}: error element 'transparency' is not in us-sg-shared-principles@2024" in output
    assert git(user, "rev-parse", "HEAD") == head  # the commit was not made

    # The fix (the mappings follow the rename) commits cleanly, with only the changed files passed.
    for mapping in (user / "mappings").glob("us-sg-shared-principles-2024--*.yaml"):
        text = mapping.read_text(encoding="utf-8")
        mapping.write_text(text.replace(": transparency\n", ": transparency-x\n"), encoding="utf-8")
    done = commit(user, env, ".")
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(user, "rev-parse", "HEAD") != head


@pytest.mark.parametrize("args", ["", "[--workspace, governance]"], ids=["found-from-paths", "workspace-argument"])
def test_a_library_in_a_subfolder_is_checked_not_skipped(tmp_path, hook, args):
    _, _, env = hook
    user = tmp_path / "user"
    user_repository(user, hook, under="governance", args=args)
    head = git(user, "rev-parse", "HEAD")
    rename_transparency(user / "governance" / US_SG)

    done = commit(user, env, f"governance/{US_SG}")
    output = done.stdout + done.stderr
    assert "no files to check" not in output.lower()
    assert done.returncode != 0, output
    for place in mapping_lines(user / "governance" / "mappings", "governance/mappings/"):
        assert f"{place}: error element 'transparency' is not in us-sg-shared-principles@2024" in output
    assert git(user, "rev-parse", "HEAD") == head
