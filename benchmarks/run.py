"""Print the performance figures the issues ask for, in one run.

Figures are wall times on this (shared, noisy) machine, medians of ``--repeat`` runs where cheap:
the YAML parse floor (bare ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the synthetic workspace),
a cold ``crosswalk validate`` of the same files in a fresh interpreter and their ratio, rows per
second, the child's peak memory, the shipped library's validate time (interpreter start included),
each shipped report's time, and one framework's inference and coverage against all the others.

Usage::

    python benchmarks/run.py                      # full scale: 200 frameworks, 500,000 rows
    python benchmarks/run.py --frameworks 40 --rows 100000 --skip-one-against-all
    python benchmarks/run.py --only-one-against-all   # loading, then one source against all 199
    python benchmarks/run.py --only-validate          # validate, the cache, consistency, deep hierarchies
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402


def timed_child(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds of a child process and its exit code."""
    start = time.perf_counter()
    code = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return time.perf_counter() - start, code


def median(values: list[float]) -> float:
    return statistics.median(values)


def incremental(validate: list[str], workspace: Path, cold: float, repeat: int) -> None:
    """Cache figures: first run into an empty cache, nothing changed, then one file changed at a time.

    Each changed-file run follows a run that cached the previous state, so it sees exactly one
    changed file, as a pre-commit hook or a CI job after one commit would. Files are restored after.
    """
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CROSSWALK_CACHE_DIR": folder}
        first, _ = timed_child(validate, cwd=ROOT, env=env)
        warm = median([timed_child(validate, cwd=ROOT, env=env)[0] for _ in range(repeat)])
        print(f"first validate into an empty cache: {first:.2f} s; second, nothing changed: {warm:.2f} s "
              f"({cold / warm:.0f}x faster than cold)")
        mapping = sorted((workspace / "mappings").glob("*.yaml"))[2]
        spoke = workspace / "frameworks" / (mapping.name.split("--")[0] + ".yaml")
        for label, path, old, new in (
            ("one mapping file changed (a rationale: no declaration changes)", mapping, "rationale: semantic",
             "rationale: functional"),
            ("one mapping's relationship changed (the library is checked for consistency again)", mapping,
             "relationship: intersects_with", "relationship: subset_of"),
            ("one spoke framework changed", spoke, "title: 'Control", "title: 'Renamed control"),
            ("the hub framework changed (every mapping reads it)", workspace / "frameworks" / "hub.yaml",
             "title: 'Control", "title: 'Renamed control"),
        ):
            original = path.read_text(encoding="utf-8")
            times = []
            try:
                for attempt in range(repeat):
                    changed = original.replace(old, new, attempt + 1)
                    path.write_text(changed, encoding="utf-8")
                    times.append(timed_child(validate, cwd=ROOT, env=env)[0])
            finally:
                path.write_text(original, encoding="utf-8")
            print(f"{label}: {median(times):.2f} s, {100 * median(times) / cold:.1f}% of cold")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frameworks", type=int, default=200)
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--deep", type=int, default=100_000, help="elements of the one-chain and one-cycle frameworks")
    parser.add_argument("--skip-one-against-all", action="store_true")
    parser.add_argument("--only-validate", action="store_true", help="the validate, consistency and deep figures only")
    parser.add_argument("--only-one-against-all", action="store_true", help="skip the validate and report figures")
    parser.add_argument("--only-reports", action="store_true",
                        help="each shipped report in each rendering (xlsx, md, html, json), interpreter included")
    args = parser.parse_args()
    python = sys.executable
    if args.only_reports:
        shipped_reports(python, args.repeat)
        return
    workspace = HERE / "workspace" / f"f{args.frameworks}-r{args.rows}"
    if not (workspace / "frameworks").is_dir():
        print("generating", synthetic.generate(workspace, args.frameworks, args.rows, 1, 0))
    files = sorted(glob.glob(str(workspace / "*" / "*.yaml")))
    rows = sum(open(f, encoding="utf-8").read().count("\n  - {source:") for f in files if "/mappings/" in f)
    elements = sum(open(f, encoding="utf-8").read().count("\n  - {id:") for f in files if "/frameworks/" in f)
    print(f"synthetic workspace: {args.frameworks} frameworks, {elements} elements, {rows} mapping rows, "
          f"{sum(Path(f).stat().st_size for f in files) / 1e6:.0f} MB")
    if args.only_one_against_all:
        one_against_all(workspace, args.repeat)
        return

    floors = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for name in files:
            yaml.load(Path(name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        floors.append(time.perf_counter() - start)
    floor = median(floors)
    print(f"parse floor (CSafeLoader, in process): {floor:.2f} s")

    validate = [python, "-m", "crosswalk", "validate", "--no-builtin", "--format", "json", "--library", str(workspace)]
    colds = []
    for _ in range(args.repeat):
        seconds, code = timed_child(validate + ["--no-cache"], cwd=ROOT)
        colds.append(seconds)
    cold = median(colds)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"cold validate (fresh interpreter, no cache): {cold:.2f} s, exit {code}; "
          f"ratio to the parse floor {cold / floor:.2f}x; {rows / cold:,.0f} rows/s; peak memory {peak_mb:.0f} MB")
    incremental(validate, workspace, cold, args.repeat)

    consistency_figure(workspace, args.repeat)
    for shape in ("chain", "cycle"):
        deep_validate(shape, args.deep)
    if args.only_validate:
        return

    shipped = median([timed_child([python, "-m", "crosswalk", "validate", "--no-cache"], cwd=ROOT)[0] for _ in range(args.repeat)])
    print(f"shipped library validate, no cache (interpreter start included): {shipped:.2f} s")

    shipped_reports(python, args.repeat)

    if not args.skip_one_against_all:
        one_against_all(workspace, args.repeat)


def shipped_reports(python: str, repeat: int) -> None:
    """Each shipped report written as each rendering, a fresh interpreter each time (the parsed-file
    cache warm, as a user's second run finds it): the whole command, loading to the written file."""
    reports = sorted(p.stem for p in (ROOT / "reports").glob("*.yaml"))
    (HERE / "workspace").mkdir(exist_ok=True)
    for report in reports:
        figures = []
        for extension in ("xlsx", "md", "html", "json"):
            out = HERE / "workspace" / f"report.{extension}"
            seconds = median([timed_child([python, "-m", "crosswalk", "report", report, "-o", str(out)], cwd=ROOT)[0]
                              for _ in range(repeat)])
            figures.append(f"{extension} {seconds:.2f} s")
        print(f"report {report}: " + ", ".join(figures) + " (model and rendering; interpreter included)")


def consistency_figure(workspace: Path, repeat: int) -> None:
    """The consistency check alone, in process, on the loaded synthetic library (collector frozen, as
    validate pauses it): facts, time, and the set entries its top-down pass built against its budget."""
    import gc

    from crosswalk import network
    from crosswalk.rules import consistency
    from crosswalk.workspace import load

    loaded = load([workspace], include_builtin=False, include_cwd=False)
    facts = consistency.facts(loaded)
    gc.freeze()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        outcome = network.check(facts)
        times.append(time.perf_counter() - start)
    print(f"consistency check of {len(facts):,} facts: median {median(times):.2f} s, {len(outcome.conflicts)} "
          f"conflicts, {outcome.entries:,} set entries (budget {network.BUDGET:,}), "
          f"{'complete' if outcome.unchecked is None else 'INCOMPLETE'}")
    gc.unfreeze()


PEAK = ("import sys\nfrom crosswalk.cli import main\ncode = main(sys.argv[1:])\n"
        "hwm = [line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')]\n"
        "sys.stderr.write(f'peak {hwm[0]}\\n')\nsys.exit(code)\n")
"""Runs crosswalk and reports its own peak resident memory in KB. Read from /proc (VmHWM), not from
getrusage: on Linux a child's ru_maxrss starts from its parent's at fork, and this script's parent
has by then loaded the whole synthetic library."""


def deep_validate(shape: str, depth: int) -> None:
    """``crosswalk validate --no-cache`` of one framework whose elements form one parent chain (or one
    cycle): wall time and the child's own peak memory."""
    folder = HERE / "workspace" / f"deep-{shape}-{depth}"
    path = folder / "frameworks" / f"{shape}.yaml"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"kind: framework\nid: {shape}\nversion: '1'\nname: One {shape}\npublisher: benchmark\n"
                 "levels: [item]\nelements:\n"]
        for i in range(depth):
            parent = i + 1 if i + 1 < depth else (0 if shape == "cycle" else None)
            lines.append(f"  - {{id: 'E{i}', title: 'Element {i}'" + (f", parent: 'E{parent}'" if parent is not None else "")
                         + "}\n")
        path.write_text("".join(lines), encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, "validate", "--no-cache", "--no-builtin", "--format", "json",
                           "--library", str(folder)], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak = int(done.stderr.rsplit("peak ", 1)[1]) // 1024 if "peak " in done.stderr else -1
    print(f"validate a framework of {depth:,} elements in one {shape}: {seconds:.1f} s, exit {done.returncode}, "
          f"peak memory {peak} MB")


