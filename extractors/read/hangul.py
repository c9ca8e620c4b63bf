"""Read the file a bureau writes in Hangul, `.hwpx` (OWPML: XML in a zip) or `.hwp` (HWP 5: records
in a compound file), through views that read both alike (hangul_views.py): paragraphs with their
text, tables, notes and text boxes; tables as cells with their place and span. An `.hwpx`'s section
XML is streamed, one top-level paragraph at a time, and an `.hwp`'s records are built one top-level
paragraph at a time (hwp5.py), so memory does not grow with the document's length; each part is
read through a bound on its inflated size.

One line per body paragraph, in document order, numbered from 1 through the document (no page:
a Hangul file has none until it is laid out); `report-pipeline text FILE` prints the same
numbering. A table that is one of the form's (rows.py, the row layer the ruled-PDF reader shares)
gives one line per row, the name cell's paragraphs joined as one name and indented as its first
paragraph is, and a line per grouping label of a leading column merged down over its rows (before
them); any other table one line per cell paragraph, a nested table's lines after its row.
Text boxes follow their paragraph, each read once (a box inside a box is read as the inner box's
paragraph's). A footnote (or endnote) is a line of its own, its number as printed first ("1) 6. 30.
기준"), after the paragraph it is attached to, or after the table whose cell holds its mark. Page
headers and footers are no body text and are not read.

Reading is bounded (limits.py): bytes inflated over all the parts, XML elements and their depth,
HWP records (counted before any is built), text boxes and tables one inside another.
"""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TypeGuard

from extractors.errors import ReportError
from extractors.form.lines import IDEOGRAPHIC_SPACE, Line
from extractors.form.normalise import normalise_text
from extractors.read import ReadOptions, hwp5, owpml
from extractors.read.hangul_views import Cell, Paragraph, Table, note_line
from extractors.read.hwp5 import NEEDS_A_PASSWORD
from extractors.read.limits import Budget
from extractors.read.rows import ABOVE, _Above, form_table_lines

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SECTION_PART = re.compile(r"^Contents/section\d+\.xml$")
MANIFEST = "META-INF/manifest.xml"
BLANKS = " \t\u3000"
Text = tuple[str, str | None]  # a line's text and its role (lines.py)


def read_lines(path: Path, options: ReadOptions | None = None) -> list[Line]:
    """Every line of the Hangul report at `path`, normalised, numbered from 1 (`options` choose
    nothing for a Hangul file)."""
    budget = Budget(path.name)
    try:
        texts = [text for paragraph in _paragraphs(path, budget) for text in _paragraph(paragraph, budget)]
    except ReportError:
        raise
    except (ET.ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error) as error:
        raise ReportError(path.name, f"corrupt or truncated Hangul file ({_cause(error)})") from None
    lines = [Line(normalise_text(text), number, role=role) for number, (text, role) in enumerate(texts, start=1)]
    if all(line.is_blank for line in lines):
        raise ReportError(path.name, "the Hangul file holds no text")
    return lines


def _paragraphs(path: Path, budget: Budget) -> Iterator[Paragraph]:
    """The document's top-level paragraphs, in order, once the file is known to be what its name
    says and to be readable: never protected."""
    with open(path, "rb") as handle:
        magic = handle.read(len(OLE_MAGIC))
    if path.suffix.lower() == ".hwpx":
        names = _check_package(path, magic, budget)
        with zipfile.ZipFile(path) as package:
            for name in names:
                with package.open(name) as part:
                    yield from _section_paragraphs(_Bounded(part, budget), budget)
    else:
        _check_compound(path, magic)
        yield from hwp5.body_paragraphs(path, budget)


def _check_package(path: Path, magic: bytes, budget: Budget) -> list[str]:
    """The package's section parts, in order; refused where it is no readable, unprotected .hwpx."""
    if magic.startswith(OLE_MAGIC):
        raise ReportError(path.name, "an HWP 5 (.hwp) document named .hwpx: rename it to .hwp")
    if not magic.startswith(ZIP_MAGIC):
        raise ReportError(path.name, "not a Hangul .hwpx file (an .hwpx is a zip package)")
    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            if MANIFEST in names and b"encryption-data" in _Bounded(package.open(MANIFEST), budget).read():
                raise ReportError(path.name, NEEDS_A_PASSWORD)
    except ReportError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise ReportError(path.name, f"corrupt or truncated .hwpx ({_cause(error)})") from None
    sections = sorted((name for name in names if SECTION_PART.match(name)), key=_section_number)
    if not sections:
        raise ReportError(path.name, "the .hwpx package has no section (Contents/section0.xml): not a Hangul document")
    return sections


class _Bounded(io.RawIOBase):
    """A part read through the file's budget of inflated bytes: past it, the file is refused (a
    zip bomb is never inflated whole)."""

    def __init__(self, stream: IO[bytes], budget: Budget) -> None:
        self._stream, self._budget = stream, budget

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        left = self._budget.left("inflated_bytes")
        data = self._stream.read(left + 1 if size < 0 else min(size, left + 1))
        self._budget.spend("inflated_bytes", len(data))
        return data


