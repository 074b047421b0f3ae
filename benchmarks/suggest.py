"""How well ``crosswalk suggest`` finds the pairs of every shipped crosswalk, per method.

Ground truth: every mapping of the shipped library with at least one row other than
``no_relationship``, found generically (a crosswalk added later joins the table by itself), in the
direction it is written. For each one, the library is loaded without the mappings that join its two
frameworks (in either direction: TTA's Part 1 and Part 2 list the same pairs), and ``suggest()`` is
asked, for each source element the crosswalk names, to rank every element of the target framework
at the levels the crosswalk's targets are at ("at the level it maps": AI RMF categories against AI
Verify outcomes and processes, TTA items against AI RMF subcategories).

Definitions (per crosswalk and method):

- recall@K: over the crosswalk's distinct (source, target) pairs, the share whose target is among
  the first K candidates ``suggest`` lists for that source. A candidate sharing no word with the
  source is not listed by the lexical method, so a true target with no shared word is a miss at
  every K. ``best@10`` is the highest recall@10 any ranking could reach (a source with 14 true
  targets can have only 10 of them in its top 10).
- MRR: over the crosswalk's source elements, the mean of 1 / (rank of the source's best-ranked true
  target), 0 when none is listed.
- time per 1,000 candidate pairs: the wall time of one ``suggest()`` call (marks off: ranking only),
  divided by sources x candidates / 1,000; the median of ``--repeat`` runs. The embedding model's
  one-off load (seconds: importing PyTorch) is reported apart.

Usage::

    python benchmarks/suggest.py                      # every installed method, the table as text
    python benchmarks/suggest.py --markdown table.md  # also the table as Markdown, for the README
    python benchmarks/suggest.py --sweep              # lexical variants: stemmers, ancestor weights
    python benchmarks/suggest.py --misses tta-trustworthy-ai-2023--nist-ai-rmf-1.0 --method lexical
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crosswalk.model import Framework, MappingSet, natural_key  # noqa: E402
from crosswalk.suggest import candidates, embedding  # noqa: E402
from crosswalk.suggest import text as words  # noqa: E402
from crosswalk.workspace import Workspace, load  # noqa: E402

KS = (1, 5, 10)


@dataclasses.dataclass(frozen=True)
class TestSet:
    mapping: MappingSet
    source: Framework
    target: Framework
    pairs: frozenset[tuple[str, str]]
    sources: tuple[str, ...]
    levels: tuple[str, ...]
    library: Workspace  # without the mappings joining the two frameworks

    @property
    def pool(self) -> list[str]:
        return [ident for ident, element in self.target.elements.items() if element.level in self.levels]


@dataclasses.dataclass(frozen=True)
class Score:
    recall: dict[int, float]
    mrr: float
    best: float
    seconds_per_1000: float
    ranks: dict[tuple[str, str], int | None]


def test_sets(workspace: Workspace) -> list[TestSet]:
    """Every shipped mapping usable as ground truth, in library order.

    A mapping whose rows were picked from suggestions (``provenance.method`` hybrid or automation, as
    ``crosswalk import review`` records it: the worked example's GOVERN 1 rows) is left out: it would
    measure the method against its own choices."""
    out = []
    for mapping in workspace.mappings:
        document = workspace.by_path.get(mapping.path)
        ends = workspace.ends(mapping)
        if document is None or not document.builtin or ends is None:
            continue
        if mapping.provenance.get("method") in ("hybrid", "automation"):
            continue
        source, target = ends
        pairs = frozenset((left, right) for row in mapping.rows if row.relationship != "no_relationship"
                          for left in row.sources for right in row.targets
                          if left in source.elements and right in target.elements)
        if not pairs:
            continue
        joined = {source.ref, target.ref}
        others = [m for m in workspace.mappings
                  if workspace.ends(m) is None or {e.ref for e in workspace.ends(m)} != joined]
        sources = tuple(sorted({left for left, _ in pairs}, key=lambda ident: source.elements[ident].index))
        levels = tuple(level for level in target.levels if any(target.elements[r].level == level for _, r in pairs))
        out.append(TestSet(mapping, source, target, pairs, sources, levels,
                           dataclasses.replace(workspace, mappings=others)))
    return out


def measure(case: TestSet, method: str, repeat: int) -> Score:
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = candidates.suggest(case.library, case.source.ref, case.target.ref, top=len(case.pool),
                                    elements=case.sources, target_levels=case.levels, method=method, marks=False)
        timings.append(time.perf_counter() - started)
    assert result is not None
    placed = {(c.source, c.target): c.rank for c in result}
    ranks = {pair: placed.get(pair) for pair in case.pairs}
    recall = {k: sum(1 for r in ranks.values() if r is not None and r <= k) / len(ranks) for k in KS}
    reciprocal = []
    for source in case.sources:
        found = [r for (s, _), r in ranks.items() if s == source and r is not None]
        reciprocal.append(1 / min(found) if found else 0.0)
    per_source = {s: sum(1 for left, _ in case.pairs if left == s) for s in case.sources}
    best = sum(min(10, n) for n in per_source.values()) / len(case.pairs)
    pairs_scored = len(case.sources) * len(case.pool)
    return Score(recall, statistics.mean(reciprocal), best, statistics.median(timings) / pairs_scored * 1000, ranks)


def label(case: TestSet) -> str:
    return f"{case.mapping.id}"


def table(rows: list[tuple[TestSet, str, Score]], markdown: bool) -> str:
    head = ["crosswalk (source -> target)", "pairs", "sources x candidates", "method", "recall@1", "recall@5",
            "recall@10", "best@10", "MRR", "ms / 1,000 pairs"]
    body = [[label(case), str(len(case.pairs)), f"{len(case.sources)} x {len(case.pool)}", method,
             *(f"{score.recall[k]:.2f}" for k in KS), f"{score.best:.2f}", f"{score.mrr:.2f}",
             f"{score.seconds_per_1000 * 1000:.1f}"] for case, method, score in rows]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(f"`{cell}`" if i == 0 else cell for i, cell in enumerate(row)) + " |" for row in body]
        return "\n".join(lines) + "\n"
    widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in [head] + body) + "\n"


def sweep(cases: list[TestSet]) -> None:
    """The lexical variants the defaults were chosen from: stemmer x ancestors' weight x text weight."""
    print("recall@10 / MRR of the lexical method per variant (crosswalks with 50 pairs or more)")
    big = [case for case in cases if len(case.pairs) >= 50]
    print("stemmer   ancestors  text  " + "  ".join(label(case)[:28].ljust(28) for case in big))
    for stemmer in words.STEMMERS:
        for ancestors in (0.0, 0.25, 0.5, 1.0):
            for text_weight in (1.0, 0.5):
                weights = {"title": 1.0, "text": text_weight, "ancestors": ancestors}
                cells = []
                for case in big:
                    ranked = candidates.rank(case.source, case.target, list(case.sources), case.pool, "lexical",
                                             weights=weights, stemmer=stemmer)
                    placed = {(s, item.target): n for s, found in ranked.items() for n, item in enumerate(found, 1)}
                    hit = sum(1 for pair in case.pairs if placed.get(pair, 99999) <= 10) / len(case.pairs)
                    best = [min((placed.get((s, t), 0) or 10 ** 9) for s2, t in case.pairs if s2 == s)
                            for s in case.sources]
                    mrr = statistics.mean(1 / r if r < 10 ** 9 else 0 for r in best)
                    cells.append(f"{hit:.2f} / {mrr:.2f}".ljust(28))
                print(f"{stemmer:9} {ancestors:<9}  {text_weight:<4}  " + "  ".join(cells))


def misses(case: TestSet, method: str) -> None:
    score = measure(case, method, 1)
    print(f"{label(case)} ({method}): true pairs not in the top 10")
    for (source, target), rank in sorted(score.ranks.items(), key=lambda item: (natural_key(item[0][0]), natural_key(item[0][1]))):
        if rank is None or rank > 10:
            print(f"  {source} -> {target}  rank {rank or '-'}")
            print(f"      {case.source.elements[source].title[:150]}")
            print(f"      {case.target.elements[target].title[:150]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--method", action="append", choices=candidates.METHODS,
                        help="method to measure (repeatable; default: every installed one)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown to FILE")
    parser.add_argument("--sweep", action="store_true", help="measure the lexical variants instead")
    parser.add_argument("--misses", metavar="MAPPING", help="list the misses at 10 of one crosswalk instead")
    args = parser.parse_args(argv)
    workspace = load(include_cwd=False)
    cases = test_sets(workspace)
    if args.sweep:
        sweep(cases)
        return 0
    methods = args.method or list(candidates.available_methods())
    if args.misses:
        chosen = [case for case in cases if case.mapping.id == args.misses]
        if not chosen:
            parser.error(f"no shipped crosswalk {args.misses!r}: one of {', '.join(label(c) for c in cases)}")
        for method in methods:
            misses(chosen[0], method)
        return 0
    if any(method != "lexical" for method in methods):
        started = time.perf_counter()
        embedding.embed(["warm up"])
        print(f"embedding model ({embedding.MODEL_NAME}) loaded in {time.perf_counter() - started:.1f} s")
    elif not embedding.available():
        print(f"embedding and hybrid not measured: the extra is not installed ({embedding.EXTRA})")
    rows = [(case, method, measure(case, method, args.repeat)) for case in cases for method in methods]
    print(f"stemmer: {words.DEFAULT_STEMMER}; weights: {words.WEIGHTS}")
    print(table(rows, markdown=False))
    if args.markdown:
        Path(args.markdown).write_text(table(rows, markdown=True), encoding="utf-8")
        print(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
