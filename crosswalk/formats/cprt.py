"""NIST CPRT JSON exports (``response.elements.{documents, elements, relationships}``).

Why: NIST's Cybersecurity and Privacy Reference Tool publishes its frameworks (CSF 2.0, SP 800-53,
the AI RMF, ...) and their cross-references in one JSON shape. Each CPRT document becomes one of our
frameworks: its ``projection`` relationships inside the document are the hierarchy (parent to
child), element types are the levels, ordered by depth. Relationships between two documents become
a concept-crosswalk mapping per document pair and relationship type, each row ``related`` with the
CPRT relationship type kept in the row's note: CPRT types (``external_reference`` and the like) say
that two elements are connected, not how their scopes compare.

Options (``--option KEY=VALUE``): :data:`OPTIONS`, also listed by ``crosswalk import --help``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from crosswalk.formats import ImportProblem, Option, checked_options
from crosswalk.formats.finish import MAX_JSON_BYTES, finish, read_input
from crosswalk.formats.strictjson import loads
from crosswalk.formats.tree import Tree, Where

NAME = "cprt"
DESCRIPTION = "NIST CPRT JSON export -> one framework per document, concept mappings between documents"
RELATIONSHIP = ("source_doc_identifier", "dest_doc_identifier", "source_element_identifier", "dest_element_identifier",
                "relationship_identifier")
OPTIONS = (Option("version", "the version of a document that states none (default 1)"),)
EXPECTED = "expected the NIST CPRT JSON export (response.elements.{documents, elements, relationships})"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).lstrip("-._").rstrip("-") or "document"


def _version(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).lstrip("-._").rstrip("-") or "1"


def _payload(path: str) -> tuple[Tree, dict[str, Any]]:
    data = loads(path, read_input(path, MAX_JSON_BYTES), EXPECTED)
    tree = Tree(path, "is this a NIST CPRT export?")
    payload = data.get("response") if isinstance(data, dict) else None
    payload = payload.get("elements") if isinstance(payload, dict) else None
    if not isinstance(payload, dict) or not isinstance(payload.get("elements"), list):
        raise ImportProblem(f"{path}: not a CPRT export (expected response.elements.elements)")
    return tree, payload


def _depths(order: list[str], parent: dict[str, str]) -> dict[str, int]:
    """Steps from each element up to its top ancestor, in one pass over ``order`` (export order).

    Why not a walk per element: a chain of n elements would cost n * n steps. A cycle has no right
    depths (it is ``validate``'s finding); it is cut where the walk up from its first element in
    export order comes back round, so the result does not depend on hashing order.
    """
    ids = set(order)
    depth: dict[str, int] = {}
    for start in order:
        chain: list[str] = []
        on_chain: set[str] = set()
        node = start
        while node not in depth:
            chain.append(node)
            on_chain.add(node)
            up = parent.get(node)
            if up is None or up not in ids or up in on_chain:
                depth[node] = 0
                chain.pop()
                break
            node = up
        base = depth[node]
        for offset, ident in enumerate(reversed(chain), start=1):
            depth[ident] = base + offset
    return depth


def _elements(tree: Tree, payload: dict[str, Any], where: Where) -> dict[str, list[dict[str, Any]]]:
    """Each document's elements as framework elements (parents come later), in export order."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for number, element in enumerate(tree.items(payload, "elements", where, required=True)):
        at = where + ("elements", number)
        ident, doc = tree.text(element, "element_identifier", at), tree.text(element, "doc_identifier", at)
        if not ident or not doc:
            raise tree.problem(at, "lacks element_identifier or doc_identifier")
        tree.element_id(ident, at + ("element_identifier",))
        title, text = tree.text(element, "title", at), tree.text(element, "text", at)
        item: dict[str, Any] = {"id": ident, "level": _slug(tree.text(element, "element_type", at) or "element"),
                                "title": " ".join((title or text or ident).split())[:300]}
        if text:
            item["text"] = text
        out[doc].append(item)
    return out


def convert(path: str, **options: str) -> list[dict[str, Any]]:
    options = checked_options(NAME, OPTIONS, options)
    tree, payload = _payload(path)
    where: Where = ("response", "elements")
    documents: dict[str, tuple[Where, dict[str, Any]]] = {}
    for number, document in enumerate(tree.items(payload, "documents", where)):
        at = where + ("documents", number)
        documents.setdefault(tree.text(document, "doc_identifier", at), (at, document))
    elements = _elements(tree, payload, where)
    if not elements:
        raise tree.problem(where + ("elements",), "the export holds no elements: nothing to convert")
    parents: dict[str, dict[str, str]] = defaultdict(dict)  # document -> child -> parent
    crossing: dict[tuple[str, str, str], list[tuple[str, str, Where]]] = defaultdict(list)
    for number, rel in enumerate(tree.items(payload, "relationships", where)):
        at = where + ("relationships", number)
        src_doc, dst_doc, src, dst, kind = (tree.text(rel, field, at, required=True) for field in RELATIONSHIP)
        if kind == "projection" and src_doc == dst_doc:
            parents[dst_doc].setdefault(dst, src)
        elif src_doc != dst_doc:
            crossing[(src_doc, dst_doc, kind)].append((src, dst, at))
    refs: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    for doc_id in sorted(elements):
        at, meta = documents.get(doc_id, ((), {}))
        items = elements[doc_id]
        ids = {item["id"] for item in items}
        parent = parents.get(doc_id, {})
        depth = _depths([item["id"] for item in items], parent)
        by_type: dict[str, int] = {}
        for item in items:
            by_type[item["level"]] = min(by_type.get(item["level"], 99), depth[item["id"]])
            if parent.get(item["id"]) in ids:
                item["parent"] = parent[item["id"]]
        framework: dict[str, Any] = {
            "kind": "framework", "id": _slug(doc_id),
            "version": _version(tree.text(meta, "version", at) or options.get("version", "1")),
            "name": tree.text(meta, "name", at) or doc_id, "publisher": "NIST (CPRT export)",
            "source": {"document": f"CPRT document {doc_id}", "note": f"imported with 'crosswalk import {NAME}'"},
            "levels": sorted(by_type, key=lambda k: (by_type[k], k)),
            "elements": items,
        }
        website = tree.text(meta, "website", at)
        if website.startswith(("http://", "https://")):
            framework["source"]["url"] = website
        refs[doc_id] = f"{framework['id']}@{framework['version']}"
        out.append(framework)
    for (src_doc, dst_doc, kind), pairs in sorted(crossing.items()):
        if src_doc not in refs or dst_doc not in refs:
            continue  # a reference to a document the export does not contain
        for src, dst, at in pairs:
            tree.element_id(src, at + ("source_element_identifier",))
            tree.element_id(dst, at + ("dest_element_identifier",))
        out.append({
            "kind": "mapping", "id": _slug(f"{src_doc}--{dst_doc}--{kind}"), "source": refs[src_doc], "target": refs[dst_doc],
            "style": "concept",
            "provenance": {"author": "NIST CPRT", "document": f"CPRT relationships of type {kind}", "method": "human",
                           "status": "final", "judgement": "official",
                           "note": f"imported with 'crosswalk import {NAME}' from {Path(path).name}"},
            "rows": [{"source": s, "target": t, "relationship": "related", "note": f"CPRT {kind}"} for s, t, _ in pairs],
        })
    return finish(path, out)
