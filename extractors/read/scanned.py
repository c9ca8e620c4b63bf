"""A scanned PDF page (an image, no characters) read by OCR into the lines a text page gives.

The page is rendered, straightened, and its ruling lines found (scan_image.py); pdfplumber's table
finder makes cells of them, as it does of a text PDF's drawn lines, and each cell is read on its
own (ocr.py), so a table's rows go through the same row layer (grids.py, rows.py) as every other
ruled table. The text around the tables is read as lines of words with their places. Every
character keeps its place on the page, so line numbers and indentation are found as a text page's
are; every cell and word keeps OCR's reading (readings.py) for the arithmetic to proof-read.
"""

from __future__ import annotations

import io
from dataclasses import replace
from statistics import median

from pdfplumber.page import Page
from pdfplumber.table import Table
from PIL import Image

from extractors.errors import ReportError
from extractors.form.lines import IDEOGRAPHIC_SPACE
from extractors.read.grids import Box, Cell, Grid, PageLines, TextLine, grid_of, grid_page, text_line
from extractors.read.ocr import Symbol
from extractors.read.ocr_marks import as_printed, cells_as_printed
from extractors.read.ocr_numbers import MISSING_LOOKALIKES, is_speck
from extractors.read.readings import Reading, reading_of, sign_only, spaced_words
from extractors.read.scan_image import (
    Segment,
    blank_outside,
    ink_bands,
    ink_of,
    line_height,
    ruling_lines,
    straightened,
)
from extractors.read.scan_lines import read_lines_of

# A line of characters OCR read where it stands on the page, with the readings of its words (a cell's: none)
Piece = tuple[list[Symbol], tuple[Reading, ...]]

DPI = 300  # OCR reads the page at this resolution (every length in pixels below is at it)
MAX_PIXELS = 60_000_000  # a page's image at most (A2 at 300 dpi; 60 MB of grey)
POINT = 72 / DPI  # points per pixel
SCANNED_COVER = 0.5  # a page with no characters whose images cover this share of it is a scan
CELL_INSET = 6  # pixels inside a cell's ruling lines that are read (the lines themselves are not)
SNAP_TOLERANCE = 3
TABLE_SETTINGS = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit", "snap_tolerance": SNAP_TOLERANCE,
                  "join_tolerance": 3, "edge_min_length": 3, "intersection_tolerance": 3}
GARBAGE = 50.0  # a character OCR is this unsure of, outside the tables, is a speck read as a letter


def needs_ocr(page: Page) -> bool:
    """A page with no characters whose images cover most of it."""
    if page.chars or not page.images:
        return False
    area = float(page.width * page.height) or 1.0
    covered = sum(max(0.0, float(i["x1"] - i["x0"])) * max(0.0, float(i["bottom"] - i["top"])) for i in page.images)
    return covered / area >= SCANNED_COVER


def read_scanned_page(page: Page, name: str, number: int) -> PageLines:
    """The page's lines, read by OCR (see the module's note); `name` the file's, for a refusal."""
    image, _ = straightened(page.to_image(resolution=_resolution(page, name), antialias=True).original.convert("L"))
    lines = ruling_lines(ink_of(image))
    tables = _tables(page, lines)
    image = blank_outside(image, [], lines)  # the ruling lines gone, so that no cell reads a piece of one
    pieces: list[Piece] = []
    height = _cell_line_height(tables, image)
    grids = [_grid(table, image, number, pieces, height) for table in tables]
    boxes = [_pixel_box(table.bbox) for table in tables]
    pieces += _text_pieces(blank_outside(image, boxes, lines), number)
    return replace(grid_page(_page_lines(pieces), grids, number), read_by_ocr=True)


def _resolution(page: Page, name: str) -> int:
    """DPI, for a page whose image at DPI is within MAX_PIXELS; a larger page (a hostile file's page
    of square metres must not take gigabytes) is refused."""
    pixels = float(page.width) * float(page.height) * (DPI / 72) ** 2
    if pixels > MAX_PIXELS:
        raise ReportError(name, f"a scanned page of {float(page.width):.0f}×{float(page.height):.0f} points "
                                       f"is too large to read by OCR (over {MAX_PIXELS:,} pixels at {DPI} dpi)",
                          page=page.page_number)
    return DPI


