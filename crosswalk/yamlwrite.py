"""Deterministic YAML output that every YAML reader reads back as the same data.

Everything crosswalk writes (the shipped library, importer output) goes through :func:`dump`. Two
rules make the text mean the same to every reader, YAML 1.1 or 1.2:

- Quoting: a string is written in double quotes when any YAML reader would type it as something
  other than that string if it were plain: ``08``, ``0089``, ``1e3``, ``2E1``, ``0o17``, ``0x1F``,
  ``1_000``, ``+1``, ``.5``, ``1.10``, ``.inf``, ``~``, ``null``, ``yes``/``no``/``on``/``off``,
  ``y``/``n``, ``1:30``, ``2024-01-01``, ``<<``, ``=`` and the empty string. The set is the union of
  the YAML 1.1 type repository, the YAML 1.2 core schema, PyYAML's and ruamel.yaml's resolvers (see
  :mod:`crosswalk.yamlscalars`, where each expression and its reference is given; the tests check it
  against ruamel.yaml's and PyYAML's own resolvers).
- Characters: a string holding a character that YAML readers do not all take as plain text (a line
  break other than LF: CR, U+0085, U+2028, U+2029; a control character, tab included; the byte-order
  mark; a non-character or a lone surrogate) is written double-quoted, where it becomes an escape
  (``\\L``, ``\\N``, ``\\t``, ``\\x01``...), never raw. Raw U+2028 inside a ``|`` block is a line
  break to a YAML 1.1 reader and text to a YAML 1.2 one, and our own loader refuses it.

Other strings with a line break are literal blocks (``|``), the rest plain where YAML allows it.
Key order is the order the caller chose, so re-running an importer on the same input gives the same
bytes. Emitting is PyYAML's C emitter (libyaml) when PyYAML was built with it: the only Python work
per string is one character-class search and, for the few that start like a number or a keyword,
one regular expression (the generic PyYAML dumper took ten times longer; ``benchmarks/yamlwrite.py``).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from crosswalk.yamlscalars import typed_somewhere

try:  # libyaml's emitter; the pure-Python one writes the same bytes, slower
    _Base = yaml.CSafeDumper  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeDumper  # type: ignore[misc]

_ESCAPED = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""Characters written only as escapes inside double quotes: every character outside YAML's printable
set (``c-printable``, YAML 1.2.2 section 5.1), and the ones YAML 1.1 and 1.2 disagree on or that editors
do not show: line breaks other than LF (CR, U+0085, U+2028, U+2029), tab, the byte-order mark U+FEFF."""

_STR = "tag:yaml.org,2002:str"


class _Dumper(_Base):  # type: ignore[misc, valid-type]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def style_for(value: str) -> str | None:
    """The scalar style ``value`` is written in: ``'"'`` (quoted), ``'|'`` (literal block) or None (plain if YAML allows)."""
    if _ESCAPED.search(value):
        return '"'
    if "\n" in value:
        return "|"
    if value != value.strip() or typed_somewhere(value):
        return '"'
    return None


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar(_STR, value, style=style_for(value))


_Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    """YAML text for ``data`` (dicts keep their insertion order).

    Raises ValueError for text holding a lone UTF-16 surrogate (U+D800-U+DFFF), which is not a
    character and has no UTF-8 form: the importers refuse such input before it gets here.
    """
    try:
        return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                         default_flow_style=False)
    except UnicodeEncodeError as exc:
        raise ValueError(f"cannot write {exc.object[exc.start:exc.end]!r}: a lone surrogate is not text") from None
