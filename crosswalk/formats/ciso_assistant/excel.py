"""A framework library in CISO Assistant's Excel v2 format, the one their ``convert_library_v2.py`` reads.

Why: CISO Assistant's contributors author libraries in Excel (``library_meta`` and, per object,
``<name>_meta`` key-value sheets with a ``<name>_content`` table) and convert them with their own
script; a workbook in that format is what their review process and tools expect. The workbook holds
exactly the library :func:`.writer.framework_library` builds: the converter rebuilds each node's URN
from ``base_urn`` and the ``node_id`` column, and its parent from the row order and ``depth`` (rows
are in tree order for that reason); ``annotation`` carries the crosswalk block like in the YAML.

The converter strips every cell and reads a cell starting with ``=`` as an unevaluated formula, so
text cells are written as text explicitly and the bytes are the same on every run (fixed zip times
and document properties).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crosswalk.formats import ExportProblem
from crosswalk.xlsxbytes import save

CELL_MAX = 32767
"""Excel's limit for the characters of one cell."""

CONTENT_COLUMNS = ("assessable", "depth", "node_id", "ref_id", "name", "description", "annotation")
WIDTHS = {"assessable": 11, "depth": 7, "node_id": 22, "ref_id": 16, "name": 45, "description": 70, "annotation": 45}
"""Column widths in characters, so that the workbook reads in Excel as their own examples do."""


def _put(sheet: Any, row: int, column: int, value: Any, where: str, width: int = 0) -> None:
    """One cell; a text wraps within ``width`` characters and its row grows to show it (up to Excel's
    409 points), so that the sheet reads as their own examples do."""
    from openpyxl.styles import Alignment

    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        if len(value) > CELL_MAX:
            raise ExportProblem(f"{where}: {len(value):,} characters do not fit an Excel cell ({CELL_MAX:,})")
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if width and ("\n" in value or len(value) > width):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            lines = sum(max(1, -(-len(part) // width)) for part in value.split("\n"))
            height = min(409, 15 * lines)
            if height > (sheet.row_dimensions[row].height or 15):
                sheet.row_dimensions[row].height = height
    else:
        cell.value = value


def _key_values(sheet: Any, pairs: list[tuple[str, Any]], where: str) -> None:
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 100
    for row, (key, value) in enumerate(pairs, start=1):
        _put(sheet, row, 1, key, where)
        if value is not None:
            _put(sheet, row, 2, value, f"{where} {key}", width=100)


def workbook(built: dict[str, Any]) -> bytes:
    """The Excel v2 workbook of a framework library built by :func:`.writer.framework_library`."""
    from openpyxl import Workbook

    framework = built["objects"]["framework"]
    base_urn = framework["urn"].replace(":framework:", ":req_node:", 1)
    book = Workbook()
    meta = book.active
    meta.title = "library_meta"
    _key_values(meta, [("type", "library")] + [(key, built.get(key)) for key in (
        "urn", "version", "locale", "ref_id", "name", "description", "copyright", "provider", "packager",
        "publication_date")], "library_meta")
    _key_values(book.create_sheet("framework_meta"), [
        ("type", "framework"), ("base_urn", base_urn), ("urn", framework["urn"]), ("ref_id", framework["ref_id"]),
        ("name", framework["name"]), ("description", framework.get("description")),
        ("annotation", framework.get("annotation"))], "framework_meta")
    content = book.create_sheet("framework_content")
    for column, header in enumerate(CONTENT_COLUMNS, start=1):
        _put(content, 1, column, header, "framework_content")
        content.column_dimensions[content.cell(row=1, column=column).column_letter].width = WIDTHS[header]
    content.freeze_panes = "A2"
    for row, node in enumerate(framework["requirement_nodes"], start=2):
        where = f"framework_content row {row}"
        values = {"assessable": "x" if node["assessable"] else None, "depth": node["depth"],
                  "node_id": node["urn"][len(base_urn) + 1:], "ref_id": node["ref_id"], "name": node["name"],
                  "description": node.get("description"), "annotation": node.get("annotation")}
        for column, header in enumerate(CONTENT_COLUMNS, start=1):
            if values[header] is not None:
                _put(content, row, column, values[header], f"{where} ({header})", WIDTHS[header])
    stamp = dt.datetime(2000, 1, 1)
    book.properties.creator = book.properties.lastModifiedBy = "crosswalk"
    book.properties.created = book.properties.modified = stamp
    return save(book)
