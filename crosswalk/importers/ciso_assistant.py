"""CISO Assistant libraries: a framework (``objects.framework``) and requirement mapping sets.

Why: CISO Assistant is the closest open-source peer and ships many framework libraries and
set-theory mappings between them. Importing both lets a user bring that content into crosswalk
and have it validated and reasoned over with the algebra. Element ids are the libraries' ``ref_id``
(what a reader sees), falling back to the tail of the node's URN when a node has no ``ref_id`` or
shares it with another node; mapping rows name nodes by URN, so a mapping import needs the two
framework libraries (options ``source_library`` and ``target_library``) to turn URNs into the same ids.

Options: ``id`` and ``version`` (override the framework id and version); for mappings ``source`` and
``target`` (our ``id@version`` refs, required) and ``source_library`` / ``target_library``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from crosswalk.importers import ImportProblem
from crosswalk.vocabulary import normalise_relationship
from crosswalk.yamlio import YamlError, load_file

NAME = "ciso-assistant"
DESCRIPTION = "CISO Assistant library YAML (framework and/or requirement_mapping_sets) -> framework and mapping"


def _read(path: str) -> dict[str, Any]:
    try:
        data = load_file(path)
    except YamlError as exc:
        raise ImportProblem(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None
    if not isinstance(data, dict) or not isinstance(data.get("objects"), dict):
        raise ImportProblem(f"{path}: not a CISO Assistant library (no 'objects' mapping at the top level)")
    return data


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "imported"


def node_ids(nodes: list[dict[str, Any]]) -> dict[str, str]:
    """URN -> our element id: the ref_id where it is present and unique, else the URN's tail."""
    ref_ids = [str(n.get("ref_id", "")).strip() for n in nodes]
    counts = {r: ref_ids.count(r) for r in ref_ids}
    out = {}
    for node, ref in zip(nodes, ref_ids):
        urn = str(node["urn"])
        out[urn.lower()] = ref if ref and counts[ref] == 1 else urn.rsplit(":", 1)[-1]
    return out


def _framework(data: dict[str, Any], path: str, options: dict[str, str]) -> dict[str, Any]:
    framework = data["objects"]["framework"]
    nodes = framework.get("requirement_nodes")
    if not isinstance(nodes, list) or not all(isinstance(n, dict) and n.get("urn") for n in nodes):
        raise ImportProblem(f"{path}: objects.framework.requirement_nodes must be a list of nodes with a 'urn'")
    ids = node_ids(nodes)
    depths = sorted({int(n.get("depth", 1)) for n in nodes})
    levels = [f"level-{d}" for d in depths]
    elements = []
    for node in nodes:
        ident = ids[str(node["urn"]).lower()]
        title = " ".join(str(node.get("name") or node.get("description") or ident).split())
        if not node.get("name") and len(title) > 120:  # prose node: a short title, the whole text below
            title = title[:119].rstrip() + "\u2026"
        element: dict[str, Any] = {"id": ident, "level": f"level-{int(node.get('depth', 1))}", "title": title}
        if node.get("description"):
            element["text"] = str(node["description"]).strip()
        parent = node.get("parent_urn")
        if parent:
            if str(parent).lower() not in ids:
                raise ImportProblem(f"{path}: node {node['urn']}: parent_urn {parent} is not a node of the framework")
            element["parent"] = ids[str(parent).lower()]
        if node.get("assessable") is not None:
            element["attributes"] = {"assessable": "yes" if node["assessable"] else "no"}
        elements.append(element)
    version = options.get("version") or str(data.get("version", "1"))
    return {
        "kind": "framework",
        "id": options.get("id") or _slug(str(framework.get("ref_id") or data.get("ref_id") or Path(path).stem)),
        "version": re.sub(r"[^A-Za-z0-9._-]", "-", version),
        "name": str(framework.get("name") or data.get("name") or Path(path).stem),
        "publisher": str(data.get("provider") or "unknown (CISO Assistant library)"),
        "source": {"document": f"CISO Assistant library {data.get('urn', Path(path).name)}",
                   "note": f"imported with 'crosswalk import {NAME}'"},
        "licence": str(data.get("copyright") or "see the library's copyright field"),
        "notes": "Element ids are the library's ref_id, or the tail of the node's URN where ref_id is missing or "
                 "repeated; levels are the library's node depths.",
        "levels": levels,
        "elements": elements,
    }


