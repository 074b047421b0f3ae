"""How YAML readers type a plain (unquoted) scalar: what we write quoted, how we read, what we warn about.

Why this module exists: a plain scalar's type is not in the file but in the reader. ``08`` is the
text "08" to a YAML 1.1 reader and the number 8 to a YAML 1.2 one; ``yes`` is true to YAML 1.1 and
text to YAML 1.2; ``2024-01-01`` is a date to PyYAML and ruamel.yaml and text to check-jsonschema.
One file, read by crosswalk, by check-jsonschema and by a colleague's script, must mean the same to
all three. The readers modelled here, each by its implicit resolver's regular expressions:

- ``ours``: crosswalk's reading, which is the reading of check-jsonschema (the schema checker the
  README suggests): ruamel.yaml's YAML 1.2 resolver (``ruamel/yaml/resolver.py``, ``(1, 2)``
  entries), with timestamps left as text as check-jsonschema does (JSON has no dates). It is the
  YAML 1.2 core schema plus ruamel's extras: ``_`` inside numbers, ``0b`` binary, ``0o`` optional
  before octal-looking digits (read as decimal), ``+.5`` and ``.5``, exponents without a mantissa dot.
- ``core``: the YAML 1.2 core schema exactly as the specification gives it (YAML 1.2.2, section
  10.3.2, "Tag Resolution"); its JSON schema (10.2.2) is a subset. eemeli ``yaml``'s default schema.
- ``pyyaml``: PyYAML's YAML 1.1 resolver (``yaml/resolver.py``), the YAML 1.1 type repository
  (https://yaml.org/type/: bool, int, float, null, timestamp, merge, value) as PyYAML implements it:
  ``yes``/``no``/``on``/``off`` booleans, ``0``-prefixed octal, ``1:30`` base 60, dates.
- ``ruamel11``: ruamel.yaml's YAML 1.1 resolver: the type repository with its one-letter booleans
  ``y``/``n`` (which PyYAML leaves out) and exponents without a mantissa dot (``1e3``).

:func:`typed_somewhere` (what the writer quotes) is wider still: every plain scalar that any of these
resolves to something other than a string, plus the type repository's own float expression
verbatim (``[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?``, which also matches ``1.2.3`` and a
lone ``.``: no implementation above follows it to the letter, but a reader that did would fail on
``1.2.3``). Quoting too much costs two characters; quoting too little changes data.
"""

from __future__ import annotations

import math
import re
from typing import Any

NULL, BOOL, INT, FLOAT, STR, DATE, MERGE, VALUE = "null", "bool", "int", "float", "str", "date", "merge", "value"

