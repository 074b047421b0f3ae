"""Carrying a mapping and a profile across an edition map (``crosswalk.editions.migrate``), on the
synthetic pair of editions of :mod:`tests.editions_fixture`: every kind of change, each asserted.

The composed relationships are checked against :func:`crosswalk.algebra.compose` applied to the
fixture's own rows, and merged answers against the engine's rule for a parent's status
(:func:`crosswalk.coverage.source_statuses`), never against values typed here."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswalk import algebra as alg
from crosswalk.coverage import source_statuses
from crosswalk.editions.migrate import (COMPOSED, MERGED, NOT_CARRIED, SPLIT, UNCHANGED, MigrateError,
                                        migrate_file, writable)
from crosswalk.graph import pair_relation
from crosswalk.model import Profile, ProfileEntry
from crosswalk.workspace import load
from crosswalk.yamlwrite import dump
from tests import editions_fixture as fx


@pytest.fixture()
def lib(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return fx.write_library(tmp_path)


def workspace(lib: Path):
    return load([lib], include_builtin=False, include_cwd=False)


def carried_mapping(lib: Path):
    return migrate_file(workspace(lib), str(lib / "mappings/x-1--y-1.yaml"), "x@2", "x-1--x-2")


def carried_profile(lib: Path, path: str = "profiles/bank-x-1.yaml"):
    return migrate_file(workspace(lib), path, "x@2", "x-1--x-2")


def edition_relation(old: str, new: str) -> int:
    """old -> new as the fixture's edition rows state it, read the way the engine reads a row."""
    for source, relationship, target in fx.EDITION_ROWS:
        sources = source if isinstance(source, list) else [source]
        if old in sources and new == target:
            return pair_relation(relationship, len(sources), 1)
    raise AssertionError(f"no edition row {old} -> {new}")


def rows_by_pair(document):
    return {(row["source"], row["target"]): row for row in document["rows"]}


def test_rows_through_equal_edition_rows_move_unchanged(lib):
    migration = carried_mapping(lib)
    rows = rows_by_pair(migration.document)
    old = {(s, t): r for s, r, t in fx.MAPPING_ROWS}
    for old_id, new_id in (("1.1", "1.1"), ("1.2", "2.1")):  # same id, and renumbered
        target = next(t for s, _, t in fx.MAPPING_ROWS if s == old_id)
        row = rows[(new_id, target)]
        assert row["relationship"] == old[(old_id, target)]
        assert "judgement" not in row and "Review" not in row.get("note", "")
    unchanged = [item for item in migration.items if item.how == UNCHANGED]
    assert sorted((item.old[0], item.new[0]) for item in unchanged) == [("1.1", "1.1"), ("1.2", "2.1")]
    assert migration.document["source"] == "x@2" and migration.document["target"] == "y@1"
    assert migration.document["id"] == "x-2--y-1"


@pytest.mark.parametrize("old_id, new_ids", [
    ("1.3", ["1.3a", "1.3b"]),  # split
    ("1.4", ["1.4"]),  # merged ([1.4, 1.5] equal 1.4)
    ("1.6", ["1.6"]),  # subset: the new element says more
    ("1.7", ["1.7"]),  # intersects
    ("1.11", ["1.11"]),  # superset: the new element says less
])
def test_other_rows_are_composed_by_the_algebra_and_marked_for_review(lib, old_id, new_ids):
    migration = carried_mapping(lib)
    rows = rows_by_pair(migration.document)
    for old_relationship, target in [(r, t) for s, r, t in fx.MAPPING_ROWS if s == old_id]:
        for new_id in new_ids:
            expected = alg.compose(alg.converse(edition_relation(old_id, new_id)), alg.from_relationship(old_relationship))
            name = writable(expected, "strm")
            if name is None:
                assert (new_id, target) not in rows
                continue
            row = rows[(new_id, target)]
            assert (row["relationship"],) == alg.names(expected)
            assert row["judgement"] == "ours" and row["note"].startswith(f"Carried to x@2 from {old_id}")
            assert "edition map x-1--x-2 row " in row["note"] and row["note"].rstrip().endswith(
                f"row {fx.MAPPING_ROWS.index((old_id, old_relationship, target)) + 1} of x-1--y-1")
            item = next(i for i in migration.items if i.new == [new_id] and i.old == [old_id] and i.how == COMPOSED)
            assert item.through and all(t.startswith("edition map x-1--x-2 row ") for t in item.through)
    assert migration.document["provenance"]["status"] == "under-review"
    assert migration.document["provenance"]["judgement"] == "mixed"  # the old mapping was official


