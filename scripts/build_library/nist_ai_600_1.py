"""Build ``frameworks/nist-ai-600-1.yaml`` and its structural mapping to the AI RMF from public data.

Why a script: the machine copy of NIST AI 600-1's 212 suggested actions (CSA, CC0) carries the
PDF's defects: ligatures (U+FB01 ...), line-break hyphens followed by a space ("open- data"), a
footnote number glued to a word, one mis-printed id (``GV4.3--001``) and risk labels that vary from
table to table. Every repair is an explicit rule that must apply exactly where expected; the texts,
AI actor tasks and risk tags are then cross-checked against IBM's independent copy (Apache-2.0),
and the build stops on any difference that is not a known, explained defect of that copy. Every
repair is listed in the framework's ``notes``.

Usage (from the repository root; ``--reference`` defaults to ``../shared/reference``)::

    python scripts/build_library/nist_ai_600_1.py           # write both YAML files
    python scripts/build_library/nist_ai_600_1.py --check   # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
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
IBM_RISKS = "IBM_risk-atlas-nexus/nist_ai_rmf_data.yaml"
DOCUMENT = "NIST AI 600-1"

# The headings of sections 2.1-2.12, in order. Section 2's introductory list prints the sixth as
# "Harmful Bias or Homogenization"; the heading 2.6, the table of contents, the cross-references in
# the text ("see Harmful Bias and Homogenization below") and all 57 action tags say "and".
RISKS = [
    "CBRN Information or Capabilities",
    "Confabulation",
    "Dangerous, Violent, or Hateful Content",
    "Data Privacy",
    "Environmental Impacts",
    "Harmful Bias and Homogenization",
    "Human-AI Configuration",
    "Information Integrity",
    "Information Security",
    "Intellectual Property",
    "Obscene, Degrading, and/or Abusive Content",
    "Value Chain and Component Integration",
]
# IBM's risk names are the introductory list's; only the sixth differs from the headings.
IBM_RISK_NAMES = {"Harmful Bias or Homogenization": "Harmful Bias and Homogenization"}
# Tags printed in the action tables that name one of the 12 risks differently: printed -> heading.
LABEL_REPAIRS = {
    "CBRN Information and Capability": "CBRN Information or Capabilities",
    "Environmental": "Environmental Impacts",
    "Human AI Configuration": "Human-AI Configuration",
}
# One cell (MG-3.2-004) separates two tags with a comma instead of a semicolon.
SPLIT_LABELS = {"Human-AI Configuration, Dangerous, Violent, or Hateful Content":
                ["Human-AI Configuration", "Dangerous, Violent, or Hateful Content"]}
# A printed tag that names none of the 12 risks (GV-1.4-002). Mapping it onto one of them would be
# our judgement, not a repair, so it is kept as printed and linked to no risk.
NOT_A_RISK = {"Civil Rights violations"}
# AI actor task labels: printed or converted variant -> the form the other tables print.
TASK_REPAIRS = {
    "AI Actors: AI Design": "AI Design",  # GOVERN 3.2's table labels its row "AI Actors:", the CSA copy kept it
    "End- Users": "End-Users",  # line-break hyphen (MAP 5.1, MAP 5.2)
    "End Users": "End-Users",  # printed without the hyphen in MAP 2.2's table only
}
ID_REPAIRS = {"GV4.3--001": "GV-4.3-001"}
# A hyphen at a PDF line end came out as "- "; compounds such as "open-data" lost nothing else.
# The rule is checked to apply exactly to these actions (IBM's copy has the joined form for all
# but MS-2.5-003, where it dropped the hyphen: "pre deployment").
LINE_BREAK_HYPHEN = re.compile(r"(?<=\w)- (?!and\b|or\b)(?=\w)")
EXPECTED_HYPHEN_REPAIRS = {
    "GV-6.2-002", "MS-1.1-006", "MS-2.2-004", "MS-2.5-001", "MS-2.5-002", "MS-2.5-003", "MS-2.8-003",
    "MS-2.11-002", "MS-3.3-003", "MG-2.2-002", "MG-2.2-008", "MG-3.1-001", "MG-3.2-002",
}
# Footnote numbers that the conversion glued to the preceding word: action -> (printed, repaired).
FOOTNOTE_REPAIRS = {"MS-2.11-001": ("Winogender Schemas15)", "Winogender Schemas)")}
# Known defects of IBM's copy, checked against a text conversion of the PDF; any other difference
# from IBM stops the build.
IBM_TEXT_DEFECTS = {
    "GV-1.3-006": "appends 'Information or Capabilities' (a fragment of the risk cell)",
    "GV-1.7-002": "appends 'Human-' (a fragment of the risk cell)",
    "MG-2.4-001": "appends 'Human-' (a fragment of the risk cell)",
    "MS-2.10-001": "appends 'Property' (a fragment of the risk cell)",
    "MS-2.7-009": "drops 'effective and have not'",
    "MS-2.5-003": "drops the hyphen of 'pre-deployment'",
    "MS-2.11-001": "keeps footnote 15 as ' 15 '",
}
IBM_TASK_DEFECTS = {
    "MAP 1.1": "prints 'AI Development' for the PDF's 'AI Deployment'",
    "MAP 1.2": "prints 'AI Development' for the PDF's 'AI Deployment'",
    "MANAGE 1.3": "drops 'AI Development'",
}
FUNCTIONS = [("GOVERN", "GV", "Govern"), ("MAP", "MP", "Map"), ("MEASURE", "MS", "Measure"), ("MANAGE", "MG", "Manage")]
ACTION_ID = re.compile(r"^(GV|MP|MS|MG)-(\d+)\.(\d+)-(\d{3})$")


def plain(text: str) -> str:
    """Undo typographic ligatures (U+FB00-U+FB06) only; every other character stays as printed."""
    return "".join(unicodedata.normalize("NFKC", ch) if "\ufb00" <= ch <= "\ufb06" else ch for ch in text)


def spaced(text: str) -> str:
    """Line breaks, no-break spaces and runs of spaces of the conversion -> one space."""
    return " ".join(text.split())


def first_sentence(text: str) -> str:
    """Up to the first full stop followed by a space and a capital (the rule of nist_ai_rmf.py)."""
    for index, char in enumerate(text):
        if char == "." and text[index + 1 : index + 2] == " " and text[index + 2 : index + 3].isupper():
            return text[: index + 1]
    return text


def comparable(text: str) -> str:
    """IBM's copy splits words and straightens quotes; compare without spaces and with straight quotes."""
    return "".join(plain(text).split()).translate(str.maketrans("\u2018\u2019\u201c\u201d", "''''"))


