"""What every output does with text it did not write itself: ids, titles, file names, messages.

Why one module: framework files, mappings and file names are input from anyone who can open a pull
request, and every output format shows some of it. A title holding ESC can repaint a terminal, a
file name holding a newline can forge a line of output (a GitHub workflow command such as
``::error``), U+202E can make an id read backwards, U+FFFE makes a workbook's XML unreadable. Each
format takes its text through one function here, so that each makes one decision, stated once:

- Text meant to be read (terminal text, CSV, Markdown, JUnit, workbook cells): every character
  that is not visible text is spelled as a Python-style escape (``\\x1b``, ``\\u202e``,
  ``\\U000e0041``) by :func:`shown`. That is the C0 and C1 controls and DEL (category Cc), format
  characters such as bidi overrides and zero-width spaces (Cf), line and paragraph separators (Zl,
  Zp), lone surrogates (Cs; a file name that is not UTF-8 decodes to them) and the noncharacters
  U+FFFE, U+FFFF (and the rest of that kind). Newline is kept only where it is layout: inside a CSV
  cell and a workbook cell, never inside one line of terminal output.
- Lines of plain output also never read as a GitHub workflow command (the runner takes a line that
  starts with ``::`` after leading spaces, and the legacy ``##[command]`` anywhere in a line):
  :func:`no_commands` spells the ``:`` or ``[`` that would make one as an escape too.
- Markdown also backslash-escapes every character Markdown (or the HTML it may hold) would act on,
  so that a title cannot become a link, an image, raw HTML, emphasis, code, math or a new table cell
  (:func:`markdown_safe`); HTML escapes ``<``, ``>``, ``&`` and quotes (:func:`html_safe`), and text
  placed in a CSS string is spelled as CSS escapes (:func:`css_string`).
- JSON (and SARIF, which is JSON) keeps the exact data: :func:`json_text` writes the same characters
  as JSON ``\\uXXXX`` escapes, which every JSON reader turns back into the original string.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any, Iterable

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Every character that can be unsafe lies in these ranges (tests/test_output_escaping.py checks the
# whole Basic Multilingual Plane against unicodedata; every astral character is a candidate), so the
# per-character check runs on them only, never on accented letters, arrows or set symbols.
_CANDIDATES = (r"\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
               r"\u2028-\u202e\u2060-\u206f\ud800-\udfff\ufdd0-\ufdef\ufeff\ufff9-\uffff\U00010000-\U0010ffff")
_CANDIDATE = re.compile(r"[\x00-\x1f" + _CANDIDATES + "]")
_JSON_CANDIDATE = re.compile(r"[\x00-\x09\x0b-\x1f" + _CANDIDATES + "]")  # less the newlines of JSON's indentation
_LINE_COMMAND = re.compile(r"^([^\S\n]*):(?=:)", re.MULTILINE)  # a line that starts with '::' after spaces
_LEGACY_COMMAND = "##["


def unsafe(char: str) -> bool:
    """True for a character that is not visible text (see the module docstring for the classes)."""
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:  # noncharacters
        return True
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def visible(char: str) -> str:
    """``\\n``, ``\\x1b``, ``\\u202e``, ``\\U000e0041``: how Python writes the character in a string literal."""
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(value: Any, keep: str = "") -> str:
    """``value`` as text with every unsafe character except those in ``keep`` spelled as an escape."""
    text = "" if value is None else str(value)
    if text.isprintable():  # C speed; False for every unsafe character (and for some safe ones)
        return text
    return _CANDIDATE.sub(lambda m: m.group() if m.group() in keep or not unsafe(m.group()) else visible(m.group()),
                          text)


def no_commands(text: str) -> str:
    """``text`` with no line a GitHub runner would take as a workflow command: a leading ``::`` becomes
    ``\\x3a:`` and ``##[`` becomes ``##\\x5b``."""
    if ":" in text:
        text = _LINE_COMMAND.sub(r"\1\\x3a", text)
    return text.replace(_LEGACY_COMMAND, "##\\x5b") if _LEGACY_COMMAND in text else text


def plain(value: Any) -> str:
    """One line of plain output: unsafe characters escaped (newlines too) and no workflow command."""
    return no_commands(shown(value))


def lines(rows: Iterable[Any]) -> str:
    """Terminal text: each row one line (:func:`plain`), joined, with a final newline."""
    return "".join(plain(row) + "\n" for row in rows)


def csv_safe(value: Any) -> str:
    """A CSV cell: unsafe characters escaped (a newline inside the cell is kept, CSV quotes it), and
    an apostrophe before a cell a spreadsheet would run as a formula."""
    text = shown(value, keep="\n")  # a leading tab or CR, which spreadsheets also run, is spelled by now
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#$])")
"""Backslash, code, emphasis, link and image brackets, raw HTML and entities, table cells,
strikethrough, headings and issue references, and GitHub's math: each is escaped with a backslash,
which CommonMark turns back into the character itself."""


def markdown_safe(value: Any) -> str:
    """Markdown text or a table cell: unsafe characters spelled, Markdown's own characters escaped
    (see :data:`_MARKDOWN_SPECIAL`), one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", shown(value, keep="\n")).replace("\n", " ")


def html_safe(value: Any, keep: str = "\n") -> str:
    """HTML text or an attribute value (quoted): unsafe characters spelled, ``<>&"'`` as entities."""
    return html.escape(shown(value, keep=keep), quote=True)


def css_string(value: Any) -> str:
    """A quoted CSS string (for generated content such as a printed page's header) holding ``value``:
    unsafe characters spelled, and every character but letters, digits and spaces written as a CSS
    escape, so that nothing in it can close the string, the rule or the ``<style>`` element."""
    text = shown(value)  # a newline is spelled too
    return '"' + "".join(c if c.isalnum() and c.isascii() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(data: Any) -> str:
    """Indented JSON with the exact data, in which no unsafe character and no workflow command appears
    raw: they are written as JSON escapes (``\\u001b``, ``##\\u005b``), which readers decode back.

    Why this is sound: json.dumps escapes the C0 controls and quotes itself, so outside strings the
    text holds only ASCII punctuation, digits, letters, spaces and the newlines of the indentation,
    none of which is unsafe; every character replaced here is inside a string literal."""
    text = _JSON_CANDIDATE.sub(lambda m: _json_escape(m.group()) if unsafe(m.group()) else m.group(),
                               json.dumps(data, indent=2, ensure_ascii=False))
    if _LEGACY_COMMAND in text:
        text = text.replace(_LEGACY_COMMAND, "##\\u005b")
    return text + "\n"
