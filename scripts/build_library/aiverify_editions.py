"""Build ``mappings/aiverify-2023--aiverify-2025.yaml``: the edition map AI Verify 2023 -> 2025.

How: ``crosswalk diff``'s automatic matching (by id where the content agrees, else by BM25 content
similarity; :mod:`crosswalk.editions.match`), then the hand review recorded in :data:`REMOVED` and
:data:`ADDED` below (each with its reason), then :func:`crosswalk.editions.draft` writes the rows.
The map stays our judgement and a draft: the review read the pairs the matching scored lowest (below
0.45 similarity), not every pair. Rows the review changed say so in their note.

Usage (from the repository root)::

    python scripts/build_library/aiverify_editions.py          # write the map, print the figures
    python scripts/build_library/aiverify_editions.py --check  # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from _output import write_or_check  # noqa: E402

from crosswalk.editions import Pair, diff, draft  # noqa: E402
from crosswalk.editions.match import Matching, match  # noqa: E402
from crosswalk.workspace import load  # noqa: E402
from crosswalk.yamlwrite import dump  # noqa: E402

IDENT = "aiverify-2023--aiverify-2025"
OUTPUT = ROOT / "mappings" / f"{IDENT}.yaml"

REMOVED = {
    ("3.12", "5.11"): "2023 3.12 reproduces outputs; 2025 5.11 monitors outputs and behaviour: a different practice",
    ("5.5", "6.1"): "2023 5.5 is security in deployment and monitoring; 2025 6.1 is performance testing",
    ("5.5.1", "5.10.1"): "2023 5.5.1 mitigates inference and extraction attacks; 2025 5.10.1 logs inputs",
    ("7.5", "7.5"): "2023 7.5 selects sub-populations; 2025 7.5 selects fairness metrics (2023 7.3's subject)",
}
"""Pairs the automatic matching proposed that the review rejected (old, new): reason."""

ADDED: dict[tuple[str, str], str] = {}
"""Pairs the review added (old, new): reason. None yet."""


def reviewed(matching: Matching) -> Matching:
    pairs = [pair for pair in matching.pairs if (pair.old, pair.new) not in REMOVED]
    missing = set(REMOVED) - {(pair.old, pair.new) for pair in matching.pairs}
    if missing:
        raise SystemExit(f"review table names pairs the matching no longer proposes: {sorted(missing)}")
    pairs += [Pair(old, new, "review") for old, new in ADDED]
    return Matching(matching.old, matching.new, tuple(pairs))


def build() -> tuple[str, dict[str, object]]:
    workspace = load([ROOT / "frameworks"], include_builtin=False, include_cwd=False)
    old, new = workspace.framework("aiverify@2023"), workspace.framework("aiverify@2025")
    automatic = match(old, new)
    result = diff(reviewed(automatic))
    data = draft(result, IDENT)
    data["title"] = "AI Verify 2023 to AI Verify 2025: edition map (our draft, partly reviewed)"
    provenance = data["provenance"]
    provenance.update({"author": "crosswalk maintainers", "document": "scripts/build_library/aiverify_editions.py",
                       "method": "hybrid", "status": "draft", "judgement": "ours",
                       "note": (f"Drafted by crosswalk diff's matching ({len(automatic.pairs)} pairs), then reviewed by "
                                f"hand where it scored lowest: {len(REMOVED)} pairs rejected, {len(ADDED)} added "
                                "(reasons in the build script). Every row is our judgement; review before relying on it.")})
    for row in data["rows"]:
        pair = (row["source"], row["target"])
        if pair in ADDED:
            row["note"] = f"added by hand: {ADDED[pair]}"
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
        "added by hand": len(ADDED),
        "rows": len(data["rows"]),
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
