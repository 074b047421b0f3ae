"""Deep hierarchies cost what they are long, and hierarchy cycles are refused, not walked for ever.

Issue 10, cases 3 and 5: an element that is its own parent made ``report`` grow without limit and
``coverage`` exit 0; a parent chain 5,000 deep made ``coverage`` and ``report`` fail, because every
hierarchy path was copied one link longer than the last. These tests hold: results on a long chain
are what the coverage rules give (the same as on a short chain of the same shape); hierarchy moves
are the links they stand for; the walks give exactly what a plain walk with a "seen" set gives, on
random hierarchies with cycles; memory grows linearly with the depth (a tracemalloc ratio, not a
clock); and every comparison command refuses a framework with a cycle with one clear line.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswalk import algebra as alg
from crosswalk import coverage as cov
from crosswalk import graph
from crosswalk.cli import main
from crosswalk.inference import MOVES_SHOWN, Scope, relations_to
from crosswalk.model import framework_from
from crosswalk.moves import exits, mapped_exits
from crosswalk.report import Ancestry
from crosswalk.sweep import relations_into
from crosswalk.workspace import load

ROOT = Path(__file__).resolve().parent.parent


def framework_yaml(ident: str, parents: dict[str, str | None]) -> str:
    lines = [f"kind: framework\nid: {ident}\nversion: '1'\nname: {ident}\npublisher: test\nlevels: [item]\nelements:\n"]
    for element, parent in parents.items():
        lines.append(f"- {{id: {element}, title: element {element}" + (f", parent: {parent}" if parent else "") + "}\n")
    return "".join(lines)


def mapping_yaml(ident: str, source: str, target: str, rows: list[tuple[str, str, str]]) -> str:
    strengths = {"equal": 10, "no_relationship": 0}
    lines = [f"kind: mapping\nid: {ident}\nsource: {source}@1\ntarget: {target}@1\nstyle: strm\n"
             "provenance: {author: test, method: human, status: draft, judgement: ours}\nrows:\n"]
    lines += [f"- {{source: {s}, target: {t}, relationship: {r}, rationale: semantic, strength: {strengths.get(r, 6)}}}\n"
              for s, t, r in rows]
    return "".join(lines)


def chain(depth: int) -> dict[str, str | None]:
    """e0 (the root) ... e{depth-1} (the only leaf), each the child of the one before."""
    return {f"e{i}": (f"e{i - 1}" if i else None) for i in range(depth)}


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def chain_library(folder: Path, depth: int) -> Path:
    """A chain mapped from ``small`` at fixed fractions of its depth, so that chains of any length have
    the same shape: which side of each mapped element an element lies on decides its status."""
    positions = rows_at(depth)
    return write(folder, {
        "deep.yaml": framework_yaml("deep", chain(depth)),
        "small.yaml": framework_yaml("small", {f"s{i}": None for i in range(1, 5)}),
        "map.yaml": mapping_yaml("small--deep", "small", "deep", [
            ("s1", f"e{positions['s1']}", "equal"), ("s2", f"e{positions['s2']}", "subset_of"),
            ("s3", f"e{positions['s3']}", "superset_of"), ("s4", f"e{positions['s4']}", "intersects_with")]),
    })


def rows_at(depth: int) -> dict[str, int]:
    return {"s1": depth // 4, "s2": depth // 2, "s3": depth - 1, "s4": (3 * depth) // 4}


def side(i: int, depth: int) -> tuple[int, ...]:
    """Where element ``i`` lies relative to each mapped element: above (-1), on it (0) or below (1)."""
    return tuple((i > p) - (i < p) for p in rows_at(depth).values())


def load_folder(folder: Path):
    return load([folder], include_builtin=False, include_cwd=False)


# --- results on a long chain ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def deep_result(tmp_path_factory):
    depth = 3000
    workspace = load_folder(chain_library(tmp_path_factory.mktemp("deep"), depth))
    built = graph.build(workspace)
    result = cov.compute(built, workspace.frameworks["small@1"], workspace.frameworks["deep@1"])
    return depth, workspace, built, result


def test_a_deep_chain_gets_the_statuses_a_short_chain_of_the_same_shape_gets(deep_result, tmp_path):
    depth, _, _, deep = deep_result
    short_depth = 12
    workspace = load_folder(chain_library(tmp_path, short_depth))
    short = cov.compute(graph.build(workspace), workspace.frameworks["small@1"], workspace.frameworks["deep@1"])
    by_side = {side(i, short_depth): short.elements[f"e{i}"].status for i in range(short_depth)}
    assert len(by_side) >= 7  # the short chain has an element on every side of every mapped element
    mismatched = [i for i in range(depth) if deep.elements[f"e{i}"].status != by_side[side(i, depth)]]
    assert mismatched == []
    # and what the rules say: s1 equal e750 covers e750 and everything below it; above it, s2 (subset of
    # e1500) makes the element partially covered.
    positions = rows_at(depth)
    assert {deep.elements[f"e{i}"].status for i in range(positions["s1"], depth)} == {cov.COVERED}
    assert {deep.elements[f"e{i}"].status for i in range(positions["s1"])} == {cov.PARTIAL}


def test_roll_ups_and_depths_of_a_deep_chain(deep_result):
    depth, workspace, _, result = deep_result
    deep = workspace.frameworks["deep@1"]
    assert deep.depth(f"e{depth - 1}") == depth - 1 and deep.top(f"e{depth - 1}") == "e0"
    root = result.rollups["e0"]
    assert root.leaves == 1 and root.counts[cov.COVERED] == 1  # the one leaf, counted once all the way up


def test_a_path_up_a_deep_chain_is_the_parent_links_in_order(deep_result):
    depth, _, _, result = deep_result
    start = rows_at(depth)["s1"]
    far = depth - 1
    relation = next(e.relation for e in result.elements[f"e{far}"].evidence if e.source == ("small@1", "s1"))
    path = relation.paths[0]
    assert relation.relation == alg.PPI and relation.kind == "hierarchy"
    assert path.length == far - start + 1 == len(path.walked)
    moves, row = path.walked[:-1], path.walked[-1]
    assert [(m.kind, m.start[1], m.end[1]) for m in moves] == [("parent", f"e{i}", f"e{i - 1}")
                                                               for i in range(far, start, -1)]
    assert (row.kind, row.start[1], row.end[1], row.relationship) == ("mapping", f"e{start}", "s1", "equal")
    assert path.links[0].start == ("small@1", "s1") and path.links[-1].end == ("deep@1", f"e{far}")
    assert path.describe() == (f"small@1:s1 --equal (small--deep row 1)--> deep@1:e{start} "
                               f"--ancestor of ({far - start:,} levels)--> deep@1:e{far}")


def test_a_short_run_of_moves_is_described_move_by_move(deep_result):
    depth, _, _, result = deep_result
    start = rows_at(depth)["s1"]
    near = start + MOVES_SHOWN
    relation = next(e.relation for e in result.elements[f"e{near}"].evidence if e.source == ("small@1", "s1"))
    steps = " ".join(f"--parent of--> deep@1:e{i}" for i in range(start + 1, near + 1))
    assert relation.paths[0].describe() == f"small@1:s1 --equal (small--deep row 1)--> deep@1:e{start} {steps}"


def test_the_sweep_equals_the_target_walk_on_a_deep_chain(tmp_path):
    depth = 400
    workspace = load_folder(chain_library(tmp_path, depth))
    built = graph.build(workspace)
    scope = Scope("small@1", "deep@1", None, 3, associations=False)
    walked = {}
    for i in range(depth):
        node = ("deep@1", f"e{i}")
        found = relations_to(built, node, scope)
        if found:
            walked[node] = found
    swept = relations_into(built, scope)

    def plain(relations):
        return {t: {s: (r.relation, [(p.relation, p.walked) for p in r.paths]) for s, r in found.items()}
                for t, found in relations.items()}

    assert plain(swept) == plain(walked) and len(walked) == depth


def coverage_work(folder: Path) -> int:
    """Peak traced memory of what ``crosswalk coverage`` and a report compute on a loaded chain: the
    target walk, the sweep, roll-ups, the text output and the description of every path shown."""
    from crosswalk.report import Request, analyse
    from crosswalk.reporters.coverage import as_text

    workspace = load_folder(folder)
    built = graph.build(workspace)
    graph.index(built)
    tracemalloc.start()
    try:
        analysis = analyse(workspace, Request("small", "deep"), built)
        as_text(analysis)
        for element in analysis.result.elements.values():
            for relation in (*(e.relation for e in element.evidence), *element.associations):
                relation.paths[0].describe()
        analyse(workspace, Request("small", "deep", associations=False), built)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_linearly_with_the_depth(tmp_path):
    """Twice the depth, about twice the memory: a copy of each path's links (the old way) gives four times."""
    small = coverage_work(chain_library(tmp_path / "a", 2000))
    large = coverage_work(chain_library(tmp_path / "b", 4000))
    assert 1.5 < large / small < 2.6, (small, large)


