"""Which element of one edition of a framework is which element of the other.

Three ways, in this order of authority:

1. An **edition mapping** (``--edition-map ID``): an ordinary mapping between the two editions.
   Its ``equal``, ``subset_of``, ``superset_of`` and ``intersects_with`` rows are the correspondence,
   and nothing else is guessed: an element no such row names is added or removed. Why authoritative:
   the map is what a person reviewed; a guess beside it would contradict the review silently.
2. **By id**, where the id exists in both editions and the content agrees (similarity at least
   :data:`ID_AGREES`): AI Verify 2023 ``1.1.1`` (PDPA alignment) is not 2025 ``1.1.1``.
3. **By content**, for what is left: BM25 from :mod:`crosswalk.suggest` over each element's own
   title and text, made comparable across elements by dividing by the geometric mean of the two
   elements' self-scores (an element scored against itself is 1). Pairs are taken best first, one to
   one, at the same level when both editions have it, down to :data:`CONTENT_FLOOR`; then an element
   still unmatched joins the group of its best counterpart when that is at least :data:`PART_FLOOR`
   (a split or a merge).

The score shown for each pair is that similarity (0 to 1, rounded to 3 decimals) and the raw BM25.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from crosswalk.model import Framework, MappingSet, natural_key, nfc
from crosswalk.suggest import text as words
from crosswalk.suggest.lexical import Bm25

ID_AGREES = 0.5
"""Same id, similarity at least this: the same element (reworded at most)."""
CONTENT_FLOOR = 0.35
"""One-to-one content pairs below this are not taken (measured on AI Verify 2023 -> 2025: see the
build script scripts/build_library/aiverify_editions.py for the pairs and their review)."""
PART_FLOOR = 0.4
"""An unmatched element joins its best counterpart's group (split or merge) from this similarity."""

OWN_WORDS = {"title": 1.0, "text": 1.0, "ancestors": 0.0}
"""An element's own words only: a moved element keeps its words, and its new ancestors must not make
it look less like itself."""

CORRESPONDING = {"equal": "equal", "subset_of": "subset_of", "superset_of": "superset_of",
                 "intersects_with": "intersects_with"}
_CONVERSE = {"equal": "equal", "subset_of": "superset_of", "superset_of": "subset_of",
             "intersects_with": "intersects_with"}


class EditionError(Exception):
    """A bad request: an edition map that does not join the two editions, and the like."""


@dataclass(frozen=True)
class Pair:
    """One correspondence: ``old`` (element of the first edition) is ``new`` (of the second).

    ``how``: "id", "content" or "edition-map". ``similarity``: 0-1 (None when not computed);
    ``bm25``: the raw score of the old element's words against the new one's. ``relationship``: the
    edition map's (old relationship new), else None. ``row``: the edition map's row number (1-based)."""

    old: str
    new: str
    how: str
    similarity: float | None = None
    bm25: float | None = None
    relationship: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class Matching:
    old: Framework
    new: Framework
    pairs: tuple[Pair, ...]
    edition_map: str | None = None


class Similarity:
    """Normalised BM25 between the elements of two editions (document frequencies over both)."""

    def __init__(self, old: Framework, new: Framework) -> None:
        self.old_bags = {i: words.bag(words.passages(old, i), OWN_WORDS) for i in old.elements}
        self.new_bags = {i: words.bag(words.passages(new, i), OWN_WORDS) for i in new.elements}
        self.squashed_old = {i: _squash(old, i) for i in old.elements}
        self.squashed_new = {i: _squash(new, i) for i in new.elements}
        documents = {("old", i): bag for i, bag in self.old_bags.items()}
        documents.update({("new", i): bag for i, bag in self.new_bags.items()})
        self.index = Bm25(documents)  # type: ignore[arg-type]
        self._self = {key: self.index.score(bag, key).score for key, bag in documents.items()}  # type: ignore[arg-type]

    def bm25(self, old_id: str, new_id: str) -> float:
        return self.index.score(self.old_bags[old_id], ("new", new_id)).score  # type: ignore[arg-type]

    def of(self, old_id: str, new_id: str) -> tuple[float, float]:
        """(similarity 0-1, raw BM25). Identical words are 1 exactly, whatever the arithmetic says."""
        raw = self.bm25(old_id, new_id)
        if self.squashed_old[old_id] == self.squashed_new[new_id]:
            return 1.0, round(raw, 3)
        forward, backward = raw, self.index.score(self.new_bags[new_id], ("old", old_id)).score  # type: ignore[arg-type]
        norm = math.sqrt(self._self[("old", old_id)] * self._self[("new", new_id)])
        value = (forward + backward) / 2 / norm if norm > 0 else 0.0
        return round(min(value, 1.0), 3), round(raw, 3)


def _squash(framework: Framework, ident: str) -> str:
    element = framework.elements[ident]
    return " ".join(words.words(f"{element.title} {element.text}"))


