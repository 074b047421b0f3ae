"""crosswalk mappings (and a report's answers) -> one OSCAL 1.2 ``mapping-collection`` (JSON).

Field mapping (the reader, :mod:`.mapping_reader`, uses the same table the other way; ``ns`` is
:data:`.vocabulary.NS`, "prop" means a prop in that namespace):

=================================== ===============================================================
crosswalk mapping                   OSCAL mapping-collection
=================================== ===============================================================
``id``                              the mapping's prop ``mapping-id``; UUIDs are version 5 of it
``title``                           ``metadata.title``
``source``, ``target``              ``source-resource`` / ``target-resource`` (type ``catalog``,
                                    ``href`` ``#`` + a ``back-matter`` resource holding the
                                    framework's name, prop ``framework`` = ``id@version``)
``style``, ``comprehensive``,       props of the mapping
``exhaustive_subsets``
``provenance.author``/``authority`` ``metadata.parties`` with roles ``author`` / ``authority``, named
                                    by ``provenance.responsible-parties``
``provenance.published``            ``metadata.published`` (midnight UTC); ``last-modified`` and
                                    ``version`` are that date (or ``--option date=``)
``provenance.method``               ``provenance.method`` (the same three words)
``provenance.status``               ``provenance.status``: draft, under-review -> not-complete,
                                    complete, final -> complete (prop ``status: final``), deprecated
``provenance.judgement``            prop ``judgement`` of the provenance
``provenance.document``/``url``/    props of the provenance
``imported_from``/``reviewed_by``/
``reviewed``
``provenance.note``                 ``provenance.remarks``
``notes``                           ``provenance.mapping-description`` (required: the title when
                                    there are no notes, and the prop ``notes: null``)
row                                 one ``map`` (its UUID from the mapping id and the row number)
row ``source`` / ``target``         ``sources`` / ``targets`` (type ``control``, ``id-ref`` the id);
                                    a list of one keeps the prop ``listed``
row ``relationship``                ``relationship`` (:data:`.vocabulary.OSCAL_WORD`; ``related``
                                    -> ``intersects-with`` with the prop ``relationship: related``;
                                    a supportive word is written as itself with ``ns``)
row ``rationale``                   ``matching-rationale`` (a list: its first, the whole list as a
                                    prop; ``unknown``: the prop only)
row ``strength``                    ``confidence-score.percentage`` = strength / 10
row ``judgement``, ``as_written``   props of the map
row ``note``                        the map's ``remarks``
elements no row names               ``source-gap-summary`` / ``target-gap-summary``
=================================== ===============================================================

OSCAL requires a ``provenance.matching-rationale`` for the whole collection: it is the rationale
most rows state (``semantic`` when none does), and the prop ``row-rationale: explicit`` says that
only maps naming their own ``matching-rationale`` state one, so rows without one stay without.

A report's answers (:func:`analysis_collection`): one map per (source element, target element)
pair the engine relates, direct or inferred, with the paths it rests on in the map's remarks and
props; the targets it leaves unknown or not covered are the target gap summary.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import date
from typing import Any, Iterable
from urllib.parse import quote

from crosswalk.formats import ExportProblem
from crosswalk.formats.oscal import vocabulary as v
from crosswalk.vocabulary import RATIONALES, SUPPORTIVE, normalise_relationship

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def checked_date(value: str, what: str) -> str:
    """``value`` if it is a real date OSCAL's date-time pattern accepts (years 1900-2999)."""
    try:
        day = date.fromisoformat(value) if _DATE.match(value) else None
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2999:
        raise ExportProblem(f"{what} {value!r} is not a date OSCAL can hold: write YYYY-MM-DD (1900-2999)")
    return value


def timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _id_ref(ident: str, where: str) -> str:
    if not v.is_string(ident):
        raise ExportProblem(f"{where}: element id {ident[:80]!r} holds a line break OSCAL's id-ref cannot carry")
    return ident