def sort_key(action_id: str) -> tuple[int, int, int, int]:
    prefix, category, sub, seq = ACTION_ID.match(action_id).groups()  # type: ignore[union-attr]
    return [p for _, p, _ in FUNCTIONS].index(prefix), int(category), int(sub), int(seq)


def repair_id(raw: dict[str, Any], present: set[str], notes: list[str]) -> str:
    """The printed id, or its repair; a repair must land on the free first number of its subcategory."""
    printed = raw["action_id"]
    ident = ID_REPAIRS.get(printed, printed)
    if not ACTION_ID.match(ident):
        raise SystemExit(f"unreadable action id {printed!r}: add a rule for it")
    if ident != printed:
        sub = raw["subcategory_id"].split()[1]
        neighbours = sorted(i for i in present if i.startswith(ident[:3] + sub + "-"))
        if ident in present or ident[3:-4] != sub or not neighbours or neighbours[0] != ident[:-3] + "002":
            raise SystemExit(f"repair {printed} -> {ident} does not fit its subcategory and neighbours")
        notes.append(f"Action id '{printed}' (printed, with an empty function) read as '{ident}': it stands "
                     f"first in the table of {raw['subcategory_id']}, whose other actions are "
                     f"{', '.join(neighbours)}, and the id scheme is <GV|MP|MS|MG>-<subcategory>-<nnn>; "
                     f"IBM's copy has '{ident}'.")
    return ident


def repair_text(ident: str, printed: str, hyphenated: list[str]) -> str:
    text = spaced(plain(printed))
    if LINE_BREAK_HYPHEN.search(text):
        hyphenated.append(ident)
        text = LINE_BREAK_HYPHEN.sub("-", text)
    if ident in FOOTNOTE_REPAIRS:
        old, new = FOOTNOTE_REPAIRS[ident]
        if text.count(old) != 1:
            raise SystemExit(f"footnote repair for {ident} does not apply")
        text = text.replace(old, new)
    return text


