"""Find the budget tables of a section by the shape of their rows, whatever their words.

    1. spans     every line (and its wrapped continuation) that ends in a budget row's numbers
    2. tables    spans grouped until a line that starts another part (a title, a unit line, a glyph)
    3. headers   a table's header is the lines between its title and its first row; any run of
                 lines inside the table that ends in a header line (a repeated page header) is
                 dropped, never joined to a name
    4. rows      the remaining lines before each row's numbers are its wrapped name

Which table is which (세입 or 세출, summary or detail) is decided by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractors.form.lines import Line, LineKey
from extractors.form.marks import is_title_like, page_break_before, unit_of
from extractors.form.normalise import fold, join_fragments
from extractors.form.shapes import BUDGET_PATTERN, fits, numbers_only, row_shape, trailing_numbers
from extractors.form.vocabulary import BUDGET_TABLE_HEADER

DEFAULT_MAX_NAME_LINES = 5
# A line ending in at most this many number-like words, with no numbers-only line to complete
# it, is a name fragment ("서울 2030"); more is a row whose numbers stop short.
MAX_NUMBERS_IN_NAME = 2
UNIT_SEARCH_LINES = 4
MAX_HEADER_LINES = 10
OTHER_ROWS = ("program_execution", "grant_scale")  # rows of section Ⅱ's tables, never budget rows
# A header line of years and column marks only: "2023", "2022 ", "(A)", "(B-A)"
MARKS_ONLY = regex.compile(r"^(?:\s*(?:[’‘']?\d{2,4}년?|\([A-Z%](?:[/-][A-Z])?\)))+\s*$")


@dataclass(frozen=True)
class BudgetRow:
    """One printed row: its joined name, its six printed number tokens and where it was read."""

    name: str
    tokens: tuple[str, ...]
    indent: int = field(compare=False)
    line: Line = field(compare=False)
    used: tuple[LineKey, ...] = field(default=(), compare=False)


@dataclass
class FoundTable:
    """A budget table as found: its title (and unit) lines, header, rows and unreadable rows."""

    title: list[Line]
    unit: str | None
    header: list[Line]
    rows: list[BudgetRow]
    used: set[LineKey]
    short_rows: list[Line] = field(default_factory=list)
    start: int = 0  # index of its first line in the section, for order

    @property
    def title_text(self) -> str:
        return " ".join(line.stripped for line in self.title)


@dataclass(frozen=True)
class _Span:
    first: int
    lines: tuple[int, ...]
    name_text: str
    tokens: tuple[str, ...]


def find_budget_tables(lines: list[Line], learned: set[str] | None = None) -> list[FoundTable]:
    """Every budget table of a section (rows found or not) in order; `learned` header lines (folded)
    of the report's other budget tables help to recognise repeated page headers."""
    spans, short = _spans(lines)
    groups = _groups(lines, spans)
    headers = learned_headers(lines, groups) | (learned or set())
    tables = [_table(lines, group, headers, set(short)) for group in groups]
    found = sorted(tables + _orphan_titles(lines, tables), key=lambda table: table.start)
    for index in short:
        owners = [table for table in found if table.start <= index] or found[:1]
        if not owners:
            owners = [FoundTable([], None, [], [], set(), [], index)]
            found.append(owners[0])
        owners[-1].short_rows.append(lines[index])
    return found


def learned_headers(lines: list[Line], groups) -> set[str]:
    """The folded lines of every table's own header: a page header repeats them."""
    found = set()
    for start, group in groups:
        if group:
            found |= {fold(lines[i].stripped) for i in _zone(lines, start, group[0])[1]}
    return {text for text in found if text}


def _spans(lines: list[Line]) -> tuple[list[_Span], list[int]]:
    spans: list[_Span] = []
    short: list[int] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.is_blank or is_title_like(line) or row_shape(line.stripped) in OTHER_ROWS:
            continue
        name, tokens = trailing_numbers(line.stripped, BUDGET_PATTERN)
        if not tokens:
            continue
        taken = [index - 1]
        if len(tokens) < len(BUDGET_PATTERN):
            completion = _completion(lines, index, tokens)
            if completion is None:
                if len(tokens) > MAX_NUMBERS_IN_NAME:
                    short.append(index - 1)
                continue
            index, more = completion
            tokens = tokens + [token for i in more for token in lines[i].stripped.split()]
            taken += more
        spans.append(_Span(taken[0], tuple(taken), name, tuple(tokens)))
    return spans, short


def _completion(lines: list[Line], index: int, tokens: list[str]) -> tuple[int, list[int]] | None:
    """The numbers-only lines that complete a row whose numbers wrapped, and the index after them."""
    found: list[int] = []
    tokens = list(tokens)
    while len(tokens) < len(BUDGET_PATTERN):
        while index < len(lines) and lines[index].is_blank:
            index += 1
        more = numbers_only(lines[index].stripped) if index < len(lines) else None
        if not more or not fits(tokens + more, BUDGET_PATTERN):
            return None
        tokens += more
        found.append(index)
        index += 1
    return index, found


def _groups(lines: list[Line], spans: list[_Span]) -> list[tuple[int, list[_Span]]]:
    """(start, spans) of each table: a line that starts another part between two rows starts a
    new table."""
    groups: list[tuple[int, list[_Span]]] = []
    previous_end = -1
    for span in spans:
        starts = [i for i in range(previous_end + 1, span.first) if is_title_like(lines[i])]
        if not groups or starts:
            groups.append((starts[-1] if starts else previous_end + 1, []))
        groups[-1][1].append(span)
        previous_end = span.lines[-1]
    return groups


