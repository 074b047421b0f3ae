"""Ids contain no invisible characters: no zero-width, bidirectional-control, control or other hidden characters.

An id is matched character by character but read by eye. A zero-width space, a soft hyphen, a tab
or a bidirectional override (U+202E, the "Trojan Source" attack, CVE-2021-42574) makes an id look
like another one, or makes a file show something other than what it says; no governance framework
numbers its requirements with them. They are errors wherever an id is written: element ids,
parents, links, mapping rows and profile entries. Titles and texts are prose and are not checked
(right-to-left scripts use direction marks there legitimately).

Hidden means: Unicode categories Cc (controls, tab included), Cf (format characters: zero-width
space and joiners, direction marks, embeddings, overrides and isolates, soft hyphen, word joiner,
byte-order mark, tag characters), Zl and Zp (line and paragraph separators), and the other
default-ignorable code points that render as nothing (Hangul fillers, variation selectors,
combining grapheme joiner, Mongolian free variation selectors, U+2800 BRAILLE PATTERN BLANK).
"""

from __future__ import annotations

import unicodedata
from typing import Iterator

from crosswalk.findings import ERROR, Finding
from crosswalk.workspace import Document, Workspace

ID = "invisible-id"
LEVEL = ERROR

_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp"))
_IGNORABLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0]
    + list(range(0x180B, 0x1810)) + list(range(0xFE00, 0xFE10)) + list(range(0xE0100, 0xE01F0))
)
_BIDI = frozenset([0x061C, 0x200E, 0x200F] + list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)))


def is_hidden(char: str) -> bool:
    """Whether a character renders as nothing (or moves other text) instead of as a visible mark."""
    return unicodedata.category(char) in _HIDDEN_CATEGORIES or ord(char) in _IGNORABLE


def hidden_in(ident: str) -> list[str]:
    """The hidden characters of an id, in order, each once ([] for printable ASCII, nearly every id)."""
    if ident.isascii() and ident.isprintable():
        return []
    return list(dict.fromkeys(char for char in ident if is_hidden(char)))


def char_name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how messages name a character without printing it."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def _plain(ident: str) -> bool:
    return ident.isascii() and ident.isprintable()


def may_hide(document: Document) -> bool:
    """Whether any value of the file can hold a hidden character: not when its text is ASCII without
    a tab or a backslash, since every hidden character is then either refused by the loader (raw
    controls) or impossible (non-ASCII, or an escape such as \\u200b). Three C-speed scans of the
    text spare a Python-level look at every id of nearly every file."""
    text = document.text
    return not text.isascii() or "\\" in text or "\t" in text


def unusual_ids(workspace: Workspace) -> Iterator[tuple[Document, str, tuple[object, ...], str]]:
    """Every id of the model that is not printable ASCII, with its document, its path there and what it is."""
    for framework in workspace.frameworks.values():
        document = workspace.document(framework.path)
        if not may_hide(document):
            continue
        for element in framework.declared:
            if not _plain(element.id):
                yield document, element.id, ("elements", element.index, "id"), "element id"
            if element.parent is not None and not _plain(element.parent):
                yield document, element.parent, ("elements", element.index, "parent"), "parent"
            for position, link in enumerate(element.links):
                if not _plain(link.element):
                    yield document, link.element, ("elements", element.index, "links", position, "element"), "link"
    for mapping in workspace.mappings:
        document = workspace.document(mapping.path)
        if not may_hide(document):
            continue
        for row in mapping.rows:
            for side, ids, listed in (("source", row.sources, row.sources_listed),
                                      ("target", row.targets, row.targets_listed)):
                for position, ident in enumerate(ids):
                    if not _plain(ident):
                        yield (document, ident, ("rows", row.index, side, position) if listed
                               else ("rows", row.index, side), side)
    for profile in workspace.profiles:
        document = workspace.document(profile.path)
        if not may_hide(document):
            continue
        for entry in profile.entries:
            if not _plain(entry.element):
                yield document, entry.element, ("entries", entry.index, "element"), "element"


def check(workspace: Workspace) -> Iterator[Finding]:
    for document, ident, path, what in unusual_ids(workspace):
        hidden = hidden_in(ident)
        if not hidden:
            continue
        kind = "a bidirectional control" if any(ord(char) in _BIDI for char in hidden) else "invisible"
        names = ", ".join(char_name(char) for char in hidden[:3]) + (" and more" if len(hidden) > 3 else "")
        yield Finding(document.place(path), ID, LEVEL,
                      f"{what} {ident!r} contains {names} ({kind}: the id does not read as it is written); "
                      "remove it, here and wherever the id is written")
