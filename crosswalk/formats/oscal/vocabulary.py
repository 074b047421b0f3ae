"""OSCAL's words and ours, each rule stated once for the reader and the writer.

Why one module: export then import must be the identity, so every translation (relationship words,
statuses, strength to confidence, the text OSCAL's datatypes accept, our namespaced props) is
written here once and read both ways.

Where the words come from: the OSCAL 1.2 control mapping model (pages.nist.gov/OSCAL, "Control
Mapping Model") names the relationships ``equivalent-to``, ``equal-to``, ``subset-of``,
``superset-of``, ``intersects-with`` and ``no-relationship``; its release schema (1.2.1) fixes
``method`` (human, automation, hybrid), ``matching-rationale`` (syntactic, semantic, functional)
and ``status`` (complete, not-complete, draft, deprecated, superseded).
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from crosswalk.reporters.rule_docs import PLACEHOLDER_HOMEPAGE

OSCAL_VERSION = "1.2.1"
"""The OSCAL release whose mapping schema the export follows (compliance-trestle 5.2 reads it)."""

NS = f"{PLACEHOLDER_HOMEPAGE}/ns/oscal"
"""The namespace of our props. A constant, never the package's configured home page: a file written
today must still be read as ours after the project names its home."""

_UUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, NS)


def stable_uuid(*parts: str) -> str:
    """A UUID version 5 of ``parts`` (OSCAL accepts versions 4 and 5): the same names always give
    the same UUID, so the same input gives the same bytes."""
    return str(uuid.uuid5(_UUID_ROOT, "\x1f".join(parts)))


# --- relationships --------------------------------------------------------------------------------

OSCAL_WORD = {"equal": "equal-to", "subset_of": "subset-of", "superset_of": "superset-of",
              "intersects_with": "intersects-with", "no_relationship": "no-relationship",
              "related": "intersects-with"}
"""Our relationship -> OSCAL's. ``related`` (a concept crosswalk's untyped "bears on") has no OSCAL
word: it is written ``intersects-with``, the weakest OSCAL word that still says the two overlap, with
the prop ``relationship: related`` saying that the source typed nothing (see :data:`NS`)."""

OURS_FROM_OSCAL = {"equal-to": "equal", "equivalent-to": "equal", "subset-of": "subset_of",
                   "superset-of": "superset_of", "intersects-with": "intersects_with",
                   "no-relationship": "no_relationship"}
"""OSCAL's relationship -> ours. ``equivalent-to`` (same meaning, other words) reads as ``equal``; the
row's note keeps that OSCAL said ``equivalent-to``."""


# --- provenance -----------------------------------------------------------------------------------

METHODS = ("human", "automation", "hybrid")
"""The same three words in OSCAL and in our provenance."""
METHOD_ALIASES = {"manual": "human", "automated": "automation", "automatic": "automation"}
"""Words outside OSCAL's list that real files use (trestle's examples write ``manual``)."""

RATIONALES = ("syntactic", "semantic", "functional")
"""NIST IR 8477's three rationales: OSCAL's ``matching-rationale`` and our ``rationale`` alike."""

OSCAL_STATUS = {"draft": "draft", "under-review": "not-complete", "complete": "complete", "final": "complete",
                "deprecated": "deprecated"}
"""Our provenance status -> OSCAL's. ``final`` has no OSCAL word of its own: written ``complete``
with the prop ``status: final``."""
OURS_FROM_STATUS = {"draft": "draft", "not-complete": "under-review", "complete": "complete",
                    "deprecated": "deprecated", "superseded": "deprecated"}
STATUS_ALIASES = {"published": "final", "final": "final", "under-review": "under-review"}
"""Words outside OSCAL's list that real files use (trestle's examples write ``published``)."""


def confidence(strength: int) -> dict[str, float]:
    """Our strength 0-10 -> OSCAL's ``confidence-score``: the percentage strength / 10 (7 -> 0.7).

    Why a percentage and not a category: it is exact both ways (:func:`strength_of` gives 7 back),
    where a category (low, medium, high) would have to bin eleven values into three."""
    return {"percentage": strength / 10}


STRENGTH_RANGES = {"equal": (10, 10), "no_relationship": (0, 0), "subset_of": (1, 9), "superset_of": (1, 9),
                   "intersects_with": (1, 9)}
"""The strengths the OLIR rubric allows per relationship (crosswalk's ``strength`` rule): a foreign
confidence score becomes a strength only where it is one of these."""


def strength_of(percentage: float) -> tuple[int, bool]:
    """OSCAL's percentage (0-1) -> (our strength 0-10, whether that is exact): the nearest tenth,
    halves rounded up (0.95 -> 10, not exact; 0.7 -> 7, exact)."""
    scaled = percentage * 10
    nearest = int(scaled + 0.5)
    return nearest, abs(scaled - nearest) < 1e-9


# --- text OSCAL's datatypes accept ----------------------------------------------------------------

_STRING = re.compile(r"[^\s\ufeff](?:[^\n\r\u2028\u2029]*[^\s\ufeff])?\Z")
"""OSCAL's StringDatatype (``^\\S(.*\\S)?$`` in ECMA-262): one line, no white space at either end.
Slightly stricter than the schema (Python's and ECMA's white space differ at the edges), never looser."""
_LINE = re.compile(r"[^\n\r\u2028\u2029]+\Z")
"""OSCAL's MarkupLineDatatype (``^[^\\n]+$``), with every line terminator refused, not only ``\\n``."""
TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*\Z")
"""OSCAL's TokenDatatype (an XML NCName), narrowed to ASCII: ``\\p{L}`` is not in Python's ``re``,
and a narrower rule is never the wrong side of the schema."""


def is_string(value: str) -> bool:
    return bool(_STRING.match(value))


def is_line(value: str) -> bool:
    return bool(_LINE.match(value))


def one_line(value: str, default: str) -> str:
    """``value`` as OSCAL's one-line text: white space runs as one space, ends trimmed."""
    text = " ".join(value.split())
    return text if is_string(text) else default


# --- our props ------------------------------------------------------------------------------------

JSON_CLASS = "json"
"""The ``class`` of a prop whose value is the JSON text of the field (a list, a number, true/false,
null, or text that is not one line): OSCAL prop values are one-line text."""


def prop(name: str, value: Any) -> dict[str, str]:
    """One prop in our namespace: the value itself when it is one-line text, else its JSON text."""
    if isinstance(value, str) and is_string(value):
        return {"name": name, "ns": NS, "value": value}
    return {"name": name, "ns": NS, "value": json.dumps(value, ensure_ascii=True, separators=(",", ":")),
            "class": JSON_CLASS}


def glob_literal(ident: str) -> str:
    """A glob pattern matching exactly ``ident`` (``*``, ``?`` and ``[`` bracketed), for a gap
    summary's ``matching``: its ``with-ids`` hold only tokens, and most element ids are not tokens."""
    return re.sub(r"([*?\[])", r"[\1]", ident)


def glob_id(pattern: str) -> str | None:
    """The id a :func:`glob_literal` pattern matches, or None when the pattern is a real glob."""
    literal = re.sub(r"\[([*?\[])\]", r"\1", pattern)
    return None if re.search(r"[*?\[]", re.sub(r"\[[*?\[]\]", "", pattern)) else literal