def walk_work_on_a_cycle(folder: Path, size: int, monkeypatch) -> int:
    """How many times the walks ask whether an element has rows, finding the exits of every element of a
    cycle of ``size`` elements (one mapped, one mapped element hanging below another)."""
    from crosswalk import moves

    ring = {f"r{i}": f"r{(i + 1) % size}" for i in range(size)}
    ring["h"] = f"r{size // 2}"
    workspace = load_folder(write(folder, {
        "ring.yaml": framework_yaml("ring", ring), "small.yaml": framework_yaml("small", {"s1": None}),
        "m.yaml": mapping_yaml("small--ring", "small", "ring", [("s1", "r0", "equal"), ("s1", "h", "subset_of")])}))
    links = graph.index(graph.build(workspace))
    asked = []
    original = moves._mapped
    monkeypatch.setattr(moves, "_mapped", lambda links_, node: asked.append(node) or original(links_, node))
    for ident in ring:
        assert len(moves.mapped_exits(links, ("ring@1", ident))) == (2 if ident in ("r0", "h") else 4)  # itself, r0 above and below, h below
    monkeypatch.undo()
    return len(asked)


def test_walks_on_a_cycle_cost_its_length_not_its_square(tmp_path, monkeypatch):
    """A cycle is refused by the commands, but a pivot's cycle is walked before the refusal can see it
    is used: walking it must not cost the square of its length (it did: 100 million steps at 10,000)."""
    small = walk_work_on_a_cycle(tmp_path / "a", 500, monkeypatch)
    large = walk_work_on_a_cycle(tmp_path / "b", 1000, monkeypatch)
    assert 1.5 < large / small < 2.6, (small, large)