def _tables(page: Page, lines: list[Segment]) -> list[Table]:
    across = [_edge(line) for line in lines if line.across]
    down = [_edge(line) for line in lines if not line.across]
    if len(across) < 2 or len(down) < 2:
        return []
    settings = dict(TABLE_SETTINGS, explicit_horizontal_lines=across, explicit_vertical_lines=down)
    return page.find_tables(settings)


def _edge(line: Segment) -> dict[str, object]:
    at, start, stop = line.at * POINT, line.start * POINT, line.stop * POINT
    if line.across:
        return {"object_type": "line", "x0": start, "x1": stop, "top": at, "bottom": at, "width": stop - start,
                "height": 0.0}
    return {"object_type": "line", "x0": at, "x1": at, "top": start, "bottom": stop, "width": 0.0,
            "height": stop - start}


def _cell_line_height(tables: list[Table], image: Image.Image) -> float:
    """The height of a line of text in the tables' cells (most cells hold one line)."""
    bands = [band for table in tables for row in table.rows for box in row.cells if box is not None
             for band in ink_bands(ink_of(image.crop(_inner(box))))]
    return line_height(bands)


def _pixel_box(box: Box) -> tuple[int, int, int, int]:
    x0, top, x1, bottom = box
    return round(x0 / POINT), round(top / POINT), round(x1 / POINT), round(bottom / POINT)


def _inner(box: Box) -> tuple[int, int, int, int]:
    """A cell's box in pixels, inside its ruling lines."""
    x0, top, x1, bottom = _pixel_box(box)
    return (x0 + CELL_INSET, top + CELL_INSET, max(x0 + CELL_INSET, x1 - CELL_INSET),
            max(top + CELL_INSET, bottom - CELL_INSET))


def _grid(table: Table, image: Image.Image, page: int, pieces: list[Piece], height: float) -> Grid:
    """The table's cells, each read by OCR (grids.grid_of), as printed (ocr_marks.py). The lines of
    each cell's characters go into `pieces` (for where the cell stands on the page)."""
    def cell_at(row: int, column: int, box: Box) -> Cell:
        cell, lines = _cell(box, image, page, height)
        pieces.extend((line, ()) for line in lines)
        return cell

    grid = grid_of(table, cell_at, SNAP_TOLERANCE)
    return replace(grid, rows=cells_as_printed(grid.rows))


def _cell(box: Box, image: Image.Image, page: int, height: float) -> tuple[Cell, list[list[Symbol]]]:
    """The cell as read, and its lines of symbols where they stand on the page (in pixels)."""
    inner = _inner(box)
    if inner[2] - inner[0] < 4 or inner[3] - inner[1] < 4:
        return Cell("", box), []
    lines = read_lines_of(image, inner, height)
    symbols = [symbol for line in lines for symbol in line]
    if not any(symbol.char.isalnum() or symbol.char in MISSING_LOOKALIKES for symbol in symbols):
        return Cell("", box), []
    reading = replace(reading_of(symbols, cell=True), page=page, box=box)
    if not reading.sure or not reading.number:  # what a reviewer may be shown (a name: one cell a row)
        reading = replace(reading, crop=_png(image.crop(inner)))
    return Cell(reading.text, box, reading), lines


def _png(image: Image.Image) -> bytes:
    """The crop as a small PNG (half the reading resolution) for the review page."""
    small = image.reduce(2) if image.width > 8 and image.height > 8 else image
    buffer = io.BytesIO()
    small.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _text_pieces(image: Image.Image, page: int) -> list[Piece]:
    """The lines of the text outside the tables, each with the readings of its words."""
    pieces = []
    for symbols in read_lines_of(image, (0, 0, image.width, image.height)):
        symbols = without_leading_specks([symbol for symbol in symbols if symbol.confidence >= GARBAGE])
        if not any(symbol.char.isalnum() for symbol in symbols):
            continue  # specks read as marks: no line of the print
        readings = tuple(_word_reading(image, word, page) for word in _words(symbols))
        pieces.append((symbols, readings))
    return pieces


