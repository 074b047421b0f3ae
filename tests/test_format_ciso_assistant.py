"""CISO Assistant importer on small libraries written here in CISO Assistant's shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswalk.cli import main
from crosswalk.formats import ImportProblem, ciso_assistant
from crosswalk.validate import validate
from crosswalk.yamlwrite import dump


def library(path: Path, ref: str, nodes: list[tuple[str, str | None, str | None, int]]) -> Path:
    text = (f"urn: urn:test:library:{ref}\nref_id: {ref}\nname: {ref.upper()}\nversion: 2\nprovider: Tester\n"
            f"copyright: CC0\nobjects:\n  framework:\n    urn: urn:test:framework:{ref}\n    ref_id: {ref}\n"
            f"    name: {ref.upper()} framework\n    requirement_nodes:\n")
    for tail, ref_id, parent, depth in nodes:
        text += f"      - urn: urn:test:req_node:{ref}:{tail}\n        depth: {depth}\n        assessable: {str(depth == 2).lower()}\n"
        if ref_id:
            text += f"        ref_id: '{ref_id}'\n        name: Name of {ref_id}\n"
        else:
            text += "        description: A prose node without a reference id.\n"
        if parent:
            text += f"        parent_urn: urn:test:req_node:{ref}:{parent}\n"
    out = path / f"{ref}.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def test_framework_and_mapping_round_trip(tmp_path):
    a = library(tmp_path, "alpha", [("g1", "G1", None, 1), ("g1.1", "G1.1", "g1", 2), ("p", None, "g1", 2)])
    b = library(tmp_path, "beta", [("c1", "C1", None, 1), ("c1.a", "C1.a", "c1", 2), ("c1.b", "C1.b", "c1", 2)])
    (fw_a,) = ciso_assistant.convert(str(a))
    assert [(e["id"], e.get("parent")) for e in fw_a["elements"]] == [("G1", None), ("G1.1", "G1"), ("p", "G1")]
    assert fw_a["id"] == "alpha" and fw_a["version"] == "2" and fw_a["levels"] == ["level-1", "level-2"]
    (fw_b,) = ciso_assistant.convert(str(b))
    mapping_file = tmp_path / "map.yaml"
    mapping_file.write_text(
        "urn: urn:test:library:map\nobjects:\n  requirement_mapping_sets:\n    - urn: urn:test:rms:a-b\n"
        "      ref_id: a-b\n      name: A to B\n      source_framework_urn: urn:test:framework:alpha\n"
        "      target_framework_urn: urn:test:framework:beta\n      requirement_mappings:\n"
        "        - {source_requirement_urn: 'urn:test:req_node:alpha:g1.1', target_requirement_urn: 'urn:test:req_node:beta:c1.a',"
        " relationship: subset, rationale: semantic, strength_of_relationship: 6}\n"
        "        - {source_requirement_urn: 'urn:test:req_node:alpha:g1', target_requirement_urn: 'urn:test:req_node:beta:c1',"
        " relationship: intersect, rationale: functional, strength_of_relationship: 5}\n", encoding="utf-8")
    (mapping,) = ciso_assistant.convert(str(mapping_file), source="alpha@2", target="beta@2",
                                        source_library=str(a), target_library=str(b))
    assert mapping["style"] == "strm"
    assert mapping["rows"][0] == {"source": "G1.1", "target": "C1.a", "relationship": "subset_of",
                                  "rationale": "semantic", "strength": 6}
    folder = tmp_path / "ws"
    folder.mkdir()
    for document in (fw_a, fw_b, mapping):
        (folder / f"{document['id']}.yaml").write_text(dump(document), encoding="utf-8")
    assert validate([folder], include_builtin=False).findings == []


def test_bad_inputs(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("just: text\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match="not a CISO Assistant library"):
        ciso_assistant.convert(str(bad))
    dup = tmp_path / "dup.yaml"
    dup.write_text("objects:\n  a: 1\n  a: 2\n", encoding="utf-8")
    assert main(["import", "ciso-assistant", str(dup)]) == 2
    assert "dup.yaml:3:3: duplicate key 'a'" in capsys.readouterr().err
    rms = tmp_path / "rms.yaml"
    rms.write_text("objects:\n  requirement_mapping_set:\n    requirement_mappings:\n      - {source_requirement_urn: a, "
                   "target_requirement_urn: b, relationship: sort-of}\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match="unknown relationship 'sort-of'"):
        ciso_assistant.convert(str(rms), source="x@1", target="y@1")
    with pytest.raises(ImportProblem, match="needs --option source"):
        ciso_assistant.convert(str(rms))
