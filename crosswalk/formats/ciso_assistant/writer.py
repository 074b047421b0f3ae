"""crosswalk framework and mapping documents -> CISO Assistant library (their v2 library YAML).

Field mapping (the reader's table, :mod:`.reader`, the other way):

========================================== =========================================================
crosswalk                                  CISO Assistant
========================================== =========================================================
framework ``id``, ``version``              framework URN ``urn:crosswalk:risk:framework:<id>-<edition>``
                                           (library ``urn:crosswalk:risk:library:<same>``), ``ref_id``
                                           ``<id>@<version>``; library ``version`` 1, ``packager``
                                           crosswalk
``name``, ``publisher``, ``licence``,      framework and library ``name``, library ``provider``,
``description``, ``published``             ``copyright``, ``description``, ``publication_date``
element ``id``                             node ``ref_id``; node URN ``<framework URN tail>:<id as a
                                           URN-safe slug>`` (``node_id`` in their Excel format)
``title``, ``text``, ``parent``            ``name`` (cut to CISO Assistant's 200 characters),
                                           ``description``, ``parent_urn``
tree position                              ``depth`` (from the parent chain), ``assessable`` (a leaf)
mapping ``id``, ``title``                  set ``ref_id``, ``name``; set URN
                                           ``urn:crosswalk:risk:req_mapping_set:<id>``
mapping ``source``, ``target``             ``source_framework_urn``, ``target_framework_urn`` (the two
                                           frameworks' URNs above; their libraries as ``dependencies``)
row (many-to-many)                         one ``requirement_mappings`` item per source-target pair
``relationship``                           equal, subset, superset, intersect, not_related;
                                           ``related`` (concept crosswalks) -> intersect, CISO
                                           Assistant's nearest word
``rationale`` (one of three), ``strength`` ``rationale``, ``strength_of_relationship``
========================================== =========================================================

Everything else (levels' names, an element's level, wording, citation, attributes and links, a
title longer than 200 characters, a mapping's style, provenance and notes, a row's judgement,
``as_written``, note, a list of rationales, ``related``) goes into the ``crosswalk:`` block of
:mod:`.blocks`, so that importing the export gives back the document exactly. Supportive mappings
(``supports``, ``contrary``...) have no CISO Assistant equivalent and are refused.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from crosswalk.formats import ExportProblem
from crosswalk.formats.ciso_assistant import blocks, names
from crosswalk.vocabulary import RATIONALES, SUPPORTIVE, normalise_relationship

PACKAGER = "crosswalk"
NAME_MAX = 200
"""CISO Assistant's limit for a ``name`` (their converter refuses longer ones)."""

CISO_WORD = names.CISO_WORD


def _cut(text: str) -> str:
    return text if len(text) <= NAME_MAX else text[:NAME_MAX - 1].rstrip() + "\u2026"


def framework_tail(document: dict[str, Any]) -> str:
    """The framework's URN tail: its id and version as a URN-safe slug that the reader's edition rule
    splits back where it can (``nist-ai-rmf-1.0``; a version ``1`` is written ``v1``)."""
    ident, version = str(document["id"]), str(document["version"])
    for written in (version, f"v{version}"):
        tail = f"{ident}-{names.slug(written, 'x')}"
        split = names.edition(tail)
        if split and split[0] == ident and split[1] == version.lower():
            return tail
    return f"{ident}-{names.slug(version, 'x')}"


def framework_urn(document: dict[str, Any]) -> str:
    return f"urn:{PACKAGER}:risk:framework:{framework_tail(document)}"


def library_urn(tail: str) -> str:
    return f"urn:{PACKAGER}:risk:library:{tail}"


