"""Measuring instruments for tests of what a reader sees: the workbook as printed, the HTML page as shown.

A test of a rendering should check it the way a reader meets it, with the programs a reader uses,
not by reading back our own output with the library that wrote it. So:

- ``xlsx_to_pdf`` prints a workbook to PDF with LibreOffice (every sheet, in order, into one PDF);
- ``pdf_pages`` reads each printed page: its paper and orientation, the sheet it belongs to, and
  every piece of text with the size it has *as printed* (a sheet fitted to the page width is scaled
  down, so an 11 pt font printed at 40 % is 4.4 pt on paper: that is what a reader's eyes get);
- ``png_pages`` renders pages to PNG so that a person can look at them;
- ``browser_check`` opens an HTML file in headless Chromium from a file:// URL and reports console
  errors and warnings, uncaught exceptions and every request the page tried to make (all requests
  other than local files are refused, so nothing escapes), and can read the DOM and take a screenshot;
  ``browser_page`` keeps the page open for a test to click and query.

Each tool skips the test (``pytest.skip``) only when its outside program cannot be had on this
machine (``.ci/run`` installs LibreOffice and Chromium when it can); any other trouble is a failure.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import pytest

# Paper sizes in PDF points (1/72 inch), portrait width x height; a page within 2 pt is that paper.
PAPERS = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0), "Legal": (612.0, 1008.0), "A3": (841.9, 1190.6)}
PAPER_TOLERANCE = 2.0


class RenderToolError(RuntimeError):
    """An outside program was there but did not do its job: a test failure, with the program's own words."""


# ---------------------------------------------------------------------------------------------
# LibreOffice: workbook to PDF


def find_soffice() -> str | None:
    """LibreOffice's command-line entry, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def font_used_for(family: str) -> str | None:
    """The font family fontconfig (so LibreOffice) draws ``family`` with, e.g. Calibri -> Carlito; None if unknown.

    Printed sizes and page counts depend on it: a sheet's column widths are in widths of the
    default font's digits, so a wider stand-in for Calibri (DejaVu Sans) widens every column and
    fitting to the page then shrinks everything more. Carlito has Calibri's metrics.
    """
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    result = subprocess.run([fc_match, "-f", "%{family}", family], capture_output=True, text=True, timeout=60)
    return (result.stdout.split(",")[0].strip() or None) if result.returncode == 0 else None


def xlsx_to_pdf(xlsx: Path, outdir: Path, timeout: float = 300, to: str = "pdf") -> Path:
    """Print ``xlsx`` (all its sheets, in order) to ``outdir/<stem>.pdf`` with headless LibreOffice.

    ``to="xlsx"`` saves it again as .xlsx instead: what LibreOffice understood of the workbook (its
    data validations, protection), written back in Excel's format for a test to read.

    Each conversion uses a throwaway user profile (``-env:UserInstallation``) and HOME, so that runs
    in parallel, a LibreOffice the user has open, or root's HOME cannot interfere; LibreOffice is
    killed with all its children when it overruns ``timeout`` seconds. The PDF is written in a fresh
    folder and moved into place, so a stale PDF from an earlier run can never pass for this one.
    """
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs Debian's libreoffice-calc-nogui as root")
    xlsx = Path(xlsx).resolve()
    if not xlsx.is_file():
        raise RenderToolError(f"{xlsx}: no such workbook to print")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="render-tools-lo-") as tmp:
        work = Path(tmp) / "out"
        command = [soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", to, "--outdir", str(work), str(xlsx)]
        out, err, code = _run_group(command, timeout, env=dict(os.environ, HOME=tmp),
                                    what=f"LibreOffice printing {xlsx}")
        produced = work / f"{xlsx.stem}.{to}"
        if code != 0 or not produced.is_file() or produced.stat().st_size == 0:
            raise RenderToolError(f"LibreOffice did not convert {xlsx} to {to} (exit status {code}).\n"
                                  f"command: {' '.join(command)}\nstdout: {out.strip()}\nstderr: {err.strip()}")
        target = outdir / produced.name
        shutil.move(str(produced), str(target))
    return target


def _run_group(command: list[str], timeout: float, env: dict[str, str], what: str) -> tuple[str, str, int]:
    """Run ``command`` in its own process group; on timeout kill the whole group (soffice forks soffice.bin)."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise RenderToolError(f"{what}: no result within {timeout:g} s; killed.\nstdout: {out.strip()}\n"
                              f"stderr: {err.strip()}") from None
    return out, err, proc.returncode


