"""CISO Assistant libraries: a framework (``objects.framework``) and requirement mapping sets.

Why: CISO Assistant is the closest open-source peer and ships many framework libraries and
set-theory mappings between them. Importing both lets a user bring that content into crosswalk
and have it validated and reasoned over with the algebra. Element ids are the libraries' ``ref_id``
(what a reader sees), falling back to the tail of the node's URN when a node has no ``ref_id`` or
shares it with another node; mapping rows name nodes by URN, so a mapping import needs the two
framework libraries (options ``source_library`` and ``target_library``) to turn URNs into the same ids.

Options (``--option KEY=VALUE``): :data:`OPTIONS`, also listed by ``crosswalk import --help``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from crosswalk.formats import ImportProblem, Option, checked_options
from crosswalk.formats.finish import finish, id_option, read_input
from crosswalk.formats.tree import Tree, Where, found
from crosswalk.vocabulary import normalise_relationship
from crosswalk.yamlio import MAX_FILE_BYTES, Locator, YamlError, decode_text, parse_text

NAME = "ciso-assistant"
DESCRIPTION = "CISO Assistant library YAML (framework and/or requirement_mapping_sets) -> framework and mapping"
HINT = "is this a CISO Assistant library?"
MAPPING_SETS = "with requirement_mapping_sets"
OPTIONS = (
    Option("id", "the id of the framework or mapping written (default: the library's ref_id)"),
    Option("version", "the framework's version (default: the library's version, else 1)"),
    Option("source", "the mapping's source framework, as a crosswalk ref id@version", MAPPING_SETS),
    Option("target", "the mapping's target framework, as a crosswalk ref id@version", MAPPING_SETS),
    Option("source_library", "the source framework's CISO Assistant library file: its nodes' URNs become the "
                             "same element ids as in its import (default: the last part of each URN)"),
    Option("target_library", "the target framework's CISO Assistant library file (as source_library)"),
)
NODES: Where = ("objects", "framework", "requirement_nodes")


def _read(path: str) -> tuple[Tree, dict[str, Any]]:
    """The library's top mapping and a :class:`Tree` that names places by line and column.

    The file is read once through the read gate (a regular file, size bounded), then parsed by
    :mod:`crosswalk.yamlio` (no tags, no aliases, no duplicate keys, bounded nesting).
    """
    data_bytes = read_input(path, MAX_FILE_BYTES)
    try:
        text = decode_text(data_bytes)
        data = parse_text(text)
    except YamlError as exc:
        raise ImportProblem(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None
    except ValueError as exc:  # e.g. an integer too long to convert; the loader names no place for it
        raise ImportProblem(f"{path}: cannot read the YAML: {exc}") from None
    locator = Locator(text)

    def locate(where: Where) -> tuple[int, int]:
        position = locator.locate(where)
        return position.line, position.column

    if not isinstance(data, dict) or not isinstance(data.get("objects"), dict):
        raise ImportProblem(f"{path}: not a CISO Assistant library (no 'objects' mapping at the top level)")
    return Tree(path, HINT, locate), data


def _id(options: dict[str, str]) -> str:
    return id_option(options["id"]) if options.get("id") else ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).lstrip("-._").rstrip("-") or "imported"


def _nodes(tree: Tree, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The framework's requirement nodes, each an object with a text ``urn``."""
    framework = tree.child(data["objects"], "framework", NODES[:1], dict) or {}
    nodes = tree.child(framework, "requirement_nodes", NODES[:2], list)
    if nodes is None:
        raise ImportProblem(f"{tree.path}: objects.framework.requirement_nodes must be a list of nodes with a 'urn'")
    for index, node in enumerate(nodes):
        if not tree.text(tree.mapping(node, NODES + (index,)), "urn", NODES + (index,), required=True, numbers=False):
            raise tree.problem(NODES + (index, "urn"), "empty urn")
    return nodes


