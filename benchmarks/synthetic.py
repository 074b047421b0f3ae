"""Generate a synthetic workspace at Secure Controls Framework scale, consistent by construction.

Why consistent by construction: random relationship rows would contradict each other everywhere
and the consistency check would measure only its error path. Here every element stands for a set
of "atoms" (a leaf draws a few atoms, a parent is the union of its children) and every mapping row
states the true RCC5 relation between two such sets, so the rows are all satisfiable, as in a
well-kept real library, and the checks do their full work. ``--contradictions N`` then adds N
wrong rows (a source declared unrelated to the category of a control it overlaps) so that
detection can be measured too.

Shape: one hub framework (like SCF, ~1,400 elements) and N-1 spoke frameworks of 300-1,500
elements, each spoke mapped to the hub (hub-and-spoke, as SCF's set-theory mappings are).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

RELATIONS = {"EQ": "equal", "PP": "subset_of", "PPI": "superset_of", "PO": "intersects_with", "DR": "no_relationship"}


def relation(a: frozenset[int], b: frozenset[int]) -> str:
    if a == b:
        return "EQ"
    if a < b:
        return "PP"
    if a > b:
        return "PPI"
    return "PO" if a & b else "DR"


def make_framework(rng: random.Random, size: int, universe: int) -> tuple[list[tuple[str, str | None, str]], dict[str, frozenset[int]]]:
    """Elements (id, parent, level) of a three-level tree and the atom set of each."""
    elements: list[tuple[str, str | None, str]] = []
    sets: dict[str, frozenset[int]] = {}
    groups = max(3, size // 60)
    per_group_categories = 4
    leaves_total = size - groups - groups * per_group_categories
    leaf_index = 0
    for g in range(groups):
        gid = f"G{g + 1:02d}"
        elements.append((gid, None, "group"))
        group_atoms: set[int] = set()
        for c in range(per_group_categories):
            cid = f"{gid}.{c + 1}"
            elements.append((cid, gid, "category"))
            category_atoms: set[int] = set()
            count = leaves_total // (groups * per_group_categories) + (1 if leaf_index % 3 == 0 else 0)
            for k in range(max(1, count)):
                lid = f"{cid}.{k + 1}"
                atoms = frozenset(rng.sample(range(universe), rng.randint(2, 6)))
                elements.append((lid, cid, "control"))
                sets[lid] = atoms
                category_atoms |= atoms
                leaf_index += 1
            sets[cid] = frozenset(category_atoms)
            group_atoms |= category_atoms
        sets[gid] = frozenset(group_atoms)
    return elements, sets


def framework_yaml(ident: str, elements: list[tuple[str, str | None, str]]) -> str:
    out = [f"kind: framework\nid: {ident}\nversion: '1'\nname: Synthetic {ident}\npublisher: benchmark\n"
           "levels: [group, category, control]\nelements:\n"]
    for eid, parent, level in elements:
        parent_part = f", parent: '{parent}'" if parent else ""
        out.append(f"  - {{id: '{eid}', level: {level}{parent_part}, title: 'Control {eid} of {ident}', "
                   f"text: 'The organisation does the thing described as {eid}.', citation: {{section: '{eid}'}}}}\n")
    return "".join(out)


def generate(root: Path, frameworks: int, rows: int, seed: int, contradictions: int) -> dict[str, int]:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "frameworks").mkdir(parents=True)
    (root / "mappings").mkdir(parents=True)
    universe = 4000
    hub_elements, hub_sets = make_framework(rng, 1400, universe)
    (root / "frameworks" / "hub.yaml").write_text(framework_yaml("hub", hub_elements), encoding="utf-8")
    by_atom: dict[int, list[str]] = {}
    for eid, atoms in hub_sets.items():
        if eid.count(".") == 2:
            for atom in atoms:
                by_atom.setdefault(atom, []).append(eid)
    total_elements = len(hub_elements)
    rows_per_spoke = rows // (frameworks - 1)
    flipped = 0
    total_rows = 0
    for n in range(1, frameworks):
        ident = f"fw{n:03d}"
        size = rng.randint(300, 1500)
        elements, sets = make_framework(rng, size, universe)
        total_elements += len(elements)
        (root / "frameworks" / f"{ident}.yaml").write_text(framework_yaml(ident, elements), encoding="utf-8")
        leaves = [eid for eid, _, level in elements if level == "control"]
        lines = [f"kind: mapping\nid: {ident}--hub\nsource: {ident}@1\ntarget: hub@1\nstyle: strm\n"
                 "provenance: {author: benchmark, method: automation, status: draft, judgement: ours}\nrows:\n"]
        seen: set[tuple[str, str]] = set()
        attempts = 0
        while len(seen) < rows_per_spoke and attempts < rows_per_spoke * 4:
            attempts += 1
            source = rng.choice(leaves)
            atom = rng.choice(sorted(sets[source]))
            candidates = by_atom.get(atom)
            if not candidates:
                continue
            target = rng.choice(candidates)
            if (source, target) in seen:
                continue
            seen.add((source, target))
            kind = relation(sets[source], hub_sets[target])
            if flipped < contradictions and kind != "DR" and rng.random() < 0.01:
                # a wrong row: the source overlaps a control, so it cannot be unrelated to its category
                category = target.rsplit(".", 1)[0]
                if (source, category) not in seen:
                    seen.add((source, category))
                    lines.append(f"  - {{source: '{source}', target: '{category}', relationship: no_relationship, "
                                 "rationale: semantic, strength: 0}\n")
                    flipped += 1
            strength = 10 if kind == "EQ" else 0 if kind == "DR" else rng.randint(1, 9)
            lines.append(f"  - {{source: '{source}', target: '{target}', relationship: {RELATIONS[kind]}, "
                         f"rationale: semantic, strength: {strength}}}\n")
        total_rows += len(seen)
        (root / "mappings" / f"{ident}--hub.yaml").write_text("".join(lines), encoding="utf-8")
    return {"frameworks": frameworks, "elements": total_elements, "rows": total_rows, "contradictions": flipped}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="benchmarks/workspace", type=Path)
    parser.add_argument("--frameworks", type=int, default=200)
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--contradictions", type=int, default=0)
    args = parser.parse_args()
    print(generate(args.out, args.frameworks, args.rows, args.seed, args.contradictions))


if __name__ == "__main__":
    main()
