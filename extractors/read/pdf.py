"""Read a PDF report with pdfplumber (the only module that imports it).

One Line per text line of each page, numbered within its page, normalised like the text
reader's lines so that every extractor works on both. Pages are read one at a time and
released, so memory does not grow with the page count. A table that continues on the next
page needs nothing special: the extractors read the pages' lines as one stream and skip the
repeated headers; page numbers at the foot or head of a page are dropped here.

The pages are read one after the other, here, unless the options give a reader of pages (the flows
read a long PDF's pages on a pool of processes, with `open_pages` and `read_page`; each page on its
own, the pages joined in order afterwards: the result is the sequential read's).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.table import Table
from pdfplumber.utils.exceptions import PdfminerException

from extractors.errors import ReportError
from extractors.form.lines import Line
from extractors.form.marks import PAGE_NUMBER
from extractors.form.normalise import normalise_text
from extractors.read import READ_HERE, ReadOptions
from extractors.read.grids import Carry, Cell, Grid, PageLines, TextLine, grid_of, grid_page, text_line
from extractors.read.limits import Budget
from extractors.read.ocr import OcrUnavailable, engine
from extractors.read.pdf_cost import check_page
from extractors.read.scanned import needs_ocr, read_scanned_page

# Pinned: keep_blank_chars keeps U+3000 and spaces, so indentation hints survive; the
# tolerances are pdfplumber's defaults, written down so an upgrade cannot move them.
TEXT_SETTINGS = {"keep_blank_chars": True, "x_tolerance": 3, "y_tolerance": 3}
# Ruled tables: cells from the page's drawn lines and rectangles (pdfplumber's defaults, pinned).
SNAP_TOLERANCE = 3
GRID_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": SNAP_TOLERANCE,
                 "join_tolerance": 3, "edge_min_length": 3, "intersection_tolerance": 3}
DEFAULT_MAX_PAGES = 3000
NO_TEXT_LAYER = "the PDF has no text layer and no scanned page (an image of print) to read"
NO_TEXT_NO_OCR = "the PDF has no text layer (scanned pages?): run without --no-ocr to read them by OCR"
NOTHING_LEGIBLE = "the PDF has neither a text layer nor legible print on any page"
CHECKED_PAGES = 3  # the first pages looked at for a scan before the flow starts


def read_lines(path: Path, options: ReadOptions | None = None, max_pages: int = DEFAULT_MAX_PAGES) -> list[Line]:
    options = options or READ_HERE
    read = None
    with open_pages(path, max_pages) as pages:
        count = len(pages)
        if options.pages is not None:
            read = options.pages(path, count, max_pages, options, scanned(pages[0], path.name, 1, options))
        if read is None:
            read = []
            for number, page in enumerate(pages, start=1):
                read.append(read_page(page, path.name, number, options))
                if read[-1].read_by_ocr and options.progress is not None:
                    options.progress(path.name, number, count)
    carry = Carry()
    lines = [line for page in read for line in without_page_number(carry.take(page))]
    if all(line.is_blank for line in lines):
        ocr = any(page.read_by_ocr for page in read)
        raise ReportError(path.name, NOTHING_LEGIBLE if ocr else NO_TEXT_LAYER if options.ocr else NO_TEXT_NO_OCR)
    return lines


def check(path: Path, options: ReadOptions | None = None, max_pages: int = DEFAULT_MAX_PAGES) -> None:
    """The cheap part of reading: the PDF opens, its page count is within the limit, and its
    first page is no bomb and has a text layer."""
    options = options or READ_HERE
    with open_pages(path, max_pages) as pages:
        if any(scanned(page, path.name, number, options) for number, page in enumerate(pages[:CHECKED_PAGES], 1)):
            try:
                engine()  # a scan needs the engine: said now, before any flow starts
            except OcrUnavailable as error:
                raise OcrUnavailable(f"{path.name}: scanned pages, but {error}") from None
            return
        if all(line.is_blank for line in read_page(pages[0], path.name, 1, options).lines):
            raise ReportError(path.name, NO_TEXT_LAYER if options.ocr else NO_TEXT_NO_OCR)


@contextmanager
def open_pages(path: Path, max_pages: int = DEFAULT_MAX_PAGES) -> Iterator[list[Page]]:
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


def _close(document: PDF) -> None:
    """Close the document; an error of a corrupt file raised while closing must not hide the one
    that says what is wrong with it (or a run that went well)."""
    try:
        document.close()
    except Exception:
        stream = getattr(document, "stream", None)  # the file itself, which the failed close left open
        if stream is not None and not getattr(document, "stream_is_external", False):
            stream.close()


def scanned(page: Page, name: str, number: int, options: ReadOptions) -> bool:
    """Whether the page is to be read by OCR, once what drawing it costs has been checked (looking
    for its characters parses it: a hostile page is refused by its budget first)."""
    if not options.ocr:
        return False
    check_page(page, name, number, Budget(name))
    return needs_ocr(page)


def read_page(page: Page, name: str, number: int, options: ReadOptions) -> PageLines:
    """A page's lines, after what drawing it costs has been checked (pdf_cost.py): its text lines
    (as extract_text prints them), where a ruled table stands its rows; a scanned page's read by OCR
    (scanned.py). The page's characters are parsed once, for the table finder and the text; the
    page is released afterwards, so memory does not grow with the page count."""
    try:
        check_page(page, name, number, Budget(name))
        if options.ocr and needs_ocr(page):
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


def _text_line(line: dict[str, Any]) -> TextLine:
    chars = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c["x0"], c["size"]) for c in line["chars"]]
    return text_line(line["text"], chars)


def _grid(table: Table) -> Grid:
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