# ---------------------------------------------------------------------------------------------
# PDF pages: paper, sheet, text and its printed size


@dataclass(frozen=True)
class TextPiece:
    """A run of characters printed together (in practice one line of a cell) at one size and angle.

    ``size`` is the height of the font's em square on paper, in points: the font size set in the PDF
    times the scale of the text matrix and of the current transformation matrix, so a sheet scaled to
    fit the page shows its true printed size. Rotated text (a Matrix header at 90°) is measured
    across its baseline, as a reader sees it. ``x0``/``top``: where its first character's baseline
    starts, in points from the page's top left.
    """

    text: str
    size: float
    angle: int
    x0: float
    top: float


@dataclass(frozen=True)
class Page:
    """One printed page: 1-based ``number``, size in points, the sheet it prints (None when unknown)."""

    number: int
    width: float
    height: float
    sheet: str | None
    text: str
    pieces: tuple[TextPiece, ...] = field(repr=False)

    @property
    def orientation(self) -> str:
        return "landscape" if self.width > self.height else "portrait"

    @property
    def paper(self) -> str | None:
        """'A4', 'Letter', 'Legal' or 'A3' when the page is that paper in either orientation, else None."""
        short, long = sorted((self.width, self.height))
        for name, (w, h) in PAPERS.items():
            if abs(short - w) <= PAPER_TOLERANCE and abs(long - h) <= PAPER_TOLERANCE:
                return name
        return None

    @property
    def min_size(self) -> float | None:
        """The smallest printed text size on the page in points, None on a page without text."""
        return min((p.size for p in self.pieces), default=None)

    def smallest(self, count: int = 5) -> list[TextPiece]:
        """The ``count`` smallest pieces of text, smallest first: what to quote when a page fails."""
        return sorted(self.pieces, key=lambda p: (p.size, p.top, p.x0))[:count]


def _pieces(textpage: Any, page_height: float) -> tuple[TextPiece, ...]:
    """Every piece of text on a page with its printed size, read character by character through PDFium.

    PDFium gives each character's font size as set in the PDF (``Tf``) and its full matrix (text
    matrix times CTM, linear part a b c d); the printed em height is the size times the length of
    (c, d), which holds for scaled, rotated and skewed text alike. Characters PDFium generates itself
    (spaces and line breaks between text objects) were not printed: they never start a piece or set
    its size. A piece ends at a change of size or angle, or where a character does not start within
    about an em and a half of the one before along the same baseline (a new line, a new cell).
    """
    from ctypes import byref, c_double

    raw = _require("pypdfium2.raw")
    handle = textpage.raw
    matrix, x, y = raw.FS_MATRIX(), c_double(), c_double()
    matrix_ref, x_ref, y_ref = byref(matrix), byref(x), byref(y)
    get_unicode, is_generated, get_size = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated, raw.FPDFText_GetFontSize
    get_matrix, get_origin = raw.FPDFText_GetMatrix, raw.FPDFText_GetCharOrigin
    pieces: list[TextPiece] = []
    run: list[str] = []
    start = (0.0, 0.0)
    key: tuple[float, int] | None = None
    linear: tuple[float, float, float, float] | None = None
    direction = (1.0, 0.0)  # the baseline's unit vector on the page
    previous = (0.0, 0.0)

    def flush() -> None:
        text = "".join(run).strip()
        if text and key is not None:
            pieces.append(TextPiece(text=text, size=key[0], angle=key[1], x0=round(start[0], 2),
                                    top=round(page_height - start[1], 2)))
        run.clear()

    for i in range(textpage.count_chars()):
        char = chr(get_unicode(handle, i))
        if char in " \r\n" and is_generated(handle, i) == 1:
            if char == " " and run:
                run.append(" ")
            continue
        get_matrix(handle, i, matrix_ref)
        size = get_size(handle, i)
        get_origin(handle, i, x_ref, y_ref)
        if (matrix.a, matrix.b, matrix.c, matrix.d) != linear:
            linear = (matrix.a, matrix.b, matrix.c, matrix.d)
            norm = math.hypot(matrix.a, matrix.b) or 1.0
            direction = (matrix.a / norm, matrix.b / norm)
            scale, angle = math.hypot(matrix.c, matrix.d), round(math.degrees(math.atan2(matrix.b, matrix.a))) % 360
        this_key = (round(size * scale, 2), angle)
        if run:
            dx, dy = x.value - previous[0], y.value - previous[1]
            along, across = dx * direction[0] + dy * direction[1], dy * direction[0] - dx * direction[1]
            em = this_key[0]
            if this_key != key or abs(across) > 0.5 * em or not -0.1 * em <= along <= 1.6 * em:
                flush()
        if not run:
            start = (x.value, y.value)
        run.append(char)
        key = this_key
        previous = (x.value, y.value)
    flush()
    return tuple(pieces)


