"""Build the Korea TTA guidebook framework and the official TTA <-> AI RMF crosswalk (both directions).

Why a script: the only machine-readable copy is a marker conversion of the December 2024 PDF, whose
tables shift cells between columns, split references over lines (``GOVERN 1.1, 1.4, 2.1,<br>5.1*``)
and spread across page breaks. The script reads every table row, checks that it found the 15
requirements, the 67 verification items numbered 1-67 and the 72 AI RMF subcategories (against
the AI RMF's own list), and fails otherwise.

Part 1 of the document maps each verification item to AI RMF subcategories; a ``*`` marks an item
that "is a subset of the identified, broader NIST AI RMF subcategory", linked in Part 1 only.
Part 2 maps each subcategory to items. Both directions are kept as published, in three files:
plain Part 1 references and Part 2 are concept crosswalks (``related``: the document states no set
relation for them); the ``*`` references are a set-theory file of ``subset_of`` rows, because the
concept style has no subset relation. Where Part 1 prints a reference condensed ("MAP 3.2, 5.1"),
the row keeps the printed cell in ``as_written``.

Usage (from the repository root)::

    python scripts/build_library/tta_crosswalk.py           # write the four YAML files
    python scripts/build_library/tta_crosswalk.py --check   # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crosswalk.yamlwrite import dump  # noqa: E402
from _output import write_or_check  # noqa: E402

CSA = "CloudSecurityAlliance_dataset-public-laws-regulations-standards"
SOURCE = f"{CSA}/20241216-Crosswalk_NIST_AI_RMF_TTA_Guidebook3.md"
RMF_IDS = f"{CSA}/ai-rmf-1.0-subcategories.json"
DOCUMENT = ("Crosswalk Between NIST AI Risk Management Framework (AI RMF 1.0) and TTA Guidebook for Development "
            "of Trustworthy AI 2023 - General Sector")
PART1_TITLE = "Mapping Subcategories of the NIST AI RMF for each TTA Guidebook Verification Item"
PART2_TITLE = "Mapping Verification Items of the TTA Guidebook for each NIST AI RMF Subcategory"
FRAMEWORK = ROOT / "frameworks" / "tta-trustworthy-ai-2023.yaml"
PART1 = ROOT / "mappings" / "tta-trustworthy-ai-2023--nist-ai-rmf-1.0.yaml"
PART1_SUBSETS = ROOT / "mappings" / "tta-trustworthy-ai-2023--nist-ai-rmf-1.0-subsets.yaml"
PART2 = ROOT / "mappings" / "nist-ai-rmf-1.0--tta-trustworthy-ai-2023.yaml"

REQUIREMENT = re.compile(r"^\(Requirement (\d\d)\)\s*(.+)$")
QUESTION = re.compile(r"^\(Requirement (\d\d-\d)\)\s*(.+)$")
ITEM_ID = re.compile(r"^\d\d-\d[a-z]$")
SUBCATEGORY = re.compile(r"^(GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+$")
PROVENANCE = {
    "author": "Telecommunications Technology Association (TTA), Korea",
    "authority": "TTA (Korea), 'done in consultation with NIST'; listed among the AI RMF crosswalks on NIST's "
                 "AI Resource Center",
    "document": DOCUMENT + " (December 2024)",
    "published": "2024-12-16",
    "method": "human",
    "status": "final",
    "judgement": "official",
}
PUBLISHED_NOTE = ("'published' is the date in NIST's file name (20241216-Crosswalk_NIST_AI_RMF_TTA_Guidebook3); "
                  "the document says December 2024.")

Refs = list[tuple[str, bool]]


def clean(text: str) -> str:
    """A table cell as one line: the PDF's line breaks (``<br>``) and runs of spaces become one space."""
    return " ".join(text.replace("<br>", " ").split())


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def references(cell: str) -> tuple[Refs, bool]:
    """``'GOVERN 1.1, 5.1*<br>MAP 3.5'`` -> ([('GOVERN 1.1', False), ('GOVERN 5.1', True), ('MAP 3.5', False)], True).

    The flag says whether any reference was printed condensed (without its function name).
    """
    out: Refs = []
    function = None
    condensed = False
    for token in re.split(r",|<br>", cell):
        token = token.strip()
        if not token or token.lower().startswith("no equivalent"):
            continue
        match = re.fullmatch(r"(?:(GOVERN|MAP|MEASURE|MANAGE)\s+)?(\d+\.\d+)(\*?)", token)
        if not match:
            raise SystemExit(f"cannot read reference {token!r} in {cell!r}")
        condensed = condensed or match.group(1) is None
        function = match.group(1) or function
        if function is None:
            raise SystemExit(f"reference {token!r} has no function in {cell!r}")
        out.append((f"{function} {match.group(2)}", bool(match.group(3))))
    return out, condensed


