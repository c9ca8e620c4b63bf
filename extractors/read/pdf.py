"""Read a PDF report with pdfplumber (the only module that imports it).

One Line per text line of each page, numbered within its page, normalised like the text
reader's lines so that every extractor works on both. Pages are read one at a time and
released, so memory does not grow with the page count. A table that continues on the next
page needs nothing special: the extractors read the pages' lines as one stream and skip the
repeated headers; page numbers at the foot or head of a page are dropped here.

A long PDF's pages are read on a pool of processes, one per core (each page on its own, the
pages joined in order afterwards: the result is the sequential read's), except where the caller
runs reports side by side already (`extractors.read.set_page_workers(1)`: a folder run) or this
process may not fork (a daemon, as Dask's workers are).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
import regex
from pdfplumber.utils.exceptions import PdfminerException

from extractors.errors import ReportError
from extractors.form.lines import Line
from extractors.form.normalise import normalise_text
from extractors.processes import end_workers, signals_held, take_signals
from extractors.read import ocr_enabled, page_workers
from extractors.read.grids import Carry, Cell, Grid, PageLines, TextLine, grid_of, grid_page, text_line
from extractors.read.limits import Budget
from extractors.read.ocr import OcrUnavailable, engine
from extractors.read.pdf_cost import check_page
from extractors.read.scanned import needs_ocr, read_scanned_page
from extractors.read.warnings import collected_warnings, replay

# Pinned: keep_blank_chars keeps U+3000 and spaces, so indentation hints survive; the
# tolerances are pdfplumber's defaults, written down so an upgrade cannot move them.
TEXT_SETTINGS = {"keep_blank_chars": True, "x_tolerance": 3, "y_tolerance": 3}
# Ruled tables: cells from the page's drawn lines and rectangles (pdfplumber's defaults, pinned).
SNAP_TOLERANCE = 3
GRID_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": SNAP_TOLERANCE,
                 "join_tolerance": 3, "edge_min_length": 3, "intersection_tolerance": 3}
# A page number standing alone at the foot or head of a page: "- 12 -", "12" (not "2023",
# which heads a budget table's repeated header)
PAGE_NUMBER = regex.compile(r"^\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,3})\s*$")
DEFAULT_MAX_PAGES = 3000
NO_TEXT_LAYER = "the PDF has no text layer and no scanned page (an image of print) to read"
NO_TEXT_NO_OCR = "the PDF has no text layer (scanned pages?): run without --no-ocr to read them by OCR"
NOTHING_LEGIBLE = "the PDF has neither a text layer nor legible print on any page"
CHECKED_PAGES = 3  # the first pages looked at for a scan before the flow starts
# Below this many pages, starting a pool costs more than it saves.
DEFAULT_MIN_POOL_PAGES = 16
CHUNKS_PER_WORKER = 4  # pages differ in cost (ruled ones more): smaller chunks balance the workers
_worker_pages = None  # in a pool's worker: the PDF's pages, opened once (and the context that holds them)
_worker_context = None


def read_lines(path: Path, max_pages: int = DEFAULT_MAX_PAGES) -> list[Line]:
    with _pages(path, max_pages) as pages:
        count = len(pages)
        workers = _workers_for(count, scanned=_scanned(pages[0], path.name, 1))
        read = [_read_page(page, path.name, number) for number, page in enumerate(pages, start=1)] \
            if workers == 1 else None
    if read is None:
        try:
            read = _read_on_pool(path, count, workers, max_pages)
        except (OSError, BrokenProcessPool):  # no process could be started, or one died: read here
            with _pages(path, max_pages) as pages:
                read = [_read_page(page, path.name, number) for number, page in enumerate(pages, start=1)]
    carry = Carry()
    lines = [line for page in read for line in without_page_number(carry.take(page))]
    if all(line.is_blank for line in lines):
        scanned = any(page.read_by_ocr for page in read)
        raise ReportError(path.name, NOTHING_LEGIBLE if scanned else NO_TEXT_LAYER if ocr_enabled() else NO_TEXT_NO_OCR)
    return lines


def _workers_for(pages: int, scanned: bool = False) -> int:
    """How many processes read the pages: a scan's pages (OCR, seconds each) are worth a pool from
    two pages on, a text PDF's from DEFAULT_MIN_POOL_PAGES."""
    workers = page_workers() or os.cpu_count() or 1
    least = 2 if scanned else DEFAULT_MIN_POOL_PAGES
    if pages < least or multiprocessing.current_process().daemon:
        return 1
    return max(1, min(workers, pages // (least // 2)))


def _read_on_pool(path: Path, count: int, workers: int, max_pages: int) -> list[PageLines]:
    """Every page read on `workers` processes, in page order. An interruption (Ctrl-C, SIGTERM)
    reaches the caller at once: the workers, which only read, are ended."""
    chunks = min(count, workers * CHUNKS_PER_WORKER)
    bounds = [round(count * i / chunks) for i in range(chunks + 1)]
    with signals_held():  # the workers are forked (on the first submit) with the signals held
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_open_in_worker, initargs=(path, max_pages))
        futures = [pool.submit(_read_chunk, path.name, start, stop)
                   for start, stop in zip(bounds, bounds[1:], strict=False)]
    try:
        read = [future.result() for future in futures]
        replay([message for _, messages in read for message in messages])
        return [page for pages, _ in read for page in pages]
    except BaseException:
        end_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _open_in_worker(path: Path, max_pages: int) -> None:
    """A pool worker: the interruption is the parent's to handle; the PDF opened once."""
    global _worker_pages, _worker_context
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    take_signals()
    _worker_context = _pages(path, max_pages)
    _worker_pages = _worker_context.__enter__()


def _read_chunk(name: str, start: int, stop: int) -> tuple[list[PageLines], list[str]]:
    """The chunk's pages, and the warnings reading them gave (said again by the parent)."""
    with collected_warnings([]) as messages:
        return [_read_page(_worker_pages[index], name, index + 1) for index in range(start, stop)], messages


def check(path: Path, max_pages: int = DEFAULT_MAX_PAGES) -> None:
    """The cheap part of reading: the PDF opens, its page count is within the limit, and its
    first page is no bomb and has a text layer."""
    with _pages(path, max_pages) as pages:
        if any(_scanned(page, path.name, number) for number, page in enumerate(pages[:CHECKED_PAGES], start=1)):
            try:
                engine()  # a scan needs the engine: said now, before any flow starts
            except OcrUnavailable as error:
                raise OcrUnavailable(f"{path.name}: scanned pages, but {error}") from None
            return
        if all(line.is_blank for line in _read_page(pages[0], path.name, 1).lines):
            raise ReportError(path.name, NO_TEXT_LAYER if ocr_enabled() else NO_TEXT_NO_OCR)


@contextmanager
def _pages(path: Path, max_pages: int):
    """The PDF's pages, open; refused if it cannot be opened, or has none or too many."""
    name = path.name
    try:
        document = pdfplumber.open(path)
    except PdfminerException as error:
        raise ReportError(name, _problem(error)) from None
    except Exception as error:  # pdfminer raises many kinds on broken files
        raise ReportError(name, f"not a readable PDF ({type(error).__name__}: {error})") from None
    try:
        try:
            pages = document.pages
        except Exception as error:
            raise ReportError(name, f"corrupt PDF: its pages cannot be read ({_cause(error)})") from None
        if not pages:
            raise ReportError(name, "the PDF has no pages")
        if len(pages) > max_pages:
            raise ReportError(name, f"the PDF has {len(pages):,} pages, over the limit of {max_pages:,}")
        yield pages
    finally:
        _close(document)


def _close(document) -> None:
    """Close the document; an error of a corrupt file raised while closing must not hide the one
    that says what is wrong with it (or a run that went well)."""
    try:
        document.close()
    except Exception:
        stream = getattr(document, "stream", None)  # the file itself, which the failed close left open
        if stream is not None and not getattr(document, "stream_is_external", False):
            stream.close()


def _scanned(page, name: str, number: int) -> bool:
    """Whether the page is to be read by OCR, once what drawing it costs has been checked (looking
    for its characters parses it: a hostile page is refused by its budget first)."""
    if not ocr_enabled():
        return False
    check_page(page, name, number, Budget(name))
    return needs_ocr(page)


def _read_page(page, name: str, number: int) -> PageLines:
    """A page's lines, after what drawing it costs has been checked (pdf_cost.py): its text lines
    (as extract_text prints them), where a ruled table stands its rows; a scanned page's read by OCR
    (scanned.py). The page's characters are parsed once, for the table finder and the text; the
    page is released afterwards, so memory does not grow with the page count."""
    try:
        check_page(page, name, number, Budget(name))
        if ocr_enabled() and needs_ocr(page):
            return read_scanned_page(page, name, number)
        text = [_text_line(line) for line in page.extract_text_lines(strip=False, return_chars=True,
                                                                       **TEXT_SETTINGS)]
        tables = page.find_tables(GRID_SETTINGS) if (page.rects or page.lines) else []
        grids = [_grid(table) for table in tables]
        return grid_page(text, grids, number)
    except ReportError:
        raise
    except Exception as error:
        raise ReportError(name, f"corrupt PDF: the text of the page cannot be read ({_cause(error)})",
                          page=number) from None
    finally:
        page.close()


def _text_line(line: dict) -> TextLine:
    chars = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c["x0"], c["size"]) for c in line["chars"]]
    return text_line(line["text"], chars)