# --- the walks equal their definition, cycles included ----------------------------------------------


def reference_exits(links, node):
    """The hierarchy walk as first written: every ancestor and descendant, with the links to it copied."""
    out = {(node, alg.EQ, ())}
    for direction, relation in (("parent", alg.PP), ("child", alg.PPI)):
        frontier, seen = [(node, ())], {node}
        while frontier:
            current, walked = frontier.pop()
            for link in links.of(direction, current):
                if link.end not in seen:
                    seen.add(link.end)
                    frontier.append((link.end, walked + (link,)))
                    out.add((link.end, relation, walked + (link,)))
    return out


def as_links(found):
    return {(node, relation, () if run is None else run.links()) for node, relation, run in found}


@st.composite
def hierarchies(draw: st.DrawFn) -> tuple[list[int | None], list[int]]:
    """Parents (any index: cycles and self-parents included, as validate reports but walks must survive)
    and which elements have a mapping row."""
    size = draw(st.integers(1, 9))
    if draw(st.booleans()):
        parents = [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, size)]
    else:
        parents = [draw(st.one_of(st.none(), st.integers(0, size - 1))) for _ in range(size)]
    mapped = draw(st.lists(st.integers(0, size - 1), unique=True))
    return parents, mapped


@settings(max_examples=150, deadline=None)
@given(hierarchies())
def test_exits_equal_a_plain_walk_on_random_hierarchies(shape):
    parents, mapped = shape
    tree = {f"e{i}": (f"e{p}" if p is not None else None) for i, p in enumerate(parents)}
    files = {"f.yaml": framework_yaml("f", tree), "g.yaml": framework_yaml("g", {"x": None})}
    if mapped:
        files["m.yaml"] = mapping_yaml("m", "g", "f", [("x", f"e{i}", "equal") for i in mapped])
    with tempfile.TemporaryDirectory() as folder:
        workspace = load_folder(write(Path(folder), files))
    links = graph.index(graph.build(workspace))
    nodes = [("f@1", f"e{i}") for i in range(len(parents))]
    for node in reversed(nodes):  # from the far end too, so that remembered walks are reused in both orders
        reference = reference_exits(links, node)
        assert as_links(exits(links, node)) == reference
        with_rows = {entry for entry in reference if entry[0] == node or entry[0] in links.mappings_by_framework}
        assert as_links(mapped_exits(links, node)) == with_rows
        assert len(mapped_exits(links, node)) == len(with_rows)  # and no exit twice


