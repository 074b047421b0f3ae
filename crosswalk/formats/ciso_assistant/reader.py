"""CISO Assistant library -> crosswalk framework and mapping documents.

Field mapping (the writer, :mod:`.writer`, uses the same table the other way):

============================== =====================================================================
CISO Assistant                 crosswalk
============================== =====================================================================
framework ``urn``              framework ``id`` (its tail, NFKD-folded, without the edition) and
                               ``version`` (the edition the tail, the framework's or the library's
                               ``ref_id`` ends with; else the library's packaging ``version``)
framework ``name``             ``name``
library ``provider``           ``publisher``
library ``copyright``          ``licence``
framework ``description``      ``description``
library ``urn``, ``version``,  ``source.document`` and ``source.note`` (the packaging revision and
``publication_date``           date are kept there, never as the framework's version)
node ``ref_id``                element ``id`` (unique by construction: see :func:`names.unique_ids`)
node ``name`` / description    ``title`` (the name; a prose node without one: its text, cut) / ``text``
node ``parent_urn``            ``parent``
parent chain                   ``level`` (``level-1`` for a top node, ``level-2`` below, ...): CISO's
                               ``depth`` is checked for type but not trusted (some nodes omit it or
                               disagree with their parents)
node ``assessable``,           ``attributes`` (``assessable: yes|no``, ``annotation``,
``annotation``,                ``typical_evidence``, ``implementation_groups``)
``typical_evidence``,
``implementation_groups``
mapping set ``ref_id``         mapping ``id``; ``name`` -> ``title``; its own ``source_framework_urn``
                               and ``target_framework_urn`` -> ``source`` and ``target``
row ``*_requirement_urn``      ``source`` / ``target`` (through the framework library's ids)
row ``relationship``           ``relationship`` (equal, subset -> subset_of, superset -> superset_of,
                               intersect -> intersects_with, not_related -> no_relationship)
row ``rationale``              ``rationale`` (syntactic, semantic, functional); missing or free text
                               -> ``unknown`` (free text also in ``note``)
row ``strength_of_relationship`` ``strength`` when 0-10 (else kept in ``note``)
row ``annotation``             ``note``
============================== =====================================================================

What CISO Assistant has and crosswalk does not keep: translations, questions and answers, scores,
implementation group definitions, reference controls and threats, risk matrices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from crosswalk.formats import ImportProblem
from crosswalk.formats.ciso_assistant import blocks, library, names
from crosswalk.formats.finish import id_option
from crosswalk.formats.tree import Tree, Where, found
from crosswalk.vocabulary import RATIONALES, SET_THEORY, normalise_relationship

NAME = "ciso-assistant"
NODES = library.NODES
UNKNOWN_RATIONALE = "unknown"
SHOWN = 5
"""Examples named in a notice (the document's notes list them all where they are few)."""


@dataclass
class Notices:
    """What an import changed or left out, for the terminal and for the documents' notes.

    ``partial`` notices (rows skipped, ids changed, values left out) make ``--strict`` refuse the
    import; the others only inform (ids that had to be made unique, where the version came from)."""

    items: list[tuple[bool, str]] = field(default_factory=list)

    def add(self, text: str, partial: bool) -> str:
        self.items.append((partial, text))
        return text


def _examples(values: list[str]) -> str:
    shown = ", ".join(values[:SHOWN])
    return shown + (f" and {len(values) - SHOWN} more" if len(values) > SHOWN else "")


def _depths(items: list[dict[str, Any]], parents: list[str | None]) -> list[int]:
    """Each node's depth from its parent chain (1 at the top), one pass with memory, safe on cycles
    (a node on a cycle counts the cycle once; the hierarchy rule reports the cycle)."""
    index = {str(node["urn"]).lower(): i for i, node in enumerate(items)}
    depth: list[int] = [0] * len(items)
    for start in range(len(items)):
        walk: list[int] = []
        current: int | None = start
        on_walk: set[int] = set()
        while current is not None and depth[current] == 0 and current not in on_walk:
            walk.append(current)
            on_walk.add(current)
            parent = parents[current]
            current = index.get(parent.lower()) if parent else None
        base = depth[current] if current is not None and depth[current] else 0
        for i in reversed(walk):
            base += 1
            depth[i] = base
    return depth


def _title(name: str, description: str, ident: str) -> str:
    title = " ".join((name or description or ident).split())
    if not name and len(title) > 120:  # prose node: a short title, the whole text below
        title = title[:119].rstrip() + "\u2026"
    return title


def _text_list(tree: Tree, node: dict[str, Any], key: str, where: Where) -> list[str]:
    value = node.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise tree.problem(where + (key,), f"expected a list of texts, found {found(value)}")
    return [item for item in value if item.strip()]


def framework(tree: Tree, data: dict[str, Any], path: str, options: dict[str, str], notices: Notices) -> dict[str, Any]:
    """The framework document of a library (see the module's table)."""
    fw = data["objects"]["framework"]
    where_fw = NODES[:2]
    items = library.nodes(tree, data)
    block = blocks.read(tree, fw, "annotation", where_fw, blocks.FRAMEWORK_KEYS) or {}
    chosen_id = id_option(options["id"]) if options.get("id") else ""
    version = re.sub(r"[^A-Za-z0-9._-]", "-", options["version"]) if options.get("version") else ""
    named = library.framework_names(tree, data, items, chosen_id, version)
    ids = named.ids
    parents: list[str | None] = []
    for index, node in enumerate(items):
        parent = tree.text(node, "parent_urn", NODES + (index,), numbers=False).strip()
        parents.append(parent or None)
    depths = _depths(items, parents)
    level_names = block.get("levels") if isinstance(block.get("levels"), list) else None
    orphans: list[str] = []
    elements = []
    for index, (node, depth) in enumerate(zip(items, depths)):
        where = NODES + (index,)
        ident = ids[str(node["urn"]).lower()]
        name, description = tree.text(node, "name", where), tree.text(node, "description", where)
        extra = blocks.read(tree, node, "annotation", where, blocks.ELEMENT_KEYS)
        element: dict[str, Any] = {"id": ident}
        if level_names is not None and depth <= len(level_names):
            element["level"] = level_names[depth - 1]
        elif level_names is None:
            element["level"] = f"level-{depth}"
        if block:  # written by crosswalk: the texts are ours, exactly as written
            element["title"] = name or ident
            if description:
                element["text"] = description
        else:
            element["title"] = _title(name, description, ident)
            if description and description.strip():
                element["text"] = description.strip()
        parent = parents[index]
        if parent:
            if parent.lower() in ids:
                element["parent"] = ids[parent.lower()]
            else:
                orphans.append(str(node["urn"]))
        if extra is not None:
            _supplement(element, extra, name)
        elif not block:
            attributes = _native_attributes(tree, node, where)
            if attributes:
                element["attributes"] = attributes
        elements.append(element)
    if isinstance(block.get("order"), list):
        elements = _reorder(tree, elements, block["order"], where_fw)
    levels = list(level_names) if level_names is not None else [f"level-{d}" for d in range(1, max(depths, default=1) + 1)]
    document = _framework_header(tree, data, fw, path, named, levels, block)
    notes = _framework_notes(named, orphans, notices, document["id"])
    if notes and not block:
        document["notes"] = (document["notes"] + "\n\n" if document.get("notes") else "") + notes
    document["elements"] = elements
    return document


def _supplement(element: dict[str, Any], extra: dict[str, Any], name: str) -> None:
    """Apply a node's crosswalk block: only what CISO Assistant could not hold (a title longer than
    its 200-character names is kept whole there, and wins while the node's name is still its cut)."""
    title = extra.get("title")
    if isinstance(title, str) and name and title.startswith(name.rstrip("\u2026").rstrip()):
        element["title"] = title
    for key in ("text", "level", "parent", "wording", "citation", "attributes", "links"):
        if key in extra:
            if extra[key] is None:
                element.pop(key, None)
            else:
                element[key] = extra[key]
    order = ("id", "level", "parent", "title", "text", "wording", "citation", "links", "attributes")
    ordered = {key: element[key] for key in order if key in element}
    element.clear()
    element.update(ordered)


def _native_attributes(tree: Tree, node: dict[str, Any], where: Where) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    assessable = node.get("assessable")
    if assessable is not None:
        attributes["assessable"] = "yes" if assessable else "no"
    for key in ("annotation", "typical_evidence"):
        text = tree.text(node, key, where).strip()
        if text:
            attributes[key] = text
    groups = _text_list(tree, node, "implementation_groups", where)
    if groups:
        attributes["implementation_groups"] = groups
    return attributes


def _reorder(tree: Tree, elements: list[dict[str, Any]], order: list[Any], where: Where) -> list[dict[str, Any]]:
    """The elements in the order the block records (a crosswalk framework whose file order is not the
    tree order CISO Assistant's Excel format needs); refused unless it names each element once."""
    by_id = {element["id"]: element for element in elements}
    if sorted(map(str, order)) != sorted(by_id) or len(order) != len(by_id):
        raise tree.problem(where + ("annotation",), "the crosswalk block's 'order' does not name each element once")
    return [by_id[str(ident)] for ident in order]


HEADER_ORDER = ("kind", "id", "version", "name", "short_name", "publisher", "published", "source", "licence",
                "description", "notes", "levels", "mappings_expect_leaves")


def _framework_header(tree: Tree, data: dict[str, Any], fw: dict[str, Any], path: str, named: library.Names,
                      levels: list[str], block: dict[str, Any]) -> dict[str, Any]:
    """The framework's fields from the library's own; a crosswalk block (our export) supplements them
    with what CISO Assistant has no field for, a null in it removing a field the library fills in."""
    where_fw = NODES[:2]
    name = tree.text(fw, "name", where_fw).strip() or tree.text(data, "name", ()).strip() or Path(path).stem
    document: dict[str, Any] = {"kind": "framework", "id": named.ident, "version": named.version, "name": name,
                                "publisher": tree.text(data, "provider", ()).strip() or "unknown (CISO Assistant library)"}
    library_urn = tree.text(data, "urn", (), numbers=False).strip()
    packaging = tree.text(data, "version", ()).strip()
    date = tree.text(data, "publication_date", ()).strip()
    packager = tree.text(data, "packager", ()).strip()
    revision = f"packaging revision {packaging}" if packaging else "no packaging revision"
    document["source"] = {
        "document": f"CISO Assistant library {library_urn or Path(path).name}",
        "note": f"{revision}{' of ' + date if date else ''}{' by ' + packager if packager else ''}; "
                f"imported with 'crosswalk import {NAME}' from {Path(path).name}",
    }
    document["licence"] = tree.text(data, "copyright", ()).strip() or "see the library's copyright field"
    description = tree.text(fw, "description", where_fw).strip()
    if description:
        document["description"] = description
    version_note = (f"The version is the edition {named.edition_from} ends with" if named.edition_from else
                    "The library names no edition: the version is its packaging revision")
    document["notes"] = ("Element ids are the library's ref_id; a node whose ref_id is missing or shared with another "
                         "node has the last part of its URN, or its whole URN tail where that is shared too. Levels "
                         f"follow the parent chain. {version_note}.")
    document["levels"] = levels
    if block:
        document.pop("notes")
        if isinstance(block.get("name"), str) and block["name"].startswith(name.rstrip("\u2026").rstrip()):
            document["name"] = block["name"]
        for key in ("short_name", "published", "source", "licence", "description", "notes", "mappings_expect_leaves"):
            if key in block:
                if block[key] is None:
                    document.pop(key, None)
                else:
                    document[key] = block[key]
    return {key: document[key] for key in HEADER_ORDER if key in document}


def _framework_notes(named: library.Names, orphans: list[str], notices: Notices, ident: str) -> str:
    lines = []
    if named.changed:
        shown = [f"{written!r} -> {new!r}" for written, new in named.changed]
        lines.append(notices.add(f"framework {ident}: {len(named.changed)} id(s) changed to fit crosswalk's id rule "
                                 f"(',' -> ';', '@' -> '(at)', at most 200 characters): {_examples(shown)}", True))
    if named.moved:
        lines.append(notices.add(f"framework {ident}: {named.moved} node(s) whose ref_id is missing or shared take "
                                 "the last part of their URN, or the whole URN tail where that is shared too", False))
    if orphans:
        lines.append(notices.add(f"framework {ident}: {len(orphans)} node(s) name a parent_urn that is no node of the "
                                 f"framework, imported as top elements: {_examples(orphans)}", True))
    return "\n".join(lines)


# --- mapping sets ---------------------------------------------------------------------------------


def mapping_sets(tree: Tree, data: dict[str, Any]) -> list[tuple[Where, dict[str, Any]]]:
    objects = data["objects"]
    sets = [(("objects", "requirement_mapping_sets", index), item)
            for index, item in enumerate(tree.items(objects, "requirement_mapping_sets", ("objects",)))]
    single = tree.child(objects, "requirement_mapping_set", ("objects",), dict)
    if single:
        sets.insert(0, (("objects", "requirement_mapping_set"), single))
    return sets


@dataclass
class Side:
    """One framework a mapping set names: our ref, and its node URN -> id table (None: not found)."""

    ref: str
    ids: dict[str, str] | None
    library: str = ""


class Resolver:
    """Finds the framework library of each framework URN a set names: the libraries named by option
    first, then the folder ``library_dir`` (default: the mapping file's own folder)."""

    def __init__(self, path: str, options: dict[str, str], own: library.Names | None) -> None:
        self.options = options
        self.explicit: dict[str, library.Loaded] = {}
        self.by_side: dict[str, library.Loaded] = {}
        for side in ("source", "target"):
            named = options.get(f"{side}_library")
            if named:
                loaded = library.load_framework(named)
                self.by_side[side] = loaded
                self.explicit.setdefault(loaded.names.framework_urn.lower(), loaded)
        if own is not None:
            self.explicit.setdefault(own.framework_urn.lower(), library.Loaded(path, own))
        folder = options.get("library_dir") or str(Path(path).parent)
        if options.get("library_dir") and not Path(folder).is_dir():
            raise ImportProblem(f"--option library_dir={folder}: not a folder")
        self.folder = library.Folder(folder)
        self.refs: dict[str, str] = {}

    def inputs(self) -> list[str]:
        """Every framework library file this resolver read (never to be written onto by the import)."""
        return sorted({loaded.path for loaded in list(self.explicit.values()) + list(self.by_side.values())})

    def pin(self, urn: str, side: str) -> None:
        """``--option source=``/``target=`` name the frameworks of the first set; each later set uses
        the same ref for the same framework URN, whichever side it is on."""
        if self.options.get(side) and urn.lower() not in self.refs:
            self.refs[urn.lower()] = self.options[side]

    def find(self, urn: str) -> library.Loaded | None:
        key = urn.lower()
        if key in self.explicit:
            return self.explicit[key]
        for candidate in self.folder.candidates(key):
            loaded = library.load_framework(candidate)
            if loaded.names.framework_urn.lower() == key:
                self.explicit[key] = loaded
                return loaded
        return None

    def side(self, urn: str, side: str) -> Side:
        loaded = self.find(urn) if urn else self.by_side.get(side)
        ref = self.refs.get(urn.lower()) if urn else self.options.get(side)
        if loaded is not None:
            return Side(ref or loaded.names.ref, loaded.names.ids, loaded.path)
        if ref:
            return Side(ref, None)
        tail = names.urn_tail(urn, "framework")
        split = names.edition(names.ascii_fold(tail))
        ident, version = (names.slug(split[0]), names.version_text(split[1])) if split else (names.slug(tail), "1")
        return Side(f"{ident}@{version}", None)


def mapping(tree: Tree, data: dict[str, Any], mapping_set: dict[str, Any], where: Where, path: str,
            options: dict[str, str], index: int, resolver: Resolver, notices: Notices) -> dict[str, Any]:
    """One mapping set as a mapping document, in its own direction (see the module's table)."""
    urns = {side: tree.text(mapping_set, f"{side}_framework_urn", where, numbers=False).strip()
            for side in ("source", "target")}
    if not all(urns.values()) and not (options.get("source") and options.get("target")):
        raise ImportProblem(f"{path}: a mapping set without source_framework_urn and target_framework_urn needs "
                            "--option source=ID@VERSION --option target=ID@VERSION (the crosswalk refs of the two "
                            "frameworks)")
    sides = {side: resolver.side(urns[side], side) for side in ("source", "target")}
    block = blocks.read(tree, mapping_set, "description", where, blocks.MAPPING_KEYS)
    ident = (id_option(options["id"]) if options.get("id") else str(block.get("id") or "") if block else "") \
        or names.slug(tree.text(mapping_set, "ref_id", where) or f"{Path(path).stem}-{index}")
    rows, skipped, odd_strength, free_rationale = _rows(tree, mapping_set, where, path, sides, block is not None)
    style = str(block["style"]) if block and "style" in block else (
        "strm" if all(r["relationship"] in SET_THEORY for r in rows) else "concept")
    if block is None and style == "strm":
        for row in rows:
            row.setdefault("rationale", UNKNOWN_RATIONALE)
    document: dict[str, Any] = {"kind": "mapping", "id": ident}
    title = tree.text(mapping_set, "name", where).strip()
    if block and "title" in block:
        if isinstance(block["title"], str) and block["title"].startswith(title.rstrip("\u2026").rstrip()):
            title = block["title"]
        elif block["title"] is None:
            title = ""
    if title:
        document["title"] = title
    refs = {side: (str(block[side]) if block and isinstance(block.get(side), str) and sides[side].ids is None
                   else sides[side].ref) for side in ("source", "target")}
    document.update({"source": refs["source"], "target": refs["target"], "style": style})
    if block:
        for key in ("comprehensive", "exhaustive_subsets", "provenance", "notes"):
            if key in block:
                document[key] = block[key]
    else:
        library_urn = tree.text(data, "urn", (), numbers=False).strip()
        packager = tree.text(data, "packager", ()).strip() or tree.text(data, "provider", ()).strip()
        document["provenance"] = {
            "author": f"{packager} (CISO Assistant library)" if packager else "CISO Assistant library",
            "document": tree.text(mapping_set, "urn", where) or library_urn or Path(path).name,
            "method": "human", "status": "draft", "judgement": "official",
            "imported_from": f"CISO Assistant library {library_urn or Path(path).name} ({Path(path).name})",
            "note": f"imported with 'crosswalk import {NAME}' from {Path(path).name}; rows whose rationale the "
                    "library does not give have 'rationale: unknown'",
        }
        notes = _mapping_notes(ident, sides, urns, skipped, odd_strength, free_rationale, len(rows), notices)
        if notes:
            document["notes"] = notes
    document["rows"] = rows
    return document


def _rows(tree: Tree, mapping_set: dict[str, Any], where: Where, path: str, sides: dict[str, Side],
          ours: bool) -> tuple[list[dict[str, Any]], tuple[int, list[str]], int, int]:
    """The set's rows; how many rows were skipped because a framework library lacks a node they name,
    and those nodes' URNs; how many strengths lay outside 0-10 and how many rationales were free text."""
    pairs = []
    skipped: list[str] = []
    skipped_rows = 0
    odd_strength = free_rationale = 0
    items = tree.child(mapping_set, "requirement_mappings", where, list) or []
    for number, item in enumerate(items, start=1):
        at = where + ("requirement_mappings", number - 1)
        if not isinstance(item, dict) or not item.get("source_requirement_urn") or not item.get("target_requirement_urn"):
            raise tree.problem(at, "a requirement mapping needs a source_requirement_urn and a target_requirement_urn")
        ends = {}
        missing = []
        for side in ("source", "target"):
            urn = tree.text(item, f"{side}_requirement_urn", at, numbers=False).strip()
            table = sides[side].ids
            if table is None:
                ends[side] = tree.element_id(names.element_id(urn.rsplit(":", 1)[-1]), at + (f"{side}_requirement_urn",))
            elif urn.lower() in table:
                ends[side] = table[urn.lower()]
            else:
                missing.append(urn)
        written = tree.text(item, "relationship", at).strip()
        relationship = normalise_relationship(written)
        if relationship is None:
            raise tree.problem(at + ("relationship",), f"unknown relationship {written!r}: CISO Assistant's words are "
                                                       "equal, subset, superset, intersect and not_related")
        if missing:
            skipped.extend(missing)
            skipped_rows += 1
            continue
        extra = blocks.read(tree, item, "annotation", at, blocks.ROW_KEYS) if ours else None
        row: dict[str, Any] = {"source": ends["source"], "target": ends["target"], "relationship": relationship}
        notes = []
        rationale = tree.text(item, "rationale", at).strip()
        if rationale.lower() in RATIONALES:
            row["rationale"] = rationale.lower()
        elif rationale:
            free_rationale += 1
            notes.append(f"rationale: {rationale}")
        strength = item.get("strength_of_relationship")
        if strength is not None:
            if isinstance(strength, int) and not isinstance(strength, bool) and 0 <= strength <= 10:
                row["strength"] = strength
            else:
                odd_strength += 1
                notes.append(f"strength_of_relationship: {strength!r} (outside crosswalk's 0-10)"[:200])
        annotation = tree.text(item, "annotation", at)
        if annotation and extra is None:
            notes.append(annotation)
        if notes:
            row["note"] = "\n".join(notes)
        pairs.append((extra, row))
    rows = _grouped(pairs) if ours else [row for _, row in pairs]
    return rows, (skipped_rows, skipped), odd_strength, free_rationale


def _grouped(pairs: list[tuple[dict[str, Any] | None, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Rows written by crosswalk: the pairs of one of our many-to-many rows (same ``row`` number in
    their blocks) become that row again, and each block adds what CISO Assistant could not hold."""
    rows = []
    keyed = [((extra or {}).get("row", f"single-{n}"), extra, row) for n, (extra, row) in enumerate(pairs)]
    for _, group_iter in groupby(keyed, key=lambda item: item[0]):
        group = list(group_iter)
        first_extra = next((extra for _, extra, _ in group if extra and len(extra) > 1), group[0][1]) or {}
        row = dict(group[0][2])
        sources = list(dict.fromkeys(r["source"] for _, _, r in group))
        targets = list(dict.fromkeys(r["target"] for _, _, r in group))
        listed = first_extra.get("listed") or []
        row["source"] = sources if len(sources) > 1 or "source" in listed else sources[0]
        row["target"] = targets if len(targets) > 1 or "target" in listed else targets[0]
        ours = first_extra.get("relationship")
        if isinstance(ours, str) and names.CISO_WORD.get(ours) == names.CISO_WORD.get(row["relationship"]):
            row["relationship"] = ours
        for key in ("rationale", "strength", "judgement", "as_written", "note"):
            if key in first_extra:
                if first_extra[key] is None:
                    row.pop(key, None)
                else:
                    row[key] = first_extra[key]
        order = ("source", "target", "relationship", "rationale", "strength", "judgement", "as_written", "note")
        rows.append({key: row[key] for key in order if key in row})
    return rows


def _mapping_notes(ident: str, sides: dict[str, Side], urns: dict[str, str], skipped: tuple[int, list[str]],
                   odd_strength: int, free_rationale: int, kept: int, notices: Notices) -> str:
    lines = []
    for side in ("source", "target"):
        if sides[side].ids is None:
            lines.append(notices.add(
                f"mapping {ident}: no framework library for {side} {urns[side] or sides[side].ref} was found: its "
                "element ids are the last parts of the rows' URNs and may not match that framework's import "
                "(--option library_dir=FOLDER names the folder of framework libraries)", True))
    rows, urns_skipped = skipped
    if rows:
        distinct = list(dict.fromkeys(urns_skipped))
        lines.append(notices.add(
            f"mapping {ident}: {rows} of {rows + kept} rows skipped: they name {len(distinct)} "
            f"node(s) that their framework library does not hold: {_examples(distinct)}", True))
    if odd_strength:
        lines.append(notices.add(f"mapping {ident}: {odd_strength} row(s) give a strength_of_relationship outside "
                                 "0-10: left out of 'strength', kept in the row's note", True))
    if free_rationale:
        lines.append(notices.add(f"mapping {ident}: {free_rationale} row(s) give a free-text rationale: kept in the "
                                 "row's note, 'rationale: unknown'", False))
    return "\n".join(lines)