def _resource(framework: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the ``source-resource``/``target-resource`` reference, its back-matter resource)."""
    ref = f"{framework['id']}@{framework['version']}"
    ident = v.stable_uuid("resource", ref)
    resource: dict[str, Any] = {"uuid": ident, "title": v.one_line(str(framework["name"]), ref),
                                "props": [v.prop("framework", ref)]}
    url = (framework.get("source") or {}).get("url")
    if url:
        resource["rlinks"] = [{"href": quote(url, safe=":/?#[]@!$&'()*+,;=%~")}]
    reference = {"type": "catalog", "href": f"#{ident}", "props": [v.prop("framework", ref)]}
    return reference, resource


def _gap(ids: Iterable[str], name: str, where: str) -> dict[str, Any] | None:
    """A gap summary naming ``ids``: tokens in ``with-ids``, other ids as literal glob patterns."""
    ids = list(ids)
    if not ids:
        return None
    selection: dict[str, Any] = {}
    tokens = [ident for ident in ids if v.TOKEN.match(ident)]
    others = [ident for ident in ids if not v.TOKEN.match(ident)]
    if tokens:
        selection["with-ids"] = tokens
    if others:
        selection["matching"] = [{"pattern": v.glob_literal(_id_ref(ident, where))} for ident in others]
    return {"uuid": v.stable_uuid("gap", name), "unmapped-controls": [selection]}


def _items(ids: Any, where: str) -> list[dict[str, str]]:
    values = ids if isinstance(ids, list) else [ids]
    return [{"type": "control", "id-ref": _id_ref(str(ident), where)} for ident in values]


def _map(mapping_id: str, number: int, row: dict[str, Any]) -> dict[str, Any]:
    where = f"mapping {mapping_id}: row {number}"
    written = str(row["relationship"])
    relationship = normalise_relationship(written) or written
    item: dict[str, Any] = {"uuid": v.stable_uuid("map", mapping_id, str(number))}
    props = []
    if relationship in v.OSCAL_WORD:
        item["relationship"] = v.OSCAL_WORD[relationship]
        if relationship == "related":
            props.append(v.prop("relationship", "related"))
    elif relationship in SUPPORTIVE and v.TOKEN.match(relationship):
        item["ns"] = v.NS  # a supportive word OSCAL lacks, qualified by our namespace as OSCAL provides
        item["relationship"] = relationship
    else:
        raise ExportProblem(f"{where}: relationship {written!r} has no OSCAL equivalent")
    if written != relationship:
        props.append(v.prop("relationship-as-written", written))
    rationale = row.get("rationale")
    if isinstance(rationale, str) and rationale in RATIONALES:
        item["matching-rationale"] = rationale
    elif isinstance(rationale, list):
        item["matching-rationale"] = rationale[0]
        props.append(v.prop("rationale", rationale))
    elif rationale is not None:
        props.append(v.prop("rationale", rationale))
    item["sources"] = _items(row["source"], where)
    item["targets"] = _items(row["target"], where)
    if "strength" in row:
        item["confidence-score"] = v.confidence(int(row["strength"]))
    if "judgement" in row:
        props.append(v.prop("judgement", row["judgement"]))
    if "as_written" in row:
        props.append(v.prop("as-written", row["as_written"]))
    listed = [side for side in ("source", "target") if isinstance(row[side], list) and len(row[side]) == 1]
    if listed:
        props.append(v.prop("listed", " ".join(listed)))
    if props:
        item["props"] = props
    if "note" in row:
        item["remarks"] = row["note"]
    return item


def _parties(provenance: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]],
                                                  list[dict[str, str]]]:
    """(metadata roles, metadata parties, provenance responsible-parties, override props) for the
    author and the authority; a name that is not one line goes whole into a prop."""
    roles, parties, responsible, props = [], [], [], []
    for role in ("author", "authority"):
        name = provenance.get(role)
        if not name:
            continue
        shown = v.one_line(str(name), role)
        if shown != name:
            props.append(v.prop(role, name))
        party = v.stable_uuid("party", shown)
        roles.append({"id": role, "title": role.capitalize()})
        if party not in {p["uuid"] for p in parties}:
            parties.append({"uuid": party, "type": "organization", "name": shown})
        responsible.append({"role-id": role, "party-uuids": [party]})
    return roles, parties, responsible, props


def _metadata(title: str, day: str, published: str | None, roles: list[Any], parties: list[Any]) -> dict[str, Any]:
    metadata: dict[str, Any] = {"title": title}
    if published:
        metadata["published"] = timestamp(published)
    metadata.update({"last-modified": timestamp(day), "version": day, "oscal-version": v.OSCAL_VERSION})
    if roles:
        metadata["roles"] = roles
        metadata["parties"] = parties
    return metadata


def _sealed(collection: dict[str, Any], *name: str) -> dict[str, Any]:
    """The document with the collection's UUID: version 5 of ``name`` and the content, so that it
    changes when the document is revised (as OSCAL asks) and never otherwise."""
    digest = hashlib.sha256(json.dumps(collection, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()
    return {"mapping-collection": {"uuid": v.stable_uuid("collection", *name, digest), **collection}}


def mapping_collection(document: dict[str, Any], source: dict[str, Any], target: dict[str, Any],
                       day: str | None = None) -> dict[str, Any]:
    """The OSCAL mapping collection of one crosswalk mapping (a valid document) between the frameworks
    ``source`` and ``target``; ``day`` (YYYY-MM-DD) dates it, else the mapping's provenance date."""
    ident = str(document["id"])
    provenance = dict(document["provenance"])
    published = provenance.get("published")
    if published:
        checked_date(str(published), f"mapping {ident}: provenance.published")
    day = day or published
    if not day:
        raise ExportProblem(f"mapping {ident} has no provenance.published date to date the collection: "
                            "give one with --option date=YYYY-MM-DD")
    checked_date(day, "--option date=")
    roles, parties, responsible, party_props = _parties(provenance)
    rows = list(document["rows"])
    counted = Counter(r["rationale"] for r in rows if isinstance(r.get("rationale"), str) and r["rationale"] in RATIONALES)
    default = max(RATIONALES, key=lambda word: (counted[word], word == "semantic")) if counted else "semantic"

    status = str(provenance["status"])
    prov: dict[str, Any] = {"method": provenance["method"], "matching-rationale": default,
                            "status": v.OSCAL_STATUS[status]}
    notes = document.get("notes")
    title = document.get("title")
    description = notes if isinstance(notes, str) and notes.strip() else (title or ident)
    prov["mapping-description"] = description
    if responsible:
        prov["responsible-parties"] = responsible
    props = [v.prop("judgement", provenance["judgement"])]
    if v.OURS_FROM_STATUS[v.OSCAL_STATUS[status]] != status:
        props.append(v.prop("status", status))
    for key in ("document", "url", "imported_from", "reviewed_by", "reviewed"):
        if key in provenance:
            props.append(v.prop(key.replace("_", "-"), provenance[key]))
    props.extend(party_props)
    if notes != description:
        props.append(v.prop("notes", notes))
    prov["props"] = props
    if "note" in provenance:
        prov["remarks"] = provenance["note"]

    source_ref, source_resource = _resource(source)
    target_ref, target_resource = _resource(target)
    mapping_props = [v.prop("mapping-id", ident), v.prop("style", document["style"])]
    for key in ("comprehensive", "exhaustive_subsets"):
        if key in document:
            mapping_props.append(v.prop(key.replace("_", "-"), document[key]))
    mapping_props.append(v.prop("row-rationale", "explicit"))
    shown_title = v.one_line(str(title), ident) if title else ident
    if title != shown_title:
        mapping_props.append(v.prop("title", title))
    mapping: dict[str, Any] = {"uuid": v.stable_uuid("mapping", ident), "source-resource": source_ref,
                               "target-resource": target_ref,
                               "maps": [_map(ident, n, row) for n, row in enumerate(rows, start=1)],
                               "props": mapping_props}
    named = {"source": set(), "target": set()}
    for row in rows:
        for side in named:
            named[side].update(row[side] if isinstance(row[side], list) else [row[side]])
    for side, framework in (("source", source), ("target", target)):
        gap = _gap((str(e["id"]) for e in framework["elements"] if e["id"] not in named[side]),
                   f"{ident}/{side}", f"mapping {ident}: {side} framework")
        if gap:
            mapping[f"{side}-gap-summary"] = gap
    collection = {"metadata": _metadata(shown_title, day, published, roles, parties), "provenance": prov,
                  "mappings": [mapping], "back-matter": {"resources": _unique([source_resource, target_resource])}}
    return _sealed(collection, "mapping", ident)


def _unique(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for resource in resources:
        seen.setdefault(resource["uuid"], resource)
    return list(seen.values())


def dumps(collection: dict[str, Any]) -> bytes:
    """The JSON bytes (UTF-8): two-space indented, keys in the order written, ending in a newline."""
    return (json.dumps(collection, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
