"""Importers on hostile input: every outcome is a valid conversion or an ImportProblem that names the file.

Why: an importer reads what another tool (or an attacker) made. Zip bombs, XML entity tricks, JSON
that Python reads loosely (duplicate keys, NaN, 1e400, 5,000-digit integers, deep nesting), wrong
types anywhere, and special files must each end as a one-line message at exit 2, never as an
internal error, a hang or gigabytes of memory. Hostile inputs are built here, small, by the tests;
nothing large is committed. The last tests mutate the importers' real test fixtures at random.
"""

from __future__ import annotations

import copy
import json
import os
import random
import struct
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from crosswalk import schema
from crosswalk.cli import main
from crosswalk.formats import ImportProblem, aiverify_checklist, aiverify_xlsx, ciso_assistant, cprt
from crosswalk.formats.finish import MAX_JSON_BYTES
from crosswalk.formats import workbook as gate
from crosswalk.yamlio import parse_text
from crosswalk.yamlwrite import dump
from tests.guards import no_hang
from tests.test_format_aiverify_xlsx import workbook
from tests.test_format_ciso_assistant import library
from tests.test_format_cprt import EXPORT

ROOT = Path(__file__).resolve().parents[1]
EXCERPT = ROOT / "tests" / "data" / "aiverify" / "checklist-excerpt.json"
SHEET = "xl/worksheets/sheet2.xml"  # "1. Transparency" in the workbook of test_format_aiverify_xlsx
ALL = {"aiverify-checklist": aiverify_checklist, "cprt": cprt, "ciso-assistant": ciso_assistant,
       "aiverify-2025-xlsx": aiverify_xlsx}
SUFFIX = {"aiverify-checklist": ".json", "cprt": ".json", "ciso-assistant": ".yaml", "aiverify-2025-xlsx": ".xlsx"}


def cli_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run ``crosswalk import ...``; it must fail cleanly; return its one-line message."""
    code = main(["import", *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("crosswalk: error: ") and "internal error" not in err and "Traceback" not in err, err
    return err


# --- the reading gate: regular files of a bounded size, read once --------------------------------


@pytest.mark.parametrize("name", sorted(ALL))
def test_special_and_oversized_files_are_refused(tmp_path: Path, name: str) -> None:
    module = ALL[name]
    fifo = tmp_path / f"pipe{SUFFIX[name]}"
    os.mkfifo(fifo)
    zero = tmp_path / f"zero{SUFFIX[name]}"
    zero.symlink_to("/dev/zero")
    with no_hang(30):
        with pytest.raises(ImportProblem, match=r"is a named pipe \(FIFO\), not a regular file"):
            module.convert(str(fifo))
        with pytest.raises(ImportProblem, match="is a character device, not a regular file"):
            module.convert(str(zero))
        with pytest.raises(ImportProblem, match="is a directory, not a file to import"):
            module.convert(str(tmp_path))
    sparse = tmp_path / f"huge{SUFFIX[name]}"
    with open(sparse, "wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk used, and never read
    with pytest.raises(ImportProblem, match=r"file to import is 67,108,865 bytes, above the"):
        module.convert(str(sparse))


def test_json_limit_is_the_documented_one(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:
        handle.truncate(MAX_JSON_BYTES + 1)
    with pytest.raises(ImportProblem, match=f"above the {MAX_JSON_BYTES:,}-byte limit"):
        cprt.convert(str(path))
    with open(path, "wb") as handle:
        handle.truncate(MAX_JSON_BYTES)  # at the limit: read, then refused as JSON, not for its size
    with pytest.raises(ImportProblem, match=r"big.json:1:1: not valid JSON"):
        cprt.convert(str(path))


# --- JSON: what Python's json module lets through or crashes on -----------------------------------

EXPORT_TEXT = json.dumps(EXPORT)
CHECKLIST_TEXT = EXCERPT.read_text("utf-8")


def cprt_with(fragment: str) -> str:
    """The CPRT export with the first document's version written as ``fragment`` (raw JSON)."""
    return EXPORT_TEXT.replace('"version": "2.0"', f'"version": {fragment}', 1)


