"""``crosswalk validate PATH...`` shows what the named files break elsewhere, and finds a library in a subfolder.

Each case edits a small workspace (or a copy of the shipped library, for the issue's own
reproduction), names only the edited file, as a pre-commit hook does, and checks the findings in
the unchanged files that depend on it: their file, line, column and rule. Expected places are read
from the files themselves (the line that holds the reference), not written down by hand. Every case
runs twice, with the cache off and through the incremental caches, which must agree.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crosswalk.cli import main

ROOT = Path(__file__).resolve().parent.parent
US_SG = "frameworks/us-sg-shared-principles-2024.yaml"

FRAMEWORK = """kind: framework
id: {ident}
version: "1"
name: {ident}
publisher: Test
levels: [group, item, part]
mappings_expect_leaves: true
elements:
  - {{id: G1, title: Group one, level: group}}
  - {{id: G1.1, title: Item one, level: item, parent: G1}}
  - {{id: G1.2, title: Item two, level: item, parent: G1}}
"""
MAPPING = """kind: mapping
id: {ident}
source: {source}@1
target: {target}@1
style: strm
provenance: {{author: test, method: human, status: draft, judgement: ours}}
rows:
{rows}"""
ROW = "  - {{source: {s}, target: {t}, relationship: {r}, rationale: semantic, strength: {n}}}\n"


def row(s: str, t: str, r: str = "intersects_with", n: int = 5) -> str:
    return ROW.format(s=s, t=t, r=r, n=n)


@pytest.fixture(params=["no-cache", "cache"])
def cache_mode(request, monkeypatch, tmp_path):
    """Both ways validate can run: everything loaded, or through the incremental caches (warmed first)."""
    if request.param == "cache":
        monkeypatch.setenv("CROSSWALK_CACHE_DIR", str(tmp_path / "cache"))
    return request.param


def validate(capsys, *argv: str) -> tuple[int, dict, str]:
    code = main(["validate", "--format", "json", *argv])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def places(report: dict) -> set[tuple[str, int, int, str]]:
    return {(f["file"], f["line"], f["column"], f["rule"]) for f in report["findings"]}


def line_of(path: Path, text: str, start: int = 0) -> tuple[int, int]:
    """1-based line and column of the first ``text`` in ``path`` at or after line ``start``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if number > start and text in line:
            return number, line.index(text) + 1
    raise AssertionError(f"{text!r} not in {path}")


def small_workspace(base: Path) -> None:
    """Frameworks a, b, c; mapping a->b that uses a's G1.1 and G1.2; mapping b->c; a profile and a report on a."""
    for folder in ("frameworks", "mappings", "profiles", "reports"):
        (base / folder).mkdir(parents=True)
    for ident in ("a", "b", "c"):
        (base / "frameworks" / f"{ident}.yaml").write_text(FRAMEWORK.format(ident=ident), encoding="utf-8")
    (base / "mappings" / "ab.yaml").write_text(
        MAPPING.format(ident="ab", source="a", target="b", rows=row("G1.1", "G1.1") + row("G1.2", "G1.2")),
        encoding="utf-8")
    (base / "mappings" / "bc.yaml").write_text(
        MAPPING.format(ident="bc", source="b", target="c", rows=row("G1.1", "G1.2")), encoding="utf-8")
    (base / "profiles" / "p.yaml").write_text(
        "kind: profile\nid: p\nframework: a@1\norganisation: Test\nentries:\n"
        "  - {element: G1.1, status: implemented}\n  - {element: G1.2, status: implemented}\n", encoding="utf-8")
    (base / "reports" / "r.yaml").write_text(
        "kind: report\nid: r\ntitle: R\nfrom: a@1\nto: c@1\nvia: [b@1]\nprofile: ../profiles/p.yaml\n",
        encoding="utf-8")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# --- the reproduction, on the shipped library ----------------------------------------------


