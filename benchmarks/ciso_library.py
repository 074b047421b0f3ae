"""CISO Assistant's whole library through crosswalk: import every library, then validate and overview.

Why: real data at real scale, written by nobody on this project (205 framework libraries, 52 mapping
libraries holding 92 mapping sets and 76,555 rows, 71 MB of YAML). This prints, for each step, the
wall time and the peak memory (``ru_maxrss`` of a fresh child process), then what the import said
(notices) and what validation found, by rule:

1. ``import``: one interpreter runs ``crosswalk import ciso-assistant FILE -o OUT/`` (the command's own
   code, :func:`crosswalk.cli.main`) for every library file in turn; libraries holding neither a
   framework nor mapping sets (risk matrices, threat catalogues, presets) are refused, as they must be;
2. ``speed``: for the largest framework (nzism-3, 5,880 nodes) and for the whole library, the time of
   the conversion itself, of our YAML writer, and of PyYAML's C emitter on the same documents (the
   floor any writer is compared with);
3. ``validate``: ``crosswalk validate --no-builtin --no-cache --format json OUT``;
4. ``overview``: ``crosswalk overview --from iso27001@2022 --no-builtin --no-cache --library OUT``.

Usage::

    python benchmarks/ciso_library.py                       # the library in ../shared/reference
    python benchmarks/ciso_library.py --library DIR --keep /tmp/ciso   # keep the imported files

The library is AGPL-3.0: it is read where it lies and never copied into this repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIBRARY = ROOT.parent / "shared" / "reference" / "intuitem_ciso-assistant-community" / "libraries"

MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "wb"), stderr=subprocess.PIPE)
print(json.dumps({"seconds": time.perf_counter() - start, "code": done.returncode,
                  "stderr": done.stderr.decode("utf-8", "replace")[-20000:],
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""
"""Run in a fresh interpreter per measurement: RUSAGE_CHILDREN is then the peak of that one command."""

IMPORT_ALL = r"""
import contextlib, io, json, sys
from pathlib import Path
from crosswalk.cli import main
library, out = Path(sys.argv[1]), sys.argv[2]
outcome = {"written": 0, "refused": [], "failed": [], "notices": []}
for path in sorted(library.glob("*.yaml")):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["import", "ciso-assistant", str(path), "-o", out + "/"])
    lines = err.getvalue().splitlines()
    outcome["written"] += sum(line.startswith("wrote ") for line in lines)
    outcome["notices"] += [line for line in lines if line.startswith("ciso-assistant: ")]
    if code:
        kind = "refused" if "has neither objects.framework nor requirement_mapping_sets" in err.getvalue() else "failed"
        outcome[kind].append(f"{path.name}: {lines[-1] if lines else code}")
print(json.dumps(outcome))
"""

SPEED = r"""
import json, sys, time
from pathlib import Path
import yaml
from crosswalk.formats import ImportProblem, ciso_assistant
from crosswalk.yamlwrite import dump
library = Path(sys.argv[1])
def timed(paths):
    convert = ours = c = 0.0
    for path in paths:
        start = time.perf_counter()
        try:
            documents = ciso_assistant.convert(str(path))
        except ImportProblem:
            continue
        middle = time.perf_counter()
        for document in documents:
            dump(document)
        after = time.perf_counter()
        for document in documents:
            yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)
        convert, ours, c = convert + middle - start, ours + after - middle, c + time.perf_counter() - after
    return {"convert": convert, "yamlwrite": ours, "c_emitter": c}
