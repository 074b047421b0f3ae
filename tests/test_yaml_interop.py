"""YAML that every tool reads alike: what we ship and what our importers write means the same to each reader.

The readers are the real ones: ruamel.yaml (safe, pure Python, and its default round-trip loader),
check-jsonschema's own loader (ruamel.yaml with timestamps as text), PyYAML (libyaml and pure
Python) and ours. Every shipped file and every importer's output must give all of them the same
data, type for type (a number read as text, or ``1`` as ``1.0``, is a difference); our writer's
quoting is held against the resolvers of ruamel.yaml (YAML 1.1 and 1.2) and PyYAML; and
check-jsonschema, with our schemas, must agree with ``crosswalk validate`` and pass the shipped
library. Ajv compiles the schemas in strict mode where node and npm are installed.
"""

from __future__ import annotations

import datetime
import io
import json
import math
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any, Callable

import pytest
import ruamel.yaml as ruamel_yaml
import yaml
from check_jsonschema.parsers.yaml import construct_yaml_implementation, impl2loader
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from crosswalk import yamlio, yamlscalars
from crosswalk.cli import main
from crosswalk.yamlwrite import dump

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
CISO = REFERENCE / "intuitem_ciso-assistant-community" / "libraries"
LIBRARY = {"frameworks": "framework", "mappings": "mapping", "profiles": "profile", "reports": "report"}
SHIPPED = sorted(p for folder in LIBRARY for p in (ROOT / folder).glob("*.yaml"))


def _ours(text: str) -> Any:
    data, notes = yamlio.parse_document(yamlio.decode_text(text.encode("utf-8")))
    assert notes == [], f"plain scalars YAML readers disagree on: {notes}"
    return data


def _ruamel(typ: str | None) -> Callable[[str], Any]:
    def load(text: str) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ruamel's YAML 1.1 float advice; not a difference in data
            return ruamel_yaml.YAML(typ=typ, pure=True).load(text) if typ else ruamel_yaml.YAML().load(text)
    return load


_CHECK_JSONSCHEMA = impl2loader(construct_yaml_implementation(), construct_yaml_implementation(pure=True))

READERS: dict[str, Callable[[str], Any]] = {
    "crosswalk": _ours,
    "ruamel.yaml safe": _ruamel("safe"),
    "ruamel.yaml round-trip": _ruamel(None),
    "check-jsonschema": lambda text: _CHECK_JSONSCHEMA(io.BytesIO(text.encode("utf-8"))),
    "PyYAML libyaml": lambda text: yaml.load(text, Loader=yaml.CSafeLoader),
    "PyYAML": lambda text: yaml.load(text, Loader=yaml.SafeLoader),
}


def typed(value: Any) -> Any:
    """The data with every scalar's type kept: 1, 1.0, True and "1" must not compare equal here.

    ruamel's round-trip types (CommentedMap, ScalarFloat, LiteralScalarString...) become plain ones."""
    if isinstance(value, dict):
        return {typed(key): typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    for kind in (bool, str, int):
        if isinstance(value, kind):
            return (kind.__name__, kind(value))
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else float(value))
    return (type(value).__name__, value)


def readings(text: str) -> dict[str, Any]:
    return {name: typed(read(text)) for name, read in READERS.items()}


def assert_read_alike(text: str, expected: Any) -> None:
    want = typed(expected)
    for name, got in readings(text).items():
        assert got == want, f"{name} reads the text differently"


# --- the shipped library ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(ROOT)) for p in SHIPPED])
def test_every_reader_reads_each_shipped_file_alike(path):
    text = path.read_text(encoding="utf-8")
    assert_read_alike(text, _ours(text))


def test_shipped_ids_that_look_like_numbers_stay_text_for_yaml_1_2_readers():
    # issue 12: the TTA ids 08 and 09 were written bare and read as 8 and 9 by YAML 1.2 tools
    text = (ROOT / "frameworks" / "tta-trustworthy-ai-2023.yaml").read_text(encoding="utf-8")
    ids = [element["id"] for element in READERS["ruamel.yaml safe"](text)["elements"]]
    assert {"08", "09", "08-1", "09-1"} <= set(ids) and all(isinstance(i, str) for i in ids)
    assert '- id: "08"\n' in text and "- id: 08\n" not in text