def test_renaming_an_element_of_the_us_sg_framework_fails_naming_each_mapping_line(tmp_path, monkeypatch, capsys,
                                                                                   cache_mode):
    for folder in ("frameworks", "mappings", "profiles", "reports"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    assert validate(capsys, US_SG)[0] == 0  # the shipped library is clean (and warms the cache)
    edit(tmp_path / US_SG, "- id: transparency\n", "- id: transparency-x\n")

    code, report, _ = validate(capsys, US_SG)
    users = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "mappings").glob("us-sg-*.yaml"))
    assert len(users) == 3
    expected = {(name, *line_of(tmp_path / name, "transparency"), "reference") for name in users}
    assert code == 1 and places(report) == expected
    framework_id = line_of(tmp_path / US_SG, "id: us-sg-shared-principles")
    for finding in report["findings"]:
        assert "element 'transparency' is not in us-sg-shared-principles@2024" in finding["message"]
        assert finding["related"] == [{"file": US_SG, "line": framework_id[0], "column": framework_id[1] + 4}]
    # the whole workspace agrees: these are all the findings the edit causes
    assert places(validate(capsys)[1]) == expected

    assert main(["validate", US_SG]) == 1
    printed = capsys.readouterr().out
    assert printed.splitlines()[-1] == ("1 file(s) checked: 3 error(s), 0 warning(s); 3 of them in 3 other file(s) "
                                        "that the checked files affect")
    # docs/validate.md shows this very run: its example is what crosswalk prints
    docs = (ROOT / "docs" / "validate.md").read_text(encoding="utf-8")
    shown = docs.split(f"$ crosswalk validate {US_SG}\n", 1)[1].split("```", 1)[0]
    assert shown == printed


# --- what counts as caused by the named files ---------------------------------------------------------


def test_element_rename_shows_the_mapping_and_profile_rows_but_not_other_files_own_problems(
        tmp_path, monkeypatch, capsys, cache_mode):
    small_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    # problems that are not the framework's doing: bc's strength, ab's own missing rationale
    edit(tmp_path / "mappings" / "bc.yaml", "strength: 5", "strength: 10")
    edit(tmp_path / "mappings" / "ab.yaml", "rationale: semantic, strength: 5}\n  - ", "strength: 5}\n  - ")
    assert places(validate(capsys, "frameworks/a.yaml")[1]) == set()
    edit(tmp_path / "frameworks" / "a.yaml", "id: G1.2,", "id: G1.9,")

    code, report, _ = validate(capsys, "frameworks/a.yaml")
    assert code == 1
    assert places(report) == {
        ("mappings/ab.yaml", *line_of(tmp_path / "mappings" / "ab.yaml", "G1.2"), "reference"),
        ("profiles/p.yaml", *line_of(tmp_path / "profiles" / "p.yaml", "G1.2"), "reference"),
    }
    whole = places(validate(capsys)[1])
    assert {rule for *_, rule in whole} == {"reference", "strength", "strm-rationale"}  # they are there


def test_framework_id_rename_shows_every_reference_left_pointing_at_nothing(tmp_path, monkeypatch, capsys,
                                                                            cache_mode):
    small_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    edit(tmp_path / "frameworks" / "a.yaml", "id: a\n", "id: a2\n")
    code, report, _ = validate(capsys, "frameworks/a.yaml")
    assert code == 1
    assert places(report) == {
        ("mappings/ab.yaml", *line_of(tmp_path / "mappings" / "ab.yaml", "a@1"), "reference"),
        ("profiles/p.yaml", *line_of(tmp_path / "profiles" / "p.yaml", "a@1"), "reference"),
        ("reports/r.yaml", *line_of(tmp_path / "reports" / "r.yaml", "a@1"), "reference"),
    }
    # a mapping named on its own still shows only its own findings
    assert places(validate(capsys, "mappings/bc.yaml")[1]) == set()


