"""Read the file a bureau writes in Hangul, `.hwpx` (OWPML: XML in a zip) or `.hwp` (HWP 5), with
python-hwpx, whose document model reads both, its tables as cells with their spans.

One line per body paragraph, in document order, numbered from 1 through the document (no page:
a Hangul file has none until it is laid out); `report-pipeline text FILE` prints the same
numbering. A table that is one of the form's (rows.py, the row layer the ruled-PDF reader shares)
gives one line per row, the name cell's paragraphs joined as one name and indented as its first
paragraph is; any other table one line per cell paragraph, a nested table's lines after its row.
Text boxes follow their paragraph. Page headers and footers are no body text and are not read.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

from extractors.errors import ReportError
from extractors.form.lines import IDEOGRAPHIC_SPACE, Line
from extractors.form.normalise import normalise_text
from extractors.read.rows import first_data_row, row_text

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SECTION_PART = re.compile(r"^Contents/section\d+\.xml$")
MANIFEST = "META-INF/manifest.xml"
# A section's XML, uncompressed; a real report's is a few MB (a zip bomb is refused before it inflates).
DEFAULT_MAX_SECTION_BYTES = 64 * 1024 * 1024
NEEDS_A_PASSWORD = "needs a password: open it in Hangul and save a copy without one, or export PDF"
DISTRIBUTION = "distribution-protected (배포용): save a copy without protection, or export PDF"
# python-hwpx's codes for an HWP 5 file it refuses, and what the user reads.
HWP5_REFUSALS = {
    "hwp5-password": NEEDS_A_PASSWORD,
    "hwp5-distribution": DISTRIBUTION,
    "hwp5-drm": "DRM-protected: save a copy without protection in Hangul, or export PDF",
    "hwp5-version-unsupported": "an HWP file older than HWP 5: save it again in Hangul as .hwp or .hwpx",
    "hwp5-limit-exceeded": "a stream of the .hwp file inflates past the size limit (a decompression bomb?)",
}
LEADING_BLANKS = re.compile(r"^[ \t\u3000]*")


def read_lines(path: Path) -> list[Line]:
    """Every line of the Hangul report at `path`, normalised, numbered from 1."""
    texts = list(_texts(_document(path)))
    lines = [Line(normalise_text(text), number) for number, text in enumerate(texts, start=1)]
    if all(line.is_blank for line in lines):
        raise ReportError(path.name, "the Hangul file holds no text")
    return lines


def _document(path: Path):
    """The document opened by python-hwpx, once the file is known to be what its name says and
    to be readable: never protected, truncated or past the size limits."""
    with open(path, "rb") as handle:
        magic = handle.read(len(OLE_MAGIC))
    if path.suffix.lower() == ".hwpx":
        _check_package(path, magic)
    else:
        _check_compound(path, magic)
    return _open(path)


def _check_package(path: Path, magic: bytes) -> None:
    if magic.startswith(OLE_MAGIC):
        raise ReportError(path.name, "an HWP 5 (.hwp) document named .hwpx: rename it to .hwp")
    if not magic.startswith(ZIP_MAGIC):
        raise ReportError(path.name, "not a Hangul .hwpx file (an .hwpx is a zip package)")
    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            sections = [name for name in names if SECTION_PART.match(name)]
            if not sections:
                raise ReportError(path.name, "the .hwpx package has no section (Contents/section0.xml): "
                                             "not a Hangul document")
            if MANIFEST in names and b"encryption-data" in _bounded(package, MANIFEST, DEFAULT_MAX_SECTION_BYTES,
                                                                    path.name):
                raise ReportError(path.name, NEEDS_A_PASSWORD)
            for name in sections:
                _bounded(package, name, DEFAULT_MAX_SECTION_BYTES, path.name)
    except ReportError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise ReportError(path.name, f"corrupt or truncated .hwpx ({_cause(error)})") from None


def _bounded(package: zipfile.ZipFile, name: str, limit: int, report: str = "") -> bytes:
    """A part of the package, inflated at most to `limit` bytes (a bomb is refused, not inflated)."""
    with package.open(name) as part:
        data = part.read(limit + 1)
    if len(data) > limit:
        raise ReportError(report, f"{name} inflates to more than {limit:,} bytes (a zip bomb?): refused")
    return data


def _check_compound(path: Path, magic: bytes) -> None:
    if magic.startswith(ZIP_MAGIC):
        raise ReportError(path.name, "an HWPX (.hwpx) package named .hwp: rename it to .hwpx")
    if not magic.startswith(OLE_MAGIC):
        raise ReportError(path.name, "not a Hangul .hwp file (an .hwp is an HWP 5 compound file)")


def _open(path: Path):
    from hwpx import HwpxDocument
    from hwpx.errors import HwpxError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # what a conversion leaves out (pictures, fields) is no text
            return HwpxDocument.open(path)
    except HwpxError as error:
        code = getattr(error, "code", "")
        raise ReportError(path.name, HWP5_REFUSALS.get(code, f"corrupt or truncated Hangul file ({_cause(error)})")
                          ) from None
    except Exception as error:  # the readers below python-hwpx raise many kinds on broken files
        raise ReportError(path.name, f"corrupt or truncated Hangul file ({_cause(error)})") from None


def _texts(document) -> Iterator[str]:
    for section in document.sections:
        for paragraph in section.paragraphs:
            yield from _paragraph(paragraph)


def _paragraph(paragraph) -> Iterator[str]:
    """A paragraph's line (none for one that holds only a table), then its tables' and text boxes'."""
    tables = paragraph.tables
    text = paragraph.text or ""
    if text.strip() or not tables:
        yield _one_line(text)
    for table in tables:
        yield from _table(table)
    for shape in _text_boxes(paragraph):
        for inner in shape.paragraphs:
            yield from _paragraph(inner)


