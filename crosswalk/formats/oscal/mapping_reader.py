"""OSCAL 1.2 ``mapping-collection`` -> crosswalk mapping documents (one per ``mapping`` in it).

The field table is :mod:`.mapping_writer`'s, read the other way. A collection crosswalk wrote (its
mapping has the prop ``mapping-id`` in :data:`~.vocabulary.NS`) comes back exactly as it was written;
any other collection is read as OSCAL defines it:

* the frameworks: ``--option source=``/``target=`` (id@version) for the resources of the first
  mapping (and every mapping naming the same ``href``), else a name made from the resource: its
  back-matter title or its ``href`` (``catalogs/PCI/catalog.json`` -> ``pci``), version from its
  ``version`` prop or ``1``; ``--option stubs=yes`` also writes a minimal framework for each, holding
  the ids the collection names (for collections whose catalogs you do not have);
* relationships: OSCAL's six words (``equivalent-to`` reads as ``equal``, noted on the row); any other
  word is refused with its place;
* a map's rationale: its own ``matching-rationale``, else its mapping's, else the provenance's;
* ``confidence-score.percentage`` -> strength (nearest tenth x 10; inexact ones noted) where that is a
  strength the OLIR rubric allows for the row's relationship (equal 10, no-relationship 0, others 1-9:
  crosswalk's ``strength`` rule), else only in the row's note: a confidence is not a strength, and
  an ``equal-to`` mapped with 70% confidence is not a contradiction; a category
  and ``coverage`` into the row's note, with the map's remarks, qualifiers and other tools' props;
* provenance: author from the parties named by ``responsible-parties``; ``method`` and ``status``
  from OSCAL's words (``manual`` and ``published``, which trestle's examples write, read as ``human``
  and ``final``, with a notice); judgement ``official`` (the rows transcribe the collection);
  ``imported_from`` names the file; gap summaries go into the notes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from crosswalk.formats import ImportProblem
from crosswalk.formats.ciso_assistant.names import element_id, slug, version_text
from crosswalk.formats.finish import ELEMENT_ID, id_option
from crosswalk.formats.oscal import vocabulary as v
from crosswalk.formats.oscal.reading import Notices, Props, ensure, imported, one_or_many, props
from crosswalk.formats.tree import Tree, Where
from crosswalk.vocabulary import CANONICAL, SET_THEORY, SUPPORTIVE

ROOT: Where = ("mapping-collection",)
MAPPING_ORDER = ("kind", "id", "title", "source", "target", "style", "comprehensive", "exhaustive_subsets",
                 "provenance", "notes", "rows")
PROVENANCE_ORDER = ("author", "authority", "document", "url", "published", "method", "status", "judgement",
                    "reviewed_by", "reviewed", "imported_from", "note")
ROW_ORDER = ("source", "target", "relationship", "rationale", "strength", "judgement", "as_written", "note")
_REF = re.compile(r"[a-z0-9][a-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9._-]*\Z")
SHOWN = 5


def _examples(values: list[str]) -> str:
    return ", ".join(values[:SHOWN]) + (f" and {len(values) - SHOWN} more" if len(values) > SHOWN else "")


class _Context:
    """What every mapping of one collection shares while it is read."""

    def __init__(self, tree: Tree, collection: dict[str, Any], path: str, options: dict[str, str],
                 notices: Notices) -> None:
        self.tree, self.collection, self.path, self.options, self.notices = tree, collection, path, options, notices
        self.metadata = tree.child(collection, "metadata", ROOT, dict, required=True)
        self.provenance = tree.child(collection, "provenance", ROOT, dict) or {}
        self.provenance_props = props(tree, self.provenance, ROOT + ("provenance",))
        self.resources = {}
        back = tree.child(collection, "back-matter", ROOT, dict) or {}
        for index, resource in enumerate(tree.items(back, "resources", ROOT + ("back-matter",))):
            ident = tree.text(resource, "uuid", ROOT + ("back-matter", "resources", index), numbers=False)
            self.resources[ident.lower()] = (ROOT + ("back-matter", "resources", index), resource)
        self.pinned: dict[str, str] = {}  # href -> framework ref given by --option source= / target=
        self.changed_ids: list[str] = []
        self.stubs: dict[str, dict[str, Any]] = {}
        self.read: dict[Any, Any] = {}
        self.misfits = 0  # confidence scores that are no strength the row's relationship allows

    def party_names(self) -> dict[str, list[str]]:
        """Role -> the names of the parties the provenance (else the metadata) makes responsible."""
        tree, where_md = self.tree, ROOT + ("metadata",)
        names = {}
        for index, party in enumerate(tree.items(self.metadata, "parties", where_md)):
            at = where_md + ("parties", index)
            names[tree.text(party, "uuid", at, numbers=False).lower()] = tree.text(party, "name", at).strip()
        roles: dict[str, list[str]] = {}
        for owner, where in ((self.provenance, ROOT + ("provenance",)), (self.metadata, where_md)):
            for index, entry in enumerate(tree.items(owner, "responsible-parties", where)):
                at = where + ("responsible-parties", index)
                role = tree.text(entry, "role-id", at, numbers=False)
                uuids = tree.child(entry, "party-uuids", at, list) or []
                for i, party in enumerate(uuids):
                    ensure(isinstance(party, str), tree, at + ("party-uuids", i), "expected a party's uuid (text)")
                    name = names.get(party.lower())
                    if name and name not in roles.setdefault(role, []):
                        roles[role].append(name)
            if roles:
                break
        if not roles and names:
            roles["party"] = [name for name in names.values() if name]
        return roles


def convert(tree: Tree, collection: dict[str, Any], path: str, options: dict[str, str],
            notices: Notices) -> list[dict[str, Any]]:
    """The mapping documents of a collection (and, with ``stubs=yes``, a minimal framework per resource)."""
    context = _Context(tree, collection, path, options, notices)
    version = tree.text(context.metadata, "oscal-version", ROOT + ("metadata",)).strip()
    if not version.lstrip("vV").startswith("1.2"):
        notices.add(f"{imported(path)} declares oscal-version {version or '(none)'!s}, but the mapping-collection "
                    "model is OSCAL 1.2's: read as OSCAL 1.2", False)
    mappings = one_or_many(tree, collection, "mappings", ROOT)
    if not mappings:
        raise tree.problem(ROOT, "the collection holds no 'mappings'; " + tree.hint)
    if options.get("id") and len(mappings) > 1:
        raise ImportProblem(f"{path}: --option id= names one mapping, but the collection holds {len(mappings)}: "
                            "leave it out")
    documents, used = [], set()
    for number, (where, mapping) in enumerate(mappings):
        document = _mapping(context, mapping, where, number)
        base, n = document["id"], 1
        while document["id"] in used:
            n += 1
            document["id"] = f"{base}-{n}"
        used.add(document["id"])
        documents.append(document)
    if context.changed_ids:
        notices.add(f"{len(context.changed_ids)} id-ref(s) changed to fit crosswalk's id rule (',' -> ';', '@' -> "
                    f"'(at)', white space runs as one space): {_examples(context.changed_ids)}", True)
    if context.misfits:
        notices.add(f"{context.misfits} confidence-score(s) outside 0-1 or outside the strengths the OLIR rubric allows "
                    "for their relationship (equal 10, no-relationship 0, others 1-9): no strength, the score kept in "
                    "the row's note", True)
    if options.get("stubs", "").lower() in ("yes", "true", "1"):
        documents.extend(_stub(ref, stub, path) for ref, stub in context.stubs.items())
    elif options.get("stubs", "").lower() not in ("", "no", "false", "0"):
        raise ImportProblem(f"--option stubs={options['stubs']!r}: write stubs=yes or stubs=no")
    return documents


def _framework_ref(context: _Context, mapping: dict[str, Any], where: Where, side: str, first: bool) -> tuple[str, str, str]:
    """(the framework ref, the resource's href, a name for a stub) of a mapping's source or target."""
    tree = context.tree
    key = f"{side}-resource"
    resource = tree.child(mapping, key, where, dict, required=True)
    at = where + (key,)
    href = tree.text(resource, "href", at, numbers=False).strip()
    found = props(tree, resource, at)
    title = ""
    version = next((value for name, value in found.foreign if name == "version"), "")
    if href.startswith("#") and href[1:].lower() in context.resources:
        place, back = context.resources[href[1:].lower()]
        title = tree.text(back, "title", place).strip()
        back_props = props(tree, back, place)
        found.ours = {**back_props.ours, **found.ours}
        version = version or next((value for name, value in back_props.foreign if name == "version"), "")
    option = context.options.get(side)
    if first and option:
        ensure(bool(_REF.match(option)), tree, at, f"--option {side}={option!r} is no framework ref: write id@version")
        context.pinned[href] = option
    if href in context.pinned:
        return context.pinned[href], href, title or href
    if isinstance(found.ours.get("framework"), str):
        ref = found.ours["framework"]
        ensure(bool(_REF.match(ref)), tree, at + ("props",), f"prop framework {ref[:80]!r} is no framework ref (id@version)")
        return ref, href, title or ref
    stem = Path(href.split("#")[0].split("?")[0]).stem if href and not href.startswith("#") else ""
    if stem.lower() in ("catalog", "profile", "mapping", "") and href and not href.startswith("#"):
        stem = Path(href.split("#")[0]).parent.name
    name = slug(title or stem or side, side)
    return f"{name}@{version_text(version) if version else '1'}", href, title or href or name


def _mapping(context: _Context, mapping: dict[str, Any], where: Where, number: int) -> dict[str, Any]:
    tree, path, notices = context.tree, context.path, context.notices
    own = props(tree, mapping, where)
    ours = "mapping-id" in own.ours
    source, source_href, source_name = _framework_ref(context, mapping, where, "source", number == 0)
    target, target_href, target_name = _framework_ref(context, mapping, where, "target", number == 0)
    explicit = own.ours.get("row-rationale") == "explicit"
    inherited = (tree.text(mapping, "matching-rationale", where, numbers=False)
                 or tree.text(context.provenance, "matching-rationale", ROOT + ("provenance",), numbers=False))
    maps = tree.items(mapping, "maps", where, required=True)
    ensure(bool(maps), tree, where + ("maps",), "a mapping needs at least one map")
    rows = []
    for index, item in enumerate(maps):
        rows.append(_row(context, item, where + ("maps", index), ours, explicit, inherited,
                         {"source": (source, source_name), "target": (target, target_name)}))
    if context.options.get("id"):
        ident = id_option(context.options["id"])
    elif ours:
        ident = own.ours["mapping-id"]
        ensure(isinstance(ident, str), tree, where + ("props",), "prop mapping-id must be text")
    else:
        ident = f"{source.split('@')[0]}--{target.split('@')[0]}"[:150]
    title = tree.text(context.metadata, "title", ROOT + ("metadata",))
    document: dict[str, Any] = {"kind": "mapping", "id": ident, "title": title, "source": source, "target": target}
    if "title" in own.ours:
        document["title"] = own.ours["title"]
    if document["title"] in (None, ""):
        document.pop("title")
    relationships = {row["relationship"] for row in rows}
    if ours and "style" in own.ours:
        document["style"] = own.ours["style"]
    elif relationships & set(SUPPORTIVE):
        document["style"] = "supportive"
    else:
        document["style"] = "concept" if "related" in relationships else "strm"
    for key in ("comprehensive", "exhaustive_subsets"):
        if key.replace("_", "-") in own.ours:
            document[key] = own.ours[key.replace("_", "-")]
    document["provenance"] = _provenance(context, ours)
    notes = _notes(context, mapping, where, ours)
    if notes is not None:
        document["notes"] = notes
    document["rows"] = rows
    return {key: document[key] for key in MAPPING_ORDER if key in document}


def _provenance(context: _Context, ours: bool) -> dict[str, Any]:
    """The collection's provenance, read (and its notices given) once for all its mappings."""
    key = ("provenance", ours)
    if key not in context.read:
        context.read[key] = _read_provenance(context, ours)
    return dict(context.read[key])


def _read_provenance(context: _Context, ours: bool) -> dict[str, Any]:
    tree, notices, path = context.tree, context.notices, context.path
    where = ROOT + ("provenance",)
    given = context.provenance_props.ours if ours else {}
    prov: dict[str, Any] = {}
    roles = context.party_names()
    for role in ("author", "authority"):
        if role in given:
            prov[role] = given[role]
        elif roles.get(role):
            prov[role] = "; ".join(roles[role])
    if "author" not in prov:
        others = [name for role, names in roles.items() if role != "authority" for name in names]
        prov["author"] = "; ".join(others) or "unknown (the OSCAL mapping collection names no responsible party)"
    for key in ("document", "url", "imported_from", "reviewed_by", "reviewed"):
        if key.replace("_", "-") in given:
            prov[key] = given[key.replace("_", "-")]
    published = tree.text(context.metadata, "published", ROOT + ("metadata",), numbers=False)
    if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", published):
        prov["published"] = published[:10]
    method = tree.text(context.provenance, "method", where, numbers=False)
    if method in v.METHODS:
        prov["method"] = method
    else:
        prov["method"] = v.METHOD_ALIASES.get(method.lower(), "human")
        notices.add(f"provenance method {method or '(none)'!s} is not one of OSCAL's ({', '.join(v.METHODS)}): read as "
                    f"{prov['method']}", method.lower() not in v.METHOD_ALIASES)
    status = tree.text(context.provenance, "status", where, numbers=False)
    if "status" in given:
        prov["status"] = given["status"]
    elif status in v.OURS_FROM_STATUS:
        prov["status"] = v.OURS_FROM_STATUS[status]
    else:
        prov["status"] = v.STATUS_ALIASES.get(status.lower(), "draft")
        notices.add(f"provenance status {status or '(none)'!s} is not one of OSCAL's ({', '.join(v.OURS_FROM_STATUS)}): "
                    f"read as {prov['status']}", status.lower() not in v.STATUS_ALIASES)
    prov["judgement"] = given.get("judgement", "official")
    if not ours:
        prov["imported_from"] = f"OSCAL mapping collection {imported(path)} (crosswalk import oscal)"
        parts = [f"{key} {tree.text(context.metadata, key, ROOT + ('metadata',))}"
                 for key in ("version", "last-modified", "oscal-version") if context.metadata.get(key) is not None]
        uuid = tree.text(context.collection, "uuid", ROOT, numbers=False)
        prov["note"] = f"Collection {uuid}: {', '.join(parts)}." if uuid else f"{', '.join(parts)}."
        remarks = tree.text(context.provenance, "remarks", where).strip()
        if remarks:
            prov["note"] += f"\n{remarks}"
    elif "remarks" in context.provenance:
        prov["note"] = tree.text(context.provenance, "remarks", where)
    return {key: prov[key] for key in PROVENANCE_ORDER if key in prov}


def _gap_ids(tree: Tree, gap: dict[str, Any], where: Where) -> list[str]:
    ids = []
    for index, selection in enumerate(tree.items(gap, "unmapped-controls", where)):
        at = where + ("unmapped-controls", index)
        for i, ident in enumerate(tree.child(selection, "with-ids", at, list) or []):
            ensure(isinstance(ident, str), tree, at + ("with-ids", i), "expected a control id (text)")
            ids.append(ident)
        for i, match in enumerate(tree.items(selection, "matching", at)):
            pattern = tree.text(match, "pattern", at + ("matching", i))
            ids.append(v.glob_id(pattern) or f"(ids matching {pattern})")
    return ids


def _notes(context: _Context, mapping: dict[str, Any], where: Where, ours: bool) -> str | None:
    tree = context.tree
    where_p = ROOT + ("provenance",)
    if ours:
        given = context.provenance_props.ours
        return given["notes"] if "notes" in given else tree.text(context.provenance, "mapping-description", where_p)
    parts = [tree.text(context.provenance, "mapping-description", where_p).strip(),
             tree.text(mapping, "mapping-description", where).strip(), tree.text(mapping, "remarks", where).strip()]
    for side in ("source", "target"):
        gap = tree.child(mapping, f"{side}-gap-summary", where, dict)
        if gap:
            ids = _gap_ids(tree, gap, where + (f"{side}-gap-summary",))
            parts.append(f"OSCAL {side} gap summary (not mapped): {', '.join(ids)}.")
    extra = _measures(tree, mapping, where) + [f"{name}: {value}" for name, value in props(tree, mapping, where).foreign]
    if extra:
        parts.append("Mapping " + "; ".join(extra) + ".")
    text = "\n\n".join(dict.fromkeys(part for part in parts if part))
    return text or None


def _measures(tree: Tree, owner: dict[str, Any], where: Where, percentage: bool = True) -> list[str]:
    """Confidence (a category, or with ``percentage`` a percentage too) and coverage, in words, for a note."""
    out = []
    score = tree.child(owner, "confidence-score", where, dict)
    if score and "category" in score:
        out.append(f"confidence: {tree.text(score, 'category', where + ('confidence-score',))}")
    elif score and "percentage" in score and percentage:
        out.append(f"confidence: {tree.text(score, 'percentage', where + ('confidence-score',))}")
    coverage = tree.child(owner, "coverage", where, dict)
    if coverage:
        at = where + ("coverage",)
        method = tree.text(coverage, "generation-method", at)
        out.append(f"target coverage: {tree.text(coverage, 'target-coverage', at)}" + (f" ({method})" if method else ""))
    return out


def _ids(context: _Context, item: dict[str, Any], key: str, where: Where, side: str,
         framework: tuple[str, str]) -> list[str]:
    tree = context.tree
    entries = tree.items(item, key, where, required=True)
    ensure(bool(entries), tree, where + (key,), f"a map needs at least one of its {key}")
    ids = []
    for index, entry in enumerate(entries):
        at = where + (key, index)
        raw = tree.text(entry, "id-ref", at, required=True)
        kind = tree.text(entry, "type", at, numbers=False) or "control"
        ident = element_id(raw)
        if ident != raw:
            context.changed_ids.append(f"{raw[:60]!r} -> {ident[:60]!r}")
        if not ident or not ELEMENT_ID.match(ident):
            raise tree.problem(at + ("id-ref",), f"{raw[:80]!r} cannot be an element id, even changed")
        ids.append(ident)
        stub = context.stubs.setdefault(framework[0], {"name": framework[1], "elements": {}})
        stub["elements"].setdefault(ident, kind if v.TOKEN.match(kind) else "control")
    return ids


def _row(context: _Context, item: dict[str, Any], where: Where, ours: bool, explicit: bool, inherited: str,
         frameworks: dict[str, tuple[str, str]]) -> dict[str, Any]:
    tree, notices = context.tree, context.notices
    found = props(tree, item, where)
    given = found.ours if ours else {}
    word = tree.text(item, "relationship", where, required=True, numbers=False).strip()
    ns = tree.text(item, "ns", where, numbers=False)
    notes = []
    if ns == v.NS:
        ensure(word in CANONICAL, tree, where + ("relationship",), f"relationship {word[:60]!r} is none of crosswalk's")
        relationship = word
    elif word in v.OURS_FROM_OSCAL:
        relationship = v.OURS_FROM_OSCAL[word]
        if word == "equivalent-to":
            notes.append("OSCAL relationship: equivalent-to")
        if ns:
            notes.append(f"relationship namespace: {ns}")
    else:
        raise tree.problem(where + ("relationship",), f"unknown relationship {word[:60]!r}: OSCAL's are "
                                                      f"{', '.join(v.OURS_FROM_OSCAL)}")
    if given.get("relationship") == "related" and relationship == "intersects_with":
        relationship = "related"
    row: dict[str, Any] = {}
    for side, key in (("source", "sources"), ("target", "targets")):
        ids = _ids(context, item, key, where, side, frameworks[side])
        listed = str(given.get("listed", "")).split()
        row[side] = ids if len(ids) > 1 or side in listed else ids[0]
    row["relationship"] = given.get("relationship-as-written", relationship)
    own = tree.text(item, "matching-rationale", where, numbers=False)
    if "rationale" in given:
        row["rationale"] = given["rationale"]
    elif own or (inherited and not explicit):
        rationale = own or inherited
        if rationale in v.RATIONALES:
            row["rationale"] = rationale
        else:
            row["rationale"] = "unknown"
            notes.append(f"matching-rationale: {rationale}")
            notices.add(f"matching-rationale {rationale!r} is not one of OSCAL's ({', '.join(v.RATIONALES)}): row read "
                        "with rationale unknown", True)
    elif not ours:
        row["rationale"] = "unknown"
    score = tree.child(item, "confidence-score", where, dict)
    if score and "percentage" in score:
        percentage = score["percentage"]
        at = where + ("confidence-score", "percentage")
        ensure(isinstance(percentage, (int, float)) and not isinstance(percentage, bool), tree, at,
               "expected a number from 0 to 1")
        strength, exact = v.strength_of(float(percentage)) if 0 <= percentage <= 1 else (-1, False)
        low, high = v.STRENGTH_RANGES.get(str(given.get("relationship", relationship)), (0, 10))
        if strength >= 0 and (ours or low <= strength <= high):
            row["strength"] = strength
            if not exact:
                notes.append(f"confidence-score: {percentage}")
                notices.add(f"confidence-score {percentage} is not a whole tenth: strength {strength} (the score is "
                            "kept in the row's note)", True)
        else:
            notes.append(f"confidence-score: {percentage}")
            context.misfits += 1
    for key in ("judgement",):
        if key in given:
            row[key] = given[key]
    if "as-written" in given:
        row["as_written"] = given["as-written"]
    if not ours:
        notes.extend(_measures(tree, item, where, percentage=False))
        for index, qualifier in enumerate(tree.items(item, "qualifiers", where)):
            at = where + ("qualifiers", index)
            words = [tree.text(qualifier, key, at) for key in ("subject", "predicate", "category")]
            notes.append(f"qualifier ({', '.join(w for w in words if w)}): {tree.text(qualifier, 'description', at)}")
        notes.extend(f"{name}: {value}" for name, value in found.foreign)
    remarks = tree.text(item, "remarks", where)
    if ours and "remarks" in item:
        row["note"] = remarks
    elif remarks.strip() or notes:
        row["note"] = "\n".join(([remarks.strip()] if remarks.strip() else []) + notes)
    return {key: row[key] for key in ROW_ORDER if key in row}


def _stub(ref: str, stub: dict[str, Any], path: str) -> dict[str, Any]:
    """A minimal framework: the ids one collection names for ``ref``, flat, each its own title."""
    ident, version = ref.split("@", 1)
    kinds = list(dict.fromkeys(stub["elements"].values()))
    return {
        "kind": "framework", "id": ident, "version": version, "name": v.one_line(stub["name"], ref) or ref,
        "publisher": "unknown (a stub made from an OSCAL mapping collection)",
        "source": {"document": stub["name"],
                   "note": f"A stub written by 'crosswalk import oscal --option stubs=yes' from {imported(path)}: only the "
                           "ids the collection names, without hierarchy or text. Import the catalog itself when you "
                           "have it."},
        "levels": kinds,
        "elements": [{"id": element, "level": kind, "title": element} for element, kind in stub["elements"].items()],
    }
