"""Write a report as the Hangul file a bureau writes, with python-hwpx: `.hwpx`, or `.hwp` (HWP 5)
from the same document. Every line of text is a paragraph; every table of the blocks
(tests/ruled_report.py: the form's tables and one small in-text table) is a real table, its header
cells merged where they span, each name in its cell over two or three paragraphs where it has
words to break at (at a blank, or before `(`), indented by its level as Hangul authors do, with
U+3000.

The protected files are made the way the formats document it: an HWP 5 file's FileHeader
property flags (bit 1 password, bit 2 distribution), an HWPX package's manifest listing
encryption data for its section (KS X 6101, 15 암호화)."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import regex

from tests.ruled_pdf import INDENT, Grid, Paragraphs

HWP_SIGNATURE = b"HWP Document File"
HWP_FLAGS_OFFSET = 36  # after the 32-byte signature and the 4-byte version
PASSWORD_FLAG, DISTRIBUTION_FLAG = 0x02, 0x04
ENCRYPTED_ENTRY = (
    '<odf:file-entry full-path="Contents/section0.xml" media-type="application/xml" size="1">'
    '<odf:encryption-data checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
    'checksum="AAAA"><odf:algorithm algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
    'initialisation-vector="AAAA"/></odf:encryption-data></odf:file-entry>'
)


def write_hangul(blocks: list, target: Path, seed: int = 0) -> Path:
    """The blocks as a Hangul document at `target` (.hwpx or .hwp, by its suffix)."""
    from hwpx import HwpxDocument

    rng = random.Random(seed)
    document = HwpxDocument.new()
    for block in blocks:
        if isinstance(block, Paragraphs):
            for line in block.lines:
                document.add_paragraph(line)
        else:
            add_table(document, block, rng)
    document.save_to_path(str(target))
    return target


def add_table(document, grid: Grid, rng: random.Random) -> None:
    shift = 1 if grid.groups else 0  # a leading grouping column, its cells merged down over their groups
    table = document.add_table(grid.header_rows + len(grid.rows), len(grid.widths) + shift)
    cells = [row.cells[shift:] for row in table.rows]  # before any merge: one cell per place
    for cell in grid.header:
        cells[cell.row][cell.column].text = cell.text
    step = max(1, round(grid.indent / INDENT))
    for number, row in enumerate(grid.rows):
        line = grid.header_rows + number
        level = grid.levels[number] if grid.levels else 0
        fragments = wrapped(row[0], rng) if grid.wrap_names else [row[0]]
        name = cells[line][0]
        name.text = "\u3000" * (level * step) + fragments[0]
        for fragment in fragments[1:]:
            name.add_paragraph(fragment)
        for column, text in enumerate(row[1:], start=1):
            cells[line][column].text = text
    merges = [(cell.row, cell.column + shift, cell.row + cell.rowspan - 1, cell.column + shift + cell.colspan - 1)
              for cell in grid.header if cell.rowspan > 1 or cell.colspan > 1]
    if grid.groups:
        table.rows[0].cells[0].text = grid.group_header
        merges.append((0, 0, grid.header_rows - 1, 0))
        line = grid.header_rows
        for label, count in grid.groups:
            table.rows[line].cells[0].text = label
            merges.append((line, 0, line + count - 1, 0))
            line += count
    for merge in merges:
        if merge[0] != merge[2] or merge[1] != merge[3]:
            table.merge_cells(*merge)


def wrapped(name: str, rng: random.Random) -> list[str]:
    """The name over one, two or three paragraphs, broken at a blank or before `(`."""
    breaks = [i for i in range(1, len(name)) if name[i] == "(" or (name[i - 1] == " " and name[i] != " ")]
    if not breaks or rng.random() < 0.3:
        return [name]
    chosen = sorted(rng.sample(breaks, min(len(breaks), rng.choice((1, 2)))))
    parts = [name[start:end] for start, end in zip([0, *chosen], [*chosen, len(name)], strict=True)]
    return [part.strip() for part in parts if part.strip()]


def protected_hwp(source: Path, target: Path, flag: int) -> Path:
    """A copy of an .hwp with a protection flag set in its FileHeader (the body left as it is)."""
    data = bytearray(source.read_bytes())
    at = data.index(HWP_SIGNATURE) + HWP_FLAGS_OFFSET
    data[at] |= flag
    target.write_bytes(bytes(data))
    return target


def password_hwpx(source: Path, target: Path) -> Path:
    """A copy of an .hwpx whose manifest says its section is encrypted."""
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in package.infolist():
            data = package.read(info)
            if info.filename == "META-INF/manifest.xml":
                data = regex.sub(rb"/>\s*$|</odf:manifest>\s*$", b">" + ENCRYPTED_ENTRY.encode() + b"</odf:manifest>",
                                 data.rstrip(), count=1)
            copy.writestr(info, data)
    return target


def zip_bomb_hwpx(target: Path, inflated_bytes: int) -> Path:
    """An .hwpx whose section inflates to `inflated_bytes` (a few KB on disk)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/hwp+zip", zipfile.ZIP_STORED)
        with package.open("Contents/section0.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(inflated_bytes // len(chunk)):
                part.write(chunk)
    return target


def package_without_sections(target: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/hwp+zip")
        package.writestr("Contents/header.xml", "<head/>")
    target.write_bytes(buffer.getvalue())
    return target
