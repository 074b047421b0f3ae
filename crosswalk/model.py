"""Typed views of the four document kinds, built from data that has passed the schema check.

Why separate from the YAML: the rest of the engine works with ids, tuples and canonical
relationship names, never with raw dictionaries or aliases. Every object keeps the file it came
from and the index of its row so that a finding can always point back at a line.
"""

from __future__ import annotations

import re

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Iterable

from crosswalk.vocabulary import normalise_relationship


def nfc(ident: str) -> str:
    """An id in Unicode NFC (ASCII ids, nearly all of them, are returned as they are at no cost)."""
    return ident if ident.isascii() else unicodedata.normalize("NFC", ident)


_DIGITS = re.compile(r"(\d+)")


def natural_key(ident: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders ids as people number them: 1.2 < 1.10 < 12.1 (text order puts 1.10 first).

    Each run of digits compares as a number, the rest as text (digits before text, so keys of
    mixed ids never compare an int with a str)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(ident) if part)


def split_ref(ref: str) -> tuple[str, str | None]:
    """``"nist-ai-rmf@1.0"`` -> ``("nist-ai-rmf", "1.0")``; a bare id has version None."""
    if "@" in ref:
        ident, version = ref.split("@", 1)
        return ident, version
    return ref, None


@dataclass(frozen=True)
class ElementLink:
    """A typed pointer from one element to another of the same framework (an AI 600-1 action to the
    GAI risk it addresses). It is part of the publisher's text, not a mapping: coverage never follows it."""

    element: str
    type: str = ""


@dataclass(frozen=True)
class Element:
    id: str
    title: str
    text: str = ""
    parent: str | None = None
    level: str | None = None
    wording: str = "official"
    citation: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    links: tuple[ElementLink, ...] = ()
    index: int = 0


@dataclass
class Framework:
    id: str
    version: str
    name: str
    publisher: str
    levels: tuple[str, ...]
    elements: dict[str, Element]
    path: str
    published: str = ""
    source: dict[str, Any] = field(default_factory=dict)
    licence: str = ""
    description: str = ""
    short_name: str = ""
    mappings_expect_leaves: bool = False
    children: dict[str, list[str]] = field(default_factory=dict)
    declared: tuple[Element, ...] = ()
    """Every element that passed the schema, in file order, repeated ids included (``elements``
    keeps the first of each id): what the unique-ids rule and link checks read."""

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def roots(self) -> list[str]:
        return [e.id for e in self.elements.values() if e.parent is None or e.parent not in self.elements]

    def is_leaf(self, element_id: str) -> bool:
        return not self.children.get(element_id)

    @cached_property
    def hierarchy(self) -> Hierarchy:
        """The parent links walked once (see :class:`Hierarchy`); a framework does not change once loaded."""
        return Hierarchy.of(self)

    @cached_property
    def leaf_counts(self) -> dict[str, int]:
        """How many leaves each element has under it (1 for a leaf), as ``len(leaves_under(e))``.

        Remembered: coverage roll-ups need it for every element of every target."""
        hierarchy, children = self.hierarchy, self.children
        counts: dict[str, int] = {}
        for ident in reversed(hierarchy.order):  # children before parents
            kids = children.get(ident)
            counts[ident] = sum([counts[kid] for kid in kids]) if kids else 1
        for cycle in hierarchy.cycles:  # each member reaches every leaf hanging from any member
            members = set(cycle)
            shared = sum(counts[kid] for ident in cycle for kid in children.get(ident, ()) if kid not in members)
            counts.update(dict.fromkeys(cycle, shared))
        return counts

    def leaves_under(self, element_id: str) -> list[str]:
        """Leaf descendants in document order (the element itself if it is a leaf)."""
        out: list[str] = []
        stack = [element_id]
        seen: set[str] = set()
        while stack:
            current = stack.pop()
            if current in seen:  # a cycle is reported by the hierarchy rule; do not loop here
                continue
            seen.add(current)
            kids = self.children.get(current)
            if kids:
                stack.extend(reversed(kids))
            else:
                out.append(current)
        return out

    def ancestors(self, element_id: str) -> list[str]:
        """Parent, grandparent, ... up to a root (on a cycle: each other element of the cycle once)."""
        out: list[str] = []
        seen = {element_id}
        current = self.elements[element_id].parent if element_id in self.elements else None
        while current is not None and current in self.elements and current not in seen:
            out.append(current)
            seen.add(current)
            current = self.elements[current].parent
        return out

    def depth(self, element_id: str) -> int:
        """``len(ancestors(element_id))``, remembered: reports ask it of every element, and walking up
        each time would cost the square of the depth on a long chain."""
        return self.hierarchy.depth.get(element_id, 0)

    def top(self, element_id: str) -> str:
        """The last of ``ancestors(element_id)`` (the root above it), or the element itself if it has none."""
        return self.hierarchy.top.get(element_id, element_id)


