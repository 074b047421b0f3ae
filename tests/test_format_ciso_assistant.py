"""CISO Assistant importer on small libraries written here in CISO Assistant's shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswalk.cli import main
from crosswalk.formats import ImportProblem, ciso_assistant
from crosswalk.validate import validate
from crosswalk.yamlio import parse_text
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


# --- the rules of the import, one test each -----------------------------------------------------


def framework_library(folder: Path, file: str, tail: str, nodes: list[dict], **top: object) -> Path:
    """A framework library in CISO Assistant's shape; ``nodes`` give their URN tail as ``urn``."""
    data = {"urn": f"urn:test:risk:library:{tail}", "locale": "en", "ref_id": top.pop("ref_id", tail),
            "name": f"Library {tail}", "version": top.pop("version", 3), "provider": "Tester", "packager": "tester",
            **top,
            "objects": {"framework": {"urn": f"urn:test:risk:framework:{tail}", "ref_id": tail, "name": f"Framework {tail}",
                                      "requirement_nodes": [
                                          {**node, "urn": f"urn:test:risk:req_node:{tail}:{node['urn']}",
                                           **({"parent_urn": f"urn:test:risk:req_node:{tail}:{node['parent_urn']}"}
                                              if node.get("parent_urn") else {})}
                                          for node in nodes]}}}
    path = folder / file
    path.write_text(dump(data), encoding="utf-8")
    return path


def mapping_library(folder: Path, file: str, sets: list[tuple[str, str, str, list[tuple[str, str, str]]]],
                    **row_extra: object) -> Path:
    """A mapping library: each set is (ref_id, source framework tail, target framework tail, rows of
    (source node tail, target node tail, relationship))."""
    data = {"urn": "urn:test:risk:library:map", "locale": "en", "ref_id": "map", "name": "Map", "version": 1,
            "packager": "tester", "objects": {"requirement_mapping_sets": [
                {"urn": f"urn:test:risk:req_mapping_set:{ref}", "ref_id": ref, "name": ref.upper(),
                 "source_framework_urn": f"urn:test:risk:framework:{source}",
                 "target_framework_urn": f"urn:test:risk:framework:{target}",
                 "requirement_mappings": [
                     {"source_requirement_urn": f"urn:test:risk:req_node:{source}:{s}",
                      "target_requirement_urn": f"urn:test:risk:req_node:{target}:{t}", "relationship": r, **row_extra}
                     for s, t, r in rows]}
                for ref, source, target, rows in sets]}}
    path = folder / file
    path.write_text(dump(data), encoding="utf-8")
    return path


def validate_clean(folder: Path, *documents: dict) -> list:
    for document in documents:
        (folder / f"{document['id']}-{document.get('version', 'm')}.yaml").write_text(dump(document), encoding="utf-8")
    return validate([folder], include_builtin=False).findings


def test_ids_are_unique_by_construction_and_a_kept_ref_id_is_never_lost(tmp_path):
    """abdo_2019 has twelve nodes whose URN ends in ':1': the old id rule gave them all id '1'."""
    nodes = [
        {"urn": "1", "ref_id": "1", "name": "Chapter one"},  # ref_id unique: kept
        {"urn": "1:1", "parent_urn": "1", "name": "Prose"},  # no ref_id: short tail '1' clashes with '1' -> whole tail
        {"urn": "2", "ref_id": "2", "name": "Chapter two"},
        {"urn": "2:1", "parent_urn": "2", "name": "Prose"},  # whole tail 2:1
        {"urn": "2:a", "parent_urn": "2", "ref_id": "A", "name": "Item"},  # ref_id 'A' shared: short tails 'a', 'b'
        {"urn": "2:b", "parent_urn": "2", "ref_id": "A", "name": "Item"},
    ]
    path = framework_library(tmp_path, "lib.yaml", "demo-2024", nodes)
    (fw,) = ciso_assistant.convert(str(path))
    assert [e["id"] for e in fw["elements"]] == ["1", "1:1", "2", "2:1", "a", "b"]
    assert [e.get("parent") for e in fw["elements"]] == [None, "1", None, "2", "2", "2"]
    reversed_path = framework_library(tmp_path, "rev.yaml", "demo-2024", nodes[::-1])
    (again,) = ciso_assistant.convert(str(reversed_path))
    assert sorted(e["id"] for e in again["elements"]) == sorted(e["id"] for e in fw["elements"])  # order plays no part
    assert "framework demo: 4 node(s) whose ref_id is missing or shared" in fw["notes"]
    folder = tmp_path / "ws"
    folder.mkdir()
    assert validate_clean(folder, fw) == []


