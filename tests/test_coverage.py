"""Coverage rules on small hand-made frameworks where the right answer is obvious."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from crosswalk import algebra as alg
from crosswalk import coverage as cov
from crosswalk import graph
from crosswalk.model import profile_from
from crosswalk.workspace import load
from crosswalk.yamlio import parse_text


def framework(ident: str, tree: dict[str, str | None]) -> str:
    lines = [f"kind: framework\nid: {ident}\nversion: '1'\nname: {ident}\npublisher: test\nlevels: [group, item]\nelements:"]
    for element, parent in tree.items():
        level = "item" if parent else "group"
        parent_line = f", parent: '{parent}'" if parent else ""
        lines.append(f"  - {{id: '{element}', title: 'Title of {element}', level: {level}{parent_line}}}")
    return "\n".join(lines) + "\n"


def mapping(ident: str, source: str, target: str, rows: list[tuple[str, str, str, int]], style: str = "strm",
            extra: str = "") -> str:
    head = (f"kind: mapping\nid: {ident}\nsource: {source}@1\ntarget: {target}@1\nstyle: {style}\n{extra}"
            "provenance: {author: test, method: human, status: draft, judgement: ours}\nrows:\n")
    body = "".join(
        f"  - {{source: '{s}', target: '{t}', relationship: {r}"
        + (f", rationale: semantic, strength: {n}" if style == "strm" else "") + "}\n"
        for s, t, r, n in rows
    )
    return head + body


SRC = {"s1": None, "s2": None, "s3": None, "s3a": "s3", "s3b": "s3", "s4": None, "s5": None, "s6": None}
TGT = {"t1": None, "t2": None, "t3": None, "t4": None, "t4a": "t4", "t4b": "t4", "t5": None, "t6": None,
       "t7": None, "t7a": "t7"}


@pytest.fixture
def workspace(tmp_path: Path):
    def make(files: dict[str, str]):
        for name, text in files.items():
            (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return load([tmp_path], include_builtin=False, include_cwd=False)
    return make


def run(ws, source="src@1", target="tgt@1", profile=None, **options):
    g = graph.build(ws)
    return cov.compute(g, ws.frameworks[source], ws.frameworks[target], profile, **options)


def base_files() -> dict[str, str]:
    return {
        "src.yaml": framework("src", SRC),
        "tgt.yaml": framework("tgt", TGT),
        "m.yaml": mapping("src-tgt", "src", "tgt", [
            ("s1", "t1", "equal", 10),
            ("s2", "t2", "subset_of", 5),
            ("s3", "t4", "superset_of", 8),
            ("s3a", "t3", "intersects_with", 4),
            ("s5", "t6", "no_relationship", 0),
        ]),
        "c.yaml": mapping("src-tgt-concept", "src", "tgt", [("s4", "t7", "related", 0)], style="concept"),
    }


def test_equal_and_superset_cover_subset_and_intersects_partly_unmapped_is_unknown(workspace):
    result = run(workspace(base_files()))
    status = {k: v.status for k, v in result.elements.items()}
    assert status["t1"] == cov.COVERED
    assert status["t2"] == cov.PARTIAL
    assert status["t3"] == cov.PARTIAL
    assert status["t5"] == cov.UNKNOWN  # no row: unknown, never "not covered" by fiat
    assert status["t6"] == cov.NOT_COVERED  # an explicit no_relationship is evidence
    assert "no mapping path" in result.elements["t5"].reason


def test_superset_of_a_parent_covers_its_children_but_related_to_a_parent_does_not(workspace):
    result = run(workspace(base_files()))
    assert result.elements["t4a"].status == cov.COVERED
    assert result.elements["t4a"].evidence[0].relation.kind == "hierarchy"
    assert result.elements["t7"].status == cov.PARTIAL
    assert result.elements["t7a"].status == cov.UNKNOWN
    assert [r.source[1] for r in result.elements["t7a"].associations] == ["s4"]


def test_profile_statuses_drive_coverage(workspace, tmp_path):
    ws = workspace(base_files())
    profile = profile_from(parse_text(textwrap.dedent("""\
        kind: profile
        id: p
        framework: src@1
        entries:
          - {element: s1, status: not-implemented}
          - {element: s2, status: partial}
          - {element: s3a, status: implemented}
          - {element: s3b, status: planned}
        """)), "p.yaml")
    result = run(ws, profile=profile)
    assert result.source_statuses["s3"] == "partial"  # parent from its leaves
    assert result.elements["t1"].status == cov.NOT_COVERED
    assert "not implemented" in result.elements["t1"].reason
    assert result.elements["t2"].status == cov.PARTIAL
    assert result.elements["t4a"].status == cov.PARTIAL  # s3 only partly implemented
    assert result.source_statuses["s4"] == "not-assessed"
    assert result.elements["t7"].status == cov.NOT_COVERED


def test_not_applicable_source_makes_target_not_applicable(workspace):
    ws = workspace(base_files())
    profile = profile_from(parse_text("kind: profile\nid: p\nframework: src@1\nentries:\n"
                                      "  - {element: s1, status: not-applicable}\n"), "p.yaml")
    assert run(ws, profile=profile).elements["t1"].status == cov.NOT_APPLICABLE


def test_exhaustive_subsets_cover_when_all_implemented(workspace):
    files = base_files()
    files["m.yaml"] = mapping("src-tgt", "src", "tgt", [("s1", "t2", "subset_of", 5), ("s2", "t2", "subset_of", 5)],
                              extra="exhaustive_subsets: true\n")
    ws = workspace(files)
    assert run(ws, exhaustive_mappings=["src-tgt"]).elements["t2"].status == cov.COVERED
    profile = profile_from(parse_text("kind: profile\nid: p\nframework: src@1\nentries:\n"
                                      "  - {element: s1, status: implemented}\n  - {element: s2, status: planned}\n"),
                           "p.yaml")
    assert run(ws, profile=profile, exhaustive_mappings=["src-tgt"]).elements["t2"].status == cov.PARTIAL


def test_only_the_exhaustive_mappings_own_subset_rows_count_and_associations_do_not_change_that(workspace):
    """s1 subset_of t1 comes from a plain mapping; the exhaustive mapping's only row names two sources
    and two targets, which implies nothing for the pair (s1, t1). t1 is therefore only partially
    covered, with associations listed or not (crosswalk overview leaves them out)."""
    files = {
        "src.yaml": framework("src", {"s1": None, "s2": None}),
        "tgt.yaml": framework("tgt", {"t1": None, "t2": None}),
        "plain.yaml": mapping("plain", "src", "tgt", [("s1", "t1", "subset_of", 5)]),
        "exh.yaml": mapping("exh", "src", "tgt", []).replace(
            "rows:\n", "rows:\n  - {source: [s1, s2], target: [t1, t2], relationship: subset_of, "
                       "rationale: semantic, strength: 5}\n").replace("style: strm\n", "style: strm\nexhaustive_subsets: true\n"),
    }
    ws = workspace(files)
    for associations in (True, False):
        result = run(ws, exhaustive_mappings=["exh"], associations=associations)
        assert result.elements["t1"].status == cov.PARTIAL, associations
    files["exh.yaml"] = mapping("exh", "src", "tgt", [("s1", "t1", "subset_of", 5)], extra="exhaustive_subsets: true\n")
    ws = workspace(files)
    for associations in (True, False):  # the exhaustive mapping's own row for the pair: covered
        assert run(ws, exhaustive_mappings=["exh"], associations=associations).elements["t1"].status == cov.COVERED


def test_exhaustive_rule_needs_the_mappings_direction_and_no_contradiction(workspace):
    """exhaustive_subsets speaks of a mapping's source elements declared subset_of its targets: a
    mapping written target to source declares none for this comparison. And a contradiction on one
    of the subsets must not let the others cover the element alone."""
    from crosswalk.report import Request, analyse

    files = {
        "src.yaml": framework("src", {"s1": None, "s2": None}),
        "tgt.yaml": framework("tgt", {"t1": None}),
        "back.yaml": mapping("back", "tgt", "src", [("t1", "s1", "superset_of", 5), ("t1", "s2", "superset_of", 5)],
                             extra="exhaustive_subsets: true\n"),
    }
    assert analyse(workspace(files), Request("src@1", "tgt@1")).result.elements["t1"].status == cov.PARTIAL
    files["back.yaml"] = mapping("forth", "src", "tgt", [("s1", "t1", "subset_of", 5), ("s2", "t1", "subset_of", 5)],
                                 extra="exhaustive_subsets: true\n")
    assert analyse(workspace(files), Request("src@1", "tgt@1")).result.elements["t1"].status == cov.COVERED
    files["no.yaml"] = mapping("no", "src", "tgt", [("s2", "t1", "no_relationship", 0)])
    result = analyse(workspace(files), Request("src@1", "tgt@1")).result.elements["t1"]
    assert result.contradictions and result.status == cov.PARTIAL


def test_inference_through_a_pivot_composes_and_keeps_path_and_weakest_strength(workspace):
    files = {
        "src.yaml": framework("src", SRC),
        "tgt.yaml": framework("tgt", TGT),
        "piv.yaml": framework("piv", {"p1": None, "p2": None}),
        "a.yaml": mapping("src-piv", "src", "piv", [("s1", "p1", "equal", 10), ("s2", "p2", "superset_of", 6)]),
        "b.yaml": mapping("piv-tgt", "piv", "tgt", [("p1", "t1", "superset_of", 7), ("p2", "t2", "superset_of", 9)]),
    }
    ws = workspace(files)
    result = run(ws)
    t1 = result.elements["t1"]
    assert t1.status == cov.COVERED
    relation = t1.evidence[0].relation
    assert relation.relation == alg.PPI and relation.kind == "inferred"
    assert relation.paths[0].pivots == ("piv@1",)
    assert relation.paths[0].weakest == 7
    assert "src-piv row 1" in relation.paths[0].describe() and "piv-tgt row 1" in relation.paths[0].describe()
    assert run(ws, direct=True).elements["t1"].status == cov.UNKNOWN
    assert run(ws, pivots=["other@1"]).elements["t1"].status == cov.UNKNOWN


def test_paths_are_intersected_and_a_contradiction_is_reported(workspace):
    files = {
        "src.yaml": framework("src", SRC),
        "tgt.yaml": framework("tgt", TGT),
        "piv.yaml": framework("piv", {"p1": None}),
        "a.yaml": mapping("src-piv", "src", "piv", [("s1", "p1", "equal", 10)]),
        "b.yaml": mapping("piv-tgt", "piv", "tgt", [("p1", "t1", "subset_of", 7)]),
        "c.yaml": mapping("src-tgt", "src", "tgt", [("s1", "t1", "intersects_with", 5)]),
    }
    result = run(workspace(files))
    t1 = result.elements["t1"]
    assert t1.status == cov.UNKNOWN and t1.contradictions
    assert len(t1.contradictions[0].paths) == 2


def test_rollup_counts_leaves_with_full_and_partial_separate(workspace):
    result = run(workspace(base_files()))
    t4 = result.rollups["t4"]
    assert t4.leaves == 2 and t4.counts[cov.COVERED] == 2
    t7 = result.rollups["t7"]
    assert t7.counts[cov.UNKNOWN] == 1 and t7.share(cov.UNKNOWN) == 1.0


def test_without_associations_only_set_relations_remain(workspace):
    result = run(workspace(base_files()), associations=False)
    assert result.elements["t7a"].associations == [] and result.elements["t7a"].status == cov.UNKNOWN
    assert result.elements["t4a"].status == cov.COVERED  # set relations are unaffected


def naive_rollups(target, elements):
    """The roll-up's definition, element by element (what crosswalk.coverage.rollups computes faster)."""
    out = {}
    for ident in target.elements:
        leaves = target.leaves_under(ident)
        out[ident] = (len(leaves), {s: sum(1 for leaf in leaves if elements[leaf].status == s) for s in cov.STATUSES})
    return out


def test_rollups_equal_their_definition_on_shipped_frameworks_and_on_a_hierarchy_cycle(workspace):
    shipped = load([], include_builtin=True, include_cwd=False)
    cyclic = workspace({"c.yaml": framework("cyc", {"a": "c", "b": "a", "c": "b", "f": "b", "g": "f",
                                                   "d": None, "e": "d", "h": "d"})}).frameworks["cyc@1"]
    frameworks = [*shipped.frameworks.values(), cyclic]
    for framework_ in frameworks:
        elements = {ident: cov.ElementCoverage(ident, cov.STATUSES[position % len(cov.STATUSES)], "")
                    for position, ident in enumerate(framework_.elements)}
        got = {ident: (r.leaves, r.counts) for ident, r in cov.rollups(framework_, elements).items()}
        assert got == naive_rollups(framework_, elements), framework_.ref
    assert cov.rollups(cyclic, {i: cov.ElementCoverage(i, cov.COVERED, "") for i in cyclic.elements})["a"].leaves == 1