def pdf_pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf``: number, size, sheet, text and the printed size of every piece of text.

    The sheet comes from the PDF's bookmarks: LibreOffice (7.4 here) writes one top-level bookmark
    per printed sheet, named after it and pointing at its first page (empty and hidden sheets print
    nothing and get none). In a PDF without bookmarks every page's sheet is None.
    """
    pdfium = _require("pypdfium2")
    doc = pdfium.PdfDocument(str(pdf))
    try:
        starts = sorted((mark.get_dest().get_index(), mark.get_title()) for mark in doc.get_toc()
                        if mark.level == 0 and mark.get_dest() is not None and mark.get_dest().get_index() is not None)
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            width, height = page.get_size()
            if page.get_rotation() in (90, 270):
                width, height = height, width
            textpage = page.get_textpage()
            sheet = None
            for first, name in starts:
                if first <= i:
                    sheet = name
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            pages.append(Page(number=i + 1, width=round(width, 2), height=round(height, 2), sheet=sheet, text=text,
                              pieces=_pieces(textpage, page.get_size()[1])))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return pages


def min_text_size(pages: Iterable[Page]) -> float | None:
    """The smallest printed text size over ``pages`` in points, None when they hold no text."""
    return min((p.min_size for p in pages if p.min_size is not None), default=None)


def pages_by_sheet(pages: Iterable[Page]) -> dict[str | None, list[Page]]:
    """The pages grouped by the sheet they print, sheets in print order (None: pages of unknown sheet)."""
    grouped: dict[str | None, list[Page]] = {}
    for page in pages:
        grouped.setdefault(page.sheet, []).append(page)
    return grouped


def png_pages(pdf: Path, outdir: Path, dpi: int = 60) -> list[Path]:
    """Render every page of ``pdf`` to ``outdir/<stem>-<n>.png`` at ``dpi``, for a person to look at.

    Uses poppler's ``pdftoppm`` when installed (as with LibreOffice), otherwise PDFium with Pillow;
    skips when neither can render. Returns the files in page order.
    """
    pdf, outdir = Path(pdf), Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for old in _numbered_pngs(outdir, pdf.stem):
        old.unlink()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        result = subprocess.run([pdftoppm, "-png", "-r", str(dpi), str(pdf), str(outdir / pdf.stem)],
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise RenderToolError(f"pdftoppm could not render {pdf}: {result.stderr.strip()}")
    else:
        try:
            import PIL  # noqa: F401  (PDFium hands its bitmaps to Pillow to write PNG)
        except ImportError:
            pytest.skip("neither poppler's pdftoppm (Debian's poppler-utils) nor Pillow is installed")
        pdfium = _require("pypdfium2")
        doc = pdfium.PdfDocument(str(pdf))
        try:
            digits = len(str(len(doc)))
            for i in range(len(doc)):
                image = doc[i].render(scale=dpi / 72).to_pil()
                image.save(outdir / f"{pdf.stem}-{i + 1:0{digits}d}.png")
        finally:
            doc.close()
    return _numbered_pngs(outdir, pdf.stem)


def _numbered_pngs(folder: Path, stem: str) -> list[Path]:
    """``<stem>-<n>.png`` files in ``folder`` in page order (pdftoppm pads n to the page count's width)."""
    pattern = re.compile(re.escape(stem) + r"-(\d+)\.png")
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := pattern.fullmatch(p.name))]
    return [p for _, p in sorted(found)]


# ---------------------------------------------------------------------------------------------
# Chromium: the HTML page


# Headless, no sandbox when root (Chromium refuses to start otherwise), and none of Chromium's own
# background connections (component updates, sync, field trials...): on a closed network they fail
# and would pollute the request log with requests the page never made.
CHROMIUM_ARGS = ("--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-dev-shm-usage")


