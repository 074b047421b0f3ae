"""Print how a report's workbook prints: pages per sheet, the smallest printed text, the paper.

The workbook is printed to PDF by LibreOffice (headless) and read back with tests/render_tools.py,
which measures text as printed: a sheet fitted to the page width is scaled down, and the size a
reader gets is the font size times that scale. A measurement, not a test: it asserts nothing.

Usage::

    python benchmarks/print_check.py                                  # the README's first report
    python benchmarks/print_check.py example-bank-aiverify-2023-to-nist-ai-rmf --png /tmp/pages
    python benchmarks/print_check.py --workbook some.xlsx             # a workbook already written
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.render_tools import (Page, find_soffice, font_used_for, min_text_size, pages_by_sheet,  # noqa: E402
                                pdf_pages, png_pages, xlsx_to_pdf)


@dataclass(frozen=True)
class SheetPrint:
    """How one sheet printed: its pages, the first of them, its smallest printed text and its papers."""

    sheet: str
    pages: int
    first_page: int
    smallest: float | None
    papers: tuple[str, ...]


def by_sheet(pages: list[Page]) -> list[SheetPrint]:
    """One line per sheet, in print order (a sheet None holds pages printed before any bookmark)."""
    lines = []
    for sheet, its in pages_by_sheet(pages).items():
        papers = sorted({f"{p.paper or f'{p.width:g}x{p.height:g} pt'} {p.orientation}" for p in its})
        lines.append(SheetPrint(str(sheet), len(its), its[0].number, min_text_size(its), tuple(papers)))
    return lines


def report_workbook(report: str, folder: Path) -> Path:
    """Write ``report``'s workbook with the command a user runs."""
    from crosswalk.cli import main

    out = folder / f"{report}.xlsx"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(["report", report, "-o", str(out)])
    if code != 0:
        raise SystemExit(f"crosswalk report {report} failed with exit status {code}")
    return out


def describe(name: str, pages: list[Page]) -> str:
    smallest = min_text_size(pages)
    where = next((p for p in pages if p.min_size == smallest), None)
    lines = [f"{name}: {len(pages)} pages, smallest printed text "
             + (f"{smallest:g} pt ({where.sheet}, page {where.number}: {where.smallest(1)[0].text!r})"
                if where else "none")]
    lines.append(f"  {'sheet':<22} {'pages':>5} {'first':>5} {'smallest pt':>11}  paper")
    for line in by_sheet(pages):
        size = f"{line.smallest:g}" if line.smallest is not None else "-"
        lines.append(f"  {line.sheet:<22} {line.pages:>5} {line.first_page:>5} {size:>11}  {', '.join(line.papers)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="*", default=["aiverify-2023-to-nist-ai-rmf"], help="report names")
    parser.add_argument("--workbook", type=Path, action="append", default=[], help="an .xlsx to measure instead")
    parser.add_argument("--png", type=Path, help="also render every page to PNG (60 dpi) in this folder")
    args = parser.parse_args(argv)
    try:
        soffice = find_soffice()
        if soffice is None:
            pytest.skip("LibreOffice (soffice) is not installed")
        version = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
        print(f"printed with {version or soffice}; Calibri drawn as {font_used_for('Calibri') or 'unknown'}")
        with tempfile.TemporaryDirectory(prefix="print-check-") as tmp:
            workbooks = list(args.workbook) + [report_workbook(name, Path(tmp)) for name in
                                               ([] if args.workbook and args.reports == parser.get_default("reports")
                                                else args.reports)]
            for workbook in workbooks:
                pdf = xlsx_to_pdf(workbook, Path(tmp) / "pdf")
                print(describe(workbook.stem, pdf_pages(pdf)))
                if args.png:
                    pngs = png_pages(pdf, args.png)
                    print(f"  {len(pngs)} pages as PNG in {args.png}")
    except pytest.skip.Exception as skipped:
        print(f"cannot measure: {skipped.msg}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
