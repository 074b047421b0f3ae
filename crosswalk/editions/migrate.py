"""Carry a mapping or a profile from one edition of a framework to another through an edition map.

Why through an edition map and the algebra: which new element an old one became, and how (equal,
a part of it, a whole it became part of), is a judgement a person reviews in the edition map. What
that implies for a mapping row is not a judgement: ``old subset_of y`` and ``new superset_of old``
imply ``new ? y`` only as far as the RCC5 table says (:func:`crosswalk.algebra.compose`), and a row
whose composition no row of the mapping's style can state is listed as not carried, never guessed.
A profile's answers are combined where elements merge by the engine's own rule for a parent's
status (:func:`crosswalk.coverage.combine`), so a migrated profile says what the old one would
have said of the merged element. Nothing is dropped silently: every row or entry that is not
carried is listed with the reason, and every one carried otherwise than unchanged is marked for review.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosswalk import algebra as alg
from crosswalk import vocabulary as v
from crosswalk.coverage import combine
from crosswalk.editions.editionmap import Correspondence, EditionMap, MigrateError, load_edition_map
from crosswalk.findings import ERROR
from crosswalk.graph import pair_relation
from crosswalk.model import Framework, MappingRow, MappingSet, Profile, mapping_from, natural_key, profile_from
from crosswalk.workspace import Workspace, read_document
from crosswalk.rules.strength import RANGES

UNCHANGED, COMPOSED, MERGED, SPLIT, NOT_CARRIED = "unchanged", "composed", "merged", "split", "not carried"
HOWS = (UNCHANGED, COMPOSED, MERGED, SPLIT, NOT_CARRIED)

_WRITABLE_STRM = {alg.EQ: v.EQUAL, alg.PP: v.SUBSET_OF, alg.PPI: v.SUPERSET_OF, alg.PO: v.INTERSECTS_WITH,
                  alg.DR: v.NO_RELATIONSHIP}


@dataclass
class Item:
    """What happened to one row or entry: the report's unit (json) and the stderr summary's."""

    how: str
    old: list[str]
    new: list[str] = field(default_factory=list)
    row: int | None = None  # the input row (1-based) for a mapping
    relationship: str = ""
    status: str = ""
    through: list[str] = field(default_factory=list)
    reason: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"how": self.how, "old": self.old, "new": self.new}
        if self.row is not None:
            out["row"] = self.row
        for key in ("relationship", "status", "reason"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["through"] = self.through
        return out


@dataclass
class Migration:
    """The document to write and what happened to each row or entry."""

    kind: str
    document: dict[str, Any]
    items: list[Item]
    old: str
    new: str
    edition_map: str
    notices: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    """New elements no edition row reaches (for a profile: elements left to assess)."""

    def counts(self) -> dict[str, int]:
        return {how: sum(1 for item in self.items if item.how == how) for how in HOWS}

    @property
    def not_carried(self) -> list[Item]:
        return [item for item in self.items if item.how == NOT_CARRIED]


def writable(relation: int, style: str) -> str | None:
    """The one relationship a row of ``style`` writes for exactly ``relation``, or None when none can.

    Only an exact statement is written: ``subset_of or equal`` is not ``subset_of``, and a strm row
    cannot say ``related``; writing a weaker or a stronger word would be a guess."""
    if style == "strm":
        return _WRITABLE_STRM.get(relation)
    if style == "concept":
        if relation == alg.DR:
            return v.NO_RELATIONSHIP
        if relation and relation & ~alg.RELATED == 0:
            return v.RELATED
    return None


def new_id(old_id: str, old: Framework, new: Framework) -> str:
    """The migrated document's id: the old edition's slug in it replaced by the new one's, else a suffix.

    Why a new id: the old document usually stays in the library, and two documents with one id are
    an error."""
    old_slug, new_slug = (f"{fw.id}-{fw.version}".lower() for fw in (old, new))
    if old_slug in old_id and old_slug != new_slug:
        return old_id.replace(old_slug, new_slug)
    if old.id == new.id and old.version.lower() in old_id:
        return old_id.replace(old.version.lower(), new.version.lower())
    return f"{old_id}--{new_slug}"


def _strength(relationship: str, strengths: list[int | None]) -> int | None:
    """The weakest declared strength on the way, kept inside the OLIR range of the new relationship."""
    bounds = RANGES.get(relationship)
    known = [s for s in strengths if s is not None]
    if bounds is None or not known:
        return None
    low, high = bounds
    return max(low, min(high, min(known)))


# ---------------------------------------------------------------- mappings

@dataclass
class _Candidate:
    """One row of the migrated mapping before rows naming the same pair are joined."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    relation: int
    relationship: str
    raw: dict[str, Any]
    composed: bool
    origins: list[Item]


