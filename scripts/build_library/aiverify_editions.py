"""Build ``mappings/aiverify-2023--aiverify-2025.yaml``: the edition map AI Verify 2023 -> 2025.

How: ``crosswalk diff``'s automatic matching (by id where the content agrees, else by BM25 content
similarity; :mod:`crosswalk.editions.match`), then the hand review recorded in :data:`REMOVED`,
:data:`RELATIONS` and :data:`NO_COUNTERPART` below (each with its reason), then :func:`crosswalk.editions.draft` writes the rows.
The map stays our judgement and a draft: the review read the pairs the matching scored lowest (below
0.45 similarity), the merges and splits, and every element left removed or added (:data:`RELATIONS`,
:data:`NO_COUNTERPART`), not every pair scored above 0.45. Rows the review read say so in their note.

Usage (from the repository root)::

    python scripts/build_library/aiverify_editions.py          # write the map, print the figures
    python scripts/build_library/aiverify_editions.py --check  # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
from collections import Counter
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from _output import write_or_check  # noqa: E402

from crosswalk.editions import Pair, diff, draft
from crosswalk.editions.diff import Diff  # noqa: E402
from crosswalk.editions.match import Matching, Similarity, match  # noqa: E402
from crosswalk.workspace import load  # noqa: E402
from crosswalk.yamlwrite import dump  # noqa: E402

IDENT = "aiverify-2023--aiverify-2025"
OUTPUT = ROOT / "mappings" / f"{IDENT}.yaml"

REMOVED = {
    ("3.12", "5.11"): "2023 3.12 reproduces outputs; 2025 5.11 monitors outputs and behaviour: a different practice",
    ("5.5", "6.1"): "2023 5.5 is security in deployment and monitoring; 2025 6.1 is performance testing",
    ("7.5", "7.5"): "2023 7.5 selects sub-populations; 2025 7.5 selects fairness metrics (2023 7.3's subject)",
    ("5.1", "8.4"): "2023 5.1 is the security team's competency (its process 5.1.1 is 2025 5.1.1); 2025 8.4 is "
                    "data-governance competency, which is 2023 8.4",
    ("5.3", "6.2"): "2023 5.3 is security during verification and validation (chain of custody, integrity of "
                    "acquired data); 2025 6.2 is the quality of training data, which is 2023 6.1",
    ("5.7", "6.2"): "2023 5.7 is security at end of life (disposal); 2025 6.2 is the quality of training data",
    ("5.4.1", "5.7.1"): "2023 5.4.1 secures the development environment; 2025 5.7.1 secures the deployment "
                        "environment, which 2023 5.4.1 does not ask for",
    ("12.7", "9.4"): "2023 12.7 is an AI policy aligned with other policies; 2025 9.4 is a policy to decommission AI "
                     "systems, which 2023 does not ask for",
}
"""Pairs the automatic matching proposed that the review rejected (old, new): reason."""

RELATIONS: dict[tuple[str, str], tuple[str, str]] = {
    # The eight merges, read one by one.
    ("3.2", "8.1"): ("equal", "2023 3.2 and 8.1 have the same title as 2025 8.1 word for word (2023 listed data "
                     "quality under both Reproducibility and Data Governance; 2025 keeps it once)"),
    ("8.1", "8.1"): ("equal", "same title word for word"),
    ("3.3", "8.2"): ("equal", "2023 3.3 and 8.2 have the same title as 2025 8.2 word for word (listed twice in 2023)"),
    ("8.2", "8.2"): ("equal", "same title word for word"),
    ("3.2.1", "8.1.1"): ("subset_of", "2025 8.1.1 is 2023's list plus IP and privacy risks, unsafe content and "
                         "stakeholder feedback"),
    ("8.1.1", "8.1.1"): ("subset_of", "2025 8.1.1 is 2023's list plus IP and privacy risks, unsafe content and "
                         "stakeholder feedback"),
    ("3.3.1", "8.2.1"): ("subset_of", "2025 8.2.1 is 2023's provenance record plus content flow, labelling "
                         "instructions, anonymisation"),
    ("8.2.1", "8.2.1"): ("subset_of", "2025 8.2.1 is 2023's provenance record plus content flow, labelling "
                         "instructions, anonymisation"),
    ("4.6.1", "4.7.1"): ("subset_of", "2025 4.7.1 is 2023 4.6.1's text plus 2023 12.5.1's, word for word"),
    ("12.5.1", "4.7.1"): ("subset_of", "2025 4.7.1 contains 2023 12.5.1's risk tracking text word for word"),
    ("4.6", "4.7"): ("subset_of", "2025 4.7 adds tracking risks that cannot be measured (2023 12.5) to 4.6"),
    ("12.5", "4.7"): ("subset_of", "2025 4.7 'identify and track residual risk that cannot be measured' takes in "
                      "2023 12.5's risk tracking where metrics are not available"),
    ("6.1", "6.2"): ("equal", "same title and process word for word"),
    ("9.8.1", "9.1.1"): ("subset_of", "2025 9.1.1 contains 2023 9.8.1's text word for word, with the AI policy"),
    ("12.7.1", "9.1.1"): ("subset_of", "2025 9.1.1 contains 2023 12.7.1's policy review and its evidence"),
    ("12.7", "9.1"): ("subset_of", "2025 9.1 'policies on the development and use of AI aligned with other "
                      "organisational policies' is 2023 12.7, and also takes 2023 9.8 (end users' expectations)"),
    # The splits.
    ("5.4.1", "5.6.1"): ("equal", "both secure the development environment with access controls (2025 names "
                         "segregation and secure-by-default configurations as examples of the same)"),
    ("11.1.1", "11.1.1"): ("superset_of", "2023 11.1.1 covers people, society and the environment; 2025 11.1.1 "
                           "is the environment part"),
    ("11.1.1", "11.2.1"): ("superset_of", "2023 11.1.1 covers people, society and the environment; 2025 11.2.1 "
                           "is the people-and-society part"),
    # Elements the diff reported removed (2023) or added (2025).
    ("3.14", "6.7"): ("subset_of", "2025 6.7.1 contains 2023 3.14's statement (continuously assess output quality, "
                      "operating conditions match the thesis) word for word, under a wider outcome"),
    ("3.14.1", "6.7.1"): ("subset_of", "2025 6.7.1 keeps 2023 3.14.1's monitoring list and adds safety review, "
                          "real-world evaluation, near misses"),
    ("5.1", "5.1"): ("equal", "security team competency and awareness; their processes (5.1.1) correspond"),
    ("5.3", "5.3"): ("subset_of", "2023 5.3's processes (chain of custody, integrity of acquired datasets) are "
                     "both in 2025 5.3.1's supply-chain security"),
    ("5.3.1", "5.3.1"): ("subset_of", "2025 5.3.1 (supply chain security) covers integrity and chain of custody "
                         "and more"),
    ("5.3.2", "5.3.1"): ("subset_of", "2025 5.3.1's evidence lists 'assessment of the integrity of acquired "
                         "datasets'"),
    ("5.4.2", "5.5.1"): ("subset_of", "2025 5.5.1 secures assets at rest and in transit and also tracks and "
                         "versions them"),
    ("5.4.3", "5.5.1"): ("subset_of", "2025 5.5.1 tracks and version-controls assets, with changes and by whom"),
    ("5.4.4", "5.5.1"): ("intersects_with", "2023 5.4.4 (dataset poisoning) shares secure storage of data with "
                         "2025 5.5.1; sanitisation and augmentation against poisoning are in no 2025 element"),
    ("5.5.1", "5.10.1"): ("intersects_with", "both monitor input queries and limit their rate (the evidence lists "
                          "agree); 2023 adds authentication, 2025 logging for audit. Was rejected as 'logs inputs' "
                          "by the first review; the evidence lists say they overlap"),
    ("5.6.1", "5.12.1"): ("intersects_with", "both consider the risks of continuous learning and updates; 2023 also "
                          "asks whether continual learning is still justified"),
    ("5.6.2", "5.12.1"): ("intersects_with", "2023 5.6.2 gates an updated continual-learning model on performance "
                          "targets; 2025 5.12.1 treats major updates as new versions: overlapping, neither contains "
                          "the other"),
    ("5.7", "5.14"): ("equal", "security at end of life is proper disposal of data and models (5.7.1 is 5.14.1)"),
    ("9.8", "9.1"): ("subset_of", "2023 9.8's process 9.8.1 is inside 2025 9.1.1"),
}
"""The review's relationship for a pair (old, new): (relationship, reason). A pair the matching proposed
keeps its row with this relationship (changed when it differs from the draft's); any other is added."""

NO_COUNTERPART = {
    ("2023", "12"): "Organisational Considerations was dropped as a principle; its outcomes moved one by one: "
                    "12.1 -> 9.12, 12.2 -> 9.2, 12.4 -> 9.10, 12.6 -> 9.11, 12.7 -> 9.1 (Accountability), "
                    "12.3 -> 4.10 and 12.5 -> 4.7 (Safety)",
    ("2023", "5.5"): "security in deployment and monitoring is spread over 2025 5.8 (incidents), 5.10 (inputs), "
                     "5.13 (vulnerability disclosure): no one outcome; its processes are mapped one by one",
    ("2023", "7.5"): "no 2025 element selects sub-populations for fairness (2025 7.1 measures disparity across "
                     "groups of a sensitive feature, a test, not the selection)",
    ("2023", "7.5.1"): "as 7.5",
}
_NEW_GENAI = "new in 2025 (generative AI, testing or third parties): no 2023 element asks for it"
_HOLDER = "an outcome with no statement of its own, made to hold a process moved from elsewhere"
NO_COUNTERPART.update({("2025", ident): reason for ident, reason in {
    "1.1.3": "labelling and disclaimers so users know they interact with AI, and content lineage: new (2023 1.2.2, "
             "'inform stakeholders that AI is used', is 2025 1.1.2)",
    "1.4": _HOLDER + " (2023 1.1.2, privacy policy, is its 1.4.1)",
    "1.7": "publishing the organisation's AI governance and model cards: new",
    "1.7.1": "as 1.7", "1.7.2": "as 1.7",
    "2.1": "technical explainability tests (2023's toolkit tested outside this checklist): new",
    "2.1.1": "as 2.1",
    "3.8": _HOLDER + " (2023 3.9.2, challenger models, is its 3.8.1)",
    "4.1": _NEW_GENAI, "4.1.1": _NEW_GENAI,
    "4.3.2": "evaluating fine-tuned or adapted models: new",
    "4.5.2": "monitoring third-party systems and contracts: new (2023 4.5 is fault tolerance)",
    "4.8": _NEW_GENAI, "4.8.1": _NEW_GENAI, "4.9": "content provenance: new", "4.9.1": "content provenance: new",
    "4.9.2": "content provenance: new",
    "4.10.2": "fact-checking and telling AI-generated from human content: new (4.10.1 is 2023 12.3.1)",
    "5.1": "", "5.1.1": "",
    "5.3": "", "5.4": "choosing a model for its security trade-offs: new",
    "5.4.1": "as 5.4", "5.5": "identify, track and protect AI assets: 2023 5.4.2-5.4.4 are processes of it, "
                               "no 2023 outcome is (2023 5.4 is 2025 5.6)",
    "5.7.1": "as 5.7",
    "5.7": "securing the deployment environment: new as an outcome (2023 5.5's processes are about attacks, "
           "alerts and disclosure)",
    "5.8": "incident management: 2023 5.5.2 (alerts) is its 5.8.1; no 2023 outcome", "5.9": "releasing responsibly: new",
    "5.9.1": "as 5.9", "5.10": "monitoring inputs: 2023 5.5.1 overlaps its 5.10.1; no 2023 outcome",
    "5.10.1": "", "5.11": "monitoring outputs and behaviour: new (rejected 3.12, reproducing outputs)",
    "5.11.1": "as 5.11", "5.12.1": "",
    "5.13": "vulnerability disclosure: 2023 5.5.3 is its 5.13.1; no 2023 outcome", "5.14": "",
    "6.1": "performance tests: new (rejected 5.5, security in deployment)", "6.1.1": "as 6.1",
    "6.7": "", "6.7.2": "human domain knowledge, citations, anthropomorphising: new",
    "7.1": "fairness tests against ground truth: new", "7.1.1": "as 7.1",
    "7.2": _NEW_GENAI, "7.2.1": _NEW_GENAI,
    "7.7": _HOLDER + " (2023 7.4.2, consulting impacted communities, is its 7.7.1)",
    "8.3.2": "personal data in generated output: new", "8.5": "third parties' rights: new", "8.5.1": "as 8.5",
    "9.4": "decommissioning AI systems: new (rejected 12.7)", "9.4.1": "as 9.4",
    "9.5.3": "policies, procedures and training on staff's duties: new (2023 9.1.1-9.1.3 are 9.5.1, 9.5.2, 9.5.4)",
    "11.1.1": "",
}.items() if reason})
"""Elements the review found no counterpart for, with the reason (2023: removed; 2025: added). The build
fails unless they are exactly the elements the reviewed map leaves without counterpart, so the table
and the map cannot drift apart."""
def reviewed(matching: Matching) -> tuple[Matching, list[tuple[str, str]]]:
    """The matching less the rejected pairs, plus the pairs the review added (returned second)."""
    proposed = {(pair.old, pair.new) for pair in matching.pairs}
    missing = set(REMOVED) - proposed
    if missing:
        raise SystemExit(f"review table names pairs the matching no longer proposes: {sorted(missing)}")
    pairs = [pair for pair in matching.pairs if (pair.old, pair.new) not in REMOVED]
    similarity = Similarity(matching.old, matching.new)
    added = [pair for pair in RELATIONS if pair not in proposed]
    pairs += [Pair(old, new, "review", *similarity.of(old, new)) for old, new in added]
    return Matching(matching.old, matching.new, tuple(pairs)), added


def _apply(rows: list[dict], added: list[tuple[str, str]]) -> dict[str, int]:
    """Write the review's relationship and reason on each row it read; count what it did."""
    counts = {"added": 0, "changed": 0, "confirmed": 0}
    for row in rows:
        pair = (row["source"], row["target"])
        if pair not in RELATIONS:
            continue
        relation, reason = RELATIONS[pair]
        if pair in added:
            counts["added"] += 1
            row["note"] = f"added by hand: {reason}; " + row["note"]
        elif relation != row["relationship"]:
            counts["changed"] += 1
            row["note"] = f"changed by hand from {row['relationship']}: {reason}; " + row["note"]
        else:
            counts["confirmed"] += 1
            row["note"] = f"confirmed by hand: {reason}; " + row["note"]
        row["relationship"] = relation
        row["strength"] = 10 if relation == "equal" else min(row["strength"], 9)
    return counts


def _check_no_counterpart(result: Diff) -> None:
    """Every element the diff leaves removed or added has the review's reason, and no other has one."""
    left = {("2023", ident) for change in result.changes if not change.new for ident in change.old}
    left |= {("2025", ident) for change in result.changes if not change.old for ident in change.new}
    if left != set(NO_COUNTERPART):
        raise SystemExit("NO_COUNTERPART does not match the elements left without counterpart: unexplained "
                         f"{sorted(left - set(NO_COUNTERPART))}, given a row {sorted(set(NO_COUNTERPART) - left)}")


def build() -> tuple[str, dict[str, object]]:
    workspace = load([ROOT / "frameworks"], include_builtin=False, include_cwd=False)
    old, new = workspace.framework("aiverify@2023"), workspace.framework("aiverify@2025")
    automatic = match(old, new)
    matching, added = reviewed(automatic)
    result = diff(matching)
    data = draft(result, IDENT)
    review = _apply(data["rows"], added)
    _check_no_counterpart(result)
    data["title"] = "AI Verify 2023 to AI Verify 2025: edition map (our draft, reviewed by hand)"
    provenance = data["provenance"]
    provenance.update({"author": "crosswalk maintainers", "document": "scripts/build_library/aiverify_editions.py",
                       "method": "hybrid", "status": "draft", "judgement": "ours",
                       "note": (f"Drafted by crosswalk diff's matching ({len(automatic.pairs)} pairs), then reviewed by "
                                "hand: the pairs below 0.45 similarity, the merges and splits, and every element "
                                f"left removed or added. {len(REMOVED)} pairs rejected, {review['added']} added, "
                                f"{review['changed']} relationships changed, {review['confirmed']} confirmed; "
                                f"{len(NO_COUNTERPART)} elements judged to have no counterpart (reasons in the "
                                "build script). Every row is our judgement; review before relying on it.")})
    scores = [pair.similarity for pair in automatic.pairs]
    figures = {
        "pairs": len(automatic.pairs),
        "by id": sum(1 for p in automatic.pairs if p.how == "id"),
        "by content": sum(1 for p in automatic.pairs if p.how == "content"),
        "similarity 1.0": sum(1 for s in scores if s == 1.0),
        "similarity 0.8-1.0": sum(1 for s in scores if 0.8 <= s < 1.0),
        "similarity 0.6-0.8": sum(1 for s in scores if 0.6 <= s < 0.8),
        "similarity below 0.6": sum(1 for s in scores if s < 0.6),
        "lowest similarity": min(scores),
        "rejected by hand": len(REMOVED),
        "added by hand": review["added"],
        "changed by hand": review["changed"],
        "confirmed by hand": review["confirmed"],
        "no counterpart (by hand)": len(NO_COUNTERPART),
        "rows": len(data["rows"]),
        "relationships": dict(sorted(Counter(row["relationship"] for row in data["rows"]).items())),
        "changes": dict(result.counts),
    }
    return dump(data), figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args()
    text, figures = build()
    for key, value in figures.items():
        print(f"{key}: {value}")
    return write_or_check({OUTPUT: text}, args.check)


if __name__ == "__main__":
    raise SystemExit(main())