def test_a_composition_no_strm_row_can_state_is_listed_not_guessed(lib):
    migration = carried_mapping(lib)
    expected = alg.compose(alg.converse(edition_relation("1.6", "1.6")), alg.from_relationship("subset_of"))
    assert writable(expected, "strm") is None  # the fixture's point: 1.6 widened, 1.6 subset_of y5
    assert ("1.6", "y5") not in rows_by_pair(migration.document)
    lost = [item for item in migration.not_carried if item.row == fx.MAPPING_ROWS.index(("1.6", "subset_of", "y5")) + 1]
    assert len(lost) == 1 and f"'{alg.describe(expected)}'" in lost[0].reason and "by hand" in lost[0].reason


def test_a_removed_element_is_listed_and_every_row_is_accounted_for(lib):
    migration = carried_mapping(lib)
    removed = [item for item in migration.not_carried if item.old == ["1.8"]]
    assert len(removed) == 1 and "names 1.8" in removed[0].reason
    assert {item.row for item in migration.items} == set(range(1, len(fx.MAPPING_ROWS) + 1))
    assert "2 not carried" in migration.document["notes"]


def test_concept_style_writes_related_where_strm_cannot(lib):
    assert writable(alg.EQ | alg.PP, "concept") == "related"
    assert writable(alg.EQ | alg.PP, "strm") is None
    assert writable(alg.ALL, "concept") is None and writable(alg.PP, "strm") == "subset_of"


# ---------------------------------------------------------------- profiles

def entries(migration):
    return {entry["element"]: entry for entry in migration.document["entries"]}


def test_profile_entries_move_with_their_evidence(lib):
    migration = carried_profile(lib)
    got = entries(migration)
    assert migration.document["framework"] == "x@2" and migration.document["id"] == "bank-x-2"
    assert got["1.1"] == {"element": "1.1", "status": "implemented", "evidence": "Policy P1", "owner": "CRO"}
    assert got["2.1"] == {"element": "2.1", "status": "partial", "evidence": "Draft procedure", "owner": "CRO"}
    assert [item.how for item in migration.items if item.old in (["1.1"], ["1.2"])] == [UNCHANGED, UNCHANGED]


def test_a_split_element_gives_each_part_its_answer_marked_for_review(lib):
    got = entries(carried_profile(lib))
    for part in ("1.3a", "1.3b"):
        assert got[part]["status"] == "implemented" and got[part]["evidence"] == "Test plan T3"
        assert "split into 1.3a, 1.3b" in got[part]["note"] and "Review" in got[part]["note"]
    assert [i.how for i in carried_profile(lib).items if i.old == ["1.3"]] == [SPLIT, SPLIT]


@pytest.mark.parametrize("first, second", [
    ("implemented", "implemented"), ("implemented", "partial"), ("implemented", "not-implemented"),
    ("planned", "planned"), ("planned", "not-implemented"), ("not-applicable", "implemented"),
    ("not-applicable", "not-applicable"),
])
def test_merged_answers_combine_by_the_engines_parent_rule(lib, tmp_path, first, second):
    data = fx.documents()["profiles/bank-x-1.yaml"]
    data["entries"] = [{"element": "1.4", "status": first, "evidence": "E4"},
                       {"element": "1.5", "status": second, "evidence": "E5"}]
    path = tmp_path / "merge.yaml"
    path.write_text(dump(data), encoding="utf-8")
    migration = carried_profile(lib, str(path))
    # the engine: the status of x@1's group "1", whose only answered leaves are 1.4 and 1.5
    old = workspace(lib).frameworks["x@1"]
    profile = Profile("p", "x@1", [ProfileEntry(0, "1.4", first), ProfileEntry(1, "1.5", second)], str(path))
    assert entries(migration)["1.4"]["status"] == source_statuses(old, profile)["1"]
    assert entries(migration)["1.4"]["evidence"] == "1.4: E4; 1.5: E5"
    assert [item.how for item in migration.items] == [MERGED]