def node_tails(document: dict[str, Any]) -> dict[str, str]:
    """Element id -> the tail of its node URN: a URN-safe slug of the id, made unique in file order
    (``GOVERN 1.1`` -> ``govern-1.1``; a second id with the same slug gets ``-2``)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for position, element in enumerate(document["elements"], start=1):
        base = names.slug(str(element["id"]), f"node-{position}")
        tail, n = base, 1
        while tail in used:
            n += 1
            tail = f"{base}-{n}"
        used.add(tail)
        out[str(element["id"])] = tail
    return out


def node_urns(document: dict[str, Any]) -> dict[str, str]:
    prefix = f"urn:{PACKAGER}:risk:req_node:{framework_tail(document)}"
    return {ident: f"{prefix}:{tail}" for ident, tail in node_tails(document).items()}


def tree_order(document: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The elements parents first, each subtree together (the order CISO Assistant's depth-based
    formats need), keeping file order among siblings; and each element's depth (1 at the top)."""
    elements = document["elements"]
    ids = [str(element["id"]) for element in elements]
    if len(set(ids)) != len(ids):
        raise ExportProblem(f"framework {document['id']}: an element id is used twice: fix it first "
                            "('crosswalk validate' names it)")
    known = set(ids)
    children: dict[str | None, list[dict[str, Any]]] = {}
    for element in elements:
        parent = element.get("parent")
        children.setdefault(parent if parent in known else None, []).append(element)
    ordered: list[dict[str, Any]] = []
    depth: dict[str, int] = {}
    stack = [(element, 1) for element in reversed(children.get(None, []))]
    while stack:
        element, level = stack.pop()
        ordered.append(element)
        depth[str(element["id"])] = level
        stack.extend((child, level + 1) for child in reversed(children.get(str(element["id"]), [])))
    if len(ordered) != len(elements):
        raise ExportProblem(f"framework {document['id']}: its hierarchy has a cycle: fix it first "
                            "('crosswalk validate' names it)")
    return ordered, depth