def node_ids(nodes: list[dict[str, Any]], tree: Tree | None = None) -> dict[str, str]:
    """URN -> our element id: the ref_id where it is present and unique, else the URN's tail."""
    tree = tree or Tree("(library)", HINT)
    ref_ids = [tree.text(n, "ref_id", NODES + (i,)).strip() for i, n in enumerate(nodes)]
    counts = Counter(ref_ids)
    out = {}
    for node, ref in zip(nodes, ref_ids):
        urn = str(node["urn"])
        out[urn.lower()] = ref if ref and counts[ref] == 1 else urn.rsplit(":", 1)[-1]
    return out


def _depth(tree: Tree, node: dict[str, Any], where: Where) -> int:
    value = node.get("depth", 1)
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,6}\s*", value):
        return int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise tree.problem(where + ("depth",), f"expected a whole number, found {value!r}"[:200])
    return value


def _framework(tree: Tree, data: dict[str, Any], path: str, options: dict[str, str]) -> dict[str, Any]:
    framework = data["objects"]["framework"]
    nodes = _nodes(tree, data)
    ids = node_ids(nodes, tree)
    depths = [_depth(tree, node, NODES + (index,)) for index, node in enumerate(nodes)]
    levels = [f"level-{d}" for d in sorted(set(depths))]
    elements = []
    for index, (node, depth) in enumerate(zip(nodes, depths)):
        where = NODES + (index,)
        name, description = tree.text(node, "name", where), tree.text(node, "description", where)
        ident = ids[str(node["urn"]).lower()]
        tree.element_id(ident, where + ("ref_id" if ident == tree.text(node, "ref_id", where).strip() else "urn",))
        title = " ".join((name or description or ident).split())
        if not name and len(title) > 120:  # prose node: a short title, the whole text below
            title = title[:119].rstrip() + "\u2026"
        element: dict[str, Any] = {"id": ident, "level": f"level-{depth}", "title": title}
        if description:
            element["text"] = description.strip()
        parent = tree.text(node, "parent_urn", where, numbers=False)
        if parent:
            if parent.lower() not in ids:
                raise ImportProblem(f"{path}: node {node['urn']}: parent_urn {parent} is not a node of the framework")
            element["parent"] = ids[parent.lower()]
        assessable = node.get("assessable")
        if assessable is not None:
            if not isinstance(assessable, bool):
                raise tree.problem(where + ("assessable",), f"expected true or false, found {found(assessable)}")
            element["attributes"] = {"assessable": "yes" if assessable else "no"}
        elements.append(element)
    version = options.get("version") or tree.text(data, "version", ()) or "1"
    name = tree.text(framework, "name", NODES[:2]) or tree.text(data, "name", ()) or Path(path).stem
    return {
        "kind": "framework",
        "id": _id(options) or _slug(tree.text(framework, "ref_id", NODES[:2]) or tree.text(data, "ref_id", ())
                                    or Path(path).stem),
        "version": re.sub(r"[^A-Za-z0-9._-]", "-", version),
        "name": name,
        "publisher": tree.text(data, "provider", ()) or "unknown (CISO Assistant library)",
        "source": {"document": f"CISO Assistant library {tree.text(data, 'urn', ()) or Path(path).name}",
                   "note": f"imported with 'crosswalk import {NAME}'"},
        "licence": tree.text(data, "copyright", ()) or "see the library's copyright field",
        "notes": "Element ids are the library's ref_id, or the tail of the node's URN where ref_id is missing or "
                 "repeated; levels are the library's node depths.",
        "levels": levels,
        "elements": elements,
    }


def _mapping_sets(tree: Tree, data: dict[str, Any]) -> list[tuple[Where, dict[str, Any]]]:
    objects = data["objects"]
    sets = [(("objects", "requirement_mapping_sets", index), item)
            for index, item in enumerate(tree.items(objects, "requirement_mapping_sets", ("objects",)))]
    single = tree.child(objects, "requirement_mapping_set", ("objects",), dict)
    if single:
        sets.insert(0, (("objects", "requirement_mapping_set"), single))
    return sets


