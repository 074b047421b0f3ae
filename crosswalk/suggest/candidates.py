"""``suggest()``: for each element of one framework, the elements of another it most likely maps to.

The result (:class:`Candidate`, :class:`Suggestions`) is what every output of ``crosswalk suggest``
prints and what a review workbook consumes. The ranking is deterministic: score (rounded to 6
decimals, so that the last bits of floating point arithmetic never reorder a list) descending, then
the candidates' ids in natural order (1.2 before 1.10). Source elements come in their framework's
document order.

Methods (``benchmarks/suggest.py`` measures each on every shipped crosswalk):

- ``lexical``: BM25 over the elements' words (:mod:`crosswalk.suggest.lexical`); no dependency.
  Candidates sharing no word with the source element are not listed.
- ``embedding``: cosine similarity of sentence embeddings (:mod:`crosswalk.suggest.embedding`),
  the optional extra ``[embeddings]``.
- ``hybrid``: reciprocal rank fusion of the two rankings (each candidate scores
  ``1/(60 + lexical rank) + 1/(60 + embedding rank)``), which needs the extra too.
- ``auto``: the best measured method that is installed (:data:`AUTO_ORDER`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from crosswalk.model import Framework, natural_key
from crosswalk.suggest import text as words
from crosswalk.suggest.lexical import Bm25, Match

METHODS = ("lexical", "embedding", "hybrid")
AUTO_ORDER = ("hybrid", "lexical")
"""What ``auto`` picks: the first of these that is installed, best measured first."""

FUSION_K = 60
"""Reciprocal rank fusion's constant (Cormack et al., 2009); it damps the top ranks' weight."""

REASON_TERMS = 6


class SuggestError(Exception):
    """A bad request (unknown framework, element, mapping or method): a usage error, with hints."""


@dataclass(frozen=True)
class Candidate:
    source: str
    target: str
    rank: int
    score: float
    reason: tuple[str, ...]  # shared terms/passages, best first
    existing: str | None  # mapping id and row number of an existing row naming the pair, or None
    implied: str | None  # e.g. the engine's relation and pivot path when the pair is implied through other mappings, else None


@dataclass(frozen=True)
class Suggestions:
    """The method used and, per source element (document order), its candidates best first."""

    source: str  # framework refs
    target: str
    method: str
    top: int
    by_source: dict[str, tuple[Candidate, ...]] = field(default_factory=dict)
    within: str | None = None

    def __iter__(self) -> Iterator[Candidate]:
        for candidates in self.by_source.values():
            yield from candidates


def hint(word: str, names: Iterable[str]) -> str:
    """A " (did you mean ...?)" suffix: close spellings, else names that contain the word (``tta`` ->
    ``tta-trustworthy-ai``), or "" when nothing is close."""
    import difflib

    names = list(dict.fromkeys(names))
    close = difflib.get_close_matches(word, names, n=3, cutoff=0.6)
    if not close and word.strip():
        folded = word.casefold()
        close = [name for name in names if folded in name.casefold()][:3]
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def available_methods() -> tuple[str, ...]:
    from crosswalk.suggest import embedding

    return METHODS if embedding.available() else ("lexical",)


def resolve_method(method: str) -> str:
    """The method ``method`` names (``auto``: the best installed one), or a clear error."""
    if method == "auto":
        installed = available_methods()
        return next(name for name in AUTO_ORDER if name in installed)
    if method not in METHODS:
        raise SuggestError(f"no method {method!r}{hint(method, list(METHODS) + ['auto'])}; "
                           f"choose one of {', '.join(METHODS)} or auto")
    if method not in available_methods():
        from crosswalk.suggest.embedding import EXTRA

        raise SuggestError(f"--method {method} needs the optional embedding model: {EXTRA}")
    return method


@dataclass(frozen=True)
class Ranked:
    """One candidate's place before the marks: its score and reason."""

    target: str
    score: float
    reason: tuple[str, ...]


def rank(source: Framework, target: Framework, sources: Sequence[str], pool: Sequence[str],
         method: str, allowed: dict[str, set[str]] | None = None,
         weights: dict[str, float] | None = None, stemmer: str | None = None) -> dict[str, list[Ranked]]:
    """Every candidate of ``pool`` for each of ``sources``, best first (``allowed``: per source, the
    only candidates it may have). The ranking API that :func:`suggest` and the benchmark share."""
    stemmer = stemmer or words.DEFAULT_STEMMER
    source_passages = {ident: words.passages(source, ident) for ident in sources}
    target_passages = {ident: words.passages(target, ident) for ident in pool}
    queries = {ident: words.bag(items, weights, stemmer) for ident, items in source_passages.items()}
    index = Bm25({ident: words.bag(items, weights, stemmer) for ident, items in target_passages.items()},
                 list(queries.values()))
    forms = {ident: words.surface_forms(items, stemmer) for ident, items in source_passages.items()}
    lexical = {ident: index.rank(queries[ident]) for ident in sources}
    if method == "lexical":
        scores = {ident: {t: match.score for t, match in found.items() if match.score > 0}
                  for ident, found in lexical.items()}
    else:
        from crosswalk.suggest import embedding

        similar = embedding.similarities([words.sentence(source_passages[ident]) for ident in sources],
                                         [words.sentence(target_passages[ident]) for ident in pool])
        semantic = {ident: dict(zip(pool, row)) for ident, row in zip(sources, similar)}
        if method == "embedding":
            scores = semantic
        else:
            scores = {ident: _fused(lexical[ident], semantic[ident]) for ident in sources}
    out: dict[str, list[Ranked]] = {}
    for ident in sources:
        keep = None if allowed is None else allowed.get(ident, set())
        ranked = [Ranked(t, round(score, 6), _reason(lexical[ident][t], forms[ident]))
                  for t, score in scores[ident].items() if keep is None or t in keep]
        ranked.sort(key=lambda item: (-item.score, natural_key(item.target)))
        out[ident] = ranked
    return out


