"""Export to CISO Assistant: identity through our own import, and through CISO Assistant's own converter.

The converter (``convert_library_v2.py``, AGPL-3.0) is run as an outside program from
``../shared/reference``, never copied: those tests skip only where that folder is absent.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswalk.cli import main
from crosswalk.formats import ExportProblem, ciso_assistant
from crosswalk.workspace import load
from crosswalk.yamlio import parse_text
from crosswalk.yamlwrite import dump
from tests.test_importer_hardening import mutate, outcome

ROOT = Path(__file__).resolve().parents[1]
CONVERTER = ROOT.parent / "shared" / "reference" / "intuitem_ciso-assistant-community" / "tools" / "convert_library_v2.py"
needs_converter = pytest.mark.skipif(not CONVERTER.is_file(), reason=f"{CONVERTER} is absent")

URN = re.compile(r"urn:[a-z0-9_-]+:[a-z0-9_-]+:[a-z0-9_-]+(?::[a-z0-9_-]+)?:[0-9a-z\[\]()\-._:]+\Z")
"""CISO Assistant's URN shape: ``urn:<packager>:risk:<object type>[:<namespace>]:<tail>``, the tail of
letters, digits and ``[]()-._:``; written lower case, as CISO Assistant stores them."""


@pytest.fixture(scope="module")
def shipped():
    return load([], include_builtin=True, include_cwd=False)


def framework_refs(workspace) -> list[str]:
    return sorted(workspace.frameworks)


def export_all(workspace, folder: Path) -> dict[str, Path]:
    written = {}
    for ref, framework in workspace.frameworks.items():
        path = folder / f"{framework.id}-{framework.version}.yaml"
        path.write_bytes(ciso_assistant.export(workspace, ref))
        written[ref] = path
    for mapping in workspace.mappings:
        path = folder / f"mapping-{mapping.id}.yaml"
        path.write_bytes(ciso_assistant.export(workspace, mapping.id))
        written[mapping.id] = path
    return written


def test_export_then_import_is_the_identity_on_every_shipped_framework_and_mapping(shipped, tmp_path):
    written = export_all(shipped, tmp_path)
    assert len(written) == len(shipped.frameworks) + len(shipped.mappings) >= 18
    for ref, framework in shipped.frameworks.items():
        converted = ciso_assistant.convert(str(written[ref]))
        assert list(converted) == [shipped.document(framework.path).data], ref
        assert converted.notices == []
    for mapping in shipped.mappings:
        converted = ciso_assistant.convert(str(written[mapping.id]))  # its frameworks found in the same folder
        assert list(converted) == [shipped.document(mapping.path).data], mapping.id
        assert converted.notices == []


def test_the_export_is_a_library_as_ciso_assistant_loads_it(shipped, tmp_path):
    """What their loader requires (library ref_id, urn, locale, objects, version; framework ref_id and
    urn; node urn; a set's urn and name; a row's two URNs and relationship), URNs of their shape, names
    within their 200 characters, and every URN a mapping names declared by the framework it exports."""
    written = export_all(shipped, tmp_path)
    node_urns: set[str] = set()
    framework_urns: set[str] = set()
    for ref in framework_refs(shipped):
        library = parse_text(written[ref].read_text("utf-8"))
        assert {"ref_id", "urn", "locale", "objects", "version"} <= set(library) and isinstance(library["version"], int)
        framework = library["objects"]["framework"]
        assert URN.match(library["urn"]) and URN.match(framework["urn"]) and framework["ref_id"]
        framework_urns.add(framework["urn"])
        urns = [node["urn"] for node in framework["requirement_nodes"]]
        assert len(set(urns)) == len(urns) and all(URN.match(urn) for urn in urns)
        assert all(len(node["name"]) <= 200 for node in framework["requirement_nodes"])
        depth = {}
        for node in framework["requirement_nodes"]:  # parents come first: the tree order their formats need
            depth[node["urn"]] = depth[node["parent_urn"]] + 1 if "parent_urn" in node else 1
            assert node["depth"] == depth[node["urn"]]
        node_urns.update(urns)
    for mapping in shipped.mappings:
        library = parse_text(written[mapping.id].read_text("utf-8"))
        (mapping_set,) = library["objects"]["requirement_mapping_sets"]
        assert URN.match(mapping_set["urn"]) and mapping_set["name"]
        assert {mapping_set["source_framework_urn"], mapping_set["target_framework_urn"]} <= framework_urns
        for row in mapping_set["requirement_mappings"]:
            assert row["source_requirement_urn"] in node_urns and row["target_requirement_urn"] in node_urns
            assert row["relationship"] in ("equal", "subset", "superset", "intersect", "not_related")


def test_export_is_deterministic(shipped):
    for ref in ("nist-ai-rmf@1.0", "nist-ai-rmf-1.0--aiverify-2023"):
        assert ciso_assistant.export(shipped, ref) == ciso_assistant.export(shipped, ref)
    assert ciso_assistant.export(shipped, "aiverify@2023", "a.xlsx") == ciso_assistant.export(shipped, "aiverify@2023", "b.xlsx")


def test_many_to_many_rows_and_concept_relationships_survive(shipped, tmp_path):
    """nist-ai-rmf-1.0--tta-trustworthy-ai-2023 has 21 rows naming several elements, all 'related',
    which CISO Assistant has no word for: one CISO row per pair, written 'intersect', and back."""
    written = export_all(shipped, tmp_path)
    library = parse_text(written["nist-ai-rmf-1.0--tta-trustworthy-ai-2023"].read_text("utf-8"))
    rows = library["objects"]["requirement_mapping_sets"][0]["requirement_mappings"]
    original = shipped.document(shipped.mapping("nist-ai-rmf-1.0--tta-trustworthy-ai-2023").path).data["rows"]
    def size(ids: object) -> int:
        return len(ids) if isinstance(ids, list) else 1

    pairs = sum(size(r["source"]) * size(r["target"]) for r in original)
    assert len(rows) > len(original) and {row["relationship"] for row in rows} == {"intersect"}
    assert len(rows) == pairs


@needs_converter
def test_ciso_assistants_own_converter_builds_our_framework_from_our_excel_export(shipped, tmp_path):
    """Each shipped framework as their Excel v2 workbook, through their convert_library_v2.py: the
    library it writes imports back equal to what we started from, and its framework is the one our
    YAML export holds."""
    for ref, framework in shipped.frameworks.items():
        workbook = tmp_path / f"{framework.id}-{framework.version}.xlsx"
        workbook.write_bytes(ciso_assistant.export(shipped, ref, str(workbook)))
        converted_path = tmp_path / f"{framework.id}-{framework.version}-converted.yaml"
        run = subprocess.run([sys.executable, str(CONVERTER), str(workbook), "--output", str(converted_path)],
                             capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert run.returncode == 0 and converted_path.is_file(), run.stdout + run.stderr
        (back,) = ciso_assistant.convert(str(converted_path))
        assert back == shipped.document(framework.path).data, ref
        # as CISO Assistant reads its libraries (PyYAML): their converter writes a plain 08 for ref_id "08"
        theirs = parse_text(converted_path.read_text("utf-8"), yaml11=True)["objects"]["framework"]
        ours = parse_text(ciso_assistant.export(shipped, ref).decode("utf-8"), yaml11=True)["objects"]["framework"]
        assert theirs["requirement_nodes"] == ours["requirement_nodes"]
        assert {k: v for k, v in theirs.items() if v is not None} == ours


# --- the command ---------------------------------------------------------------------------------


def test_cli_export_writes_a_framework_and_a_mapping(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "ciso-assistant", "nist-ai-rmf", "-o", "rmf.yaml"]) == 0
    assert main(["export", "ciso-assistant", "nist-ai-rmf-1.0--aiverify-2023", "-o", "map.yaml"]) == 0
    assert main(["export", "ciso-assistant", "aiverify@2023", "-o", "aiverify.xlsx"]) == 0
    err = capsys.readouterr().err
    assert "wrote rmf.yaml (ciso-assistant nist-ai-rmf)" in err and "wrote aiverify.xlsx" in err
    assert (tmp_path / "aiverify.xlsx").read_bytes()[:2] == b"PK"
    library = parse_text((tmp_path / "map.yaml").read_text("utf-8"))
    assert library["objects"]["requirement_mapping_sets"][0]["ref_id"] == "nist-ai-rmf-1.0--aiverify-2023"
    assert main(["export", "ciso-assistant", "nist-ai-rmf"]) == 0  # standard output
    assert capsys.readouterr().out.startswith("urn: urn:crosswalk:risk:library:nist-ai-rmf-1.0\n")


@pytest.mark.parametrize(("argv", "message"), [
    (["nist-ai-rmff", "-o", "x.yaml"], "no framework or mapping named 'nist-ai-rmff' (did you mean 'nist-ai-rmf"),
    (["aiverify", "-o", "x.yaml"], "'aiverify' is ambiguous: name a version"),
    (["nist-ai-rmf-1.0--aiverify-2023", "-o", "x.xlsx"], "is a mapping: the Excel v2 export holds a framework"),
    (["aiverify@2023"], None),
    (["nist-ai-rmf", "-o", "missing/x.yaml"], "the folder missing does not exist"),
    (["nist-ai-rmf", "-o", "out/"], "names a folder"),
    (["nist-ai-rmf", "--option", "colour=red"], "ciso-assistant: unknown option colour; known: none (see 'crosswalk export --help')"),
])
def test_cli_export_refusals_are_one_line(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    if argv == ["aiverify@2023"]:  # a text export to standard output is fine; an .xlsx needs a file
        assert main(["export", "ciso-assistant", *argv]) == 0
        return
    assert main(["export", "ciso-assistant", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("crosswalk: error: ") and message in err and err.count("\n") == 1, err
    assert not list(tmp_path.iterdir())


def test_cli_export_never_writes_onto_an_input(tmp_path, capsys, monkeypatch):
    """A library file is an input of the run: the write gate refuses it whatever it is called."""
    monkeypatch.chdir(tmp_path)
    library = tmp_path / "lib"
    library.mkdir()
    source = ROOT / "frameworks" / "oecd-ai-principles-2024.yaml"
    (library / "oecd.yaml").write_bytes(source.read_bytes())
    before = (library / "oecd.yaml").read_bytes()
    assert main(["export", "ciso-assistant", "oecd-ai-principles", "--no-builtin", "--library", "lib",
                 "-o", "lib/oecd.yaml"]) == 2
    assert "is an input of this command" in capsys.readouterr().err
    assert (library / "oecd.yaml").read_bytes() == before


def test_export_refuses_what_ciso_assistant_cannot_hold(tmp_path, shipped):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "fw.yaml").write_text(
        "kind: framework\nid: a\nversion: '1'\nname: A\npublisher: P\nlevels: [x]\n"
        "elements:\n  - {id: e, title: E, level: x}\n", "utf-8")
    (folder / "m.yaml").write_text(
        "kind: mapping\nid: sup\nsource: a@1\ntarget: a@1\nstyle: supportive\n"
        "provenance: {author: t, method: human, status: draft, judgement: ours}\n"
        "rows:\n  - {source: e, target: e, relationship: supports}\n", "utf-8")
    workspace = load([folder], include_builtin=False, include_cwd=False)
    with pytest.raises(ExportProblem, match="no supportive relationships"):
        ciso_assistant.export(workspace, "sup")


def test_export_help_lists_the_formats(capsys):
    assert main(["export", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"ciso-assistant: {ciso_assistant.EXPORT_DESCRIPTION}" in out and "(no options)" in out


@settings(max_examples=int(os.environ.get("CROSSWALK_IMPORT_FUZZ", "0")) or 40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_fuzz_exported_libraries_import_or_refuse_cleanly(data):
    """Our own export, changed at random (a crosswalk block included): a valid conversion or an
    ImportProblem naming the file, as for every other input (see test_importer_hardening)."""
    workspace = _small_workspace()
    ref = data.draw(st.sampled_from(["sg-mgf-genai@2024", "us-sg-shared-principles-2024--oecd-ai-principles-2024"]))
    library = parse_text(ciso_assistant.export(workspace, ref).decode("utf-8"))
    changed = mutate(data.draw, library)
    with tempfile.TemporaryDirectory() as folder:
        for other in ("us-sg-shared-principles@2024", "oecd-ai-principles@2024"):
            (Path(folder) / f"{other}.yaml").write_bytes(ciso_assistant.export(workspace, other))
        path = Path(folder) / "input.yaml"
        path.write_text(dump(changed), "utf-8")
        outcome(lambda: ciso_assistant.convert(str(path)), path)


_SMALL: list = []


def _small_workspace():
    if not _SMALL:
        _SMALL.append(load([], include_builtin=True, include_cwd=False))
    return _SMALL[0]
