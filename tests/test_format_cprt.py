"""NIST CPRT importer on a small export written here in CPRT's shape."""

from __future__ import annotations

import json

import pytest

from crosswalk.cli import main
from crosswalk.formats import ImportProblem, cprt
from crosswalk.validate import validate
from crosswalk.yamlwrite import dump

EXPORT = {"response": {"elements": {
    "documents": [{"doc_identifier": "CSF_2_0", "name": "CSF 2.0", "version": "2.0", "website": "https://www.nist.gov/cyberframework"},
                  {"doc_identifier": "AI_RMF", "name": "AI RMF", "version": "1.0"}],
    "elements": [
        {"doc_identifier": "CSF_2_0", "element_type": "function", "element_identifier": "GV", "title": "GOVERN", "text": "Govern."},
        {"doc_identifier": "CSF_2_0", "element_type": "category", "element_identifier": "GV.OC", "title": "Organizational Context", "text": ""},
        {"doc_identifier": "CSF_2_0", "element_type": "subcategory", "element_identifier": "GV.OC-01", "title": "", "text": "The mission is understood."},
        {"doc_identifier": "AI_RMF", "element_type": "subcategory", "element_identifier": "GOVERN 1.1", "title": "", "text": "Legal requirements."},
    ],
    "relationships": [
        {"source_doc_identifier": "CSF_2_0", "source_element_identifier": "GV", "dest_doc_identifier": "CSF_2_0", "dest_element_identifier": "GV.OC", "relationship_identifier": "projection"},
        {"source_doc_identifier": "CSF_2_0", "source_element_identifier": "GV.OC", "dest_doc_identifier": "CSF_2_0", "dest_element_identifier": "GV.OC-01", "relationship_identifier": "projection"},
        {"source_doc_identifier": "CSF_2_0", "source_element_identifier": "GV.OC-01", "dest_doc_identifier": "AI_RMF", "dest_element_identifier": "GOVERN 1.1", "relationship_identifier": "external_reference"},
    ],
}}}


def test_documents_become_frameworks_and_cross_references_a_mapping(tmp_path):
    source = tmp_path / "export.json"
    source.write_text(json.dumps(EXPORT), encoding="utf-8")
    documents = cprt.convert(str(source))
    frameworks = {d["id"]: d for d in documents if d["kind"] == "framework"}
    csf = frameworks["csf_2_0"]
    assert csf["version"] == "2.0" and csf["levels"] == ["function", "category", "subcategory"]
    assert [(e["id"], e.get("parent")) for e in csf["elements"]] == [("GV", None), ("GV.OC", "GV"), ("GV.OC-01", "GV.OC")]
    assert csf["elements"][2]["title"] == "The mission is understood."
    (mapping,) = [d for d in documents if d["kind"] == "mapping"]
    assert (mapping["source"], mapping["target"]) == ("csf_2_0@2.0", "ai_rmf@1.0")
    assert mapping["rows"] == [{"source": "GV.OC-01", "target": "GOVERN 1.1", "relationship": "related",
                                "note": "CPRT external_reference"}]
    folder = tmp_path / "ws"
    folder.mkdir()
    for document in documents:
        (folder / f"{document['id']}.yaml").write_text(dump(document), encoding="utf-8")
    assert validate([folder], include_builtin=False).findings == []


def test_bad_exports(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"response": ', encoding="utf-8")
    with pytest.raises(ImportProblem, match=r"broken.json:1:\d+: not valid JSON"):
        cprt.convert(str(broken))
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    assert main(["import", "cprt", str(other)]) == 2
    assert "not a CPRT export" in capsys.readouterr().err