print(json.dumps({"nzism-3": timed([library / "nzism-3.yaml"]), "all": timed(sorted(library.glob("*.yaml")))}))
"""


def measure(argv: list[str], cwd: Path, stdout: Path) -> dict[str, object]:
    command = [sys.executable, "-c", MEASURE, str(stdout), *argv]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "CROSSWALK_CACHE_DIR": "off"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, check=True)
    return json.loads(done.stdout)


def line(step: str, figures: dict[str, object], result: str) -> None:
    print(f"{step:10}  {figures['seconds']:8.1f}  {figures['peak_mb']:8.0f}  {result}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", type=Path, default=LIBRARY, help=f"CISO Assistant's libraries (default {LIBRARY})")
    parser.add_argument("--keep", type=Path, help="import into this folder (created) and keep it")
    parser.add_argument("--from", dest="source", default="iso27001@2022", help="overview's --from (default iso27001@2022)")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed step (it imports everything again)")
    args = parser.parse_args()
    if not args.library.is_dir():
        sys.exit(f"{args.library}: no such folder (see --library)")
    files = sorted(args.library.glob("*.yaml"))
    print(f"{len(files)} library files, {sum(f.stat().st_size for f in files) / 1e6:.0f} MB, in {args.library}")
    print(f"{'step':10}  {'wall s':>8}  {'peak MB':>8}  result")
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        out = base / "imported"
        out.mkdir(parents=True, exist_ok=True)
        work = base / "cwd"  # an empty working directory: no frameworks/ folder of a checkout is loaded
        work.mkdir(exist_ok=True)
        stdout = base / "stdout.json"

        figures = measure([sys.executable, "-c", IMPORT_ALL, str(args.library), str(out)], work, stdout)
        outcome = json.loads(stdout.read_text("utf-8"))
        kinds = Counter(path.name.split("-", 1)[0] if path.name.startswith("mapping") else "framework"
                        for path in out.glob("*.yaml"))
        line("import", figures, f"{outcome['written']} files written ({kinds['framework']} frameworks, "
                                f"{kinds['mapping']} mapping sets); {len(outcome['refused'])} libraries refused "
                                f"(no framework or mapping sets); {len(outcome['failed'])} failed")
        for failure in outcome["failed"]:
            print(f"            FAILED {failure}")

        if not args.no_speed:
            figures = measure([sys.executable, "-c", SPEED, str(args.library)], work, stdout)
            speed = json.loads(stdout.read_text("utf-8"))
            for name, times in speed.items():
                line("speed", figures if name == "all" else {"seconds": float("nan"), "peak_mb": float("nan")},
                     f"{name}: convert {times['convert']:.1f} s, crosswalk's YAML writer {times['yamlwrite']:.1f} s, "
                     f"PyYAML's C emitter {times['c_emitter']:.1f} s (convert / C emitter "
                     f"{times['convert'] / max(times['c_emitter'], 1e-9):.1f}x)")

        figures = measure([sys.executable, "-m", "crosswalk", "validate", "--no-builtin", "--no-cache",
                           "--format", "json", str(out)], work, stdout)
        report = json.loads(stdout.read_text("utf-8"))
        frameworks = [f for f in report["findings"] if not Path(f["file"]).name.startswith("mapping")]
        line("validate", figures, f"{report['files_checked']} files: {report['errors']} errors, {report['warnings']} "
                                  f"warnings; on frameworks: {len(frameworks)}")
        by_rule = Counter((f["rule"], f["level"]) for f in report["findings"])
        for (rule, level), count in sorted(by_rule.items()):
            files = len({f["file"] for f in report["findings"] if f["rule"] == rule and f["level"] == level})
            print(f"            {count:6,} {level:7} {rule:22} in {files} mapping file(s)")

        figures = measure([sys.executable, "-m", "crosswalk", "overview", "--from", args.source, "--no-builtin",
                           "--no-cache", "--library", str(out)], work, stdout)
        lines = stdout.read_text("utf-8").splitlines()
        line("overview", figures, f"exit {figures['code']}: {max(len(lines) - 2, 0)} target frameworks listed")

        print("\nwhat the import said (ciso-assistant notices):")
        for notice in outcome["notices"]:
            print(f"  {notice[len('ciso-assistant: '):][:220]}")


if __name__ == "__main__":
    main()
