"""OSCAL against the real tools and the real data: NIST's release schema, compliance-trestle, and
trestle's own example collections and NIST's SP 800-218 catalog.

The files are never copied into the project: they are read from
``../shared/reference/oscal-compass_compliance-trestle/`` (see SOURCE.md there), and these tests skip
only where that folder is absent. The schema is checked with ``check-jsonschema`` (a test dependency):
NIST's patterns use ``\\p{L}``, which Python's ``re`` (and so ``jsonschema`` alone) cannot compile,
and check-jsonschema evaluates them as ECMA-262 regular expressions, as JSON Schema specifies.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crosswalk.cli import main
from crosswalk.formats import oscal
from crosswalk.workspace import load
from crosswalk.yamlio import parse_text
from crosswalk.yamlwrite import dump
from tests.test_format_oscal import export_of

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "oscal-compass_compliance-trestle"
pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"{REFERENCE} is absent")
MAPPING_SCHEMA = REFERENCE / "oscal_mapping_schema.json"
CATALOG_SCHEMA = REFERENCE / "oscal_catalog_schema.json"
COLLECTIONS = ("simple_mapping.json", "comprehensive_mapping.json", "pci-mapping-collection.json",
               "soc2-mapping-collection.json")
CATALOG = REFERENCE / "nist-sp800-218-ver1-selected-catalog.json"


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
    assert tool, "check-jsonschema is a test dependency"
    return subprocess.run([tool, "--schemafile", str(schema), *map(str, files)], capture_output=True, text=True,
                          timeout=300)


def trestle_loads(path: Path) -> Any:
    mapping = pytest.importorskip("trestle.oscal.mapping")  # compliance-trestle needs Python 3.11+
    return mapping.MappingCollection.oscal_read(path)


@pytest.fixture(scope="module")
def shipped():
    return load([], include_builtin=True, include_cwd=False)


@pytest.fixture(scope="module")
def exported(shipped, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("oscal")
    written = {}
    for mapping in shipped.mappings:
        path = folder / f"{mapping.id}.json"
        path.write_bytes(export_of(shipped, mapping))
        written[mapping.id] = path
    return written


def test_every_export_validates_against_nists_release_schema(exported):
    assert json.loads(MAPPING_SCHEMA.read_text())["$id"].endswith("/1.2.1/oscal-mapping-schema.json")
    run = check_jsonschema(MAPPING_SCHEMA, *exported.values())
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_schema_check_can_fail(exported, tmp_path):
    """The same check refuses an export with one OSCAL word wrong (so its passing above means something)."""
    data = json.loads(next(iter(exported.values())).read_text())
    data["mapping-collection"]["provenance"]["status"] = "final"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    run = check_jsonschema(MAPPING_SCHEMA, broken)
    assert run.returncode == 1 and "'final' is not one of" in run.stdout


def test_every_export_loads_into_trestles_mapping_collection(shipped, exported):
    for ident, path in exported.items():
        collection = trestle_loads(path)
        document = shipped.document(shipped.mapping(ident).path).data
        (mapping,) = collection.mappings
        assert len(mapping.maps) == len(document["rows"])
        assert [item.relationship for item in mapping.maps] == [
            json.loads(path.read_text())["mapping-collection"]["mappings"][0]["maps"][n]["relationship"]
            for n in range(len(document["rows"]))]
        assert collection.provenance.method == document["provenance"]["method"]


def test_the_inferred_answers_validate_load_and_list_the_engines_gaps(shipped, tmp_path, capsys):
    report = tmp_path / "answers.yaml"
    report.write_text(dump({"kind": "report", "id": "answers", "from": "nist-ai-600-1@1.0",
                            "to": "tta-trustworthy-ai@2023"}), "utf-8")
    out = tmp_path / "answers.json"
    assert main(["export", "oscal", str(report), "-o", str(out)]) == 0
    for definition, path in ((str(report), out), ("nist-ai-rmf-to-aiverify-2023", tmp_path / "direct.json")):
        if path != out:
            assert main(["export", "oscal", definition, "-o", str(path)]) == 0
        run = check_jsonschema(MAPPING_SCHEMA, path)
        assert run.returncode == 0, run.stdout + run.stderr
        collection = trestle_loads(path)
        capsys.readouterr()
        assert main(["coverage", definition, "--format", "json"]) == 0
        engine = json.loads(capsys.readouterr().out)
        expected = {e["id"] for e in engine["elements"] if e["status"] in ("not covered", "unknown")}
        (mapping,) = collection.mappings
        gap: set[str] = set()
        for selection in mapping.target_gap_summary.unmapped_controls:
            gap.update(str(i.root if hasattr(i, "root") else i) for i in (selection.with_ids or []))
            gap.update(oscal.vocabulary.glob_id(m.pattern) for m in (selection.matching or []))
        assert gap == expected and expected


@pytest.mark.parametrize("name", COLLECTIONS)
def test_trestles_example_collections_import_and_validate(name, tmp_path, capsys):
    """Imported with stubs (their catalogs are not in the reference: minimal frameworks from the ids
    they name), the folder passes crosswalk validate with no finding at all."""
    source = REFERENCE / name
    raw = json.loads(source.read_text())["mapping-collection"]
    out = tmp_path / "out"
    assert main(["import", "oscal", str(source), "--option", "stubs=yes", "-o", f"{out}/"]) == 0
    err = capsys.readouterr().err
    assert f"{name} declares oscal-version 1.0.4" in err  # accepted with a notice (their 1.2 model, old label)
    mappings = sorted(out.glob("*--*.yaml"))
    assert len(mappings) == len(raw["mappings"] if isinstance(raw["mappings"], list) else [raw["mappings"]])
    for path, mapping in zip(mappings, raw["mappings"]):
        document = parse_text(path.read_text("utf-8"))
        assert len(document["rows"]) == len(mapping["maps"])
        for row, item in zip(document["rows"], mapping["maps"]):
            sources = row["source"] if isinstance(row["source"], list) else [row["source"]]
            targets = row["target"] if isinstance(row["target"], list) else [row["target"]]
            assert sources == [s["id-ref"] for s in item["sources"]]
            assert targets == [t["id-ref"] for t in item["targets"]]
            assert oscal.vocabulary.OURS_FROM_OSCAL[item["relationship"]] == row["relationship"]
    assert main(["validate", "--no-builtin", str(out)]) == 0, capsys.readouterr().out
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_nists_ssdf_catalog_imports_nested_as_written_and_validates(tmp_path, capsys):
    run = check_jsonschema(CATALOG_SCHEMA, CATALOG)
    assert run.returncode == 0, run.stdout  # the input is a valid catalog
    out = tmp_path / "ssdf.yaml"
    assert main(["import", "oscal", str(CATALOG), "-o", str(out)]) == 0
    capsys.readouterr()
    framework = parse_text(out.read_text("utf-8"))
    expected = []  # (id, parent, depth) read independently from the catalog's JSON

    def walk(node: dict[str, Any], parent: str | None, depth: int) -> None:
        expected.append((node["id"], parent, depth))
        for child in node.get("groups", []) + node.get("controls", []):
            walk(child, node["id"], depth + 1)

    catalog = json.loads(CATALOG.read_text())["catalog"]
    for top in catalog.get("groups", []) + catalog.get("controls", []):
        walk(top, None, 0)
    assert [(e["id"], e.get("parent"), framework["levels"].index(e["level"])) for e in framework["elements"]] == expected
    statements = {c["id"]: c["parts"][0]["prose"] for g in catalog["groups"] for c in g["controls"]}
    assert framework["elements"][1]["text"] == statements[framework["elements"][1]["id"]]
    assert framework["name"] == catalog["metadata"]["title"] and framework["version"] == catalog["metadata"]["version"]
    assert main(["validate", "--no-builtin", str(out)]) == 0, capsys.readouterr().out
