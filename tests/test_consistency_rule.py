"""The consistency rule through validate: long chains found in libraries of the size where the old
closure gave up, the same with the cache as without, and a check that cannot finish says so."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from crosswalk import cache, network
from crosswalk.validate import validate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402


def mapping(folder: Path, name: str, source: str, target: str, rows: list[tuple[str, str, str]]) -> None:
    lines = [f"kind: mapping\nid: {name}\nsource: {source}@1\ntarget: {target}@1\nstyle: strm\n"
             "provenance: {author: test, method: human, status: draft, judgement: ours}\nrows:\n"]
    for left, right, relationship in rows:
        strength = {"equal": 10, "no_relationship": 0}[relationship]
        lines.append(f"  - {{source: '{left}', target: '{right}', relationship: {relationship}, "
                     f"rationale: semantic, strength: {strength}}}\n")
    (folder / "mappings" / f"{name}.yaml").write_text("".join(lines), encoding="utf-8")


def chain_mappings(folder: Path, links: int) -> None:
    """A chain of ``equal`` rows round the four spokes (fw001 G01.1.1 = fw002 G01.1.1 = fw003 G01.1.1
    = fw004 G01.1.1 = fw001 G01.1.2 = ...), then its last element declared unrelated to its first:
    only the whole chain shows that the last row cannot hold. The files load last, as a new pull
    request's often do: path consistency derived one more link of the chain per pass over its
    queue, and at this size it gave up after the first pass (issue 10, case 7): the links load out of
    chain order, so one pass does not see the chain through."""
    nodes = [(f"fw{1 + k % 4:03d}", f"G01.1.{1 + k // 4}") for k in range(links + 1)]
    for k, ((fw_a, a), (fw_b, b)) in enumerate(zip(nodes, nodes[1:])):
        mapping(folder, f"zz-{ORDER[k]:02d}", fw_a, fw_b, [(a, b, "equal")])
    (fw_a, a), (fw_b, b) = nodes[0], nodes[-1]
    mapping(folder, "zz-last", fw_a, fw_b, [(a, b, "no_relationship")])


LINKS = 12
ORDER = (5, 11, 2, 8, 0, 9, 3, 7, 1, 10, 4, 6)
"""Files are loaded by name: the chain's links are not declared in chain order."""


@pytest.fixture
def library(tmp_path):
    """The issue's case: 5 frameworks, 10,000 rows (about 14,500 declared facts), consistent by
    construction, plus a wrong row that only a chain through all four spokes reveals."""
    folder = tmp_path / "syn"
    synthetic.generate(folder, frameworks=5, rows=10_000, seed=11, contradictions=0)
    chain_mappings(folder, LINKS)
    return folder


@pytest.mark.parametrize("cached", [False, True])
def test_a_conflict_only_a_chain_of_rows_reveals_is_reported(library, tmp_path, monkeypatch, cached):
    monkeypatch.setenv("CROSSWALK_CACHE_DIR", str(tmp_path / "cache"))
    cache.configure(cached)
    try:
        result = validate(library=[library], include_builtin=False)
    finally:
        cache.configure(False)
    conflicts = [f for f in result.findings if f.rule == "consistency"]
    assert len(conflicts) == 1
    assert f"these {LINKS + 1} declarations cannot all be true" in conflicts[0].message
    named = {Path(p.file).name for p in (conflicts[0].place, *conflicts[0].related)}
    assert named == {f"zz-{k:02d}.yaml" for k in range(LINKS)} | {"zz-last.yaml"}


def test_a_check_that_cannot_finish_fails_validation_and_says_what_it_left(library, monkeypatch):
    monkeypatch.setattr(network, "BUDGET", 100)
    result = validate(library=[library], include_builtin=False)
    (unchecked,) = [f for f in result.findings if "not fully checked" in f.message]
    assert unchecked.rule == "consistency" and unchecked.level == "error"
    assert "no_relationship or intersects_with were not checked" in unchecked.message
    assert result.exit_code() == 1
