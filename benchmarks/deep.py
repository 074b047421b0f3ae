"""Cost of coverage and reports on a framework whose elements form one long parent chain.

Why: real frameworks are three or four levels deep, but a CI gate must not fall over on a generated
one (issue 10, case 5): a 5,000-deep chain used to make ``coverage`` and ``report`` fail because each
hierarchy path was copied as a tuple one link longer than the last (quadratic). This prints, for each
``--depth``, the wall time and the peak memory (``ru_maxrss`` of a fresh child process, read with
:func:`resource.getrusage`) of each command, so that near-linear growth can be read off the table.

The workspace (written to a temporary folder, or ``--keep DIR``):

* ``deep@1``: ``--depth`` elements ``e0`` (the root) ... ``eN-1`` (the only leaf), each the child of
  the one before;
* ``small@1`` (4 elements) mapped to it by four rows: ``s1 equal e0`` (the root: every element is
  covered through a hierarchy path as long as its depth), ``s2 subset_of`` the middle element,
  ``s3 superset_of`` the leaf, ``s4 intersects_with`` the element a third of the way down;
* ``other@1`` (2 elements), mapped from the leaf and the middle element, so that ``small -> other``
  goes through ``deep`` as a pivot with a hierarchy move as long as the chain;
* a profile of ``deep@1`` with three entries, for ``deep -> small`` with implementation statuses;
* in a library of its own (a sibling folder), ``ring@1``: as many elements as the chain, in one hierarchy
  cycle, mapped from ``small``: ``coverage`` must refuse it (exit 2, one line) as fast as it reads it.

Usage::

    python benchmarks/deep.py                          # depths 1,000, 10,000 and 100,000
    python benchmarks/deep.py --depth 5000 --depth 20000
    python benchmarks/deep.py --depth 100000 --keep /tmp/deep   # keep the files and the workbook

The JSON coverage export lists every step of every path; with the root mapped, the paths of a chain of
N elements have N^2/2 steps together, so it is measured only up to ``--json-max-depth`` (its output is
as large as that, by its documented shape).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

MEASURE = r"""
import json, resource, subprocess, sys, time
limit = int(sys.argv[1]) * 1024 * 1024
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.perf_counter()
try:
    done = subprocess.run(sys.argv[3:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=cap,
                          timeout=float(sys.argv[2]))
    code, tail = done.returncode, done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
except subprocess.TimeoutExpired:
    code, tail = "timeout", []
print(json.dumps({"seconds": time.perf_counter() - start, "code": code, "tail": tail,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""
"""Run in a fresh interpreter per measurement: RUSAGE_CHILDREN is then the peak of that one command."""


def framework(ident: str, ids: list[str], parents: list[str | None]) -> str:
    lines = [f"kind: framework\nid: {ident}\nversion: '1'\nname: {ident}\npublisher: benchmark\n"
             "levels: [item]\nelements:\n"]
    for element, parent in zip(ids, parents):
        parent_part = f", parent: {parent}" if parent is not None else ""
        lines.append(f"- {{id: {element}, title: element {element}{parent_part}}}\n")
    return "".join(lines)


def mapping(ident: str, source: str, target: str, rows: list[tuple[str, str, str, int]]) -> str:
    lines = [f"kind: mapping\nid: {ident}\nsource: {source}\ntarget: {target}\nstyle: strm\n"
             "provenance: {author: benchmark, method: automation, status: draft, judgement: ours}\nrows:\n"]
    lines += [f"- {{source: {s}, target: {t}, relationship: {r}, rationale: semantic, strength: {n}}}\n"
              for s, t, r, n in rows]
    return "".join(lines)


def generate(root: Path, depth: int) -> None:
    """Write the workspace described in the module docstring under ``root``."""
    for folder in ("frameworks", "mappings", "profiles"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    chain = [f"e{i}" for i in range(depth)]
    (root / "frameworks" / "deep.yaml").write_text(framework("deep", chain, [None, *chain[:-1]]), encoding="utf-8")
    small = ["s1", "s2", "s3", "s4"]
    (root / "frameworks" / "small.yaml").write_text(framework("small", small, [None] * 4), encoding="utf-8")
    (root / "frameworks" / "other.yaml").write_text(framework("other", ["o1", "o2"], [None] * 2), encoding="utf-8")
    middle, third, leaf = chain[depth // 2], chain[depth // 3], chain[-1]
    (root / "mappings" / "small--deep.yaml").write_text(mapping("small--deep", "small@1", "deep@1", [
        ("s1", "e0", "equal", 10), ("s2", middle, "subset_of", 7), ("s3", leaf, "superset_of", 7),
        ("s4", third, "intersects_with", 5)]), encoding="utf-8")
    (root / "mappings" / "deep--other.yaml").write_text(mapping("deep--other", "deep@1", "other@1", [
        (leaf, "o1", "equal", 10), (middle, "o2", "subset_of", 7)]), encoding="utf-8")
    cycle = root.parent / f"{root.name}-cycle"  # a library of its own, so that it weighs on no other figure
    cycle.mkdir(exist_ok=True)
    ring = [f"r{i}" for i in range(depth)]
    (cycle / "ring.yaml").write_text(framework("ring", ring, [*ring[1:], ring[0]]), encoding="utf-8")
    (cycle / "small.yaml").write_text(framework("small", small, [None] * 4), encoding="utf-8")
    (cycle / "small--ring.yaml").write_text(mapping("small--ring", "small@1", "ring@1", [("s1", "r0", "equal", 10)]),
                                            encoding="utf-8")
    (root / "profiles" / "deep.yaml").write_text(
        "kind: profile\nid: deep-profile\nframework: deep@1\nentries:\n"
        f"- {{element: {leaf}, status: implemented}}\n- {{element: {middle}, status: partial}}\n"
        f"- {{element: {third}, status: planned}}\n", encoding="utf-8")


def commands(root: Path, out: Path, depth: int, json_max_depth: int) -> list[tuple[str, list[str]]]:
    library = ["--no-builtin", "--library", str(root), "--no-cache"]
    found = [
        ("coverage small -> deep", ["coverage", "--from", "small", "--to", "deep", *library]),
        ("coverage --no-associations", ["coverage", "--from", "small", "--to", "deep", "--no-associations", *library]),
        ("report small -> deep (xlsx)", ["report", "--from", "small", "--to", "deep", "-o", str(out), *library]),
        ("report --no-associations", ["report", "--from", "small", "--to", "deep", "--no-associations",
                                      "-o", str(out), *library]),
        ("coverage small -> other via deep", ["coverage", "--from", "small", "--to", "other", *library]),
        ("coverage deep -> small --profile", ["coverage", "--from", "deep", "--to", "small",
                                              "--profile", str(root / "profiles" / "deep.yaml"), *library]),
        ("overview --from small", ["overview", "--from", "small", *library]),
        ("coverage small -> ring (a cycle)", ["coverage", "--from", "small", "--to", "ring", "--no-builtin",
                                              "--library", str(root.parent / f"{root.name}-cycle"), "--no-cache"]),
    ]
    if depth <= json_max_depth:
        found.append(("coverage --format json", ["coverage", "--from", "small", "--to", "deep",
                                                 "--format", "json", *library]))
    return found


def measure(argv: list[str], limit_mb: int, timeout: float) -> dict[str, object]:
    command = [sys.executable, "-c", MEASURE, str(limit_mb), str(timeout), sys.executable, "-m", "crosswalk", *argv]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--depth", type=int, action="append", help="chain length; repeatable (default 1000, 10000, 100000)")
    parser.add_argument("--keep", type=Path, help="write the workspaces under this folder and keep them")
    parser.add_argument("--limit-mb", type=int, default=4096, help="address-space limit of each command (MB)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a command is stopped")
    parser.add_argument("--json-max-depth", type=int, default=300,
                        help="measure the JSON export only up to this depth (its output grows as depth squared)")
    args = parser.parse_args()
    depths = args.depth or [1_000, 10_000, 100_000]
    print(f"{'depth':>8}  {'command':34}  {'wall s':>7}  {'peak MB':>8}  result")
    print("(each command in a fresh interpreter, interpreter start and loading included)")
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        for depth in depths:
            root = base / f"deep-{depth}"
            generate(root, depth)
            for label, argv in commands(root, root / "deep.xlsx", depth, args.json_max_depth):
                figures = measure(argv, args.limit_mb, args.timeout)
                code = figures["code"]
                refused = code == 2 and "hierarchy cycle" in " ".join(figures["tail"]) and "ring" in label
                result = ("ok" if code in (0, 1) else "refused (exit 2), as it must be" if refused
                          else f"exit {code}: {' '.join(figures['tail'])[:80]}")
                print(f"{depth:>8,}  {label:34}  {figures['seconds']:7.2f}  {figures['peak_mb']:8.0f}  {result}", flush=True)


if __name__ == "__main__":
    main()