def _spread(order: list[str], position: int, children: dict[str, list[str]], depth: dict[str, int],
            top: dict[str, str]) -> None:
    """Breadth first from ``order[position:]``: append every element below, each after its parent, with
    its depth and top (a root's children have the root as top; deeper ones inherit their parent's)."""
    while position < len(order):
        ident = order[position]
        position += 1
        kids = children.get(ident)
        if kids:
            below, above = depth[ident] + 1, top[ident]
            for kid in kids:
                depth[kid], top[kid] = below, above
            order.extend(kids)


@dataclass(frozen=True)
class Hierarchy:
    """What one pass over a framework's parent links tells: depths, tops, cycles, a bottom-up order.

    Why one pass: a framework may be a chain 100,000 elements deep (generated, not published), and
    walking up from every element, or down from every element, costs the square of that. Each element
    has at most one parent, so the elements that no root is above lie on or under simple cycles (a
    validate finding), which are kept apart so that every roll-up still terminates and still equals its
    definition (``leaves_under``, ``ancestors``) there.
    """

    order: tuple[str, ...]
    """Every element not on a cycle, each after its parent (roots and the children of cycles first)."""
    cycles: tuple[tuple[str, ...], ...]
    """Each cycle in parent order (the next is the parent), from its element that comes first in the file."""
    depth: dict[str, int]
    top: dict[str, str]
    children: dict[str, list[str]]
    parents: dict[str, str]
    """Each element's parent, for the elements whose parent is in the framework."""
    cycle_of: dict[str, int]
    """For each element on a cycle, the position of its cycle in ``cycles``."""

    @staticmethod
    def of(framework: Framework) -> Hierarchy:
        elements, children = framework.elements, framework.children
        parents = {ident: element.parent for ident, element in elements.items()
                   if element.parent is not None and element.parent in elements}
        order = [ident for ident in elements if ident not in parents]  # the roots, then breadth first
        depth = dict.fromkeys(order, 0)
        top = {ident: ident for ident in order}
        _spread(order, 0, children, depth, top)
        cycles: list[tuple[str, ...]] = []
        if len(order) < len(elements):  # the others lie on or under cycles: find the cycles, then what hangs
            state: dict[str, int] = dict.fromkeys(order, 2)  # 1: on the walk being followed, 2: done
            for start in elements:  # document order, so that the cycles come out the same every run
                walk: list[str] = []
                current: str | None = start
                while current is not None and current not in state:
                    state[current] = 1
                    walk.append(current)
                    current = parents.get(current)
                if current is not None and state[current] == 1:
                    cycle = walk[walk.index(current):]
                    first = min(range(len(cycle)), key=lambda i: elements[cycle[i]].index)
                    cycles.append(tuple(cycle[first:] + cycle[:first]))
                for ident in walk:
                    state[ident] = 2
            on_cycle = {ident for cycle in cycles for ident in cycle}
            for cycle in cycles:  # a member's ancestors are the others; the last of them is its cycle child
                for position, ident in enumerate(cycle):
                    depth[ident] = len(cycle) - 1
                    top[ident] = cycle[position - 1] if len(cycle) > 1 else ident
            hanging = len(order)
            for cycle in cycles:
                for ident in cycle:
                    for kid in children.get(ident, ()):
                        if kid not in on_cycle:
                            depth[kid], top[kid] = depth[ident] + 1, top[ident]
                            order.append(kid)
            _spread(order, hanging, children, depth, top)
        cycle_of = {ident: number for number, cycle in enumerate(cycles) for ident in cycle}
        return Hierarchy(tuple(order), tuple(cycles), depth, top, children, parents, cycle_of)

    def carry_up(self, leaves: dict[str, Any], add: Callable[[Any, Any], Any]) -> dict[str, Any]:
        """``fold_leaves`` for a few leaves: each element that has some of ``leaves`` below it, with ``add``
        over their values; the others are left out.

        Why: most target elements of a large comparison are unknown, so a roll-up carries the few others
        up, each ancestor once (deepest first), instead of visiting every element of every target."""
        out = dict(leaves)
        buckets: dict[int, list[str]] = {}
        for ident in leaves:
            if ident not in self.cycle_of:  # a leaf is never on a cycle; be safe all the same
                buckets.setdefault(self.depth[ident], []).append(ident)
        shared: dict[int, Any] = {}
        level = max(buckets, default=-1)
        while level >= 0:
            for ident in buckets.pop(level, ()):  # a parent is one level up: its bucket is still to come
                up = self.parents.get(ident)
                if up is None or up == ident:
                    continue
                if up in self.cycle_of:  # every member of the cycle reaches every leaf hanging from any
                    number = self.cycle_of[up]
                    shared[number] = out[ident] if number not in shared else add(shared[number], out[ident])
                elif up in out:
                    out[up] = add(out[up], out[ident])
                else:
                    out[up] = out[ident]
                    buckets.setdefault(level - 1, []).append(up)
            level -= 1
        for number, value in shared.items():
            for ident in self.cycles[number]:
                out[ident] = value
        return out

    def fold_leaves(self, leaf: Callable[[str], Any], add: Callable[[Any, Any], Any]) -> dict[str, Any]:
        """For every element, ``add`` over the values of its leaf descendants (its own if it is a leaf).

        ``leaf`` may give None for a leaf that counts for nothing: None is skipped, and an element with
        nothing below gets None. One pass from the leaves up; the elements of a cycle all reach the same
        leaves (those hanging from any of them), so they share one value."""
        out: dict[str, Any] = {}
        children = self.children

        def total(kids: Iterable[str]) -> Any:
            value = None
            for kid in kids:
                below = out[kid]
                if below is not None:
                    value = below if value is None else add(value, below)
            return value

        for ident in reversed(self.order):
            kids = children.get(ident)
            out[ident] = total(kids) if kids else leaf(ident)
        for cycle in self.cycles:
            members = set(cycle)
            shared = total(kid for ident in cycle for kid in children.get(ident, ()) if kid not in members)
            for ident in cycle:
                out[ident] = shared
        return out


