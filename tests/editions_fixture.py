"""A synthetic pair of editions with every kind of change, for the migrate tests.

x@1 -> x@2, by the edition map ``x-1--x-2``:

- ``1.1`` unchanged (equal, same id); ``1.2`` renumbered to ``2.1`` (equal);
- ``1.3`` split into ``1.3a`` and ``1.3b`` (superset_of each);
- ``1.4`` and ``1.5`` merged into ``1.4`` (one row ``[1.4, 1.5] equal 1.4``);
- ``1.6`` widened (``1.6 subset_of 1.6``: the new one says more);
- ``1.7`` reworked (``intersects_with``);
- ``1.11`` narrowed (``superset_of`` one new element);
- ``1.8`` removed (no row); ``1.10`` added (no row).

y@1 has leaves ``y1``..``y9``; the mapping ``x-1--y-1`` joins x@1 to it (one row per case, and one,
``1.6 subset_of y2``, whose composition no strm row can state). ``y-1--x-2`` joins y@1 to the new
edition (for inference through the edition map as a pivot), and the profile answers x@1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crosswalk.yamlwrite import dump

OLD = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.11"]
NEW = ["1.1", "2.1", "1.3a", "1.3b", "1.4", "1.6", "1.7", "1.10", "1.11"]

EDITION_ROWS = [
    ("1.1", "equal", "1.1"),
    ("1.2", "equal", "2.1"),
    ("1.3", "superset_of", "1.3a"),
    ("1.3", "superset_of", "1.3b"),
    (["1.4", "1.5"], "equal", "1.4"),
    ("1.6", "subset_of", "1.6"),
    ("1.7", "intersects_with", "1.7"),
    ("1.11", "superset_of", "1.11"),
]

MAPPING_ROWS = [  # x@1 -> y@1
    ("1.1", "equal", "y1"),
    ("1.2", "subset_of", "y2"),
    ("1.3", "subset_of", "y3"),
    ("1.4", "superset_of", "y4"),
    ("1.6", "superset_of", "y6"),
    ("1.7", "equal", "y7"),
    ("1.8", "equal", "y8"),
    ("1.11", "equal", "y9"),
    ("1.6", "subset_of", "y5"),
]

PROFILE = [
    ("1.1", "implemented", "Policy P1"),
    ("1.2", "partial", "Draft procedure"),
    ("1.3", "implemented", "Test plan T3"),
    ("1.4", "implemented", "Register R4"),
    ("1.5", "partial", "Register R5 (half done)"),
    ("1.6", "implemented", "Control C6"),
    ("1.7", "planned", ""),
    ("1.8", "implemented", "Old control C8"),
    ("1.11", "not-applicable", ""),
]

STRENGTH = {"equal": 10, "no_relationship": 0}


def framework(ident: str, version: str, leaves: list[str], parents: dict[str, str]) -> dict[str, Any]:
    roots = sorted(set(parents.values()))
    return {
        "kind": "framework", "id": ident, "version": version, "name": f"{ident.upper()} edition {version}",
        "publisher": "Test", "levels": ["group", "item"],
        "elements": [{"id": root, "title": f"Group {root}", "level": "group"} for root in roots]
        + [{"id": leaf, "title": f"Item {leaf} of {ident}@{version}", "text": f"What {leaf} asks.",
            "level": "item", "parent": parents[leaf]} for leaf in leaves],
    }


def mapping(ident: str, source: str, target: str, rows: list[tuple[Any, str, Any]], judgement: str = "ours",
            status: str = "draft") -> dict[str, Any]:
    return {
        "kind": "mapping", "id": ident, "source": source, "target": target, "style": "strm",
        "provenance": {"author": "tests", "method": "human", "status": status, "judgement": judgement},
        "rows": [{"source": s, "target": t, "relationship": r, "rationale": "semantic",
                  "strength": STRENGTH.get(r, 5), "note": f"row {n + 1} of {ident}"}
                 for n, (s, r, t) in enumerate(rows)],
    }


def documents() -> dict[str, dict[str, Any]]:
    old_parents = {leaf: "1" for leaf in OLD}
    new_parents = {leaf: ("2" if leaf.startswith("2") else "1") for leaf in NEW}
    y_leaves = [f"y{n}" for n in range(1, 10)]
    return {
        "frameworks/x-1.yaml": framework("x", "1", OLD, old_parents),
        "frameworks/x-2.yaml": framework("x", "2", NEW, new_parents),
        "frameworks/y-1.yaml": framework("y", "1", y_leaves, {leaf: "Y" for leaf in y_leaves}),
        "mappings/x-1--x-2.yaml": mapping("x-1--x-2", "x@1", "x@2", EDITION_ROWS),
        "mappings/x-1--y-1.yaml": mapping("x-1--y-1", "x@1", "y@1", MAPPING_ROWS, judgement="official",
                                          status="final"),
        "mappings/y-1--x-2.yaml": mapping("y-1--x-2", "y@1", "x@2", [("y1", "equal", "1.1"), ("y4", "subset_of", "1.4")]),
        "profiles/bank-x-1.yaml": {
            "kind": "profile", "id": "bank-x-1", "framework": "x@1", "organisation": "Test Bank",
            "date": "2026-01-01",
            "entries": [{"element": e, "status": s, **({"evidence": ev} if ev else {}), "owner": "CRO"}
                        for e, s, ev in PROFILE],
        },
    }


def write_library(folder: Path, skip: tuple[str, ...] = ()) -> Path:
    """Write the fixture under ``folder/lib`` (frameworks/, mappings/) and the profile beside; returns ``lib``."""
    lib = folder / "lib"
    for name, data in documents().items():
        if name in skip:
            continue
        path = (folder if name.startswith("profiles/") else lib) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(data), encoding="utf-8")
    return lib
