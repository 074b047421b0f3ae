"""The gap report's content: what-if actions against a full recomputation, headline limits derived
from the data, the position, provenance and the figures every rendering prints."""

from __future__ import annotations

import itertools
import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from crosswalk import coverage as cov
from crosswalk import figures, graph, reportmodel
from crosswalk.cli import main
from crosswalk.model import Profile, ProfileEntry, profile_from
from crosswalk.report import Request, analyse
from crosswalk.whatif import ACT_ON, WhatIf
from crosswalk.workspace import load
from crosswalk.yamlio import parse_text
from tests.test_coverage import base_files, mapping, run, workspace  # noqa: F401 (workspace: a fixture)

ROOT = Path(__file__).resolve().parent.parent
BANK = str(ROOT / "profiles" / "example-bank-aiverify-2023.yaml")


@pytest.fixture(scope="module")
def builtin():
    return load([], include_builtin=True)


def profile(entries: dict[str, str], framework_ref: str = "src@1") -> Profile:
    lines = "".join(f"  - {{element: '{k}', status: {v}}}\n" for k, v in entries.items())
    return profile_from(parse_text(f"kind: profile\nid: p\nframework: {framework_ref}\nentries:\n{lines}"), "p.yaml")


def implemented_as_profile(result: cov.CoverageResult, elements: list[str]) -> Profile:
    """The profile an organisation would have after implementing ``elements``: what the what-if must equal.
    A parent without an answer of its own is implemented by implementing its leaves."""
    source = result.source
    entries = {e.element: e for e in result.profile.entries}
    for ident in elements:
        targets = [ident] if ident in entries or source.is_leaf(ident) else source.leaves_under(ident)
        for leaf in targets:
            if leaf in entries and entries[leaf].status == "not-applicable" and leaf != ident:
                continue
            entries[leaf] = ProfileEntry(len(entries), leaf, "implemented")
    return replace(result.profile, entries=list(entries.values()))


def recomputed(ws, result: cov.CoverageResult, elements: list[str], **options) -> dict[str, str]:
    again = cov.compute(graph.build(ws), result.source, result.target, implemented_as_profile(result, elements),
                        exhaustive_mappings=result.exhaustive, **options)
    return {ident: c.status for ident, c in again.elements.items()}


def after_whatif(result: cov.CoverageResult, elements: list[str]) -> dict[str, str]:
    statuses = {ident: c.status for ident, c in result.elements.items()}
    statuses.update({change.element: change.after for change in WhatIf(result).implementing(elements)})
    return statuses


def test_implementing_an_equal_source_element_covers_its_target_and_the_whatif_says_so(workspace):
    ws = workspace(base_files())
    result = run(ws, profile=profile({"s1": "not-implemented", "s2": "partial", "s3a": "implemented",
                                      "s3b": "planned", "s4": "not-implemented"}))
    changes = WhatIf(result).implementing(["s1"])
    assert [(c.element, c.before, c.after) for c in changes] == [("t1", cov.NOT_COVERED, cov.COVERED)]
    # s3 (a parent without an answer) is implemented through its planned leaf: t4 and its leaves become covered
    changed = {c.element: (c.before, c.after) for c in WhatIf(result).implementing(["s3b"])}
    assert changed["t4a"] == (cov.PARTIAL, cov.COVERED) and changed["t4"] == (cov.PARTIAL, cov.COVERED)
    # a concept crosswalk's related row gives partial coverage at most
    assert [(c.element, c.after) for c in WhatIf(result).implementing(["s4"])] == [("t7", cov.PARTIAL)]


def test_whatif_equals_a_full_recomputation_for_every_single_element_and_pair(workspace):
    files = base_files()
    files["x.yaml"] = mapping("src-tgt-x", "src", "tgt", [("s6", "t5", "subset_of", 5), ("s4", "t5", "subset_of", 5)],
                              extra="exhaustive_subsets: true\n")
    ws = workspace(files)
    answers = {"s1": "not-implemented", "s2": "partial", "s3a": "not-applicable", "s3b": "planned",
               "s4": "planned", "s6": "not-implemented"}
    result = run(ws, profile=profile(answers), exhaustive_mappings=["src-tgt-x"])
    candidates = [ident for ident, status in result.source_statuses.items() if status in ACT_ON]
    assert len(candidates) >= 5
    for size in (1, 2):
        for chosen in itertools.combinations(candidates, size):
            assert after_whatif(result, list(chosen)) == recomputed(ws, result, list(chosen)), chosen
    # the exhaustive pair: neither alone covers t5, both together do
    assert after_whatif(result, ["s6"])["t5"] != cov.COVERED
    assert after_whatif(result, ["s4", "s6"])["t5"] == cov.COVERED


