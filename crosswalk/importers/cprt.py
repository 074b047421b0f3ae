"""NIST CPRT JSON exports (``response.elements.{documents, elements, relationships}``).

Why: NIST's Cybersecurity and Privacy Reference Tool publishes its frameworks (CSF 2.0, SP 800-53,
the AI RMF, ...) and their cross-references in one JSON shape. Each CPRT document becomes one of our
frameworks: its ``projection`` relationships inside the document are the hierarchy (parent to
child), element types are the levels, ordered by depth. Relationships between two documents become
a concept-crosswalk mapping per document pair and relationship type, each row ``related`` with the
CPRT relationship type kept in the row's note: CPRT types (``external_reference`` and the like) say
that two elements are connected, not how their scopes compare.

Options: ``version`` (used when a document gives none).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from crosswalk.importers import ImportProblem

NAME = "cprt"
DESCRIPTION = "NIST CPRT JSON export -> one framework per document, concept mappings between documents"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "document"


def _version(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "1"


def _payload(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ImportProblem(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ImportProblem(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    payload = data.get("response", {}).get("elements") if isinstance(data, dict) else None
    if not isinstance(payload, dict) or not isinstance(payload.get("elements"), list):
        raise ImportProblem(f"{path}: not a CPRT export (expected response.elements.elements)")
    return payload


def convert(path: str, **options: str) -> list[dict[str, Any]]:
    payload = _payload(path)
    documents = {d.get("doc_identifier"): d for d in payload.get("documents", []) if isinstance(d, dict)}
    elements: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for number, element in enumerate(payload["elements"]):
        if not isinstance(element, dict) or not element.get("element_identifier") or not element.get("doc_identifier"):
            raise ImportProblem(f"{path}: response.elements.elements[{number}] lacks element_identifier or doc_identifier")
        elements[str(element["doc_identifier"])].append(element)
    parent: dict[tuple[str, str], str] = {}
    crossing: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for number, rel in enumerate(payload.get("relationships", [])):
        try:
            src_doc, dst_doc = str(rel["source_doc_identifier"]), str(rel["dest_doc_identifier"])
            src, dst, kind = str(rel["source_element_identifier"]), str(rel["dest_element_identifier"]), str(rel["relationship_identifier"])
        except (KeyError, TypeError):
            raise ImportProblem(f"{path}: response.elements.relationships[{number}] lacks a field") from None
        if kind == "projection" and src_doc == dst_doc:
            parent.setdefault((dst_doc, dst), src)
        elif src_doc != dst_doc:
            crossing[(src_doc, dst_doc, kind)].append((src, dst))
    refs: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    for doc_id in sorted(elements):
        meta = documents.get(doc_id, {})
        ids = {str(e["element_identifier"]) for e in elements[doc_id]}

        def depth(ident: str) -> int:
            seen, level = {ident}, 0
            while (doc_id, ident) in parent and parent[(doc_id, ident)] in ids and parent[(doc_id, ident)] not in seen:
                ident = parent[(doc_id, ident)]
                seen.add(ident)
                level += 1
            return level

        by_type: dict[str, int] = {}
        for element in elements[doc_id]:
            kind = _slug(str(element.get("element_type", "element")))
            by_type[kind] = min(by_type.get(kind, 99), depth(str(element["element_identifier"])))
        framework = {
            "kind": "framework", "id": _slug(doc_id), "version": _version(str(meta.get("version") or options.get("version", "1"))),
            "name": str(meta.get("name") or doc_id), "publisher": "NIST (CPRT export)",
            "source": {"document": f"CPRT document {doc_id}", "note": f"imported with 'crosswalk import {NAME}'"},
            "levels": sorted(by_type, key=lambda k: (by_type[k], k)),
            "elements": [],
        }
        if str(meta.get("website", "")).startswith(("http://", "https://")):
            framework["source"]["url"] = meta["website"]
        for element in elements[doc_id]:
            ident = str(element["element_identifier"])
            item: dict[str, Any] = {"id": ident, "level": _slug(str(element.get("element_type", "element"))),
                                    "title": " ".join(str(element.get("title") or element.get("text") or ident).split())[:300]}
            if element.get("text"):
                item["text"] = str(element["text"])
            if parent.get((doc_id, ident)) in ids:
                item["parent"] = parent[(doc_id, ident)]
            framework["elements"].append(item)
        refs[doc_id] = f"{framework['id']}@{framework['version']}"
        out.append(framework)
    for (src_doc, dst_doc, kind), pairs in sorted(crossing.items()):
        if src_doc not in refs or dst_doc not in refs:
            continue  # a reference to a document the export does not contain
        out.append({
            "kind": "mapping", "id": _slug(f"{src_doc}--{dst_doc}--{kind}"), "source": refs[src_doc], "target": refs[dst_doc],
            "style": "concept",
            "provenance": {"author": "NIST CPRT", "document": f"CPRT relationships of type {kind}", "method": "human",
                           "status": "final", "judgement": "official",
                           "note": f"imported with 'crosswalk import {NAME}' from {Path(path).name}"},
            "rows": [{"source": s, "target": t, "relationship": "related", "note": f"CPRT {kind}"} for s, t in pairs],
        })
    return out