def migrate_mapping(mapping: MappingSet, data: dict[str, Any], edition: EditionMap, side: str,
                    document_id: str) -> Migration:
    """Carry ``mapping`` (``data`` is its file's content) across ``edition``; ``side`` ("source" or
    "target") is the side that names the old edition."""
    candidates: list[_Candidate] = []
    items: list[Item] = []
    for row in mapping.rows:
        found, lost = _carry_row(mapping, data["rows"][row.index], row, edition, side)
        candidates.extend(found)
        items.extend(lost)
    rows, joined_items = _join(candidates, mapping.style)
    items = sorted(items + joined_items, key=lambda item: (item.row or 0, item.how))
    composed = any(item.how == COMPOSED for item in items)
    document = copy.deepcopy(data)
    document["id"] = document_id
    document[side] = edition.new.ref
    document["rows"] = rows
    provenance = document["provenance"]
    notices: list[str] = []
    if composed:
        provenance["status"] = "under-review"
        if provenance.get("judgement") == "official":
            provenance["judgement"] = "mixed"
            notices.append("provenance.judgement is now mixed: composed rows are our judgement, the others official")
    for claim in ("comprehensive", "exhaustive_subsets"):
        if document.get(claim) and (composed or any(item.how == NOT_CARRIED for item in items)):
            document[claim] = False
            notices.append(f"{claim}: true was the old mapping's claim; it is not carried, since rows were "
                           "composed or not carried: check it and set it again")
    document["notes"] = _joined(data.get("notes", ""), _summary_note(mapping.id, edition, items))
    return Migration("mapping", document, items, edition.old.ref, edition.new.ref, edition.mapping.id, notices)


def _carry_row(mapping: MappingSet, raw: dict[str, Any], row: MappingRow, edition: EditionMap,
               side: str) -> tuple[list[_Candidate], list[Item]]:
    old_ids = row.sources if side == "source" else row.targets
    other = row.targets if side == "source" else row.sources
    matches = {old: edition.counterparts(old) for old in old_ids}
    base = Item(NOT_CARRIED, list(old_ids), row=row.index + 1, relationship=row.relationship)
    lost = [old for old, found in matches.items() if not found]
    if len(lost) == len(old_ids):
        base.reason = _no_counterpart(lost, edition)
        return [], [base]
    if not lost and all(len(found) == 1 and found[0].is_equal for found in matches.values()):
        new_ids = tuple(dict.fromkeys(matches[old][0].new for old in old_ids))
        item = Item(UNCHANGED, list(old_ids), list(new_ids), row.index + 1, row.relationship,
                    through=[matches[old][0].describe(edition.mapping.id) for old in old_ids])
        sources, targets = (new_ids, other) if side == "source" else (other, new_ids)
        relation = pair_relation(row.relationship, len(sources), len(targets))
        return [_Candidate(sources, targets, relation, row.relationship, _renamed(raw, side, new_ids), False,
                           [item])], []
    lost_items = []
    if lost:
        lost_items.append(Item(NOT_CARRIED, lost, row=row.index + 1, relationship=row.relationship,
                               reason=_no_counterpart(lost, edition) + " (the row's other elements are carried)"))
    per_new: dict[str, tuple[int, list[Correspondence]]] = {}
    for old in old_ids:
        # the old element alone against the other side taken whole (one union), as the engine reads rows
        if side == "source":
            alone = pair_relation(row.relationship, len(old_ids), 1)
        else:
            alone = pair_relation(row.relationship, 1, len(old_ids))
        for match in matches[old]:
            if side == "source":  # new ? other = converse(old -> new) o (old -> other)
                relation = alg.compose(alg.converse(match.relation), alone)
            else:  # other ? new = (other -> old) o (old -> new)
                relation = alg.compose(alone, match.relation)
            previous = per_new.get(match.new)
            per_new[match.new] = (relation if previous is None else previous[0] & relation,
                                  ([] if previous is None else previous[1]) + [match])
    found: list[_Candidate] = []
    for new, (relation, matches_used) in per_new.items():
        through = list(dict.fromkeys(m.describe(edition.mapping.id) for m in matches_used))
        olds = list(dict.fromkeys(m.old for m in matches_used))
        relationship = writable(relation, mapping.style)
        if relationship is None:
            what = "a supportive relationship states no set relation" if mapping.style == "supportive" else \
                f"the algebra gives '{alg.describe(relation)}'"
            lost_items.append(Item(NOT_CARRIED, olds, [new], row.index + 1, row.relationship, through=through,
                                   reason=f"{what}, which a {mapping.style} row cannot state: write this row by hand"))
            continue
        strength = _strength(relationship, [row.strength, *(m.row.strength for m in matches_used)])
        item = Item(COMPOSED, olds, [new], row.index + 1, relationship, through=through,
                    reason=f"{row.relationship} composed with the edition row{'s' if len(through) > 1 else ''} "
                           f"gives {alg.describe(relation)}")
        sources, targets = ((new,), other) if side == "source" else (other, (new,))
        new_raw = _renamed(raw, side, (new,))
        new_raw["relationship"] = relationship
        new_raw["judgement"] = "ours"
        if strength is None:
            new_raw.pop("strength", None)
        else:
            new_raw["strength"] = strength
        new_raw["note"] = _joined(f"Carried to {edition.new.ref} from {', '.join(olds)} (row {row.index + 1}: "
                                  f"{row.relationship}) through {'; '.join(through)}: the algebra gives "
                                  f"{alg.describe(relation)}. Review.", raw.get("note", ""))
        new_raw = _ordered(new_raw)
        found.append(_Candidate(sources, targets, relation, relationship, new_raw, True, [item]))
    return found, lost_items


