"""Which mapping rows and profile entries a change of edition touches, and what to do about each.

A row or entry is touched when it names an element of the old edition whose change is one of
:data:`crosswalk.editions.diff.CHANGED` (removed, reworded, moved, renumbered, split, merged). The
edition map itself (a mapping between the two editions) is not listed: it is the correspondence.
Each item points at the file and line of the row or entry, so that an editor opens it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from crosswalk.editions.diff import CHANGED, Change, Diff


@dataclass(frozen=True)
class Impact:
    kind: str  # "mapping" or "profile"
    document: str  # mapping or profile id
    file: str
    line: int
    row: int  # 1-based row or entry number
    element: str
    kinds: tuple[str, ...]
    new: tuple[str, ...]
    action: str


def action(change: Change, element: str = "") -> str:
    """What to do with a row or entry naming an old element of ``change`` (most demanding kind first)."""
    new = ", ".join(change.new)
    if "removed" in change.kinds:
        return "no counterpart in the new edition: drop the row or entry when moving to it, or find what replaces it"
    if "split" in change.kinds and "merged" in change.kinds:
        return f"regrouped into {new}: decide for each new element, migrate marks the rows for review"
    if "split" in change.kinds:
        return f"split into {new}: the row or answer applies to each part only as far as the relation says; review each"
    if "merged" in change.kinds:
        return f"merged with {', '.join(i for i in change.old if i != element)} into {new}: combine the answers, review the relationship"
    steps = []
    if "renumbered" in change.kinds:
        steps.append(f"renumber to {new}")
    if "reworded" in change.kinds:
        steps.append("check that the relationship or answer still holds for the new wording")
    if "moved" in change.kinds:
        steps.append(f"check it under its new parent {change.new_parent}")
    return "; ".join(steps) or "nothing"


def impact(workspace: Any, result: Diff, files: Iterable[str | Path] | None = None) -> list[Impact]:
    """Every touched mapping row and profile entry of the workspace (only those read from ``files``,
    when given), in file order."""
    wanted = None if files is None else {str(Path(f).resolve()) for f in files}
    by_old = result.of_old()
    old_ref, new_ref = result.old.ref, result.new.ref
    out: list[Impact] = []

    def ref(name: str) -> str | None:
        try:
            found = workspace.framework(name)
        except Exception:  # noqa: BLE001 - an ambiguous or unknown ref is a validate finding, not ours
            return None
        return found.ref if found is not None else None

    def chosen(path: str) -> bool:
        return wanted is None or str(Path(path).resolve()) in wanted

    for mapping in workspace.mappings:
        ends = (ref(mapping.source), ref(mapping.target))
        if not chosen(mapping.path) or set(ends) == {old_ref, new_ref}:
            continue
        sides = [side for side, end in zip(("sources", "targets"), ends) if end == old_ref]
        if not sides:
            continue
        document = workspace.by_path.get(mapping.path)
        for row in mapping.rows:
            for side in sides:
                for element in getattr(row, side):
                    change = by_old.get(element)
                    if change is None or not CHANGED.intersection(change.kinds):
                        continue
                    line = document.place(("rows", row.index)).line if document is not None else 0
                    out.append(Impact("mapping", mapping.id, mapping.path, line, row.index + 1, element,
                                      change.kinds, change.new, action(change, element)))
    for profile in workspace.profiles:
        if not chosen(profile.path) or ref(profile.framework) != old_ref:
            continue
        document = workspace.by_path.get(profile.path)
        for entry in profile.entries:
            change = by_old.get(entry.element)
            if change is None or not CHANGED.intersection(change.kinds):
                continue
            line = document.place(("entries", entry.index)).line if document is not None else 0
            out.append(Impact("profile", profile.id, profile.path, line, entry.index + 1, entry.element,
                              change.kinds, change.new, action(change, entry.element)))
    return out