def _zone(lines: list[Line], start: int, first: _Span) -> tuple[list[int], list[int], list[int]]:
    """(title, header, first row's name) line indexes above a table's first row. Without a title,
    the header is the run of lines just above the first row (up to a page break)."""
    title = [start] if is_title_like(lines[start]) else []
    if title and _bare_unit(lines[start]):
        above = _previous_filled(lines, start)
        if above is not None and is_title_like(lines[above]) and not unit_of(lines[above].stripped):
            title = [above, start]
    if title:
        body = [i for i in range(title[-1] + 1, first.first) if not lines[i].is_blank]
    else:
        body = _run_above(lines, start, first.first)
    name = [] if first.name_text else body[-1:]
    return title, [i for i in body if i not in name], name


def _run_above(lines: list[Line], start: int, end: int) -> list[int]:
    """The non-blank lines just above `end` (from `start` on), back to a page break, at most a header's worth."""
    run: list[int] = []
    for index in range(end - 1, start - 1, -1):
        if lines[index].is_blank:
            continue
        run.insert(0, index)
        if len(run) >= MAX_HEADER_LINES or page_break_before(lines, index):
            break
    return run


def _table(lines: list[Line], group, learned: set[str], short: set[int]) -> FoundTable:
    start, spans = group
    title, header, first_name = _zone(lines, start, spans[0])
    used = {lines[i].key for i in title + header}
    rows = []
    previous_end = None
    for span in spans:
        if previous_end is None:
            names = first_name
        else:
            gap = [i for i in range(previous_end + 1, span.first) if not lines[i].is_blank]
            broken = [position for position, i in enumerate(gap) if i in short]
            gap = gap[broken[-1] + 1 :] if broken else gap  # a row that could not be read takes its name along
            dropped, names = _split_gap(lines, gap, learned)
            used |= {lines[i].key for i in dropped}
        rows.append(_row(lines, names, span))
        used |= set(rows[-1].used)
        previous_end = span.lines[-1]
    unit = _unit(lines, title + header, spans[-1].lines[-1])
    return FoundTable([lines[i] for i in title], unit[0] if unit else None, [lines[i] for i in header], rows,
                      used | ({unit[1].key} if unit else set()), [], start)


def _split_gap(lines: list[Line], gap: list[int], learned: set[str]) -> tuple[list[int], list[int]]:
    """The lines between two rows: (a repeated header to drop, the next row's name lines). The
    header is the run that ends with the last line recognised as a header line; lines before a
    page break that precedes that run stay with the name."""
    recognised = [position for position, i in enumerate(gap) if _is_header_line(lines[i], learned)]
    if not recognised:
        return [], gap[-DEFAULT_MAX_NAME_LINES:]
    last = recognised[-1]
    run_start = 0
    for position in range(last, 0, -1):
        if page_break_before(lines, gap[position]):
            run_start = position
            break
    kept = gap[:run_start] + gap[last + 1 :]
    return gap[run_start : last + 1], kept[-DEFAULT_MAX_NAME_LINES:]


def _is_header_line(line: Line, learned: set[str]) -> bool:
    folded = fold(line.stripped)
    compact = regex.sub(r"\s+", "", line.stripped)
    return folded in learned or bool(BUDGET_TABLE_HEADER.fullmatch(compact)) or bool(MARKS_ONLY.match(line.stripped))


def _row(lines: list[Line], names: list[int], span: _Span) -> BudgetRow:
    fragments = [lines[i].stripped for i in names] + [span.name_text]
    first = lines[names[0]] if names else lines[span.first]
    used = tuple(lines[i].key for i in [*names, *span.lines])
    return BudgetRow(join_fragments(fragments), span.tokens, first.indent, lines[span.first], used)


def _unit(lines: list[Line], above: list[int], last: int) -> tuple[str, Line] | None:
    """The table's unit: on its title or header lines, else just below its last row."""
    below = [i for i in range(last + 1, min(len(lines), last + 1 + UNIT_SEARCH_LINES))]
    for index in above + below:
        if index > last and is_title_like(lines[index]) and not unit_of(lines[index].stripped):
            break
        unit = unit_of(lines[index].stripped)
        if unit:
            return unit, lines[index]
    return None


def _orphan_titles(lines: list[Line], tables: list[FoundTable]) -> list[FoundTable]:
    """Lines that state a unit of money outside every table: the title of a table whose rows
    could not be read (or of no budget table at all: the caller decides by its section)."""
    taken = set().union(*(table.used for table in tables)) if tables else set()
    found = []
    for index, line in enumerate(lines):
        if line.key not in taken and unit_of(line.stripped):
            found.append(FoundTable([line], unit_of(line.stripped), [], [], {line.key}, [], index))
    return found


def _previous_filled(lines: list[Line], index: int) -> int | None:
    index -= 1
    while index >= 0 and lines[index].is_blank:
        index -= 1
    return index if index >= 0 else None


def _bare_unit(line: Line) -> bool:
    """A line that states only a date and a unit: "(’23. 9. 30. 기준, 단위 : 천원, %)", "(단위:천원)"."""
    if not unit_of(line.stripped):
        return False
    return not regex.search(r"[\p{Hangul}]", regex.sub(r"기\s*준|단\s*위|천원|백만원|억원|원|현재", "", line.stripped))
