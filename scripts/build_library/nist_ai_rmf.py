"""Build ``frameworks/nist-ai-rmf-1.0.yaml`` (the AI RMF 1.0 Core) from the public reference data.

Why a script and not a hand-edited file: the Core has 95 official statements and two imperfect
machine copies (the CSA JSON lacks five statements, ASCII-folds the typography and truncates a
category; the CISO Assistant YAML keeps the PDF's typography but is AGPL packaging). The script
takes each statement from the CSA copy, cross-checks it character by character against the CISO
Assistant copy, takes nothing from either without saying so, and fails loudly on any difference it
was not told about. Every repair it makes is written into the file's ``notes``.

Usage (from the repository root; ``--reference`` defaults to ``../shared/reference``)::

    python scripts/build_library/nist_ai_rmf.py            # write the YAML
    python scripts/build_library/nist_ai_rmf.py --check    # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crosswalk.atomic import write_text_atomically  # noqa: E402
from crosswalk.yamlwrite import dump  # noqa: E402

OUTPUT = ROOT / "frameworks" / "nist-ai-rmf-1.0.yaml"
CSA_DIR = "CloudSecurityAlliance_dataset-public-laws-regulations-standards"
CSA_FILE = "ai-rmf-1.0-subcategories.json"
CISO_DIR = "intuitem_ciso-assistant-community"
CISO_FILE = "nist-ai-rmf-1.0.yaml"
DOCUMENT = "NIST AI 100-1"

# (id, title, section, section's printed page, table); titles are the section headings of AI 100-1.
FUNCTIONS = [
    ("GOVERN", "Govern", "5.1 Govern", 21, "Table 1"),
    ("MAP", "Map", "5.2 Map", 24, "Table 2"),
    ("MEASURE", "Measure", "5.3 Measure", 28, "Table 3"),
    ("MANAGE", "Manage", "5.4 Manage", 31, "Table 4"),
]
FIGURE_5_PAGE = 20

# Printed page on which each table starts (List of Tables), and the first element printed on each
# following page ("Continued on next page" breaks). Printed page = PDF page - 5.
TABLE_START = {"GOVERN": 22, "MAP": 26, "MEASURE": 29, "MANAGE": 32}
PAGE_BREAKS = {"GOVERN 1.5", "GOVERN 4.2", "MAP 2.3", "MAP 5.2", "MEASURE 2.6", "MEASURE 3.3", "MANAGE 4"}
PAGE_SPANS = {"GOVERN 4": "23-24"}  # the only statement whose text runs over a page break

# End-of-line hyphens that both PDF conversions dropped; the printed text keeps them.
HYPHEN_REPAIRS = {
    "MAP 1.1": ("contextspecific", "context-specific"),
    "MEASURE 4.3": ("contextrelevant", "context-relevant"),
}
EXPECTED_EMPTY_IN_CSA = ["GOVERN 6.2", "MAP 4.2", "MAP 5.1", "MEASURE 3.2", "MANAGE 1.1"]
ASCII_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})
TYPOGRAPHY_NAMES = {"\u2019": "apostrophe \u2019", "\u201c": "quotes \u201c\u201d", "\u2013": "en dash \u2013"}


def first_sentence(text: str) -> str:
    """The statement up to its first full stop that ends a sentence (the title of the element).

    A full stop ends a sentence when a space and a capital letter follow it. The statements use no
    abbreviation that would fool this ("e.g." is always followed by a comma); the multi-sentence
    statements are listed in the file's notes so that a reviewer can check every split.
    """
    for index, char in enumerate(text):
        if char == "." and text[index + 1 : index + 2] == " " and text[index + 2 : index + 3].isupper():
            return text[: index + 1]
    return text


def load_sources(reference: Path) -> tuple[list[dict[str, str]], dict[str, dict[str, Any]]]:
    csa = json.loads((reference / CSA_DIR / CSA_FILE).read_text("utf-8"))
    ciso_doc = yaml.safe_load((reference / CISO_DIR / CISO_FILE).read_text("utf-8"))
    ciso = {n["ref_id"]: n for n in ciso_doc["objects"]["framework"]["requirement_nodes"] if n.get("ref_id")}
    return csa, ciso


def reconcile(ident: str, csa_text: str, ciso_text: str, repairs: dict[str, list[str]]) -> str:
    """Return the official statement for ``ident``, recording why it differs from the CSA copy."""
    if not csa_text:
        repairs["filled"].append(ident)
        text = ciso_text
    elif csa_text == ciso_text:
        text = csa_text
    elif ciso_text.translate(ASCII_FOLD) == csa_text:
        text = ciso_text
        for char, name in TYPOGRAPHY_NAMES.items():
            if char in ciso_text:
                repairs[name].append(ident)
    elif ciso_text == csa_text + ".":
        text = ciso_text
        repairs["final period"].append(ident)
    elif ciso_text.startswith(csa_text):
        text = ciso_text
        repairs["truncated"].append(ident)
    else:
        raise SystemExit(f"{ident}: CSA and CISO Assistant texts differ unexpectedly:\n  {csa_text!r}\n  {ciso_text!r}")
    if ident in HYPHEN_REPAIRS:
        wrong, right = HYPHEN_REPAIRS[ident]
        if text.count(wrong) != 1:
            raise SystemExit(f"{ident}: expected one {wrong!r} to repair")
        text = text.replace(wrong, right)
        repairs["hyphen"].append(f"{ident} ({wrong} -> {right})")
    if not text.strip():
        raise SystemExit(f"{ident}: no text in either source")
    return text


def build(reference: Path) -> dict[str, Any]:
    csa, ciso = load_sources(reference)
    if len(csa) != 72:
        raise SystemExit(f"CSA file has {len(csa)} rows, expected 72")
    empty = [row["subcategory_id"] for row in csa if not row["description"].strip()]
    if empty != EXPECTED_EMPTY_IN_CSA:
        raise SystemExit(f"CSA empty descriptions changed: {empty}")
    csa_ids = [row["subcategory_id"] for row in csa]
    ciso_subs = [k for k, n in ciso.items() if n.get("depth") == 3]
    if csa_ids != ciso_subs:
        raise SystemExit("CSA and CISO Assistant list different subcategories")

    repairs: dict[str, list[str]] = {k: [] for k in (
        "filled", "final period", "truncated", "hyphen", *TYPOGRAPHY_NAMES.values())}
    elements: list[dict[str, Any]] = []
    multi_sentence: list[str] = []

    def element(ident: str, level: str, title: str, text: str, parent: str | None, section: str, page: Any) -> None:
        item: dict[str, Any] = {"id": ident, "level": level, "title": title, "text": text}
        if parent:
            item["parent"] = parent
        item["citation"] = {"document": DOCUMENT, "section": section, "page": page}
        elements.append(item)

    for fid, ftitle, section, section_page, table in FUNCTIONS:
        statement = ciso[fid]["description"]
        element(fid, "function", ftitle, statement, None, section, section_page)
        elements[-1]["attributes"] = {"text_source": f"Fig. 5, page {FIGURE_5_PAGE}"}
        page = TABLE_START[fid]
        categories = list(dict.fromkeys(row["category_id"] for row in csa if row["category_id"].split()[0] == fid))
        for cid in categories:
            if cid in PAGE_BREAKS:
                page += 1
            rows = [row for row in csa if row["category_id"] == cid]
            ctext = reconcile(cid, rows[0]["category_text"], ciso[cid]["description"], repairs)
            cpage = PAGE_SPANS.get(cid, page)
            element(cid, "category", first_sentence(ctext), ctext, fid, f"{section}, {table}", cpage)
            for row in rows:
                sid = row["subcategory_id"]
                if sid in PAGE_BREAKS:
                    page += 1
                stext = reconcile(sid, row["description"], ciso[sid]["description"], repairs)
                title = first_sentence(stext)
                if title != stext:
                    multi_sentence.append(sid)
                element(sid, "subcategory", title, stext, cid, f"{section}, {table}", page)

    counts = {lvl: sum(1 for e in elements if e["level"] == lvl) for lvl in ("function", "category", "subcategory")}
    if counts != {"function": 4, "category": 19, "subcategory": 72}:
        raise SystemExit(f"unexpected counts {counts}")
    if len(repairs["hyphen"]) != len(HYPHEN_REPAIRS):
        raise SystemExit("a hyphen repair was not applied")

    return {
        "kind": "framework",
        "id": "nist-ai-rmf",
        "version": "1.0",
        "name": "Artificial Intelligence Risk Management Framework (AI RMF 1.0)",
        "short_name": "NIST AI RMF 1.0",
        "publisher": "National Institute of Standards and Technology (NIST)",
        "published": "2023-01-26",
        "source": {
            "url": "https://doi.org/10.6028/NIST.AI.100-1",
            "doi": "10.6028/NIST.AI.100-1",
            "document": "NIST AI 100-1, Artificial Intelligence Risk Management Framework (AI RMF 1.0), January 2023",
            "retrieved_from": (
                "CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards "
                "control/nist.gov/ai-rmf/1.0/ai-rmf-1.0-subcategories.json "
                "(commit 7d418867b0650a0982683b90af1bd0a42357a227), cross-checked against "
                "intuitem/ciso-assistant-community backend/library/libraries/nist-ai-rmf-1.0.yaml "
                "(commit 7c165ec9db4263de1eec873ec7961dbc5512b30a)"
            ),
            "note": "Built by scripts/build_library/nist_ai_rmf.py; see frameworks/SOURCES.md.",
        },
        "licence": (
            "Public domain in the United States: a work of the US Government (NIST), not subject to "
            "copyright protection under 17 U.S.C. 105."
        ),
        "description": (
            "The AI RMF Core (Part 2 of NIST AI 100-1): 4 functions, 19 categories and 72 "
            "subcategories of outcomes for managing the risks of AI systems."
        ),
        "notes": notes(repairs, multi_sentence),
        "levels": ["function", "category", "subcategory"],
        "elements": elements,
    }


def notes(repairs: dict[str, list[str]], multi_sentence: list[str]) -> str:
    """The file's ``notes``: what is official, where titles come from, and every text repair."""
    typo = "; ".join(f"{name}: {', '.join(ids)}" for name, ids in repairs.items()
                     if name in TYPOGRAPHY_NAMES.values() and ids)
    return "\n".join([
        "Wording: every title and text is the official wording of NIST AI 100-1.",
        "Titles: a function's title is its section heading (5.1 Govern ...); its text is the one-line "
        "statement of Fig. 5 (page 20; taken from the CISO Assistant copy, final period included; the figure "
        "itself is an image). A category's or subcategory's title is the first "
        "sentence of its official statement and its text is the whole statement; the two are equal "
        f"except for the {len(multi_sentence)} multi-sentence subcategories "
        f"({', '.join(multi_sentence)}). Titles never add words of our own.",
        "Citations: printed page numbers of NIST AI 100-1 (PDF page minus 5); a subcategory is cited "
        "on the page where its statement starts, GOVERN 4 runs over pages 23-24.",
        "Source and text repairs (base: CSA ai-rmf-1.0-subcategories.json; witness: CISO Assistant "
        "nist-ai-rmf-1.0.yaml, which keeps the PDF's characters):",
        f"- Empty in the CSA copy, taken from the CISO Assistant copy: {', '.join(repairs['filled'])}.",
        f"- Category statements without their final period in the CSA copy, period restored: "
        f"{', '.join(repairs['final period'])}.",
        f"- Category statement truncated in the CSA copy, completed from the CISO Assistant copy and "
        f"the NIST-IMDA crosswalk: {', '.join(repairs['truncated'])}.",
        f"- Typography folded to ASCII in the CSA copy, restored as printed ({typo}).",
        f"- End-of-line hyphen lost by both conversions, restored as printed: {'; '.join(repairs['hyphen'])}.",
        "No other character differs from the CSA copy.",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare with the existing file instead of writing")
    args = parser.parse_args(argv)
    text = dump(build(args.reference))
    if args.check:
        same = args.output.is_file() and args.output.read_text("utf-8") == text
        print(f"{args.output}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1
    write_text_atomically(args.output, text)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
