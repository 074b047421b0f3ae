"""Microsoft's AI RMF <-> ISO/IEC 42001 crosswalk and the ISO/IEC 42001 clauses 4-10, as shipped.

The source checks re-read the crosswalk from ../shared/reference with a parser of their own (not the
build script's), so a defect in the script's reading shows as a difference; they skip where the
reference data is absent. The engine checks run the shipped library through the library API.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from crosswalk import reportmodel
from crosswalk.report import Request, analyse
from crosswalk.workspace import load

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"
SOURCE = REFERENCE / "CloudSecurityAlliance_dataset-public-laws-regulations-standards" / "NIST_AI_RMF_to_ISO_IEC_42001_Crosswalk.md"
CISO_OUTLINE = REFERENCE / "intuitem_ciso-assistant-community" / "libraries" / "iso42001-2023.yaml"
SCRIPT = ROOT / "scripts" / "build_library" / "nist_iso42001_crosswalk.py"
MAPPING_ID = "nist-ai-rmf-1.0--iso-iec-42001-2023"
ISO = "iso-iec-42001@2023"
needs_reference = pytest.mark.skipif(not SOURCE.is_file(), reason="reference data (../shared/reference) not present")


@functools.cache
def script():
    """The build script as a module (registered before it runs: its dataclass needs its module)."""
    spec = importlib.util.spec_from_file_location("nist_iso42001_crosswalk", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def workspace():
    return load()


@pytest.fixture(scope="module")
def mapping(workspace):
    return workspace.mapping(MAPPING_ID)


def printed_references() -> dict[str, list[str]]:
    """Subcategory -> the numbers printed in the table's third column, in order (an independent reading:
    a labelled row starts a subcategory, any other row continues the last one)."""
    out: dict[str, list[str]] = {}
    current = None
    for line in SOURCE.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) != 4 or set("".join(cells)) <= set("-") or cells[1] == "AI RMF":
            continue
        if cells[0]:
            function, number = cells[0].split()
            current = f"{function.upper()} {number}"
            out.setdefault(current, [])
        if cells[2]:
            out[current].append(cells[2])
    return out


# --- the library validates --------------------------------------------------------------------------

def test_library_validates_with_the_new_files():
    result = subprocess.run([sys.executable, "-m", "crosswalk", "validate", "--format", "text",
                             "frameworks/iso-iec-42001-2023.yaml", f"mappings/{MAPPING_ID}.yaml",
                             "reports/aiverify-2023-to-iso-42001-via-ai-rmf.yaml"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 error(s), 0 warning(s)" in result.stdout
    whole = subprocess.run([sys.executable, "-m", "crosswalk", "validate"], capture_output=True, text=True, cwd=ROOT)
    assert whole.returncode == 0, whole.stdout + whole.stderr


# --- the framework ------------------------------------------------------------------------------------

def test_clauses_4_to_10_sit_beside_annex_a_in_our_wording(workspace):
    iso = workspace.frameworks[ISO]
    clauses = [e for e in iso.elements.values() if e.level in ("clause", "subclause", "sub-subclause")]
    assert [e.id for e in clauses if e.level == "clause"] == [str(n) for n in range(4, 11)]
    assert {e.id for e in clauses if e.level == "sub-subclause"} == {
        "6.1.1", "6.1.2", "6.1.3", "6.1.4", "7.5.1", "7.5.2", "7.5.3", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3"}
    for element in clauses:  # the id says where it sits: 6.1.2 under 6.1 under 6
        assert element.parent == (element.id.rpartition(".")[0] or None)
        assert element.wording == "ours" and not element.text
    assert iso.elements["A.6.2.4"].parent == "A.6.2" and iso.elements["A.6.2.4"].level == "control"


@pytest.mark.skipif(not CISO_OUTLINE.is_file(), reason="reference data (../shared/reference) not present")
def test_clause_ids_are_the_published_ones_and_titles_are_not_isos(workspace):
    """CISO Assistant's outline follows the published standard (names as ISO prints them) but leaves out
    6.1.1-6.1.4; every other clause id must be there, and none of our titles (clauses or Annex A) may be ISO's heading."""
    import yaml

    nodes = yaml.safe_load(CISO_OUTLINE.read_text("utf-8"))["objects"]["framework"]["requirement_nodes"]
    theirs = {str(n["ref_id"]): n["name"] for n in nodes if "ref_id" in n}
    iso = workspace.frameworks[ISO]
    ours = set(iso.elements)
    assert ours - set(theirs) == {"6.1.1", "6.1.2", "6.1.3", "6.1.4"}
    assert {i for i in theirs if i[0].isdigit()} <= ours
    same = [i for i in ours & set(theirs) if iso.elements[i].title.casefold() == str(theirs[i]).casefold()]
    assert same == []  # clauses and Annex A alike: every title is ours