def test_children_given_to_a_mapped_element_show_the_non_leaf_rows(tmp_path, monkeypatch, capsys, cache_mode):
    small_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    with (tmp_path / "frameworks" / "a.yaml").open("a", encoding="utf-8") as out:
        out.write("  - {id: G1.1.a, title: Part, level: part, parent: G1.1}\n")
    code, report, _ = validate(capsys, "--fail-on", "warning", "frameworks/a.yaml")
    assert code == 1
    assert places(report) == {("mappings/ab.yaml", *line_of(tmp_path / "mappings" / "ab.yaml", "G1.1"),
                               "non-leaf")}
    assert report["findings"][0]["related"][0]["file"] == "frameworks/a.yaml"


def test_a_leaf_added_to_a_comprehensive_mappings_target_shows_the_mapping(tmp_path, monkeypatch, capsys,
                                                                           cache_mode):
    small_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    edit(tmp_path / "mappings" / "ab.yaml", "rows:\n", "comprehensive: true\nrows:\n")
    assert places(validate(capsys, "frameworks/b.yaml")[1]) == set()
    with (tmp_path / "frameworks" / "b.yaml").open("a", encoding="utf-8") as out:
        out.write("  - {id: G1.3, title: Item three, level: item, parent: G1}\n")
    code, report, _ = validate(capsys, "frameworks/b.yaml")
    assert code == 1
    assert places(report) == {("mappings/ab.yaml", *line_of(tmp_path / "mappings" / "ab.yaml", "true"),
                               "comprehensive")}
    new_element = line_of(tmp_path / "frameworks" / "b.yaml", "G1.3")
    assert report["findings"][0]["related"] == [{"file": "frameworks/b.yaml", "line": new_element[0],
                                                 "column": new_element[1]}]


def test_a_hierarchy_edit_that_contradicts_mappings_shows_the_conflict(tmp_path, monkeypatch, capsys, cache_mode):
    small_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    # Rows that make c's G1.1 and G1.2 the same set: c.G1.2 = b.G1.1 = a.G1.1 = c.G1.1. Harmless
    # while both are children of G1; making G1.2 a part of G1.1 contradicts them.
    (tmp_path / "mappings" / "ac.yaml").write_text(
        MAPPING.format(ident="ac", source="a", target="c", rows=row("G1.1", "G1.1", "equal", 10)), encoding="utf-8")
    edit(tmp_path / "mappings" / "ab.yaml", "target: G1.1, relationship: intersects_with, rationale: semantic, "
         "strength: 5", "target: G1.1, relationship: equal, rationale: semantic, strength: 10")
    edit(tmp_path / "mappings" / "bc.yaml", "relationship: intersects_with, rationale: semantic, strength: 5",
         "relationship: equal, rationale: semantic, strength: 10")
    assert places(validate(capsys, "frameworks/c.yaml")[1]) == set()
    edit(tmp_path / "frameworks" / "c.yaml", "{id: G1.2, title: Item two, level: item, parent: G1}",
         "{id: G1.2, title: Item two, level: part, parent: G1.1}")
    code, report, _ = validate(capsys, "frameworks/c.yaml")
    assert code == 1
    # c's G1.1 now has a child, so ac's row naming it gets the non-leaf warning too (also caused by c)
    assert sorted(f["rule"] for f in report["findings"]) == ["consistency", "non-leaf"]
    assert next(f for f in report["findings"] if f["rule"] == "non-leaf")["file"] == "mappings/ac.yaml"
    conflict = next(f for f in report["findings"] if f["rule"] == "consistency")
    assert conflict["file"].startswith("mappings/")  # placed at a row of an unchanged mapping ...
    parent = line_of(tmp_path / "frameworks" / "c.yaml", "parent: G1.1")
    assert {"file": "frameworks/c.yaml", "line": parent[0], "column": parent[1] + len("parent: ")} in \
        conflict["related"]  # ... naming c's new parent link
    assert places(report) == places(validate(capsys)[1])


# --- the library in a subfolder ---------------------------------------------------------------------------