def parse_part1(text: str) -> tuple[list[dict[str, Any]], dict[str, Refs], dict[str, str], list[str]]:
    """Elements (requirements, questions, items), each item's references, the printed cells that
    are condensed or starred, and the items printed with 'No equivalent category'."""
    elements: list[dict[str, Any]] = []
    item_refs: dict[str, Refs] = {}
    as_written: dict[str, str] = {}
    no_equivalent: list[str] = []
    requirement = question = None
    numbers: list[int] = []
    for line in text.splitlines():
        if not line.startswith("|") or set(line) <= set("|- "):
            continue
        row = cells(line)
        filled = [c for c in row if c]
        if len(filled) == 1:
            value = clean(filled[0])
            if (m := REQUIREMENT.match(value)):
                requirement = m.group(1)
                elements.append({"id": requirement, "level": "requirement", "title": m.group(2)})
            elif (m := QUESTION.match(value)):
                question = m.group(1)
                if requirement is None or not question.startswith(requirement + "-"):
                    raise SystemExit(f"question {question} is not under its requirement ({requirement})")
                elements.append({"id": question, "level": "question", "parent": requirement, "title": m.group(2)})
            continue
        if len(row) >= 4 and row[0].isdigit() and ITEM_ID.match(row[1]):
            ident = row[1]
            if question is None or not ident.startswith(question):
                raise SystemExit(f"item {ident} is not under its question ({question})")
            numbers.append(int(row[0]))
            elements.append({"id": ident, "level": "item", "parent": question, "title": clean(row[2])})
            item_refs[ident], condensed = references(row[3])
            if condensed or "*" in row[3]:
                as_written[ident] = "\n".join(part.strip() for part in row[3].split("<br>"))
            if clean(row[3]).lower().startswith("no equivalent"):
                no_equivalent.append(ident)
    if numbers != list(range(1, 68)):
        raise SystemExit(f"expected items numbered 1-67, found {len(numbers)}")
    return elements, item_refs, as_written, no_equivalent


def parse_part2(text: str) -> dict[str, list[str]]:
    """Each subcategory's items in printed order ([] for 'No equivalent item')."""
    sub_refs: dict[str, list[str]] = {}
    numbers: list[int] = []
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        row = cells(line)
        if len(row) >= 4 and row[0].isdigit() and SUBCATEGORY.match(row[1]):
            items = [t.strip() for t in re.split(r",|<br>", row[3])
                     if t.strip() and not t.strip().lower().startswith("no equivalent")]
            bad = [t for t in items if not ITEM_ID.match(t)]
            if bad or (not items and not clean(row[3]).lower().startswith("no equivalent")):
                raise SystemExit(f"cannot read items {row[3]!r} for {row[1]}")
            numbers.append(int(row[0]))
            sub_refs[row[1]] = items
    if numbers != list(range(1, 73)):
        raise SystemExit(f"expected subcategories numbered 1-72 in part 2, found {len(numbers)}")
    return sub_refs


