"""Editions of a framework: what changed between two (``diff``), which rows and answers that touches
(``impact``), a draft edition map from the matching (``draft``), and carrying mappings and profiles
from one edition to the next through an edition map (:mod:`crosswalk.editions.migrate`).

The API ``crosswalk migrate`` and other callers use::

    matching = match(old, new, edition_map=None)   # crosswalk.editions.match
    result = diff(matching)                         # crosswalk.editions.diff: Diff.changes, Diff.of_old()
    touched = impact(workspace, result)             # crosswalk.editions.impact
    data = draft(result, "x--y")                    # crosswalk.editions.draft: a mapping's YAML data
"""

from crosswalk.editions.diff import CHANGED, KINDS, Change, Diff, WordDiff, diff
from crosswalk.editions.draft import draft, draft_id
from crosswalk.editions.impact import Impact, impact
from crosswalk.editions.match import EditionError, Matching, Pair, match

__all__ = ["CHANGED", "KINDS", "Change", "Diff", "EditionError", "Impact", "Matching", "Pair", "WordDiff",
           "diff", "draft", "draft_id", "impact", "match"]
