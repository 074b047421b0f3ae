"""``crosswalk overview``: one source against every other framework, on the shipped library."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from crosswalk import graph
from crosswalk.cli import main
from crosswalk.coverage import STATUSES, compute
from crosswalk.overview import overview
from crosswalk.report import load_profile
from crosswalk.workspace import load

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "profiles" / "example-bank-aiverify-2023.yaml"


@pytest.fixture(scope="module")
def shipped():
    workspace = load([], include_builtin=True, include_cwd=False)
    return workspace, graph.build(workspace)


@pytest.mark.parametrize("profile", [None, PROFILE])
def test_each_line_counts_what_a_full_comparison_with_associations_gives(shipped, profile):
    """The overview uses set relations only (the sweep); leaving associations out changes reasons,
    never statuses, so each line must equal the one-pair comparison the coverage command runs."""
    workspace, built = shipped
    view = overview(workspace, "aiverify@2023", str(profile) if profile else None, library_graph=built)
    source = workspace.frameworks["aiverify@2023"]
    loaded_profile = load_profile(str(profile), source) if profile else None
    assert [line.target.ref for line in view.lines if line.target.ref == source.ref] == []
    assert sorted(line.target.ref for line in view.lines) == sorted(set(workspace.frameworks) - {source.ref})
    for line in view.lines:
        full = compute(graph.build(workspace), source, line.target, loaded_profile)
        assert line.counts == {status: full.count(status) for status in STATUSES}, line.target.ref
        assert sum(line.counts.values()) == line.elements == len(line.target.elements)
    rmf = next(line for line in view.lines if line.target.ref == "nist-ai-rmf@1.0")
    assert rmf.counts["partially covered"] > 0  # the official crosswalk reaches the AI RMF's categories
    if profile:
        assert rmf.counts["not covered"] + rmf.counts["partially covered"] > 0


def test_lines_are_best_covered_first(shipped):
    workspace, built = shipped
    view = overview(workspace, "tta-trustworthy-ai@2023", via=("nist-ai-rmf@1.0",), library_graph=built)
    keys = [(-line.share("covered"), line.share("unknown"), line.target.ref) for line in view.lines]
    assert keys == sorted(keys)
    assert view.lines[0].target.ref == "nist-ai-rmf@1.0" and view.pivots == ("nist-ai-rmf@1.0",)


def test_cli_formats_agree_and_bad_input_is_a_clean_error(capsys, tmp_path):
    assert main(["overview", "--from", "aiverify@2023", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["ref"] == "aiverify@2023" and data["scope"]["pivots"] == "any"
    by_ref = {t["ref"]: t for t in data["targets"]}
    assert main(["overview", "--from", "aiverify@2023", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["target"]: int(r["partially covered"]) for r in rows} == \
        {ref: t["counts"]["partially covered"] for ref, t in by_ref.items()}
    assert main(["overview", "--from", "aiverify@2023", "--direct", "--format", "markdown"]) == 0
    assert "Direct mappings only" in capsys.readouterr().out
    out = tmp_path / "overview.txt"
    assert main(["overview", "--from", "aiverify@2023", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[1].split()[:2] == ["target", "elements"]
    assert main(["overview", "--from", "no-such-framework"]) == 2
    err = capsys.readouterr().err
    assert "no framework 'no-such-framework'" in err and "Traceback" not in err
    assert main(["overview", "--from", "aiverify@2023", "--profile", str(PROFILE), "--via", "nope"]) == 2


def test_set_relations_only_tells_the_same_as_the_full_comparison_for_every_shipped_pair(shipped):
    """What overview and --no-associations rest on, over the whole shipped library: for every ordered
    pair, the status of every element and, for every piece of evidence, its relation, contribution,
    kind, weakest strength and first path are the same with associations listed or not."""
    from crosswalk.report import Request, analyse

    workspace, built = shipped
    compared = 0
    for source in sorted(workspace.frameworks):
        for target in sorted(workspace.frameworks):
            if source == target:
                continue
            told = []
            for associations in (True, False):
                result = analyse(workspace, Request(source, target, associations=associations), built).result
                told.append([(ident, c.status, [(e.source, e.relation.relation, e.contribution, e.relation.kind,
                                                 e.relation.weakest, e.relation.paths[0].walked) for e in c.evidence])
                             for ident, c in result.elements.items()])
            assert told[0] == told[1], (source, target)
            compared += sum(len(evidence) for _, _, evidence in told[0])
    assert compared > 1000
