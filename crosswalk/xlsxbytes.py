"""A workbook's bytes, the same for the same content: every zip entry carries one fixed time.

Why: openpyxl stamps each zip entry with the wall clock (and ``Workbook.save`` the "modified"
property too), so two runs on equal inputs would differ. Every workbook crosswalk writes (the gap
report, the CISO Assistant Excel export, the review workbook) goes through :func:`save`; the
caller sets the document properties' dates from its inputs.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl.writer.excel import ExcelWriter

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry :data:`FIXED_TIME` (openpyxl's would carry the wall clock and the
    temporary files' times), so that equal inputs give equal bytes without writing the zip twice."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(str(zinfo_or_arcname), date_time=FIXED_TIME)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        with open(filename, "rb") as stream:
            self.writestr(str(arcname if arcname is not None else filename), stream.read())


def save(workbook: Any) -> bytes:
    """The bytes of an openpyxl workbook, with fixed zip times."""
    # ExcelWriter rather than Workbook.save: save() stamps "modified" with the wall clock.
    buffer = io.BytesIO()
    ExcelWriter(workbook, _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return buffer.getvalue()