@settings(max_examples=150, deadline=None)
@given(hierarchies(), st.data())
def test_depths_tops_groups_roll_ups_and_profile_statuses_equal_their_definitions(shape, data):
    parents, _ = shape
    elements = [{"id": f"e{i}", "title": "t", **({"parent": f"e{p}"} if p is not None else {})}
                for i, p in enumerate(parents)]
    framework = framework_from({"id": "f", "version": "1", "name": "f", "publisher": "p", "levels": ["item"],
                                "elements": elements}, "f.yaml")
    for ident in framework.elements:
        ancestors = framework.ancestors(ident)
        assert framework.depth(ident) == len(ancestors)
        assert framework.top(ident) == (ancestors[-1] if ancestors else ident)
        assert framework.leaf_counts[ident] == len(framework.leaves_under(ident))
        group = Ancestry(framework, ident)  # what gap lists hold: read lazily, equal to the tuple
        assert group == tuple(reversed(ancestors)) and len(group) == len(ancestors) and list(group) == ancestors[::-1]
        assert [group[i] for i in range(len(ancestors))] == ancestors[::-1] == [group[i - len(ancestors)]
                                                                                 for i in range(len(ancestors))]
    coverage = {ident: cov.ElementCoverage(ident, data.draw(st.sampled_from(cov.STATUSES)), "")
                for ident in framework.elements}
    for ident, rollup in cov.rollups(framework, coverage).items():  # carried up from the few known leaves
        leaves = framework.leaves_under(ident)
        assert (rollup.leaves, rollup.counts) == (len(leaves), {s: sum(coverage[leaf].status == s for leaf in leaves)
                                                                for s in cov.STATUSES})
    statuses = ("implemented", "partial", "planned", "not-implemented", "not-applicable")
    entries = data.draw(st.dictionaries(st.sampled_from(sorted(framework.elements)), st.sampled_from(statuses)))
    profile = type("P", (), {"entries": [type("E", (), {"element": k, "status": v})() for k, v in entries.items()]})()
    expected = {ident: entries[ident] if ident in entries else
                cov.combine([entries[leaf] for leaf in framework.leaves_under(ident) if leaf in entries])
                for ident in framework.elements}
    assert cov.source_statuses(framework, profile) == expected


# --- cycles are refused by every comparison command --------------------------------------------------