def match(old: Framework, new: Framework, edition_map: MappingSet | None = None) -> Matching:
    """The correspondence of ``old``'s elements and ``new``'s (see the module's docstring)."""
    similarity = Similarity(old, new)
    if edition_map is not None:
        return Matching(old, new, tuple(_from_map(old, new, edition_map, similarity)), edition_map.id)
    pairs: list[Pair] = []
    for ident in old.elements:
        if ident in new.elements:
            score, raw = similarity.of(ident, ident)
            if score >= ID_AGREES:
                pairs.append(Pair(ident, ident, "id", score, raw))
    pairs.extend(_by_content(old, new, similarity, pairs))
    return Matching(old, new, tuple(sorted(pairs, key=_order(old, new))))


def _order(old: Framework, new: Framework):  # type: ignore[no-untyped-def]
    old_place = {ident: place for place, ident in enumerate(old.elements)}
    new_place = {ident: place for place, ident in enumerate(new.elements)}
    return lambda pair: (old_place.get(pair.old, -1), new_place.get(pair.new, -1))


def _same_level(old: Framework, new: Framework, old_id: str, new_id: str) -> bool:
    a, b = old.elements[old_id].level, new.elements[new_id].level
    if a in new.levels and b in old.levels:
        return a == b
    return old.depth(old_id) == new.depth(new_id)  # levels renamed: compare depths


def _by_content(old: Framework, new: Framework, similarity: Similarity, taken: Iterable[Pair]) -> list[Pair]:
    taken = list(taken)
    old_left = [i for i in old.elements if i not in {p.old for p in taken}]
    new_left = [i for i in new.elements if i not in {p.new for p in taken}]
    scored = []
    for a in old_left:
        for b in new_left:
            if _same_level(old, new, a, b) and similarity.bm25(a, b) > 0:
                score, raw = similarity.of(a, b)
                scored.append((score, raw, a, b))
    scored.sort(key=lambda item: (-item[0], natural_key(item[2]), natural_key(item[3])))
    out: list[Pair] = []
    used_old: set[str] = set()
    used_new: set[str] = set()
    for score, raw, a, b in scored:
        if score < CONTENT_FLOOR:
            break
        if a not in used_old and b not in used_new:
            out.append(Pair(a, b, "content", score, raw))
            used_old.add(a)
            used_new.add(b)
    # Splits and merges: an element still alone joins the group of its best counterpart.
    every = taken + out
    for a in old_left:
        if a in used_old:
            continue
        best = _best((similarity.of(a, b) + (b,) for b in new.elements
                      if _same_level(old, new, a, b) and any(p.new == b for p in every)))
        if best and best[0] >= PART_FLOOR:
            out.append(Pair(a, best[2], "content", best[0], best[1]))
    for b in new_left:
        if b in used_new:
            continue
        best = _best((similarity.of(a, b) + (a,) for a in old.elements
                      if _same_level(old, new, a, b) and any(p.old == a for p in every)))
        if best and best[0] >= PART_FLOOR:
            out.append(Pair(best[2], b, "content", best[0], best[1]))
    return out


def _best(found: Iterable[tuple[float, float, str]]) -> tuple[float, float, str] | None:
    ranked = sorted(found, key=lambda item: (-item[0], natural_key(item[2])))
    return ranked[0] if ranked else None


def _from_map(old: Framework, new: Framework, mapping: MappingSet, similarity: Similarity) -> list[Pair]:
    """The pairs an edition map's rows give, oriented old -> new whichever way the map is written."""
    if (mapping.source, mapping.target) == (old.ref, new.ref):
        flipped = False
    elif (mapping.source, mapping.target) == (new.ref, old.ref):
        flipped = True
    else:
        raise EditionError(f"edition map {mapping.id!r} ({mapping.path}) joins {mapping.source} and "
                           f"{mapping.target}, not {old.ref} and {new.ref}: name a mapping between the two "
                           f"editions, or draft one with --draft-edition-map")
    out: list[Pair] = []
    for row in mapping.rows:
        relation = CORRESPONDING.get(row.relationship)
        if relation is None:
            continue
        olds, news = (row.targets, row.sources) if flipped else (row.sources, row.targets)
        if flipped:
            relation = _CONVERSE[relation]
        for a in olds:
            for b in news:
                a, b = nfc(a), nfc(b)
                if a in old.elements and b in new.elements:
                    score, raw = similarity.of(a, b)
                    out.append(Pair(a, b, "edition-map", score, raw, relation, row.index + 1))
    return sorted(out, key=_order(old, new))


def shared_terms(similarity: Similarity, old_id: str, new_id: str, limit: int = 6) -> list[str]:
    """The stems the two elements share, heaviest first (what a reviewer reads as the reason)."""
    match_ = similarity.index.score(similarity.old_bags[old_id], ("new", new_id))  # type: ignore[arg-type]
    return [term for term, _ in match_.contributions[:limit]]


__all__ = ["EditionError", "Matching", "Pair", "Similarity", "match", "shared_terms"]
