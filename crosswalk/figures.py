"""The counts every rendering prints, defined once: statuses at the level a framework is assessed.

Why one module: the workbook, the Markdown and HTML pages and the JSON export once counted in three
ways (every element of every level, the elements below a group, its leaves) and disagreed. Here a
figure is either

* a count of **leaves** (elements with nothing below them, the level a framework is assessed at:
  AI RMF subcategories, AI Verify processes) by status, for the whole target or below one group, or
* a count of the elements **of one level** by their own status.

Never a sum across levels: a category's status and its subcategories' statuses answer different
questions (a concept crosswalk can relate a category while saying nothing of its subcategories).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from crosswalk.coverage import STATUSES, CoverageResult
from crosswalk.model import Framework


@dataclass(frozen=True)
class Tally:
    """How many of ``total`` elements have each status (every status present, in the order of STATUSES)."""

    total: int
    counts: dict[str, int]

    def share(self, status: str) -> float:
        return self.counts.get(status, 0) / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"total": self.total, "statuses": dict(self.counts)}


def tally(statuses: list[str] | Counter[str]) -> Tally:
    counts = statuses if isinstance(statuses, Counter) else Counter(statuses)
    return Tally(sum(counts.values()), {status: counts.get(status, 0) for status in STATUSES})


def leaves(result: CoverageResult, below: str | None = None) -> Tally:
    """The target's leaves by status: all of them, or those below (or at) ``below``."""
    if below is not None:
        rollup = result.rollups[below]
        return Tally(rollup.leaves, {status: rollup.counts.get(status, 0) for status in STATUSES})
    counts: Counter[str] = Counter()
    for root in result.target.roots():
        counts.update(result.rollups[root].counts)
    return tally(counts)


def level_name(framework: Framework, ident: str) -> str:
    """The element's level name, or "level N" (from 1 at the top) when the file does not name it."""
    element = framework.elements[ident]
    return element.level or f"level {framework.depth(ident) + 1}"


def by_level(result: CoverageResult) -> list[tuple[str, Tally]]:
    """Each level's elements by their own status, levels from the top (the order the framework declares
    them, then any others by name)."""
    target = result.target
    groups: dict[str, Counter[str]] = {}
    for ident, coverage in result.elements.items():
        groups.setdefault(level_name(target, ident), Counter())[coverage.status] += 1
    order = {name: i for i, name in enumerate(target.levels)}
    return [(name, tally(groups[name])) for name in sorted(groups, key=lambda n: (order.get(n, len(order)), n))]


def leaf_level(framework: Framework) -> str:
    """What the target's leaves are called ("subcategory"), or "leaf element" when they differ in level."""
    names = {framework.elements[i].level for i in framework.elements if framework.is_leaf(i)}
    if len(names) == 1:
        return names.pop() or "leaf element"
    return "leaf element"


def plural(word: str, n: int = 2) -> str:
    """English plural of a level name's last word ("subcategory" -> "subcategories"), for ``n`` != 1."""
    if n == 1:
        return word
    head, space, last = word.rpartition(" ")
    if last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return head + space + last


def summary(result: CoverageResult) -> dict[str, object]:
    """The JSON ``summary``: leaves by status, and each level's own statuses."""
    overall = leaves(result)
    return {
        "assessed_at": leaf_level(result.target),
        "leaves": overall.total,
        "statuses": dict(overall.counts),
        "by_level": [{"level": name, "elements": t.total, "statuses": dict(t.counts)} for name, t in by_level(result)],
    }