def _order(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=lambda ident: (-round(scores[ident], 6), natural_key(ident)))


def _fused(lexical: dict[str, Match], semantic: dict[str, float]) -> dict[str, float]:
    """Reciprocal rank fusion; a candidate sharing no word has no lexical rank and gets that half 0."""
    fused = dict.fromkeys(semantic, 0.0)
    for place, ident in enumerate(_order({t: m.score for t, m in lexical.items() if m.score > 0}), 1):
        fused[ident] += 1 / (FUSION_K + place)
    for place, ident in enumerate(_order(semantic), 1):
        fused[ident] += 1 / (FUSION_K + place)
    return fused


def _reason(match: Match, forms: dict[str, str]) -> tuple[str, ...]:
    return tuple(forms.get(term, term) for term, _ in match.contributions[:REASON_TERMS])


def suggest(workspace: Any, source_ref: str, target_ref: str, *, top: int = 10,
            elements: Iterable[str] | None = None, leaves_only: bool = False, subtree: str | None = None,
            within: str | None = None, method: str = "auto", target_levels: Iterable[str] | None = None,
            marks: bool = True, library_graph: Any = None) -> Suggestions:
    """The ``top`` candidates in ``target_ref`` for each element of ``source_ref``.

    ``elements``: only these source elements. ``leaves_only``: leaves only, on both sides (source
    elements unless named). ``subtree``: candidates under this target element (itself included).
    ``within``: the id of a mapping between the two frameworks; only pairs whose elements or
    ancestors one of its rows relates (refining a category-level crosswalk), and only source elements
    that have such a pair. ``target_levels``: candidates at these levels only. ``marks``: look up
    existing rows and pairs the engine infers through other mappings (``existing``, ``implied``)."""
    from crosswalk.suggest import existing as marks_mod

    if top < 1:
        raise SuggestError(f"--top must be at least 1 (got {top})")
    source, target = _framework(workspace, source_ref), _framework(workspace, target_ref)
    chosen = resolve_method(method)
    sources = _sources(source, elements, leaves_only)
    pool = _pool(target, leaves_only, subtree, target_levels)
    allowed = None
    if within is not None:
        allowed = marks_mod.within_pairs(workspace, within, source, target, sources, pool)
        sources = [ident for ident in sources if allowed.get(ident)]
    ranked = rank(source, target, sources, pool, chosen, allowed)
    shown = {ident: found[:top] for ident, found in ranked.items()}
    existing = implied = {}
    if marks:
        existing = marks_mod.existing_rows(workspace, source, target)
        implied = marks_mod.implied_pairs(workspace, source, target,
                                          {(s, item.target) for s, found in shown.items() for item in found},
                                          library_graph)
    by_source = {
        ident: tuple(Candidate(ident, item.target, place, item.score, item.reason,
                               existing.get((ident, item.target)), implied.get((ident, item.target)))
                     for place, item in enumerate(found, 1))
        for ident, found in shown.items()
    }
    return Suggestions(source.ref, target.ref, chosen, top, by_source, within)


def _framework(workspace: Any, ref: str) -> Framework:
    from crosswalk.workspace import WorkspaceError

    try:
        found = workspace.framework(ref)
    except WorkspaceError as exc:
        raise SuggestError(str(exc)) from None
    if found is None:
        names = sorted(workspace.frameworks) + sorted({fw.id for fw in workspace.frameworks.values()})
        raise SuggestError(f"no framework {ref!r} in the library{hint(ref, names)}; see 'crosswalk list'")
    return found


def element_of(framework: Framework, ident: str, what: str) -> str:
    """``ident`` as an element id of ``framework`` (NFC), or an error with the closest ids."""
    from crosswalk.model import nfc

    normal = nfc(ident)
    if normal not in framework.elements:
        raise SuggestError(f"{what} {ident!r} is not an element of {framework.ref}"
                           f"{hint(normal, list(framework.elements))}")
    return normal


def _sources(framework: Framework, elements: Iterable[str] | None, leaves_only: bool) -> list[str]:
    if elements is not None:
        named = [element_of(framework, ident, "--element") for ident in elements]
        return list(dict.fromkeys(named))
    return [ident for ident in framework.elements if not leaves_only or framework.is_leaf(ident)]


def _pool(framework: Framework, leaves_only: bool, subtree: str | None, levels: Iterable[str] | None) -> list[str]:
    pool = list(framework.elements)
    if subtree is not None:
        root = element_of(framework, subtree, "--subtree")
        below = {root}
        for ident in framework.hierarchy.order:  # parents before children
            parent = framework.elements[ident].parent
            if parent in below:
                below.add(ident)
        pool = [ident for ident in pool if ident in below]
    if leaves_only:
        pool = [ident for ident in pool if framework.is_leaf(ident)]
    if levels is not None:
        wanted = set(levels)
        unknown = wanted - set(framework.levels)
        if unknown:
            raise SuggestError(f"{framework.ref} has no level {sorted(unknown)[0]!r} "
                               f"(its levels: {', '.join(framework.levels)})")
        pool = [ident for ident in pool if framework.elements[ident].level in wanted]
    return pool