_NULL = r"~|null|Null|NULL|"
_BOOL_12 = r"true|True|TRUE|false|False|FALSE"
_BOOL_PYYAML = r"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
_BOOL_11 = r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
_TIMESTAMP = (r"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
              r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
              r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?")

# (kind, expression) in the order each reader tries them; every expression must match the whole text.
# As in PyYAML and ruamel, an expression is tried only on texts starting with one of its first
# characters (:data:`_FIRSTS`): ruamel's ``[0-9_]+`` does not make ``_9`` a number.
READERS: dict[str, list[tuple[str, str]]] = {
    "ours": [
        (BOOL, _BOOL_12),
        (FLOAT, r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
                r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
        (INT, r"[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+"),
        (MERGE, r"<<"),
        (NULL, _NULL),
        (STR, _TIMESTAMP),  # check-jsonschema reads ruamel's timestamps as text
        (VALUE, r"="),
    ],
    "core": [
        (NULL, _NULL),
        (BOOL, _BOOL_12),
        (INT, r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"),
        (FLOAT, r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
    ],
    "pyyaml": [
        (BOOL, _BOOL_PYYAML),
        (FLOAT, r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
        (INT, r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
              r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"),
        (MERGE, r"<<"),
        (NULL, _NULL),
        (DATE, _TIMESTAMP),
        (VALUE, r"="),
    ],
    "ruamel11": [
        (BOOL, _BOOL_11),
        (FLOAT, r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
                r"|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
                r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
        (INT, r"[-+]?0b[0-1_]+|[-+]?0?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
              r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"),
        (MERGE, r"<<"),
        (NULL, _NULL),
        (DATE, _TIMESTAMP),
        (VALUE, r"="),
    ],
}

_SPEC_11_FLOAT = r"[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?"
"""The YAML 1.1 type repository's base-10 float, verbatim (https://yaml.org/type/float.html)."""

_DIGITS = "0123456789"
_FIRSTS = {NULL: "~nN", BOOL: "yYnNtTfFoO", INT: "-+" + _DIGITS, FLOAT: "-+." + _DIGITS, DATE: _DIGITS,
           STR: _DIGITS, MERGE: "<", VALUE: "="}

_COMPILED = {name: [(kind, re.compile(f"(?:{expression})\\Z"), frozenset(_FIRSTS[kind])) for kind, expression in resolvers]
             for name, resolvers in READERS.items()}

_QUOTE = re.compile("(?:" + "|".join(
    [expression for resolvers in READERS.values() for kind, expression in resolvers if expression]
    + [_SPEC_11_FLOAT]) + r")\Z")
"""Every expression of every reader, for texts starting with a character of :data:`NUMERIC_FIRST`."""

NUMERIC_FIRST = frozenset("0123456789+-.")
"""First characters of every number form (and of ``.inf``, ``.nan``, timestamps): only these meet a regular expression."""

WORDS = frozenset(_BOOL_11.split("|") + ["~", "null", "Null", "NULL", "<<", "="])
"""The other plain scalars some reader types: the keywords (booleans of YAML 1.1 and 1.2, null, merge, value)."""


def kind_of(text: str, reader: str = "ours") -> str:
    """The kind a reader gives the plain scalar ``text`` (:data:`STR` when none of its expressions match)."""
    if not text:
        return NULL  # every reader: the empty plain scalar is null
    first = text[0]
    for kind, pattern, firsts in _COMPILED[reader]:
        if first in firsts and pattern.match(text):
            return kind
    return STR


def typed_somewhere(text: str) -> bool:
    """Whether some YAML reader would read the plain scalar ``text`` as other than this very string.

    Readers try their expressions only on texts that start like a number or a keyword; text that
    does not (nearly all text) costs one set look-up."""
    if not text:
        return True
    if text[0] in NUMERIC_FIRST:
        return _QUOTE.match(text) is not None
    return text in WORDS


def number(text: str, kind: str, version: tuple[int, int] = (1, 2)) -> int | float:
    """The value of a plain int or float as ruamel.yaml builds it for YAML ``version`` (PyYAML alike for 1.1).

    Raises ValueError where the reader itself fails (ruamel's ``-_`` or ``0x_``: no digits).
    """
    value = text.replace("_", "")
    sign = -1 if value[:1] == "-" else 1
    value = value[1:] if value[:1] in "+-" else value
    if kind == FLOAT:
        lower = value.lower()
        if lower in (".inf", ".nan"):
            return sign * math.inf if lower == ".inf" else math.nan
        if ":" in value:
            return sign * float(_base60(value))
        return sign * float(value)
    if value == "0":
        return 0
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if value.startswith(prefix):
            return sign * int(value[2:], base)
    if version == (1, 1) and ":" in value:
        return sign * int(_base60(value))
    if version == (1, 1) and value[:1] == "0":
        return sign * int(value, 8)
    return sign * int(value)


def _base60(value: str) -> float:
    whole, _, fraction = value.partition(".")
    total = 0.0
    for part in whole.split(":"):
        total = total * 60 + int(part)
    return total + (float("0." + fraction) if fraction else 0.0)


_TRUE = frozenset(("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"))


def reading(text: str, reader: str) -> tuple[str, Any]:
    """(kind, value) of the plain scalar ``text`` for ``reader``; kind ``"error"`` where that reader fails on it."""
    kind = kind_of(text, reader)
    if kind == NULL:
        return NULL, None
    if kind == BOOL:
        return BOOL, text in _TRUE
    if kind in (INT, FLOAT):
        try:
            value = number(text, kind, (1, 1) if reader in ("pyyaml", "ruamel11") else (1, 2))
        except ValueError:
            return "error", text
        return kind, "nan" if kind == FLOAT and math.isnan(value) else value
    return kind, text


def disagreement(text: str) -> dict[str, tuple[str, Any]] | None:
    """Every reader's reading of ``text`` when they are not all the same; None when every reader agrees."""
    if not typed_somewhere(text):
        return None
    readings = {reader: reading(text, reader) for reader in READERS}
    return None if len(set(readings.values())) == 1 else readings
