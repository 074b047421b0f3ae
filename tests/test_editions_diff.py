"""The edition diff on data: a synthetic pair of editions with every kind of change, AI Verify
2023 -> 2025, and the AI RMF against CISO Assistant's wording of it (a reword-only case)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswalk.cli import main
from crosswalk.editions import EditionError, diff, draft, impact, match
from crosswalk.model import MappingSet, MappingRow
from crosswalk.workspace import load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "editions"
CISO_RMF = ROOT.parent / "shared" / "reference" / "intuitem_ciso-assistant-community" / "libraries" / "nist-ai-rmf-1.0.yaml"


@pytest.fixture(scope="module")
def demo():
    workspace = load([FIXTURES], include_builtin=False, include_cwd=False)
    return workspace, diff(match(workspace.framework("demo@1"), workspace.framework("demo@2")))


def by_old(result, ident):
    return result.of_old()[ident]


def test_every_kind_of_change_in_the_synthetic_pair(demo):
    _, result = demo
    assert by_old(result, "A").kinds == ("unchanged",)
    reworded = by_old(result, "A.1")
    assert reworded.kinds == ("reworded",) and reworded.new == ("A.1",) and reworded.how == "id"
    assert [(w.field, w.pieces) for w in reworded.words] == [("title", (
        ("equal", "Test models for bias across"), ("insert", "demographic"), ("equal", "groups before"),
        ("insert", "every"), ("equal", "release")))]
    moved = by_old(result, "lineage")
    assert moved.kinds == ("moved",) and (moved.old_parent, moved.new_parent) == ("A", "C")
    renumbered = by_old(result, "B.1")
    assert renumbered.kinds == ("renumbered",) and renumbered.new == ("B.9",) and renumbered.similarity == 1.0
    merged = by_old(result, "B.2")
    assert merged.kinds == ("merged",) and merged.old == ("B.2", "B.3") and merged.new == ("B.5",)
    split = by_old(result, "C.1")
    assert split.kinds == ("split",) and split.new == ("C.1a", "C.1b")
    assert by_old(result, "C.2").kinds == ("removed",) and by_old(result, "C.2").new == ()
    added = [c.new for c in result.changes if c.kinds == ("added",)]
    assert added == [("D",), ("D.1",)]
    assert result.counts == {"unchanged": 3, "reworded": 1, "moved": 1, "renumbered": 1, "split": 1,
                             "merged": 1, "added": 2, "removed": 1}


def test_impact_names_rows_and_entries_of_changed_elements_with_lines(demo):
    workspace, result = demo
    found = {(i.kind, i.row, i.element): i for i in impact(workspace, result)}
    assert set(found) == {("mapping", 1, "A.1"), ("mapping", 2, "B.1"), ("mapping", 3, "C.2"),
                          ("profile", 1, "A.1"), ("profile", 2, "B.2"), ("profile", 3, "C.1"),
                          ("profile", 4, "lineage")}  # row 4 names A, unchanged: not listed
    assert found[("mapping", 2, "B.1")].action == "renumber to B.9"
    assert found[("mapping", 2, "B.1")].line == 9
    assert "merged with B.3 into B.5" in found[("profile", 2, "B.2")].action
    assert found[("mapping", 3, "C.2")].action.startswith("no counterpart")
    only_profile = impact(workspace, result, [FIXTURES / "demo-profile.yaml"])
    assert {i.kind for i in only_profile} == {"profile"}


def test_an_edition_map_is_the_correspondence_and_nothing_else_is_guessed(demo):
    workspace, _ = demo
    old, new = workspace.framework("demo@1"), workspace.framework("demo@2")
    rows = [MappingRow(0, ("A.1",), ("A.1",), "equal", "equal"),
            MappingRow(1, ("C.1",), ("C.1a",), "superset_of", "superset_of")]
    edition_map = MappingSet("m", "demo@2", "demo@1", "strm", {}, [MappingRow(r.index, r.targets, r.sources,
                             {"equal": "equal", "superset_of": "subset_of"}[r.relationship], "")
                             for r in rows], "m.yaml")  # written new -> old: read the other way round
    result = diff(match(old, new, edition_map))
    assert by_old(result, "C.1").new == ("C.1a",) and by_old(result, "C.1").pairs[0].relationship == "superset_of"
    assert by_old(result, "B.1").kinds == ("removed",)  # the map does not name it
    assert by_old(result, "A").kinds == ("removed",)
    wrong = MappingSet("w", "demo@1", "other@1", "strm", {}, [], "w.yaml")
    with pytest.raises(EditionError, match="joins demo@1 and other@1, not demo@1 and demo@2"):
        match(old, new, wrong)


def test_draft_rows_say_how_each_pair_was_matched(demo):
    _, result = demo
    data = draft(result, "demo-1--demo-2")
    assert data["provenance"]["method"] == "automation" and data["provenance"]["status"] == "draft"
    pairs = {(r["source"], r["target"]): r for r in data["rows"]}
    assert pairs[("C.1", "C.1a")]["relationship"] == "superset_of"
    assert pairs[("B.3", "B.5")]["relationship"] == "subset_of"
    assert pairs[("B.1", "B.9")]["relationship"] == "equal"
    assert all(r["judgement"] == "ours" and "similarity" in r["note"] for r in data["rows"])
    assert ("C.2", "C.2") not in pairs and not any(r["target"] == "D.1" for r in data["rows"])


def test_aiverify_2023_to_2025():
    workspace = load(include_builtin=True)
    old, new = workspace.framework("aiverify@2023"), workspace.framework("aiverify@2025")
    result = diff(match(old, new))
    principles = {c.old[0]: c for c in result.changes if c.level == "principle" and c.old}
    assert principles["12"].kinds == ("removed",)  # Organisational Considerations is gone
    assert all(principles[str(n)].new == (str(n),) for n in range(1, 12))
    pdpa = by_old(result, "1.1.1")  # 2023 1.1.1 (PDPA alignment) is not 2025 1.1.1
    assert "1.1.1" not in pdpa.new and "renumbered" in pdpa.kinds
    assert new.elements["1.1.1"].title.startswith("Design an in-house policy")
    assert by_old(result, "1.2.1").new == ("1.1.1",)
    matched_new = {p.new for p in match(old, new).pairs}
    assert len([c for c in result.changes if c.kinds == ("added",)]) == len(new.elements) - len(matched_new)


def test_aiverify_shipped_edition_map_drives_the_diff():
    workspace = load(include_builtin=True)
    edition_map = workspace.mapping("aiverify-2023--aiverify-2025")
    if edition_map is None:
        pytest.skip("edition map not built")
    result = diff(match(workspace.framework("aiverify@2023"), workspace.framework("aiverify@2025"), edition_map))
    assert result.edition_map == "aiverify-2023--aiverify-2025"
    assert by_old(result, "12").kinds == ("removed",)
    assert by_old(result, "1.1.1").new == ("1.3.1",)


@pytest.mark.skipif(not CISO_RMF.is_file(), reason="reference data absent")
def test_ai_rmf_against_ciso_assistant_wording_is_reword_only(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "ciso-rmf.yaml"
    assert main(["import", "ciso-assistant", str(CISO_RMF), "--option", "version=ciso", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["diff", "nist-ai-rmf@1.0", "nist-ai-rmf@ciso", "--library", str(out), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ours = load(include_builtin=True, include_cwd=False).framework("nist-ai-rmf@1.0")
    theirs = load([out], include_builtin=False, include_cwd=False).framework("nist-ai-rmf@ciso")
    assert set(ours.elements) <= set(theirs.elements)  # the import's naming gives our ids
    extra = set(theirs.elements) - set(ours.elements)  # CISO Assistant's descriptive nodes (no ref_id)
    assert all(ident.startswith("node") for ident in extra)
    assert data["counts"]["removed"] == data["counts"]["renumbered"] == data["counts"]["moved"] == 0
    kept = [c for c in data["changes"] if c["old"]]
    assert sorted(i for c in kept for i in c["old"]) == sorted(ours.elements)
    for change in kept:  # each of our elements is paired with its own id; a descriptive node may join it
        ident = change["old"][0]
        assert any(p["old"] == p["new"] == ident and p["how"] == "id" for p in change["pairs"])
        assert set(change["new"]) - {ident} <= extra
        assert set(change["kinds"]) <= {"unchanged", "reworded", "split"}
    added = {c["new"][0] for c in data["changes"] if c["kinds"] == ["added"]}
    assert added <= extra
    reworded = [c["old"][0] for c in kept if "reworded" in c["kinds"]]
    differing = [i for i in ours.elements
                 if (ours.elements[i].title.split(), ours.elements[i].text.split())
                 != (theirs.elements[i].title.split(), theirs.elements[i].text.split())]
    assert reworded == differing and reworded


def test_shipped_edition_map_is_what_its_build_script_writes():
    import importlib.util

    path = ROOT / "scripts" / "build_library" / "aiverify_editions.py"
    import sys

    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location("aiverify_editions", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        text, figures = module.build()
    finally:
        sys.path.remove(str(path.parent))
    assert text == (ROOT / "mappings" / "aiverify-2023--aiverify-2025.yaml").read_text(encoding="utf-8")
    assert figures["rows"] == figures["pairs"] - figures["rejected by hand"] + figures["added by hand"]