def test_unique_ids_choice_rounds():
    from crosswalk.formats.ciso_assistant.names import unique_ids

    ids, written, levels = unique_ids([("x", "t1", "u1"), ("x", "t2", "u2"), ("t1", "t9", "u3")])
    assert ids == ["u1", "t2", "t1"] and levels == [2, 1, 0]  # 't1' kept by the node whose first choice it is
    ids, _, _ = unique_ids([("", "a,b", "z"), ("a@b", "y", "w")])
    assert ids == ["a;b", "a(at)b"]


def test_levels_come_from_the_parent_chain_not_depth(tmp_path):
    """iso27001-2013 gives 200 nodes a depth that disagrees with their parents; some nodes omit it."""
    nodes = [{"urn": "core", "ref_id": "core", "name": "Core", "depth": 1},
             {"urn": "4", "ref_id": "4", "name": "Context", "parent_urn": "core", "depth": 1},  # wrong depth
             {"urn": "4.1", "ref_id": "4.1", "name": "Understanding", "parent_urn": "4"},  # no depth
             {"urn": "annex", "ref_id": "annex", "name": "Annex", "depth": 3}]
    (fw,) = ciso_assistant.convert(str(framework_library(tmp_path, "lib.yaml", "iso-2013", nodes)))
    assert [(e["id"], e["level"]) for e in fw["elements"]] == [
        ("core", "level-1"), ("4", "level-2"), ("4.1", "level-3"), ("annex", "level-1")]
    assert fw["levels"] == ["level-1", "level-2", "level-3"]
    folder = tmp_path / "ws"
    folder.mkdir()
    assert validate_clean(folder, fw) == []


def test_a_parent_cycle_is_imported_and_left_to_the_hierarchy_rule(tmp_path):
    nodes = [{"urn": "a", "ref_id": "a", "name": "A", "parent_urn": "b"}, {"urn": "b", "ref_id": "b", "name": "B", "parent_urn": "a"}]
    (fw,) = ciso_assistant.convert(str(framework_library(tmp_path, "lib.yaml", "loop", nodes)))
    folder = tmp_path / "ws"
    folder.mkdir()
    assert "hierarchy" in {f.rule for f in validate_clean(folder, fw)}


@pytest.mark.parametrize(("tail", "ident", "version"), [
    ("iso27001-2022", "iso27001", "2022"), ("nist-csf-2.0", "nist-csf", "2.0"), ("tisax-v6.0.2", "tisax", "6.0.2"),
    ("fedramp-rev5", "fedramp", "rev5"), ("fncs-v2", "fncs", "2"), ("ccb-cff-2023-03-01", "ccb-cff", "2023-03-01"),
    ("scf-2025.2.2", "scf", "2025.2.2"), ("swift-cscf-v2025", "swift-cscf", "2025"),
    ("cps-230", "cps-230", "3"), ("igi-1300", "igi-1300", "3"), ("cis-benchmark-debian-12", "cis-benchmark-debian-12", "3"),
    ("dora", "dora", "3"),
])
def test_version_is_the_edition_where_the_library_says_it(tmp_path, tail, ident, version):
    """A bare number names a document (CPS 230), not an edition: then the packaging revision (3 here)."""
    (fw,) = ciso_assistant.convert(str(framework_library(tmp_path, "lib.yaml", tail, [{"urn": "a", "ref_id": "A", "name": "A"}])))
    assert (fw["id"], fw["version"]) == (ident, version)
    assert "packaging revision 3" in fw["source"]["note"]


def test_edition_from_the_ref_id_when_the_urn_has_none(tmp_path):
    path = framework_library(tmp_path, "lib.yaml", "pcidss-4_0", [{"urn": "a", "ref_id": "A", "name": "A"}],
                             ref_id="PCI DSS 4.0.1")
    data = parse_text(path.read_text("utf-8"))
    data["objects"]["framework"]["ref_id"] = "PCI DSS 4.0.1"
    path.write_text(dump(data), encoding="utf-8")
    (fw,) = ciso_assistant.convert(str(path))
    assert (fw["id"], fw["version"]) == ("pcidss-4_0", "4.0.1")
    assert "edition the framework's ref_id ends with" in fw["notes"]


