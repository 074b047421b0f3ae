"""Words of an element as the lexical method compares them: tokens, stop-words, stems.

Why here and not in each method: the lexical ranking, the reasons every method prints (the shared
terms) and the benchmark must cut text into the same words. An element's words come from its title,
its text (when it says more than the title) and its ancestors' titles, each with its own weight
(:data:`WEIGHTS`, chosen by ``benchmarks/suggest.py``): the ancestors say what an item is about
(an AI RMF subcategory's category, a TTA item's requirement) when its own sentence is short.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from crosswalk.model import Framework

WEIGHTS = {"title": 1.0, "text": 1.0, "ancestors": 0.5}
"""How much each part of an element counts (term frequencies are multiplied by it). Measured with
``python benchmarks/suggest.py --sweep``; see the README's "Suggesting mappings"."""

STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves also e g eg ie etc may must shall within without upon via
per across including include includes included well whether either neither using used use uses
""".split())
"""English function words (the Snowball English list, plus a few a governance text is full of:
"e.g.", "including", "use"). They match everywhere and so explain nothing."""

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-case alphanumeric runs of ``text`` in order (accents folded: "modèle" is "modele")."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(folded)


# -- stemming -----------------------------------------------------------------------------------

_SUFFIXES = (
    "ational", "tional", "ization", "isation", "fulness", "ousness", "iveness", "ements", "ement",
    "ments", "ment", "ations", "ation", "ities", "ity", "ances", "ance", "ences", "ence", "ibility",
    "ability", "able", "ible", "ively", "ive", "ness", "ings", "ing", "ised", "ized", "ises", "izes",
    "ise", "ize", "ers", "er", "ies", "ied", "ed", "es", "ly", "al", "s",
)


@lru_cache(maxsize=65536)
def suffix_stem(word: str) -> str:
    """The measured alternative to Snowball (``benchmarks/suggest.py --sweep``): a small suffix stripper: the longest listed suffix is removed when at least three letters
    stay ("governance" -> "govern", "risks" -> "risk", "documented" -> "document"); "ies" and "ied"
    become "y" ("policies" -> "policy"). Cruder than Snowball's Porter2, and measured against it."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix in ("ies", "ied", "ities"):
                stem += "y" if suffix != "ities" else ""
            if suffix == "s" and stem.endswith(("s", "u", "i")):  # "process", "status", "analysis"
                return word
            return stem
    return word


def _snowball() -> Callable[[str], str]:
    import snowballstemmer

    return lru_cache(maxsize=65536)(snowballstemmer.stemmer("english").stemWord)


STEMMERS: dict[str, Callable[[str], str]] = {"snowball": _snowball(), "suffix": suffix_stem, "none": lambda word: word}
"""The stemmers ``benchmarks/suggest.py --sweep`` compares; the first is the one used."""
DEFAULT_STEMMER = "snowball"


def terms(text: str, stemmer: str = DEFAULT_STEMMER) -> list[str]:
    """The stems of ``text``'s words that are not stop-words, in order (one-letter words and bare
    numbers dropped: list markers and clause numbers match by accident)."""
    stem = STEMMERS[stemmer]
    return [stem(word) for word in words(text)
            if len(word) > 1 and word not in STOP_WORDS and not word.isdigit()]


@dataclass(frozen=True)
class Passage:
    """One part of an element's text, with its weight."""

    part: str  # "title", "text" or "ancestors"
    text: str


def passages(framework: Framework, element_id: str) -> list[Passage]:
    """What an element says: its title, its text when that is not just the title again, and its
    ancestors' titles (nearest first)."""
    element = framework.elements[element_id]
    out = [Passage("title", element.title)]
    if element.text and _squash(element.text) != _squash(element.title):
        out.append(Passage("text", element.text))
    for ancestor in framework.ancestors(element_id):
        out.append(Passage("ancestors", framework.elements[ancestor].title))
    return out


def _squash(text: str) -> str:
    return " ".join(words(text))


def bag(items: Iterable[Passage], weights: dict[str, float] | None = None,
        stemmer: str = DEFAULT_STEMMER) -> Counter[str]:
    """Weighted term frequencies of an element's passages."""
    weights = WEIGHTS if weights is None else weights
    out: Counter[str] = Counter()
    for item in items:
        weight = weights.get(item.part, 0.0)
        if weight:
            for term in terms(item.text, stemmer):
                out[term] += weight
    return out


def surface_forms(items: Iterable[Passage], stemmer: str = DEFAULT_STEMMER) -> dict[str, str]:
    """For each stem, the word as it is first written (what a reason shows: "governance", not "govern")."""
    stem = STEMMERS[stemmer]
    out: dict[str, str] = {}
    for item in items:
        for word in words(item.text):
            if len(word) > 1 and word not in STOP_WORDS and not word.isdigit():
                out.setdefault(stem(word), word)
    return out


def sentence(items: Iterable[Passage]) -> str:
    """An element as one text for a sentence-embedding model: its title and text, then its
    ancestors' titles, nearest first. Measured against the ancestors first (the order a reader
    meets them): own words first ranks true pairs as high or higher on each of the four large
    shipped crosswalks (TTA -> AI RMF recall@10 0.49 against 0.48 for embedding, 0.50 against 0.45 for
    hybrid); the model weighs the start of a text most, and the element's own words say most."""
    items = list(items)
    own = " ".join(item.text for item in items if item.part != "ancestors")
    return " / ".join([own] + [item.text for item in items if item.part == "ancestors"])
