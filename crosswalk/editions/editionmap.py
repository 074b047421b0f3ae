"""An edition map read as correspondences between the elements of two editions of one framework.

Why a module of its own: an edition map is an ordinary mapping file (reviewable, validated, usable
by the engine as a pivot), written in either direction. Migration needs it as "old element -> new
element, with the relation the row implies for that one pair", whichever way the file was written,
with the row kept so that every carried row or answer can name the edition row it went through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crosswalk import algebra as alg
from crosswalk.graph import pair_relation
from crosswalk.model import Framework, MappingRow, MappingSet
from crosswalk.workspace import Workspace, WorkspaceError


class MigrateError(WorkspaceError):
    """Input migration cannot use (an unknown edition map, one that joins other frameworks): exit code 2."""


@dataclass(frozen=True)
class Correspondence:
    """``old relation new`` for one pair of elements, as one edition row implies it."""

    old: str
    new: str
    relation: int
    row: MappingRow
    old_side: tuple[str, ...]
    new_side: tuple[str, ...]

    @property
    def is_equal(self) -> bool:
        return self.relation == alg.EQ

    def describe(self, mapping_id: str) -> str:
        """``edition map X row 4 (1.1.1 equal 1.2.1)``: the edition row, as its file states it."""
        return (f"edition map {mapping_id} row {self.row.index + 1} "
                f"({', '.join(self.row.sources)} {self.row.relationship} {', '.join(self.row.targets)})")


@dataclass
class EditionMap:
    mapping: MappingSet
    old: Framework
    new: Framework
    by_old: dict[str, list[Correspondence]] = field(default_factory=dict)
    by_new: dict[str, list[Correspondence]] = field(default_factory=dict)

    def counterparts(self, old_id: str) -> list[Correspondence]:
        """The new elements an old one corresponds to; a ``no_relationship`` row is no counterpart."""
        return [c for c in self.by_old.get(old_id, ()) if c.relation != alg.DR]


def load_edition_map(workspace: Workspace, map_id: str, old: Framework, new: Framework) -> EditionMap:
    """The edition map ``map_id`` of the library, read from ``old`` to ``new`` (it may be written either way)."""
    mapping = workspace.mapping(map_id)
    if mapping is None:
        known = sorted(m.id for m in workspace.mappings
                       if {m.source, m.target} & {old.ref, new.ref, old.id, new.id})
        hint = f" (mappings that name {old.ref} or {new.ref}: {', '.join(known)})" if known else ""
        raise MigrateError(f"--edition-map {map_id}: no mapping with that id in the library{hint}; "
                           "draft one with 'crosswalk diff --draft-edition-map' or pass its file with --library")
    ends = workspace.ends(mapping)
    refs = (ends[0].ref, ends[1].ref) if ends else (mapping.source, mapping.target)
    if set(refs) != {old.ref, new.ref}:
        raise MigrateError(f"--edition-map {map_id} ({mapping.path}) joins {refs[0]} and {refs[1]}, not {old.ref} "
                           f"and {new.ref}: name an edition map between the file's framework and --to")
    forward = refs == (old.ref, new.ref)
    edition = EditionMap(mapping, old, new)
    for row in mapping.rows:
        if mapping.style == "supportive" or not _is_set_relation(row.relationship):
            raise MigrateError(f"--edition-map {map_id}: row {row.index + 1} is {row.relationship!r}; an edition map "
                               "states set relations (equal, subset_of, superset_of, intersects_with)")
        relation = pair_relation(row.relationship, len(row.sources), len(row.targets))
        old_side, new_side = (row.sources, row.targets) if forward else (row.targets, row.sources)
        for a in row.sources:
            for b in row.targets:
                old_id, new_id, pair = (a, b, relation) if forward else (b, a, alg.converse(relation))
                found = Correspondence(old_id, new_id, pair, row, old_side, new_side)
                edition.by_old.setdefault(old_id, []).append(found)
                edition.by_new.setdefault(new_id, []).append(found)
    return edition


def _is_set_relation(relationship: str) -> bool:
    try:
        return alg.from_relationship(relationship) != alg.ALL
    except KeyError:
        return False