@pytest.mark.parametrize(("text", "slug"), [
    ("Référentiel Certification des établissements de santé", "referentiel-certification-des-etablissements-de-sante"),
    ("ﬁnance – Straße", "finance-strae"),  # NFKD: the ligature decomposes; ß has no decomposition
    ("Ελληνικά", "imported"),
])
def test_slugs_are_transliterated_not_dropped(text, slug):
    from crosswalk.formats.ciso_assistant.names import slug as make_slug

    assert make_slug(text) == slug


def test_unicode_urn_tail_gives_a_folded_id(tmp_path):
    (fw,) = ciso_assistant.convert(str(framework_library(
        tmp_path, "lib.yaml", "référentiel-santé-2024", [{"urn": "activité-1", "name": "Activité"}])))
    assert (fw["id"], fw["version"]) == ("referentiel-sante", "2024")
    assert fw["elements"][0]["id"] == "activité-1"  # element ids keep their letters: ids may be any text


def two_frameworks(folder: Path) -> None:
    framework_library(folder, "first.yaml", "alpha-2020", [
        {"urn": "g", "ref_id": "G", "name": "G"}, {"urn": "g.1", "ref_id": "G.1", "name": "G.1", "parent_urn": "g"}])
    framework_library(folder, "second.yaml", "beta-2021", [
        {"urn": "c", "ref_id": "C", "name": "C"}, {"urn": "c.a", "ref_id": "C.a", "name": "C.a", "parent_urn": "c"}])


def test_each_set_has_its_own_direction_from_its_own_urns(tmp_path):
    """Most CISO mapping libraries hold a set and its reverse: the old importer applied one pair of
    options to both, writing the reverse set in the wrong direction (or failing on its URNs)."""
    libraries = tmp_path / "libraries"
    libraries.mkdir()
    two_frameworks(libraries)
    path = mapping_library(libraries, "mapping-a-b.yaml", [
        ("a-to-b", "alpha-2020", "beta-2021", [("g.1", "c.a", "subset")]),
        ("a-to-b-revert", "beta-2021", "alpha-2020", [("c.a", "g.1", "superset")])])
    forward, reverse = ciso_assistant.convert(str(path))  # frameworks found in the file's own folder
    assert (forward["source"], forward["target"]) == ("alpha@2020", "beta@2021")
    assert (reverse["source"], reverse["target"]) == ("beta@2021", "alpha@2020")
    assert forward["rows"][0] | {"rationale": None} == {"source": "G.1", "target": "C.a", "relationship": "subset_of",
                                                       "rationale": None}
    assert reverse["rows"][0]["source"] == "C.a" and reverse["rows"][0]["relationship"] == "superset_of"
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_bytes(path.read_bytes())
    with_dir = ciso_assistant.convert(str(elsewhere), library_dir=str(libraries))
    assert [(m["source"], m["target"], m["rows"]) for m in with_dir] == [
        (m["source"], m["target"], m["rows"]) for m in (forward, reverse)]
    pinned = ciso_assistant.convert(str(elsewhere), library_dir=str(libraries), source="a@1", target="b@1")
    assert [(m["source"], m["target"]) for m in pinned] == [("a@1", "b@1"), ("b@1", "a@1")]


def test_framework_libraries_are_found_by_urn_not_file_name(tmp_path):
    two_frameworks(tmp_path)  # first.yaml, second.yaml: names that say nothing
    path = mapping_library(tmp_path, "map.yaml", [("x", "beta-2021", "alpha-2020", [("c", "g", "equal")])])
    (mapping,) = ciso_assistant.convert(str(path))
    assert mapping["rows"][0]["source"] == "C" and mapping["rows"][0]["target"] == "G"
    with pytest.raises(ImportProblem, match="library_dir=.*not a folder"):
        ciso_assistant.convert(str(path), library_dir=str(tmp_path / "nowhere"))


def test_a_missing_framework_library_is_said_and_its_ids_are_urn_tails(tmp_path, capsys):
    """CISO Assistant ships mappings to CIS Controls v8 but not that framework (its licence)."""
    two_frameworks(tmp_path)
    path = mapping_library(tmp_path, "map.yaml", [("x", "cis-controls-v8", "alpha-2020", [("15.2", "g", "intersect")])])
    converted = ciso_assistant.convert(str(path))
    assert converted[0]["source"] == "cis-controls@8" and converted[0]["rows"][0]["source"] == "15.2"
    assert any(partial and "no framework library for source urn:test:risk:framework:cis-controls-v8" in text
               for partial, text in converted.notices)