def test_whatif_equals_a_full_recomputation_on_the_example_bank(builtin):
    analysis = analyse(builtin, Request("aiverify@2023", "nist-ai-rmf@1.0", BANK))
    result = analysis.result
    candidates = [ident for ident, status in result.source_statuses.items() if status in ACT_ON]
    for ident in candidates[:40]:
        assert after_whatif(result, [ident]) == recomputed(builtin, result, [ident]), ident
    everything = [ident for ident, status in result.source_statuses.items() if status in ACT_ON]
    assert after_whatif(result, everything) == recomputed(builtin, result, everything)


def test_not_applicable_is_never_an_action_and_actions_are_deduplicated(builtin):
    # the official rows only: the concept crosswalk at category level (the worked example's typed draft rows
    # for GOVERN 1 would make actions count, as they should)
    report = reportmodel.build(analyse(builtin, Request("aiverify@2023", "nist-ai-rmf@1.0", BANK, official_only=True)))
    statuses = {a.source: a.source_status for a in report.actions}
    assert report.actions and "not-applicable" not in statuses.values()
    assert len(statuses) == len(report.actions)
    assert {a.kind for a in report.actions} == {"implement", "assess first"}
    assert all(a.kind == "assess first" for a in report.actions if a.source_status == "not-assessed")
    # MANAGE 3's N/A items (3.13 and 9.5: "no third-party model is used") are not actions
    assert not {"3.13", "9.5"} & set(statuses)
    # only answerable elements (leaves here), so the actions agree with the position: every "No" that bears on
    # the target is one action, and an outcome the crosswalk names is acted on through its processes
    source = report.source_elements
    leaves = {row.element for row in source if not any(other.parent == row.element for other in source)}
    assert set(statuses) <= leaves
    assert sum(1 for a in report.actions if a.source_status == "not-implemented") <= report.position.answers["not-implemented"]
    # concept crosswalk at category level: no single action, nor all of them, changes a status; the note says so
    assert not any(a.changes for a in report.actions)
    assert report.ceiling == report.leaves
    assert "would change no status" in report.actions_note and "typed mapping" in report.actions_note


def test_actions_are_ordered_by_effect(workspace):
    files = base_files()
    files["m.yaml"] = mapping("src-tgt", "src", "tgt", [("s1", "t1", "equal", 10), ("s2", "t4", "superset_of", 8),
                                                        ("s3a", "t3", "intersects_with", 4)])
    ws = workspace(files)
    from crosswalk.report import Analysis
    import datetime as dt
    result = run(ws, profile=profile({"s1": "not-implemented", "s2": "not-implemented", "s3a": "planned"}))
    analysis = Analysis(Request("src@1", "tgt@1"), ws, result, result.profile, dt.date(2026, 1, 1))
    report = reportmodel.build(analysis)
    order = [a.source for a in report.actions]
    assert order[0] == "s2"  # t4's two leaves improve (and t4 itself)
    assert order.index("s1") < order.index("s3a")  # one leaf covered before one leaf partially covered
    assert [(c.element, c.after) for c in report.actions[0].improved] == [
        ("t4", cov.COVERED), ("t4a", cov.COVERED), ("t4b", cov.COVERED)]
    assert report.row_of and report.rows[report.row_of["t1"]].acted_on_by == ("s1",)


def test_headline_limits_are_derived_from_the_data(builtin):
    concept = reportmodel.build(analyse(builtin, Request("aiverify@2023", "nist-ai-rmf@1.0", official_only=True)))
    kinds = {limit.kind for limit in concept.headline.limits}
    assert {"level", "associations", "concept"} <= kinds
    assert "72 subcategories" in concept.headline.answer
    typed = reportmodel.build(analyse(builtin, Request("nist-ai-600-1@1.0", "nist-ai-rmf@1.0")))
    kinds = {limit.kind for limit in typed.headline.limits}
    assert "concept" not in kinds and "unreached" in kinds
    assert typed.leaves.counts[cov.COVERED] > 0
    assert f"covers {typed.leaves.counts[cov.COVERED]}" in typed.headline.answer


def test_draft_judgement_is_flagged_and_official_only_leaves_it_out(builtin):
    anyrows = reportmodel.build(analyse(builtin, Request("aiverify@2023", "nist-ai-rmf@1.0")))
    authorities = {m.id: (m.authority, m.status) for m in anyrows.mappings}
    assert authorities["us-sg-shared-principles-2024--nist-ai-rmf-1.0"] == ("our judgement", "draft")
    assert any(limit.kind == "judgement" for limit in anyrows.headline.limits)
    official = reportmodel.build(analyse(builtin, Request("aiverify@2023", "nist-ai-rmf@1.0", official_only=True)))
    assert {m.authority for m in official.mappings} == {"official"}
    assert not any(limit.kind == "judgement" for limit in official.headline.limits)
    # a status the draft rows change (the worked example's typed GOVERN 1 rows) rests on them, and says so
    changed = [(o, a) for o, a in zip(official.rows, anyrows.rows) if o.status != a.status]
    assert [o.element for o in official.rows] == [a.element for a in anyrows.rows]
    assert changed and all(a.judgement for _, a in changed)