def one_or_many(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values


def build(reference: Path) -> dict[Path, dict[str, Any]]:
    text = (reference / SOURCE).read_text(encoding="utf-8")
    part1_text, part2_text = text.split("## " + PART2_TITLE)
    elements, item_refs, as_written, no_category = parse_part1(part1_text.split("## " + PART1_TITLE)[1])
    sub_refs = parse_part2(part2_text.split("# Acknowledgment")[0])
    rmf_ids = [row["subcategory_id"] for row in json.loads((reference / RMF_IDS).read_text(encoding="utf-8"))]
    items = [e["id"] for e in elements if e["level"] == "item"]
    levels = [e["level"] for e in elements]
    if (levels.count("requirement"), len(items)) != (15, 67):
        raise SystemExit(f"expected 15 requirements and 67 items, found {levels.count('requirement')}, {len(items)}")
    if list(sub_refs) != rmf_ids:
        raise SystemExit("part 2 does not list the 72 AI RMF subcategories in order")
    unknown = {s for refs in item_refs.values() for s, _ in refs} - set(rmf_ids)
    unknown |= {i for found in sub_refs.values() for i in found} - set(items)
    if unknown:
        raise SystemExit(f"references to unknown ids: {sorted(unknown)}")
    for element in elements:
        element["citation"] = {"document": DOCUMENT, "section": PART1_TITLE}

    framework = {
        "kind": "framework",
        "id": "tta-trustworthy-ai",
        "version": "2023",
        "name": "Guidebook for Development of Trustworthy AI 2023 – General Sector",
        "short_name": "TTA Trustworthy AI Guidebook 2023",
        "publisher": "Telecommunications Technology Association (TTA), Korea",
        "source": {"url": "https://tta.or.kr/tta/selectBbsNttView.do?key=74&bbsNo=105&nttNo=13136",
                   "document": "TTA, Guidebook for Development of Trustworthy AI 2023 – General Sector, as its "
                               "requirements and verification items are given in " + DOCUMENT + " (December 2024)",
                   "retrieved_from": "CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards "
                                     "(commit 7d41886), marker conversion of the crosswalk PDF",
                   "note": "Built by scripts/build_library/tta_crosswalk.py; see frameworks/SOURCES.md."},
        "licence": "Copyright status unverified: the guidebook and the crosswalk are TTA's (the CSA metadata's "
                   "'NIST-PD' label is not established). Only the ids and the short requirement, question and "
                   "verification-item wording printed in the crosswalk are kept, as far as needed for "
                   "interoperability; none of the guidebook's own text.",
        "notes": "Ids and titles exactly as the crosswalk prints them (line breaks undone; the printed 'potential "
                 "biased' of 06-3 kept). Levels: the 15 requirements '(Requirement 01)', the 33 questions the "
                 "crosswalk prints as '(Requirement 01-1) Have you ...?', and the 67 verification items '01-1a'. "
                 "No title is our wording. The guidebook's publication date is not given in the crosswalk, so "
                 "none is recorded.",
        "levels": ["requirement", "question", "item"],
        "mappings_expect_leaves": True,
        "elements": elements,
    }

    related_rows: list[dict[str, Any]] = []
    subset_rows: list[dict[str, Any]] = []
    for item, refs in item_refs.items():
        plain = [sub for sub, star in refs if not star]
        if plain:
            row: dict[str, Any] = {"source": item, "target": one_or_many(plain), "relationship": "related"}
            if item in as_written:
                row["as_written"] = as_written[item]
            related_rows.append(row)
        for sub, star in refs:
            if star:
                subset_rows.append({"source": item, "target": sub, "relationship": "subset_of",
                                    "rationale": "semantic", "as_written": as_written[item]})
    forward = {(item, sub) for item, refs in item_refs.items() for sub, star in refs if not star}
    starred = {(item, sub) for item, refs in item_refs.items() for sub, star in refs if star}
    backward = {(item, sub) for sub, found in sub_refs.items() for item in found}

    def pairs(found: set[tuple[str, str]]) -> str:
        return ", ".join(f"{i} - {s}" for i, s in sorted(found)) or "none"

    comparison = (f"Directions compared: {len(forward)} plain pairs in Part 1, {len(backward)} pairs in Part 2. "
                  f"In Part 1 (without '*') but not in Part 2: {pairs(forward - backward)}. In Part 2 but not in "
                  f"Part 1: {pairs(backward - forward)}. The {len(starred)} '*' pairs ({pairs(starred)}) are in "
                  f"Part 1 only, as the document says; {pairs(starred & backward)} of them also in Part 2. "
                  "Kept as published.")
    unmapped = [s for s, found in sub_refs.items() if not found]
    part1 = {
        "kind": "mapping", "id": "tta-trustworthy-ai-2023--nist-ai-rmf-1.0",
        "title": "TTA guidebook verification items to AI RMF subcategories (official crosswalk, Part 1, references "
                 "without '*')",
        "source": "tta-trustworthy-ai@2023", "target": "nist-ai-rmf@1.0", "style": "concept",
        "provenance": dict(PROVENANCE, note=f"Part 1, '{PART1_TITLE}', references without '*'. {PUBLISHED_NOTE}"),
        "notes": "The document relates items to subcategories without stating a set relation, hence 'related' "
                 "(NIST IR 8477 concept crosswalk); one row per item lists its subcategories. as_written keeps the "
                 "printed cell (one line per printed line) where a reference is condensed ('MAP 3.2, 5.1') or "
                 "starred. References marked '*' are the subset_of rows of "
                 "tta-trustworthy-ai-2023--nist-ai-rmf-1.0-subsets. Printed 'No equivalent category' (no row): "
                 + ", ".join(no_category) + ". " + comparison,
        "rows": related_rows,
    }
    subsets = {
        "kind": "mapping", "id": "tta-trustworthy-ai-2023--nist-ai-rmf-1.0-subsets",
        "title": "TTA guidebook verification items that are subsets of broader AI RMF subcategories (official "
                 "crosswalk, Part 1, '*')",
        "source": "tta-trustworthy-ai@2023", "target": "nist-ai-rmf@1.0", "style": "strm",
        "provenance": dict(PROVENANCE, note="Part 1 references marked '*': 'In this case the TTA Guidebook "
                                            "verification item is a subset of the identified, broader NIST AI RMF "
                                            f"subcategory and they are linked here, but they are not linked in the "
                                            f"second crosswalk.' {PUBLISHED_NOTE}"),
        "notes": "The relation (subset_of) is the document's. It gives no strength and no rationale: no strength is "
                 "recorded (an OLIR grade would be our judgement, not TTA's), and the rationale 'semantic' is our "
                 "reading of 'subset of the broader subcategory' (a statement about meaning). as_written is the "
                 "printed cell.",
        "rows": subset_rows,
    }
    part2 = {
        "kind": "mapping", "id": "nist-ai-rmf-1.0--tta-trustworthy-ai-2023",
        "title": "AI RMF subcategories to TTA guidebook verification items (official crosswalk, Part 2)",
        "source": "nist-ai-rmf@1.0", "target": "tta-trustworthy-ai@2023", "style": "concept",
        "provenance": dict(PROVENANCE, note=f"Part 2, '{PART2_TITLE}'. {PUBLISHED_NOTE}"),
        "notes": f"One row per subcategory with its items, 'related' as in Part 1. Printed 'No equivalent item' "
                 f"({len(unmapped)} subcategories, no row): " + ", ".join(unmapped) + ". " + comparison,
        "rows": [{"source": sub, "target": one_or_many(found), "relationship": "related"}
                 for sub, found in sub_refs.items() if found],
    }
    return {FRAMEWORK: framework, PART1: part1, PART1_SUBSETS: subsets, PART2: part2}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed files differ")
    args = parser.parse_args()
    return write_or_check({path: dump(data) for path, data in build(args.reference).items()}, args.check)


if __name__ == "__main__":
    sys.exit(main())