def test_a_widened_element_is_no_more_than_partly_answered_as_the_engine_says(lib):
    """x@1 1.6 implemented is a subset of x@2 1.6: the engine calls x@2 1.6 partially covered through
    the edition map, and the migrated answer says partial, not implemented."""
    from crosswalk.report import Request, analyse

    got = entries(carried_profile(lib))
    assert got["1.6"]["status"] == "partial" and "makes up x@2 1.6" in got["1.6"]["note"]
    result = analyse(workspace(lib), Request("x@1", "x@2", "profiles/bank-x-1.yaml")).result
    assert result.elements["1.6"].status == "partially covered"
    assert got["1.7"]["status"] == "planned"  # intersects: the answer, for review
    assert got["1.11"]["status"] == "not-applicable" and "became narrower" in got["1.11"]["note"]


def test_entries_without_counterpart_and_new_elements_are_listed(lib):
    migration = carried_profile(lib)
    assert "1.8" not in entries(migration)
    lost = migration.not_carried
    assert [(item.old, item.status) for item in lost] == [(["1.8"], "implemented")]
    assert migration.added == ["1.10"]
    counts = migration.counts()
    assert sum(counts.values()) == len(migration.items) and counts[NOT_CARRIED] == 1


# ---------------------------------------------------------------- bad input

def test_an_unknown_edition_map_is_named(lib):
    with pytest.raises(MigrateError, match="--edition-map nope: no mapping with that id.*x-1--x-2"):
        migrate_file(workspace(lib), "profiles/bank-x-1.yaml", "x@2", "nope")


def test_a_map_that_does_not_join_the_file_to_the_target_is_refused(lib):
    with pytest.raises(MigrateError, match="joins y@1 and x@2, not x@1 and x@2"):
        migrate_file(workspace(lib), "profiles/bank-x-1.yaml", "x@2", "y-1--x-2")
    with pytest.raises(MigrateError, match="no side of it is joined to x@2"):
        migrate_file(workspace(lib), str(lib / "mappings/x-1--y-1.yaml"), "x@2", "x-1--y-1")
    with pytest.raises(MigrateError, match="already names x@1"):
        migrate_file(workspace(lib), str(lib / "mappings/x-1--y-1.yaml"), "x@1", "y-1--x-2")


def test_a_file_that_is_neither_a_mapping_nor_a_profile_is_refused(lib):
    with pytest.raises(MigrateError, match=r"x-1.yaml:1:7: this is a framework; migrate carries a mapping or a profile"):
        migrate_file(workspace(lib), str(lib / "frameworks/x-1.yaml"), "x@2", "x-1--x-2")


def test_an_invalid_file_is_refused_with_its_place(lib, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: profile\nid: b\nframework: x@1\nentries:\n  - {element: '1.1', status: done}\n",
                   encoding="utf-8")
    with pytest.raises(MigrateError, match=r"bad.yaml:5:\d+: .*crosswalk validate"):
        migrate_file(workspace(lib), str(bad), "x@2", "x-1--x-2")


def test_the_old_edition_on_the_target_side_gives_the_same_rows_read_backwards(lib, tmp_path):
    """y@1 -> x@1 written backwards: carried, it says what x@1 -> y@1 carried says, read from the other end."""
    backwards = {"subset_of": "superset_of", "superset_of": "subset_of"}
    data = fx.mapping("y-1--x-1", "y@1", "x@1", [(t, backwards.get(r, r), s) for s, r, t in fx.MAPPING_ROWS])
    path = tmp_path / "y-1--x-1.yaml"
    path.write_text(dump(data), encoding="utf-8")
    carried = migrate_file(workspace(lib), str(path), "x@2", "x-1--x-2", document_id="y-1--x-2-carried")
    forward = carried_mapping(lib)
    assert (carried.document["id"], carried.document["source"], carried.document["target"]) == \
        ("y-1--x-2-carried", "y@1", "x@2")
    got = {(row["target"], row["source"]): backwards.get(row["relationship"], row["relationship"])
           for row in carried.document["rows"]}
    assert got == {pair: row["relationship"] for pair, row in rows_by_pair(forward.document).items()}
    assert carried.counts() == forward.counts()