def _element_block(element: dict[str, Any], depth: int, levels: list[str], known: set[str]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    title = str(element["title"])
    if _cut(title) != title:
        extra["title"] = title
    text = element.get("text")
    if text is not None and (not text.strip() or text != text.strip()):
        extra["text"] = text
    default_level = levels[depth - 1] if depth <= len(levels) else None
    if element.get("level") != default_level:
        extra["level"] = element.get("level")
    parent = element.get("parent")
    if parent is not None and parent not in known:
        extra["parent"] = parent
    for key in ("wording", "citation", "attributes", "links"):
        if key in element:
            extra[key] = element[key]
    return extra


def framework_library(document: dict[str, Any]) -> dict[str, Any]:
    """A CISO Assistant library holding the framework ``document`` (a valid crosswalk framework)."""
    ordered, depth = tree_order(document)
    urns = node_urns(document)
    known = set(urns)
    levels = [str(level) for level in document["levels"]]
    header: dict[str, Any] = {"id": document["id"], "version": document["version"]}
    for key in ("short_name", "published", "source", "licence", "description", "notes", "mappings_expect_leaves"):
        if key in document:
            header[key] = document[key]
        elif key in ("source", "licence", "description", "notes"):
            header[key] = None  # the framework has none: the reader would fill it in from the library
    header["levels"] = levels
    if ordered != list(document["elements"]):
        header["order"] = [element["id"] for element in document["elements"]]
    if _cut(str(document["name"])) != document["name"]:
        raise ExportProblem(f"framework {document['id']}: its name is longer than CISO Assistant's "
                            f"{NAME_MAX} characters: set a shorter name (short_name stays as is)")
    children = {element.get("parent") for element in document["elements"]}
    nodes = []
    for element in ordered:
        ident = str(element["id"])
        node: dict[str, Any] = {"urn": urns[ident], "ref_id": ident, "name": _cut(str(element["title"]))}
        if element.get("text", "").strip():
            node["description"] = element["text"]
        parent = element.get("parent")
        if parent in known:
            node["parent_urn"] = urns[parent]
        node["depth"] = depth[ident]
        node["assessable"] = ident not in children
        extra = _element_block(element, depth[ident], levels, known)
        if extra:
            node["annotation"] = blocks.write(extra)
        nodes.append(node)
    framework: dict[str, Any] = {"urn": framework_urn(document), "ref_id": f"{document['id']}@{document['version']}",
                                 "name": document["name"]}
    if document.get("description"):
        framework["description"] = document["description"]
    framework["annotation"] = blocks.write(header)
    framework["requirement_nodes"] = nodes
    library: dict[str, Any] = {
        "urn": library_urn(framework_tail(document)),
        "locale": "en",
        "ref_id": f"{document['id']}@{document['version']}",
        "name": document["name"],
        "description": document.get("description") or document["name"],
        "copyright": document["licence"] if document.get("licence") else "see the publisher",
        "version": 1,
    }
    if document.get("published"):
        library["publication_date"] = document["published"]
    library.update({"provider": document["publisher"], "packager": PACKAGER, "objects": {"framework": framework}})
    return library


def _row_block(number: int, row: dict[str, Any], relationship: str) -> dict[str, Any]:
    extra: dict[str, Any] = {"row": number}
    if relationship == "related":
        extra["relationship"] = "related"
    rationale = row.get("rationale")
    if isinstance(rationale, list) or (rationale is not None and rationale not in RATIONALES):
        extra["rationale"] = rationale
    for key in ("judgement", "as_written", "note"):
        if key in row:
            extra[key] = row[key]
    listed = [side for side in ("source", "target") if isinstance(row[side], list) and len(row[side]) == 1]
    if listed:
        extra["listed"] = listed
    return extra


def mapping_library(document: dict[str, Any], source: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    """A CISO Assistant library holding the mapping ``document`` between the frameworks ``source``
    and ``target`` (valid crosswalk documents), as one requirement mapping set in its direction."""
    if document["style"] == "supportive":
        raise ExportProblem(f"mapping {document['id']}: CISO Assistant has no supportive relationships "
                            f"({', '.join(SUPPORTIVE)}): only set-theory mappings and concept crosswalks export")
    source_urns, target_urns = node_urns(source), node_urns(target)
    header: dict[str, Any] = {"id": document["id"], "source": document["source"], "target": document["target"],
                              "style": document["style"]}
    for key in ("comprehensive", "exhaustive_subsets", "provenance", "notes"):
        if key in document:
            header[key] = document[key]
    title = str(document.get("title") or document["id"])
    if "title" not in document:
        header["title"] = None
    elif _cut(title) != title:
        header["title"] = title
    rows = []
    for number, row in enumerate(document["rows"], start=1):
        relationship = normalise_relationship(str(row["relationship"])) or str(row["relationship"])
        if relationship not in CISO_WORD:
            raise ExportProblem(f"mapping {document['id']}: row {number}: relationship {row['relationship']!r} has no "
                                "CISO Assistant equivalent")
        sources = row["source"] if isinstance(row["source"], list) else [row["source"]]
        targets = row["target"] if isinstance(row["target"], list) else [row["target"]]
        for side, ids, urns, framework in (("source", sources, source_urns, source), ("target", targets, target_urns, target)):
            for ident in ids:
                if ident not in urns:
                    raise ExportProblem(f"mapping {document['id']}: row {number}: {side} {ident!r} is not an element of "
                                        f"{framework['id']}@{framework['version']}: fix it first ('crosswalk validate')")
        extra = _row_block(number, row, relationship)
        for pair, (s, t) in enumerate(product(sources, targets)):
            item: dict[str, Any] = {"source_requirement_urn": source_urns[s], "target_requirement_urn": target_urns[t],
                                    "relationship": CISO_WORD[relationship]}
            rationale = row.get("rationale")
            if isinstance(rationale, str) and rationale in RATIONALES:
                item["rationale"] = rationale
            if "strength" in row:
                item["strength_of_relationship"] = row["strength"]
            item["annotation"] = blocks.write(extra if pair == 0 else {"row": number})
            rows.append(item)
    mapping_set = {
        "urn": f"urn:{PACKAGER}:risk:req_mapping_set:{document['id']}",
        "ref_id": document["id"],
        "name": _cut(title),
        "description": blocks.write(header),
        "source_framework_urn": framework_urn(source),
        "target_framework_urn": framework_urn(target),
        "requirement_mappings": rows,
    }
    provenance = document.get("provenance", {})
    return {
        "urn": library_urn(f"mapping-{document['id']}"),
        "locale": "en",
        "ref_id": f"mapping-{document['id']}",
        "name": _cut(title),
        "description": str(document.get("notes") or title),
        "copyright": str(provenance.get("authority") or provenance.get("author") or "see the mapping's provenance"),
        "version": 1,
        "provider": str(provenance.get("author") or PACKAGER),
        "packager": PACKAGER,
        "dependencies": [library_urn(framework_tail(source)), library_urn(framework_tail(target))],
        "objects": {"requirement_mapping_sets": [mapping_set]},
    }