def _mapping(tree: Tree, mapping_set: dict[str, Any], where: Where, path: str, options: dict[str, str],
             index: int) -> dict[str, Any]:
    if not options.get("source") or not options.get("target"):
        raise ImportProblem(f"{path}: a mapping set needs --option source=ID@VERSION --option target=ID@VERSION "
                            "(the crosswalk refs of the two frameworks)")
    translate: dict[str, dict[str, str]] = {}
    for side in ("source", "target"):
        library = options.get(f"{side}_library")
        if library:
            library_tree, library_data = _read(library)
            translate[side] = node_ids(_nodes(library_tree, library_data), library_tree)

    def element(side: str, urn: str, row: int) -> str:
        if side in translate:
            if urn.lower() not in translate[side]:
                raise ImportProblem(f"{path}: mapping {row}: {side} {urn} is not in {options[f'{side}_library']}")
            return translate[side][urn.lower()]
        return urn.rsplit(":", 1)[-1]

    rows = []
    mappings = tree.child(mapping_set, "requirement_mappings", where, list) or []
    for number, item in enumerate(mappings, start=1):
        at = where + ("requirement_mappings", number - 1)
        if not isinstance(item, dict) or not item.get("source_requirement_urn") or not item.get("target_requirement_urn"):
            raise ImportProblem(f"{path}: requirement_mappings item {number} lacks source_requirement_urn or "
                                "target_requirement_urn")
        source, target = (tree.text(item, f"{side}_requirement_urn", at) for side in ("source", "target"))
        written = tree.text(item, "relationship", at).strip()
        relationship = normalise_relationship(written)
        if relationship is None:
            raise ImportProblem(f"{path}: requirement_mappings item {number}: unknown relationship {written!r}")
        row: dict[str, Any] = {
            "source": tree.element_id(element("source", source, number), at + ("source_requirement_urn",)),
            "target": tree.element_id(element("target", target, number), at + ("target_requirement_urn",)),
            "relationship": relationship,
        }
        rationale = tree.text(item, "rationale", at).strip().lower()
        if rationale in ("syntactic", "semantic", "functional"):
            row["rationale"] = rationale
        strength = item.get("strength_of_relationship")
        if isinstance(strength, int) and not isinstance(strength, bool) and 0 <= strength <= 10:
            row["strength"] = strength
        annotation = tree.text(item, "annotation", at)
        if annotation:
            row["note"] = annotation
        rows.append(row)
    style = "strm" if all(r["relationship"] in ("equal", "subset_of", "superset_of", "intersects_with",
                                                "no_relationship") for r in rows) else "concept"
    return {
        "kind": "mapping",
        "id": _id(options) or _slug(tree.text(mapping_set, "ref_id", where) or f"{Path(path).stem}-{index}"),
        "title": tree.text(mapping_set, "name", where),
        "source": options["source"],
        "target": options["target"],
        "style": style,
        "provenance": {"author": "CISO Assistant library contributors (intuitem)",
                       "document": tree.text(mapping_set, "urn", where),
                       "method": "human", "status": "draft", "judgement": "official",
                       "note": f"imported with 'crosswalk import {NAME}' from {Path(path).name}"},
        "rows": rows,
    }


def convert(path: str, **options: str) -> list[dict[str, Any]]:
    options = checked_options(NAME, OPTIONS, options)
    tree, data = _read(path)
    documents = []
    if isinstance(data["objects"].get("framework"), dict):
        documents.append(_framework(tree, data, path, options))
    for index, (where, mapping_set) in enumerate(_mapping_sets(tree, data), start=1):
        documents.append(_mapping(tree, mapping_set, where, path, options, index))
    if not documents:
        raise ImportProblem(f"{path}: the library has neither objects.framework nor requirement_mapping_sets")
    return finish(path, documents)
