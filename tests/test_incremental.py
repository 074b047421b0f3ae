"""Incremental validation gives exactly the findings of a full run, and re-reads only what a change reaches.

Every comparison runs the same workspace twice: once with the cache off (the full run, the
reference) and once through the cache, after a change made on top of a warm cache.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from crosswalk import cache, workspace as workspace_mod
from crosswalk.validate import validate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402

CASES = sorted(p for p in (HERE / "negative").iterdir() if p.is_dir()) + [HERE / "positive"]


def as_data(result) -> tuple[list, list]:
    return ([(f.as_dict()) for f in result.findings], sorted(result.checked_files))


def full(folder: Path, paths=()) -> tuple[list, list]:
    cache.configure(False)
    return as_data(validate(paths, library=[folder], include_builtin=False))


def cached(folder: Path, paths=()) -> tuple[list, list]:
    """Through the unit caches; the whole-result entry (tested in test_cache.py) is bypassed."""
    cache.configure(True)
    original = cache.get
    cache.get = lambda kind, key: None if kind == "validation" else original(kind, key)
    try:
        return as_data(validate(paths, library=[folder], include_builtin=False))
    finally:
        cache.get = original
        cache.configure(False)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CROSSWALK_CACHE_DIR", str(folder))
    return folder


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cached_run_equals_full_run_on_every_example(case, tmp_path, cache_dir, monkeypatch):
    folder = tmp_path / "ws"
    shutil.copytree(case, folder)
    monkeypatch.chdir(tmp_path)
    reference = full(Path("ws"))
    assert cached(Path("ws")) == reference  # cold: every unit computed
    assert cached(Path("ws")) == reference  # warm: every unit from the cache


def test_shipped_library_cached_equals_full(cache_dir):
    cache.configure(False)
    reference = as_data(validate())
    cache.configure(True)
    try:
        assert as_data(validate()) == reference
    finally:
        cache.configure(False)


@pytest.fixture
def synthetic_ws(tmp_path, monkeypatch, cache_dir):
    """A small hub-and-spoke library with injected contradictions."""
    folder = tmp_path / "syn"
    stats = synthetic.generate(folder, frameworks=6, rows=3000, seed=7, contradictions=4)
    assert stats["contradictions"] == 4
    # a second hub-like framework mapped to two spokes, so that some units have a wider neighbourhood
    (folder / "mappings" / "fw001--fw002.yaml").write_text(
        "kind: mapping\nid: fw001--fw002\nsource: fw001@1\ntarget: fw002@1\nstyle: strm\n"
        "provenance: {author: test, method: human, status: draft, judgement: ours}\nrows:\n"
        "  - {source: 'G01.1.1', target: 'G01.1.1', relationship: equal, rationale: semantic, strength: 10}\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return Path("syn")


def reads(monkeypatch) -> list[str]:
    seen: list[str] = []
    original = workspace_mod.read_document

    def spy(path, builtin=False, **rest):
        seen.append(Path(path).name)
        return original(path, builtin=builtin, **rest)

    monkeypatch.setattr(workspace_mod, "read_document", spy)
    monkeypatch.setattr("crosswalk.incremental.read_document", spy)
    return seen


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_cached_run_finds_the_injected_contradictions_as_the_full_run_does(synthetic_ws):
    reference = full(synthetic_ws)
    assert sum(f["rule"] == "consistency" for f in reference[0]) == 4
    assert cached(synthetic_ws) == reference


@pytest.mark.parametrize("change", ["row", "contradiction", "bad-id", "framework", "delete", "new-file"])
def test_one_change_rereads_only_what_it_reaches(change, synthetic_ws, monkeypatch):
    cached(synthetic_ws)  # warm
    mapping = synthetic_ws / "mappings" / "fw003--hub.yaml"
    if change == "row":
        text = mapping.read_text(encoding="utf-8")  # an intersects_with row with the strength of an equal one
        mapping.write_text(re.sub(r"(intersects_with, rationale: semantic, strength: )\d+", r"\g<1>10", text, count=1),
                           encoding="utf-8")
    elif change == "contradiction":
        text = mapping.read_text(encoding="utf-8")
        first = text.split("\n  - ", 1)[1].split("\n", 1)[0]
        source = first.split("source: '", 1)[1].split("'", 1)[0]
        target = first.split("target: '", 1)[1].split("'", 1)[0]
        mapping.write_text(text + f"  - {{source: '{source}', target: '{target.rsplit('.', 1)[0]}', "
                           "relationship: no_relationship, rationale: semantic, strength: 0}\n", encoding="utf-8")
    elif change == "bad-id":
        edit(mapping, "source: 'G01.", "source: 'G01x.")
    elif change == "framework":
        edit(synthetic_ws / "frameworks" / "fw003.yaml", "title: 'Control G01.1 ", "title: 'Renamed G01.1 ")
    elif change == "delete":
        (synthetic_ws / "mappings" / "fw004--hub.yaml").unlink()
    else:
        shutil.copy(mapping, synthetic_ws / "mappings" / "fw003--hub-copy.yaml")
        edit(synthetic_ws / "mappings" / "fw003--hub-copy.yaml", "id: fw003--hub", "id: fw003--hub-copy")
    seen = reads(monkeypatch)
    after = cached(synthetic_ws)
    cached_reads = set(seen)
    assert after == full(synthetic_ws)
    if change == "contradiction":
        assert sum(f["rule"] == "consistency" for f in after[0]) == 5
    if change == "row":
        assert any(f["rule"] == "strength" and f["file"].endswith("fw003--hub.yaml") for f in after[0])
    if change == "bad-id":
        assert any(f["rule"] == "reference" for f in after[0])
    untouched = {"fw001.yaml", "fw002.yaml", "fw004.yaml", "fw005.yaml", "fw001--hub.yaml", "fw005--hub.yaml"}
    assert not untouched & cached_reads
    if change != "delete":
        assert "hub.yaml" in cached_reads  # the changed unit's own inputs were read


def test_irregular_library_falls_back_to_the_full_run(synthetic_ws):
    cached(synthetic_ws)
    edit(synthetic_ws / "mappings" / "fw002--hub.yaml", "target: hub@1", "target: hub@2")
    after = cached(synthetic_ws)
    assert after == full(synthetic_ws)
    assert any(f["rule"] == "reference" and "hub@2" in f["message"] for f in after[0])


def test_selected_paths_report_only_their_findings(synthetic_ws):
    cached(synthetic_ws)
    edit(synthetic_ws / "mappings" / "fw003--hub.yaml", "rationale: semantic, ", "")
    chosen = [synthetic_ws / "mappings" / "fw003--hub.yaml"]
    assert cached(synthetic_ws, chosen) == full(synthetic_ws, chosen)


def rows_of(path: Path) -> list[tuple[str, str, str]]:
    found = re.findall(r"source: '([^']+)', target: '([^']+)', relationship: (\w+)", path.read_text(encoding="utf-8"))
    return [tuple(row) for row in found]


def test_a_triangle_through_a_third_framework_is_found_from_the_changed_file(synthetic_ws):
    """a overlaps h (fw001 to hub), b equal h (fw002 to hub): a new row 'a no_relationship b' cannot hold."""
    a, h = next((a, h) for a, h, rel in rows_of(synthetic_ws / "mappings" / "fw001--hub.yaml") if rel != "no_relationship")
    spoke = synthetic_ws / "mappings" / "fw002--hub.yaml"
    b = rows_of(spoke)[0][0]
    spoke.write_text(spoke.read_text(encoding="utf-8") + f"  - {{source: '{b}', target: '{h}', "
                     "relationship: equal, rationale: semantic, strength: 10}\n", encoding="utf-8")
    cached(synthetic_ws)  # warm, with both hub rows in place
    path = synthetic_ws / "mappings" / "fw001--fw002.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"  - {{source: '{a}', target: '{b}', "
                    "relationship: no_relationship, rationale: semantic, strength: 0}\n", encoding="utf-8")
    after = cached(synthetic_ws)
    assert after == full(synthetic_ws)
    three = {"fw001--fw002.yaml", "fw001--hub.yaml", "fw002--hub.yaml"}
    triangle = [f for f in after[0] if f["rule"] == "consistency"
                and {Path(p["file"]).name for p in [f, *f["related"]]} == three]
    assert len(triangle) == 1 and f"{a}' no_relationship fw002@1 '{b}'" in triangle[0]["message"]


def test_malformed_cache_entries_are_misses_not_crashes(synthetic_ws, cache_dir):
    reference = full(synthetic_ws)
    cached(synthetic_ws)
    import marshal
    for entry in cache_dir.rglob("*"):
        if entry.is_file():  # well-formed marshal data of the wrong shape in every entry
            entry.write_bytes(marshal.dumps(("framework", True, "x", (1, 2), "many", None, ((1,),))))
    assert cached(synthetic_ws) == reference


@pytest.mark.parametrize("saves", ["once", "on every read"])
def test_a_file_saved_between_digest_and_parse_never_leaves_a_wrong_entry(saves, tmp_path, cache_dir, monkeypatch):
    """Issue 10 case 2: a mapping saved while validate runs must not leave findings of one content
    cached under the digest of another (which made a later run say "0 errors" falsely).

    Right after validate reads bc.yaml (once, or every time), the file is saved with the other
    content, so any later read (to parse, or to hash again) sees different bytes. The run must give
    the verdict of one of the two contents; then, whatever is on disk, runs through the cache (the
    whole-result entry and the unit entries) must equal runs without it."""
    from crosswalk import readgate

    shutil.copytree(HERE / "negative" / "consistency", tmp_path / "ws")
    monkeypatch.chdir(tmp_path)
    ws, mapping = Path("ws"), tmp_path / "ws" / "bc.yaml"
    contents = {"bad": mapping.read_bytes()}
    contents["good"] = contents["bad"].replace(b"subset_of", b"superset_of")

    def on_disk(name: str) -> tuple[list, list]:
        mapping.write_bytes(contents[name])
        return full(ws)

    reference = {name: on_disk(name) for name in contents}
    assert reference["bad"][0] and not reference["good"][0]  # the save changes the verdict

    def whole(folder: Path) -> tuple[list, list]:
        cache.configure(True)
        try:
            return as_data(validate(library=[folder], include_builtin=False))
        finally:
            cache.configure(False)

    real_read = readgate.read_bytes
    for first, second in (("bad", "good"), ("good", "bad")):
        shutil.rmtree(cache_dir, ignore_errors=True)
        mapping.write_bytes(contents[first])
        saved = []

        def read_then_save(path, **options):
            data = real_read(path, **options)
            if Path(path).name == "bc.yaml" and (saves != "once" or not saved):
                other = second if data == contents[first] else first
                mapping.write_bytes(contents[other])
                saved.append(other)
            return data

        monkeypatch.setattr(readgate, "read_bytes", read_then_save)
        assert whole(ws) in (reference[first], reference[second])
        monkeypatch.setattr(readgate, "read_bytes", real_read)
        assert saved
        for name in (first, second, first):
            mapping.write_bytes(contents[name])
            assert whole(ws) == reference[name]
            assert cached(ws) == reference[name]


def test_an_edit_that_declares_nothing_new_keeps_the_consistency_result_and_moves_its_places(
        synthetic_ws, monkeypatch):
    """A comment line added above every row of a mapping with a contradiction: no declaration changed,
    so the library is not checked for consistency again, but the conflict's places move with the rows."""
    from crosswalk import network

    before = cached(synthetic_ws)
    conflicted = {Path(f["file"]).name for f in before[0] if f["rule"] == "consistency"}
    name = sorted(conflicted)[0]
    path = synthetic_ws / "mappings" / name
    path.write_text("# reviewed\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    checks = []
    original = network.check
    monkeypatch.setattr(network, "check", lambda *a, **k: checks.append(1) or original(*a, **k))
    after = cached(synthetic_ws)
    assert checks == []
    assert after == full(synthetic_ws)
    moved = [(f["line"], g["line"]) for f, g in zip(before[0], after[0])
             if f["rule"] == "consistency" and Path(f["file"]).name == name]
    assert moved and all(new == old + 1 for old, new in moved)
    edit(path, "relationship: no_relationship", "relationship: intersects_with")  # now it declares something new
    after = cached(synthetic_ws)
    assert checks and after == full(synthetic_ws)
