"""The fast YAML path must agree with the strict loader on every document it accepts.

parse_text takes a fast path (libyaml's composer and a plain tree walk) and falls back to
StrictLoader for anything unusual. These tests hold the two to the same answers: on every YAML
file in the repository, on hand-picked anchors and aliases in every position a token can start,
and on random documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswalk import yamlio

ROOT = Path(__file__).resolve().parent.parent


def strict(text: str):
    loader = yamlio.StrictLoader(text)
    try:
        return ("ok", loader.get_single_data())
    except (yaml.YAMLError, RecursionError) as exc:
        return ("error", type(exc).__name__)
    finally:
        loader.dispose()


def fast(text: str):
    try:
        return ("ok", yamlio._parse_fast(text))
    except yamlio._Slow:
        return None


REPOSITORY_YAML = sorted(
    p for folder in ("frameworks", "mappings", "profiles", "reports", "tests")
    for p in (ROOT / folder).rglob("*.y*ml")
)


@pytest.mark.parametrize("path", REPOSITORY_YAML, ids=[str(p.relative_to(ROOT)) for p in REPOSITORY_YAML])
def test_fast_path_agrees_with_strict_loader_on_repository_files(path):
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before parsing")
    if len(text) > 200_000 and "deep" in path.name:
        pytest.skip("refused before parsing")
    got = fast(text)
    if got is not None:
        assert got == strict(text)


def test_most_shipped_files_take_the_fast_path():
    shipped = [p for p in REPOSITORY_YAML if p.parts[len(ROOT.parts)] != "tests"]
    taken = [p for p in shipped if fast(p.read_text(encoding="utf-8")) is not None]
    assert len(taken) >= len(shipped) - 3


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",
    "a: &x [1, 2]\nb: *x\n",
    "- &x\n  k: v\n- *x\n",
    "[&x a, *x]\n",
    "{a: &x b, c: *x}\n",
    "{a:&x b}\n",
    "[a,&x b,*x]\n",
    "a:\n  &x b\n",
    "a: !!str &x b\nc: *x\n",
    "&x a: 1\n",
    "? &x a\n: 1\n",
    "a: &x\n  - 1\nb:\n\t*x\n",
])
def test_anchors_and_aliases_never_take_the_fast_path(text):
    assert fast(text) is None


@pytest.mark.parametrize("text, rule", [
    ("a: &x 1\nb: *x\n", "yaml-alias"),
    ("a: 1\na: 2\n", "yaml-duplicate-key"),
    ("a: !!binary aGVsbG8=\n", "yaml-tag"),
    ("a: !custom b\n", "yaml-tag"),
    ("a: [1, 2\n", "yaml-syntax"),
    ("? [a]\n: 1\n", "yaml-syntax"),
])
def test_unusual_documents_get_the_strict_loaders_error(text, rule):
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse_text(text)
    assert caught.value.rule == rule


def test_fast_path_types_plain_scalars_as_yaml_1_2():
    text = "id: 7.10\nnum: 12\nneg: -3\nzero: 0\nhex: 0x1F\nf: 7.0\nt: True\nnul: ~\ne: \nq: '5'\nw: word\n"
    assert fast(text) == ("ok", {"id": 7.1, "num": 12, "neg": -3, "zero": 0, "hex": 31, "f": 7.0,
                                 "t": True, "nul": None, "e": None, "q": "5", "w": "word"})
    assert yamlio.parse_document(text) == (fast(text)[1], [])


def test_scalars_readers_disagree_on_take_the_strict_path_and_are_noted():
    text = "octal: 010\nyes: yes\nd: 2024-06-05\nz: 08\nu: 1_000\nlist: [y, 1e3]\n"
    assert fast(text) is None
    data, notes = yamlio.parse_document(text)
    assert data == {"octal": 10, "yes": "yes", "d": "2024-06-05", "z": 8, "u": 1000, "list": ["y", 1000.0]}
    assert notes == [(1, 8, "010"), (2, 1, "yes"), (2, 6, "yes"), (3, 4, "2024-06-05"), (4, 4, "08"),
                     (5, 4, "1_000"), (6, 8, "y"), (6, 11, "1e3")]


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
                    st.sampled_from(["7.10", "1e3", "0x1F", "NO", "on", "&x", "*x", "a: b", "- x", "[x]", "#x", "!x"]))
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(documents, st.booleans())
def test_fast_path_agrees_on_random_documents(document, flow):
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    got = fast(text)
    if got is not None:
        assert got == strict(text)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("ab01 -:&*!?[]{},#'\"\n\t|>.~")), max_size=40))
def test_fast_path_agrees_on_random_text(text):
    got = fast(text)
    if got is not None:
        assert got == strict(text)