def _join(candidates: list[_Candidate], style: str) -> tuple[list[dict[str, Any]], list[Item]]:
    """Rows naming the same pair become one: both statements hold, so their relations are intersected."""
    groups: dict[tuple[frozenset[str], frozenset[str]], list[_Candidate]] = {}
    for candidate in candidates:
        groups.setdefault((frozenset(candidate.sources), frozenset(candidate.targets)), []).append(candidate)
    rows: list[dict[str, Any]] = []
    items: list[Item] = []
    for group in groups.values():
        first = group[0]
        origins = [item for candidate in group for item in candidate.origins]
        if len(group) == 1:
            rows.append(first.raw)
            items.extend(origins)
            continue
        relation = alg.ALL
        for candidate in group:
            relation &= candidate.relation
        names = {candidate.relationship for candidate in group}
        relationship = first.relationship if len(names) == 1 else writable(relation, style)
        if relationship is None:
            for item in origins:
                item.how, item.reason = NOT_CARRIED, (
                    f"rows {', '.join(str(o.row) for o in origins)} all become "
                    f"{'+'.join(first.sources)} -> {'+'.join(first.targets)}, and together they give "
                    f"'{alg.describe(relation)}', which a {style} row cannot state: write this row by hand")
            items.extend(origins)
            continue
        chosen = next((c for c in group if c.relationship == relationship and not c.composed), None) or \
            next((c for c in group if c.relationship == relationship), first)
        raw = dict(chosen.raw)
        raw["relationship"] = relationship
        others = [str(o.row) for o in origins if o not in chosen.origins]
        raw["note"] = _joined(raw.get("note", ""), f"Rows {', '.join(others)} of the old mapping become the same "
                                                   f"pair; joined here ({alg.describe(relation)}).")
        if any(c.composed for c in group):
            raw["judgement"] = "ours"
            strength = _strength(relationship, [c.raw.get("strength") for c in group])
            raw.pop("strength", None)
            if strength is not None:
                raw["strength"] = strength
            for item in origins:
                if item.how == UNCHANGED:
                    item.how = COMPOSED
        rows.append(_ordered(raw))
        items.extend(origins)
    return rows, items


def _renamed(raw: dict[str, Any], side: str, new_ids: tuple[str, ...]) -> dict[str, Any]:
    out = copy.deepcopy(raw)
    out[side] = list(new_ids) if isinstance(raw[side], list) or len(new_ids) > 1 else new_ids[0]
    return out


_ROW_KEYS = ("source", "target", "relationship", "rationale", "strength", "judgement", "as_written", "note")


def _ordered(raw: dict[str, Any]) -> dict[str, Any]:
    return {key: raw[key] for key in _ROW_KEYS if key in raw}


def _no_counterpart(old_ids: list[str], edition: EditionMap) -> str:
    said = [old for old in old_ids if edition.by_old.get(old)]
    if said:
        return (f"the edition map {edition.mapping.id} says {', '.join(said)} has no relationship to any element of "
                f"{edition.new.ref}")
    missing = [old for old in old_ids if old not in edition.old.elements]
    if missing:
        return f"{', '.join(missing)} is not an element of {edition.old.ref}"
    return f"no row of the edition map {edition.mapping.id} names {', '.join(old_ids)}"