def one_against_all(workspace: Path, repeat: int) -> None:
    """One source framework against every other: the sweep's inference, then full coverage.

    After loading, the library is frozen out of the collector's reach (``gc.freeze()``), as the
    coverage, report and overview commands do: otherwise Python's next full collection walks the
    whole loaded library (seconds at full scale) in whichever step happens to come first."""
    import gc

    from crosswalk import graph
    from crosswalk.coverage import compute
    from crosswalk.inference import Scope
    from crosswalk.sweep import relations_into
    from crosswalk.workspace import load

    start = time.perf_counter()
    loaded = load([workspace], include_builtin=False, include_cwd=False)
    built = graph.build(loaded)
    links = graph.index(built)
    loading = time.perf_counter() - start
    gc.freeze()
    print(f"load, build the graph and its index: {loading:.2f} s")
    source = loaded.frameworks["fw001@1"]
    targets = [target for ref, target in sorted(loaded.frameworks.items()) if ref != source.ref]
    hub = frozenset(["hub@1"])

    def inference() -> int:
        return sum(len(relations) for target in targets
                   for relations in relations_into(built, Scope(source.ref, target.ref, hub, 2, False)).values())

    def coverage() -> dict[str, int]:
        counts: dict[str, int] = {}
        for target in targets:
            result = compute(built, source, target, pivots=hub, max_hops=2, associations=False)
            for element in result.elements.values():
                counts[element.status] = counts.get(element.status, 0) + 1
        return counts

    start = time.perf_counter()
    pairs = inference()
    first_inference = time.perf_counter() - start
    start = time.perf_counter()
    counts = coverage()
    first_coverage = time.perf_counter() - start
    later = []
    for _ in range(repeat):
        start = time.perf_counter()
        coverage()
        later.append(time.perf_counter() - start)
    print(f"one against all {len(targets)} (set relations only, via the hub, at most 2 rows per path): "
          f"inference {first_inference:.2f} s after loading ({pairs} related element pairs); "
          f"then coverage of every target element with statuses and roll-ups {first_coverage:.2f} s "
          f"({counts}); coverage again, paths remembered: median {median(later):.2f} s")
    from crosswalk.overview import overview

    links.sweeps.clear()  # forget the sweep and the hierarchy walks: the table as a first request sees it
    links.exits.clear()
    start = time.perf_counter()
    view = overview(loaded, source.ref, via=("hub@1",), max_hops=2, library_graph=built)
    print(f"the same as `crosswalk overview` computes it (a table of {len(view.lines)} lines), walks forgotten "
          f"first: {time.perf_counter() - start:.2f} s after loading")
    workbooks(loaded, built)


