"""Hostile input to the loader, the schema and the rules (issue 10): never a crash, always a located finding.

Each case of the issue is reproduced here or in a tests/negative/loader-* folder; the property tests
at the end generate and mutate whole workspaces and run every rule on them through ``validate`` and
the command line.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswalk import schema, yamlio
from crosswalk.cli import main
from crosswalk.rules import LOADER_RULES, RULES
from crosswalk.rules.lookalike_ids import fold
from crosswalk.validate import validate

HERE = Path(__file__).resolve().parent
KNOWN_RULES = set(LOADER_RULES) | {rule.ID for rule in RULES}

FRAMEWORK = {
    "kind": "framework", "id": "demo", "version": "1", "name": "Demo", "publisher": "Test",
    "levels": ["group", "item"],
    "elements": [
        {"id": "G1", "title": "Group one", "level": "group"},
        {"id": "G1.1", "title": "Item one", "level": "item", "parent": "G1",
         "citation": {"page": 3}, "attributes": {"risks": ["a"]}, "links": [{"element": "G1.2"}]},
        {"id": "G1.2", "title": "Item two", "level": "item", "parent": "G1"},
    ],
}
OTHER = dict(FRAMEWORK, id="other", elements=[dict(e) for e in FRAMEWORK["elements"]])
MAPPING = {
    "kind": "mapping", "id": "m", "source": "demo@1", "target": "other@1", "style": "strm",
    "provenance": {"author": "t", "method": "human", "status": "draft", "judgement": "ours"},
    "rows": [
        {"source": "G1.1", "target": "G1.1", "relationship": "equal", "rationale": "semantic", "strength": 10},
        {"source": ["G1.1", "G1.2"], "target": "G1", "relationship": "subset_of", "rationale": ["semantic"],
         "strength": 5},
        {"source": "G1.2", "target": "G1.2", "relationship": "intersects_with", "rationale": "functional",
         "strength": 4},
    ],
}
PROFILE = {"kind": "profile", "id": "p", "framework": "demo@1",
           "entries": [{"element": "G1.1", "status": "implemented"}, {"element": "G1.2", "status": "planned"}]}
REPORT = {"kind": "report", "id": "r", "from": "demo@1", "to": "other", "profile": "p.yaml", "via": ["other@1"],
          "max_hops": 2}
SEEDS = {"fw.yaml": FRAMEWORK, "other.yaml": OTHER, "m.yaml": MAPPING, "p.yaml": PROFILE, "r.yaml": REPORT}


@contextlib.contextmanager
def inside(folder: Path):
    """Run in ``folder`` (so that the repository's own library folders are not loaded as ./frameworks...)."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def write(folder: Path, files: dict[str, object]) -> None:
    for name, content in files.items():
        data = content if isinstance(content, bytes) else (
            content.encode("utf-8") if isinstance(content, str) else
            yaml.safe_dump(content, allow_unicode=True, sort_keys=False).encode("utf-8"))
        (folder / name).write_bytes(data)


def run_cli(folder: Path, *extra: str) -> tuple[int, dict, str]:
    """``crosswalk validate`` of ``folder`` from inside it (the repository's own library folders stay out)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), inside(folder):
        code = main(["validate", "--no-builtin", "--no-cache", "--format", "json", *extra, "."])
    return code, json.loads(out.getvalue()) if out.getvalue().strip() else {}, err.getvalue()


def element_case(tmp_path: Path, element_yaml: str) -> tuple[int, list[dict], str]:
    """A framework whose last element is written as given (flow style), validated from the command line."""
    text = ("kind: framework\nid: demo\nversion: \"1\"\nname: Demo\npublisher: Test\nlevels: [group]\n"
            "elements:\n  - {id: G1, title: Group one, level: group}\n  " + element_yaml + "\n")
    write(tmp_path, {"fw.yaml": text})
    code, report, err = run_cli(tmp_path)
    return code, report.get("findings", []), err


# --- issue case 4: rules see only what the schema accepted --------------------------------------

@pytest.mark.parametrize("element", ["- {title: no id}", "- 5", "- {id: [a], title: t}", "- {id: {a: 1}, title: t}",
                                     "- [G2, t]", "- null", "- {id: G1, title: t, links: [5]}",
                                     "- {id: G2, title: t, links: [{element: [G1]}]}"])
def test_malformed_elements_are_schema_findings_not_crashes(tmp_path, element):
    code, findings, err = element_case(tmp_path, element)
    assert code == 1 and "internal error" not in err
    assert [(f["rule"], f["line"]) for f in findings] == [("schema", 9)]


def test_duplicate_ids_are_still_found_among_malformed_elements(tmp_path):
    code, findings, _ = element_case(tmp_path, "- {title: no id}\n  - {id: G1, title: again, level: group}")
    assert code == 1
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("schema", 9, 5), ("unique-ids", 10, 10)]
    assert findings[1]["related"] == [{"file": findings[1]["file"], "line": 8, "column": 10}]


# --- issue: duplicate-row names the right earlier row -------------------------------------------

def test_duplicate_row_after_a_failing_row_names_the_right_earlier_row(monkeypatch, capsys):
    monkeypatch.chdir(HERE / "negative" / "loader-duplicate-row-after-bad-row")
    assert main(["validate", "--no-builtin", "--format", "json", "."]) == 1
    findings = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "duplicate-row"]
    repeat, conflict = findings
    assert "repeats row 3 " in repeat["message"] and repeat["related"][0]["line"] == 10
    assert "in row 1:" in conflict["message"] and conflict["related"][0]["line"] == 8


# --- loader: tags, long integers, keys, merge keys ----------------------------------------------

@pytest.mark.parametrize("text, column", [
    ("a: !!int 1x1F\n", 4), ("a: !!float abc\n", 4), ("a: !!bool maybe\n", 4), ("a: !!int ''\n", 4),
    ("a: !!str X\n", 4), ("a: !!int 0x1F\n", 4), ("a: ! X\n", 4), ("a: !custom X\n", 4),
    ("a: !<tag:yaml.org,2002:str> X\n", 4), ("!!map {a: 1}\n", 1), ("[a, !!str b]\n", 5), ("{\"a\":!!str b}\n", 6),
    ("- !!str a\n", 3), ("? !!str a\n: b\n", 3), ("--- !!str a\n", 5), ("a:\n  ! b\n", 3), ("!!str a: b\n", 1),
    ("a: [x,!!int 1]\n", 7),
])
def test_every_explicit_tag_is_refused_where_it_is_written(text, column):
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse_text(text)
    assert caught.value.rule == "yaml-tag"
    assert caught.value.column == column and text.split("\n")[caught.value.line - 1][column - 1] == "!"


@pytest.mark.parametrize("text, value", [("a: b!\n", "b!"), ("a: 'x ! y'\n", "x ! y"), ("a: \"!!str\"\n", "!!str"),
                                         ("a: Do it now! Then go\n", "Do it now! Then go"), ("a: [x !y]\n", ["x !y"])])
def test_exclamation_marks_inside_values_are_not_tags(text, value):
    assert yamlio.parse_text(text) == {"a": value}


@pytest.mark.parametrize("digits, ok", [(1, True), (18, True), (19, False), (4300, False), (5000, False)])
def test_integers_longer_than_the_bound_are_refused_at_the_scalar(digits, ok):
    for sign in ("", "-", "+"):
        text = f"a: [x, {sign}{'9' * digits}]\n"
        if ok:
            assert yamlio.parse_text(text) == {"a": ["x", int(sign + "9" * digits)]}
        else:
            with pytest.raises(yamlio.YamlError) as caught:
                yamlio.parse_text(text)
            assert (caught.value.rule, caught.value.line, caught.value.column) == ("yaml-scalar", 1, 8)
    assert yamlio.parse_text(f"a: '{'9' * 5000}'\n") == {"a": "9" * 5000}  # quoted: a string, as the message says


@pytest.mark.parametrize("text, key", [("{1: a, \"1\": b}\n", "1"), ("true: a\n", "true"), ("~: a\n", "~"),
                                       ("a: {b: 1, -3: c}\n", "-3"), ("? \n: a\n", "")])
def test_mapping_keys_must_be_strings(text, key):
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse_text(text)
    assert caught.value.rule == "yaml-scalar" and repr(key) in caught.value.message


def test_quoted_keys_are_strings_and_json_output_has_each_key_once(tmp_path, capsys, monkeypatch):
    text = ("kind: framework\nid: demo\nversion: \"1\"\nname: Demo\npublisher: Test\nlevels: [group]\n"
            "elements:\n  - {id: G1, title: t, attributes: {\"1\": a, \"true\": b}}\n")
    write(tmp_path, {"fw.yaml": text})
    monkeypatch.chdir(tmp_path)
    assert main(["show", "--no-builtin", "--library", ".", "demo", "--format", "json"]) == 0
    objects: list[list[str]] = []
    shown = json.loads(capsys.readouterr().out, object_pairs_hook=lambda pairs: objects.append([k for k, _ in pairs])
                       or dict(pairs))
    assert shown["elements"][0]["attributes"] == {"1": "a", "true": "b"}
    assert all(len(keys) == len(set(keys)) for keys in objects)


def test_merge_keys_are_refused_even_without_an_alias():
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse_text("- {<<: {id: X}, title: t}\n")
    assert (caught.value.rule, caught.value.line, caught.value.column) == ("yaml-alias", 1, 4)
    assert yamlio.parse_text('{"<<": a}\n') == {"<<": "a"}  # a quoted key is only a string (the schema refuses it)


# --- loader: line breaks and positions that agree with an editor --------------------------------

def editor_char(path: Path, line: int, column: int) -> str:
    """The character an editor shows at line:column, counting lines at LF and columns in characters."""
    return path.read_bytes().decode("utf-8", errors="replace").split("\n")[line - 1][column - 1]


def test_every_refused_character_is_where_the_finding_says(monkeypatch, capsys):
    folder = HERE / "negative" / "loader-line-breaks"
    monkeypatch.chdir(folder)
    main(["validate", "--no-builtin", "--format", "json", "."])
    findings = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "yaml-encoding"]
    assert len(findings) == 8
    for finding in findings:
        char = editor_char(folder / finding["file"], finding["line"], finding["column"])
        assert char in "\r\x85\u2028\u2029\x1b\ufffd", finding


def test_positions_after_non_ascii_text_count_characters(tmp_path):
    code, findings, _ = element_case(tmp_path, "- {id: G2, title: \"日本語 😀\", level: nope}")
    assert code == 1 and [f["rule"] for f in findings] == ["hierarchy"]
    line, column = findings[0]["line"], findings[0]["column"]
    assert (tmp_path / "fw.yaml").read_text(encoding="utf-8").split("\n")[line - 1][column - 1:].startswith("nope")


def test_parse_errors_after_crlf_lines_are_on_the_editors_line():
    text = "a: 1\r\nb: 2\r\nc: [x\r\n"
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse_text(yamlio.decode_text(text.encode()))
    assert caught.value.rule == "yaml-syntax" and caught.value.line in (3, 4)


# --- positions for many findings cost O(file + N) ------------------------------------------------

def test_each_mapping_is_indexed_once_however_many_findings_point_into_it(monkeypatch):
    keys = 3000
    text = "kind: framework\n" + "".join(f"k{i}: v\n" for i in range(keys))
    locator = yamlio.Locator(text)
    built = []
    original = yamlio.Locator._pairs
    monkeypatch.setattr(yamlio.Locator, "_pairs", lambda self, node: built.append(node) or original(self, node))
    positions = [locator.locate((f"k{i}",), key=True) for i in range(keys)]
    assert [(p.line, p.column) for p in positions] == [(i + 2, 1) for i in range(keys)]
    assert len(built) == keys and len(locator._keys) == 1  # one index, built on the first lookup


def test_many_unknown_keys_are_each_reported_at_their_line(tmp_path):
    header = "kind: framework\nid: demo\nversion: \"1\"\nname: Demo\npublisher: Test\nlevels: [group]\nelements: []\n"
    write(tmp_path, {"fw.yaml": header + "".join(f"extra{i}: v\n" for i in range(2000))})
    code, report, _ = run_cli(tmp_path)
    assert code == 1 and [f["line"] for f in report["findings"]] == list(range(8, 2008))


# --- schema patterns and the fast predicates -----------------------------------------------------

@pytest.mark.parametrize("kind, item", [
    ("framework", {"id": "G2\n", "title": "t"}), ("framework", {"id": "G2", "title": "t", "parent": "G1\n"}),
    ("framework", {"id": "G2", "title": "t", "level": "item\n"}), ("mapping", {"source": "a\n", "target": "b", "relationship": "x"}),
    ("profile", {"element": "a\n", "status": "planned"}), ("profile", {"element": "a", "status": ["planned"]}),
])
def test_ids_ending_in_a_newline_are_refused_by_fast_path_and_jsonschema_alike(kind, item):
    assert not schema._FAST[kind](item)
    assert list(schema._validator(kind, "item").iter_errors(item))


@pytest.mark.parametrize("kind, document", [
    ("framework", dict(FRAMEWORK, id="demo\n")), ("framework", dict(FRAMEWORK, version="1\n")),
    ("framework", dict(FRAMEWORK, published="2024-01-01\n")), ("mapping", dict(MAPPING, target="other@1\n")),
    ("profile", dict(PROFILE, framework="demo@1\n")), ("report", dict(REPORT, to="other\n")),
])
def test_header_patterns_mean_end_of_text(kind, document):
    errors = schema.check(kind, document)
    assert errors and all("\\n" in message and "is not" in message for _, message, _ in errors)


_text = st.one_of(st.sampled_from(["G1", "G1.1", "a b", " a", "a ", "a\n", "a\nb", "a@b", "a,b", "", "x" * 201,
                                   "semantic", "official", "ours", "equal", "implemented", "https://x", "item",
                                   "Item", "a\t", "\u00a0a", "a\u2028"]),
                  st.text(max_size=8))
_leaf = st.one_of(st.none(), st.booleans(), st.integers(-3, 12), _text)
_value = st.recursive(_leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
                      max_leaves=6)
_ITEM_KEYS = {
    "framework": ["id", "level", "title", "text", "parent", "wording", "citation", "links", "attributes", "x"],
    "mapping": ["source", "target", "relationship", "rationale", "strength", "judgement", "as_written", "note", "x"],
    "profile": ["element", "status", "evidence", "owner", "note", "x"],
}


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(_ITEM_KEYS)), st.data())
def test_fast_predicates_never_accept_what_jsonschema_rejects(kind, data):
    base = {"framework": FRAMEWORK["elements"][1], "mapping": MAPPING["rows"][1], "profile": PROFILE["entries"][0]}[kind]
    item = dict(base)
    for key in data.draw(st.lists(st.sampled_from(_ITEM_KEYS[kind]), max_size=3)):
        if data.draw(st.booleans()):
            item.pop(key, None)
        else:
            item[key] = data.draw(_value)
    if schema._FAST[kind](item):
        assert list(schema._validator(kind, "item").iter_errors(item)) == []


# --- look-alike ids ------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [("GOVERN 1", "G\u041eVERN 1"), ("GOVERN 1", "\uff27\uff2f\uff36\uff25\uff32\uff2e 1"),
                                  ("A1", "A\u200b1"), ("D-1", "D\u20101"), ("p.1", "\u0440.1"), ("GOVERN 1", "GOVERN\u00a01"),
                                  ("x1", "\U0001d431\U0001d7cf")])
def test_look_alike_ids_fold_to_the_same_text(a, b):
    assert a != b and fold(a) == fold(b)


@pytest.mark.parametrize("a, b", [("I", "1"), ("O1", "01"), ("x2", "x\u00b2a"), ("A.1", "A.2"), ("Ω1", "O1")])
def test_different_looking_ids_do_not_fold_together(a, b):
    assert fold(a) != fold(b)


def test_a_decomposed_reference_resolves_to_the_composed_element(tmp_path):
    framework = dict(FRAMEWORK, elements=[{"id": "Caf\u00e9", "title": "composed"}])
    mapping = dict(MAPPING, style="concept", rows=[{"source": "Cafe\u0301", "target": "G1", "relationship": "related"}])
    write(tmp_path, {"fw.yaml": framework, "other.yaml": OTHER, "m.yaml": mapping})
    code, report, _ = run_cli(tmp_path, "--fail-on", "warning")
    assert (code, report["findings"]) == (0, [])


# --- unreadable-data crash hunting ---------------------------------------------------------------

_TOKENS = ["!!str ", "! ", "!!int ", "!x ", "&a ", "*a ", "<<: ", "\r", "\r\n", "\u2028", "\x85", "\t", "\x1b",
           "\ufeff", "{", "}", "[", "]", "- ", ": ", "'", '"', "#", "\u202e", "\u200b", "? ", ",", "\n", "  ",
           "9" * 25, "~", "1: ", "true: ", "---\n", "...\n", "%TAG ! tag:x,2000:\n---\n", "|\n", ">-\n", "@", "\\"]
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.text(st.characters(exclude_categories=("Cs",)), max_size=10), st.sampled_from(_TOKENS))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.one_of(st.text(max_size=5), st.integers(0, 3), st.booleans()), inner,
                                         max_size=3), max_leaves=8)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


@st.composite
def mutated_workspaces(draw):
    """The five seed documents, one or two of them mutated as data and then as text."""
    files: dict[str, object] = {name: json.loads(json.dumps(doc)) for name, doc in SEEDS.items()}
    for name in draw(st.lists(st.sampled_from(sorted(files)), min_size=1, max_size=2, unique=True)):
        doc = files[name]
        for _ in range(draw(st.integers(1, 4))):
            path = draw(st.sampled_from(list(_paths(doc))))
            action = draw(st.sampled_from(["replace", "delete", "add", "wrap"]))
            if not path:
                doc = draw(_values) if action == "replace" else doc
                continue
            parent = doc
            for step in path[:-1]:
                parent = parent[step]
            last = path[-1]
            if action == "replace":
                parent[last] = draw(_values)
            elif action == "delete":
                del parent[last]
            elif action == "wrap":
                parent[last] = [parent[last]]
            elif isinstance(parent[last], dict):
                parent[last][draw(st.sampled_from(["id", "x", "parent", "<<", "1"]))] = draw(_values)
            elif isinstance(parent[last], list):
                parent[last].append(draw(_values))
        try:
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False,
                                  default_flow_style=draw(st.sampled_from([False, None, True])))
        except yaml.YAMLError:  # pragma: no cover - safe_dump accepts every value drawn here
            text = "kind: framework\n"
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(_TOKENS)) + text[at:]
        data = text.encode("utf-8", errors="surrogatepass")
        if draw(st.integers(0, 9)) == 0:
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"])) + data[at:]
        files[name] = data
    return files


def _check_findings(findings, folder: Path) -> None:
    for finding in findings:
        assert finding["rule"] in KNOWN_RULES, finding
        assert finding["file"] and finding["line"] >= 1 and finding["column"] >= 1, finding
        assert (folder / os.path.basename(finding["file"])).exists() or Path(finding["file"]).exists(), finding


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_workspaces())
def test_generated_and_mutated_documents_never_crash_validate(files):
    with tempfile.TemporaryDirectory() as name, inside(Path(name)):
        folder = Path(".")
        write(folder, files)
        result = validate([folder], include_builtin=False)  # the library API: no exception may escape
        assert result.exit_code() in (0, 1)
        _check_findings([f.as_dict() for f in result.findings], folder)
        code, report, err = run_cli(folder)  # the command line: exit 0 or 1, JSON, no internal error
        assert code in (0, 1) and "internal error" not in err and "Traceback" not in err
        _check_findings(report["findings"], folder)
        assert [(f["file"], f["line"], f["column"], f["rule"]) for f in report["findings"]] == \
               [(f.file, f.line, f.column, f.rule) for f in result.findings]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab01 -:&*!?[]{},#'\"\n\t|>.~<\r\u2028") + ["!!int ", "!!str ", "9" * 20]),
                max_size=40).map("".join))
def test_the_loader_only_ever_raises_yaml_errors(text):
    try:
        yamlio.parse_text(yamlio.decode_text(text.encode("utf-8")))
    except yamlio.YamlError as exc:
        assert exc.rule in LOADER_RULES and exc.line >= 1 and exc.column >= 1


def test_unicode_categories_used_by_invisible_id_are_known():
    # the rule relies on unicodedata's categories: check a few anchors so a Python upgrade cannot silently change them
    assert [unicodedata.category(c) for c in "\u200b\u202e\u00ad\ufeff\t\u2028"] == ["Cf", "Cf", "Cf", "Cf", "Cc", "Zl"]


def test_suggestions_stop_after_a_budget_per_file_so_wrong_ids_cost_linear_time(tmp_path):
    from crosswalk.rules.references import SUGGESTIONS

    framework = dict(OTHER, elements=[{"id": f"E{i}", "title": "t"} for i in range(50)])
    rows = [{"source": "G1.1", "target": f"E{i % 50}x", "relationship": "related"} for i in range(SUGGESTIONS + 50)]
    write(tmp_path, {"fw.yaml": FRAMEWORK, "other.yaml": framework, "m.yaml": dict(MAPPING, style="concept", rows=rows)})
    code, report, _ = run_cli(tmp_path)
    messages = [f["message"] for f in report["findings"] if f["rule"] == "reference"]
    assert code == 1 and len(messages) == SUGGESTIONS + 50
    assert sum("did you mean" in m for m in messages) == SUGGESTIONS
    assert all("did you mean" in m for m in messages[:SUGGESTIONS])  # findings come in file order
