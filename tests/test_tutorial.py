"""The README's "Tutorial for a compliance analyst", run as written, and the import help it relies on.

Which commands run (the rule the README states too): every fenced block whose info string is ``sh``
in the tutorial section, in order, one command per line (a line ending in a backslash continues on
the next), each in its own ``sh -c`` with the installed ``crosswalk`` first on the PATH, in a
temporary folder laid out like a fresh clone (the library folders and ``examples/``). A command
shown only as an illustration (it needs a file the user has, such as the 2025 Excel checklist) goes
in a ``text`` block: it is not run, but it must still parse as a crosswalk command line with options
its importer knows. So editing a ``sh`` block into something that no longer runs, or that writes
into a folder the wheel ships, fails this test; so does dropping a step the tutorial depends on.
Since each line runs in its own shell, a ``cd`` would not carry over: the tutorial has none.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
import yaml

from crosswalk import formats as importers
from crosswalk.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Tutorial for a compliance analyst"
SHIPPED = ("frameworks", "mappings", "profiles", "reports")
"""The folders the wheel ships as the built-in library (pyproject.toml's force-include): no place for a user's files."""
CLONE = SHIPPED + ("examples",)
RUNS = {"crosswalk", "mkdir", "cp"}


def tutorial_section(readme: str) -> str:
    start = readme.index(f"\n{SECTION}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start:end if end > 0 else None]


def fenced_blocks(section: str) -> list[tuple[str, list[str]]]:
    """(info string, command lines) of every fenced block, in order; indented blocks (in list items) too."""
    blocks: list[tuple[str, list[str]]] = []
    lines = iter(section.splitlines())
    for line in lines:
        opening = re.fullmatch(r"\s*```(\S*)\s*", line)
        if not opening:
            continue
        body = []
        for inner in lines:
            if inner.strip() == "```":
                break
            body.append(inner)
        else:
            raise AssertionError(f"unclosed ``` block in the tutorial after {line!r}")
        text = re.sub(r"\\\n\s*", " ", textwrap.dedent("\n".join(body)))
        commands = [c.strip() for c in text.splitlines() if c.strip() and not c.strip().startswith("#")]
        blocks.append((opening.group(1), commands))
    return blocks


def tutorial_commands(kind: str) -> list[str]:
    section = tutorial_section((ROOT / "README.md").read_text(encoding="utf-8"))
    return [command for info, commands in fenced_blocks(section) if info == kind for command in commands]


def option(argv: list[str], *names: str) -> str | None:
    for index, arg in enumerate(argv):
        if arg in names and index + 1 < len(argv):
            return argv[index + 1]
    return None


def import_options(argv: list[str]) -> dict[str, str]:
    values = [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--option"]
    return {key.strip().replace("-", "_"): value for key, _, value in (v.partition("=") for v in values)}


def digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def crosswalk_on_path(tmp_path: Path) -> dict[str, str]:
    """The environment the commands run in: the ``crosswalk`` this interpreter installed first on the
    PATH (else a stand-in running ``python -m crosswalk``, the same entry point)."""
    env = dict(os.environ)
    installed = Path(sys.executable).parent / ("crosswalk.exe" if os.name == "nt" else "crosswalk")
    if installed.is_file():
        folder = installed.parent
    else:
        folder = tmp_path / "bin"
        folder.mkdir()
        shim = folder / "crosswalk"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m crosswalk "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PATH"] = f"{folder}{os.pathsep}{env.get('PATH', '')}"
    return env


def is_workbook(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return "xl/workbook.xml" in archive.namelist()


def written(stderr: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^wrote (.+?\.xlsx)(?::|$)", stderr, re.MULTILINE)]


def check(argv: list[str], result: subprocess.CompletedProcess[str], clone: Path, section: str,
          existed: set[str]) -> None:
    """What the tutorial says the command produces."""
    if argv[0] != "crosswalk":
        return
    command = argv[1]
    if command == "import":
        output = option(argv, "-o", "--output")
        assert output, "the tutorial's import writes a file (-o)"
        document = yaml.safe_load((clone / output).read_text(encoding="utf-8"))
        given = import_options(argv)
        assert document["kind"] == "profile" and document["framework"] == "aiverify@2023"
        assert document["id"] == given.get("id", document["id"])
        assert document.get("organisation") == given.get("organisation", document.get("organisation"))
        assert document["entries"], "the shipped example's answers became profile entries"
        assert f"wrote {output}" in result.stderr
    elif command == "validate":
        assert re.search(r"\b0 error\(s\)", result.stdout), result.stdout
    elif command == "list" and option(argv, "--library"):
        folder = clone / option(argv, "--library")
        ids = [yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in folder.glob("*.yaml")]
        listed = result.stdout.split("Profiles:", 1)[1].split("Reports:", 1)[0]
        assert ids and all(re.search(rf"^\s+{re.escape(i)}\s", listed, re.MULTILINE) for i in ids), result.stdout
    elif command == "report":
        (name,) = written(result.stderr)
        assert (clone / name).is_file() and is_workbook(clone / name)
        output = option(argv, "-o", "--output")
        if output:
            assert name == output
        else:  # the default: in the working directory, named as the tutorial says, and new
            assert os.path.dirname(name) == "" and name in section and name not in existed
    elif option(argv, "--format") == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert len(rows) > 1 and len({len(row) for row in rows}) == 1
    else:
        assert result.stdout.strip(), f"{' '.join(argv)} printed nothing"


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    folder = tmp_path / "crosswalk"
    for name in CLONE:
        shutil.copytree(ROOT / name, folder / name)
    return folder


def test_tutorial_runs_as_written_in_a_fresh_clone(clone: Path, tmp_path: Path) -> None:
    section = tutorial_section((ROOT / "README.md").read_text(encoding="utf-8"))
    commands = tutorial_commands("sh")
    env = crosswalk_on_path(tmp_path)
    before = {name: digests(clone / name) for name in SHIPPED}
    ran: list[list[str]] = []
    for command in commands:
        argv = shlex.split(command, comments=True)
        assert argv[0] in RUNS, f"{command!r}: the tutorial runs only {sorted(RUNS)} (each line in its own shell)"
        existed = {p.name for p in clone.iterdir()}
        result = subprocess.run(["sh", "-c", command], cwd=clone, env=env, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert "Traceback" not in result.stderr and "error:" not in result.stderr, f"{command}\n{result.stderr}"
        check(argv, result, clone, section, existed)
        ran.append(argv)
    crosswalk_commands = [argv[1] for argv in ran if argv[0] == "crosswalk"]
    assert {"list", "show", "import", "validate", "coverage", "gaps", "report", "overview"} <= set(crosswalk_commands)
    # the shipped example is what the import step reads, under the name the AI Verify Toolkit gives its export
    (imported,) = [argv[3] for argv in ran if argv[:3] == ["crosswalk", "import", "aiverify-checklist"]]
    assert Path(imported).name.endswith("_checklists.json") and imported in section
    assert (clone / imported).read_bytes() == (ROOT / "examples" / "example-bank-aiverify-2023-export.json").read_bytes()
    # nothing was written into a folder the wheel ships: the user's files went elsewhere
    assert {name: digests(clone / name) for name in SHIPPED} == before


def test_tutorial_illustrations_are_command_lines_crosswalk_accepts() -> None:
    """A ``text`` block is not run (it needs the user's own file) but may not rot: it parses, and an
    import names only options its importer declares."""
    commands = tutorial_commands("text")
    assert commands, "the tutorial shows the 2025 Excel import as an illustration"
    parser = build_parser()
    for command in commands:
        argv = shlex.split(command, comments=True)
        assert argv[0] == "crosswalk", command
        args = parser.parse_args(argv[1:])
        if args.command == "import":
            declared = {o.name for o in importers.get(args.importer).OPTIONS}
            assert set(import_options(argv)) <= declared, command


def test_every_sh_block_of_the_tutorial_is_run() -> None:
    """The rule above, held: the tutorial uses only ``sh`` (run) and ``text`` (illustration) blocks."""
    section = tutorial_section((ROOT / "README.md").read_text(encoding="utf-8"))
    kinds = [info for info, _ in fenced_blocks(section)]
    assert kinds.count("sh") >= 4 and set(kinds) <= {"sh", "text"}, kinds


# crosswalk import --help: every importer's --option keys, declared once as data


def normalised(text: str) -> str:
    return " ".join(text.split())


def test_import_help_lists_every_importers_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--help"]) == 0
    shown = normalised(capsys.readouterr().out)
    for name in importers.IMPORTERS:
        module = importers.get(name)
        assert normalised(f"{name}: {module.DESCRIPTION}") in shown
        for declared in module.OPTIONS:
            assert normalised(f"{declared.name} {declared.meaning}") in shown, (name, declared.name)
    assert "--strict write nothing when the import would be partial" in shown


@pytest.mark.parametrize("name", sorted(importers.IMPORTERS))
def test_unknown_import_option_is_refused_naming_the_known_keys(name: str, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "export.json"
    source.write_text("{}", encoding="utf-8")
    assert main(["import", name, str(source), "--option", "organization=typo", "-o", str(tmp_path / "out.yaml")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"crosswalk: error: {name}: unknown option organization; known: ") and "\n" not in err
    for declared in importers.get(name).OPTIONS:
        assert declared.name in err.split("known: ", 1)[1]
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("name", sorted(importers.IMPORTERS))
def test_importers_read_only_the_options_they_declare(name: str) -> None:
    """An option read but not declared would be refused before it is read: declaration and use agree."""
    module = importers.get(name)
    files = [Path(module.__file__)]
    if files[0].name == "__init__.py":  # a format that is a package: every module of it
        files = sorted(files[0].parent.glob("*.py"))
    source = "\n".join(file.read_text(encoding="utf-8") for file in files)
    read = set(re.findall(r"options(?:\.get\(|\[)\s*[\"']([A-Za-z_]+)[\"']", source))
    assert read and read <= {o.name for o in module.OPTIONS}, read


def test_dash_in_an_option_key_is_an_underscore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = ROOT / "examples" / "example-bank-aiverify-2023-export.json"
    assert main(["import", "aiverify-checklist", str(export), "--option", "what=framework",
                 "--option", "retrieved-from=the portal"]) == 0
    assert "retrieved_from: the portal" in capsys.readouterr().out
