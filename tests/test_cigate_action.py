"""The GitHub Action as docs/validate.md shows it, run as GitHub would run its scripts.

GitHub itself cannot run here, so the test does what the runner does with a composite action: for
each step of ``action.yml`` it evaluates the step's ``env:`` (``${{ inputs.NAME }}`` from the
example's ``with:`` or the input's default), sets the variables the runner sets
(``GITHUB_ACTION_PATH``, ``RUNNER_TEMP``, ``GITHUB_WORKSPACE``, ``GITHUB_ENV``...), and runs the
``run:`` script with ``bash --noprofile --norc -eo pipefail``, GitHub's command for ``shell: bash``,
in a throwaway repository. The Action's install step really installs crosswalk (from a copy of this
repository, as ``$GITHUB_ACTION_PATH`` is) into its own virtual environment: it needs the package
index, as a runner would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.test_precommit import ROOT, SOURCE_PARTS

ACTION = ROOT / "action.yml"
DOCS = ROOT / "docs" / "validate.md"
OWN = "OWNER/crosswalk@"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")


def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def documented_workflows() -> list[dict]:
    """Every YAML block of docs/validate.md that is a workflow (has jobs)."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    return [data for data in map(yaml.safe_load, blocks) if isinstance(data, dict) and "jobs" in data]


def example() -> tuple[dict, list[dict]]:
    """The docs' workflow: our step's ``with:``, and the job's steps."""
    workflows = documented_workflows()
    assert len(workflows) == 1
    steps = next(iter(workflows[0]["jobs"].values()))["steps"]
    ours = [step for step in steps if str(step.get("uses", "")).startswith(OWN)]
    assert len(ours) == 1
    return {key: value for key, value in ours[0].get("with", {}).items()}, steps


def test_the_action_pins_what_it_uses_and_never_touches_the_callers_python():
    data = action()
    steps = data["runs"]["steps"]
    assert all("uses" not in step for step in steps)  # no action at all: nothing to pin, no setup-python
    for step in steps:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"]  # inputs arrive as environment variables, never expanded in a script
        assert "GITHUB_ENV" not in step["run"] and "GITHUB_PATH" not in step["run"]
        assert all(EXPRESSION.fullmatch(str(value)) for value in step.get("env", {}).values())
    with_, documented_steps = example()
    for step in documented_steps:
        uses = step.get("uses", "")
        if uses and not uses.startswith(OWN):
            assert PINNED.match(uses), f"{uses} is not pinned by a 40-hex commit"
    inputs = data["inputs"]
    assert set(with_) <= set(inputs)  # the docs use only inputs that exist
    assert {"annotations", "sarif", "workspace", "python"} <= set(inputs)


def env_of(step: dict, inputs: dict[str, str]) -> dict[str, str]:
    def value(text: str) -> str:
        match = EXPRESSION.fullmatch(str(text))
        assert match, f"unsupported expression {text!r}"
        return inputs[match.group(1)]

    return {name: value(text) for name, text in step.get("env", {}).items()}


def as_input(value: object) -> str:
    """A ``with:`` value as GitHub passes it: a string (YAML true is 'true')."""
    return str(value).lower() if isinstance(value, bool) else str(value)


@pytest.fixture(scope="module")
def action_path(tmp_path_factory) -> Path:
    """A copy of this repository as GitHub checks an action out (what ``$GITHUB_ACTION_PATH`` points at)."""
    path = tmp_path_factory.mktemp("action") / "crosswalk"
    path.mkdir()
    for part in [*SOURCE_PARTS, "action.yml"]:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, path / part, ignore=shutil.ignore_patterns("__pycache__", "builtin"))
        else:
            shutil.copy2(source, path / part)
    return path


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory) -> Path:
    """RUNNER_TEMP, shared by the runs of this module so that the Action's venv is made once and reused."""
    return tmp_path_factory.mktemp("runner-temp")


