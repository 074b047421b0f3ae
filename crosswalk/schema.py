"""JSON Schema checking that keeps jsonschema's exact messages without paying for them on valid rows.

Why: jsonschema's Draft 2020-12 validator checks about 25-30k rows per second here, slower than
parsing the YAML. A document is therefore split: its header (everything but the big arrays) goes
through jsonschema; each array item first meets a hand-written predicate that accepts only items
the schema certainly accepts; the few items it does not accept are handed to jsonschema, whose
error is what the user sees. The predicates are conservative by construction and a property test
checks that they never accept what jsonschema rejects.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterator

KINDS = ("framework", "mapping", "profile", "report")
ITEM_ARRAYS = {"framework": "elements", "mapping": "rows", "profile": "entries"}

SchemaError = tuple[tuple[Any, ...], str, bool]
"""A path inside the document, jsonschema's message for it, and whether the path names a key."""


@lru_cache(maxsize=None)
def schema_text(kind: str) -> str:
    return resources.files("crosswalk.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")


@lru_cache(maxsize=None)
def schema(kind: str) -> dict[str, Any]:
    return json.loads(schema_text(kind))


@lru_cache(maxsize=None)
def _validator(kind: str, part: str) -> Any:
    from jsonschema import Draft202012Validator  # imported lazily: it is slow to import

    full = schema(kind)
    if part == "document":
        return Draft202012Validator(full, format_checker=None)
    array = ITEM_ARRAYS[kind]
    item_schema = dict(full["properties"][array]["items"])
    item_schema["$defs"] = full.get("$defs", {})
    return Draft202012Validator(item_schema)


def _errors(validator: Any, instance: Any, prefix: tuple[Any, ...]) -> Iterator[SchemaError]:
    for error in sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path]):
        path = prefix + tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            extras = sorted((k for k in error.instance if k not in allowed), key=str)
            for extra in extras:
                yield path + (extra,), f"unknown key {extra!r}: allowed keys are {', '.join(sorted(allowed))}", True
            if extras:
                continue
        yield path, _best_message(error), False


def _best_message(error: Any) -> str:
    if error.validator in ("anyOf", "oneOf") and error.context:
        types = [e.validator_value for e in error.context if e.validator == "type" and not e.relative_path]
        if len(types) == len(error.context):  # {"anyOf": [{"type": "string"}, {"type": "integer"}]}: one message
            return f"{error.instance!r} is not of type {' or '.join(repr(t) for t in types)}"
        deepest = max(error.context, key=lambda e: len(e.absolute_path))
        return _best_message(deepest)
    if error.validator == "pattern" and isinstance(error.schema, dict) and "description" in error.schema:
        # A regular expression is no help to the person who wrote the value: say what is expected.
        return f"{error.instance!r} is not {error.schema['description'][0].lower()}{error.schema['description'][1:]}"
    return error.message


def check(kind: str, data: dict[str, Any]) -> list[SchemaError]:
    """All schema errors of one document of ``kind``, each with the path of the offending value."""
    array_key = ITEM_ARRAYS.get(kind)
    items = data.get(array_key) if array_key else None
    if not isinstance(items, list):
        return list(_errors(_validator(kind, "document"), data, ()))
    header = {key: value for key, value in data.items() if key != array_key}  # items are checked one by one below
    header[array_key] = []
    errors = list(_errors(_validator(kind, "document"), header, ()))
    fast = _FAST[kind]
    slow = None
    for index, item in enumerate(items):
        if not fast(item):
            slow = slow or _validator(kind, "item")
            errors.extend(_errors(slow, item, (array_key, index)))
    return errors


# --- fast predicates: True only for items the schema certainly accepts -------------------------

_ELEMENT_ID = re.compile(r"[^\s@,][^@,\n]*(?<!\s)\Z")
_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
_URL = re.compile(r"https?://")
_RATIONALES = frozenset(("syntactic", "semantic", "functional"))


def _element_id(value: Any) -> bool:
    return type(value) is str and len(value) <= 200 and _ELEMENT_ID.match(value) is not None


def _ids(value: Any) -> bool:
    if type(value) is str:
        return _element_id(value)
    return type(value) is list and len(value) > 0 and all(_element_id(v) for v in value)


def _opt_str(item: dict[str, Any], key: str) -> bool:
    return key not in item or type(item[key]) is str


_ELEMENT_KEYS = frozenset(("id", "level", "title", "text", "parent", "wording", "citation", "links", "attributes"))
_CITATION_KEYS = frozenset(("document", "section", "page", "url"))


def _citation(value: Any) -> bool:
    if type(value) is not dict or not value or not value.keys() <= _CITATION_KEYS:
        return False
    for key, item in value.items():
        if key == "page":
            if type(item) not in (str, int):
                return False
        elif type(item) is not str or (key == "url" and not _URL.match(item)):
            return False
    return True


def _attributes(value: Any) -> bool:
    if type(value) is not dict:
        return False
    for item in value.values():
        if type(item) is str:
            continue
        if type(item) is not list or not all(type(v) is str for v in item):
            return False
    return True


def _fast_element(item: Any) -> bool:
    if type(item) is not dict or not item.keys() <= _ELEMENT_KEYS:
        return False
    title = item.get("title")
    if not _element_id(item.get("id")) or type(title) is not str or not title:
        return False
    if "parent" in item and not _element_id(item["parent"]):
        return False
    if "level" in item and not (type(item["level"]) is str and len(item["level"]) <= 100 and _SLUG.match(item["level"])):
        return False
    if not _opt_str(item, "text") or item.get("wording", "official") not in ("official", "ours"):
        return False
    if "citation" in item and not _citation(item["citation"]):
        return False
    if "attributes" in item and not _attributes(item["attributes"]):
        return False
    return "links" not in item  # rare: let jsonschema check it


_ROW_KEYS = frozenset(("source", "target", "relationship", "rationale", "strength", "judgement", "as_written", "note"))


def _fast_row(item: Any) -> bool:
    if type(item) is not dict or not item.keys() <= _ROW_KEYS:
        return False
    if not _ids(item.get("source")) or not _ids(item.get("target")):
        return False
    relationship = item.get("relationship")
    if type(relationship) is not str or not relationship:
        return False
    if "rationale" in item:
        rationale = item["rationale"]
        if type(rationale) is str:
            if rationale not in _RATIONALES and rationale != "unknown":
                return False
        elif not (type(rationale) is list and rationale and all(type(r) is str and r in _RATIONALES for r in rationale)
                  and len(set(rationale)) == len(rationale)):
            return False
    if "strength" in item and not (type(item["strength"]) is int and 0 <= item["strength"] <= 10):
        return False
    if item.get("judgement", "official") not in ("official", "ours"):
        return False
    return _opt_str(item, "as_written") and _opt_str(item, "note")


_ENTRY_KEYS = frozenset(("element", "status", "evidence", "owner", "note"))
_STATUSES = frozenset(("implemented", "partial", "planned", "not-implemented", "not-applicable"))


def _fast_entry(item: Any) -> bool:
    return (
        type(item) is dict
        and item.keys() <= _ENTRY_KEYS
        and _element_id(item.get("element"))
        and type(item.get("status")) is str
        and item["status"] in _STATUSES
        and _opt_str(item, "evidence")
        and _opt_str(item, "owner")
        and _opt_str(item, "note")
    )


_FAST: dict[str, Callable[[Any], bool]] = {
    "framework": _fast_element,
    "mapping": _fast_row,
    "profile": _fast_entry,
}
