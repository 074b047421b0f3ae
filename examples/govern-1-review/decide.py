"""The worked example's review decisions: AI RMF GOVERN 1 refined into AI Verify 2023 processes.

The official NIST-IMDA crosswalk (``nist-ai-rmf-1.0--aiverify-2023``) relates the AI RMF *category*
GOVERN 1 to 17 AI Verify items without typing the relationship, so an AI Verify programme leaves
every GOVERN 1 subcategory *unknown*. A reviewer asked ``crosswalk suggest`` for subcategory-level
candidates inside those 17 items (``--within``), reviewed them in the workbook ``crosswalk review``
writes, and imported the decisions. This file is that reviewer's work, kept as data a reader can
audit: :data:`DECISIONS` holds one entry per line decided, with the reason; :func:`fill` writes them
into the workbook with openpyxl, as a person would type them.

The commands, as the README gives them, are in ``commands.sh`` beside this file (a test runs them):
``crosswalk review`` with :data:`OPTIONS`, ``python examples/govern-1-review/decide.py review.xlsx``,
then ``crosswalk import review``; the result's rows are those of the shipped
``mappings/nist-ai-rmf-1.0--aiverify-2023-govern-1.yaml``.

How the decisions were made (our judgement, draft). The AI RMF subcategory is the source, the AI
Verify process the target. GOVERN 1's subcategories are organisation-level (policies, processes,
roles); a process is accepted only where it is itself an organisation-level policy or process that
carries part of the subcategory, never because it monitors or secures one AI system (those belong
to MEASURE and MANAGE, and the official crosswalk relates them there too). Relationships:
``equal`` when both say the same thing; ``superset_of`` when the subcategory asks for more and the
process is wholly a part of it; ``intersects_with`` when each asks for something the other does not.
Strength, on the NIST OLIR rubric (equal 10, others 1-9): 7-9 the process is most of what the
subcategory asks or nearly the same scope; 4-6 a substantial shared part; 1-3 a thin overlap.
Rationale: syntactic (the wording is the same), semantic (the meaning overlaps), functional (the
process achieves what the subcategory asks for, in other words).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

MAPPING_ID = "nist-ai-rmf-1.0--aiverify-2023-govern-1"
REVIEWER = "crosswalk maintainers (draft)"
DATE = "2026-11-28"
SUBCATEGORIES = tuple(f"GOVERN 1.{number}" for number in range(1, 8))
TOP = 5
"""Candidates per subcategory. Chosen by looking at all 21 processes the official rows reach for each
subcategory (``--top 50``): below rank 5 the shared words were only the category's (``ai``,
``place``, ``measuring``), and the one relevant pair further down (GOVERN 1.7 and 5.7.1, rank 18:
"decommissioning" and "disposal" share no word) is added by hand below."""

OPTIONS = ("--from", "nist-ai-rmf@1.0", "--to", "aiverify@2023", "--leaves",
           "--within", "nist-ai-rmf-1.0--aiverify-2023", "--method", "lexical", "--top", str(TOP),
           *(part for subcategory in SUBCATEGORIES for part in ("--element", subcategory)))
"""The options ``crosswalk suggest`` and ``crosswalk review`` take, the same for both. ``--method
lexical`` names the method so that the example gives the same candidates with or without the
optional embeddings extra."""

ACCEPT, REJECT = "accept", "reject"


@dataclass(frozen=True)
class Decision:
    source: str
    """The AI RMF subcategory."""
    target: str
    """The AI Verify 2023 process."""
    decision: str
    relationship: str = ""
    strength: int | None = None
    rationale: str = ""
    note: str = ""
    added: bool = False
    """A pair suggest did not list (written on one of the workbook's blank lines)."""


# Reasons shared by several rejected lines.
SYSTEM_LEVEL = "a control on one AI system's operation, not an organisational policy or process"
OVERSIGHT_DATA = ("a data management system for oversight roles; shares words ('management', 'based', 'needed'), "
                  "not the subject")

DECISIONS = (
    # GOVERN 1.1 Legal and regulatory requirements involving AI are understood, managed, and documented.
    Decision("GOVERN 1.1", "8.3.1", ACCEPT, "intersects_with", 6, "functional",
             "assessing data practices against the law manages legal requirements; 8.3.1 also covers "
             "voluntary standards and only data, GOVERN 1.1 all law on AI"),
    Decision("GOVERN 1.1", "10.1.2", REJECT, note=OVERSIGHT_DATA),
    Decision("GOVERN 1.1", "4.1.1", REJECT,
             note="a materiality (risk) assessment; it mentions regulators as an audience, not legal requirements"),
    Decision("GOVERN 1.1", "4.3.1", REJECT, note="post-deployment risk review of a model: " + SYSTEM_LEVEL),
    Decision("GOVERN 1.1", "1.1.1", ACCEPT, "superset_of", 6, "semantic",
             "an internal policy requiring alignment with data protection law is one part of the legal "
             "requirements GOVERN 1.1 asks to understand and document"),
    # GOVERN 1.2 The characteristics of trustworthy AI are integrated into organizational policies, ...
    Decision("GOVERN 1.2", "4.3.1", REJECT, note="risk review of one model after deployment: " + SYSTEM_LEVEL),
    Decision("GOVERN 1.2", "1.1.1", ACCEPT, "superset_of", 4, "semantic",
             "a policy carrying one characteristic (privacy-enhanced) into internal policy; GOVERN 1.2 asks "
             "for all of them"),
    Decision("GOVERN 1.2", "6.1.1", REJECT, note="data quality and drift measures: " + SYSTEM_LEVEL),
    Decision("GOVERN 1.2", "3.2.1", REJECT, note="verifying one dataset's quality: " + SYSTEM_LEVEL),
    Decision("GOVERN 1.2", "8.3.1", REJECT,
             note="an assessment of data practices against law and standards (accepted under GOVERN 1.1), "
                  "not trustworthiness written into policy"),
    Decision("GOVERN 1.2", "12.7.1", ACCEPT, "intersects_with", 6, "functional",
             "the organisation's AI policy with the principles guiding AI work is where trustworthy "
             "characteristics are integrated; 12.7.1 does not name them, and adds policy exceptions and review",
             added=True),
    # GOVERN 1.3 Processes ... to determine the needed level of risk management activities based on risk tolerance.
    Decision("GOVERN 1.3", "10.1.2", REJECT, note=OVERSIGHT_DATA),
    Decision("GOVERN 1.3", "4.3.1", REJECT,
             note="monitors one model's risks after deployment; does not set how much risk management is needed"),
    Decision("GOVERN 1.3", "6.5.3", REJECT, note="acting on suspicious users of a live system: " + SYSTEM_LEVEL),
    Decision("GOVERN 1.3", "4.1.1", ACCEPT, "intersects_with", 6, "functional",
             "the materiality assessment decides which governance and controls a system gets from its risk; "
             "GOVERN 1.3 sets that level from the organisation's risk tolerance, across systems"),
    Decision("GOVERN 1.3", "12.1.1", REJECT,
             note="records risk priorities with the AI inventory (GOVERN 1.6); does not set the level of "
                  "risk management"),
    # GOVERN 1.4 The risk management process and its outcomes are established through transparent policies, ...
    Decision("GOVERN 1.4", "12.1.1", REJECT,
             note="shares 'risk priorities', but documents the inventory (GOVERN 1.6), not the risk management process"),
    Decision("GOVERN 1.4", "4.1.1", ACCEPT, "intersects_with", 5, "functional",
             "a documented risk assessment sent to accountable parties, with the controls applied: a transparent "
             "procedure of the risk management process, for one system at a time"),
    Decision("GOVERN 1.4", "10.1.2", REJECT, note=OVERSIGHT_DATA),
    Decision("GOVERN 1.4", "4.3.1", ACCEPT, "intersects_with", 4, "functional",
             "a set process for continuous risk monitoring is part of the risk management process; 4.3.1 is "
             "operational, GOVERN 1.4 asks for policies establishing the whole process"),
    Decision("GOVERN 1.4", "1.1.1", REJECT, note="a data protection policy, not a policy on managing AI risk"),
    # GOVERN 1.5 Ongoing monitoring and periodic review of the risk management process ..., roles defined.
    Decision("GOVERN 1.5", "10.1.2", REJECT, note=OVERSIGHT_DATA),
    Decision("GOVERN 1.5", "4.3.1", ACCEPT, "intersects_with", 3, "functional",
             "assigns a reviewer role and a post-deployment review; it reviews the model's risks, "
             "GOVERN 1.5 the risk management process itself"),
    Decision("GOVERN 1.5", "3.14.1", REJECT,
             note="monitors the model's performance, not the risk management process: " + SYSTEM_LEVEL),
    Decision("GOVERN 1.5", "6.5.2", REJECT, note="monitoring requests to a live system: " + SYSTEM_LEVEL),
    Decision("GOVERN 1.5", "3.2.1", REJECT, note="verifying one dataset's quality: " + SYSTEM_LEVEL),
    # GOVERN 1.6 Mechanisms are in place to inventory AI systems and are resourced according to risk priorities.
    Decision("GOVERN 1.6", "12.1.1", ACCEPT, "equal", 10, "syntactic, semantic",
             "its outcome 12.1 restates GOVERN 1.6 nearly word for word, and 12.1.1 is its one process: "
             "inventory, resources and risk priorities"),
    Decision("GOVERN 1.6", "4.3.1", REJECT, note="post-deployment risk review of a model, not an inventory"),
    Decision("GOVERN 1.6", "8.3.1", REJECT, note="compliance assessment of data practices, not an inventory"),
    Decision("GOVERN 1.6", "5.7.1", REJECT, note="disposal at end of life (GOVERN 1.7), not an inventory"),
    Decision("GOVERN 1.6", "4.1.1", REJECT, note="a materiality assessment per system, not an inventory"),
    # GOVERN 1.7 Processes and procedures are in place for decommissioning and phasing out AI systems safely ...
    Decision("GOVERN 1.7", "4.3.1", REJECT, note="reviews a model in use; says nothing of phasing it out"),
    Decision("GOVERN 1.7", "12.1.1", REJECT, note="inventory of systems in use; decommissioning is not part of it"),
    Decision("GOVERN 1.7", "7.2.1", REJECT, note="fairness monitoring over the lifecycle: " + SYSTEM_LEVEL),
    Decision("GOVERN 1.7", "5.5.3", REJECT, note="vulnerability disclosure for systems in use"),
    Decision("GOVERN 1.7", "5.5.2", REJECT, note="alerting on anomalous behaviour of systems in use"),
    Decision("GOVERN 1.7", "5.7.1", ACCEPT, "superset_of", 7, "functional",
             "secure disposal of data and model at end of life is part of decommissioning safely; GOVERN 1.7 "
             "also asks that phasing out raises no risk (dependants, users, trust)",
             added=True),
)


def fill(path: str | Path, decisions: tuple[Decision, ...] = DECISIONS) -> None:
    """Type ``decisions`` into the review workbook at ``path``, as a reviewer would, and save it.

    Every listed line must have a decision and every decision not marked ``added`` a listed line:
    if suggest ranks differently one day, this stops with the difference instead of filling half.
    """
    import openpyxl

    from crosswalk.formats.review import layout
    from crosswalk.formats.review.layout import INDEX

    book = openpyxl.load_workbook(path)
    sheet = book[layout.SHEET]
    wanted = {(item.source, item.target): item for item in decisions}
    listed: set[tuple[str, str]] = set()
    blank: list[int] = []
    for row in range(2, sheet.max_row + 1):
        source = sheet.cell(row, INDEX["source"]).value
        target = sheet.cell(row, INDEX["target"]).value
        if sheet.cell(row, INDEX["line"]).value in (None, ""):
            if source in (None, "") and target in (None, ""):
                blank.append(row)
            continue
        pair = (str(source), str(target))
        item = wanted.get(pair)
        if item is None or item.added:
            raise SystemExit(f"{path}: line {pair} has no decision in the table (or is marked added): decide it")
        listed.add(pair)
        _put(sheet, row, item)
    missing = [pair for pair, item in wanted.items() if not item.added and pair not in listed]
    if missing:
        raise SystemExit(f"{path}: decisions for pairs the workbook does not list: {missing}")
    extra = [item for item in decisions if item.added]
    if len(extra) > len(blank):
        raise SystemExit(f"{path}: {len(extra)} added pairs, but only {len(blank)} blank lines")
    for row, item in zip(blank, extra):
        sheet.cell(row, INDEX["source"]).value = item.source
        sheet.cell(row, INDEX["target"]).value = item.target
        _put(sheet, row, item)
    book.save(path)


def _put(sheet, row: int, item: Decision) -> None:
    from crosswalk.formats.review.layout import INDEX

    values = {"decision": item.decision, "relationship": item.relationship or None, "strength": item.strength,
              "rationale": item.rationale or None, "note": item.note or None, "reviewer": REVIEWER}
    for key, value in values.items():
        sheet.cell(row, INDEX[key]).value = value


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: decide.py REVIEW.xlsx   (types the decisions into a review workbook)", file=sys.stderr)
        return 2
    fill(argv[0])
    print(f"filled {argv[0]}: {sum(item.decision == ACCEPT for item in DECISIONS)} accepted, "
          f"{sum(item.decision == REJECT for item in DECISIONS)} rejected, "
          f"{sum(item.added for item in DECISIONS)} of them added by hand", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