# --- the mapping against its source ---------------------------------------------------------------

def test_provenance_is_microsofts_listed_by_nist_not_endorsed(mapping):
    assert mapping.style == "concept" and mapping.source == "nist-ai-rmf@1.0" and mapping.target == ISO
    provenance = mapping.provenance
    assert provenance["author"] == "Microsoft" and provenance["judgement"] == "official"
    assert "listed" in provenance["authority"] and "not" in provenance["authority"] and "endorsed" in provenance["authority"]
    assert "FDIS" in provenance["document"]
    assert {row.relationship for row in mapping.rows} == {"related"}
    assert all(row.strength is None and not row.rationale for row in mapping.rows)


@needs_reference
def test_every_subcategory_has_exactly_the_references_the_source_prints(workspace, mapping):
    printed = printed_references()
    subcategories = [i for i, e in workspace.frameworks["nist-ai-rmf@1.0"].elements.items() if e.level == "subcategory"]
    assert list(printed) == subcategories  # all 72, in order
    shipped: dict[str, list[str]] = {}
    for row in mapping.rows:
        (source,) = row.sources
        shipped.setdefault(source, []).extend(row.as_written.split("; "))
    assert sorted(printed) == sorted(shipped)
    for subcategory, numbers in printed.items():
        assert Counter(shipped[subcategory]) == Counter(numbers), subcategory
    assert sum(len(n) for n in printed.values()) == 281


@needs_reference
def test_the_build_script_makes_the_shipped_file():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check", "--reference", str(REFERENCE)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "281 references" in result.stdout


def split_note(note: str) -> list[tuple[str, str]]:
    """A row note's "<kind>: <why>" parts (a part starts after a full stop)."""
    return [tuple(part.split(": ", 1)) for part in re.split(r"(?<=\.) (?=[a-z]+(?:-[a-z]+)*: )", note) if part]


def test_every_conversion_is_a_documented_kind(mapping):
    kinds = script().KINDS
    judgements = script().JUDGEMENTS
    assert all(f"{kind}: " in mapping_notes(mapping) for kind in kinds)
    seen: Counter[str] = Counter()
    for row in mapping.rows:
        (target,) = row.targets
        written = set(row.as_written.split("; "))
        parts = split_note(row.note) if row.note else []
        assert all(kind in kinds and kind != "fdis-annex" for kind, _ in parts), row
        seen.update(kind for kind, _ in parts)
        if written == {target}:
            seen["clause"] += 1
        elif target.startswith("A.") and written == {"B." + target[2:]}:
            seen["fdis-annex"] += 1
        else:  # anything else must be a judgement recorded in the script and named first in the note
            (printed,) = written
            assert judgements[(row.sources[0], printed)][0] == target
            assert parts[0][0] == "misprint", row
        assert (row.judgement == "ours") == any(k == "title-mismatch" for k, _ in parts), row
    assert seen["misprint"] == 1 and seen["title-mismatch"] == 2 and seen["title-variant"] == 1
    assert seen["page-break"] == 7 and seen["repeated-label"] == 1 and seen["repeated-reference"] == 1
    assert seen["fdis-annex"] + seen["clause"] + seen["misprint"] == len(mapping.rows) == 280


def mapping_notes(mapping) -> str:
    from crosswalk.yamlio import parse_text, read_text

    return parse_text(read_text(str(ROOT / "mappings" / f"{MAPPING_ID}.yaml")))["notes"]


