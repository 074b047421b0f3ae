"""Build ``profiles/example-bank-aiverify-2025.yaml``: the example bank's 2023 answers carried to AI Verify 2025.

How: exactly what ``crosswalk migrate profiles/example-bank-aiverify-2023.yaml --to aiverify@2025
--edition-map aiverify-2023--aiverify-2025`` writes (the same function, the same YAML writer), so the
shipped 2025 profile is always the migration of the shipped 2023 one through the shipped edition map,
our draft. Rebuild after either changes.

Usage (from the repository root)::

    python scripts/build_library/example_bank_2025.py          # write the profile, print the counts
    python scripts/build_library/example_bank_2025.py --check  # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from _output import write_or_check  # noqa: E402

from crosswalk.editions.migrate import migrate_file  # noqa: E402
from crosswalk.workspace import load  # noqa: E402
from crosswalk.yamlwrite import dump  # noqa: E402

SOURCE = "profiles/example-bank-aiverify-2023.yaml"
IDENT = "example-bank-aiverify-2025"
OUTPUT = ROOT / "profiles" / f"{IDENT}.yaml"
EDITION_MAP = "aiverify-2023--aiverify-2025"


def build() -> tuple[str, dict[str, object]]:
    workspace = load([ROOT / "frameworks", ROOT / "mappings"], include_builtin=False, include_cwd=False)
    migration = migrate_file(workspace, str(ROOT / SOURCE), "aiverify@2025", EDITION_MAP, IDENT)
    figures: dict[str, object] = dict(migration.counts())
    figures["not carried"] = [", ".join(item.old) for item in migration.not_carried]
    figures["new elements to assess"] = len(migration.added)
    return dump(migration.document), figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = parser.parse_args()
    text, figures = build()
    for key, value in figures.items():
        print(f"{key}: {value}")
    return write_or_check({OUTPUT: text}, args.check)


if __name__ == "__main__":
    raise SystemExit(main())
