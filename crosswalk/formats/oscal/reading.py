"""One OSCAL JSON file read safely, told apart by its root, with places by line and column.

Why here: both readers (mapping collections and catalogs) take any file a user names, so the bytes
go through the read gate (a regular file, at most :data:`~crosswalk.formats.finish.MAX_JSON_BYTES`),
are parsed by :mod:`crosswalk.formats.strictjson` (duplicate keys, NaN, huge numbers refused), and
every later complaint names the file, the line and column, and the JSON path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from crosswalk.formats import ImportProblem
from crosswalk.formats.finish import MAX_JSON_BYTES, read_input
from crosswalk.formats.oscal import vocabulary as v
from crosswalk.formats.strictjson import loads
from crosswalk.formats.tree import Tree, Where

HINT = "is this an OSCAL catalog or mapping collection in JSON?"
EXPECTED = "expected an OSCAL catalog or mapping collection in JSON"
ROOTS = ("mapping-collection", "catalog")
OTHER_ROOTS = {"profile": "an OSCAL profile (resolve it to a catalog first, e.g. with trestle, and import that)",
               "component-definition": "an OSCAL component definition",
               "system-security-plan": "an OSCAL system security plan",
               "assessment-plan": "an OSCAL assessment plan", "assessment-results": "OSCAL assessment results",
               "plan-of-action-and-milestones": "an OSCAL plan of action and milestones"}


def _locator(text: str) -> Any:
    from crosswalk.yamlio import Locator

    return Locator(text)  # JSON is YAML: the loader's locator finds JSON paths too


def _position(text: str, where: tuple[Any, ...]) -> tuple[int, int]:
    position = _locator(text).locate(where)
    return position.line, position.column


def read(path: str) -> tuple[Tree, str, dict[str, Any]]:
    """(a Tree naming places by line and column, the root's name, the object under it)."""
    raw = read_input(path, MAX_JSON_BYTES)
    data = loads(path, raw, EXPECTED, locate=_position)
    text = raw.decode("utf-8-sig")
    locator = None

    def locate(where: Where) -> tuple[int, int]:
        nonlocal locator
        locator = locator or _locator(text)  # built only when a message needs a place
        position = locator.locate(where)
        return position.line, position.column

    tree = Tree(path, HINT, locate)
    if not isinstance(data, dict):
        raise tree.problem((), f"expected an object with 'catalog' or 'mapping-collection' at the top; {HINT}")
    roots = [key for key in data if key != "$schema"]
    if len(roots) == 1 and roots[0] in ROOTS:
        return tree, roots[0], tree.mapping(data[roots[0]], (roots[0],))
    other = [OTHER_ROOTS[key] for key in roots if key in OTHER_ROOTS]
    what = f"holds {other[0]}" if other else f"has {', '.join(repr(k[:40]) for k in roots[:4]) or 'no key'} at the top"
    raise tree.problem((), f"{what}: crosswalk imports an OSCAL 'catalog' (as a framework) or a 'mapping-collection' "
                           "(as mappings), one per file")


@dataclass
class Notices:
    """What an import changed or left out (``partial``: ``--strict`` refuses), for the terminal."""

    items: list[tuple[bool, str]] = field(default_factory=list)

    def add(self, text: str, partial: bool) -> str:
        self.items.append((partial, text))
        return text


@dataclass
class Props:
    """An object's props: ours (by name, decoded) and everybody else's (name, value), in file order."""

    ours: dict[str, Any] = field(default_factory=dict)
    foreign: list[tuple[str, str]] = field(default_factory=list)


def props(tree: Tree, owner: dict[str, Any], where: Where) -> Props:
    found = Props()
    for index, item in enumerate(tree.items(owner, "props", where)):
        at = where + ("props", index)
        name = tree.text(item, "name", at, required=True, numbers=False)
        value = tree.text(item, "value", at, required=True)
        if tree.text(item, "ns", at, numbers=False) != v.NS:
            found.foreign.append((name, value))
            continue
        if name in found.ours:
            raise tree.problem(at + ("name",), f"our prop {name!r} is given twice: each is given once")
        if tree.text(item, "class", at, numbers=False) == v.JSON_CLASS:
            try:
                found.ours[name] = json.loads(value)
            except ValueError:
                raise tree.problem(at + ("value",), f"prop {name!r} of class 'json' does not hold JSON") from None
        else:
            found.ours[name] = value
    return found


def ensure(condition: bool, tree: Tree, where: Where, message: str) -> None:
    if not condition:
        raise tree.problem(where, message)


def one_or_many(tree: Tree, owner: dict[str, Any], key: str, where: Where) -> list[tuple[Where, dict[str, Any]]]:
    """``owner[key]`` as (place, object) pairs: OSCAL's JSON writes a list, or one object alone."""
    value = owner.get(key)
    if isinstance(value, dict):
        return [(where + (key,), value)]
    return [(where + (key, i), item) for i, item in enumerate(tree.items(owner, key, where))]


def imported(path: str) -> str:
    from pathlib import Path

    return Path(path).name
