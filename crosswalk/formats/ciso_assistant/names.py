"""Names between CISO Assistant and crosswalk: slugs, editions, element ids, URNs; each rule stated once.

Why one module: the reader and the writer must agree on every one of these rules, or a round trip
would rename things. Each function is total (any text in, a valid name out) and deterministic, so
that importing the same library twice gives the same ids, and two libraries naming one framework
URN give one framework.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable

from crosswalk.formats.finish import ELEMENT_ID

SLUG_MAX = 100
"""The framework schema's limit for a document id."""

ID_MAX = 200
"""The schema's limit for an element id."""


def ascii_fold(text: str) -> str:
    """``text`` with accents removed by compatibility decomposition (NFKD): ``é`` -> ``e``, ``ﬁ`` -> ``fi``.

    Why NFKD and not dropping non-ASCII letters: ``établissements de santé`` must stay readable as
    ``etablissements-de-sante``, not become ``tablissements-de-sant``. Letters with no ASCII
    decomposition (``ß``, Cyrillic, CJK) are dropped; :func:`slug` then falls back to a default."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(text: str, default: str = "imported") -> str:
    """A document id from any text: NFKD-folded, lower case, runs of other characters as one ``-``,
    starting with a letter or digit, at most :data:`SLUG_MAX` characters."""
    folded = re.sub(r"[^a-z0-9._-]+", "-", ascii_fold(text).lower())
    folded = re.sub(r"^[^a-z0-9]+", "", folded)[:SLUG_MAX].rstrip("-._")
    return folded or default


_EDITION = re.compile(
    r"(?:^|(?<=[-_ :/]))(?:"
    r"v?(?P<dotted>[0-9]+(?:\.[0-9]+)+)"  # 2.0, v6.0.2, 4.0.3, 2025.2.2
    r"|v?(?P<year>(?:19|20)[0-9]{2}(?:[-.][0-9]{1,2}){0,2})"  # 2022, v2025, 2023-03-01, 2024-2
    r"|v(?P<plain>[0-9]+)"  # v1, v2
    r"|(?P<rev>rev\.?[0-9]+)"  # rev5
    r")\Z",
    re.IGNORECASE,
)
"""An edition at the end of a name: a dotted version, a year (with month, day or point), ``v`` and a
number, or ``rev`` and a number. A bare number is not an edition (``cps-230``, ``igi-1300``,
``cis-benchmark-debian-12`` name a document, not its edition)."""


def edition(text: str) -> tuple[str, str] | None:
    """(what comes before the edition, the edition) when ``text`` ends in one, else None.

    ``iso27001-2022`` -> (``iso27001``, ``2022``); ``nist-csf-2.0`` -> (``nist-csf``, ``2.0``);
    ``tisax-v6.0.2`` -> (``tisax``, ``6.0.2``); ``ISO/IEC 27001:2022`` -> (``ISO/IEC 27001``,
    ``2022``); ``fedramp-rev5`` -> (``fedramp``, ``rev5``). A leading ``v`` is not part of the edition."""
    match = _EDITION.search(text.strip())
    if match is None or match.start() == 0:
        return None
    value = next(group for group in match.groups() if group)
    stem = text.strip()[:match.start()].rstrip("-_ :/")
    return (stem, value.lower()) if stem else None


def version_text(value: str) -> str:
    """A framework version our schema accepts (letters, digits, ``.``, ``_``, ``-``)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_fold(value)).strip("-._")[:50]
    return cleaned or "1"


def urn_tail(urn: str, kind: str) -> str:
    """What follows ``:<kind>:`` in a CISO URN (``urn:intuitem:risk:framework:iso27001-2022`` ->
    ``iso27001-2022``); the last ``:`` part when the URN does not have that shape."""
    marker = f":{kind}:"
    at = urn.lower().find(marker)
    return urn[at + len(marker):] if at >= 0 else urn.rsplit(":", 1)[-1]


CISO_WORD = {"equal": "equal", "subset_of": "subset", "superset_of": "superset", "intersects_with": "intersect",
             "no_relationship": "not_related", "related": "intersect"}
"""Our relationship -> CISO Assistant's word (their reading is :func:`crosswalk.vocabulary.normalise_relationship`).
``related`` (a concept crosswalk's "bears on") has no CISO word: ``intersect`` is the nearest, and the
writer keeps ``related`` in the row's crosswalk block so that it comes back."""


_LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n", "\x85": "\n"})


def plain_lines(value: object) -> object:
    """``value`` (a document, or any part of one) with Unicode's line and paragraph separators (U+2028,
    U+2029) and NEL (U+0085) in its texts written as line breaks.

    Why: YAML counts them as line breaks and most editors do not, so our loader refuses them in a file
    (the line numbers it prints would be wrong), and other YAML parsers disagree about them inside
    block scalars. Three of CISO Assistant's libraries hold them where a line break is meant."""
    if isinstance(value, str):
        return value.translate(_LINE_SEPARATORS) if not value.isascii() else value
    if isinstance(value, list):
        return [plain_lines(item) for item in value]
    if isinstance(value, dict):
        return {key: plain_lines(item) for key, item in value.items()}
    return value


_REFUSED = {",": ";", "@": "(at)"}
"""Characters an element id may not hold, and what stands for each: ``,`` separates ids in our
messages and ``@`` separates a framework's id from its version."""


def element_id(text: str) -> str:
    """``text`` as an element id our schema accepts, changed as little as possible and always alike:
    ``,`` becomes ``;``, ``@`` becomes ``(at)``, line breaks and runs of white space one space, the
    ends trimmed, and the whole cut to :data:`ID_MAX` characters. "" stays "" (no id)."""
    changed = " ".join(text.split())
    for bad, good in _REFUSED.items():
        changed = changed.replace(bad, good)
    return changed[:ID_MAX].rstrip()


def unique_ids(candidates: Iterable[Iterable[str]]) -> tuple[list[str], list[str], list[int]]:
    """One id per node, unique by construction; for each node also the text it came from and which
    of its usable choices it got (0: the first).

    Each node offers its choices, best first (its ref_id, its URN's last part, its URN's whole tail,
    the whole URN, its position), each made a valid id by :func:`element_id` (choices that are empty
    or still invalid are passed over). In round one every node proposes its first choice, and keeps
    it if no other node proposes the same; the nodes that clash all move on to their next choice and
    propose again, among themselves and against the ids already kept, and so on. So a node that
    keeps its ref_id never loses it to another node's fallback, and no node wins a clash for coming
    first in the file. The last choice of every node must be unique (its position)."""
    usable = [[(raw, element_id(raw)) for raw in node] for node in candidates]
    usable = [[(raw, c) for raw, c in node if c and ELEMENT_ID.match(c)] for node in usable]
    choices = [[c for _, c in node] for node in usable]
    ids = [""] * len(choices)
    level = [0] * len(choices)
    taken: set[str] = set()
    pending = list(range(len(choices)))
    while pending:
        counts = Counter(choices[i][level[i]] for i in pending)
        still = []
        for i in pending:
            proposal = choices[i][level[i]]
            if counts[proposal] == 1 and proposal not in taken:
                ids[i] = proposal
            elif level[i] + 1 < len(choices[i]):
                level[i] += 1
                still.append(i)
            else:
                raise ValueError(f"no unique id for node {i}: its last choice {proposal!r} is not unique")
        taken.update(ids[i] for i in pending if ids[i])
        pending = still
    return ids, [usable[i][level[i]][0] for i in range(len(ids))], level
