"""Render a report the way Hangul (HWP) exports it to PDF: paragraphs line by line, and tables as
ruled grids (thin inner rules, a thicker box, shaded header rows, merged header cells), each name
left-aligned in its cell, indented by its level and wrapped inside the cell, every cell of a row
vertically centred, numbers right-aligned; a table that runs past the page continues on the next
with its header rows repeated; page numbers ("- 12 -") at the foot.

Used by make_pdf_fixtures.py (which needs the Nanum and DejaVu fonts; the PDFs are committed).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import regex
from fontTools.ttLib import TTFont
from fpdf import FPDF

NANUM = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LOOKALIKES = {0xFF62: 0x300C, 0xFF63: 0x300D, 0xFF65: 0x00B7}  # ｢ → 「, ｣ → 」, ･ → ·
PAGE_BREAK_BLANKS = 3
FONT_SIZE = 9
GRID_FONT_SIZE = 8
LINE_HEIGHT = 11.5
CELL_LINE = 10.0
PAD = 3.0
INDENT = 8.0  # one name level, in points
BLANK_HEIGHT = 4
TOP, BOTTOM, LEFT = 40, 790, 36


@dataclass(frozen=True)
class HeaderCell:
    row: int
    column: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """A ruled table: column widths, header cells (merged where they span), body rows (cell
    texts, the first the name) with their names' levels; numbers are right-aligned."""

    widths: list[float]
    header: list[HeaderCell]
    rows: list[list[str]]
    levels: list[int] = field(default_factory=list)
    header_rows: int = 1
    wrap_names: bool = True
    align_names: str = "L"
    indent: float = INDENT  # points per name level
    # A leading grouping column (a 회계, a 분야): its header, width, and each group's label and row count,
    # its cell merged down over the group's rows (a group is kept on one page).
    groups: list[tuple[str, int]] = field(default_factory=list)
    group_header: str = "회  계"
    group_width: float = 48.0


@dataclass
class Paragraphs:
    lines: list[str]


def patched_nanum(folder: Path) -> Path:
    """NanumGothic with lookalike glyphs for the characters it lacks (made once per folder)."""
    path = folder / "NanumGothicPatched.ttf"
    if path.exists():
        return path
    font = TTFont(NANUM)
    cmap = font.getBestCmap()
    for table in font["cmap"].tables:
        if table.isUnicode():
            for new, old in LOOKALIKES.items():
                if old in cmap:
                    table.cmap[new] = cmap[old]
    font.save(path)
    return path


def new_pdf(folder: Path) -> FPDF:
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("nanum", fname=str(patched_nanum(folder)))
    pdf.add_font("dejavu", fname=str(DEJAVU))
    pdf.set_font("nanum", size=FONT_SIZE)
    pdf.set_fallback_fonts(["dejavu"], exact_match=False)
    pdf.set_auto_page_break(False)
    pdf.set_margins(LEFT, TOP)
    return pdf


def render(blocks: list[Grid | Paragraphs], target: Path, folder: Path, seed: int = 0,
           page_header: str | None = None) -> None:
    """The blocks as a PDF at `target`; `page_header` is printed at the head of every page."""
    pdf = new_pdf(folder)
    pdf.page_header = page_header
    rng = random.Random(seed)
    new_page(pdf)
    for block in blocks:
        if isinstance(block, Paragraphs):
            _paragraphs(pdf, block.lines)
        else:
            _grid(pdf, block, rng)
    pdf.output(str(target))