@dataclass(frozen=True)
class MappingRow:
    index: int
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    relationship: str
    written_relationship: str
    rationale: tuple[str, ...] = ()
    strength: int | None = None
    judgement: str = "official"
    as_written: str = ""
    note: str = ""
    sources_listed: bool = False  # written as a YAML list (positions then name each item)
    targets_listed: bool = False


@dataclass
class MappingSet:
    id: str
    source: str
    target: str
    style: str
    provenance: dict[str, Any]
    rows: list[MappingRow]
    path: str
    title: str = ""
    comprehensive: bool = False
    exhaustive_subsets: bool = False

    @property
    def judgement(self) -> str:
        return str(self.provenance.get("judgement", "official"))


@dataclass(frozen=True)
class ProfileEntry:
    index: int
    element: str
    status: str
    evidence: str = ""
    owner: str = ""
    note: str = ""


@dataclass
class Profile:
    id: str
    framework: str
    entries: list[ProfileEntry]
    path: str
    organisation: str = ""
    title: str = ""
    date: str = ""
    source: str = ""
    digest: str = ""  # SHA-256 of the file, when loaded for a report (printed among its inputs)

    def status_of(self) -> dict[str, ProfileEntry]:
        return {entry.element: entry for entry in self.entries}


@dataclass(frozen=True)
class SignOff:
    """Who prepared and reviewed the report, for what, and how it is classified: printed on the report's
    first page and in every page's header or footer (the classification), from the command line or the
    report definition. Empty fields print as blanks to fill in by hand."""

    prepared_by: str = ""
    reviewed_by: str = ""
    date: str = ""
    scope: str = ""
    classification: str = ""


@dataclass
class ReportDefinition:
    id: str
    source: str
    target: str
    path: str
    title: str = ""
    description: str = ""
    profile: str | None = None
    via: tuple[str, ...] = ()
    direct: bool = False
    max_hops: int = 3
    output: str | None = None
    associations: bool = True
    official_only: bool = False
    signoff: SignOff = field(default_factory=SignOff)
    paper: str = "a4"
    digest: str = ""  # SHA-256 of the file, once read for a report


def _ids(value: Any) -> tuple[str, ...]:
    return (nfc(value),) if isinstance(value, str) else tuple(nfc(item) for item in value)