def _grid(table) -> Grid:
    """The table's cells row by row, each with its text (grids.grid_of)."""
    texts = table.extract(**TEXT_SETTINGS)
    return grid_of(table, lambda row, column, box: Cell(texts[row][column] or "", box),
                   SNAP_TOLERANCE)


def page_lines(text: str, page: int) -> list[Line]:
    """A page's lines from its text, numbered within the page, without a page number at its foot or head."""
    return without_page_number([Line(normalise_text(line), number, page)
                                for number, line in enumerate(text.split("\n"), start=1)])


def without_page_number(lines: list[Line]) -> list[Line]:
    """The page's lines, a page number standing alone at its foot or head blanked."""
    lines = list(lines)
    filled = [index for index, line in enumerate(lines) if not line.is_blank]
    for index in (filled[-1:] + filled[:1]) if filled else []:
        if PAGE_NUMBER.match(lines[index].text):
            lines[index] = Line("", lines[index].number, lines[index].page)
    return lines


def _problem(error: PdfminerException) -> str:
    cause = error.args[0] if error.args else error
    kind = type(cause).__name__
    if "Password" in kind or "Encrypt" in kind:
        return "the PDF is encrypted: it needs a password"
    if kind in ("PSEOF", "PDFSyntaxError", "PDFNoValidXRef"):
        return f"corrupt or truncated PDF ({_cause(cause)})"
    return f"not a readable PDF ({_cause(cause)})"


def _cause(error: BaseException) -> str:
    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    text = str(cause) or type(cause).__name__
    return " ".join(text.split())