CPRT_VERSION = "$.response.elements.documents[0]"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (cprt_with("1" * 5000), f"{CPRT_VERSION}.version: an integer of 5,000 digits"),
        (cprt_with("-" + "9" * 4400), f"{CPRT_VERSION}.version: an integer of 4,400 digits"),
        (cprt_with("1e400"), f"{CPRT_VERSION}.version: the number 1e400 is too large to hold"),
        (cprt_with("-1e400"), f"{CPRT_VERSION}.version: the number -1e400 is too large to hold"),
        (cprt_with("NaN"), f"{CPRT_VERSION}.version: NaN is not a JSON number"),
        (cprt_with("Infinity"), f"{CPRT_VERSION}.version: Infinity is not a JSON number"),
        (cprt_with("-Infinity"), f"{CPRT_VERSION}.version: -Infinity is not a JSON number"),
        (cprt_with('"2.0", "version": "3.0"'), f"{CPRT_VERSION}: duplicate key 'version'"),
        (cprt_with('"2.0\\ud800"'), f"{CPRT_VERSION}.version: the text holds a lone UTF-16 surrogate"),
        (EXPORT_TEXT.replace('"name": "CSF 2.0"', '"n\\udc00": "CSF 2.0"', 1),
         f"{CPRT_VERSION}[\"n\\udc00\"]: key 'n\\udc00' holds a lone UTF-16 surrogate"),
        ("[" * 100_000 + "]" * 100_000, "the JSON is nested too deeply"),
        ('{"response": ', "export.json:1:14: not valid JSON (Expecting value)"),
        ('{"a": 1}\n\n  {', "export.json:3:3: not valid JSON (Extra data)"),
    ],
)
def test_json_surprises_are_refused_with_the_place(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   text: str, message: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(text, "utf-8")
    with pytest.raises(ImportProblem) as caught:
        cprt.convert(str(path))
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)
    assert message in cli_error(capsys, "cprt", str(path))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"pid": "2.1.1"', '"pid": "2.1.1", "pid": "2.1.2"', "$.checklists[0].sections[0].criteria[0].processes[0]: "
                                                            "duplicate key 'pid'"),
        ('"pid": "2.1.1"', '"pid": 1e999', "$.checklists[0].sections[0].criteria[0].processes[0].pid: the number 1e999"),
        ('"pid": "2.1.1"', '"pid": NaN', "processes[0].pid: NaN is not a JSON number"),
        ('"pid": "2.1.1"', '"pid": ' + "7" * 5000, "processes[0].pid: an integer of 5,000 digits"),
        ('"pid": "2.1.1"', '"pid": ["2.1.1"]', "processes[0].pid: expected text, found list"),
        ('"checklists": [', '"checklists": {"x": [', "$.checklists: expected a list 'checklists', found dict"),
    ],
)
def test_checklist_json_surprises_are_refused_with_the_place(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in CHECKLIST_TEXT
    text = CHECKLIST_TEXT.replace(old, new, 1)
    if new.startswith('"checklists": {'):
        text = text.rstrip().removesuffix("}") + "}}"
    path = tmp_path / "export.json"
    path.write_text(text, "utf-8")
    with pytest.raises(ImportProblem) as caught:
        aiverify_checklist.convert(str(path), what="both")
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def test_surrogate_pairs_and_a_byte_order_mark_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(b"\xef\xbb\xbf" + cprt_with('"2.0"').replace('"GOVERN"', '"GOVERN \\ud83d\\ude00"').encode())
    frameworks = {d["id"]: d for d in cprt.convert(str(path)) if d["kind"] == "framework"}
    assert frameworks["csf_2_0"]["elements"][0]["title"] == "GOVERN \U0001F600"


def cprt_broken(change: Callable[[dict[str, Any]], None]) -> str:
    data = copy.deepcopy(EXPORT)
    change(data["response"]["elements"])
    return json.dumps(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(documents={"a": 1}), "$.response.elements.documents: expected a list, found an object"),
        (lambda p: p["documents"].insert(0, 5), "$.response.elements.documents[0]: expected an object"),
        (lambda p: p["documents"][0].update(doc_identifier=["x"]),
         "$.response.elements.documents[0].doc_identifier: expected text, found a list"),
        (lambda p: p["documents"][0].update(name={"en": "CSF"}),
         "$.response.elements.documents[0].name: expected text, found an object"),
        (lambda p: p["elements"][1].update(element_identifier=True),
         "$.response.elements.elements[1].element_identifier: expected text, found true/false"),
        (lambda p: p["elements"][1].update(title=[1]), "$.response.elements.elements[1].title: expected text"),
        (lambda p: p["elements"].append("GV"), "$.response.elements.elements[4]: expected an object"),
        (lambda p: p["elements"][2].pop("doc_identifier"),
         "$.response.elements.elements[2]: lacks element_identifier or doc_identifier"),
        (lambda p: p.update(elements=[]), "$.response.elements.elements: the export holds no elements"),
        (lambda p: p.update(relationships=5), "$.response.elements.relationships: expected a list, found a number"),
        (lambda p: p["relationships"][0].pop("relationship_identifier"),
         "$.response.elements.relationships[0]: missing 'relationship_identifier'"),
        (lambda p: p["relationships"][1].update(dest_element_identifier={"id": "x"}),
         "$.response.elements.relationships[1].dest_element_identifier: expected text, found an object"),
        (lambda p: p["elements"][0].update(element_identifier="GV@1"),
         "$.response.elements.elements[0].element_identifier: 'GV@1' cannot be an element id: an element id has no '@'"),
        (lambda p: p["relationships"][2].update(dest_element_identifier="GOVERN 1.1 "),
         "$.response.elements.relationships[2].dest_element_identifier: 'GOVERN 1.1 ' cannot be an element id"),
        # valid JSON and the right shape, but not a valid framework: said before anything is written
        (lambda p: p["documents"][0].update(website="https://x", name=""), None),
        (lambda p: p["elements"][0].update(element_type="x" * 101),
         "the framework 'csf_2_0' it yields would be invalid at levels[0]"),
        (lambda p: p["documents"].append({"doc_identifier": "csf_2_0", "version": "2.0"}) or p["elements"].append(
            {"doc_identifier": "csf_2_0", "element_identifier": "X"}),
         "two documents would both be the framework 'csf_2_0' version '2.0'"),
    ],
)
def test_cprt_wrong_types_name_the_json_path(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            change: Callable[[dict[str, Any]], None], message: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(cprt_broken(change), "utf-8")
    if message is None:  # not every oddity is a problem
        assert main(["import", "cprt", str(path)]) == 0
        return
    assert message in cli_error(capsys, "cprt", str(path))


def test_cprt_slug_collision_between_documents(tmp_path: Path) -> None:
    data = {"response": {"elements": {"documents": [], "elements": [
        {"doc_identifier": "A B", "element_identifier": "x"}, {"doc_identifier": "a-b", "element_identifier": "y"}]}}}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ImportProblem, match="two documents would both be the framework 'a-b' version '1'"):
        cprt.convert(str(path))