def test_dangling_rows_are_skipped_counted_and_refused_with_strict(tmp_path, capsys):
    """iso42001 <-> SCF: 30 of 358 rows name nodes the library lacks; one used to abort the import."""
    two_frameworks(tmp_path)
    path = mapping_library(tmp_path, "map.yaml", [("x", "alpha-2020", "beta-2021", [
        ("g", "c", "intersect"), ("g.9", "c", "intersect"), ("g.1", "c.a", "equal"), ("g.9", "c.z", "subset")])])
    (mapping,) = ciso_assistant.convert(str(path))
    assert [(r["source"], r["target"]) for r in mapping["rows"]] == [("G", "C"), ("G.1", "C.a")]
    assert "2 of 4 rows skipped: they name 2 node(s) that their framework library does not hold" in mapping["notes"]
    out = tmp_path / "out"
    out.mkdir()
    assert main(["import", "ciso-assistant", str(path), "-o", str(out / "m.yaml")]) == 0
    assert "2 of 4 rows skipped" in capsys.readouterr().err
    assert main(["import", "ciso-assistant", str(path), "--strict", "-o", str(out / "strict.yaml")]) == 2
    err = capsys.readouterr().err
    assert "--strict: nothing written" in err and "urn:test:risk:req_node:alpha-2020:g.9" in err
    assert not (out / "strict.yaml").exists()


def test_rows_without_rationale_validate_as_imported_and_free_text_is_kept(tmp_path):
    two_frameworks(tmp_path)
    path = mapping_library(tmp_path, "map.yaml", [("x", "alpha-2020", "beta-2021", [("g", "c", "intersect")])])
    (mapping,) = ciso_assistant.convert(str(path))
    assert mapping["style"] == "strm" and mapping["rows"][0]["rationale"] == "unknown"
    assert mapping["provenance"]["imported_from"].startswith("CISO Assistant library urn:test:risk:library:map")
    free = mapping_library(tmp_path, "free.yaml", [("y", "alpha-2020", "beta-2021", [("g", "c", "intersect")])],
                           rationale="C'est une mesure de sécurité (ITIL4-GEN-03).", strength_of_relationship=90)
    (other,) = ciso_assistant.convert(str(free))
    assert other["rows"][0]["rationale"] == "unknown" and "strength" not in other["rows"][0]
    assert other["rows"][0]["note"] == ("rationale: C'est une mesure de sécurité (ITIL4-GEN-03).\n"
                                        "strength_of_relationship: 90 (outside crosswalk's 0-10)")
    folder = tmp_path / "ws"
    folder.mkdir()
    frameworks = [ciso_assistant.convert(str(tmp_path / name))[0] for name in ("first.yaml", "second.yaml")]
    assert validate_clean(folder, *frameworks, mapping, other) == []


def test_line_separators_become_line_breaks(tmp_path):
    """Three CISO libraries hold U+2028 in texts; written raw, our own loader refused the import."""
    path = framework_library(tmp_path, "lib.yaml", "sep", [{"urn": "a", "ref_id": "A", "name": "A", "description": "@"}])
    text = path.read_text("utf-8")
    written = next(form for form in ('description: "@"', "description: '@'") if form in text)  # as the writer quotes it
    path.write_text(text.replace(written, 'description: "one\\Ltwo\\Pthree"'), "utf-8")
    (fw,) = ciso_assistant.convert(str(path))
    assert fw["elements"][0]["text"] == "one\ntwo\n\nthree"
    folder = tmp_path / "ws"
    folder.mkdir()
    assert validate_clean(folder, fw) == []


def test_a_mapping_import_never_writes_onto_a_framework_library_it_read(tmp_path, capsys):
    two_frameworks(tmp_path)
    path = mapping_library(tmp_path, "map.yaml", [("first", "alpha-2020", "beta-2021", [("g", "c", "equal")])])
    before = (tmp_path / "first.yaml").read_bytes()
    assert main(["import", "ciso-assistant", str(path), "-o", str(tmp_path) + "/"]) == 2  # would write first.yaml
    assert "is an input of this command" in capsys.readouterr().err
    assert (tmp_path / "first.yaml").read_bytes() == before
