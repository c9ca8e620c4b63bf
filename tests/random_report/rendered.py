"""A model report (model.py) rendered three ways, with layout choices drawn at random: as the text
a PDF text extractor prints, as a ruled PDF a bureau exports from Hangul, and as an `.hwpx`.

All three start from the same blocks (paragraphs and grids, tests/ruled_pdf.py's), so they print
the same rows; the layout differs: indentation step, names wrapped (on lines of their own, inside
a cell, over paragraphs), numbers wrapped onto the next line, page breaks with the header repeated,
a leading grouping column merged down over its rows, a running page header, a footnote, a text
box."""

from __future__ import annotations

import random
import warnings
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st

from tests.random_report.model import Item, Programme, Report, rows
from tests.ruled_pdf import Grid, HeaderCell, Paragraphs
from tests.synthetic import amount

GLYPH = "\uf000"
BUDGET_WIDTHS = [150, 66, 66, 64, 48, 66, 48]
EXECUTION_WIDTHS = [130, 60, 58, 58, 40, 40, 60, 40]
GROUP_WORDS = ("일반회계", "특별회계", "기금", "균형발전", "공통")


@dataclass(frozen=True)
class Layout:
    seed: int  # the per-row choices: which names and numbers wrap, group sizes, where a footnote goes
    indent_step: int  # U+3000 (a grid's: 8 points) per level
    first_level_indented: bool  # text: level 1 indented by a step, or not at all
    jitter: float  # text: share of rows indented a step off
    wrap: float  # share of names wrapped
    number_wrap: float  # text: share of rows whose last numbers wrap onto the next line
    page_rows: int  # text: a page break (blank lines, the header again) every so many rows; 0: none
    grouped: bool  # grids: a leading grouping column merged down over its rows
    page_header: bool  # PDF: a running head on every page; Hangul: a page header (no body text)
    footnote: bool  # Hangul: a footnote on a paragraph and one on a table cell
    text_box: bool  # Hangul: a narrative sentence in a text box


layouts = st.builds(
    Layout, seed=st.integers(0, 2**16), indent_step=st.integers(0, 2), first_level_indented=st.booleans(),
    jitter=st.sampled_from((0.0, 0.0, 0.1)), wrap=st.sampled_from((0.0, 0.3, 0.7)),
    number_wrap=st.sampled_from((0.0, 0.1, 0.3)), page_rows=st.sampled_from((0, 9, 25)), grouped=st.booleans(),
    page_header=st.booleans(), footnote=st.booleans(), text_box=st.booleans(),
)


# -- what is printed ------------------------------------------------------------------------------

def percent(value: Decimal | None, new: bool = False) -> str:
    if new:
        return "순증"
    if value is None:
        return "-"
    return f"△{-value}%" if value < 0 else f"{value}%"


def budget_cells(item: Item) -> list[str]:
    return [item.name, amount(item.prev), amount(item.budget), amount(item.change),
            percent(item.change_rate, item.is_new), amount(item.actual), percent(item.actual_rate)]


def execution_cells(programme: Programme) -> list[str]:
    committed, spent, expected = programme.rates
    return [programme.name, amount(programme.budget), amount(programme.committed), amount(programme.spent),
            str(committed), str(spent), amount(programme.expected), str(expected)]


def footnote_text(report: Report) -> str:
    return f"{report.fiscal_year % 100:02d}. 6. 30. 기준 잠정치"


# -- blocks ---------------------------------------------------------------------------------------

def blocks(report: Report, layout: Layout) -> list:
    """The report as paragraphs and grids: section Ⅱ with its execution tables, section Ⅲ with the
    revenue and expenditure budgets."""
    rng = random.Random(layout.seed)
    year, short = report.fiscal_year, report.fiscal_year % 100
    found: list = [Paragraphs(["Ⅱ. 주요 업무보고", "", "1. 주민 생활 기반 확충", ""])]
    for number, programmes in enumerate(report.executions, start=1):
        found.append(Paragraphs([f"{number}  생활 기반 확충 과제 {'가나다'[number - 1]}", "", "□ 추진성과", "",
                                 " ㅇ 생활권 시설 정비와 주민 참여 확대", "   《 예산집행 현황 》", "",
                                 f"(’{short}. 9. 30.기준 / 단위 : 천원, %)", ""]))
        found.append(_grid(EXECUTION_WIDTHS, _execution_header(short), [execution_cells(p) for p in programmes],
                           [], layout, rng, header_rows=2, wrap=False))
        found.append(Paragraphs(["", ""]))
    found.append(Paragraphs(["", "", "", f"Ⅲ. {year} 세입·세출예산 세부 현황", "",
                             f"{GLYPH} 세입예산 (’{short}. 9. 30. 기준, 단위 : 천원, %)"]))
    found.append(_budget_grid(report.revenue, "구   분", "징수", year, layout, rng))
    found.append(Paragraphs(["", f"{GLYPH} 세출예산 (’{short}. 9. 30. 기준, 단위 : 천원, %)"]))
    found.append(_budget_grid(report.expenditure, "정책/단위/세부사업별", "집행", year, layout, rng))
    found.append(Paragraphs([""]))
    return found


def _budget_grid(root: Item, label: str, kind: str, year: int, layout: Layout, rng: random.Random) -> Grid:
    levelled = rows(root)
    header = [HeaderCell(0, 0, label, rowspan=2), HeaderCell(0, 1, str(year - 1)), HeaderCell(0, 2, str(year)),
              HeaderCell(0, 3, f"’{(year - 1) % 100:02d}년 대비 증감", colspan=2),
              HeaderCell(0, 5, f"{kind}현황(9.30.기준)", colspan=2), HeaderCell(1, 1, "예산현액"),
              HeaderCell(1, 2, "예산현액"), HeaderCell(1, 3, "증감액"), HeaderCell(1, 4, "증감률"),
              HeaderCell(1, 5, f"{kind}액"), HeaderCell(1, 6, f"{kind}{'율' if kind == '징수' else '률'}")]
    return _grid(BUDGET_WIDTHS, header, [budget_cells(item) for _, item in levelled],
                 [level for level, _ in levelled], layout, rng, header_rows=2, wrap=layout.wrap > 0)