def chain(n: int, cycle: bool) -> dict[str, Any]:
    """A CPRT export whose one document is a projection chain e0 -> e1 -> ... (and back to e0 if ``cycle``)."""
    kinds = ["top"] + ["middle"] * (n - 2) + ["deep"]
    elements = [{"doc_identifier": "D", "element_identifier": f"e{i}", "element_type": kind} for i, kind in enumerate(kinds)]
    links = [(i, i + 1) for i in range(n - 1)] + ([(n - 1, 0)] if cycle else [])
    relationships = [{"source_doc_identifier": "D", "source_element_identifier": f"e{a}", "dest_doc_identifier": "D",
                      "dest_element_identifier": f"e{b}", "relationship_identifier": "projection"} for a, b in links]
    return {"response": {"elements": {"elements": elements, "relationships": relationships}}}


def test_cprt_long_projection_chain_keeps_its_depth_order(tmp_path: Path) -> None:
    """5,000 deep: depths come from one memoised pass (a walk per element would be quadratic)."""
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(chain(5000, cycle=False)))
    (framework,) = cprt.convert(str(path))
    assert framework["levels"] == ["top", "middle", "deep"]
    assert framework["elements"][-1]["parent"] == "e4998" and "parent" not in framework["elements"][0]
    path.write_text(json.dumps(chain(5000, cycle=True)))  # a cycle: converted (validate reports it), the same each time
    (first,) = cprt.convert(str(path))
    assert first["elements"][0]["parent"] == "e4999" and first == cprt.convert(str(path))[0]


@pytest.mark.parametrize("ident", ["../../x", "/etc/x", "x\n", "A", ""])
def test_ids_from_options_that_are_no_ids_are_refused_by_the_importers(tmp_path: Path, ident: str) -> None:
    """The writer has its own guard; an importer never even yields a document whose id is a path."""
    path = workbook(tmp_path)
    if ident:  # an empty id means "the default" for these two
        with pytest.raises(ImportProblem, match=r"the profile .* would be invalid at id|--option id="):
            aiverify_xlsx.convert(str(path), id=ident)
        with pytest.raises(ImportProblem, match="--option id="):
            aiverify_checklist.convert(str(EXCERPT), id=ident)
    lib = library(tmp_path, "alpha", [("g1", "G1", None, 1)])
    with pytest.raises(ImportProblem, match="--option id=|the framework 'x' it yields would be invalid at version"):
        ciso_assistant.convert(str(lib), id=ident or "x", version="../1" if not ident else "1")


