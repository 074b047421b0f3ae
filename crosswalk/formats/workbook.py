"""Opening an .xlsx that may be hostile: bounded inflation, no DTDs, and damage named instead of crashing.

Why: an .xlsx is a zip of XML files. A 3 MB file can inflate to gigabytes (a zip bomb), XML can
declare entities that expand a billionfold or read local files (billion laughs, XXE), and a
truncated or hand-made part makes openpyxl raise whatever its parser met. Everything here happens
before or around openpyxl, on the bytes read once:

- the file is a regular file of at most :data:`MAX_XLSX_BYTES`;
- the zip's own directory is checked before anything is inflated: at most :data:`MAX_MEMBERS`
  members, each stored or deflated (what Excel and LibreOffice write), each at most
  :data:`MAX_MEMBER_BYTES` inflated, together at most :data:`MAX_INFLATED_BYTES`, and none above
  :data:`MAX_RATIO` times its compressed size once over 1 MiB (real workbooks compress 5-16 times).
  A header that lies about a member's size cannot get past this: Python's ``zipfile``, which
  openpyxl reads through, never inflates more than the declared size and then fails the CRC check;
- every XML part is read once, streaming, and refused if it declares a DTD (``<!DOCTYPE``): Office
  Open XML forbids DTDs, Excel never writes one, and every XML entity attack needs one. This holds
  whichever XML parser openpyxl uses (expat, lxml or defusedxml);
- openpyxl then reads in read-only mode, sheets row by row, at most :data:`MAX_SHEET_ROWS` rows and
  only the columns the importer asks for: a row's width and the number of rows come from the sheet
  itself, so a ``<dimension ref="A1:XFD1048576">`` or a row numbered 10^9 cannot multiply the work.

Any exception openpyxl raises while reading becomes an ImportProblem saying the workbook is damaged.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from typing import Any, Iterator

from crosswalk.formats import ImportProblem
from crosswalk.formats.finish import read_input

MAX_XLSX_BYTES = 16 * 1024 * 1024
"""The .xlsx file itself (compressed); the published AI Verify workbook is 77 KB."""
MAX_MEMBER_BYTES = 4 * 1024 * 1024
"""One part of the workbook, inflated; the largest part of the published workbook is 99 KB. openpyxl
keeps a whole row of a sheet in memory, so a sheet part of this size costs at most a few hundred MB."""
MAX_INFLATED_BYTES = 16 * 1024 * 1024
"""All parts together, inflated; the published workbook's 27 parts add up to 277 KB."""
MAX_RATIO = 100
"""Inflated / compressed size above which a part over 1 MiB is taken for a zip bomb."""
MAX_MEMBERS = 10_000
MAX_SHEET_ROWS = 100_000
"""Rows read from one sheet (a principle sheet of the published workbook has about 30)."""

_RATIO_FLOOR = 1024 * 1024
_DTD = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
_NOT_XML = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg", ".bin", ".wdp")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls, or an .xlsx encrypted with a password


def _damaged(path: str, what: str) -> ImportProblem:
    return ImportProblem(f"{path}: not a readable .xlsx workbook (damaged, or not an Excel file): {what}; "
                         "open it in Excel or LibreOffice and save it again as .xlsx")


def _explain(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "XML nested too deeply"
    inner = exc
    while isinstance(inner, ValueError) and inner.__cause__ is not None:  # openpyxl wraps its parser's error
        inner = inner.__cause__
    if isinstance(inner, SyntaxError) or type(inner).__module__.startswith("defusedxml"):
        # xml.etree's ParseError, lxml's XMLSyntaxError; defusedxml's refusals where it is installed
        return f"XML error: {inner}"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return f"broken zip archive: {exc}"
    return f"{exc.__class__.__name__}: {exc}"


# What openpyxl and zipfile raise on damaged input (openpyxl's descriptors raise TypeError and
# ValueError, its readers KeyError and IndexError for missing parts, OSError for no workbook part).
DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, SyntaxError, ValueError, TypeError,
           KeyError, IndexError, AttributeError, OSError, RuntimeError, NotImplementedError, AssertionError)