def test_check_jsonschema_passes_the_shipped_library_with_our_schemas():
    for folder, kind in LIBRARY.items():
        files = sorted(str(p) for p in (ROOT / folder).glob("*.yaml"))
        done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                               str(ROOT / "crosswalk" / "schemas" / f"{kind}.schema.json"), *files],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


# --- what our importers write -----------------------------------------------------------------------

TRICKY = ["08", "09", "0089", "010", "1e3", "2E1", "0o17", "0x1F", "1_000", "+1", ".5", "1.10", "1.2.3",
          "yes", "No", "on", "OFF", "y", "n", "~", "null", "2024-01-01", "1:30", "<<", "=", "-_", ".inf"]


def _imported(documents: list[dict[str, Any]]) -> None:
    assert documents
    for document in documents:
        assert_read_alike(dump(document), document)


def test_ciso_assistant_output_with_ids_that_look_like_numbers_and_line_separators(tmp_path):
    from crosswalk.formats import ciso_assistant

    nodes = "".join(
        f"      - urn: urn:test:req_node:t:n{index}\n        depth: 1\n        assessable: true\n"
        f"        ref_id: '{ref}'\n        name: '{ref}'\n"
        f"        description: \"First line\\nsecond line\\Lthird, after U+2028\\N and U+0085 {ref}\"\n"
        for index, ref in enumerate(TRICKY))
    library = tmp_path / "tricky.yaml"
    library.write_text("urn: urn:test:library:t\nref_id: t\nname: T\nversion: 1\nprovider: Tester\ncopyright: CC0\n"
                       "objects:\n  framework:\n    urn: urn:test:framework:t\n    ref_id: t\n    name: T\n"
                       f"    requirement_nodes:\n{nodes}", encoding="utf-8")
    (framework,) = ciso_assistant.convert(str(library))
    assert [e["id"] for e in framework["elements"]] == TRICKY
    text = dump(framework)
    # never raw: the importer turns line separators into line breaks (the writer escapes any it is given)
    assert "\u2028" not in text and "\x85" not in text
    assert framework["elements"][0]["text"].startswith("First line\nsecond line\nthird, after U+2028\n")
    _imported([framework])


@pytest.mark.skipif(not (CISO / "ncsc-caf-3.2.yaml").is_file(), reason="CISO Assistant reference library absent")
def test_ciso_assistant_output_of_their_libraries_with_line_separators():
    # issue 12: their NCSC CAF text holds U+2028 (\L), which we wrote raw, so that ruamel read other text
    from crosswalk.formats import ciso_assistant

    for name in ("ncsc-caf-3.2.yaml", "anssi-recommandations-securite-relatives-tls.yaml"):
        _imported(ciso_assistant.convert(str(CISO / name)))


def test_aiverify_checklist_output():
    from crosswalk.formats import aiverify_checklist

    excerpt = ROOT / "tests" / "data" / "aiverify" / "checklist-excerpt.json"
    _imported(aiverify_checklist.convert(str(excerpt), what="framework"))
    _imported(aiverify_checklist.convert(str(ROOT / "examples" / "example-bank-aiverify-2023-export.json"),
                                         id="bank", organisation="Bank"))


def test_aiverify_2025_workbook_output(tmp_path):
    from crosswalk.formats import aiverify_xlsx
    from tests.test_format_aiverify_xlsx import workbook

    _imported(aiverify_xlsx.convert(str(workbook(tmp_path)), what="both", organisation="Org"))


def test_cprt_output(tmp_path):
    from crosswalk.formats import cprt

    elements = [{"doc_identifier": "D", "element_type": "item", "element_identifier": ref, "title": ref, "text": ref}
                for ref in TRICKY if ref not in ("~", "null")]
    export = {"response": {"elements": {"documents": [{"doc_identifier": "D", "name": "D", "version": "1.0"}],
                                        "elements": elements, "relationships": []}}}
    source = tmp_path / "export.json"
    source.write_text(json.dumps(export), encoding="utf-8")
    _imported(cprt.convert(str(source)))


# --- the writer's quoting, against the real resolvers -------------------------------------------------

_RUAMEL = {(1, 2): VersionedResolver(version=(1, 2)), (1, 1): VersionedResolver(version=(1, 1))}
_PYYAML = yaml.resolver.Resolver()
_KIND = {"timestamp": yamlscalars.DATE}


