"""Two element ids of one framework do not look the same: no homoglyphs such as Latin O and Cyrillic О (warning).

"GOVERN 1" written with a Cyrillic О is a different id that no reader can tell apart: a mapping
row naming one of the two silently addresses the other's element, and a reviewer cannot see it.
Ids are compared by what they look like: Unicode NFKC (which folds fullwidth letters, ligatures,
mathematical letters, superscripts and non-breaking spaces), then the Cyrillic, Greek and Armenian
letters that are drawn like Latin ones, the look-alike dashes (U+2010-U+2013, U+2212) and quotes
become their ASCII twins, and hidden characters (see ``invisible-id``) are dropped. Two different
ids that compare equal get a warning at the second; a reference that matches no id but looks like
one is reported by the ``reference`` rule, which names the element it looks like.

A warning, not an error: a framework may in principle mean two ids that look the same (a Greek
and a Latin series), and the author is the one to decide. What is normalised silently, because it
is safe: Unicode NFC (the same accented letter encoded composed or decomposed is the same text by
Unicode's canonical equivalence, so the model stores every id in NFC and such twins are duplicate
ids). NFKC and the look-alike letters are not applied to the ids themselves, only compared:
"x²" and "x2" are different texts, and so are Latin and Cyrillic words.

The look-alike table is small and written out here rather than taken from a confusables library:
it covers the scripts whose letters are drawn like the Latin letters and digits that ids are made
of, and the one light library on PyPI (confusable-homoglyphs) gives symmetric confusable classes
rather than Unicode's skeleton mapping and would cost 0.14 s to import for every run.
"""

from __future__ import annotations

import unicodedata
from typing import Iterator

from crosswalk.findings import WARNING, Finding
from crosswalk.model import Framework
from crosswalk.rules.invisible_ids import char_name, is_hidden, may_hide
from crosswalk.workspace import Workspace

ID = "lookalike-id"
LEVEL = WARNING

_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХЅІЈԚԜаеорсухѕіјһԁԛԝӏ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧονιρυγα" "օսհոզց" "ıǀ" "‐‑‒–−" "‘’‛′",
    "ABEKMHOPCTXSIJQWaeopcyxsijhdqwl" "ABEZHIKMNOPTYXovipuya" "ouhnqg" "il" "-----" "''''",
)


def fold(ident: str) -> str:
    """What an id looks like: equal folds mean ids a reader cannot tell apart."""
    if ident.isascii() and ident.isprintable():
        return ident
    folded = unicodedata.normalize("NFKC", ident).translate(_LOOKALIKES)
    return "".join(char for char in folded if not is_hidden(char))


def fold_index(framework: Framework) -> dict[str, str]:
    """Each fold of the framework's element ids -> the first element id (in file order) that has it."""
    index: dict[str, str] = {}
    for ident in framework.elements:
        index.setdefault(fold(ident), ident)
    return index


def difference(written: str, other: str) -> str:
    """The characters that make two look-alike ids differ, named (``U+041E CYRILLIC CAPITAL LETTER O``)."""
    odd = [char for char in dict.fromkeys(written + other)
           if not (char.isascii() and char.isprintable()) and (char in written) != (char in other)]
    return ", ".join(char_name(char) for char in odd[:3]) + (" and more" if len(odd) > 3 else "")


def check(workspace: Workspace) -> Iterator[Finding]:
    for framework in workspace.frameworks.values():
        document = workspace.document(framework.path)
        if not may_hide(document):  # every id is printable ASCII, its own fold: distinct ids cannot collide
            continue
        seen: dict[str, str] = {}
        for ident, element in framework.elements.items():
            key = fold(ident)
            first = seen.setdefault(key, ident)
            if first == ident:
                continue
            earlier = framework.elements[first]
            yield Finding(
                document.place(("elements", element.index, "id")), ID, LEVEL,
                f"element id {ident!r} looks the same as {first!r} but is a different id "
                f"(they differ in {difference(ident, first)}): use the same characters, or rename one",
                (document.place(("elements", earlier.index, "id")),),
            )