def run_action(repo: Path, with_: dict, action_path: Path, runner_temp: Path) -> tuple[int, str, str]:
    """Every step of the composite action, in order, as the runner runs them; stops at the first that fails."""
    defaults = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
    inputs = {**defaults, **{name: as_input(value) for name, value in with_.items()}}
    side = repo.parent / "runner-files"
    side.mkdir(exist_ok=True)
    for name in ("env", "path", "output"):
        (side / name).write_text("", encoding="utf-8")
    stdout, stderr = [], []
    for index, step in enumerate(action()["runs"]["steps"]):
        script = side / f"step{index}.sh"
        script.write_text(step["run"], encoding="utf-8")
        # python3 on the PATH is the interpreter running the tests: the "caller's Python" checked below
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        env = {**os.environ, "PATH": path, "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_WORKSPACE": str(repo),
               "GITHUB_ACTION_PATH": str(action_path), "RUNNER_TEMP": str(runner_temp),
               "GITHUB_ENV": str(side / "env"), "GITHUB_PATH": str(side / "path"),
               "GITHUB_OUTPUT": str(side / "output"), "CROSSWALK_CACHE_DIR": str(side / "cache"),
               **env_of(step, inputs)}
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=900)
        stdout.append(done.stdout)
        stderr.append(done.stderr)
        if done.returncode != 0:
            return done.returncode, "".join(stdout), "".join(stderr)
    for name in ("env", "path"):  # the steps after the Action see the job as it was
        assert (side / name).read_text(encoding="utf-8") == ""
    return 0, "".join(stdout), "".join(stderr)


def repository(path: Path, under: str = "") -> Path:
    """A checkout holding a copy of the shipped library, one mapping broken (a missing element)."""
    path.mkdir()
    for folder in ("frameworks", "mappings", "profiles", "reports"):
        shutil.copytree(ROOT / folder, path / under / folder)
    mapping = path / under / "mappings" / "us-sg-shared-principles-2024--aiverify-2023.yaml"
    text = mapping.read_text(encoding="utf-8")
    assert ": transparency\n" in text
    mapping.write_text(text.replace(": transparency\n", ": transparence\n", 1), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=path, check=True)
    return mapping


def broken_place(mapping: Path) -> tuple[int, int]:
    for number, line in enumerate(mapping.read_text(encoding="utf-8").splitlines(), 1):
        if line.endswith(": transparence"):
            return number, line.index("transparence") + 1
    raise AssertionError("the broken reference is gone")


def pip_freeze() -> str:
    return subprocess.run([sys.executable, "-m", "pip", "freeze", "--all"], capture_output=True, text=True,
                          check=True).stdout


def test_the_documented_example_annotates_and_writes_the_sarif_that_the_upload_step_reads(
        tmp_path, action_path, runner_temp):
    with_, steps = example()
    upload = next(step for step in steps if "upload-sarif" in str(step.get("uses", "")))
    assert upload["if"] == "${{ !cancelled() }}"  # runs after a failing validation, when it matters
    repo = tmp_path / "checkout"
    mapping = repository(repo)
    before = pip_freeze()

    code, out, err = run_action(repo, with_, action_path, runner_temp)
    assert code == 1, out + err
    line, column = broken_place(mapping)
    name = mapping.relative_to(repo).as_posix()
    assert (f"::error file={name},line={line},col={column},title=crosswalk reference::element 'transparence' "
            "is not in us-sg-shared-principles@2024") in out
    sarif = json.loads((repo / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    [result] = sarif["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert (location["artifactLocation"]["uri"], location["region"]["startLine"]) == (name, line)
    assert "::" not in (repo / upload["with"]["sarif_file"]).read_text(encoding="utf-8")  # no annotations in it
    assert pip_freeze() == before  # the caller's Python is as it was

    # annotations off: plain lines in the log, the same SARIF
    code, out, _ = run_action(repo, {**with_, "annotations": False}, action_path, runner_temp)
    assert code == 1 and f"{name}:{line}:{column}: error element 'transparence'" in out and "::error" not in out


def test_a_library_in_a_subfolder_with_the_workspace_input_and_a_bad_input(tmp_path, action_path, runner_temp):
    repo = tmp_path / "checkout"
    mapping = repository(repo, under="governance")
    with_ = {"workspace": "governance", "sarif": "out/crosswalk.sarif", "paths": "governance/frameworks"}
    (repo / "out").mkdir()
    code, out, err = run_action(repo, with_, action_path, runner_temp)
    assert code == 1, out + err
    line, column = broken_place(mapping)
    # the framework folder was named, and the broken mapping depends on one of its frameworks
    assert f"::error file=governance/mappings/{mapping.name},line={line},col={column}," in out
    assert json.loads((repo / "out" / "crosswalk.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]

    code, out, err = run_action(repo, {"annotations": "yes"}, action_path, runner_temp)
    assert code == 2 and "the annotations input must be true or false" in out
    code, out, err = run_action(repo, {"workspace": "nowhere"}, action_path, runner_temp)
    assert code == 2 and "--workspace nowhere: no such folder" in err
