"""Reading a parsed JSON or YAML tree whose shape nobody promised: every wrong type named by its place.

Why: an importer that indexes ``data["response"]["elements"]`` fails with ``KeyError``,
``TypeError`` or ``AttributeError`` the moment a file holds a list where an object belongs, and
``str(value)`` silently turns a nested structure into an id. :class:`Tree` is the one way importers
look into parsed input: it returns only values of the expected type and otherwise raises an
:class:`~crosswalk.formats.ImportProblem` with the file, the path (``$.a[3].b``) and, for YAML,
the line and column.
"""

from __future__ import annotations

from typing import Any, Callable

from crosswalk.formats import ImportProblem
from crosswalk.formats.finish import ELEMENT_ID, ELEMENT_ID_RULE
from crosswalk.formats.strictjson import path_text

Where = tuple[Any, ...]
_NAMES = {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false",
          type(None): "null"}


def found(value: Any) -> str:
    """What a value is, in the words of JSON and YAML (not Python's type names)."""
    return _NAMES.get(type(value), type(value).__name__)


class Tree:
    """Typed access to a parsed document; ``hint`` ends messages about missing parts (what the file should be)."""

    def __init__(self, path: str, hint: str, locate: Callable[[Where], tuple[int, int]] | None = None) -> None:
        self.path = path
        self.hint = hint
        self._locate = locate

    def problem(self, where: Where, message: str) -> ImportProblem:
        place = self.path
        if self._locate is not None:
            line, column = self._locate(where)
            place = f"{place}:{line}:{column}"
        return ImportProblem(f"{place}: {path_text(where)}: {message}")

    def mapping(self, value: Any, where: Where) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.problem(where, f"expected an object (a mapping), found {found(value)}; {self.hint}")
        return value

    def sequence(self, value: Any, where: Where) -> list[Any]:
        if not isinstance(value, list):
            raise self.problem(where, f"expected a list, found {found(value)}; {self.hint}")
        return value

    def child(self, obj: dict[str, Any], key: str, where: Where, kind: type, required: bool = False) -> Any:
        """``obj[key]`` if it is a ``kind`` (dict or list); None if absent or null and not required."""
        value = obj.get(key)
        if value is None:
            if required:
                raise self.problem(where, f"missing {key!r}; {self.hint}")
            return None
        return self.mapping(value, where + (key,)) if kind is dict else self.sequence(value, where + (key,))

    def items(self, obj: dict[str, Any], key: str, where: Where, required: bool = False) -> list[dict[str, Any]]:
        """``obj[key]`` as a list whose every item is an object ([] when absent and not required)."""
        values = self.child(obj, key, where, list, required) or []
        return [self.mapping(item, where + (key, index)) for index, item in enumerate(values)]

    def text(self, obj: dict[str, Any], key: str, where: Where, required: bool = False, numbers: bool = True) -> str:
        """``obj[key]`` as text: a string, or (when ``numbers``) an integer or decimal written as text.

        Absent or null gives "" unless ``required``. Lists, objects and true/false are refused: they
        are never what a text field means, and ``str()`` of them would pass as an id or a title.
        """
        value = obj.get(key)
        if value is None:
            if required:
                raise self.problem(where, f"missing {key!r}; {self.hint}")
            return ""
        if isinstance(value, str):
            return value
        if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise self.problem(where + (key,), f"expected text, found {found(value)}")

    def element_id(self, value: str, where: Where) -> str:
        """``value`` if it can be an element id; else a problem at ``where`` (where the value came from)."""
        if not ELEMENT_ID.match(value):
            raise self.problem(where, f"{value[:80]!r} cannot be an element id: {ELEMENT_ID_RULE}")
        return value