def cycle_library(folder: Path, extra: dict[str, str] | None = None) -> Path:
    """src and tgt (plain), selfp (C is its own parent), loop (a -> c -> b -> a), piv (a pivot with a cycle)."""
    files = {
        "src.yaml": framework_yaml("src", {"s1": None, "s2": None}),
        "tgt.yaml": framework_yaml("tgt", {"t1": None, "t2": None}),
        "selfp.yaml": textwrap.dedent("""\
            kind: framework
            id: selfp
            version: '1'
            name: selfp
            publisher: test
            levels: [item]
            elements:
            - {id: A, title: a}
            - {id: B, title: b, parent: A}
            - {id: C, title: c, parent: C}
            - {id: D, title: d, parent: C}
            """),
        "loop.yaml": framework_yaml("loop", {"a": "c", "b": "a", "c": "b", "d": None}),
        "piv.yaml": framework_yaml("piv", {"p": "q", "q": "p"}),
        "m1.yaml": mapping_yaml("src--selfp", "src", "selfp", [("s1", "C", "equal"), ("s2", "B", "subset_of")]),
        "m2.yaml": mapping_yaml("src--loop", "src", "loop", [("s1", "a", "equal")]),
        "m3.yaml": mapping_yaml("src--piv", "src", "piv", [("s1", "p", "equal")]),
        "m4.yaml": mapping_yaml("piv--tgt", "piv", "tgt", [("q", "t1", "equal")]),
        "m5.yaml": mapping_yaml("src--tgt", "src", "tgt", [("s2", "t2", "equal")]),
        **(extra or {}),
    }
    return write(folder, files)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def library(folder: Path) -> list[str]:
    return ["--no-builtin", "--library", str(folder)]


@pytest.mark.parametrize("command", ["coverage", "gaps", "report"])
def test_a_self_parent_target_is_refused_with_one_clear_line(command, capsys, tmp_path):
    folder = cycle_library(tmp_path / "lib")
    out_file = tmp_path / "out.xlsx"
    extra = ["-o", str(out_file)] if command == "report" else []
    code, out, err = run(capsys, command, "--from", "src", "--to", "selfp", *extra, *library(folder))
    assert code == 2 and out == ""
    line = err.strip()
    assert "\n" not in line and "Traceback" not in err and "internal error" not in err
    assert line.startswith("crosswalk: error: the target framework selfp@1 has a hierarchy cycle at ")
    assert "selfp.yaml:10:" in line and ": C -> C;" in line and "run 'crosswalk validate " in line
    assert not out_file.exists()


def test_a_longer_cycle_is_named_element_by_element_and_a_source_with_one_is_refused(capsys, tmp_path):
    folder = cycle_library(tmp_path / "lib")
    code, _, err = run(capsys, "coverage", "--from", "src", "--to", "loop", *library(folder))
    assert code == 2 and ": a -> c -> b -> a;" in err and "loop.yaml:" in err
    code, _, err = run(capsys, "gaps", "--from", "selfp", "--to", "src", *library(folder))
    assert code == 2 and "the source framework selfp@1 has a hierarchy cycle" in err


def test_a_long_cycle_is_shortened_in_the_message(capsys, tmp_path):
    ring = {f"r{i}": f"r{(i + 1) % 40}" for i in range(40)}
    folder = cycle_library(tmp_path / "lib", {
        "ring.yaml": framework_yaml("ring", ring), "m6.yaml": mapping_yaml("src--ring", "src", "ring", [("s1", "r3", "equal")])})
    code, _, err = run(capsys, "coverage", "--from", "src", "--to", "ring", *library(folder))
    assert code == 2 and ": r0 -> r1 -> r2 -> r3 -> r4 -> r5 -> ... -> r0 (40 elements);" in err