def _table(table) -> Iterator[str]:
    grid = _grid(table)
    rows = [row_text([None if cell is None else cell.text for cell in cells]) for cells in grid]
    first = first_data_row(rows)
    if first is None:
        for cells in grid:
            yield from _cell_paragraphs(cells)
        return
    for index, (cells, text) in enumerate(zip(grid, rows, strict=True)):
        yield _indent(cells) + text if index >= first else text


def _grid(table) -> list[list]:
    """The table's rows as cells in column order, None where a merged cell covers the place."""
    rows = table.rows
    width = max((cell.address[1] + cell.span[1] for row in rows for cell in row.cells), default=0)
    grid: list[list] = [[None] * width for _ in rows]
    for row in rows:
        for cell in row.cells:
            line, column = cell.address
            if line < len(grid) and column < width:
                grid[line][column] = cell
    return grid


def _cell_paragraphs(cells: list) -> Iterator[str]:
    """A table that is none of the form's: each cell paragraph a line, nested tables after the row."""
    nested = []
    for cell in cells:
        if cell is None:
            continue
        for paragraph in cell.paragraphs:
            if (paragraph.text or "").strip() or not paragraph.tables:
                yield _one_line(paragraph.text or "")
            nested += paragraph.tables
    for table in nested:
        yield from _table(table)


def _indent(cells: list) -> str:
    """The name cell's first paragraph's leading blanks, as U+3000 (a hint for the tree)."""
    name = next((cell for cell in cells if cell is not None), None)
    if name is None or not name.paragraphs:
        return ""
    blanks = LEADING_BLANKS.match(name.paragraphs[0].text or "")[0]
    return IDEOGRAPHIC_SPACE * (blanks.count(IDEOGRAPHIC_SPACE) + (len(blanks) - blanks.count(IDEOGRAPHIC_SPACE)) // 2)


def _text_boxes(paragraph) -> list:
    return [shape for shape in getattr(paragraph, "shapes", []) or [] if getattr(shape, "paragraphs", None)]


def _one_line(text: str) -> str:
    """A paragraph as one line: its own line breaks and tabs are blanks."""
    return re.sub(r"[\r\n\t]+", " ", text)


def _cause(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())[:200]