def risk_labels(printed: list[str], used: Counter[str]) -> tuple[list[str], list[str]]:
    """Official risk names (printed order, no repeats) and printed tags that name no risk."""
    risks: list[str] = []
    other: list[str] = []
    for label in (plain(p) for p in printed):
        parts = SPLIT_LABELS.get(label, [label])
        if label in SPLIT_LABELS:
            used[f"cell {label!r} split into {parts}"] += 1
        for part in parts:
            if part in LABEL_REPAIRS:
                used[f"tag {part!r} -> {LABEL_REPAIRS[part]!r}"] += 1
                part = LABEL_REPAIRS[part]
            if part in RISKS:
                if part not in risks:
                    risks.append(part)
            elif part in NOT_A_RISK:
                other.append(part)
            else:
                raise SystemExit(f"unknown risk label {part!r}: add a rule for it")
    return risks, other


def actor_tasks(printed: list[str], used: Counter[str]) -> list[str]:
    tasks = []
    for task in (spaced(plain(t)) for t in printed):
        if task in TASK_REPAIRS:
            used[f"AI actor task {task!r} -> {TASK_REPAIRS[task]!r}"] += 1
            task = TASK_REPAIRS[task]
        tasks.append(task)
    return tasks


def cross_check(actions: dict[str, dict[str, Any]], tasks: dict[str, list[str]], ibm_actions: dict[str, Any]) -> None:
    """Stop on any difference from IBM's copy other than its known defects (listed above)."""
    if set(ibm_actions) != set(actions):
        raise SystemExit(f"IBM's action ids differ: {sorted(set(ibm_actions) ^ set(actions))}")
    bad_text = sorted(i for i, a in actions.items()
                      if comparable(ibm_actions[i]["description"]) != comparable(a["text"]) and i not in IBM_TEXT_DEFECTS)
    if bad_text or any(comparable(ibm_actions[i]["description"]) == comparable(actions[i]["text"]) for i in IBM_TEXT_DEFECTS):
        raise SystemExit(f"unexplained text differences from IBM's copy: {bad_text} (or a known defect is gone)")
    bad_tasks = set()
    for ident, action in actions.items():
        capitalised = (t[0].upper() + t[1:] for t in ibm_actions[ident].get("hasAiActorTask", []))
        theirs = [TASK_REPAIRS.get(t, t) for t in capitalised]  # compare the normalised forms
        if theirs != tasks[action["parent"]]:
            bad_tasks.add(action["parent"])
    if bad_tasks != set(IBM_TASK_DEFECTS):
        raise SystemExit(f"AI actor tasks differ from IBM's copy for {sorted(bad_tasks)}, expected {sorted(IBM_TASK_DEFECTS)}")