def find_chromium() -> str | None:
    """The Chromium binary: $CROSSWALK_TEST_CHROMIUM, else Debian's real binary, else one on PATH.

    Debian's /usr/bin/chromium is a shell wrapper that adds its own flags from /etc/chromium.d; the
    binary behind it (/usr/lib/chromium/chromium) runs with exactly the flags given here.
    """
    chosen = os.environ.get("CROSSWALK_TEST_CHROMIUM")
    if chosen:
        return chosen
    if os.access("/usr/lib/chromium/chromium", os.X_OK):
        return "/usr/lib/chromium/chromium"
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@dataclass(frozen=True)
class ConsoleMessage:
    type: str  # "error", "warning" (or "assert")
    text: str
    url: str
    line: int


@dataclass
class BrowserSession:
    """An open page and what it has done so far; ``page`` is Playwright's Page, for clicks and queries."""

    url: str
    page: Any
    console: list[ConsoleMessage] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """One line per problem: console error or warning, uncaught exception, request. Empty when clean.

        The console line Chromium adds for a refused request ("Failed to load resource") is left out:
        the request itself is already listed.
        """
        lines = [f"request: {url}" for url in self.requests]
        lines += [f"uncaught exception: {text}" for text in self.page_errors]
        lines += [f"console {m.type}: {m.text} ({m.url}:{m.line})" for m in self.console
                  if not (m.text.startswith("Failed to load resource") and m.url in self.requests)]
        return lines

    def texts(self, selector: str) -> list[str]:
        """The rendered text (innerText) of every element matching the CSS ``selector``, in document order."""
        return self.page.locator(selector).all_inner_texts()


@dataclass(frozen=True)
class BrowserResult:
    """What Chromium reported for a page: see ``BrowserSession.problems``; ``values`` are the expressions' results."""

    url: str
    console: tuple[ConsoleMessage, ...]
    requests: tuple[str, ...]
    page_errors: tuple[str, ...]
    problems: tuple[str, ...]
    text: str
    values: Mapping[str, Any]
    screenshot: Path | None


@contextmanager
def browser_page(html: Path, width: int = 1280, height: int = 800) -> Iterator[BrowserSession]:
    """Open ``html`` from its file:// URL in headless Chromium, driven by Playwright; yield the session.

    Every request is recorded; any whose URL is not file:// is refused before it leaves the machine.
    The page is loaded and the network idle (500 ms without a request) before the session is yielded.
    """
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed; .ci/run installs Debian's chromium as root")
    sync_api = _require("playwright.sync_api")
    html = Path(html).resolve()
    if not html.is_file():
        raise RenderToolError(f"{html}: no such HTML file to open")
    url = html.as_uri()
    args = list(CHROMIUM_ARGS) + (["--no-sandbox"] if os.geteuid() == 0 else [])
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args, headless=True)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            session = BrowserSession(url=url, page=page)

            def on_console(message: Any) -> None:
                if message.type in ("error", "warning", "assert"):
                    location = message.location or {}
                    session.console.append(ConsoleMessage(message.type, message.text, location.get("url", ""),
                                                          int(location.get("lineNumber", 0))))

            def on_request(request: Any) -> None:
                if request.url != url:
                    session.requests.append(request.url)

            def on_route(route: Any) -> None:
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    route.abort("blockedbyclient")

            page.on("console", on_console)
            page.on("pageerror", lambda error: session.page_errors.append(f"{error.name}: {error.message}"))
            page.on("request", on_request)
            context.route("**/*", on_route)
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            yield session
        finally:
            browser.close()


def browser_check(html: Path, screenshot: Path | None = None, expressions: Mapping[str, str] | None = None,
                  width: int = 1280) -> BrowserResult:
    """Open ``html`` in headless Chromium and report its problems, its text, the given JS expressions' values
    and, when ``screenshot`` is given, a full-page PNG there."""
    with browser_page(html, width=width) as session:
        values = {name: session.page.evaluate(js) for name, js in (expressions or {}).items()}
        text = session.page.evaluate("document.body ? document.body.innerText : ''")
        if screenshot is not None:
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            session.page.screenshot(path=str(screenshot), full_page=True)
        return BrowserResult(url=session.url, console=tuple(session.console), requests=tuple(session.requests),
                             page_errors=tuple(session.page_errors), problems=tuple(session.problems()), text=text,
                             values=values, screenshot=Path(screenshot) if screenshot is not None else None)


def _require(module: str) -> Any:
    """Import a test dependency, saying how to get it when it is missing (a failure, not a skip)."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise RenderToolError(f"{module} is a test dependency: pip install -e '.[test]' ({error})") from error
