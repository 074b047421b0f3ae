"""The renderings of the gap report, by name and by file extension.

Why a table: ``crosswalk report -o gaps.html`` picks the rendering from the extension and ``--format``
names it explicitly; each rendering is a module that lays out the same
:class:`~crosswalk.reportmodel.GapReport`, so adding one is one line here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any


@dataclass(frozen=True)
class Rendering:
    name: str
    extension: str
    module: str
    function: str  # returns bytes (the workbook) or text (encoded as UTF-8)


RENDERINGS = {
    "xlsx": Rendering("xlsx", ".xlsx", "crosswalk.reporters.workbook", "to_bytes"),
    "markdown": Rendering("markdown", ".md", "crosswalk.reporters.report_markdown", "render"),
    "html": Rendering("html", ".html", "crosswalk.reporters.report_html", "render"),
    "json": Rendering("json", ".json", "crosswalk.reporters.report_formats", "as_json"),
}
EXTENSIONS = {r.extension: r.name for r in RENDERINGS.values()} | {".htm": "html", ".markdown": "markdown"}


def by_extension(path: str) -> str | None:
    """The rendering a file name asks for (``.xlsx``, ``.md``, ``.html``, ``.json``), or None."""
    return EXTENSIONS.get(PurePath(path).suffix.lower())


def render(name: str, report: Any) -> bytes:
    rendering = RENDERINGS[name]
    out = getattr(importlib.import_module(rendering.module), rendering.function)(report)
    # Lone surrogates (a "\ud800" escape in a YAML title) cannot be UTF-8: written as the same escape.
    return out if isinstance(out, bytes) else out.encode("utf-8", "backslashreplace")


def as_json(report: Any) -> str:
    from crosswalk.reportmodel import as_dict
    from crosswalk.reporters.text_safety import json_text

    return json_text(as_dict(report))