def framework_from(data: dict[str, Any], path: str, skip: set[int] = frozenset()) -> Framework:  # type: ignore[assignment]
    """Build a framework; items listed in ``skip`` failed the schema and are left out."""
    elements: dict[str, Element] = {}
    children: dict[str, list[str]] = {}
    declared: list[Element] = []
    for index, raw in enumerate(data["elements"]):
        if index in skip:
            continue
        parent = raw.get("parent")
        element = Element(
            id=nfc(raw["id"]),
            title=raw["title"],
            text=raw.get("text", ""),
            parent=None if parent is None else nfc(parent),
            level=raw.get("level"),
            wording=raw.get("wording", "official"),
            citation=raw.get("citation", {}),
            attributes=raw.get("attributes", {}),
            links=tuple(ElementLink(nfc(link["element"]), link.get("type", "")) for link in raw.get("links", ())),
            index=index,
        )
        declared.append(element)
        elements.setdefault(element.id, element)  # duplicates are reported by the unique-ids rule
    for element in elements.values():
        if element.parent is not None and element.parent in elements:
            children.setdefault(element.parent, []).append(element.id)
    return Framework(
        id=data["id"],
        version=data["version"],
        name=data["name"],
        publisher=data["publisher"],
        levels=tuple(data["levels"]),
        elements=elements,
        path=path,
        published=data.get("published", ""),
        source=data.get("source", {}),
        licence=data.get("licence", ""),
        description=data.get("description", ""),
        short_name=data.get("short_name", ""),
        mappings_expect_leaves=bool(data.get("mappings_expect_leaves", False)),
        children=children,
        declared=tuple(declared),
    )


def mapping_from(data: dict[str, Any], path: str, skip: set[int] = frozenset()) -> MappingSet:  # type: ignore[assignment]
    rows = []
    default_judgement = "ours" if data["provenance"].get("judgement") == "ours" else "official"
    for index, raw in enumerate(data["rows"]):
        if index in skip:
            continue
        written = raw["relationship"]
        rationale = raw.get("rationale", ())
        rows.append(
            MappingRow(
                index=index,
                sources=_ids(raw["source"]),
                targets=_ids(raw["target"]),
                relationship=normalise_relationship(written) or written,
                written_relationship=written,
                rationale=(rationale,) if isinstance(rationale, str) else tuple(rationale),
                strength=raw.get("strength"),
                judgement=raw.get("judgement", default_judgement),
                as_written=raw.get("as_written", ""),
                note=raw.get("note", ""),
                sources_listed=isinstance(raw["source"], list),
                targets_listed=isinstance(raw["target"], list),
            )
        )
    return MappingSet(
        id=data["id"],
        source=data["source"],
        target=data["target"],
        style=data["style"],
        provenance=data["provenance"],
        rows=rows,
        path=path,
        title=data.get("title", ""),
        comprehensive=bool(data.get("comprehensive", False)),
        exhaustive_subsets=bool(data.get("exhaustive_subsets", False)),
    )


def profile_from(data: dict[str, Any], path: str, skip: set[int] = frozenset()) -> Profile:  # type: ignore[assignment]
    entries = [
        ProfileEntry(
            index=index,
            element=nfc(raw["element"]),
            status=raw["status"],
            evidence=raw.get("evidence", ""),
            owner=raw.get("owner", ""),
            note=raw.get("note", ""),
        )
        for index, raw in enumerate(data["entries"])
        if index not in skip
    ]
    return Profile(
        id=data["id"],
        framework=data["framework"],
        entries=entries,
        path=path,
        organisation=data.get("organisation", ""),
        title=data.get("title", ""),
        date=data.get("date", ""),
        source=data.get("source", ""),
    )


def report_from(data: dict[str, Any], path: str, skip: set[int] = frozenset()) -> ReportDefinition:  # type: ignore[assignment]
    return ReportDefinition(
        id=data["id"],
        source=data["from"],
        target=data["to"],
        path=path,
        title=data.get("title", ""),
        description=data.get("description", ""),
        profile=data.get("profile"),
        via=tuple(data.get("via", ())),
        direct=bool(data.get("direct", False)),
        max_hops=int(data.get("max_hops", 3)),
        output=data.get("output"),
        associations=bool(data.get("associations", True)),
        official_only=bool(data.get("official_only", False)),
        signoff=_signoff(data.get("signoff", {})),
        paper=data.get("paper", "a4"),
    )


def _signoff(data: dict[str, Any]) -> SignOff:
    return SignOff(**{key: str(data.get(key, "")) for key in ("prepared_by", "reviewed_by", "date", "scope",
                                                               "classification")})
