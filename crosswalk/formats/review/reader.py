"""A filled-in review workbook -> the mapping it decides, or every bad cell named and nothing written.

What the reviewer's decisions do (the same words as the workbook's first sheet):

- an existing row left ``accept`` with its pre-filled values is kept exactly as its file had it;
  changed, it keeps every field the workbook does not show (``as_written``, ...) and takes the new
  relationship, strength, rationale and note; if the mapping was official, the changed row says
  ``judgement: ours`` and the mapping becomes ``mixed`` (each row then says whose it is);
- ``reject`` removes an existing row and drops a candidate; ``later`` or a blank decision changes nothing;
- an accepted candidate or added pair becomes a new row (``judgement: ours`` unless the whole mapping
  is ours), after the existing ones, in line order;
- when anything changed, ``provenance`` records who reviewed (``reviewed_by``: every name in the
  Reviewer column of a line that changed something) and when (``reviewed``: ``--option date=``,
  else today), and ``method`` becomes ``hybrid`` when an accepted row was suggested by a method,
  ``human`` for a new mapping whose rows were all typed by the reviewer.

Every cell is checked before anything is written, with the rules ``crosswalk validate`` applies to
rows (vocabulary of the mapping's style, strength 0-10 and agreeing with the relationship, a
rationale for a typed row), plus what only the workbook can get wrong: an id column edited, an id
not in its framework, a line deleted, a pair accepted twice. Each problem names the sheet, the row
and the column.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from typing import Any

from crosswalk.formats import ImportProblem
from crosswalk.formats.finish import Converted, finish
from crosswalk.formats.review import layout
from crosswalk.formats.review.layout import ACCEPT, COLUMNS, HEADERS, LATER, REJECT, letter
from crosswalk.formats.review.plan import ids as row_ids
from crosswalk.formats.review.plan import rationale_text
from crosswalk.rules.strength import RANGES
from crosswalk.vocabulary import RATIONALES, RELATIONSHIPS_BY_STYLE, normalise_relationship

MAX_PROBLEMS = 50
"""Problems listed in one message; the count of the rest follows."""
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class _Problems(list):  # type: ignore[type-arg]
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def at(self, row: int, key: str, message: str) -> None:
        header = next(column.header for column in COLUMNS if column.key == key)
        self.append(f"sheet {layout.SHEET!r}, row {row}, column {letter(key)} ({header}): {message}")

    def raise_any(self) -> None:
        if not self:
            return
        shown = "\n  ".join(self[:MAX_PROBLEMS])
        more = f"\n  ... and {len(self) - MAX_PROBLEMS} more" if len(self) > MAX_PROBLEMS else ""
        raise ImportProblem(f"{self.path}: {len(self)} problem(s) in the review, nothing written:\n  {shown}{more}")


def read(path: str, date: str = "") -> Converted:
    from crosswalk.formats.workbook import open_workbook, sheet_rows

    workbook = open_workbook(path)
    names = workbook.sheetnames
    if layout.STATE not in names or layout.SHEET not in names:
        raise ImportProblem(f"{path}: not a crosswalk review workbook (it has no {layout.SHEET!r} sheet with "
                            f"crosswalk's hidden state): write one with 'crosswalk review --from A --to B -o FILE.xlsx'")
    state = _state(path, sheet_rows(path, workbook, layout.STATE, 6))
    rows = sheet_rows(path, workbook, layout.SHEET, len(COLUMNS) + 10)
    problems = _Problems(path)
    columns = _columns(path, rows[0] if rows else ())
    document = state["document"]
    style = document["style"]
    decided = _lines(rows, columns, state, style, problems)
    result, notices = _apply(document, decided, state, date or datetime.date.today().isoformat(), problems)
    problems.raise_any()
    return finish(path, [result], notices)


# -- the hidden state -------------------------------------------------------------------------------

def _state(path: str, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    try:
        return _parsed_state(path, rows)
    except (ValueError, TypeError, IndexError):  # a hand-edited hidden sheet: never a traceback
        raise ImportProblem(f"{path}: the review workbook's hidden state is damaged (sheet {layout.STATE!r} was "
                            "edited): write the review again with 'crosswalk review'") from None


def _parsed_state(path: str, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    state: dict[str, Any] = {"lines": {}, "source-id": set(), "target-id": set()}
    chunks: list[str] = []
    for row in rows:
        key = row[0] if row else None
        if key == "document":
            chunks.append(str(row[1] or ""))
        elif key == "line":
            number = int(row[1])
            state["lines"][number] = {"source": _split(row[2]), "target": _split(row[3]),
                                      "row": None if row[4] in (None, "") else int(row[4]),
                                      "suggested": row[5] not in (None, "")}
        elif key in ("source-id", "target-id"):
            state[key].add(str(row[1]))
        elif isinstance(key, str):
            state[key] = "" if row[1] is None else str(row[1])
    if state.get("format") != layout.FORMAT:
        raise ImportProblem(f"{path}: this review workbook's format is {state.get('format')!r}, not "
                            f"{layout.FORMAT!r}: write it again with this version's 'crosswalk review'")
    try:
        state["document"] = json.loads("".join(chunks))
    except ValueError:
        raise ImportProblem(f"{path}: the review workbook's hidden state is damaged (the mapping cannot be read): "
                            "write the review again with 'crosswalk review'") from None
    if not isinstance(state["document"], dict) or state["document"].get("kind") != "mapping":
        raise ImportProblem(f"{path}: the review workbook's hidden state holds no mapping: write it again")
    return state


def _split(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    text = _text(value)
    return tuple(part.strip() for part in text.split("\n") if part.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# -- the Review sheet -------------------------------------------------------------------------------

def _columns(path: str, header: tuple[Any, ...]) -> dict[str, int]:
    """Each column key's position, found by its header (a reviewer may have moved nothing, but the
    reader does not count on it)."""
    found: dict[str, int] = {}
    for position, value in enumerate(header):
        key = HEADERS.get(_text(value))
        if key and key not in found:
            found[key] = position
    missing = [column.header for column in COLUMNS if column.key not in found]
    if missing:
        raise ImportProblem(f"{path}: sheet {layout.SHEET!r}, row 1: the column(s) {', '.join(missing)} are missing: "
                            "the header row must keep crosswalk's headers; write the review again if it was changed")
    return found


def _lines(rows: list[tuple[Any, ...]], columns: dict[str, int], state: dict[str, Any], style: str,
           problems: _Problems) -> list[dict[str, Any]]:
    """Each line with a decision, checked cell by cell; recorded lines missing from the sheet are problems."""
    seen: set[int] = set()
    decided: list[dict[str, Any]] = []
    for number, row in enumerate(rows[1:], start=2):
        cell = {key: (row[position] if position < len(row) else None) for key, position in columns.items()}
        if all(_text(value) == "" for value in cell.values()):
            continue
        line = _which(number, cell, state, seen, problems)
        if line is None:
            continue
        decision = _text(cell["decision"]).lower()
        if decision not in ("",) + layout.DECISIONS:
            problems.at(number, "decision", f"{_text(cell['decision'])!r} is not a decision: write accept, reject or "
                                            "later (or leave it blank)")
            continue
        line.update(decision=decision or LATER, line=number, reviewer=_text(cell["reviewer"]),
                    note=_text(cell["note"]))
        if line["decision"] == ACCEPT:
            _values(number, cell, line, style, problems)
        decided.append(line)
    for number, recorded in sorted(state["lines"].items()):
        if number not in seen and recorded["row"] is not None:
            problems.append(f"sheet {layout.SHEET!r}: line {number} (row {recorded['row'] + 1} of the mapping) is "
                            "missing: put it back (to remove the row, write 'reject' in its Decision)")
    return decided


def _which(number: int, cell: dict[str, Any], state: dict[str, Any], seen: set[int],
           problems: _Problems) -> dict[str, Any] | None:
    """The recorded line this sheet row shows (its ids unchanged), or an added pair (its ids checked)."""
    source, target = _split(cell["source"]), _split(cell["target"])
    written = cell["line"]
    if written in (None, ""):
        bad = False
        for key, found, known, side in (("source", source, state["source-id"], state["source"]),
                                        ("target", target, state["target-id"], state["target"])):
            if not found:
                problems.at(number, key, f"an added line needs the {key} element's id")
                bad = True
            for ident in found:
                if ident not in known:
                    from crosswalk.rules.references import suggest

                    problems.at(number, key, f"{ident!r} is not an element of {side}{suggest(ident, sorted(known))}")
                    bad = True
        return None if bad else {"source": source, "target": target, "row": None, "suggested": False}
    try:
        line_number = int(_text(written))
    except ValueError:
        line_number = -1
    recorded = state["lines"].get(line_number)
    if recorded is None or line_number in seen:
        problems.at(number, "line", f"{_text(written)!r} is not a line of this review (the Line column is not "
                                    "editable): leave it as written, or clear the row")
        return None
    seen.add(line_number)
    ok = True
    for key, found in (("source", source), ("target", target)):
        if found != recorded[key]:
            was = layout.ID_SEPARATOR.join(recorded[key]).replace("\n", ", ")
            problems.at(number, key, f"edited: line {line_number} is {was!r}, the cell says "
                                     f"{', '.join(found) or 'nothing'}; ids of a listed line are not editable: "
                                     "restore it, reject the line and add the pair you mean on a blank line")
            ok = False
    return dict(recorded) if ok else None


def _values(number: int, cell: dict[str, Any], line: dict[str, Any], style: str, problems: _Problems) -> None:
    allowed = RELATIONSHIPS_BY_STYLE[style]
    written = _text(cell["relationship"])
    relationship = normalise_relationship(written) if written else None
    if not written:
        problems.at(number, "relationship", "an accepted line needs a relationship: choose one from the drop-down")
    elif relationship not in allowed:
        problems.at(number, "relationship", f"{written!r} is not a relationship of a {style} mapping: use one of "
                                            f"{', '.join(sorted(allowed))}")
        relationship = None
    strength = _strength(number, cell["strength"], relationship, problems)
    rationale = _rationale(number, cell["rationale"], line, problems)
    if style == "strm" and not rationale and relationship:
        problems.at(number, "rationale", "a typed (strm) row needs a rationale: syntactic, semantic or functional")
    line.update(relationship=relationship, strength=strength, rationale=rationale)


def _strength(number: int, value: Any, relationship: str | None, problems: _Problems) -> int | None:
    if value in (None, ""):
        return None
    text = _text(value)
    if isinstance(value, bool) or not re.fullmatch(r"[0-9]{1,2}", text):
        problems.at(number, "strength", f"{text!r} is not a whole number from 0 to 10")
        return None
    strength = int(text)
    low, high = RANGES.get(relationship or "", (0, 10))
    if not low <= strength <= high:
        rule = f"{relationship} is {low}" if low == high else f"{relationship or 'a row'} takes {low}-{high}"
        problems.at(number, "strength", f"{strength} is outside the range: {rule} (NIST OLIR rubric)")
        return None
    return strength


def _rationale(number: int, value: Any, line: dict[str, Any], problems: _Problems) -> str | list[str] | None:
    words = [part.strip().lower() for part in _text(value).split(",") if part.strip()]
    if not words:
        return None
    unknown = [word for word in words if word not in RATIONALES and word != "unknown"]
    if unknown or (words.count("unknown") and (len(words) > 1 or line["row"] is None)):
        problems.at(number, "rationale", f"{_text(value)!r}: write syntactic, semantic or functional (several "
                                         "separated by commas)")
        return None
    if len(set(words)) != len(words):
        problems.at(number, "rationale", f"{_text(value)!r} names a rationale twice")
        return None
    return words[0] if len(words) == 1 else words


# -- the decisions applied to the mapping --------------------------------------------------------------

def _apply(document: dict[str, Any], decided: list[dict[str, Any]], state: dict[str, Any], date: str,
           problems: _Problems) -> tuple[dict[str, Any], list[tuple[bool, str]]]:
    if not _DATE.match(date):
        raise ImportProblem(f"--option date={date!r}: write the review date as YYYY-MM-DD")
    result = copy.deepcopy(document)
    rows = list(result.get("rows", []))
    official = result["provenance"].get("judgement") != "ours"
    removed: set[int] = set()
    changed: set[int] = set()
    added: list[dict[str, Any]] = []
    reviewers: set[str] = set()
    suggested = False
    pairs = {(row_ids(row["source"]), row_ids(row["target"])) for row in rows}
    for line in decided:
        index = line["row"]
        if line["decision"] == LATER:
            continue
        if index is None and line["decision"] == REJECT:
            continue
        if index is not None and line["decision"] == ACCEPT and _unchanged(rows[index], line):
            continue
        if not line["reviewer"]:
            problems.at(line["line"], "reviewer", "this line changes the mapping: name who decided it")
        reviewers.add(line["reviewer"])
        if index is not None and line["decision"] == REJECT:
            removed.add(index)
        elif index is not None:
            rows[index] = _changed(rows[index], line, official)
            changed.add(index)
        else:
            pair = (line["source"], line["target"])
            if pair in pairs:
                problems.at(line["line"], "decision", "this pair is already a row of the mapping (or accepted on "
                                                      "another line): accept it once")
                continue
            pairs.add(pair)
            added.append(_new_row(line, official))
            suggested = suggested or line["suggested"]
    if not (removed or changed or added):
        return document, [(False, "no line changes the mapping: written as it was")]
    result["rows"] = [row for index, row in enumerate(rows) if index not in removed] + added
    provenance = result["provenance"]
    if official and (changed or added):
        if provenance.get("judgement") == "official":
            for row in result["rows"]:
                row.setdefault("judgement", "official")
        provenance["judgement"] = "mixed"
    if state.get("updating") != "yes":
        provenance["author"] = ", ".join(sorted(name for name in reviewers if name)) or provenance["author"]
        provenance["method"] = "hybrid" if suggested else "human"
    elif suggested and provenance.get("method") == "human":
        provenance["method"] = "hybrid"
    provenance["reviewed_by"] = ", ".join(sorted(name for name in reviewers if name))
    provenance["reviewed"] = date
    result["provenance"] = provenance
    notice = (f"{len(added)} row(s) added, {len(changed)} changed, {len(removed)} removed; "
              f"{len(result['rows'])} row(s) in all")
    return result, [(False, notice)]


def _unchanged(row: dict[str, Any], line: dict[str, Any]) -> bool:
    relationship = normalise_relationship(str(row["relationship"])) or row["relationship"]
    return (line["relationship"] == relationship and line["strength"] == row.get("strength")
            and rationale_text(line["rationale"]) == rationale_text(row.get("rationale"))
            and line["note"] == (row.get("note") or "").strip())


def _changed(row: dict[str, Any], line: dict[str, Any], official: bool) -> dict[str, Any]:
    updated = dict(row)
    updated["relationship"] = line["relationship"]
    for key in ("strength", "rationale", "note"):
        if line[key] in (None, ""):
            updated.pop(key, None)
        else:
            updated[key] = line[key]
    if official:
        updated["judgement"] = "ours"
    return updated


def _new_row(line: dict[str, Any], official: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source": line["source"][0] if len(line["source"]) == 1 else list(line["source"]),
        "target": line["target"][0] if len(line["target"]) == 1 else list(line["target"]),
        "relationship": line["relationship"],
    }
    if line["rationale"]:
        row["rationale"] = line["rationale"]
    if line["strength"] is not None:
        row["strength"] = line["strength"]
    if official:
        row["judgement"] = "ours"
    if line["note"]:
        row["note"] = line["note"]
    return row
