"""Strict JSON for importers: one reading of the bytes, and JSON's silent surprises refused with a place.

Why: Python's ``json`` keeps the last of two equal keys without a word (YAML input gets the same
refusal from :mod:`crosswalk.yamlio`), turns ``1e400`` into infinity and accepts ``NaN`` and
``Infinity``, which are not JSON; it raises ``RecursionError`` on deep nesting and ``ValueError`` on
integers of more than 4,300 digits, and keeps lone UTF-16 surrogates (``"\\ud800"``) that no UTF-8
file can hold. Each of these becomes an :class:`~crosswalk.formats.ImportProblem` naming the
file and the JSON path (``$.checklists[3].id``), or the line and column where the decoder gives one.

How: the decoder's hooks never raise (they cannot know where they are); they return a marker
instead, and one iterative walk after parsing finds the first marker in document order and names
its path. The walk runs only when a hook has made a marker, so valid files pay nothing for it.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Callable

from crosswalk.formats import ImportProblem

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONE = "a lone UTF-16 surrogate (\\ud800-\\udfff), which is not text: export the file again"


class _Marker:
    """Stands in the parsed tree for a value that must be refused; ``problem`` says why."""

    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


class _MarkedObject(dict):  # type: ignore[type-arg]
    """A JSON object that named a key twice."""

    problem = ""


def path_text(path: tuple[Any, ...]) -> str:
    """``("a", 3, "b")`` -> ``$.a[3].b``; keys that are not plain names are quoted: ``$["a b"]``."""
    text = "$"
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", step):
            text += f".{step}"
        else:
            text += "[" + json.dumps(step) + "]"
    return text


def _hooks(markers: list[int]) -> dict[str, Callable[..., Any]]:
    def mark(problem: str) -> _Marker:
        markers.append(1)
        return _Marker(problem)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = dict(items)
        if len(result) == len(items):
            return result
        marked = _MarkedObject(result)
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                marked.problem = (f"duplicate key {key!r}: JSON readers disagree on which value wins, so name each "
                                  "key once")
                break
            seen.add(key)
        markers.append(1)
        return marked

    def number(text: str) -> Any:
        value = float(text)
        return value if math.isfinite(value) else mark(f"the number {text[:40]} is too large to hold")

    def integer(text: str) -> Any:
        try:
            return int(text)
        except ValueError:
            return mark(f"an integer of {len(text.lstrip('-')):,} digits: no export needs one")

    def constant(text: str) -> Any:
        return mark(f"{text} is not a JSON number (JSON has no NaN or Infinity)")

    return {"object_pairs_hook": pairs, "parse_float": number, "parse_int": integer, "parse_constant": constant}


def _first_marker(data: Any, strings_too: bool) -> tuple[tuple[Any, ...], str] | None:
    """Path and problem of the first marker (or lone surrogate, when asked) in document order."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _Marker):
            return path, value.problem
        if isinstance(value, _MarkedObject):
            return path, value.problem
        if isinstance(value, dict):
            if strings_too:
                for key in value:
                    if _SURROGATE.search(key):
                        return path + (key,), f"key {key!r} holds {_LONE}"
            stack.extend((path + (key,), item) for key, item in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((path + (index,), item) for index, item in reversed(list(enumerate(value))))
        elif strings_too and isinstance(value, str) and _SURROGATE.search(value):
            return path, f"the text holds {_LONE}"
    return None


def loads(path: str, data: bytes, expected: str, invalid: str = "not valid JSON",
          locate: Callable[[str, tuple[Any, ...]], tuple[int, int]] | None = None) -> Any:
    """Parse ``data`` (the bytes of ``path``) as strict JSON.

    ``expected`` ends the message of a syntax error (e.g. "expected the NIST CPRT JSON export");
    ``invalid`` starts it. ``locate(text, path)``, when given, turns the JSON path of a refused value
    into a line and column for the message.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ImportProblem(f"{path}:{line}:{column}: not UTF-8 text (byte 0x{data[exc.start]:02x}); {expected}") from None
    markers: list[int] = []
    try:
        parsed = json.loads(text, **_hooks(markers))
    except json.JSONDecodeError as exc:
        raise ImportProblem(f"{path}:{exc.lineno}:{exc.colno}: {invalid} ({exc.msg}); {expected}") from None
    except RecursionError:
        raise ImportProblem(f"{path}: the JSON is nested too deeply (about a thousand levels or more); {expected}, "
                            "which nests a few levels") from None
    surrogates = bool(_SURROGATE_ESCAPE.search(data))
    found = _first_marker(parsed, surrogates) if markers or surrogates else None
    if found:
        where, problem = found
        place = "{}:{}:{}".format(path, *locate(text, where)) if locate else path
        raise ImportProblem(f"{place}: {path_text(where)}: {problem}")
    return parsed
