"""Write the files a build script produced, or with ``--check`` only say whether they are up to date.

Why shared: every build script ends the same way, and CI-style ``--check`` must behave the same in
all of them (exit 1 and name the stale files).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crosswalk.atomic import write_text_atomically  # noqa: E402


def write_or_check(outputs: dict[Path, str], check: bool) -> int:
    if check:
        stale = [str(p) for p, text in outputs.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
        print("out of date: " + ", ".join(stale) if stale else "up to date")
        return 1 if stale else 0
    for path, text in outputs.items():
        write_text_atomically(path, text)
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0
