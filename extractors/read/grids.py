"""Ruled tables of a PDF page (Hangul exports every table as a grid), rendered as the lines the
section parsers read: one line per grid row, the name cell's text joined whatever its line breaks
(indented by its offset in the cell), then the other cells in column order, `-` for an empty one.

A grid is read this way where it is one of the form's tables (rows.py, the row layer the Hangul
reader shares); any other grid (a small table in the narrative, a diagram) is left as the page's text lines. A
rendered row keeps the number of the page-text line of its first number, so provenance stays
that of the page's text. Header rows repeated where a table continues on the next page are
dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from extractors.form.lines import IDEOGRAPHIC_SPACE, Line
from extractors.form.marks import PAGE_NUMBER
from extractors.form.normalise import fold, normalise_text
from extractors.read.rows import ABOVE, _Above, form_table_lines, is_org_row

if TYPE_CHECKING:  # readings.py loads the OCR modules: only a scanned page needs them
    from extractors.read.readings import Reading

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom
# A page number standing alone: "- 12 -"
OCR_HEADER_LIKENESS = 0.7  # a scanned page's header rows repeat the last table's where this alike


@dataclass(frozen=True)
class TextLine:
    """A line of the page's text (as extract_text prints it) and its characters: (x, y) of each
    centre, and where each starts and how large it is (for a name's indentation)."""

    text: str
    centres: tuple[Point, ...]
    starts: tuple[tuple[float, float], ...] = ()  # (x0, size) of each character
    top: float = 0.0
    bottom: float = 0.0
    readings: tuple[Reading, ...] = ()  # a scanned page's line: OCR's readings of its words


def text_line(text: str, chars: list[tuple[float, float, float, float]], readings: tuple[Reading, ...] = ()
              ) -> TextLine:
    """From (centre x, centre y, x0, size) of each character."""
    ys = [y for _, y, _, _ in chars]
    return TextLine(text, tuple((x, y) for x, y, _, _ in chars), tuple((x0, size) for _, _, x0, size in chars),
                    min(ys, default=0.0), max(ys, default=0.0), readings)


@dataclass(frozen=True)
class Cell:
    text: str  # the cell's text, its lines joined by "\n"
    box: Box
    reading: Reading | None = None  # a scanned page's cell: OCR's reading of it


Place = Cell | _Above | None  # a grid's place: its cell, merged down from above (ABOVE), or from the left
GridRows = tuple[tuple[Place, ...], ...]


@dataclass(frozen=True)
class Grid:
    """A ruled table's cells row by row: rows.ABOVE where a cell merged down covers the place,
    None where one to its left does."""

    box: Box
    rows: GridRows


@dataclass(frozen=True)
class PageLines:
    """A page's lines, read on their own: the header rows a table continued from the previous page
    would repeat (its header signature and where its rows stand in `lines`), and the signature of
    the table that reaches the page's end. Pages read apart (in parallel) are joined by Carry."""

    lines: list[Line]
    repeatable: tuple[tuple[tuple[str, ...], int, int], ...] = ()
    ends_with: tuple[str, ...] | None = None
    read_by_ocr: bool = False  # a scanned page's: its header is compared as OCR reads it, loosely


@dataclass
class Carry:
    """What a page passes to the next: the header rows of a table that reached the page's end."""

    header: tuple[str, ...] | None = None

    def take(self, page: PageLines) -> list[Line]:
        """The page's lines, without the header rows it repeats from the previous page's table."""
        dropped = {index for signature, start, stop in page.repeatable
                   if signature == self.header or (page.read_by_ocr and _alike(signature, self.header))
                   for index in range(start, stop)}
        self.header = page.ends_with
        return [line for index, line in enumerate(page.lines) if index not in dropped]


def grid_of(table: Any, cell_at: Callable[[int, int, Box], Cell], tolerance: float) -> Grid:
    """A pdfplumber table's cells row by row, `cell_at(row, column, box)` each: ABOVE where a cell
    merged down from a row above covers the place (the cell last seen in the column reaches below
    the row's top by more than `tolerance`), None where one to its left does."""
    rows, last_box = [], {}
    for number, row in enumerate(table.rows):
        places: list[Cell | _Above | None] = []
        for column, box in enumerate(row.cells):
            if box is not None:
                last_box[column] = box
                places.append(cell_at(number, column, tuple(box)))
            else:
                above = last_box.get(column)
                places.append(ABOVE if above is not None and above[3] > row.bbox[1] + tolerance else None)
        rows.append(tuple(places))
    return Grid(tuple(table.bbox), tuple(rows))


def _alike(signature: tuple[str, ...], header: tuple[str, ...] | None) -> bool:
    """Two headers as OCR read them: the same rows, their words mostly the same."""
    if header is None or len(signature) != len(header):
        return False
    return SequenceMatcher(None, "".join(signature), "".join(header)).ratio() >= OCR_HEADER_LIKENESS


def grid_page_lines(text: list[TextLine], grids: list[Grid], page: int, carry: Carry) -> list[Line]:
    """The page's lines: its text lines, where a data grid stands its rendered rows instead."""
    return carry.take(grid_page(text, grids, page))


def grid_page(text: list[TextLine], grids: list[Grid], page: int) -> PageLines:
    """The page's lines on their own (see PageLines)."""
    owner = [_owner(line, grids) for line in text]
    rendered: dict[int, tuple[list[Line], list[Line]]] = {}
    signatures: dict[int, tuple[str, ...]] = {}
    for number, grid in enumerate(grids):
        lines = _render(grid, text, page)
        if lines is None:
            owner = [None if o == number else o for o in owner]
            continue
        rendered[number] = lines
        signatures[number] = tuple(fold(line.text) for line in lines[0])
    last = max(rendered, key=lambda g: grids[g].box[3], default=None)
    ends_page = last is not None and not _text_between(text, owner, grids[last].box[3], None)
    out: list[Line] = []
    repeatable = []
    done: set[int] = set()
    for index, line in enumerate(text):
        owned = owner[index]
        if owned is None:
            out.append(Line(normalise_text(line.text), index + 1, page, readings=line.readings))
        elif owned not in done:
            done.add(owned)
            header, rows = rendered[owned]
            if header and not _text_between(text, owner, None, grids[owned].box[1]):
                repeatable.append((signatures[owned], len(out), len(out) + len(header)))
            out.extend(header + rows)
    return PageLines(out, tuple(repeatable), signatures[last] if last is not None and ends_page else None)


def _text_between(text: list[TextLine], owner: list[int | None], top: float | None, bottom: float | None) -> bool:
    """Whether a text line outside every data grid stands between `top` and `bottom` (page numbers aside)."""
    for line, grid in zip(text, owner, strict=True):
        if grid is not None or not line.text.strip() or PAGE_NUMBER.match(line.text):
            continue
        y = line.top
        if (top is None or y > top) and (bottom is None or y < bottom):
            return True
    return False


def _render(grid: Grid, text: list[TextLine], page: int) -> tuple[list[Line], list[Line]] | None:
    """(header lines, row lines) of a data grid; None for a grid that is no data table."""
    read = form_table_lines([[place.text if isinstance(place, Cell) else place for place in cells]
                             for cells in grid.rows])
    if read is None:
        return None
    first, table_lines = read
    cells_of = [tuple(grid.rows[line.row][column] for column in line.columns) for line in table_lines]
    offsets = [_offset(cells, text) if line.row >= first and line.role is None else (None, 1.0)
               for line, cells in zip(table_lines, cells_of, strict=True)]
    base = min((offset for offset, _ in offsets if offset is not None), default=0.0)
    taken: set[int] = set()
    numbers: dict[int, int] = {}
    for position in sorted(range(len(table_lines)), key=lambda p: table_lines[p].role is not None):
        line = table_lines[position]  # rows first: a label takes a page line no row's number is on
        by_number = line.row >= first and line.role is None and not is_org_row(line.text)
        numbers[position] = _line_of(cells_of[position], text, taken, by_number)  # an org unit's: its name's
    header: list[Line] = []
    lines: list[Line] = []
    for position, (line, (offset, size)) in enumerate(zip(table_lines, offsets, strict=True)):
        indent = IDEOGRAPHIC_SPACE * max(0, round((offset - base) / size)) if offset is not None else ""
        readings = tuple(cell.reading for cell in cells_of[position] if isinstance(cell, Cell) and cell.reading)
        (header if line.row < first else lines).append(Line(normalise_text(indent + line.text), numbers[position],
                                                            page, line.role, readings))
    return header, lines


def _offset(cells: tuple[Cell | _Above | None, ...], text: list[TextLine]) -> tuple[float | None, float]:
    """How far the row's name starts from its cell's left edge, and its characters' size."""
    name = next((cell for cell in cells if isinstance(cell, Cell)), None)
    if name is None:
        return None, 1.0
    starts = [(start, size) for index in _lines_in(name.box, text)
              for (x, y), (start, size) in zip(text[index].centres, text[index].starts, strict=True)
              if _inside((x, y), name.box)]
    if not starts:
        return None, 1.0
    start, size = min(starts)
    return start - name.box[0], size or 1.0


def _line_of(cells: tuple[Cell | _Above | None, ...], text: list[TextLine], taken: set[int], numbers: bool) -> int:
    """The page-text line number (1-based) of the row's first number (or of its first character),
    one no other rendered row has taken."""
    present = [cell for cell in cells if isinstance(cell, Cell)]
    order = present[1:] + present[:1] if numbers else present
    candidates = [index for cell in order for index in _lines_in(cell.box, text)]
    index = next((i for i in candidates if i not in taken), candidates[0] if candidates else 0)
    taken.add(index)
    return index + 1


def _lines_in(box: Box, text: list[TextLine]) -> list[int]:
    """The text lines with a character inside the box."""
    return [index for index, line in enumerate(text) if line.top <= box[3] and line.bottom >= box[1]
            and any(_inside(centre, box) for centre in line.centres)]


def _owner(line: TextLine, grids: list[Grid]) -> int | None:
    """The grid most of the line's characters stand in, if any."""
    for number, grid in enumerate(grids):
        inside = sum(_inside(centre, grid.box) for centre in line.centres)
        if line.centres and inside * 2 > len(line.centres):
            return number
    return None


def _inside(point: Point, box: Box) -> bool:
    x, y = point
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]
