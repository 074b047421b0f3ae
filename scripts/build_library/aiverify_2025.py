"""Build ``frameworks/aiverify-2025.yaml`` with the user-facing importer, adding the upstream citation.

Why through the importer: the shipped framework and a user's own import of the same workbook must
be the same data; only the provenance of our copy (repository, path, commit) is added here.

Usage (from the repository root): ``python scripts/build_library/aiverify_2025.py [--check]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crosswalk.formats import aiverify_xlsx  # noqa: E402
from crosswalk.yamlwrite import dump  # noqa: E402
from _output import write_or_check  # noqa: E402

OUTPUT = ROOT / "frameworks" / "aiverify-2025.yaml"
WORKBOOK = "imda-lionelteo_process_check_app/aivtf-excel.xlsx"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    (framework,) = aiverify_xlsx.convert(str(args.reference / WORKBOOK), what="framework")
    framework["source"] = {
        "url": "https://github.com/imda-lionelteo/process_check_app",
        "document": "AI Verify Testing Framework for Traditional and Generative AI, process checklist workbook",
        "retrieved_from": "imda-lionelteo/process_check_app assets/references/aivtf-excel.xlsx "
                          "(commit af978019a4f76a7ab7d232a3fe9dc8f06ccddfe9), an IMDA developer's repository of the "
                          "'AI Verify Testing Framework for Generative AI - Process Checks' app",
        "note": "Built by scripts/build_library/aiverify_2025.py with the aiverify-2025-xlsx importer.",
    }
    return write_or_check({OUTPUT: dump(framework)}, args.check)

if __name__ == "__main__":
    sys.exit(main())