def _check_compound(path: Path, magic: bytes) -> None:
    if magic.startswith(ZIP_MAGIC):
        raise ReportError(path.name, "an HWPX (.hwpx) package named .hwp: rename it to .hwpx")
    if not magic.startswith(OLE_MAGIC):
        raise ReportError(path.name, "not a Hangul .hwp file (an .hwp is an HWP 5 compound file)")


def _section_paragraphs(section: _Bounded, budget: Budget) -> Iterator[owpml.Paragraph]:
    """The top-level paragraphs of one section's XML, read one at a time and released, so memory
    does not grow with the document's length; every element counted, its depth bounded."""
    depth, root, held = 0, None, 0
    for event, element in ET.iterparse(section, events=("start", "end")):
        if event == "start":
            depth, held = depth + 1, held + 1
            budget.spend("xml_elements")
            budget.at_most("xml_depth", depth)
            budget.at_most("paragraph_elements", held)
            root = element if depth == 1 else root
            continue
        depth -= 1
        if depth == 1 and element.tag == owpml.PARAGRAPH:
            yield owpml.Paragraph(element)
            if root is not None:
                root.clear()
            held = 0


def _section_number(name: str) -> int:
    return int(re.sub(r"\D", "", name.rsplit("/", 1)[-1]) or 0)


def _paragraph(paragraph: Paragraph, budget: Budget, nesting: int = 0) -> Iterator[Text]:
    """A paragraph's line (none for one that holds only a table) and its footnotes, then its
    tables' and text boxes'."""
    if paragraph.empty:
        yield "", None
        return
    budget.at_most("nesting", nesting)
    tables = paragraph.tables
    text = paragraph.text or ""
    if text.strip() or not tables:
        yield _one_line(text), None
    yield from (note_line(note) for note in paragraph.notes)
    for table in tables:
        yield from _table(table, budget, nesting + 1)
        yield from (note_line(note) for note in table.notes)
    for inner in paragraph.text_boxes(budget, nesting + 1):
        yield from _paragraph(inner, budget, nesting + 1)


def _table(table: Table, budget: Budget, nesting: int) -> Iterator[Text]:
    budget.at_most("nesting", nesting)
    grid = _grid(table)
    read = form_table_lines([[place if place is None or isinstance(place, _Above) else place.text
                              for place in cells] for cells in grid])
    if read is None:
        for cells in grid:
            yield from _cell_paragraphs(cells, budget, nesting)
        return
    first, lines = read
    for line in lines:
        name = grid[line.row][line.columns[0]] if line.row >= first and line.role is None and line.columns else None
        yield (_indent(name) if _is_cell(name) else "") + line.text, line.role


def _grid(table: Table) -> list[list[Cell | _Above | None]]:
    """The table's rows as cells in column order: ABOVE where a cell merged down from a row above
    covers the place, None where one to its left does."""
    rows = table.rows
    width = max((cell.address[1] + cell.span[1] for row in rows for cell in row), default=0)
    grid: list[list[Cell | _Above | None]] = [[None] * width for _ in rows]
    for row in rows:
        for cell in row:
            line, column = cell.address
            if line < len(grid) and column < width:
                grid[line][column] = cell
                for below in range(line + 1, min(line + cell.span[0], len(grid))):
                    grid[below][column] = ABOVE
    return grid


def _cell_paragraphs(cells: list[Cell | _Above | None], budget: Budget, nesting: int) -> Iterator[Text]:
    """A table that is none of the form's: each cell paragraph a line, nested tables after the row."""
    nested: list[Table] = []
    for cell in cells:
        if not _is_cell(cell):
            continue
        for paragraph in cell.paragraphs:
            if (paragraph.text or "").strip() or not paragraph.tables:
                yield _one_line(paragraph.text or ""), None
            nested += paragraph.tables
    for table in nested:
        yield from _table(table, budget, nesting + 1)


def _indent(name: Cell) -> str:
    """The name cell's first paragraph's leading blanks, as U+3000 (a hint for the tree)."""
    if not name.paragraphs:
        return ""
    text = name.paragraphs[0].text or ""
    blanks = text[: len(text) - len(text.lstrip(BLANKS))]
    return IDEOGRAPHIC_SPACE * (blanks.count(IDEOGRAPHIC_SPACE) + (len(blanks) - blanks.count(IDEOGRAPHIC_SPACE)) // 2)


def _is_cell(place: Cell | _Above | None) -> TypeGuard[Cell]:
    return place is not None and not isinstance(place, _Above)


def _one_line(text: str) -> str:
    """A paragraph as one line: its own line breaks and tabs are blanks."""
    return re.sub(r"[\r\n\t]+", " ", text)


def _cause(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())[:200]