# --- CISO Assistant: YAML through the strict loader, wrong types at file:line:col -----------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("objects:\n  framework: !!python/object:os.system {}\n", ":2:14: tag '!!python/object:os.system' is not allowed"),
        ("objects:\n  framework:\n    name: &n x\n    ref_id: *n\n", ":3:11: aliases (*name) are not allowed"),
        ("objects:\n  a: 1\n  a: 2\n", ":3:3: duplicate key 'a'"),
        ("objects:\n  framework:\n    requirement_nodes:\n      - urn: x\n        depth: [1]\n",
         ":5:16: $.objects.framework.requirement_nodes[0].depth: expected a whole number"),
        ("objects:\n  framework:\n    requirement_nodes:\n      - urn: x\n        name: {a: 1}\n",
         ":5:15: $.objects.framework.requirement_nodes[0].name: expected text, found an object"),
        ("objects:\n  framework:\n    requirement_nodes:\n      - urn: [x]\n",
         ":4:14: $.objects.framework.requirement_nodes[0].urn: expected text, found a list"),
        ("objects:\n  framework:\n    requirement_nodes:\n      - urn: x\n        assessable: maybe\n",
         ":5:21: $.objects.framework.requirement_nodes[0].assessable: expected true or false, found text"),
        ("objects:\n  framework:\n    requirement_nodes: {a: 1}\n",
         ":3:24: $.objects.framework.requirement_nodes: expected a list, found an object"),
        ("objects:\n  framework:\n    requirement_nodes:\n      - 5\n",
         ":4:9: $.objects.framework.requirement_nodes[0]: expected an object (a mapping), found a number"),
        ("objects:\n  requirement_mapping_sets: 5\n", ":2:29: $.objects.requirement_mapping_sets: expected a list"),
        ("objects:\n  requirement_mapping_set:\n    requirement_mappings:\n      - {source_requirement_urn: a, "
         "target_requirement_urn: b, relationship: equal, annotation: [x]}\n",
         ":4:97: $.objects.requirement_mapping_set.requirement_mappings[0].annotation: expected text, found a list"),
        ("objects:\n  framework:\n    ref_id: '-'\n    requirement_nodes:\n      - {urn: 'x:y', depth: 1" + "0" * 99 + "}\n",
         ":5:29: integer of 100 digits is too long"),
    ],
)
def test_ciso_assistant_refusals_have_file_line_column(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      text: str, message: str) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text(text, "utf-8")
    err = cli_error(capsys, "ciso-assistant", str(path), "--option", "source=a@1", "--option", "target=b@1")
    assert (f"{path}{message}" if message.startswith(":") else message) in err, err


@pytest.mark.parametrize(("text", "written", "changed"), [
    ("objects:\n  framework:\n    ref_id: A@B\n    requirement_nodes:\n      - urn: 'x:y@z'\n", "'y@z'", "y(at)z"),
    ("objects:\n  framework:\n    requirement_nodes:\n      - {urn: 'x:y', ref_id: 'a,b'}\n", "'a,b'", "a;b"),
])
def test_ciso_assistant_ids_our_rule_refuses_are_changed_and_reported_or_refused_with_strict(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, written: str, changed: str) -> None:
    """Real libraries hold such ids (cisco-ccf-v3.0, RNSI-Algerie-2020): they are changed one predictable
    way and said so; --strict keeps the old refusal, writing nothing."""
    path = tmp_path / "lib.yaml"
    path.write_text(text, "utf-8")
    out = tmp_path / "out.yaml"
    err = cli_error(capsys, "ciso-assistant", str(path), "--strict", "-o", str(out))
    assert "--strict: nothing written" in err and f"{written} -> '{changed}'" in err and not out.exists()
    assert main(["import", "ciso-assistant", str(path), "-o", str(out)]) == 0
    assert f"{written} -> '{changed}'" in capsys.readouterr().err
    assert parse_text(out.read_text("utf-8"))["elements"][0]["id"] == changed