@needs_reference
def test_printed_headings_confirm_the_numbering():
    """The headings printed beside each number (ISO's, never shipped) are compared with the published
    headings in CISO Assistant's outline: the B -> A reading and every clause number hold, except the
    two controls the FDIS words differently, and the three references the script's table explains."""
    import yaml

    module = script()
    references, _ = module.read_table(SOURCE.read_text("utf-8"))
    nodes = yaml.safe_load(CISO_OUTLINE.read_text("utf-8"))["objects"]["framework"]["requirement_nodes"]
    published = {str(n["ref_id"]): " ".join(n["name"].replace(",", " ").lower().split()) for n in nodes if "ref_id" in n}
    usual = module.usual_headings(references)
    worded_differently = {module.published_id(p) for p, heading in usual.items()
                          if module.published_id(p) in published and not module.agrees(heading, published[module.published_id(p)])}
    assert worded_differently == {"A.5.4", "A.6.1.3"}
    unknown = {p for p in usual if module.published_id(p) not in published}
    assert unknown == {"72", "6.1.1", "6.1.2", "6.1.3", "6.1.4"}  # 6.1.x: not in the outline; 72: the misprint
    odd = {(r.subcategory, r.printed) for r in module.anomalies(references, set(published) | {"6.1.1", "6.1.2", "6.1.3", "6.1.4"})}
    assert odd == set(module.JUDGEMENTS)


# --- the engine: ISO/IEC 42001 through the AI RMF ------------------------------------------------

@pytest.mark.parametrize(("source", "status", "contributions"), [
    ("aiverify@2023", "unknown", {"associated only"}),  # concept crosswalks on both sides: associations only
    ("tta-trustworthy-ai@2023", "unknown", {"associated only"}),
    # a subcategory of the profile is equal to the AI RMF's, then related: partial; its actions are
    # subsets of the subcategory, then related: associated only
    ("nist-ai-600-1@1.0", "partially covered", {"partial", "associated only"}),
])
def test_iso_42001_is_reached_through_the_ai_rmf(workspace, source, status, contributions):
    analysis = analyse(workspace, Request(source, ISO, via=("nist-ai-rmf@1.0",), max_hops=2))
    report = reportmodel.build(analysis)
    through = [e for e in report.evidence if MAPPING_ID in e.mappings and e.pivots == ("nist-ai-rmf@1.0",)]
    for target in ("A.6.2.4", "6.1.2", "9.1"):  # an Annex A control and two clauses the crosswalk cites
        items = [e for e in through if e.target == target]
        assert items, (source, target)
        assert analysis.result.elements[target].status == status
        assert {e.contribution for e in items} == contributions
        assert all(e.path.endswith(f"--> {ISO}:{target}") and " nist-ai-rmf@1.0:" in e.path for e in items)
    for uncited in ("4.2", "6.3", "7.5.1", "7.5.2", "8.1"):  # no row names them: nothing may reach them
        coverage = analysis.result.elements[uncited]
        assert not coverage.evidence and not coverage.associations


def test_report_definition_renders(tmp_path):
    out = tmp_path / "r.xlsx"
    result = subprocess.run([sys.executable, "-m", "crosswalk", "report",
                             str(ROOT / "reports" / "aiverify-2023-to-iso-42001-via-ai-rmf.yaml"), "-o", str(out)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    from openpyxl import load_workbook

    coverage = load_workbook(out)["Coverage"]
    ids = {row[0] for row in coverage.iter_rows(min_row=2, values_only=True)}
    assert {"A.6.2.4", "6.1.2", "4.2"} <= ids


@needs_reference
@pytest.mark.parametrize(("before", "after", "message"), [
    ("| 72      | Competence", "| 7.2     | Competence", "judgements that match nothing"),  # misprint gone
    ("| B.4.4   | Tooling resources", "| B.4.9   | Tooling resources", "no rule or judgement accounts for"),
    ("| 9.2.2   | Internal audit programme", "| 9.2.2   | Data provenance", "no rule or judgement accounts for"),
])
def test_the_build_stops_on_a_reading_it_cannot_account_for(before, after, message):
    """A judgement is tied to the source as printed, and a new anomaly (an unknown id, a heading that is
    another number's) stops the build instead of being converted silently."""
    module = script()
    text = SOURCE.read_text("utf-8")
    assert before in text
    references, _ = module.read_table(text.replace(before, after, 1))
    ids = {e["id"] for e in module.load_framework(module.ISO)["elements"]}
    with pytest.raises(SystemExit, match=message):
        module.rows_from(references, ids)
