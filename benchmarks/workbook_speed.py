"""What the gap workbook costs per cell, beside openpyxl write-only writing the same values unstyled.

Why a ratio: the machine is shared and noisy, and openpyxl's own cost of writing a cell (its XML
serialisation) is the floor no styling can go under; issue 11 asks the workbook to stay within 1.5x
of it. For each report this prints the workbook's microseconds per cell (median of ``--repeat``
runs, taking turns with the baseline's, of :func:`crosswalk.reporters.workbook.to_bytes`, the report model built beforehand), the
baseline's (the same cell values read back from that workbook, appended row by row to a write-only
workbook with no style, no table, no link, saved the same way) and their ratio.

Reports measured: the shipped report whose workbook has the most cells, and a large generated one
(``benchmarks/synthetic.py``'s hub-and-spoke library: one spoke against another through the hub,
associations listed, so that the Evidence sheet has thousands of rows).

Usage::

    python benchmarks/workbook_speed.py                       # 20 frameworks, 45,000 rows generated
    python benchmarks/workbook_speed.py --frameworks 200 --rows 500000   # SCF scale (minutes to load)
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from openpyxl import Workbook, load_workbook  # noqa: E402
from openpyxl.writer.excel import ExcelWriter  # noqa: E402

import synthetic  # noqa: E402
from crosswalk import reportmodel  # noqa: E402
from crosswalk.report import Request, analyse, request_from_definition  # noqa: E402
from crosswalk.reporters import workbook  # noqa: E402
from crosswalk.workspace import load  # noqa: E402


def values_of(data: bytes) -> list[tuple[str, list[tuple]]]:
    """Every sheet's rows of values, as the workbook holds them."""
    wb = load_workbook(io.BytesIO(data), read_only=True)
    out = []
    for sheet in wb.worksheets:
        sheet.reset_dimensions()
        out.append((sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)]))
    return out


def baseline(sheets: list[tuple[str, list[tuple]]]) -> bytes:
    """openpyxl write-only, the same values, no styling: the floor."""
    wb = Workbook(write_only=True)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return buffer.getvalue()


def medians(calls, repeat: int) -> list[float]:
    """Median seconds of each call, the calls taking turns (so that a burst of load on this shared
    machine falls on both sides of the ratio)."""
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(repeat):
        for call, spent in zip(calls, times):
            start = time.perf_counter()
            call()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def measure(label: str, report: reportmodel.GapReport, repeat: int) -> float:
    data = workbook.to_bytes(report)
    sheets = values_of(data)
    cells = sum(1 for _, rows in sheets for row in rows for value in row if value is not None)
    ours, floor = medians([lambda: workbook.to_bytes(report), lambda: baseline(sheets)], repeat)
    ratio = ours / floor
    print(f"{label}: {cells:,} cells over {len(sheets)} sheets; workbook {ours:.2f} s = {ours / cells * 1e6:.1f} us/cell; "
          f"openpyxl write-only, same values, unstyled {floor:.2f} s = {floor / cells * 1e6:.1f} us/cell; "
          f"ratio {ratio:.2f}x (target 1.5x)")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frameworks", type=int, default=20)
    parser.add_argument("--rows", type=int, default=45_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-generated", action="store_true")
    args = parser.parse_args()

    shipped = load([], include_builtin=True, include_cwd=False)
    largest = None
    for definition in sorted(shipped.reports, key=lambda d: d.id):
        report = reportmodel.build(analyse(shipped, request_from_definition(definition)))
        size = len(report.evidence) * 12 + len(report.rows_used) * 16 + len(report.rows) * 16
        if largest is None or size > largest[0]:
            largest = (size, definition.id, report)
    assert largest is not None
    measure(f"shipped report {largest[1]}", largest[2], args.repeat)
    if args.skip_generated:
        return

    folder = HERE / "workspace" / f"f{args.frameworks}-r{args.rows}"
    if not (folder / "frameworks").is_dir():
        print("generating", synthetic.generate(folder, args.frameworks, args.rows, 1, 0))
    library = load([folder], include_builtin=False, include_cwd=False)
    request = Request("fw001@1", "fw002@1", via=("hub@1",), max_hops=2)
    report = reportmodel.build(analyse(library, request))
    measure(f"generated {args.frameworks} frameworks / {args.rows:,} rows, fw001 -> fw002 via the hub", report,
            args.repeat)


if __name__ == "__main__":
    main()