def test_a_pivot_with_a_cycle_is_refused_only_when_a_path_passes_through_it(capsys, tmp_path):
    folder = cycle_library(tmp_path / "lib")
    code, _, err = run(capsys, "coverage", "--from", "src", "--to", "tgt", *library(folder))
    assert code == 2 and "a path to t1 passes through a framework with a cycle" in err
    assert "the pivot framework piv@1 has a hierarchy cycle" in err and ": p -> q -> p;" in err
    # direct mappings only: no path goes through piv, and the cyclic frameworks elsewhere change nothing
    code, out, err = run(capsys, "coverage", "--from", "src", "--to", "tgt", "--direct", "--format", "json",
                         *library(folder))
    assert code == 0 and err == ""
    statuses = {e["id"]: e["status"] for e in json.loads(out)["elements"]}
    assert statuses == {"t1": cov.UNKNOWN, "t2": cov.COVERED}


def test_overview_leaves_cyclic_targets_out_with_a_note_and_refuses_a_cyclic_source(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the working directory's library folders would be loaded too
    folder = cycle_library(tmp_path / "lib")
    code, out, err = run(capsys, "overview", "--from", "src", "--format", "json", *library(folder))
    assert code == 0
    assert {t["ref"] for t in json.loads(out)["targets"]} == set()  # tgt is reached through piv only
    notes = err.strip().splitlines()
    assert [n.split(" left out")[0] for n in notes] == [f"crosswalk: note: {ref}" for ref in
                                                         ("loop@1", "piv@1", "selfp@1", "tgt@1")]
    assert "a path to t1 passes through a framework with a cycle" in notes[3]
    code, out, err = run(capsys, "overview", "--from", "src", "--direct", "--format", "json", *library(folder))
    assert code == 0 and [t["ref"] for t in json.loads(out)["targets"]] == ["tgt@1"]
    code, out, err = run(capsys, "overview", "--from", "loop", *library(folder))
    assert code == 2 and "the source framework loop@1 has a hierarchy cycle" in err and out == ""


def test_the_issue_reproduction_with_the_shipped_source(capsys, tmp_path):
    folder = write(tmp_path / "lib", {
        "selfp.yaml": framework_yaml("selfp", {"A": None, "C": "C"}),
        "m.yaml": mapping_yaml("av--selfp", "aiverify@2023", "selfp", [("1.1", "C", "equal")])})
    for command in ("coverage", "report"):
        code, _, err = run(capsys, command, "--from", "aiverify@2023", "--to", "selfp", "-o",
                           str(tmp_path / "x.xlsx" if command == "report" else tmp_path / "x.txt"),
                           "--library", str(folder))
        assert code == 2 and "selfp@1 has a hierarchy cycle" in err and ": C -> C;" in err
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "x.txt").exists()


WORKBOOK_ON_A_CYCLE = """
import sys
from crosswalk import coverage, graph
from crosswalk.report import Analysis, Request, report_date
from crosswalk import reportmodel
from crosswalk.reporters import workbook
from crosswalk.workspace import load
workspace = load([sys.argv[1]], include_builtin=False, include_cwd=False)
source, target = workspace.frameworks["src@1"], workspace.frameworks[sys.argv[2]]
result = coverage.compute(graph.build(workspace), source, target)
analysis = Analysis(Request("src", sys.argv[2]), workspace, result, None, report_date())
data = workbook.to_bytes(reportmodel.build(analysis))
print(len(data), result.rollups[sys.argv[3]].leaves)
"""


@pytest.mark.parametrize("target, element, leaves", [("selfp@1", "C", 1), ("loop@1", "a", 0)])
def test_the_engine_and_the_workbook_terminate_on_a_cycle_without_the_refusal(tmp_path, target, element, leaves):
    """Defence in depth: the library API, called past the commands' refusal, still finishes (in a child
    process with a memory cap, so that a regression fails instead of eating the machine)."""
    folder = cycle_library(tmp_path / "lib")
    cap = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
    done = subprocess.run([sys.executable, "-c", cap + WORKBOOK_ON_A_CYCLE, str(folder), target, element],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    size, counted = done.stdout.split()
    assert int(size) > 1000 and int(counted) == leaves  # C's one leaf is D; a..c have nothing below
