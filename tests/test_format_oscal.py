"""OSCAL 1.2 both ways: our mappings out and back unchanged, the engine's answers out, catalogs and
other people's collections in, hostile files refused with their place.

What needs NIST's schema, compliance-trestle or trestle's example files is in
tests/test_oscal_real_data.py (it reads ``../shared/reference`` and skips only where that is absent).
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosswalk import schema
from crosswalk.cli import main
from crosswalk.formats import ExportProblem, ImportProblem, oscal
from crosswalk.formats.oscal import vocabulary
from crosswalk.workspace import load
from crosswalk.yamlio import parse_text
from crosswalk.yamlwrite import dump
from tests.test_importer_hardening import fuzz, mutate, outcome

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shipped():
    return load([], include_builtin=True, include_cwd=False)


def collection_of(data: bytes) -> dict[str, Any]:
    return json.loads(data)["mapping-collection"]


def our_props(owner: dict[str, Any]) -> dict[str, str]:
    return {p["name"]: p["value"] for p in owner.get("props", []) if p.get("ns") == vocabulary.NS}


def gap_ids(gap: dict[str, Any]) -> set[str]:
    ids: set[str] = set()
    for selection in gap["unmapped-controls"]:
        ids.update(selection.get("with-ids", []))
        ids.update(vocabulary.glob_id(m["pattern"]) for m in selection.get("matching", []))
    return ids


def ids_of(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value]


# --- export then import ---------------------------------------------------------------------------


def export_of(shipped, mapping) -> bytes:
    """A shipped mapping exported; an undated one (Microsoft's ISO/IEC 42001 crosswalk) dated by option,
    as the export asks (it never reads the clock)."""
    options = {} if mapping.provenance.get("published") else {"date": "2026-11-28"}
    return oscal.export(shipped, mapping.id, **options)


def test_export_then_import_is_the_identity_on_every_shipped_mapping(shipped, tmp_path):
    assert len(shipped.mappings) >= 8
    for mapping in shipped.mappings:
        path = tmp_path / f"{mapping.id}.json"
        path.write_bytes(export_of(shipped, mapping))
        converted = oscal.convert(str(path))
        assert list(converted) == [shipped.document(mapping.path).data], mapping.id
        assert converted.notices == []


def test_the_export_speaks_oscal_for_what_oscal_has(shipped):
    """Relationships in OSCAL's words, strength as confidence, rationale and status in OSCAL's fields,
    the frameworks as resources, and the elements no row names as the gap summaries."""
    for mapping in shipped.mappings:
        document = shipped.document(mapping.path).data
        collection = collection_of(export_of(shipped, mapping))
        (exported,) = collection["mappings"]
        assert collection["provenance"]["method"] == document["provenance"]["method"]
        assert collection["provenance"]["status"] == vocabulary.OSCAL_STATUS[document["provenance"]["status"]]
        assert our_props(collection["provenance"])["judgement"] == document["provenance"]["judgement"]
        assert len(exported["maps"]) == len(document["rows"])
        for row, item in zip(document["rows"], exported["maps"]):
            assert item["relationship"] in vocabulary.OURS_FROM_OSCAL
            assert vocabulary.OURS_FROM_OSCAL[item["relationship"]] == (
                "intersects_with" if row["relationship"] == "related" else row["relationship"])
            assert (our_props(item).get("relationship") == "related") == (row["relationship"] == "related")
            assert [i["id-ref"] for i in item["sources"]] == ids_of(row["source"])
            assert [i["id-ref"] for i in item["targets"]] == ids_of(row["target"])
            if "strength" in row:
                assert item["confidence-score"] == {"percentage": row["strength"] / 10}
            else:
                assert "confidence-score" not in item
            if isinstance(row.get("rationale"), str) and row["rationale"] in vocabulary.RATIONALES:
                assert item["matching-rationale"] == row["rationale"]
        for side in ("source", "target"):
            framework = shipped.framework(document[side])
            resource = exported[f"{side}-resource"]
            assert our_props(resource)["framework"] == framework.ref
            (back,) = [r for r in collection["back-matter"]["resources"] if f"#{r['uuid']}" == resource["href"]]
            assert back["title"] == framework.name
            named = {i for row in document["rows"] for i in ids_of(row[side])}
            unnamed = set(framework.elements) - named
            assert (gap_ids(exported[f"{side}-gap-summary"]) if unnamed else set()) == unnamed
            assert (f"{side}-gap-summary" in exported) == bool(unnamed)


def test_strength_and_confidence_map_both_ways_exactly():
    for strength in range(11):
        assert vocabulary.strength_of(vocabulary.confidence(strength)["percentage"]) == (strength, True)
    assert vocabulary.strength_of(0.95) == (10, False)
    assert vocabulary.strength_of(0.92) == (9, False)


def test_export_is_deterministic_and_dated_from_the_inputs(shipped):
    ref = "nist-ai-rmf-1.0--aiverify-2023"
    first = oscal.export(shipped, ref)
    assert first == oscal.export(shipped, ref)
    collection = collection_of(first)
    published = shipped.document(shipped.mapping(ref).path).data["provenance"]["published"]
    assert collection["metadata"]["last-modified"] == collection["metadata"]["published"] == f"{published}T00:00:00Z"
    uuids = re.findall(r'"uuid": "([0-9a-f-]{36})"', first.decode())
    assert uuids and all(uuid.UUID(u).version == 5 for u in uuids) and len(set(uuids)) == len(uuids)
    dated = collection_of(oscal.export(shipped, ref, date="2030-01-02"))
    assert dated["metadata"]["last-modified"] == "2030-01-02T00:00:00Z"
    assert dated["mappings"][0]["maps"] == collection["mappings"][0]["maps"]  # per-subject UUIDs stay
    assert dated["uuid"] != collection["uuid"]  # the document's changes with its content
    for bad in ("2030-02-30", "30-01-02", "1800-01-01"):
        with pytest.raises(ExportProblem, match="date"):
            oscal.export(shipped, ref, date=bad)


def write_pair(folder: Path) -> None:
    """Two small frameworks in ``folder``."""
    for ident in ("alpha", "beta"):
        (folder / f"{ident}.yaml").write_text(dump({
            "kind": "framework", "id": ident, "version": "1", "name": f"{ident.title()} framework", "publisher": "us",
            "levels": ["area", "item"],
            "elements": [{"id": "A", "level": "area", "title": "Area"},
                         {"id": "A 1", "level": "item", "parent": "A", "title": "One"},
                         {"id": "A*2", "level": "item", "parent": "A", "title": "Two"},
                         {"id": "3", "level": "item", "parent": "A", "title": "Three"}]}), "utf-8")


EDGE_MAPPING = {
    "kind": "mapping", "id": "alpha--beta", "title": "Line one\nline two", "source": "alpha@1", "target": "beta@1",
    "style": "strm", "comprehensive": False,
    "provenance": {"author": "  Someone\nelse ", "document": "Doc", "url": "https://example.org/a b",
                   "published": "2024-02-03", "method": "hybrid", "status": "final", "judgement": "mixed",
                   "imported_from": "a spreadsheet", "note": "multi\nline"},
    "rows": [
        {"source": ["A 1"], "target": "A*2", "relationship": "subset_of", "rationale": ["syntactic", "functional"],
         "strength": 0, "judgement": "official", "as_written": " spaced\tout ", "note": "note"},
        {"source": ["A 1", "A*2"], "target": ["3"], "relationship": "superset of", "rationale": "unknown",
         "strength": 10, "judgement": "ours"},
        {"source": "3", "target": "A", "relationship": "no_relationship", "rationale": "semantic", "note": ""},
    ],
}


def test_every_field_survives_export_and_import_even_where_oscal_has_no_place(tmp_path):
    write_pair(tmp_path)
    (tmp_path / "alpha--beta.yaml").write_text(dump(EDGE_MAPPING), "utf-8")
    workspace = load([str(tmp_path)], include_builtin=False, include_cwd=False)
    out = tmp_path / "out.json"
    out.write_bytes(oscal.export(workspace, "alpha--beta"))
    converted = oscal.convert(str(out))
    assert list(converted) == [EDGE_MAPPING] and converted.notices == []
    collection = collection_of(out.read_bytes())
    assert collection["provenance"]["status"] == "complete"  # final has no OSCAL word of its own
    gap = collection["mappings"][0]["target-gap-summary"]  # target elements no row names: A 1
    assert gap_ids(gap) == {"A 1"}
    # without a date anywhere the export asks for one instead of reading the clock
    undated = json.loads(json.dumps(EDGE_MAPPING))
    del undated["provenance"]["published"]
    (tmp_path / "alpha--beta.yaml").write_text(dump(undated), "utf-8")
    with pytest.raises(ExportProblem, match="--option date="):
        oscal.export(load([str(tmp_path)], include_builtin=False, include_cwd=False), "alpha--beta")


def test_concept_and_supportive_words(tmp_path):
    write_pair(tmp_path)
    supportive = {**EDGE_MAPPING, "style": "supportive",
                  "rows": [{"source": "3", "target": "A", "relationship": "supports", "rationale": "functional"},
                           {"source": "A", "target": "3", "relationship": "is_supported_by"}]}
    (tmp_path / "alpha--beta.yaml").write_text(dump(supportive), "utf-8")
    workspace = load([str(tmp_path)], include_builtin=False, include_cwd=False)
    data = oscal.export(workspace, "alpha--beta")
    maps = collection_of(data)["mappings"][0]["maps"]
    assert [(m["ns"], m["relationship"]) for m in maps] == [(vocabulary.NS, "supports"), (vocabulary.NS, "is_supported_by")]
    out = tmp_path / "s.json"
    out.write_bytes(data)
    assert list(oscal.convert(str(out))) == [supportive]


def test_a_framework_or_an_unknown_name_is_refused(shipped):
    with pytest.raises(ExportProblem, match="is a framework"):
        oscal.export(shipped, "nist-ai-rmf@1.0")
    with pytest.raises(ExportProblem, match="no mapping or report definition named"):
        oscal.export(shipped, "no-such-mapping")


# --- a report's answers ---------------------------------------------------------------------------


def write_report(folder: Path, source: str, target: str, **extra: Any) -> Path:
    path = folder / "answers.yaml"
    path.write_text(dump({"kind": "report", "id": "answers", "from": source, "to": target, **extra}), "utf-8")
    return path


def engine_gaps(capsys, report: Path) -> tuple[set[str], dict[str, Any]]:
    assert main(["coverage", str(report), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return {e["id"] for e in data["elements"] if e["status"] in ("not covered", "unknown")}, data


def test_a_reports_inferred_answers_with_their_paths_and_the_engines_gaps(shipped, tmp_path, capsys):
    report = write_report(tmp_path, "nist-ai-600-1@1.0", "tta-trustworthy-ai@2023")
    data = oscal.export(shipped, str(report))
    assert data == oscal.export(shipped, str(report))
    collection = collection_of(data)
    (mapping,) = collection["mappings"]
    expected, coverage = engine_gaps(capsys, report)
    assert gap_ids(mapping["target-gap-summary"]) == expected and expected
    related = {(e["source"], element["id"]) for element in coverage["elements"] for e in element["evidence"]}
    written = {(m["sources"][0]["id-ref"], m["targets"][0]["id-ref"]) for m in mapping["maps"]}
    assert written == related
    assert collection["provenance"]["method"] == mapping["method"] == "automation"
    kinds = {our_props(m)["evidence"] for m in mapping["maps"]}
    assert "inferred" in kinds
    for item in mapping["maps"]:
        assert item["remarks"].startswith("- ") and "row" in item["remarks"]
        assert json.loads(our_props(item)["rows"])
        assert our_props(item)["via"]  # inferred through a pivot framework
    # the newest date among the mappings the answers use, never the clock
    used = {row.split("#")[0] for m in mapping["maps"] for row in json.loads(our_props(m)["rows"])}
    newest = max(shipped.document(shipped.mapping(i).path).data["provenance"]["published"] for i in used)
    assert collection["metadata"]["last-modified"] == f"{newest}T00:00:00Z"
    # and the collection imports as a mapping of our library's frameworks
    path = tmp_path / "answers.json"
    path.write_bytes(data)
    converted = oscal.convert(str(path))
    assert [d["source"] for d in converted] == ["nist-ai-600-1@1.0"] and len(converted[0]["rows"]) == len(written)


def test_a_direct_report_by_id(shipped, capsys, tmp_path):
    collection = collection_of(oscal.export(shipped, "nist-ai-rmf-to-aiverify-2023"))
    (mapping,) = collection["mappings"]
    assert {our_props(m)["evidence"] for m in mapping["maps"]} <= {"direct", "hierarchy"}
    assert main(["coverage", "nist-ai-rmf-to-aiverify-2023", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert gap_ids(mapping["target-gap-summary"]) == {e["id"] for e in data["elements"]
                                                      if e["status"] in ("not covered", "unknown")}


def test_a_report_with_nothing_to_write_is_refused_with_the_reason(shipped):
    with pytest.raises(ExportProblem, match="relates no element"):
        oscal.export(shipped, "aiverify-2023-to-tta-via-ai-rmf")  # concept rows only, through a pivot


# --- reading other people's OSCAL -----------------------------------------------------------------


def foreign(**changes: Any) -> dict[str, Any]:
    collection = {
        "uuid": "a0000000-0000-4000-8000-000000000001",
        "metadata": {"title": "Two mappings", "last-modified": "2024-01-01T00:00:00Z", "version": "1",
                     "oscal-version": "1.2.0",
                     "parties": [{"uuid": "c0000000-0000-4000-8000-000000000001", "type": "organization", "name": "Org"}]},
        "provenance": {"method": "human", "matching-rationale": "functional", "status": "complete",
                       "mapping-description": "What it is",
                       "responsible-parties": [{"role-id": "mapper",
                                                "party-uuids": ["c0000000-0000-4000-8000-000000000001"]}]},
        "mappings": [
            {"uuid": "b0000000-0000-4000-8000-000000000001",
             "source-resource": {"type": "catalog", "href": "catalogs/Alpha/catalog.json"},
             "target-resource": {"type": "catalog", "href": "https://x.test/beta.json", "props": [{"name": "version", "value": "2"}]},
             "maps": [{"uuid": "d0000000-0000-4000-8000-000000000001", "relationship": "equivalent-to",
                       "sources": [{"type": "control", "id-ref": "a-1"}], "targets": [{"type": "statement", "id-ref": "b-1_smt.a"}],
                       "confidence-score": {"percentage": 0.7}, "props": [{"name": "weight", "value": "high"}]},
                      {"uuid": "d0000000-0000-4000-8000-000000000002", "relationship": "superset-of", "matching-rationale": "syntactic",
                       "confidence-score": {"percentage": 0.6},
                       "sources": [{"type": "control", "id-ref": "a-2"}, {"type": "control", "id-ref": "a,3"}],
                       "targets": [{"type": "control", "id-ref": "b-2"}]}]},
            {"uuid": "b0000000-0000-4000-8000-000000000002",
             "source-resource": {"type": "catalog", "href": "catalogs/Alpha/catalog.json"},
             "target-resource": {"type": "catalog", "href": "catalogs/Gamma/catalog.json"},
             "maps": [{"uuid": "d0000000-0000-4000-8000-000000000003", "relationship": "no-relationship",
                       "sources": [{"type": "control", "id-ref": "a-1"}], "targets": [{"type": "control", "id-ref": "g-1"}]}]},
        ],
    }
    collection.update(changes)
    return {"mapping-collection": collection}


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=1), "utf-8")
    return path


def test_a_foreign_collection_gives_one_mapping_per_mapping_and_stubs_on_request(tmp_path, capsys):
    path = write_json(tmp_path / "mc.json", foreign())
    documents = oscal.convert(str(path), source="alpha@2024")
    assert [d["id"] for d in documents] == ["alpha--beta", "alpha--gamma"]
    assert [(d["source"], d["target"]) for d in documents] == [("alpha@2024", "beta@2"), ("alpha@2024", "gamma@1")]
    first = documents[0]
    assert first["provenance"]["author"] == "Org" and first["provenance"]["judgement"] == "official"
    assert "mc.json" in first["provenance"]["imported_from"] and first["notes"] == "What it is"
    equal, superset = first["rows"]
    assert equal == {"source": "a-1", "target": "b-1_smt.a", "relationship": "equal", "rationale": "functional",
                     "note": "OSCAL relationship: equivalent-to\nconfidence-score: 0.7\nweight: high"}
    assert superset["source"] == ["a-2", "a;3"] and superset["rationale"] == "syntactic" and superset["strength"] == 6
    assert any(partial and "'a,3' -> 'a;3'" in text for partial, text in documents.notices)
    assert any(partial and "1 confidence-score(s)" in text for partial, text in documents.notices)
    # stubs: one framework per resource, holding the ids named, so that the folder validates
    out = tmp_path / "out"
    assert main(["import", "oscal", str(path), "--option", "stubs=yes", "-o", f"{out}/"]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["alpha--beta.yaml", "alpha--gamma.yaml", "alpha-1.yaml",
                                                     "beta-2.yaml", "gamma-1.yaml"]
    assert main(["validate", "--no-builtin", str(out)]) == 0, capsys.readouterr()
    beta = parse_text((out / "beta-2.yaml").read_text("utf-8"))
    assert [(e["id"], e["level"]) for e in beta["elements"]] == [("b-1_smt.a", "statement"), ("b-2", "control")]
    # one document per file: a folder is required, and --strict refuses the changed id
    assert main(["import", "oscal", str(path), "-o", str(tmp_path / "one.yaml")]) == 2
    assert "pass a folder" in capsys.readouterr().err
    assert main(["import", "oscal", str(path), "--strict", "-o", f"{tmp_path}/strict/"]) == 2
    assert "'a,3' -> 'a;3'" in capsys.readouterr().err and not (tmp_path / "strict").exists()


def test_what_oscal_1_2_does_not_say_is_read_with_a_notice(tmp_path):
    data = foreign()
    data["mapping-collection"]["metadata"]["oscal-version"] = "1.0.4"
    data["mapping-collection"]["provenance"].update(method="manual", status="published")
    converted = oscal.convert(str(write_json(tmp_path / "old.json", data)))
    texts = [text for _, text in converted.notices]
    assert any("oscal-version 1.0.4" in t and "read as OSCAL 1.2" in t for t in texts)
    assert converted[0]["provenance"]["method"] == "human" and converted[0]["provenance"]["status"] == "final"
    about = [(partial, t) for partial, t in converted.notices if re.search("oscal-version|manual|published", t)]
    assert len(about) == 3 and not any(partial for partial, _ in about)  # informed, not refused by --strict


def catalog(**changes: Any) -> dict[str, Any]:
    data = {
        "uuid": "e0000000-0000-4000-8000-000000000001",
        "metadata": {"title": "A catalog", "version": "v 2.1", "oscal-version": "1.1.3",
                     "published": "2024-05-06T07:08:09Z", "last-modified": "2024-05-06T07:08:09Z"},
        "groups": [{"id": "po", "class": "family", "title": "Prepare", "parts": [{"name": "overview", "prose": "Why"}],
                    "controls": [{"id": "po.1", "class": "practice", "title": "First", "params": [{"id": "p1"}],
                                  "parts": [{"id": "po.1_smt", "name": "statement", "prose": "Do {{ insert: param, p1 }}.",
                                             "parts": [{"name": "item", "props": [{"name": "label", "value": "a."}],
                                                        "prose": "this"}]}],
                                  "controls": [{"id": "po.1.1", "class": "task", "title": "Sub",
                                                "props": [{"name": "sort-id", "value": "001"}]}]}]}],
    }
    data.update(changes)
    return {"catalog": data}


def test_a_catalog_becomes_a_framework_nested_as_written(tmp_path, capsys):
    path = write_json(tmp_path / "ssdf.json", catalog())
    (framework,) = converted = oscal.convert(str(path))
    assert (framework["id"], framework["version"], framework["name"]) == ("ssdf", "v-2.1", "A catalog")
    assert framework["levels"] == ["family", "practice", "task"] and framework["published"] == "2024-05-06"
    assert [(e["id"], e["level"], e.get("parent")) for e in framework["elements"]] == [
        ("po", "family", None), ("po.1", "practice", "po"), ("po.1.1", "task", "po.1")]
    assert framework["elements"][1]["text"] == "Do {{ insert: param, p1 }}.\n  a. this"
    assert framework["elements"][0]["attributes"] == {"overview": "Why", "class": "family"}
    assert framework["elements"][2]["attributes"] == {"sort-id": "001", "class": "task"}
    assert any("1 parameter(s)" in text for _, text in converted.notices)
    # a trestle-style path names the framework by its folder; options choose id and version
    nested = tmp_path / "catalogs" / "NIST_SSDF"
    nested.mkdir(parents=True)
    (nested / "catalog.json").write_bytes(path.read_bytes())
    assert oscal.convert(str(nested / "catalog.json"))[0]["id"] == "nist_ssdf"
    assert oscal.convert(str(path), id="ssdf", version="1.1")[0]["version"] == "1.1"
    out = tmp_path / "fw.yaml"
    assert main(["import", "oscal", str(path), "-o", str(out)]) == 0
    assert main(["validate", "--no-builtin", str(out)]) == 0, capsys.readouterr()


def test_catalog_ids_our_schema_refuses_are_changed_and_reported(tmp_path, capsys):
    data = catalog()
    data["catalog"]["groups"][0]["controls"][0]["id"] = "po,1@x"
    data["catalog"]["groups"][0]["controls"][0]["controls"][0]["id"] = "po.1.1 "
    path = write_json(tmp_path / "c.json", data)
    (framework,) = converted = oscal.convert(str(path))
    assert [e["id"] for e in framework["elements"]] == ["po", "po;1(at)x", "po.1.1"]
    assert framework["elements"][2]["parent"] == "po;1(at)x"
    assert any(partial and "2 id(s) changed" in text for partial, text in converted.notices)
    assert main(["import", "oscal", str(path), "--strict"]) == 2
    assert "--strict" in capsys.readouterr().err


# --- hostile input: refused with the file, the line and column, never a traceback -----------------


def refusal(capsys, path: Path, *options: str) -> str:
    code = main(["import", "oscal", str(path), *options])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("crosswalk: error: ") and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("text, expected", [
    ('{"mapping-collection": {"uuid": "x", "metadata": {', r":1:\d+: not valid JSON"),
    ('{"catalog": {"metadata": {"title": "t"}, "groups": [{"id": "a", "id": "b"}]}}', r":1:\d+: .*duplicate key 'id'"),
    (json.dumps(foreign()).replace('"percentage": 0.7', '"percentage": 1e400'), r":1:\d+: .*too large"),
    (json.dumps(foreign()).replace('"percentage": 0.7', '"percentage": "high"'), r":1:\d+: .*expected a number"),
    (json.dumps(foreign()).replace('"equivalent-to"', '"similar-to"'), r":1:\d+: .*unknown relationship 'similar-to'"),
    (json.dumps(foreign()).replace('"maps": [{"uuid": "d0000000-0000-4000-8000-000000000003"',
                                   '"maps": "x", "y": [{"uuid": "d0000000-0000-4000-8000-000000000003"'),
     r":1:\d+: .*maps: expected a list"),
    (json.dumps(catalog()).replace('"title": "Sub"', '"title": ["Sub"]'), r":1:\d+: .*title: expected text"),
    ('{"profile": {"uuid": "x"}}', r"holds an OSCAL profile"),
    ('{"catalog": {}, "mapping-collection": {}}', r"one per file"),
    ('[1, 2]', r":1:1: .*expected an object"),
])
def test_hostile_files_are_refused_with_their_place(tmp_path, capsys, text, expected):
    path = tmp_path / "bad.json"
    path.write_text(text, "utf-8")
    err = refusal(capsys, path)
    assert re.search(re.escape(str(path)) + (".*" if expected[0] != ":" else "") + expected, err), err


def test_a_pretty_printed_file_names_the_line(tmp_path, capsys):
    data = foreign()
    data["mapping-collection"]["mappings"][1]["maps"][0]["relationship"] = "related-to"
    path = write_json(tmp_path / "bad.json", data)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "related-to" in text)
    err = refusal(capsys, path)
    assert f"bad.json:{line}:" in err and "maps[0].relationship" in err


@fuzz(40)
@given(st.data())
def test_fuzz_oscal(data: st.DataObject) -> None:
    import tempfile

    original = data.draw(st.sampled_from([foreign(), catalog()]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_text(json.dumps(mutate(data.draw, original)), "utf-8")
        outcome(lambda: oscal.convert(str(path)), path)


# --- the command line, end to end -----------------------------------------------------------------


def test_export_and_import_from_the_command_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "oscal", "us-sg-shared-principles-2024--aiverify-2023", "-o", "x.json"]) == 0
    assert "wrote x.json" in capsys.readouterr().err
    assert main(["import", "oscal", "x.json", "-o", "back.yaml"]) == 0
    capsys.readouterr()
    original = load([], include_builtin=True, include_cwd=False)
    mapping = original.mapping("us-sg-shared-principles-2024--aiverify-2023")
    assert parse_text(Path("back.yaml").read_text("utf-8")) == original.document(mapping.path).data
    # never onto an input: the imported file, or a library file the export reads
    before = Path("x.json").read_bytes()
    assert main(["import", "oscal", "x.json", "-o", "x.json"]) == 2
    assert "crosswalk: error:" in capsys.readouterr().err and Path("x.json").read_bytes() == before
    assert main(["export", "oscal", "us-sg-shared-principles-2024--aiverify-2023", "--library", "back.yaml",
                 "-o", "back.yaml"]) == 2
    assert "crosswalk: error:" in capsys.readouterr().err
    assert main(["export", "oscal", "us-sg-shared-principles-2024--aiverify-2023", "--option", "when=today"]) == 2
    assert "unknown option" in capsys.readouterr().err
    assert main(["export", "oscal", "us-sg-shared-principles-2024--aiverify-2023", "--option", "date=2024-01-01"]) == 0
    assert json.loads(capsys.readouterr().out)["mapping-collection"]["metadata"]["version"] == "2024-01-01"


def test_both_commands_list_the_format_and_its_options(capsys):
    for command in ("import", "export"):
        assert main([command, "--help"]) == 0
        out = capsys.readouterr().out
        assert "oscal:" in out and ("stubs" in out if command == "import" else "date" in out)


def test_documents_are_valid_and_written_as_yaml_reads_them(tmp_path):
    path = write_json(tmp_path / "mc.json", foreign())
    for document in oscal.convert(str(path), stubs="yes"):
        assert schema.check(document["kind"], document) == []
        assert parse_text(dump(document)) == document
