"""A draft edition map from a matching: an ordinary mapping a reviewer can open with ``crosswalk review``.

Why an ordinary mapping: the correspondence of two editions is then data like any crosswalk, read by
``diff --edition-map``, by ``migrate`` and by the engine (an edition map is a pivot like any other).
Every row is ours and the map a draft made by automation; each row's note gives the score it was
matched with, so that a reviewer starts with the weakest.

Relations written: a one-to-one pair ``equal``; a split (one old element, several new) ``superset_of``
for each part; a merge ``subset_of``; several to several ``intersects_with``. These are the reading a
reviewer confirms or changes, not an inference.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from crosswalk.editions.diff import Change, Diff

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def draft_id(old_ref: str, new_ref: str, output: str | None) -> str:
    """The file's stem when it is a valid id (``mappings/aiverify-2023--aiverify-2025.yaml``), else one
    made of the two refs."""
    if output:
        stem = Path(output).name.rsplit(".", 1)[0]
        if ID_PATTERN.match(stem) and len(stem) <= 150:
            return stem
    made = f"{old_ref.replace('@', '-')}--{new_ref.replace('@', '-')}".lower()
    return re.sub(r"[^a-z0-9._-]", "-", made)


def _relation(change: Change) -> str:
    if "split" in change.kinds and "merged" in change.kinds:
        return "intersects_with"
    if "split" in change.kinds:
        return "superset_of"
    if "merged" in change.kinds:
        return "subset_of"
    return "equal"


def _strength(relation: str, similarity: float | None) -> int:
    """The OLIR rubric's strength: 10 for equal; else 1-9 from the similarity (a draft's guess, for
    the reviewer to confirm)."""
    if relation == "equal":
        return 10
    return max(1, min(9, round((similarity or 0.0) * 9)))


def draft(result: Diff, ident: str, published: str = "") -> dict[str, Any]:
    """The draft edition map's data (dump with :func:`crosswalk.yamlwrite.dump`)."""
    old, new = result.old, result.new
    rows = []
    for change in result.changes:
        if not change.old or not change.new:
            continue
        relation = _relation(change)
        for pair in change.pairs:
            score = "" if pair.similarity is None else f" similarity {pair.similarity:.3f} (BM25 {pair.bm25:.3f})"
            rows.append({
                "source": pair.old,
                "target": pair.new,
                "relationship": relation,
                "rationale": "semantic",
                "strength": _strength(relation, pair.similarity),
                "judgement": "ours",
                "note": f"matched by {pair.how},{score}; {', '.join(change.kinds)}",
            })
    provenance: dict[str, Any] = {
        "author": "crosswalk diff (automatic matching)",
        "authority": "none (our judgement, not the publisher's)",
        "document": f"crosswalk diff {old.ref} {new.ref} --draft-edition-map",
    }
    if published:
        provenance["published"] = published
    provenance.update({"method": "automation", "status": "draft", "judgement": "ours",
                       "note": "Drafted from the matching by id and by content (BM25 similarity, 0-1, in each "
                               "row's note). Review every row before relying on it: crosswalk review --mapping "
                               f"{ident}."})
    return {
        "kind": "mapping",
        "id": ident,
        "title": f"{old.label} to {new.label}: edition map (draft)",
        "source": old.ref,
        "target": new.ref,
        "style": "strm",
        "provenance": provenance,
        "rows": rows,
    }