def _mapping_sets(data: dict[str, Any]) -> list[dict[str, Any]]:
    objects = data["objects"]
    sets = objects.get("requirement_mapping_sets") or []
    if objects.get("requirement_mapping_set"):
        sets = [objects["requirement_mapping_set"], *sets]
    return [s for s in sets if isinstance(s, dict)]


def _mapping(mapping_set: dict[str, Any], path: str, options: dict[str, str], index: int) -> dict[str, Any]:
    if not options.get("source") or not options.get("target"):
        raise ImportProblem(f"{path}: a mapping set needs --option source=ID@VERSION --option target=ID@VERSION "
                            "(the crosswalk refs of the two frameworks)")
    translate: dict[str, dict[str, str]] = {}
    for side in ("source", "target"):
        library = options.get(f"{side}_library")
        if library:
            nodes = _read(library)["objects"].get("framework", {}).get("requirement_nodes", [])
            translate[side] = node_ids(nodes)

    def element(side: str, urn: str, row: int) -> str:
        if side in translate:
            if urn.lower() not in translate[side]:
                raise ImportProblem(f"{path}: mapping {row}: {side} {urn} is not in {options[f'{side}_library']}")
            return translate[side][urn.lower()]
        return urn.rsplit(":", 1)[-1]

    rows = []
    for number, item in enumerate(mapping_set.get("requirement_mappings") or [], start=1):
        if not isinstance(item, dict) or not item.get("source_requirement_urn") or not item.get("target_requirement_urn"):
            raise ImportProblem(f"{path}: requirement_mappings item {number} lacks source_requirement_urn or "
                                "target_requirement_urn")
        written = str(item.get("relationship", "")).strip()
        relationship = normalise_relationship(written)
        if relationship is None:
            raise ImportProblem(f"{path}: requirement_mappings item {number}: unknown relationship {written!r}")
        row: dict[str, Any] = {
            "source": element("source", str(item["source_requirement_urn"]), number),
            "target": element("target", str(item["target_requirement_urn"]), number),
            "relationship": relationship,
        }
        rationale = str(item.get("rationale", "")).strip().lower()
        if rationale in ("syntactic", "semantic", "functional"):
            row["rationale"] = rationale
        strength = item.get("strength_of_relationship")
        if isinstance(strength, int) and not isinstance(strength, bool) and 0 <= strength <= 10:
            row["strength"] = strength
        if item.get("annotation"):
            row["note"] = str(item["annotation"])
        rows.append(row)
    style = "strm" if all(r["relationship"] in ("equal", "subset_of", "superset_of", "intersects_with",
                                                "no_relationship") for r in rows) else "concept"
    return {
        "kind": "mapping",
        "id": options.get("id") or _slug(str(mapping_set.get("ref_id") or f"{Path(path).stem}-{index}")),
        "title": str(mapping_set.get("name", "")),
        "source": options["source"],
        "target": options["target"],
        "style": style,
        "provenance": {"author": "CISO Assistant library contributors (intuitem)", "document": str(mapping_set.get("urn", "")),
                       "method": "human", "status": "draft", "judgement": "official",
                       "note": f"imported with 'crosswalk import {NAME}' from {Path(path).name}"},
        "rows": rows,
    }


def convert(path: str, **options: str) -> list[dict[str, Any]]:
    data = _read(path)
    documents = []
    if isinstance(data["objects"].get("framework"), dict):
        documents.append(_framework(data, path, options))
    for index, mapping_set in enumerate(_mapping_sets(data), start=1):
        documents.append(_mapping(mapping_set, path, options, index))
    if not documents:
        raise ImportProblem(f"{path}: the library has neither objects.framework nor requirement_mapping_sets")
    return documents