def workbooks(loaded: object, built: object) -> None:
    """A workbook at full scale, from the loaded library and its graph: the analysis (coverage,
    inference, gaps), then the workbook, for one spoke against the hub (direct) and one spoke against
    another through the hub, with associations and without (``--no-associations``)."""
    from openpyxl import load_workbook

    from crosswalk import reportmodel
    from crosswalk.report import Request, analyse
    from crosswalk.reporters import workbook

    out = HERE / "workspace" / "scale-report.xlsx"
    requests = (Request("fw001@1", "hub@1", direct=True), Request("fw001@1", "fw002@1", via=("hub@1",), max_hops=2),
                Request("fw001@1", "fw002@1", via=("hub@1",), max_hops=2, associations=False))
    for request in requests:
        start = time.perf_counter()
        analysis = analyse(loaded, request, built)
        analysed = time.perf_counter() - start
        start = time.perf_counter()
        report = reportmodel.build(analysis)
        modelled = time.perf_counter() - start
        start = time.perf_counter()
        workbook.write(report, out)
        written = time.perf_counter() - start
        sheets = load_workbook(out, read_only=True).worksheets
        rows = {sheet.title: sheet.max_row for sheet in sheets}
        how = (" via the hub" if request.via else " (direct)") + ("" if request.associations else ", set relations only")
        print(f"workbook {request.source} -> {request.target}{how}: analysis {analysed:.2f} s, "
              f"report model {modelled:.2f} s, workbook {written:.2f} s, {out.stat().st_size / 1e6:.1f} MB; rows per sheet {rows}")


if __name__ == "__main__":
    main()
