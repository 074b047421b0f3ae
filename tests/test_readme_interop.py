"""The README's "Authoring mappings" and "Interoperability" sections, run as written, as the tutorial is
(tests/test_tutorial.py).

Every ``sh`` block of each section runs in order, one command per line, in a temporary folder laid
out like a fresh clone. What they promise is checked: every export or review writes a non-empty file,
and a file exported (or a review of a mapping) imported again with no change gives back the shipped
document it came from, field for field.
``text`` blocks (they need another tool's files) must parse as crosswalk command lines whose
``--option`` keys their format declares.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from crosswalk import formats
from crosswalk.cli import build_parser
from crosswalk.workspace import load
from tests.test_tutorial import CLONE, ROOT, crosswalk_on_path, digests, fenced_blocks, import_options, option

SECTIONS = ("## Authoring mappings", "## When a framework changes", "## Interoperability")


def section_commands(kind: str, title: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"\n{title}\n")
    end = readme.find("\n## ", start + 1)
    section = readme[start:end if end > 0 else None]
    return [command for info, commands in fenced_blocks(section) if info == kind for command in commands]


def shipped_document(ref: str) -> dict:
    workspace = load([], include_builtin=True)
    found = workspace.framework(ref) or workspace.mapping(ref)
    assert found is not None, ref
    return workspace.document(found.path).data


def read_output(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


@pytest.mark.parametrize("title", SECTIONS)
def test_section_examples_run_as_written(tmp_path: Path, title: str) -> None:
    clone = tmp_path / "crosswalk"
    for name in CLONE:
        shutil.copytree(ROOT / name, clone / name)
    shipped_before = {name: digests(clone / name) for name in ("frameworks", "mappings", "profiles", "reports")}
    env = crosswalk_on_path(tmp_path)
    exported: dict[str, str] = {}  # output path -> the REF it was exported from
    round_trips = 0
    commands = section_commands("sh", title)
    assert commands
    for command in commands:
        argv = shlex.split(command, comments=True)
        assert argv[0] in {"crosswalk", "mkdir"}, command
        result = subprocess.run(["sh", "-c", command], cwd=clone, env=env, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert "Traceback" not in result.stderr and "error:" not in result.stderr, f"{command}\n{result.stderr}"
        if argv[:2] in (["crosswalk", "export"], ["crosswalk", "review"], ["crosswalk", "suggest"],
                        ["crosswalk", "diff"]):
            output = option(argv, "-o", "--output")
            assert output is None or (clone / output).stat().st_size > 0, command
            assert output or result.stdout.strip(), command
            if argv[1] == "export":
                exported[output] = argv[3]
            elif argv[1] == "review" and option(argv, "--mapping"):
                exported[output] = option(argv, "--mapping")
        elif argv[:2] == ["crosswalk", "import"] and argv[3] in exported:
            back = read_output(clone / option(argv, "-o", "--output"))
            documents = back if isinstance(back, list) else [back]
            assert documents == [shipped_document(exported[argv[3]])], command
            round_trips += 1
    if any(c.startswith(("crosswalk export", "crosswalk review")) for c in commands):
        assert round_trips >= 1, "the section shows an export (or a review) imported back"
    assert {name: digests(clone / name) for name in shipped_before} == shipped_before


def test_interoperability_illustrations_are_command_lines_crosswalk_accepts() -> None:
    parser = build_parser()
    commands = [command for title in SECTIONS for command in section_commands("text", title)]
    assert commands
    for command in commands:
        argv = shlex.split(command, comments=True)
        assert argv[0] == "crosswalk", command
        args = parser.parse_args(argv[1:])
        if args.command in ("import", "export"):
            module = formats.get(argv[2])
            declared = module.OPTIONS if args.command == "import" else module.EXPORT_OPTIONS
            assert set(import_options(argv)) <= {o.name for o in declared}, command