def _execution_header(short: int) -> list[HeaderCell]:
    return [HeaderCell(0, 0, "사업명", rowspan=2), HeaderCell(0, 1, "예산현액", rowspan=2),
            HeaderCell(0, 2, "집행액", colspan=2), HeaderCell(0, 4, "집행률(%)", colspan=2),
            HeaderCell(0, 6, f"’{short}년말 집행예상액", colspan=2),
            *(HeaderCell(1, column, word) for column, word in
              zip(range(2, 8), ["원인행위", "지출액", "원인행위", "지출액", "예상액", "집행률"], strict=True))]


def _grid(widths, header, cells, levels, layout: Layout, rng: random.Random, header_rows: int, wrap: bool) -> Grid:
    groups = _groups(len(cells), rng) if layout.grouped else []
    return Grid(widths, header, cells, levels, header_rows=header_rows, wrap_names=wrap,
                indent=8.0 * max(1, layout.indent_step), groups=groups, group_header="회  계")


def _groups(count: int, rng: random.Random) -> list[tuple[str, int]]:
    """The rows cut into groups of 2 to 8 rows, each with a label: every label's cell is merged
    down over two rows at least (a table of one row has no grouping column)."""
    groups, left = [], count
    while left >= 2:
        size = rng.randint(2, 8)
        size = left if left - size < 2 else size
        groups.append((f"{rng.choice(GROUP_WORDS)} {len(groups) + 1}", size))
        left -= size
    return groups


# -- text -----------------------------------------------------------------------------------------

def text(report: Report, layout: Layout) -> str:
    """The report as a PDF text extractor prints it: a grid's header as words on two lines, each row
    a line (its name's first fragments on lines of their own), page breaks inside long tables."""
    rng = random.Random(layout.seed + 1)
    lines: list[str] = []
    for block in blocks(report, layout):
        if isinstance(block, Paragraphs):
            lines += block.lines
        else:
            lines += _text_table(block, layout, rng)
    return "\n".join(lines) + "\n"


def _text_table(grid: Grid, layout: Layout, rng: random.Random) -> list[str]:
    header = _header_lines(grid)
    lines = list(header)
    for number, cells in enumerate(grid.rows):
        if layout.page_rows and number and number % layout.page_rows == 0:
            lines += ["", "", ""] + header
        level = grid.levels[number] if grid.levels else 0
        depth = max(0, level - (0 if layout.first_level_indented else 1)) if level else 0
        if depth and rng.random() < layout.jitter:
            depth += rng.choice((-1, 1))
        indent = "\u3000" * (depth * layout.indent_step)
        fragments = _fragments(cells[0], rng) if grid.wrap_names and rng.random() < layout.wrap else [cells[0]]
        numbers = cells[1:]
        wraps = grid.levels and rng.random() < layout.number_wrap  # a budget row's numbers may wrap
        cut = rng.randint(1, len(numbers) - 1) if wraps else len(numbers)
        printed = [indent + fragment for fragment in fragments[:1]] + fragments[1:]
        printed[-1] = " ".join([printed[-1], *numbers[:cut]])
        lines += printed + ([" ".join(numbers[cut:])] if cut < len(numbers) else [])
    return lines


def _header_lines(grid: Grid) -> list[str]:
    rows = [[cell.text for cell in grid.header if cell.row == row] for row in range(grid.header_rows)]
    return [" ".join(words) for words in rows]


def _fragments(name: str, rng: random.Random) -> list[str]:
    """The name over two or three lines, broken at a blank or right before `(`."""
    points = [i for i in range(1, len(name)) if name[i] == " " or (name[i] == "(" and name[i - 1] != " ")]
    if not points:
        return [name]
    chosen = sorted(rng.sample(points, min(len(points), rng.randint(1, 2))))
    parts = [name[a:b] for a, b in zip([0, *chosen], [*chosen, len(name)], strict=True)]
    return [part.strip() for part in parts if part.strip()]


# -- PDF and Hangul -------------------------------------------------------------------------------

def pdf(report: Report, layout: Layout, target: Path, fonts: Path) -> Path:
    from tests.ruled_pdf import render

    render(blocks(report, layout), target, fonts, seed=layout.seed,
           page_header=page_header(report) if layout.page_header else None)
    return target


def page_header(report: Report) -> str:
    return f"{report.fiscal_year} 행정사무감사 업무보고"


def hwpx(report: Report, layout: Layout, target: Path) -> Path:
    """The report as an .hwpx: paragraphs, real tables (a footnote on a row's name cell and one on a
    paragraph, where the layout says), a text box, a page header (no body text)."""
    from hwpx import HwpxDocument

    from tests.hangul_report import add_table

    rng = random.Random(layout.seed)
    document = HwpxDocument.new()
    if layout.page_header:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            document.page.set_header(text=page_header(report))
    for block in blocks(report, layout):
        if isinstance(block, Paragraphs):
            for line in block.lines:
                paragraph = document.add_paragraph(line)
                if layout.footnote and line.startswith(" ㅇ"):
                    paragraph.add_footnote(footnote_text(report))
                if layout.text_box and line.startswith(" ㅇ"):
                    document.shapes.add_rectangle().set_draw_text("주민 의견 수렴 결과 반영")
        else:
            add_table(document, block, rng)
    document.save_to_path(str(target))
    return target