def without_leading_specks(symbols: list[Symbol]) -> list[Symbol]:
    """A line's symbols without the specks before its first letter: marks far smaller than a
    letter, a letter's width or more before the next symbol (no print starts a line so). Left, a
    speck would stand as the page's left margin, and every line would seem indented."""
    if not symbols:
        return symbols
    height = median(s.box[3] - s.box[1] for s in symbols)
    first = 0
    while first + 1 < len(symbols) and not symbols[first].char.isalnum() and is_speck(symbols[first], height) \
            and symbols[first + 1].box[0] - symbols[first].box[2] >= height:
        first += 1
    if not first:
        return symbols
    return [replace(symbols[first], line_start=True, word_start=True), *symbols[first + 1 :]]


def _word_reading(image: Image.Image, word: list[Symbol], page: int) -> Reading:
    """A word outside the tables as read, with its crop (and half a letter around it) where OCR is
    unsure of it: what a reviewer is shown beside its finding."""
    reading = replace(reading_of(word), page=page, box=_box_points(word))
    if reading.sure:
        return reading
    margin = max(s.box[3] - s.box[1] for s in word) // 2
    left, top = min(s.box[0] for s in word) - margin, min(s.box[1] for s in word) - margin
    right, bottom = max(s.box[2] for s in word) + margin, max(s.box[3] for s in word) + margin
    return replace(reading, crop=_png(image.crop((max(0, left), max(0, top), min(image.width, right),
                                                 min(image.height, bottom)))))


def _words(symbols: list[Symbol]) -> list[list[Symbol]]:
    """The line's words, parted where the gap is a space's (OCR parts Hangul words at random); a
    sign parted from its number joined to it again."""
    joined: list[list[Symbol]] = []
    words = spaced_words(symbols)
    for word in words:
        if joined and sign_only(joined[-1]) and word[0].char.isdigit():
            joined[-1] = joined[-1] + word
        else:
            joined.append(word)
    return joined


def _box_points(symbols: list[Symbol]) -> tuple[float, float, float, float]:
    return (min(s.box[0] for s in symbols) * POINT, min(s.box[1] for s in symbols) * POINT,
            max(s.box[2] for s in symbols) * POINT, max(s.box[3] for s in symbols) * POINT)


def _page_lines(pieces: list[Piece]) -> list[TextLine]:
    """The pieces (lines of cells and of text) gathered into the page's lines by height, each
    line's text its pieces' from left to right, its indentation from the page's left margin."""
    rows: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: _middle(p[0])):
        if rows and abs(_middle(piece[0]) - _middle(rows[-1][0][0])) < _height(rows[-1][0][0]) / 2:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    rows = [sorted(row, key=lambda p: p[0][0].box[0]) for row in rows]
    size = median(s.box[3] - s.box[1] for row in rows for s in row[0][0]) if rows else 0
    margin = left_margin([row[0][0][0].box[0] for row in rows], size)
    return [_text_line(row, margin) for row in rows]


def left_margin(starts: list[int], size: float) -> int:
    """The page's left margin from where its lines start: the leftmost place where two lines start
    (within half a letter of `size`), so that a speck or a misread mark before one line does not
    make every other line seem indented; the leftmost start where no two lines share one."""
    starts = sorted(starts)
    shared = (start for start, following in zip(starts, starts[1:], strict=False) if following - start <= size / 2)
    return next(shared, starts[0] if starts else 0)


def _text_line(row: list[Piece], margin: int) -> TextLine:
    symbols = [symbol for piece, _ in row for symbol in piece]
    size = median(s.box[3] - s.box[1] for s in symbols) or 1
    indent = IDEOGRAPHIC_SPACE * max(0, round((symbols[0].box[0] - margin) / size))
    texts = [_text_of(piece) for piece, _ in row]
    chars = [((s.box[0] + s.box[2]) / 2 * POINT, (s.box[1] + s.box[3]) / 2 * POINT, s.box[0] * POINT,
              size * POINT) for s in symbols]
    readings = tuple(reading for _, found in row for reading in found)
    text = as_printed(" ".join(texts))
    return text_line(indent + text, chars, readings)


def _text_of(symbols: list[Symbol]) -> str:
    return " ".join(reading_of(word).text for word in _words(symbols))


def _middle(symbols: list[Symbol]) -> float:
    return median((s.box[1] + s.box[3]) / 2 for s in symbols)


def _height(symbols: list[Symbol]) -> float:
    return median(s.box[3] - s.box[1] for s in symbols)
