"""How long ``crosswalk validate FRAMEWORK`` takes in a large library, as a pre-commit hook runs it.

The hook passes only the changed file, and validate must still report what the change breaks in the
files that depend on it (:mod:`crosswalk.affected`). This prints, for one spoke framework of the
synthetic library (``synthetic.py``; default 200 frameworks, 100,000 rows), the wall time of a
fresh process (interpreter start included): cold without the cache, into an empty cache, unchanged
(the cache answers), and after an element that its mapping uses was renamed (the mapping's
reference error must be reported), each as the median of ``--repeat`` runs where cheap.

Usage::

    python benchmarks/named_file.py                          # 200 frameworks, 100,000 rows
    python benchmarks/named_file.py --frameworks 40 --rows 20000
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402


def timed(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, done


def rename_used_element(framework: Path, mapping: Path, attempt: int) -> str:
    """Rename one element of ``framework`` that ``mapping`` names (another one each attempt); returns its old id."""
    used = sorted(set(re.findall(r"source: '([^']+)'", mapping.read_text(encoding="utf-8"))))
    old = used[(attempt * 7) % len(used)]
    text = framework.read_text(encoding="utf-8")
    framework.write_text(text.replace(f"{{id: '{old}', ", f"{{id: '{old}-renamed', ", 1), encoding="utf-8")
    return old


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frameworks", type=int, default=200)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "library"
        print("generating", synthetic.generate(workspace, args.frameworks, args.rows, 1, 0))
        framework = workspace / "frameworks" / "fw005.yaml"
        mapping = workspace / "mappings" / "fw005--hub.yaml"
        original = framework.read_text(encoding="utf-8")
        command = [sys.executable, "-m", "crosswalk", "validate", "--no-builtin", "--workspace", "library",
                   "library/frameworks/fw005.yaml"]
        here = Path(folder)
        env = {**os.environ, "CROSSWALK_CACHE_DIR": str(Path(folder) / "cache"),
               "PYTHONPATH": str(HERE.parent)}
        cold, _ = timed(command + ["--no-cache"], env, here)
        first, _ = timed(command, env, here)
        warm = statistics.median(timed(command, env, here)[0] for _ in range(args.repeat))
        print(f"validate {framework.name} alone: cold, no cache {cold:.2f} s; into an empty cache {first:.2f} s; "
              f"unchanged {warm:.2f} s (median of {args.repeat})")
        times = []
        for attempt in range(args.repeat):
            framework.write_text(original, encoding="utf-8")
            timed(command, env, here)  # the cache holds the state before the edit, as after the last commit
            old = rename_used_element(framework, mapping, attempt)
            seconds, done = timed(command, env, here)
            assert done.returncode == 1 and f"element '{old}' is not in fw005@1" in done.stdout, done.stdout
            times.append(seconds)
        print(f"an element its mapping uses renamed: {statistics.median(times):.2f} s (median of {args.repeat}), "
              f"exit 1, the mapping's line reported:\n  {done.stdout.splitlines()[0]}")


if __name__ == "__main__":
    main()