def _oracle(text: str) -> dict[str, str]:
    """Each modelled reader's kind for the plain scalar ``text``, from the real library's resolver."""
    def kind(tag: Any) -> str:
        name = str(tag).rsplit(":", 1)[1]
        return _KIND.get(name, name)
    ours = kind(_RUAMEL[(1, 2)].resolve(ScalarNode, text, (True, False)))
    return {"ours": yamlscalars.STR if ours == yamlscalars.DATE else ours,  # check-jsonschema: dates are text
            "ruamel11": kind(_RUAMEL[(1, 1)].resolve(ScalarNode, text, (True, False))),
            "pyyaml": kind(_PYYAML.resolve(yaml.ScalarNode, text, (True, False)))}


NUMBERISH = st.lists(st.sampled_from(list("0123456789_.:+-eExXoObB ~tTnNyY") + [".inf", ".NaN", "yes", "Off", "null"]),
                     max_size=8).map("".join)


@settings(max_examples=3000, deadline=None)
@given(NUMBERISH)
def test_our_model_of_each_reader_is_the_readers_own(text):
    for reader, kind in _oracle(text).items():
        assert yamlscalars.kind_of(text, reader) == kind
        if kind != yamlscalars.STR:
            assert yamlscalars.typed_somewhere(text)


@settings(max_examples=3000, deadline=None)
@given(NUMBERISH)
def test_we_read_every_plain_scalar_as_check_jsonschema_does_or_say_why_not(text):
    document = f"k: {text}\n"
    try:
        theirs = READERS["check-jsonschema"](document)
    except Exception:  # noqa: BLE001 - ruamel fails on some number forms (-_): we must refuse them too
        theirs = None
    try:
        ours = yamlio.parse_text(document)
    except yamlio.YamlError as exc:
        assert theirs is None or exc.rule == "yaml-scalar", exc.message
        return
    assert typed(ours) == typed(theirs)


@pytest.mark.parametrize("text", TRICKY + ["", "True", "NULL", "-.inf", ".NaN", "0b101", "12:30:45", "2024-1-1 10:00:00"])
def test_the_writer_quotes_what_any_reader_would_type(text):
    written = dump({"k": text})
    assert written == f'k: "{text}"\n'
    assert_read_alike(written, {"k": text})


STRINGS = st.one_of(
    NUMBERISH,
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
    st.text(st.sampled_from(list("ab 1.:#-'\"\\\n\r\t\x00\x7f\x85\xa0\u2028\u2029\ufeff\ufffe\U0001f600")), max_size=20),
)


@settings(max_examples=400, deadline=None)
@given(STRINGS, STRINGS)
def test_any_text_we_write_reads_back_identically_everywhere(key, value):
    document = {"k": value, "list": [value, key], key or "empty": {"v": value}}
    text = dump(document)
    assert not any(char in text for char in "\r\x85\u2028\u2029\ufeff")  # never raw
    assert_read_alike(text, document)


# --- one rule for numbers: crosswalk validate and check-jsonschema agree ------------------------------

FRAMEWORK = """kind: framework
id: demo
version: "1"
name: Demo
publisher: Test
levels: [item]
elements:
  - {{id: {id}, title: {title}, citation: {{page: {page}}}}}
  - {{id: T1, title: Target}}
"""
MAPPING = """kind: mapping
id: demo--demo-b
source: demo@1
target: demo-b@1
style: strm
provenance: {{author: Test, method: human, status: draft, judgement: ours}}
rows:
  - {{source: T1, target: B1, relationship: equal, rationale: semantic, strength: {strength}}}
"""
OTHER = 'kind: framework\nid: demo-b\nversion: "1"\nname: B\npublisher: Test\nlevels: [item]\nelements:\n  - {id: B1, title: B}\n'