def test_a_status_resting_on_draft_rows_says_so_where_the_status_is_shown(workspace):
    ws = workspace(base_files())  # the fixture's mappings are draft judgement
    from crosswalk.report import Analysis
    import datetime as dt
    result = run(ws)
    report = reportmodel.build(Analysis(Request("src@1", "tgt@1"), ws, result, None, dt.date(2026, 1, 1)))
    row = report.rows[report.row_of["t1"]]
    assert row.status == cov.COVERED and row.judgement == ("src-tgt",)
    assert report.rows[report.row_of["t5"]].judgement == ()


def test_position_counts_the_profile_answers_and_two_profiles_differ(builtin, tmp_path):
    bank = reportmodel.build(analyse(builtin, Request("aiverify@2023", "nist-ai-rmf@1.0", BANK)))
    assert bank.position is not None and bank.position.organisation.startswith("Example Bank")
    assert sum(bank.position.answers.values()) == sum(1 for e in bank.source_elements
                                                       if not any(o.parent == e.element for o in bank.source_elements))
    assert bank.position.answers["not-implemented"] == 19
    text = Path(BANK).read_text(encoding="utf-8")
    changed = text.replace("status: not-implemented", "status: implemented", 5)
    other = tmp_path / "other.yaml"
    other.write_text(changed, encoding="utf-8")
    second = reportmodel.build(analyse(builtin, Request("aiverify@2023", "nist-ai-rmf@1.0", str(other))))
    assert second.position.answers["not-implemented"] == 14
    assert second.position.answers != bank.position.answers
    assert [r.bearing for r in second.rows] != [r.bearing for r in bank.rows]


def test_figures_never_mix_levels_and_agree_with_the_coverage_json(builtin, capsys):
    for definition in sorted((ROOT / "reports").glob("*.yaml")):
        assert main(["coverage", str(definition), "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        workspace = load([], include_builtin=True)
        from crosswalk.cli_engine import _definition
        from crosswalk.report import request_from_definition
        report = reportmodel.build(analyse(workspace, request_from_definition(_definition(str(definition), workspace))))
        model = reportmodel.as_dict(report)
        assert data["summary"]["leaves"] == model["leaves"]["total"] == report.leaves.total
        assert data["summary"]["statuses"] == model["leaves"]["statuses"]
        assert data["summary"]["by_level"] == model["by_level"]
        leaves = sum(1 for e in data["elements"] if e["leaves"] == 1 and not any(o["parent"] == e["id"] for o in data["elements"]))
        assert report.leaves.total == leaves
        assert sum(g.leaves.total for g in report.groups) + sum(1 for r in report.rows if r.depth == 0 and r.leaf) == leaves
        for group in report.groups:
            element = next(e for e in data["elements"] if e["id"] == group.element)
            assert element["rollup"] == group.leaves.counts and element["leaves"] == group.leaves.total
        assert sum(t.total for _, t in report.by_level) == len(data["elements"])


def test_plural_names_of_levels():
    assert [figures.plural(w) for w in ("subcategory", "process", "function", "leaf element", "key")] == [
        "subcategories", "processes", "functions", "leaf elements", "keys"]
    assert figures.plural("subcategory", 1) == "subcategory"


def test_report_json_from_the_cli_carries_signoff_and_input_digests(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["report", "example-bank-aiverify-2023-to-nist-ai-rmf", "-o", str(out), "--prepared-by", "A. Analyst",
                 "--reviewed-by", "R. Reviewer", "--scope", "Credit scoring", "--classification", "Confidential",
                 "--signoff-date", "2026-11-30"]) == 0
    told = capsys.readouterr().err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["signoff"] == {"prepared_by": "A. Analyst", "reviewed_by": "R. Reviewer", "date": "2026-11-30",
                               "scope": "Credit scoring", "classification": "Confidential"}
    import hashlib
    roles = {i["role"] for i in data["inputs"]}
    assert {"report definition", "profile", "source framework", "target framework", "mapping"} <= roles
    for item in data["inputs"]:
        path = Path(item["path"])
        path = path if path.is_absolute() or path.exists() else ROOT / item["path"]
        assert item["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), item
    assert data["headline"]["answer"] in told.replace("\n  ", " ")  # the headline is printed on the terminal too
    assert main(["report", "example-bank-aiverify-2023-to-nist-ai-rmf", "-o", str(out), "--signoff-date", "30/11"]) == 2


def test_a_definition_may_name_any_rendering_as_its_output_and_nothing_else():
    from crosswalk import reportpaths

    assert [reportpaths.output_problem(name) for name in ("r.xlsx", "r.md", "r.html", "r.json")] == [None] * 4
    assert "ending in .xlsx, .md, .html or .json" in reportpaths.output_problem("r.csv")
