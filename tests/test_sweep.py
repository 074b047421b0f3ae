"""The source-side sweep finds exactly what the target walk finds when associations are off.

Why a differential test: the sweep is the fast way to ask "what does framework A give of every
other framework", and its correctness argument (crosswalk.sweep's docstring) rests on the algebra
and on reading the walk's rules from the other end. Holding the two algorithms equal, path for
path, on the shipped library and on random libraries with hierarchies, pivots, multi-element rows,
``no_relationship`` rows and contradictions, tests that argument rather than a few examples.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from crosswalk import graph
from crosswalk.inference import Scope, relations_to
from crosswalk.sweep import relations_into
from crosswalk.workspace import Workspace, load

SET_RELATIONSHIPS = ("equal", "subset_of", "superset_of", "intersects_with", "no_relationship")


def comparable(relations: dict) -> dict:
    """Relations as plain data: relation set, and every path's links and relation, in order."""
    return {target: {source: (r.relation, [(p.relation, p.walked) for p in r.paths]) for source, r in found.items()}
            for target, found in relations.items() if found}


def assert_same(workspace: Workspace, scopes: list[Scope]) -> int:
    built = graph.build(workspace)
    compared = 0
    for scope in scopes:
        target = workspace.frameworks[scope.target]
        walked = comparable({(target.ref, ident): relations_to(built, (target.ref, ident), scope)
                             for ident in target.elements})
        swept = comparable(relations_into(built, scope))
        assert swept == walked, scope
        compared += sum(len(found) for found in walked.values())
    return compared


def scopes_for(refs: list[str], pivot_choices: list[frozenset[str] | None]) -> list[Scope]:
    return [Scope(source, target, pivots, hops, associations=False)
            for source in refs for target in refs if source != target
            for pivots in pivot_choices for hops in (1, 2, 3)]


def test_sweep_equals_target_walk_on_the_shipped_library():
    workspace = load([], include_builtin=True, include_cwd=False)
    refs = sorted(workspace.frameworks)
    compared = assert_same(workspace, scopes_for(refs, [None, frozenset(refs[: len(refs) // 2])]))
    assert compared > 1000  # the comparison has real paths in it, not empty dictionaries


def framework_text(ident: str, parents: list[int | None]) -> str:
    lines = [f"kind: framework\nid: {ident}\nversion: '1'\nname: {ident}\npublisher: test\nlevels: [item]\nelements:"]
    for position, parent in enumerate(parents):
        parent_part = f", parent: e{parent}" if parent is not None else ""
        lines.append(f"  - {{id: e{position}, title: Element {position}, level: item{parent_part}}}")
    return "\n".join(lines) + "\n"


@st.composite
def libraries(draw: st.DrawFn) -> dict[str, str]:
    """3-4 frameworks with random hierarchies (mostly forests, sometimes cycles), and random rows between
    random pairs of them."""
    count = draw(st.integers(3, 4))
    sizes = [draw(st.integers(2, 6)) for _ in range(count)]
    files: dict[str, str] = {}
    for number, size in enumerate(sizes):
        if draw(st.integers(0, 4)):  # a forest
            parents = [None] + [draw(st.one_of(st.none(), st.integers(0, position - 1))) for position in range(1, size)]
        else:  # any parent at all: cycles and self-parents, which validate reports but coverage must survive
            parents = [draw(st.one_of(st.none(), st.integers(0, size - 1))) for _ in range(size)]
        files[f"f{number}.yaml"] = framework_text(f"f{number}", parents)
    for mapping_number in range(draw(st.integers(2, 6))):
        source, target = draw(st.lists(st.integers(0, count - 1), min_size=2, max_size=2, unique=True))
        rows = []
        for _ in range(draw(st.integers(1, 8))):
            sources = draw(st.lists(st.integers(0, sizes[source] - 1), min_size=1, max_size=2, unique=True))
            targets = draw(st.lists(st.integers(0, sizes[target] - 1), min_size=1, max_size=2, unique=True))
            relationship = draw(st.sampled_from(SET_RELATIONSHIPS))
            rows.append(f"  - {{source: [{', '.join(f'e{i}' for i in sources)}], "
                        f"target: [{', '.join(f'e{i}' for i in targets)}], relationship: {relationship}, "
                        f"rationale: semantic, strength: {draw(st.integers(0, 10))}}}\n")
        files[f"m{mapping_number}.yaml"] = (
            f"kind: mapping\nid: m{mapping_number}\nsource: f{source}@1\ntarget: f{target}@1\nstyle: strm\n"
            "provenance: {author: test, method: human, status: draft, judgement: ours}\nrows:\n" + "".join(rows))
    return files


@settings(max_examples=100, deadline=None)
@given(libraries())
def test_sweep_equals_target_walk_on_random_libraries(files):
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            (Path(folder) / name).write_text(text, encoding="utf-8")
        workspace = load([Path(folder)], include_builtin=False, include_cwd=False)
    refs = sorted(workspace.frameworks)
    assert_same(workspace, scopes_for(refs, [None, frozenset(refs[1:2])]))
