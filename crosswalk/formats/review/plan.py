"""What a review workbook holds, decided once from the library: the mapping under review and its lines.

Why apart from the writer: the lines (which pairs, in which order, pre-filled with what) are the
review's content; the workbook is one rendering of it, and the tests compare the two.

A line is either a row the mapping already has (pre-filled with its decision ``accept`` and its
relationship, strength, rationale and note, so that leaving it alone keeps it exactly) or a
candidate pair from :mod:`crosswalk.suggest` (blank: nothing happens to it unless the reviewer
decides). A row naming several elements is one line with one id per line in its id cells, so the
round trip gives back the very row.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from crosswalk.formats import ExportProblem
from crosswalk.formats.review.layout import ACCEPT, LIST_SEPARATOR
from crosswalk.model import natural_key
from crosswalk.vocabulary import RELATIONSHIPS_BY_STYLE, normalise_relationship


@dataclass(frozen=True)
class Line:
    """One pair (or one existing row) to decide on."""

    number: int
    source: tuple[str, ...]
    target: tuple[str, ...]
    row: int | None = None
    """Index of the mapping row this line shows (0-based), None for a candidate."""
    score: float | None = None
    reason: str = ""
    already: str = ""
    decision: str = ""
    relationship: str = ""
    strength: int | None = None
    rationale: str = ""
    note: str = ""


@dataclass(frozen=True)
class Plan:
    """The review: the frameworks, the mapping document the import starts from, the lines."""

    source: Any  # crosswalk.model.Framework
    target: Any
    document: dict[str, Any]
    """The mapping as its file holds it (update), or the new mapping's header with no rows."""
    updating: bool
    method: str
    """The suggestion method that produced the candidates ("" when none was used)."""
    lines: tuple[Line, ...]

    @property
    def relationships(self) -> tuple[str, ...]:
        allowed = RELATIONSHIPS_BY_STYLE[self.document["style"]]
        order = ("equal", "subset_of", "superset_of", "intersects_with", "no_relationship", "related")
        return tuple(word for word in order if word in allowed) + tuple(sorted(allowed - set(order)))


def ids(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def rationale_text(value: Any) -> str:
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else (value or "")


def new_document(source: Any, target: Any, ident: str, title: str = "") -> dict[str, Any]:
    """The header of a new typed (STRM) mapping of our judgement, in draft until reviewed further."""
    return {
        "kind": "mapping",
        "id": ident,
        "title": title or f"{source.name} to {target.name} (reviewed candidates)",
        "source": source.ref,
        "target": target.ref,
        "style": "strm",
        "provenance": {"author": "crosswalk review", "method": "human", "status": "draft", "judgement": "ours"},
        "rows": [],
    }


def plan(workspace: Any, source_ref: str, target_ref: str, *, mapping: str | None = None,
         new_id: str | None = None, candidates: Iterable[Any] = (), method: str = "") -> Plan:
    """The review of ``mapping`` (its rows pre-filled) or of a new mapping ``new_id``, with ``candidates``.

    ``candidates``: objects with ``source``, ``target``, ``score``, ``reason`` (a sequence of
    strings), ``existing`` and ``implied`` (text or None), as :class:`crosswalk.suggest` returns.
    """
    from crosswalk.formats.exporting import source_document
    from crosswalk.workspace import WorkspaceError

    try:
        source = workspace.require_framework(source_ref)
        target = workspace.require_framework(target_ref)
    except WorkspaceError as exc:
        raise ExportProblem(str(exc)) from None
    if mapping:
        kind, document, _ = source_document(workspace, mapping)
        if kind != "mapping":
            raise ExportProblem(f"--mapping {mapping}: that is a framework; name a mapping (see 'crosswalk list')")
        found = workspace.mapping(mapping)
        ends = workspace.ends(found)
        if ends is None or (ends[0].ref, ends[1].ref) != (source.ref, target.ref):
            raise ExportProblem(f"--mapping {mapping} maps {found.source} to {found.target}, not {source.ref} to "
                                f"{target.ref}: review it --from {found.source} --to {found.target}")
        document = copy.deepcopy(document)
    else:
        ident = new_id or f"{source.id}-{source.version}--{target.id}-{target.version}-reviewed".lower()
        if workspace.mapping(ident) is not None:
            raise ExportProblem(f"a mapping {ident!r} is already in the library: review it with --mapping {ident}, "
                                "or name the new one with --id")
        document = new_document(source, target, ident)
    existing = [_existing_line(index, row) for index, row in enumerate(document.get("rows", []))]
    shown = {(line.source, line.target) for line in existing}
    proposed = []
    for candidate in candidates:
        pair = ((candidate.source,), (candidate.target,))
        if pair in shown:
            continue
        shown.add(pair)
        proposed.append(Line(0, *pair, score=round(float(candidate.score), 3), reason=", ".join(candidate.reason),
                             already=_already(candidate)))
    order = {ident: position for position, ident in enumerate(source.elements)}

    def key(line: Line) -> tuple[Any, ...]:
        first = line.source[0]
        return (order.get(first, len(order)), natural_key(first), line.row is None,
                line.row if line.row is not None else 0, -(line.score or 0.0), natural_key(line.target[0]))

    lines = sorted(existing + proposed, key=key)
    numbered = tuple(Line(number, *fields[1:]) for number, fields in
                     enumerate(((line.number, line.source, line.target, line.row, line.score, line.reason,
                                 line.already, line.decision, line.relationship, line.strength, line.rationale,
                                 line.note) for line in lines), start=1))
    return Plan(source, target, document, bool(mapping), method, numbered)


def _existing_line(index: int, row: dict[str, Any]) -> Line:
    relationship = normalise_relationship(str(row["relationship"])) or str(row["relationship"])
    return Line(0, ids(row["source"]), ids(row["target"]), row=index, already=f"row {index + 1}",
                decision=ACCEPT, relationship=relationship, strength=row.get("strength"),
                rationale=rationale_text(row.get("rationale")), note=row.get("note", ""))


def _already(candidate: Any) -> str:
    if getattr(candidate, "existing", None):
        return str(candidate.existing)
    if getattr(candidate, "implied", None):
        return f"implied: {candidate.implied}"
    return ""


def element_text(element: Any, limit: int = 400) -> str:
    """Title and text of an element for a cell: enough to decide, cut at ``limit`` characters with an
    ellipsis (``crosswalk show`` has the rest): 400 characters in a 26-wide column are about 16 printed
    lines, so three or four lines fit a page."""
    if not element.text or element.text.strip() == element.title.strip():
        text = element.title  # the AI RMF's subcategories: the statement is both
    elif element.text.startswith(element.title):
        text = element.text
    else:
        text = f"{element.title}\n{element.text}"
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def described(framework: Any, identifiers: Sequence[str]) -> str:
    parts = []
    for ident in identifiers:
        element = framework.elements.get(ident)
        parts.append(element_text(element) if element is not None else f"({ident}: not in {framework.ref})")
    return "\n\n".join(parts)