def _check_directory(path: str, archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ImportProblem(f"{path}: the workbook has {len(members):,} parts, above the limit of {MAX_MEMBERS:,}: "
                            "not an Excel workbook")
    total = 0
    for info in members:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged(path, f"part {info.filename!r} uses zip compression method {info.compress_type}, "
                                 "which Excel and LibreOffice never write")
        if info.file_size > MAX_MEMBER_BYTES:
            raise ImportProblem(f"{path}: part {info.filename!r} inflates to {info.file_size:,} bytes, above the "
                                f"limit of {MAX_MEMBER_BYTES:,} per part: refused as a possible zip bomb")
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportProblem(f"{path}: part {info.filename!r} inflates {info.file_size // max(info.compress_size, 1):,} "
                                f"times ({info.compress_size:,} to {info.file_size:,} bytes), above the limit of "
                                f"{MAX_RATIO}: refused as a possible zip bomb")
        total += info.file_size
    if total > MAX_INFLATED_BYTES:
        raise ImportProblem(f"{path}: the workbook inflates to {total:,} bytes, above the limit of "
                            f"{MAX_INFLATED_BYTES:,}: refused as a possible zip bomb")


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(64 * 1024)
            if not chunk:
                return
            yield chunk


def _check_parts(path: str, archive: zipfile.ZipFile) -> None:
    """Inflate every part once (which also checks its CRC) and refuse XML that declares a DTD."""
    overlap = max(len(marker) for marker in _DTD) - 1
    for info in archive.infolist():
        if info.is_dir():
            continue
        tail = b""
        try:
            for chunk in _chunks(archive, info):
                window = tail + chunk
                if not info.filename.lower().endswith(_NOT_XML) and any(marker in window for marker in _DTD):
                    raise ImportProblem(
                        f"{path}: part {info.filename!r} declares a DTD (<!DOCTYPE ...>): Excel never writes one and "
                        "Office Open XML forbids it; XML entity attacks (billion laughs, external entities) need one, "
                        "so the workbook is refused")
                tail = window[-overlap:]
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, OSError) as exc:
            raise _damaged(path, f"part {info.filename!r}: {_explain(exc)}") from None


def open_workbook(path: str) -> Any:
    """The workbook at ``path`` (openpyxl, read-only, cached values), after the checks above."""
    data = read_input(path, MAX_XLSX_BYTES)
    if data.startswith(_OLE):
        raise _damaged(path, "this is an old .xls file or a password-protected workbook, not an .xlsx zip archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise _damaged(path, f"the file is not a zip archive, which every .xlsx is ({_explain(exc)})") from None
    with archive:
        _check_directory(path, archive)
        _check_parts(path, archive)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it drops; reading is unaffected
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DAMAGED as exc:
        raise _damaged(path, _explain(exc)) from None


def sheet_rows(path: str, workbook: Any, name: str, columns: int) -> list[tuple[Any, ...]]:
    """Values of the first ``columns`` columns of each row of sheet ``name`` (a worksheet, not a chart sheet)."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    sheet = workbook[name]
    if not isinstance(sheet, ReadOnlyWorksheet):
        kind = "a chart sheet" if sheet.__class__.__name__ == "Chartsheet" else f"a {sheet.__class__.__name__}"
        raise ImportProblem(f"{path}: sheet {name!r} is {kind}, not a worksheet: a principle sheet holds the checklist "
                            "table; rename that sheet or remove it")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = list(sheet.iter_rows(min_row=1, max_row=MAX_SHEET_ROWS + 1, min_col=1, max_col=columns,
                                        values_only=True))
    except DAMAGED as exc:
        raise _damaged(path, f"sheet {name!r}: {_explain(exc)}") from None
    if len(rows) > MAX_SHEET_ROWS:
        raise ImportProblem(f"{path}: sheet {name!r} has more than {MAX_SHEET_ROWS:,} rows: not a checklist sheet "
                            "(delete the rows below the table, or the sheet)")
    return rows
