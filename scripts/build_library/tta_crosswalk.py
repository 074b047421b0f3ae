"""Build the Korea TTA guidebook framework and the official TTA <-> AI RMF crosswalk (both directions).

Why a script: the only machine-readable copy is a marker conversion of the December 2024 PDF, whose
tables shift cells between columns, split references over lines (``GOVERN 1.1, 1.4, 2.1,<br>5.1*``)
and spread across page breaks. The script reads every table row, checks that it found the 15
requirements, the 67 numbered verification items and the 72 subcategories, and fails otherwise.

Part 1 of the document maps each verification item to AI RMF subcategories; a ``*`` marks an item
that is a subset of the broader subcategory and is linked in Part 1 only. Part 2 maps each
subcategory to items. Both directions are kept as published: plain references are a concept
crosswalk (``related``); ``*`` references go to a separate set-theory file as ``subset_of``.

Usage (from the repository root)::

    python scripts/build_library/tta_crosswalk.py           # write the four YAML files
    python scripts/build_library/tta_crosswalk.py --check   # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crosswalk.yamlwrite import dump  # noqa: E402
from _output import write_or_check  # noqa: E402

SOURCE = "CloudSecurityAlliance_dataset-public-laws-regulations-standards/20241216-Crosswalk_NIST_AI_RMF_TTA_Guidebook3.md"
DOCUMENT = ("Crosswalk Between NIST AI Risk Management Framework (AI RMF 1.0) and TTA Guidebook for Development "
            "of Trustworthy AI 2023 - General Sector")
FRAMEWORK = ROOT / "frameworks" / "tta-trustworthy-ai-2023.yaml"
PART1 = ROOT / "mappings" / "tta-trustworthy-ai-2023--nist-ai-rmf-1.0.yaml"
PART1_SUBSETS = ROOT / "mappings" / "tta-trustworthy-ai-2023--nist-ai-rmf-1.0-subsets.yaml"
PART2 = ROOT / "mappings" / "nist-ai-rmf-1.0--tta-trustworthy-ai-2023.yaml"

REQUIREMENT = re.compile(r"^\(Requirement (\d\d)\)\s*(.+)$")
QUESTION = re.compile(r"^\(Requirement (\d\d-\d)\)\s*(.+)$")
ITEM_ID = re.compile(r"^\d\d-\d[a-z]$")
FUNCTIONS = ("GOVERN", "MAP", "MEASURE", "MANAGE")
PROVENANCE = {
    "author": "Telecommunications Technology Association (TTA), Korea",
    "authority": "TTA (Korea); published among the AI RMF crosswalks on NIST's AI Resource Center",
    "document": DOCUMENT,
    "published": "2024-12-16",
    "method": "human",
    "status": "final",
    "judgement": "official",
}


def clean(text: str) -> str:
    return " ".join(text.replace("<br>", " ").split())


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def references(cell: str) -> list[tuple[str, bool]]:
    """``'GOVERN 1.1, 5.1*<br>MAP 3.5'`` -> [('GOVERN 1.1', False), ('GOVERN 5.1', True), ('MAP 3.5', False)]."""
    out: list[tuple[str, bool]] = []
    function = None
    for token in re.split(r",|<br>", cell):
        token = token.strip()
        if not token or token.lower().startswith("no equivalent"):
            continue
        match = re.fullmatch(r"(?:(GOVERN|MAP|MEASURE|MANAGE)\s+)?(\d+\.\d+)(\*?)", token)
        if not match:
            raise SystemExit(f"cannot read reference {token!r} in {cell!r}")
        function = match.group(1) or function
        if function is None:
            raise SystemExit(f"reference {token!r} has no function in {cell!r}")
        out.append((f"{function} {match.group(2)}", bool(match.group(3))))
    return out


def parse(text: str) -> tuple[list[dict[str, Any]], dict[str, list[tuple[str, bool]]], dict[str, list[str]]]:
    part1, part2 = text.split("## Mapping Verification Items of the TTA Guidebook for each NIST AI RMF Subcategory")
    part2 = part2.split("# Acknowledgment")[0]
    elements: list[dict[str, Any]] = []
    item_refs: dict[str, list[tuple[str, bool]]] = {}
    requirement = question = None
    numbers: list[int] = []
    for line in part1.splitlines():
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
                elements.append({"id": question, "level": "question", "parent": requirement, "title": m.group(2)})
            continue
        if len(row) >= 4 and row[0].isdigit() and ITEM_ID.match(row[1]):
            ident = row[1]
            if question is None or not ident.startswith(question):
                raise SystemExit(f"item {ident} is not under its question ({question})")
            numbers.append(int(row[0]))
            elements.append({"id": ident, "level": "item", "parent": question, "title": clean(row[2])})
            item_refs[ident] = references(row[3])
    if numbers != list(range(1, 68)):
        raise SystemExit(f"expected items numbered 1-67, found {len(numbers)}")
    sub_refs: dict[str, list[str]] = {}
    for line in part2.splitlines():
        if not line.startswith("|"):
            continue
        row = cells(line)
        if len(row) >= 4 and row[0].isdigit() and re.fullmatch(r"(GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+", row[1]):
            items = [t.strip() for t in re.split(r",|<br>", row[3]) if t.strip() and not t.strip().lower().startswith("no equivalent")]
            bad = [t for t in items if not ITEM_ID.match(t)]
            if bad:
                raise SystemExit(f"cannot read items {bad} for {row[1]}")
            sub_refs[row[1]] = items
    if len(sub_refs) != 72:
        raise SystemExit(f"expected 72 subcategories in part 2, found {len(sub_refs)}")
    return elements, item_refs, sub_refs


def build(reference: Path) -> dict[Path, dict[str, Any]]:
    elements, item_refs, sub_refs = parse((reference / SOURCE).read_text(encoding="utf-8"))
    for element in elements:
        element["citation"] = {"document": DOCUMENT, "section": "Mapping Subcategories of the NIST AI RMF for each "
                               "TTA Guidebook Verification Item"}
    requirements = [e for e in elements if e["level"] == "requirement"]
    if len(requirements) != 15:
        raise SystemExit(f"expected 15 requirements, found {len(requirements)}")
    framework = {
        "kind": "framework",
        "id": "tta-trustworthy-ai",
        "version": "2023",
        "name": "Guidebook for Development of Trustworthy AI 2023 - General Sector",
        "short_name": "TTA Trustworthy AI Guidebook 2023",
        "publisher": "Telecommunications Technology Association (TTA), Korea",
        "published": "2023-01-01",
        "source": {"url": "https://tta.or.kr/tta/selectBbsNttView.do?key=74&bbsNo=105&nttNo=1313",
                   "document": "TTA, Guidebook for Development of Trustworthy AI 2023 - General Sector, as its "
                               "requirements and verification items are given in " + DOCUMENT + " (December 2024)",
                   "retrieved_from": "CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards "
                                     "(commit 7d41886), marker conversion of the crosswalk PDF",
                   "note": "Built by scripts/build_library/tta_crosswalk.py; see frameworks/SOURCES.md."},
        "licence": "Copyright status unverified (TTA). Only ids and the short requirement, question and item "
                   "wording printed in the crosswalk are kept, as needed for interoperability.",
        "notes": "Ids and titles as printed in the crosswalk document (line breaks undone). 'published' gives the "
                 "guidebook's year only (day and month unknown). The guidebook's own text is not included.",
        "levels": ["requirement", "question", "item"],
        "mappings_expect_leaves": True,
        "elements": elements,
    }
    related_rows, subset_rows = [], []
    for item, refs in item_refs.items():
        plain = [sub for sub, star in refs if not star]
        if plain:
            related_rows.append({"source": item, "target": plain if len(plain) > 1 else plain[0], "relationship": "related"})
        for sub, star in refs:
            if star:
                subset_rows.append({"source": item, "target": sub, "relationship": "subset_of", "rationale": "semantic",
                                    "as_written": f"{sub}*"})
    forward = {(item, sub) for item, refs in item_refs.items() for sub, star in refs if not star}
    backward = {(item, sub) for sub, items in sub_refs.items() for item in items}
    only_forward = sorted(forward - backward)
    only_backward = sorted(backward - forward)
    part2_rows = [{"source": sub, "target": items if len(items) > 1 else items[0], "relationship": "related"}
                  for sub, items in sub_refs.items() if items]

    def pairs(found: list[tuple[str, str]]) -> str:
        return ", ".join(f"{i} - {s}" for i, s in found) or "none"

    common_notes = (f"Pairs in Part 1 (without *) but not in Part 2: {pairs(only_forward)}. "
                    f"Pairs in Part 2 but not in Part 1: {pairs(only_backward)}. Kept as published.")
    part1 = {
        "kind": "mapping", "id": "tta-trustworthy-ai-2023--nist-ai-rmf-1.0",
        "title": "TTA guidebook verification items to AI RMF subcategories (official, Part 1, plain references)",
        "source": "tta-trustworthy-ai@2023", "target": "nist-ai-rmf@1.0", "style": "concept",
        "provenance": dict(PROVENANCE, note="Part 1 of the document, references without '*'."),
        "notes": "A row naming several subcategories lists the item's correspondences one by one (concept "
                 "crosswalk). References marked '*' are in tta-trustworthy-ai-2023--nist-ai-rmf-1.0-subsets. "
                 + common_notes,
        "rows": related_rows,
    }
    subsets = {
        "kind": "mapping", "id": "tta-trustworthy-ai-2023--nist-ai-rmf-1.0-subsets",
        "title": "TTA guidebook verification items that are subsets of broader AI RMF subcategories (official, Part 1, '*')",
        "source": "tta-trustworthy-ai@2023", "target": "nist-ai-rmf@1.0", "style": "strm",
        "provenance": dict(PROVENANCE, note="Part 1 references marked '*': 'the TTA Guidebook verification item is a "
                                            "subset of the identified, broader NIST AI RMF subcategory'."),
        "notes": "The document states the subset relation but gives no strength, so none is recorded; the rationale "
                 "'semantic' is our reading of 'subset of the broader subcategory'.",
        "rows": subset_rows,
    }
    part2 = {
        "kind": "mapping", "id": "nist-ai-rmf-1.0--tta-trustworthy-ai-2023",
        "title": "AI RMF subcategories to TTA guidebook verification items (official, Part 2)",
        "source": "nist-ai-rmf@1.0", "target": "tta-trustworthy-ai@2023", "style": "concept",
        "provenance": dict(PROVENANCE, note="Part 2 of the document."),
        "notes": common_notes,
        "rows": part2_rows,
    }
    return {FRAMEWORK: framework, PART1: part1, PART1_SUBSETS: subsets, PART2: part2}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    return write_or_check({path: dump(data) for path, data in build(args.reference).items()}, args.check)

if __name__ == "__main__":
    sys.exit(main())