def _joined(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def _summary_note(what: str, edition: EditionMap, items: list[Item]) -> str:
    counts = {how: sum(1 for item in items if item.how == how) for how in HOWS}
    said = ", ".join(f"{n} {how}" for how, n in counts.items() if n)
    return (f"Carried from {edition.old.ref} to {edition.new.ref} by crosswalk migrate through the edition map "
            f"{edition.mapping.id} ({said}); rows and entries whose note says 'Review' were composed, merged or "
            "split and need a person's check.")


# ---------------------------------------------------------------- profiles

def migrate_profile(profile: Profile, data: dict[str, Any], edition: EditionMap, document_id: str) -> Migration:
    """Carry ``profile`` (``data`` is its file's content) across ``edition``."""
    raws = data["entries"]
    items: list[Item] = []
    incoming: dict[str, list[tuple[Any, dict[str, Any], Correspondence]]] = {}
    seen: set[str] = set()
    for entry in profile.entries:
        if entry.element in seen:  # a repeated entry is a validate finding; the first one counts, as in the engine
            continue
        seen.add(entry.element)
        matches = edition.counterparts(entry.element)
        if not matches:
            items.append(Item(NOT_CARRIED, [entry.element], status=entry.status,
                              reason=_no_counterpart([entry.element], edition)))
            continue
        for match in matches:
            incoming.setdefault(match.new, []).append((entry, raws[entry.index], match))
    entries = []
    for new in sorted(incoming, key=lambda ident: _order(edition.new, ident)):
        entry, item = _carry_entry(new, incoming[new], edition)
        entries.append(entry)
        items.append(item)
    answered = set(incoming)
    added = [ident for ident in edition.new.elements
             if edition.new.is_leaf(ident) and ident not in edition.by_new and ident not in answered]
    document = {key: copy.deepcopy(value) for key, value in data.items() if key != "entries"}
    document["id"] = document_id
    document["framework"] = edition.new.ref
    document["notes"] = _joined(data.get("notes", ""), _summary_note(profile.id, edition, items))
    document["entries"] = entries
    return Migration("profile", document, items, edition.old.ref, edition.new.ref, edition.mapping.id, added=added)


def _order(framework: Framework, ident: str) -> tuple[int, Any]:
    element = framework.elements.get(ident)
    return (element.index, ()) if element is not None else (len(framework.elements), natural_key(ident))


def _carry_entry(new: str, sources: list[tuple[Any, dict[str, Any], Correspondence]],
                 edition: EditionMap) -> tuple[dict[str, Any], Item]:
    through = list(dict.fromkeys(match.describe(edition.mapping.id) for _, _, match in sources))
    olds = [entry.element for entry, _, _ in sources]
    if len(sources) == 1 and sources[0][2].is_equal:
        entry, raw, _ = sources[0]
        out = {**copy.deepcopy(raw), "element": new}
        return out, Item(UNCHANGED, olds, [new], status=entry.status, through=through)
    status = combine(entry.status for entry, _, _ in sources)
    whole = _made_up(new, sources)
    old_ref, new_ref = edition.old.ref, edition.new.ref
    reasons = []
    if len(sources) == 1 and sources[0][2].relation & ~alg.COVERS == 0:
        old = olds[0]
        parts = [match.new for match in edition.counterparts(old)]
        how = SPLIT if len(parts) > 1 else COMPOSED
        became = f"was split into {', '.join(parts)}" if len(parts) > 1 else "became narrower"
        reasons.append(f"{old_ref} {old} {became}: {new_ref} {new} is a part of it, so it gets {old}'s answer "
                       f"({status}), as every part of an answered element does")
    else:
        how = MERGED if len(sources) > 1 else COMPOSED
        said = ", ".join(f"{entry.element} ({entry.status})" for entry, _, _ in sources)
        reasons.append(f"the answers of {old_ref} {said} combined as a parent's are: {status}" if len(sources) > 1
                       else f"{old_ref} {olds[0]} ({sources[0][0].status}) is "
                            f"{alg.describe(sources[0][2].relation)} {new_ref} {new}")
    if status == "implemented" and not whole:
        status = "partial"
        reasons.append(f"but the edition map does not say that {', '.join(olds)} make{'s' if len(olds) == 1 else ''} "
                       f"up {new_ref} {new}, so its other part is not answered: partial")
    unanswered = sorted({old for _, _, match in sources for old in match.old_side} - set(olds), key=natural_key)
    if unanswered:
        reasons.append(f"{', '.join(unanswered)} of the same edition row{'s' if len(through) > 1 else ''} had no answer")
    reason = "; ".join(reasons)
    out: dict[str, Any] = {"element": new, "status": status}
    evidence = _unique(raw.get("evidence", "") for _, raw, _ in sources)
    if evidence:
        out["evidence"] = evidence[0] if len(sources) == 1 else "; ".join(
            f"{entry.element}: {raw['evidence']}" for entry, raw, _ in sources if raw.get("evidence"))
    owners = _unique(raw.get("owner", "") for _, raw, _ in sources)
    if owners:
        out["owner"] = ", ".join(owners)
    notes = _unique(raw.get("note", "") for _, raw, _ in sources)
    out["note"] = _joined(f"Carried to {edition.new.ref} from {', '.join(olds)} through {'; '.join(through)}: "
                          f"{reason}. Review.", *notes)
    return out, Item(how, olds, [new], status=status, through=through, reason=reason)


def _made_up(new: str, sources: list[tuple[Any, dict[str, Any], Correspondence]]) -> bool:
    """Whether the answered old elements make up ``new`` as the edition map states it: one of them
    contains it, or an ``equal`` row names ``new`` alone on its side and only answered old elements."""
    answered = {entry.element for entry, _, _ in sources}
    for _, _, match in sources:
        if match.relation & ~alg.COVERS == 0:
            return True
        if match.row.relationship == v.EQUAL and match.new_side == (new,) and set(match.old_side) <= answered:
            return True
    return False


def _unique(values: Any) -> list[str]:
    return [value for value in dict.fromkeys(str(value).strip() for value in values) if value]


__all__ = ["Migration", "Item", "MigrateError", "migrate_mapping", "migrate_profile", "writable", "new_id"]


# ---------------------------------------------------------------- files

def migrate_file(workspace: Workspace, path: str, to_ref: str, map_id: str, document_id: str | None = None) -> Migration:
    """Read ``path`` (a mapping or a profile), find which of its frameworks the edition map ``map_id``
    joins to ``to_ref``, and carry it there."""
    document, findings, skip = read_document(Path(path))
    errors = [finding for finding in findings if finding.level == ERROR]
    if errors or skip is None:
        first = errors[0] if errors else None
        where = f"{first.place}: {first.message}" if first else f"{path}: cannot be read"
        raise MigrateError(f"cannot migrate {where} (run 'crosswalk validate {path}' and fix it first)")
    if document.kind not in ("mapping", "profile"):
        raise MigrateError(f"{document.place(('kind',))}: this is a {document.kind}; migrate carries a mapping "
                           "or a profile to another edition (for a framework, see 'crosswalk diff')")
    new = workspace.require_framework(to_ref)
    if document.kind == "profile":
        profile = profile_from(document.data, document.path)
        old = _framework(workspace, profile.framework, document, ("framework",))
        if old.ref == new.ref:
            raise MigrateError(f"{document.place(('framework',))}: the profile is already on {new.ref}")
        edition = load_edition_map(workspace, map_id, old, new)
        return migrate_profile(profile, document.data, edition, document_id or new_id(profile.id, old, new))
    mapping = mapping_from(document.data, document.path)
    ends = {side: _framework(workspace, getattr(mapping, side), document, (side,)) for side in ("source", "target")}
    side = _old_side(workspace, map_id, mapping, ends, new)
    edition = load_edition_map(workspace, map_id, ends[side], new)
    return migrate_mapping(mapping, document.data, edition, side, document_id or new_id(mapping.id, ends[side], new))


def _old_side(workspace: Workspace, map_id: str, mapping: MappingSet, ends: dict[str, Framework],
              new: Framework) -> str:
    """Which side of the mapping names the edition the edition map joins to ``new`` (source first)."""
    edition_mapping = workspace.mapping(map_id)
    if edition_mapping is None:
        return "source"  # load_edition_map says the map is unknown, with the ones that would fit
    edition_ends = workspace.ends(edition_mapping)
    joined = {fw.ref for fw in edition_ends} if edition_ends else {edition_mapping.source, edition_mapping.target}
    for side in ("source", "target"):
        if ends[side].ref != new.ref and ends[side].ref in joined and new.ref in joined:
            return side
    if new.ref in (ends["source"].ref, ends["target"].ref):
        raise MigrateError(f"{mapping.path}: the mapping already names {new.ref}")
    raise MigrateError(f"--edition-map {map_id} joins {' and '.join(sorted(joined))}; the mapping {mapping.id} joins "
                       f"{ends['source'].ref} and {ends['target'].ref}: no side of it is joined to {new.ref} by that "
                       "edition map")


def _framework(workspace: Workspace, ref: str, document: Any, at: tuple[str, ...]) -> Framework:
    found = workspace.framework(ref)
    if found is None:
        raise MigrateError(f"{document.place(at)}: no framework {ref!r} in the library (see 'crosswalk list')")
    return found
