"""What changed from one edition to the next, element by element.

Each group of corresponding elements (a connected part of the matching: one old and one new element,
one old and several new, several old and one new) becomes one :class:`Change` with its kinds:

- ``unchanged``: same id, same words, same parent;
- ``reworded``: title or text differ in words (whitespace aside), with a word-level diff of each
  (:mod:`difflib`);
- ``moved``: the new parent is not the counterpart of the old parent;
- ``renumbered``: same element under a new id;
- ``split`` (one old element became several) and ``merged`` (several became one);
- ``added`` and ``removed``: no counterpart.

A 1:1 change can be reworded, moved and renumbered at once; ``kinds`` lists each that applies.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from crosswalk.editions.match import Matching, Pair
from crosswalk.model import Framework

KINDS = ("unchanged", "reworded", "moved", "renumbered", "split", "merged", "added", "removed")
CHANGED = frozenset(KINDS) - {"unchanged", "added"}
"""The kinds that touch what a mapping row or profile entry says about an old element."""


@dataclass(frozen=True)
class WordDiff:
    """Word-level differences of one field: ``(op, words)`` pieces, op ``equal``, ``delete`` or ``insert``."""

    field: str
    pieces: tuple[tuple[str, str], ...]

    def marked(self, delete: str = "[-{}-]", insert: str = "{{+{}+}}") -> str:
        """The pieces as one text, deletions and insertions marked (git's --word-diff by default)."""
        out = []
        for op, text in self.pieces:
            out.append(text if op == "equal" else (delete if op == "delete" else insert).format(text))
        return " ".join(out)


@dataclass(frozen=True)
class Change:
    kinds: tuple[str, ...]
    old: tuple[str, ...]
    new: tuple[str, ...]
    pairs: tuple[Pair, ...] = ()
    level: str | None = None
    old_parent: str | None = None
    new_parent: str | None = None
    words: tuple[WordDiff, ...] = ()

    @property
    def how(self) -> str:
        return ", ".join(sorted({pair.how for pair in self.pairs}))

    @property
    def similarity(self) -> float | None:
        scores = [pair.similarity for pair in self.pairs if pair.similarity is not None]
        return min(scores) if scores else None


@dataclass(frozen=True)
class Diff:
    old: Framework
    new: Framework
    changes: tuple[Change, ...]
    edition_map: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def of_old(self) -> dict[str, Change]:
        """The change each old element takes part in."""
        return {ident: change for change in self.changes for ident in change.old}


def word_diff(name: str, before: str, after: str) -> WordDiff | None:
    """The word-level diff of one field, or None when the words are the same."""
    a, b = before.split(), after.split()
    if a == b:
        return None
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("insert", " ".join(b[j1:j2])))
    return WordDiff(name, tuple(pieces))


def diff(matching: Matching) -> Diff:
    old, new = matching.old, matching.new
    groups = _groups(matching.pairs)
    counterpart: dict[str, set[str]] = {}
    for pair in matching.pairs:
        counterpart.setdefault(pair.old, set()).add(pair.new)
    changes: list[Change] = []
    for olds, news in groups:
        pairs = tuple(p for p in matching.pairs if p.old in olds and p.new in news)
        olds_t, news_t = tuple(_ordered(old, olds)), tuple(_ordered(new, news))
        if len(olds) == 1 and len(news) == 1:
            changes.append(_one_to_one(old, new, olds_t[0], news_t[0], pairs, counterpart))
            continue
        kinds = tuple(k for k, on in (("split", len(news) > 1), ("merged", len(olds) > 1)) if on)
        changes.append(Change(kinds, olds_t, news_t, pairs, old.elements[olds_t[0]].level))
    matched_old = {p.old for p in matching.pairs}
    matched_new = {p.new for p in matching.pairs}
    for ident, element in old.elements.items():
        if ident not in matched_old:
            changes.append(Change(("removed",), (ident,), (), (), element.level, element.parent))
    for ident, element in new.elements.items():
        if ident not in matched_new:
            changes.append(Change(("added",), (), (ident,), (), element.level, None, element.parent))
    old_place = {ident: n for n, ident in enumerate(old.elements)}
    new_place = {ident: n for n, ident in enumerate(new.elements)}
    changes.sort(key=lambda c: (old_place[c.old[0]] if c.old else len(old_place), new_place[c.new[0]] if c.new else -1))
    counts = {kind: sum(1 for c in changes if kind in c.kinds) for kind in KINDS}
    return Diff(old, new, tuple(changes), matching.edition_map, counts)


def _one_to_one(old: Framework, new: Framework, a: str, b: str, pairs: tuple[Pair, ...],
                counterpart: dict[str, set[str]]) -> Change:
    before, after = old.elements[a], new.elements[b]
    diffs = tuple(d for d in (word_diff("title", before.title, after.title),
                              word_diff("text", before.text, after.text)) if d is not None)
    kinds = []
    if diffs:
        kinds.append("reworded")
    if before.parent is None or after.parent is None:
        moved = before.parent != after.parent
    else:
        moved = after.parent not in counterpart.get(before.parent, set())
    if moved:
        kinds.append("moved")
    if a != b:
        kinds.append("renumbered")
    return Change(tuple(kinds) or ("unchanged",), (a,), (b,), pairs, before.level, before.parent, after.parent, diffs)


def _groups(pairs: tuple[Pair, ...]) -> list[tuple[set[str], set[str]]]:
    """Connected parts of the bipartite graph of pairs (old ids, new ids)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        parent[find(("old", pair.old))] = find(("new", pair.new))
    groups: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for node in list(parent):
        side, ident = node
        olds, news = groups.setdefault(find(node), (set(), set()))
        (olds if side == "old" else news).add(ident)
    return list(groups.values())


def _ordered(framework: Framework, idents: set[str]) -> list[str]:
    return [ident for ident in framework.elements if ident in idents]
