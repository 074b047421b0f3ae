"""The ``crosswalk:`` block: what crosswalk writes into CISO Assistant's free-text fields so a round trip is exact.

Why: CISO Assistant's library has no place for an element's level name, citation, attributes or
links, a mapping's style and provenance, or a row's judgement and the reference as the source
document printed it. Dropping them would make ``export`` then ``import`` lose data. The writer puts
them, as a small YAML mapping under the key ``crosswalk``, into the free-text field CISO Assistant
keeps for each object (a framework's and a node's ``annotation``, a mapping set's ``description``,
a mapping row's ``annotation``), where a CISO Assistant user sees them as readable text. Everything
CISO Assistant can express natively (names, texts, parents, URNs, relationships, rationale, strength)
stays in its own fields and is authoritative: the block only supplements it.

The reader treats a block as hostile input like the rest of the file: parsed by the strict loader,
only known keys, and every document checked against our schemas before it is written.
"""

from __future__ import annotations

from typing import Any

from crosswalk.formats.tree import Tree, Where
from crosswalk.yamlio import YamlError, parse_text
from crosswalk.yamlwrite import dump

KEY = "crosswalk"

FRAMEWORK_KEYS = ("id", "version", "name", "short_name", "published", "source", "licence", "description", "notes", "levels",
                  "mappings_expect_leaves", "order")
ELEMENT_KEYS = ("title", "text", "level", "parent", "wording", "citation", "attributes", "links")
MAPPING_KEYS = ("id", "title", "source", "target", "style", "comprehensive", "exhaustive_subsets", "provenance", "notes")
ROW_KEYS = ("row", "relationship", "rationale", "judgement", "as_written", "note", "listed", "strength")


def write(fields: dict[str, Any]) -> str:
    """The block's text (``crosswalk:`` and the fields below it); "" when there is nothing to carry."""
    return dump({KEY: fields}).rstrip("\n") if fields else ""


def read(tree: Tree, owner: dict[str, Any], key: str, where: Where, allowed: tuple[str, ...]) -> dict[str, Any] | None:
    """The block in ``owner[key]``, or None when that field holds plain text (or nothing).

    A text whose first line is ``crosswalk:`` is a block: it must parse, be a mapping with the single
    key ``crosswalk`` holding a mapping of ``allowed`` keys; anything else there is an ImportProblem
    at the field's place (a block that does not read as one would otherwise be taken for a note)."""
    text = owner.get(key)
    if not isinstance(text, str) or not text.startswith(f"{KEY}:"):
        return None
    try:
        data = parse_text(text)
    except YamlError as exc:
        raise tree.problem(where + (key,), f"the crosswalk block does not read as YAML (line {exc.line} of the "
                                           f"block: {exc.message})") from None
    if not isinstance(data, dict) or list(data) != [KEY] or not isinstance(data[KEY], dict):
        raise tree.problem(where + (key,), "a crosswalk block is one mapping under 'crosswalk:' and nothing else")
    fields = data[KEY]
    unknown = sorted(str(name) for name in fields if name not in allowed)
    if unknown:
        raise tree.problem(where + (key,), f"the crosswalk block has unknown key{'s' if len(unknown) > 1 else ''} "
                                           f"{', '.join(unknown)}; known: {', '.join(allowed)}")
    return fields
