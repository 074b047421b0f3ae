"""Words and phrases the Markdown and HTML renderings of a gap report share.

Why a module: both pages lay out the same :class:`~crosswalk.reportmodel.GapReport` and must word
its parts the same way (a section's name, a limit's label, how an element's bearing answers or an
action's effect read). Nothing here decides content; the model does. Every function returns plain,
unescaped text: each renderer escapes it for its format.
"""

from __future__ import annotations

from crosswalk.coverage import STATUSES
from crosswalk.figures import Tally, plural
from crosswalk.reportmodel import ANSWER_WORDS, ANSWERS, Action, GapReport, TargetRow
from crosswalk.whatif import Change

SECTIONS: tuple[tuple[str, str], ...] = (
    ("answer", "Answer"),
    ("sign-off", "Sign-off"),
    ("position", "Position"),
    ("figures", "Figures"),
    ("actions", "Actions"),
    ("coverage", "Coverage"),
    ("gaps", "Gaps"),
    ("mappings-used", "Mappings used"),
    ("inputs", "Inputs"),
    ("glossary", "Glossary"),
)
"""(anchor, heading) of each section, in page order; the anchors are GitHub's for these headings."""

LIMIT_LABELS = {
    "level": "Level",
    "associations": "Associations only",
    "concept": "Concept crosswalk",
    "ceiling": "Answers or mappings",
    "judgement": "Judgement or draft",
    "unreached": "Not reached",
    "unanswered": "Unanswered",
}
"""A short label for each kind of limit the model finds (an unlisted kind shows as itself)."""

SIGNOFF_FIELDS = (("prepared_by", "Prepared by"), ("reviewed_by", "Reviewed by"), ("date", "Date"),
                  ("scope", "Scope"), ("classification", "Classification"))


def limit_label(kind: str) -> str:
    return LIMIT_LABELS.get(kind, kind)


def answer_word(answer: str) -> str:
    return ANSWER_WORDS.get(answer, answer)


def bearing_phrase(row: TargetRow) -> str:
    """The answers of the source elements that overlap the element: "11 implemented, 6 not implemented"
    (zero counts left out), and the associations that imply nothing, or "none"."""
    parts = [f"{row.bearing[answer]} {answer_word(answer)}" for answer in ANSWERS if row.bearing.get(answer)]
    if row.associated:
        parts.append(f"{row.associated} associated only")
    return ", ".join(parts) or "none"


def status_note(row: TargetRow) -> str:
    """What qualifies the status where it is shown: why it is unknown, and the judgement or draft
    mappings its evidence rests on; "" when nothing does."""
    notes = []
    if row.unknown_because:
        notes.append(row.unknown_because)
    if row.judgement:
        notes.append("rests partly on our judgement or draft rows: " + ", ".join(row.judgement))
    return "; ".join(notes)


def change_phrase(change: Change) -> str:
    return f"{change.element}: {change.before} \u2192 {change.after}"


def effect_phrase(action: Action) -> str:
    """What implementing the action's element would change, in one line."""
    if not action.changes:
        return "no status would change"
    return "; ".join(change_phrase(change) for change in action.changes)


def tally_phrase(tally: Tally) -> str:
    """"0 covered, 4 partially covered, 15 unknown": the statuses present, in the order of STATUSES."""
    return ", ".join(f"{tally.counts[status]} {status}" for status in STATUSES if tally.counts.get(status)) or "none"


def share(tally: Tally, status: str) -> str:
    """A status's share of the tally as a whole percentage, "0 %" for an empty tally."""
    return f"{round(100 * tally.share(status))} %"


def scope_phrase(report: GapReport) -> str:
    scope = report.scope
    pivots = scope.get("pivots", "any")
    pivots = "any pivot framework" if pivots == "any" else ("no pivot framework" if not pivots
                                                            else "pivots " + ", ".join(pivots))
    parts = [pivots, f"paths of at most {scope.get('max_hops')} hops",
             "associations listed" if scope.get("associations") else "set relations only",
             "official rows only" if scope.get("official_only") else "official rows and rows of our judgement"]
    return "; ".join(parts)


def leaves_word(report: GapReport, n: int = 2) -> str:
    return plural(report.assessed_at, n)


def no_profile_text(report: GapReport) -> str:
    return (f"No profile was given: every {report.source['label']} element counts as implemented, so the "
            f"figures show what the mappings allow at best.")