@pytest.mark.parametrize("field, value, valid", [
    ("strength", "10", True),
    ("strength", "10.0", True),     # JSON Schema's integer: a number with a zero fractional part
    ("strength", "1e1", True),      # 10.0 to YAML 1.2 (a yaml-portable warning: PyYAML reads text)
    ("strength", "010", True),      # 10 to YAML 1.2 (8 to YAML 1.1: a warning)
    ("strength", "9.5", False),
    ("strength", '"10"', False),
    ("id", "1.1", False),           # a number to every YAML reader: not an id
    ("id", '"1.1"', True),
    ("id", "08", False),            # 8 to YAML 1.2
    ("id", '"08"', True),
    ("title", "0x1F", False),       # 31
    ("title", "yes", True),         # text to YAML 1.2 (a warning: true to YAML 1.1)
    ("title", "2024-01-01", True),  # text to check-jsonschema (a warning: a date to PyYAML)
    ("page", "2.0", True),
    ("page", "1.5", False),
    ("page", "08", True),
])
def test_crosswalk_validate_and_check_jsonschema_agree_on_numbers(tmp_path, monkeypatch, capsys, field, value, valid):
    values = {"id": "I1", "title": "Item", "page": "3", "strength": "10", field: value}
    (tmp_path / "fw.yaml").write_text(FRAMEWORK.format(**values), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(OTHER, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(MAPPING.format(**values), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ours = main(["validate", "--no-builtin", "--format", "json", "."])
    report = json.loads(capsys.readouterr().out)
    assert ours == (0 if valid else 1), report["findings"]
    assert all(f["rule"] in ("schema", "yaml-portable") for f in report["findings"])
    for name, kind in (("fw.yaml", "framework"), ("m.yaml", "mapping")):
        theirs = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                                 str(ROOT / "crosswalk" / "schemas" / f"{kind}.schema.json"), name],
                                capture_output=True, text=True)
        ours_here = any(f["level"] == "error" and f["file"] == name for f in report["findings"])
        assert (theirs.returncode != 0) == ours_here, theirs.stdout


def test_strength_written_as_a_whole_float_is_that_integer(tmp_path):
    from crosswalk.workspace import load

    (tmp_path / "fw.yaml").write_text(FRAMEWORK.format(id="I1", title="Item", page="2.0"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(OTHER, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(MAPPING.format(strength="10.0"), encoding="utf-8")
    workspace = load([tmp_path], include_builtin=False, include_cwd=False)
    (row,) = workspace.mappings[0].rows
    assert row.strength == 10 and type(row.strength) is int
    element = workspace.frameworks["demo@1"].declared[0]
    assert element.citation["page"] == 2 and type(element.citation["page"]) is int


# --- Ajv strict mode ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ajv(tmp_path_factory) -> Path:
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are not installed")
    folder = tmp_path_factory.mktemp("ajv")
    done = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "ajv@8", "ajv-formats@3"],
                          cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"npm install ajv failed: {done.stderr[-2000:]}"
    return folder / "node_modules"


def test_schemas_compile_in_ajv_strict_mode(ajv):
    schemas = sorted(str(p) for p in (ROOT / "crosswalk" / "schemas").glob("*.schema.json"))
    done = subprocess.run(["node", str(ROOT / "scripts" / "ajv_strict.js"), *schemas],
                          env={**os.environ, "NODE_PATH": str(ajv)}, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("ok ") == len(schemas) == 4


# Files another tool writes and reads with PyYAML (CISO Assistant's libraries) are read as PyYAML
# reads them: there a plain ``08`` is the text "08" (a CISO ref_id), not the number 8.
_PYYAML_SCALARS = ["08", "09", "017", "0o17", "1:30", "1e3", "1.5e3", "7.10", "yes", "No", "on", "y", "~", "",
                   "0x1F", "0b101", "+12", "-0", ".5", ".inf", "2024-01-01", "1_000", "1.0", "3.", "text"]


@pytest.mark.parametrize("scalar", _PYYAML_SCALARS)
def test_yaml11_reading_equals_pyyaml_on_every_plain_scalar_form(scalar):
    from crosswalk.yamlio import parse_text

    text = f"a: {scalar}\nb: [{scalar}]\n"
    expected = yaml.safe_load(text)
    if isinstance(expected["a"], datetime.date):
        expected = {"a": scalar, "b": [scalar]}  # dates stay text, as everywhere in crosswalk
    got = parse_text(text, yaml11=True)
    assert got == expected or (got["a"] != got["a"] and expected["a"] != expected["a"])  # nan


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789._:+-eExXoObByYnN", min_size=1, max_size=8))
def test_yaml11_reading_equals_pyyaml_on_generated_scalars(scalar):
    from crosswalk.yamlio import YamlError, parse_text

    text = f"a: {scalar}\n"
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # not a plain scalar PyYAML can read; our refusals are tested elsewhere
    if not isinstance(expected, dict) or isinstance(expected.get("a"), datetime.date):
        return
    try:
        got = parse_text(text, yaml11=True)
    except YamlError:
        return  # refused with a message (a tag-like or unreadable form): never a different value
    value, wanted = got["a"], expected["a"]
    assert type(value) is type(wanted) and (value == wanted or value != value and wanted != wanted)