def build(reference: Path) -> tuple[dict[str, Any], dict[str, Any], Counter[str]]:
    raw_actions = json.loads((reference / CSA_FILE).read_text(encoding="utf-8"))
    ibm_actions = {a["id"]: a for a in yaml.safe_load((reference / IBM_ACTIONS).read_text(encoding="utf-8"))["actions"]}
    ibm_risks = yaml.safe_load((reference / IBM_RISKS).read_text(encoding="utf-8"))["risks"]
    definitions = {IBM_RISK_NAMES.get(r["name"], r["name"]): r["description"] for r in ibm_risks}
    if list(definitions) != RISKS:
        raise SystemExit(f"IBM's risks are not the 12 section headings in order: {list(definitions)}")

    notes: list[str] = []
    used: Counter[str] = Counter()
    hyphenated: list[str] = []
    present = {r["action_id"] for r in raw_actions}
    actions: dict[str, dict[str, Any]] = {}
    sub_texts: dict[str, set[str]] = {}
    tasks: dict[str, list[str]] = {}
    risk_ids = {name: f"2.{n}" for n, name in enumerate(RISKS, start=1)}
    for raw in raw_actions:
        ident = repair_id(raw, present, notes)
        sub = raw["subcategory_id"]
        sub_texts.setdefault(sub, set()).add(spaced(plain(raw["subcategory_text"])))
        found = actor_tasks(raw["ai_actor_tasks"], used)
        if tasks.setdefault(sub, found) != found:
            raise SystemExit(f"{ident}: AI actor tasks differ from the rest of {sub}'s table")
        text = repair_text(ident, raw["suggested_action"], hyphenated)
        risks, other = risk_labels(raw["gai_risks"], used)
        attributes: dict[str, Any] = {"risks": risks}
        if other:
            attributes["other_labels_as_printed"] = other
        attributes["ai_actor_tasks"] = found
        actions[ident] = {"id": ident, "level": "item", "parent": sub, "title": first_sentence(text), "text": text,
                          "citation": {"document": DOCUMENT, "section": "3"}, "attributes": attributes,
                          "links": [{"element": risk_ids[r], "type": "gai-risk"} for r in risks]}
    if set(hyphenated) != EXPECTED_HYPHEN_REPAIRS:
        raise SystemExit(f"line-break hyphen rule applied to {sorted(hyphenated)}, expected {sorted(EXPECTED_HYPHEN_REPAIRS)}")
    if len(actions) != 212 or any(len(texts) != 1 for texts in sub_texts.values()):
        raise SystemExit("expected 212 actions and one statement per subcategory")
    cross_check(actions, tasks, ibm_actions)

    notes += [
        "Ligatures (U+FB00-U+FB06, e.g. U+FB01 for 'fi') replaced by the plain letters in all texts and labels.",
        "Line breaks, no-break spaces and doubled spaces of the conversion written as one space (e.g. MEASURE 2.6 "
        "'to  deployed').",
        "A hyphen at a PDF line end came out as '- ' ('open- data', 'AI- generated'); the space is removed in "
        + ", ".join(sorted(hyphenated, key=sort_key)) + ".",
        "MS-2.11-001: the footnote number 15 glued to 'Winogender Schemas' is removed.",
        "Risk tags: " + "; ".join(f"{k} ({n}x)" for k, n in sorted(used.items()) if not k.startswith("AI actor"))
        + ". GV-1.4-002 also prints the tag 'Civil Rights violations', which names none of the 12 risks: kept "
          "in attributes.other_labels_as_printed and linked to no risk (mapping it to a risk would be our judgement).",
        "AI actor tasks: " + "; ".join(f"{k[14:]} ({n}x)" for k, n in sorted(used.items()) if k.startswith("AI actor"))
        + ". The PDF prints them "
        "once per subcategory table; they are repeated on each action and given on the subcategory.",
        "Not repaired: the quotes of GV-1.3-002 ('(“go/”no-go”)') and the subcategory statements as the profile "
        "prints them, which differ slightly from AI 100-1 (e.g. 'AI Actors' capitalised, 'context specific' in "
        "MAP 1.1, no final period in MAP 2.3).",
        "Cross-checked against IBM's copy: same 212 ids; texts equal apart from spacing and straight quotes except "
        "IBM's own defects (" + "; ".join(f"{i} {d}" for i, d in IBM_TEXT_DEFECTS.items()) + "); AI actor tasks "
        "equal except IBM's " + "; ".join(f"{s} {d}" for s, d in IBM_TASK_DEFECTS.items()) + ". Where the two "
        "copies differ, a text conversion of the PDF agrees with the CSA copy.",
    ]

    elements: list[dict[str, Any]] = [{"id": "risks", "level": "section",
                                       "title": "Overview of Risks Unique to or Exacerbated by GAI",
                                       "citation": {"document": DOCUMENT, "section": "2"}}]
    for name, ident in risk_ids.items():
        elements.append({"id": ident, "level": "group", "parent": "risks", "title": name, "text": definitions[name],
                         "citation": {"document": DOCUMENT, "section": ident}})
    ordered = sorted(actions, key=sort_key)
    for function, prefix, title in FUNCTIONS:
        elements.append({"id": function, "level": "section", "title": title,
                         "citation": {"document": DOCUMENT, "section": "3"}})
        subs = sorted({actions[a]["parent"] for a in ordered if a.startswith(prefix)},
                      key=lambda s: tuple(int(p) for p in s.split()[1].split(".")))
        for sub in subs:
            text = next(iter(sub_texts[sub]))
            elements.append({"id": sub, "level": "group", "parent": function, "title": first_sentence(text),
                             "text": text, "citation": {"document": DOCUMENT, "section": "3"},
                             "attributes": {"ai_actor_tasks": tasks[sub]}})
            elements.extend(actions[a] for a in ordered if actions[a]["parent"] == sub)

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
                                     "cross-checked against IBM/risk-atlas-nexus nist_ai_rmf_actions_data.yaml and "
                                     "nist_ai_rmf_data.yaml (commit 97fbe67)",
                   "note": "Built by scripts/build_library/nist_ai_600_1.py; see frameworks/SOURCES.md."},
        "licence": "Public domain in the United States: a work of the US Government (NIST), 17 U.S.C. 105.",
        "description": "The 12 risks unique to or exacerbated by generative AI (section 2) and the 212 suggested "
                       "actions (section 3), each under the AI RMF subcategory it is printed under (49 of the 72) "
                       "and tagged with the GAI risks and AI actor tasks the profile gives it.",
        "notes": "Wording: official, as printed, apart from the repairs below. Risks: ids are the section numbers "
                 "2.1-2.12, titles the section headings, texts the definitions of section 2's introductory list "
                 "(footnote numbers left out; taken from IBM's copy and checked against a text conversion of the "
                 "PDF). Subcategories and actions: title = first sentence, text = whole statement. The four "
                 "function sections group the tables as the Action ID prefixes do ('GV = Govern; MP = Map; "
                 "MS = Measure; MG = Manage'); the profile prints no function headings. Each action links to its "
                 "risks (type gai-risk).\nRepairs and checks:\n" + "\n".join(f"- {n}" for n in notes),
        "levels": ["section", "group", "item"],
        "elements": elements,
    }

    rows: list[dict[str, Any]] = []
    for element in elements:
        if element["level"] == "group" and element["parent"] != "risks":
            rows.append({"source": element["id"], "target": element["id"], "relationship": "equal",
                         "rationale": "syntactic", "strength": 10})
        elif element["level"] == "item":
            rows.append({"source": element["id"], "target": element["parent"], "relationship": "subset_of",
                         "rationale": "functional", "strength": 5})
    mapping = {
        "kind": "mapping",
        "id": "nist-ai-600-1--nist-ai-rmf-1.0",
        "title": "NIST AI 600-1 subcategories and suggested actions to the AI RMF 1.0 subcategories (structural)",
        "source": "nist-ai-600-1@1.0",
        "target": "nist-ai-rmf@1.0",
        "style": "strm",
        "comprehensive": False,
        "provenance": {
            "author": "crosswalk maintainers (derived from NIST AI 600-1's own structure)",
            "authority": "NIST: AI 600-1 organises its suggested actions by AI RMF subcategory",
            "document": "NIST AI 600-1, section 3",
            "published": "2024-07-26",
            "method": "automation",
            "status": "complete",
            "judgement": "official",
            "note": "Generated by scripts/build_library/nist_ai_600_1.py. Subcategory rows: the profile's "
                    "subcategory is the AI RMF subcategory itself (equal, syntactic: same id, and the statement "
                    "the profile prints is AI 100-1's apart from small typographic differences listed in the "
                    "framework's notes), strength 10. Action rows: each suggested action is printed under one "
                    "subcategory as a step towards that outcome for GAI (subset_of, functional: it serves the "
                    "subcategory's function). Strength 5, 'balanced' on the OLIR scale (4-6), is our reading: an "
                    "action lies wholly within its subcategory's scope, yet covers only a GAI-specific part of a "
                    "broader outcome, to which the AI RMF Playbook's actions and the other suggested actions "
                    "also contribute. One uniform value, since the profile grades no action.",
        },
        "notes": "49 of the 72 AI RMF subcategories are addressed by the profile; the other 23 have no row "
                 "(the profile: 'Not every subcategory of the AI RMF is included in this document'). The actions "
                 "of a subcategory do not together make it up, so exhaustive_subsets is not claimed.",
        "rows": rows,
    }
    counts = Counter(r for a in actions.values() for r in a["attributes"]["risks"])
    return framework, mapping, counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed files differ")
    parser.add_argument("--counts", action="store_true", help="print the number of actions tagged with each risk")
    args = parser.parse_args()
    framework, mapping, counts = build(args.reference)
    if args.counts:
        for name in RISKS:
            print(f"{counts[name]:4d}  {name}")
    return write_or_check({FRAMEWORK: dump(framework), MAPPING: dump(mapping)}, args.check)


if __name__ == "__main__":
    sys.exit(main())
