"""Build ``frameworks/nist-ai-600-1.yaml`` and its structural mapping to the AI RMF from public data.

Why a script: the machine copy of NIST AI 600-1's 212 suggested actions (CSA, CC0) carries the
PDF's defects (ligatures such as U+FB01, one mis-printed id, risk labels that vary from table to
table). The script repairs each defect by an explicit rule, cross-checks action texts and risk
tags against IBM's copy (Apache-2.0), and fails on any difference it was not told about; every
repair is listed in the file's ``notes``.

Usage (from the repository root; ``--reference`` defaults to ``../shared/reference``)::

    python scripts/build_library/nist_ai_600_1.py           # write both YAML files
    python scripts/build_library/nist_ai_600_1.py --check   # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crosswalk.yamlwrite import dump  # noqa: E402
from _output import write_or_check  # noqa: E402

FRAMEWORK = ROOT / "frameworks" / "nist-ai-600-1.yaml"
MAPPING = ROOT / "mappings" / "nist-ai-600-1--nist-ai-rmf-1.0.yaml"
CSA_FILE = "CloudSecurityAlliance_dataset-public-laws-regulations-standards/ai-600-1-1.0-actions.json"
IBM_ACTIONS = "IBM_risk-atlas-nexus/nist_ai_rmf_actions_data.yaml"
DOCUMENT = "NIST AI 600-1"

# Section 2 of AI 600-1, in order (names as IBM's copy of the section headings gives them).
RISKS = [
    "CBRN Information or Capabilities",
    "Confabulation",
    "Dangerous, Violent, or Hateful Content",
    "Data Privacy",
    "Environmental Impacts",
    "Harmful Bias or Homogenization",
    "Human-AI Configuration",
    "Information Integrity",
    "Information Security",
    "Intellectual Property",
    "Obscene, Degrading, and/or Abusive Content",
    "Value Chain and Component Integration",
]
# Labels printed in the action tables that differ from the section names.
LABEL_REPAIRS = {
    "Harmful Bias and Homogenization": "Harmful Bias or Homogenization",
    "CBRN Information and Capability": "CBRN Information or Capabilities",
    "Environmental": "Environmental Impacts",
    "Human AI Configuration": "Human-AI Configuration",
}
# One table cell printed two labels without a line break between them.
SPLIT_LABELS = {"Human-AI Configuration, Dangerous, Violent, or Hateful Content":
                ["Human-AI Configuration", "Dangerous, Violent, or Hateful Content"]}
# Printed labels that are not one of the 12 risks: kept as printed, linked to no risk.
NOT_A_RISK = {"Civil Rights violations"}
TEXT_REPAIRS = {"MS-2.5-003": ("pre- deployment", "pre-deployment")}
ID_REPAIRS = {"GV4.3--001": "GV-4.3-001"}
FUNCTIONS = [("GOVERN", "GV", "Govern"), ("MAP", "MP", "Map"), ("MEASURE", "MS", "Measure"), ("MANAGE", "MG", "Manage")]


def plain(text: str) -> str:
    """Undo typographic ligatures (U+FB00-U+FB06) only; other characters stay as printed."""
    return "".join(unicodedata.normalize("NFKC", ch) if "\ufb00" <= ch <= "\ufb06" else ch for ch in text)


def risk_labels(printed: list[str], notes: set[str]) -> tuple[list[str], list[str]]:
    risks: list[str] = []
    other: list[str] = []
    for label in printed:
        label = plain(label)
        for part in SPLIT_LABELS.get(label, [label]):
            if part in LABEL_REPAIRS:
                notes.add(f"risk label {part!r} -> {LABEL_REPAIRS[part]!r}")
                part = LABEL_REPAIRS[part]
            if part in RISKS:
                if part not in risks:
                    risks.append(part)
            elif part in NOT_A_RISK:
                other.append(part)
            else:
                raise SystemExit(f"unknown risk label {part!r}: add a rule for it")
        if label in SPLIT_LABELS:
            notes.add(f"risk cell {label!r} split into {SPLIT_LABELS[label]}")
    return risks, other


def build(reference: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    actions = json.loads((reference / CSA_FILE).read_text(encoding="utf-8"))
    ibm = {a["id"]: a for a in yaml.safe_load((reference / IBM_ACTIONS).read_text(encoding="utf-8"))["actions"]} \
        if (reference / IBM_ACTIONS).exists() else {}
    notes: set[str] = set()
    differing: list[str] = []
    collapsed: list[str] = []
    risk_ids = {name: f"2.{n}" for n, name in enumerate(RISKS, start=1)}
    elements: list[dict[str, Any]] = [{"id": "risks", "level": "section", "title": "Risks unique to or exacerbated by GAI",
                                       "citation": {"document": DOCUMENT, "section": "2"}}]
    for name, ident in risk_ids.items():
        elements.append({"id": ident, "level": "group", "parent": "risks", "title": name,
                         "citation": {"document": DOCUMENT, "section": ident}})
    subcategories: dict[str, list[dict[str, Any]]] = {}
    texts: dict[str, str] = {}
    for raw in actions:
        ident = ID_REPAIRS.get(raw["action_id"], raw["action_id"])
        if ident != raw["action_id"]:
            notes.add(f"action id {raw['action_id']!r} (printed) -> {ident!r}, from its subcategory "
                      f"{raw['subcategory_id']} and its neighbours GV-4.3-002, GV-4.3-003; IBM's copy agrees")
        text = plain(raw["suggested_action"])
        if raw["suggested_action"] != text:
            notes.add("ligatures (U+FB00-U+FB06) replaced by plain letters in action texts")
        if " ".join(text.split()) != text:
            collapsed.append(ident)
            text = " ".join(text.split())
        if ident in TEXT_REPAIRS:
            old, new = TEXT_REPAIRS[ident]
            text = text.replace(old, new)
            notes.add(f"{ident}: {old!r} -> {new!r} (a line-break hyphen of the PDF)")
        risks, other = risk_labels(raw["gai_risks"], notes)
        if ibm and ident in ibm and "".join(plain(ibm[ident]["description"]).split()) != "".join(text.split()):
            differing.append(ident)
        action: dict[str, Any] = {"id": ident, "level": "item", "parent": raw["subcategory_id"],
                                  "title": text, "citation": {"document": DOCUMENT, "section": "3"}}
        attributes: dict[str, Any] = {"risks": risks}
        if other:
            attributes["other_labels_as_printed"] = other
        if raw.get("ai_actor_tasks"):
            attributes["ai_actor_tasks"] = [plain(t) for t in raw["ai_actor_tasks"]]
        action["attributes"] = attributes
        action["links"] = [{"element": risk_ids[r], "type": "addresses-risk"} for r in risks]
        subcategories.setdefault(raw["subcategory_id"], []).append(action)
        texts[raw["subcategory_id"]] = plain(raw["subcategory_text"]).strip()
    if collapsed:
        notes.add("line breaks and runs of spaces inside the text collapsed to one space: " + ", ".join(sorted(collapsed)))
    if differing:
        notes.add("IBM's copy differs beyond spacing for " + ", ".join(sorted(differing)) + ": in each case IBM's "
                  "text has conversion artefacts (split words, straight quotes, stray table fragments such as a "
                  "trailing 'Human-'); the CSA text is kept")
    for function, prefix, title in FUNCTIONS:
        elements.append({"id": function, "level": "section", "title": title,
                         "citation": {"document": DOCUMENT, "section": "3"}})
        for sub in sorted((s for s in subcategories if s.startswith(function + " ")),
                          key=lambda s: tuple(int(p) for p in s.split()[1].split("."))):
            elements.append({"id": sub, "level": "group", "parent": function, "title": texts[sub],
                             "citation": {"document": DOCUMENT, "section": "3"}})
            elements.extend(sorted(subcategories[sub], key=lambda a: a["id"]))
    framework = {
        "kind": "framework",
        "id": "nist-ai-600-1",
        "version": "1.0",
        "name": "Artificial Intelligence Risk Management Framework: Generative Artificial Intelligence Profile",
        "short_name": "NIST AI 600-1",
        "publisher": "National Institute of Standards and Technology (NIST)",
        "published": "2024-07-26",
        "source": {"url": "https://doi.org/10.6028/NIST.AI.600-1", "doi": "10.6028/NIST.AI.600-1",
                   "document": "NIST AI 600-1, July 2024",
                   "retrieved_from": "CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards "
                                     "control/nist.gov/ai-600-1/1.0/ai-600-1-1.0-actions.json (commit 7d41886), "
                                     "cross-checked against IBM/risk-atlas-nexus nist_ai_rmf_actions_data.yaml (97fbe67)",
                   "note": "Built by scripts/build_library/nist_ai_600_1.py; see frameworks/SOURCES.md."},
        "licence": "Public domain in the United States: a work of the US Government (NIST), 17 U.S.C. 105.",
        "description": "The 12 risks of generative AI (section 2) and the 212 suggested actions (section 3), each "
                       "under the AI RMF subcategory it serves and tagged with the risks it addresses.",
        "notes": "Wording: official, as printed, except the repairs listed here. Risk ids are the section numbers "
                 "2.1-2.12; risk names are the section headings (IBM's copy). Action titles are the full action "
                 "texts.\nRepairs:\n" + "\n".join(f"- {n}" for n in sorted(notes)),
        "levels": ["section", "group", "item"],
        "elements": elements,
    }
    rows: list[dict[str, Any]] = []
    for sub in [e["id"] for e in elements if e["level"] == "group" and e.get("parent") != "risks"]:
        rows.append({"source": sub, "target": sub, "relationship": "equal", "rationale": "syntactic", "strength": 10})
        for action in subcategories[sub]:
            rows.append({"source": action["id"], "target": sub, "relationship": "subset_of",
                         "rationale": "functional", "strength": 5})
    mapping = {
        "kind": "mapping",
        "id": "nist-ai-600-1--nist-ai-rmf-1.0",
        "title": "NIST AI 600-1 suggested actions to the AI RMF subcategories they serve (structural)",
        "source": "nist-ai-600-1@1.0",
        "target": "nist-ai-rmf@1.0",
        "style": "strm",
        "comprehensive": False,
        "provenance": {
            "author": "crosswalk maintainers (derived from NIST AI 600-1's own structure)",
            "authority": "NIST: AI 600-1 lists each suggested action under the AI RMF subcategory it serves",
            "document": "NIST AI 600-1, section 3",
            "published": "2024-07-26",
            "method": "automation",
            "status": "complete",
            "judgement": "official",
            "note": "The profile's subcategory headings are the AI RMF subcategories themselves (equal, syntactic, "
                    "10). Each suggested action is one way to achieve part of its subcategory: subset_of, "
                    "functional; strength 5 ('balanced' in the OLIR rubric) is our reading, since an action "
                    "covers a real but partial share of a broader outcome.",
        },
        "rows": rows,
    }
    return framework, mapping


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed files differ")
    args = parser.parse_args()
    framework, mapping = build(args.reference)
    return write_or_check({FRAMEWORK: dump(framework), MAPPING: dump(mapping)}, args.check)

if __name__ == "__main__":
    sys.exit(main())