def test_ciso_assistant_library_option_goes_through_the_gate(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("objects:\n  requirement_mapping_set:\n    requirement_mappings: []\n", "utf-8")
    fifo = tmp_path / "lib.yaml"
    os.mkfifo(fifo)
    with no_hang(30), pytest.raises(ImportProblem, match="lib.yaml: is a named pipe"):
        ciso_assistant.convert(str(mapping), source="a@1", target="b@1", source_library=str(fifo))
    broken = tmp_path / "broken.yaml"
    broken.write_text("objects:\n  framework:\n    requirement_nodes: 5\n", "utf-8")
    with pytest.raises(ImportProblem, match=r"broken.yaml:3:24: \$.objects.framework.requirement_nodes: expected a list"):
        ciso_assistant.convert(str(mapping), source="a@1", target="b@1", target_library=str(broken))


# --- xlsx: zip bombs, lying headers, XML entity tricks, damaged parts, chart sheets ---------------


def rezip(source: Path, target: Path, change: dict[str, Callable[[bytes], bytes]] | None = None,
          extra: dict[str, bytes] | None = None, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A copy of the workbook ``source`` with some parts changed or added."""
    change = change or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", method) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change.get(info.filename, lambda d: d)(data))
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def bomb(source: Path, target: Path, rows: int, member: str = SHEET) -> Path:
    """The workbook with ``member`` replaced by ``rows`` identical rows, written streaming (about 1000:1)."""
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != member:
                new.writestr(info.filename, old.read(info.filename))
                continue
            with new.open(member, "w", force_zip64=True) as stream:
                stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                for _ in range(rows):
                    stream.write(row)
                stream.write(b"</sheetData></worksheet>")
    return target


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    return workbook(tmp_path)


@pytest.fixture()
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl must not even be asked: the refusal comes from the zip directory."""
    import openpyxl

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl was asked to read a workbook that should have been refused first")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_zip_bomb_is_refused_from_the_directory(tmp_path: Path, good: Path, no_openpyxl: None,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = bomb(good, tmp_path / "bomb.xlsx", rows=50_000)  # 50 MB of XML in about 60 KB
    assert path.stat().st_size < 200_000
    err = cli_error(capsys, "aiverify-2025-xlsx", str(path))
    assert f"part '{SHEET}' inflates to 52,400,112 bytes, above the limit of 4,194,304 per part" in err
    assert "zip bomb" in err


def test_high_ratio_part_under_the_size_limit_is_refused(tmp_path: Path, good: Path, no_openpyxl: None) -> None:
    path = bomb(good, tmp_path / "ratio.xlsx", rows=2_000)  # 2 MB at about 1000:1
    with pytest.raises(ImportProblem, match=rf"part '{SHEET}' inflates \d+ times .* above the limit of 100"):
        aiverify_xlsx.convert(str(path))


def test_parts_that_add_up_past_the_total_are_refused(tmp_path: Path, good: Path, no_openpyxl: None) -> None:
    rng = random.Random(0)
    parts = {f"xl/media/filler{i}.bin": rng.randbytes(1_800_000).hex().encode() for i in range(5)}  # 3.6 MB each, 2:1
    path = rezip(good, tmp_path / "many.xlsx", extra=parts)
    with pytest.raises(ImportProblem, match=r"the workbook inflates to 1[0-9,]+ bytes, above the limit of 16,777,216"):
        aiverify_xlsx.convert(str(path))


def lie_about_size(path: Path, member: str, declared: int) -> None:
    """Write ``declared`` as ``member``'s inflated size in the zip's central directory and local header."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_at, name_length_at, name_at in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        at = data.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", data, at + name_length_at)[0]
            if data[at + name_at:at + name_at + length] == name:
                struct.pack_into("<I", data, at + size_at, declared)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_a_header_that_lies_about_the_size_cannot_inflate_more(tmp_path: Path, good: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = bomb(good, tmp_path / "liar.xlsx", rows=20_000)  # 20 MB really, 3,000 bytes declared
    lie_about_size(path, SHEET, 3000)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(SHEET).file_size == 3000
        stream = archive.open(SHEET)
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"):
            stream.read(1_000_000)  # zipfile stops at the declared size: the premise of the size checks
    err = cli_error(capsys, "aiverify-2025-xlsx", str(path))
    assert f"part '{SHEET}': broken zip archive: Bad CRC-32" in err and "save it again as .xlsx" in err


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%s;" % (b"" if i == 2 else b"%d" % (i - 1))
                                                                   for _ in range(10))) for i in range(2, 10))
          + b"]>")
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def with_entity(prolog: bytes, entity: bytes) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[-1]
        return prolog + body.replace(b"<t>Transparency</t>", b"<t>" + entity + b"</t>", 1).replace(
            b'name="1. Transparency"', b'name="1. ' + entity + b'"', 1)
    return change


@pytest.mark.parametrize("member", [SHEET, "xl/workbook.xml"])
@pytest.mark.parametrize(("prolog", "entity"), [(LAUGHS, b"&lol9;"), (XXE, b"&xxe;")], ids=["laughs", "xxe"])
def test_xml_entities_are_refused_by_the_dtd_check_and_by_the_parser(
        tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        member: str, prolog: bytes, entity: bytes) -> None:
    path = rezip(good, tmp_path / "entity.xlsx", {member: with_entity(prolog, entity)})
    err = cli_error(capsys, "aiverify-2025-xlsx", str(path), "--option", "what=framework")
    assert f"part '{member}' declares a DTD (<!DOCTYPE ...>)" in err
    # Defence in depth: without the DTD check, the XML parser's own refusal still ends as a clear message.
    monkeypatch.setattr(gate, "_check_parts", lambda path, archive: None)
    err = cli_error(capsys, "aiverify-2025-xlsx", str(path), "--option", "what=framework")
    assert "not a readable .xlsx workbook (damaged, or not an Excel file): " in err and "XML error" in err
    assert "root:" not in err


def test_a_dtd_in_utf16_is_found_too(tmp_path: Path, good: Path) -> None:
    def utf16(data: bytes) -> bytes:
        text = XXE.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"') + data.decode().split("?>", 1)[-1]
        return text.encode("utf-16")

    path = rezip(good, tmp_path / "utf16.xlsx", {SHEET: utf16})
    with pytest.raises(ImportProblem, match="declares a DTD"):
        aiverify_xlsx.convert(str(path))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({SHEET: lambda d: d[: len(d) // 2]}, "sheet '1. Transparency': XML error: unclosed token: line 1"),
        ({SHEET: lambda d: d.replace(b"Transparency", b"Transp\xffarency")},
         "sheet '1. Transparency': XML error: not well-formed (invalid token)"),
        # openpyxl parses these two parts itself, with lxml where installed (a dependency) and expat
        # otherwise: the parser's own words differ, the kind of message does not
        ({"xl/workbook.xml": lambda d: d[: len(d) // 2]}, "XML error: "),
        ({"xl/styles.xml": lambda d: b"nonsense"}, "XML error: "),
        ({"[Content_Types].xml": lambda d: b"<Types/>"}, "OSError: File contains no valid workbook part"),
        ({SHEET: lambda d: d.replace(b'r="A1"', b'r="ZZZZZZZZZ1"', 1)}, "sheet '1. Transparency': ValueError"),
    ],
)
def test_damaged_parts_say_the_workbook_is_damaged(tmp_path: Path, good: Path, capsys: pytest.CaptureFixture[str],
                                                   change: dict[str, Callable[[bytes], bytes]], message: str) -> None:
    path = rezip(good, tmp_path / "damaged.xlsx", change)
    err = cli_error(capsys, "aiverify-2025-xlsx", str(path), "--option", "what=framework")
    assert "not a readable .xlsx workbook (damaged, or not an Excel file): " in err and message in err, err
    assert "save it again as .xlsx" in err


def test_not_a_zip_an_xls_and_exotic_compression(tmp_path: Path, good: Path) -> None:
    text = tmp_path / "text.xlsx"
    text.write_text("hello", "utf-8")
    with pytest.raises(ImportProblem, match="the file is not a zip archive, which every .xlsx is"):
        aiverify_xlsx.convert(str(text))
    ole = tmp_path / "old.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(ImportProblem, match="an old .xls file or a password-protected workbook"):
        aiverify_xlsx.convert(str(ole))
    bz = rezip(good, tmp_path / "bzip2.xlsx", method=zipfile.ZIP_BZIP2)
    with pytest.raises(ImportProblem, match="uses zip compression method 12, which Excel and LibreOffice never write"):
        aiverify_xlsx.convert(str(bz))


def test_a_chart_sheet_is_named(tmp_path: Path, good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart, Reference

    wb = load_workbook(good)
    chart = BarChart()
    chart.add_data(Reference(wb["1. Transparency"], min_col=1, min_row=1, max_row=2))
    wb.create_chartsheet("2. Safety").add_chart(chart)
    wb.save(good)
    err = cli_error(capsys, "aiverify-2025-xlsx", str(good))
    assert "sheet '2. Safety' is a chart sheet, not a worksheet" in err


def test_declared_dimensions_and_row_numbers_cannot_multiply_the_work(tmp_path: Path, good: Path) -> None:
    """A sheet that claims all 16,384 columns and 1,048,576 rows is read as the rows it has, A to I."""
    expected = aiverify_xlsx.convert(str(good), what="both")
    huge = rezip(good, tmp_path / "dimension.xlsx",
                 {SHEET: lambda d: d.replace(b'<dimension ref="A1:I11" />', b'<dimension ref="A1:XFD1048576" />')
                  .replace(b"</row>", b'<c r="XFD1"><v>1</v></c></row>', 1)})
    documents = aiverify_xlsx.convert(str(huge), what="both")
    assert [d["elements"] for d in documents[:1]] == [d["elements"] for d in expected[:1]]
    assert documents[1]["entries"] == expected[1]["entries"]
    far = rezip(good, tmp_path / "far.xlsx",
                {SHEET: lambda d: d.replace(b"</sheetData>", b'<row r="1000000000"><c><v>1</v></c></row></sheetData>')})
    with pytest.raises(ImportProblem, match=r"sheet '1. Transparency' has more than 100,000 rows"):
        aiverify_xlsx.convert(str(far))


def test_two_sheets_for_one_principle_and_a_long_number(tmp_path: Path, good: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(good)
    wb.copy_worksheet(wb["1. Transparency"]).title = "1. Again"
    with pytest.warns(UserWarning, match="more than 31 characters"):
        wb.create_sheet("9" * 5000 + ". Overlong")  # not a principle sheet: its number is not read
    wb.save(good)
    with pytest.raises(ImportProblem, match="sheets '1. (Transparency|Again)' and '1. (Transparency|Again)' both number "
                                            "principle 1"):
        aiverify_xlsx.convert(str(good))


@pytest.mark.parametrize(("cell", "value", "message"), [
    ("A9", "1.2@x", "cell A9: '1.2@x' is not an outcome id like '1.2'"),
    ("D9", "1.2.1, 1.2.2", "cell D9: '1.2.1, 1.2.2' is not a process id like '1.2.3'"),
    ("E9", None, "cell E9: process 1.2.1 has no text"),
])
def test_cells_that_cannot_become_elements_are_named(good: Path, cell: str, value: Any, message: str) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(good)
    wb["1. Transparency"][cell] = value
    wb.save(good)
    with pytest.raises(ImportProblem, match=f"sheet '1. Transparency' {message}"):
        aiverify_xlsx.convert(str(good), what="framework")


# --- the fuzzing harness: mutated real fixtures give a valid conversion or an ImportProblem --------

SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-(10**30), max_value=10**30)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12) | st.just([]) | st.just({})
           | st.sampled_from(["", " ", "2.1.1", "1.1", "a@b", "x,y", "Yes", "No", "N/A", "projection", "subset",
                              "urn:x:y", "GV", "\n", "http://x"]))


def containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, min_size=1, max_size=3) | st.dictionaries(st.text(max_size=8), inner, min_size=1, max_size=3)


VALUES = st.recursive(SCALARS, containers, max_leaves=8)
SNIPPETS = ["NaN", "1e400", "-Infinity", "9" * 4400, '"\\ud800"', "[" * 3000, '"k": 1, "k": 2', "{", "]", "\x00",
            '"\\u0000"', "null", "[]", "{}", '""']


def paths(value: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield where
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, where + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, where + (index,))


def mutate(draw: Callable[..., Any], root: Any) -> Any:
    """One random change at a random place: replace, delete, wrap, empty, duplicate or retype."""
    root = copy.deepcopy(root)
    where = draw(st.sampled_from(list(paths(root))))
    parent = None
    node = root
    for step in where:
        parent, node = node, node[step]
    operation = draw(st.sampled_from(["replace", "delete", "wrap", "empty", "duplicate", "text"]))
    if operation == "delete" and parent is not None:
        del parent[where[-1]]
        return root
    if operation == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(node))
        return root
    new = {"wrap": lambda: [node], "empty": lambda: type(node)() if isinstance(node, (dict, list, str)) else None,
           "text": lambda: json.dumps(node)[:30]}.get(operation, lambda: draw(VALUES))()
    if parent is None:
        return new
    parent[where[-1]] = new
    return root


def mutated_json_text(draw: Callable[..., Any], original: Any) -> str:
    data = original
    for _ in range(draw(st.integers(1, 3))):
        data = mutate(draw, data)
    text = json.dumps(data)
    if draw(st.integers(0, 4)) == 0:  # and now and then a raw edit that no JSON value can express
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at:]
    return text


def outcome(convert: Callable[[], list[dict[str, Any]]], path: Path) -> None:
    """The property: valid documents that survive writing and reading back, or an ImportProblem naming the file."""
    try:
        documents = convert()
    except ImportProblem as exc:
        assert str(exc).startswith(str(path)), exc
        event("refused")  # --hypothesis-show-statistics shows how often each outcome came
        return
    event("converted")
    assert documents
    for document in documents:
        assert schema.check(document["kind"], document) == [], document
        assert parse_text(dump(document)) == document


CAMPAIGN = int(os.environ.get("CROSSWALK_IMPORT_FUZZ", "0"))
"""Examples per importer for a longer run (``CROSSWALK_IMPORT_FUZZ=5000 pytest -k fuzz``); CI runs a few dozen."""


def fuzz(examples: int) -> Callable[[Any], Any]:
    return settings(max_examples=CAMPAIGN or examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


CHECKLIST = json.loads(CHECKLIST_TEXT)


@fuzz(40)  # each valid outcome is written and read back (0.15 s for this framework)
@given(st.data())
def test_fuzz_aiverify_checklist(data: st.DataObject) -> None:
    text = mutated_json_text(data.draw, CHECKLIST)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_text(text, "utf-8", errors="surrogatepass")
        outcome(lambda: aiverify_checklist.convert(str(path), what="both"), path)


@fuzz(120)
@given(st.data())
def test_fuzz_cprt(data: st.DataObject) -> None:
    text = mutated_json_text(data.draw, EXPORT)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_text(text, "utf-8", errors="surrogatepass")
        outcome(lambda: cprt.convert(str(path)), path)


def ciso_fixtures(folder: Path) -> tuple[dict[str, Any], dict[str, Any], Path, Path]:
    alpha = library(folder, "alpha", [("g1", "G1", None, 1), ("g1.1", "G1.1", "g1", 2), ("p", None, "g1", 2)])
    beta = library(folder, "beta", [("c1", "C1", None, 1), ("c1.a", "C1.a", "c1", 2), ("c1.b", "C1.b", "c1", 2)])
    mapping = {"urn": "urn:test:library:map", "objects": {"requirement_mapping_sets": [{
        "urn": "urn:test:rms:a-b", "ref_id": "a-b", "name": "A to B",
        "requirement_mappings": [
            {"source_requirement_urn": "urn:test:req_node:alpha:g1.1", "target_requirement_urn": "urn:test:req_node:beta:c1.a",
             "relationship": "subset", "rationale": "semantic", "strength_of_relationship": 6, "annotation": "n"},
            {"source_requirement_urn": "urn:test:req_node:alpha:g1", "target_requirement_urn": "urn:test:req_node:beta:c1",
             "relationship": "intersect"}]}]}}
    return parse_text(alpha.read_text("utf-8")), mapping, alpha, beta


@fuzz(80)
@given(st.data())
def test_fuzz_ciso_assistant(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        framework, mapping, alpha, beta = ciso_fixtures(Path(folder))
        which = data.draw(st.sampled_from(["framework", "mapping"]))
        document = mutate(data.draw, framework if which == "framework" else mapping)
        path = Path(folder) / "input.yaml"
        path.write_text(dump(document), "utf-8")
        outcome(lambda: ciso_assistant.convert(str(path), source="alpha@2", target="beta@2", source_library=str(alpha),
                                               target_library=str(beta)), path)


CELLS = (st.none() | st.integers(-5, 10**6) | st.floats(allow_nan=False, allow_infinity=False, width=32)
         | st.booleans() | st.sampled_from(["Yes", "No", "Not Applicable", "Maybe", "1.2", "1.2.9", "2.1.1", "Outcome ID",
                                            "Process ID", "Process Checklist", "Technical Testing", " ", "a@b"])
         | st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=10))


@fuzz(30)
@given(st.data())
def test_fuzz_aiverify_xlsx(data: st.DataObject) -> None:
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as folder:
        path = workbook(Path(folder))
        if data.draw(st.booleans()):  # change cells and sheet names
            wb = load_workbook(path)
            ws = wb["1. Transparency"]
            for _ in range(data.draw(st.integers(1, 4))):
                ws.cell(row=data.draw(st.integers(1, 13)), column=data.draw(st.integers(1, 10)), value=data.draw(CELLS))
            if data.draw(st.integers(0, 4)) == 0:
                ws.title = data.draw(st.sampled_from(["2. Other", "Transparency", "01. T", "1.x", "1. T"]))
            wb.save(path)
        else:  # damage one part of the zip
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
            member = data.draw(st.sampled_from(names))
            snippet = data.draw(st.sampled_from([b"", b"<", b"</row>", b"<!DOCTYPE x>", b"&lol;", b'<row r="99999999">',
                                                 b"\xff\xfe", b'<c r="A1" t="s"><v>99</v></c>', b"<v>1e400</v>"]))

            def damage(raw: bytes) -> bytes:
                at = data.draw(st.integers(0, len(raw)))
                cut = data.draw(st.integers(0, 40))
                return raw[:at] + snippet + raw[at + cut:]

            path = rezip(path, Path(folder) / "damaged.xlsx", {member: damage})
        what = data.draw(st.sampled_from(["both", "framework"]))
        outcome(lambda: aiverify_xlsx.convert(str(path), what=what), path)