def _paragraphs(pdf: FPDF, lines: list[str]) -> None:
    blanks = 0
    pdf.set_font("nanum", size=FONT_SIZE)
    for line in lines:
        if not line.strip():
            blanks += 1
            pdf.set_y(pdf.get_y() + BLANK_HEIGHT)
            continue
        if (blanks >= PAGE_BREAK_BLANKS and pdf.get_y() > TOP + LINE_HEIGHT) or pdf.get_y() + LINE_HEIGHT > BOTTOM:
            new_page(pdf)
        blanks = 0
        pdf.set_x(LEFT)
        pdf.cell(0, LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")


def new_page(pdf: FPDF) -> None:
    pdf.add_page()
    pdf.set_font("nanum", size=FONT_SIZE)
    pdf.set_y(BOTTOM + 12)
    pdf.cell(0, LINE_HEIGHT, f"- {pdf.page_no()} -", align="C")
    if getattr(pdf, "page_header", None):
        pdf.set_xy(LEFT, TOP - 24)
        pdf.cell(0, LINE_HEIGHT, pdf.page_header, align="R")
    pdf.set_xy(LEFT, TOP)


def _grid(pdf: FPDF, grid: Grid, rng: random.Random) -> None:
    pdf.set_font("nanum", size=GRID_FONT_SIZE)
    header_height = grid.header_rows * (CELL_LINE + 2 * PAD)
    y = pdf.get_y() + 4
    if y + header_height + 2 * (CELL_LINE + 2 * PAD) > BOTTOM:
        new_page(pdf)
        pdf.set_font("nanum", size=GRID_FONT_SIZE)
        y = TOP
    start = y
    y = _header(pdf, grid, y)
    heights, contents = [], []
    for number, row in enumerate(grid.rows):
        level = grid.levels[number] if grid.levels else 0
        names = _wrapped(pdf, row[0], grid.widths[0] - 2 * PAD - level * grid.indent, rng, grid.wrap_names)
        contents.append([names] + [[text] if text else [] for text in row[1:]])
        heights.append(max(len(lines) for lines in contents[-1]) * CELL_LINE + 2 * PAD)
    group_starts = _group_starts(grid)
    for number, (cells, height) in enumerate(zip(contents, heights, strict=True)):
        group = group_starts.get(number)
        needed = sum(heights[number : number + group[1]]) if group else height
        if y + needed > BOTTOM:
            _box(pdf, grid, start, y)
            new_page(pdf)
            pdf.set_font("nanum", size=GRID_FONT_SIZE)
            start = y = TOP
            y = _header(pdf, grid, y)
        x = LEFT
        if group:
            pdf.rect(x, y, grid.group_width, needed)
            _centred(pdf, [group[0]], x + PAD, y, grid.group_width - 2 * PAD, needed, "C")
        x += grid.group_width if grid.groups else 0
        level = grid.levels[number] if grid.levels else 0
        for column, lines in enumerate(cells):
            width = grid.widths[column]
            pdf.rect(x, y, width, height)
            indent = level * grid.indent if column == 0 else 0
            _centred(pdf, lines, x + PAD + indent, y, width - 2 * PAD - indent, height,
                     grid.align_names if column == 0 else "R")
            x += width
        y += height
    _box(pdf, grid, start, y)
    pdf.set_font("nanum", size=FONT_SIZE)
    pdf.set_xy(LEFT, y + 4)


def _group_starts(grid: Grid) -> dict[int, tuple[str, int]]:
    """The first row of each group, with its label and row count."""
    starts, row = {}, 0
    for label, count in grid.groups:
        starts[row] = (label, count)
        row += count
    return starts


def _header(pdf: FPDF, grid: Grid, y: float) -> float:
    row_height = CELL_LINE + 2 * PAD
    pdf.set_fill_color(220, 220, 220)
    shift = grid.group_width if grid.groups else 0.0
    if grid.groups:
        pdf.rect(LEFT, y, shift, grid.header_rows * row_height, style="DF")
        _centred(pdf, [grid.group_header], LEFT + PAD, y, shift - 2 * PAD, grid.header_rows * row_height, "C")
    for cell in grid.header:
        x = LEFT + shift + sum(grid.widths[: cell.column])
        width = sum(grid.widths[cell.column : cell.column + cell.colspan])
        top = y + cell.row * row_height
        height = cell.rowspan * row_height
        pdf.rect(x, top, width, height, style="DF")
        _centred(pdf, [cell.text], x + PAD, top, width - 2 * PAD, height, "C")
    return y + grid.header_rows * row_height


def _centred(pdf: FPDF, lines: list[str], x: float, y: float, width: float, height: float, align: str) -> None:
    """The cell's lines, vertically centred in the row; a line too wide for the cell is set
    smaller until it fits, as Hangul narrows it."""
    top = y + (height - len(lines) * CELL_LINE) / 2
    size = pdf.font_size_pt
    for number, line in enumerate(lines):
        pdf.set_xy(x, top + number * CELL_LINE)
        while pdf.get_string_width(line) > width and pdf.font_size_pt > 4:
            pdf.set_font_size(pdf.font_size_pt - 0.5)
        pdf.cell(width, CELL_LINE, line, align=align)
        pdf.set_font_size(size)


def _box(pdf: FPDF, grid: Grid, top: float, bottom: float) -> None:
    pdf.set_line_width(1.0)
    pdf.rect(LEFT, top, sum(grid.widths) + (grid.group_width if grid.groups else 0), bottom - top)
    pdf.set_line_width(0.2)


BREAK = regex.compile(r" (?!\()|(?<=\S)(?=\()")
MAX_BREAKS = 4


def _wrapped(pdf: FPDF, name: str, width: float, rng: random.Random, wrap: bool) -> list[str]:
    """The name in lines that fit the cell (2 or 3 where one would do, at random), broken at a
    space of the name or before "(" (never at a space before "("), at random points."""
    points = [m.start() for m in BREAK.finditer(name)]
    if not wrap:  # one line, unless the name does not fit the cell
        return [name] if pdf.get_string_width(name) <= width else _greedy(pdf, name, points, width)
    options = []
    for count in range(0, min(MAX_BREAKS, len(points)) + 1):
        for _ in range(12):
            lines = _cut(name, sorted(rng.sample(points, count)))
            if all(pdf.get_string_width(line) <= width for line in lines) and not any(map(_unsafe, lines)):
                options.append(lines)
        if options and count >= 2:
            break
    return rng.choice(options) if options else _greedy(pdf, name, points, width)


def _greedy(pdf: FPDF, name: str, points: list[int], width: float) -> list[str]:
    """As many lines as it takes: each as long as fits."""
    chosen, start = [], 0
    for index, point in enumerate(points):
        following = points[index + 1] if index + 1 < len(points) else len(name)
        if pdf.get_string_width(name[start:following]) > width:
            chosen.append(point)
            start = point
    return _cut(name, chosen)


def _cut(name: str, points: list[int]) -> list[str]:
    lines, start = [], 0
    for point in points:
        lines.append(name[start:point].strip())
        start = point + 1 if name[point] == " " else point
    lines.append(name[start:].strip())
    return [line for line in lines if line]


def _unsafe(fragment: str) -> bool:
    """A fragment that would not join back as printed: letters spaced out, or a number alone."""
    words = fragment.split()
    return not words or (len(words) > 1 and all(len(w) == 1 for w in words)) or bool(
        regex.fullmatch(r"[\d\s,.]+", fragment))