def test_a_library_in_a_subfolder_is_found_from_the_paths_named(tmp_path, monkeypatch, capsys, cache_mode):
    small_workspace(tmp_path / "governance")
    monkeypatch.chdir(tmp_path)
    edit(tmp_path / "governance" / "frameworks" / "a.yaml", "id: G1.2,", "id: G1.9,")
    code, report, err = validate(capsys, "governance/frameworks/a.yaml")
    assert code == 1 and err == ""
    assert {(file, rule) for file, _, _, rule in places(report)} == {
        ("governance/mappings/ab.yaml", "reference"), ("governance/profiles/p.yaml", "reference")}


def test_workspace_option_names_the_library_folder(tmp_path, monkeypatch, capsys, cache_mode):
    small_workspace(tmp_path / "governance")
    small_workspace(tmp_path / "elsewhere")  # a second library: nothing is guessed
    monkeypatch.chdir(tmp_path)
    edit(tmp_path / "governance" / "mappings" / "bc.yaml", "strength: 5", "strength: 10")

    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "several folders below it hold a library: elsewhere/, governance/" in err and "--workspace" in err

    code, report, _ = validate(capsys, "--workspace", "governance")
    assert code == 1 and places(report) == {
        ("governance/mappings/bc.yaml", *line_of(tmp_path / "governance/mappings/bc.yaml", "10"), "strength")}
    assert report["files_checked"] > 5  # the whole library of governance/, plus the shipped one
    assert validate(capsys, "--workspace", "elsewhere")[0] == 0


def test_one_library_below_is_found_and_said_and_none_is_said_too(tmp_path, monkeypatch, capsys):
    small_workspace(tmp_path / "repo" / "governance")
    monkeypatch.chdir(tmp_path / "repo")
    edit(tmp_path / "repo/governance/mappings/bc.yaml", "strength: 5", "strength: 10")
    code, report, err = validate(capsys)
    assert code == 1 and {f["file"] for f in report["findings"]} == {"governance/mappings/bc.yaml"}
    assert "checking the library in governance/ (found by looking 2 levels down" in err

    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path / "empty")
    code, report, err = validate(capsys)
    assert code == 0
    assert ("no frameworks/, mappings/, profiles/ or reports/ folder found in the working directory" in err
            and "only the built-in library was checked" in err and "--workspace DIR" in err)


@pytest.mark.parametrize("argument, message", [
    ("missing", "--workspace missing: no such folder"),
    ("plain", "--workspace plain: this folder holds no frameworks/, mappings/, profiles/ or reports/ folder"),
])
def test_a_workspace_that_is_not_one_is_a_usage_error(tmp_path, monkeypatch, capsys, argument, message):
    (tmp_path / "plain").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--workspace", argument]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == "" and "Traceback" not in captured.err


# --- several formats from one run ---------------------------------------------------------------------------


def test_annotations_and_sarif_and_junit_from_one_run(tmp_path, monkeypatch, capsys):
    small_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    edit(tmp_path / "frameworks" / "a.yaml", "id: G1.2,", "id: G1.9,")
    code = main(["validate", "--format", "github", "--output", "sarif=out.sarif", "--output", "junit=out.xml",
                 "frameworks/a.yaml"])
    captured = capsys.readouterr()
    assert code == 1
    assert "::error file=mappings/ab.yaml,line=" in captured.out and "wrote out.sarif" in captured.err
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        "mappings/ab.yaml", "profiles/p.yaml"}
    assert main(["validate", "--format", "sarif", "frameworks/a.yaml"]) == 1
    assert json.loads(capsys.readouterr().out) == sarif  # the same as a run of that format alone
    assert 'name="mappings/ab.yaml"' in (tmp_path / "out.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("spec, message", [
    ("sarif", "write FORMAT=FILE"),
    ("pdf=x.pdf", "write FORMAT=FILE"),
    ("sarif=frameworks/a.yaml", "is an input of this command"),
    ("sarif=missing/out.sarif", "does not exist"),
])
def test_an_output_that_cannot_be_written_is_refused_before_anything_is(tmp_path, monkeypatch, capsys, spec,
                                                                       message):
    small_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = (tmp_path / "frameworks" / "a.yaml").read_bytes()
    assert main(["validate", "--output", spec]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert (tmp_path / "frameworks" / "a.yaml").read_bytes() == before
