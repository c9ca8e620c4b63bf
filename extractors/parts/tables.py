"""The one table finder: every table of the form whose rows have a shape (the budget tables, the
execution and 조정교부금 tables, the audit 총괄), found by its rows whatever its words say. What differs between
those tables is data, a TableShape; the steps are the same:

    1. spans     every line (with the numbers-only lines that complete it, where the shape's
                 numbers may wrap) that ends in a row of the shape
    2. groups    rows go on in one table until a line that starts another part stands between
                 two of them, a row of another shape comes, or (where the shape limits it) more
                 lines than a name takes
    3. zone      above a table's first row: its title (the line that starts its part, and the
                 title above a bare unit line), its header, and the first row's wrapped name
    4. between   the lines between two rows: a run that ends in a header line (a page header
                 repeated) is dropped, never joined to a name; the rest is the next row's name
    5. unit      on the title or header lines, else just below the last row (else just above the
                 header, where the shape says)

Header lines are recognised by the form's header words (the shape's) and by the lines the
report's own tables print as their header (learned).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import regex

from extractors.form.lines import Line, LineKey, previous_filled
from extractors.form.marks import page_break_before, unit_of
from extractors.form.normalise import fold, join_fragments
from extractors.parts.headers import learned_header_lines


@dataclass(frozen=True)
class Span:
    """A row's number line(s) as found: its kind, its lines, the name printed before its numbers."""

    kind: str
    first: int
    lines: tuple[int, ...]
    name_text: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class TableShape:
    """What tells a family of the form's tables: how its rows are found and what stands around them."""

    spans: Callable[[list[Line]], tuple[list[Span], list[int]]]  # its rows, and rows whose numbers stop short
    starts_part: Callable[[Line], bool]  # a line that starts another part: a title, never a name
    is_header: Callable[[Line], bool]  # a line of the form's header words
    owns_title: Callable[[Line], bool]  # a title line the table uses up (not a heading of the narrative)
    max_name_lines: int
    max_header_lines: int | None  # how far above its first row a title is looked for, or its header run
    title_anywhere_above: bool  # the title is the last part start since the previous table, however far
    header_ends_at_page_break: bool  # a header run without a title goes back to a page break at most
    max_gap: int | None  # more lines than this between two rows start a new table (None: no limit)
    shared_by: int | None  # a header line is learned where this many of its tables print it (None: never)
    unit_above: bool  # a unit line may stand just above the header


@dataclass(frozen=True)
class Row:
    """One printed row: its joined name, its number tokens and where it was read."""

    name: str
    tokens: tuple[str, ...]
    indent: int = field(compare=False)
    line: Line = field(compare=False)
    used: tuple[LineKey, ...] = field(default=(), compare=False)


@dataclass
class FoundTable:
    """A table as found: its title (and unit) lines, header, rows and the rows that could not be read."""

    kind: str
    title: list[Line]
    unit: str | None
    header: list[Line]
    rows: list[Row]
    used: set[LineKey]
    short_rows: list[Line] = field(default_factory=list)
    start: int = 0  # index of its first line in the section, for order

    @property
    def title_text(self) -> str:
        return " ".join(line.stripped for line in self.title)

    @property
    def heading(self) -> Line | None:
        """The title line that names the table: a 《 … 》 title, else the last title line."""
        return next((line for line in self.title if line.stripped.startswith("《")),
                    self.title[-1] if self.title else None)


@dataclass(frozen=True)
class _Zone:
    start: int
    title: list[int]
    header: list[int]
    name: list[int]


def find_tables(lines: list[Line], shape: TableShape, learned: set[str] | None = None
                ) -> tuple[list[FoundTable], list[int]]:
    """Every table of the shape among `lines`, in order, and the lines of rows whose numbers stop
    short; `learned` header lines (folded) of other tables of the report help to recognise
    repeated page headers."""
    spans, short = shape.spans(lines)
    groups = _groups(lines, spans, shape)
    zones = [_zone(lines, group, floor, shape) for floor, group in groups]
    headers = _learned(lines, zones, shape) | (learned or set())
    tables = [_table(lines, group, zone, headers, set(short), shape)
              for (_, group), zone in zip(groups, zones, strict=True)]
    return tables, short


def learned_headers(tables: list[FoundTable]) -> set[str]:
    """The folded header lines of tables found: another section's tables repeat them."""
    found = {fold(line.stripped) for table in tables for line in table.header}
    found.discard("")
    return found


def _groups(lines: list[Line], spans: list[Span], shape: TableShape) -> list[tuple[int, list[Span]]]:
    """(floor, spans) of each table: the floor is the first line after the table before it."""
    groups: list[tuple[int, list[Span]]] = []
    previous_end = -1
    for span in spans:
        gap = [line for line in lines[previous_end + 1 : span.first] if not line.is_blank]
        if (not groups or groups[-1][1][-1].kind != span.kind or any(shape.starts_part(line) for line in gap)
                or (shape.max_gap is not None and len(gap) > shape.max_gap)):
            groups.append((previous_end + 1, []))
        groups[-1][1].append(span)
        previous_end = span.lines[-1]
    return groups


def _zone(lines: list[Line], group: list[Span], floor: int, shape: TableShape) -> _Zone:
    """The title, header and first row's name lines above a table's first row."""
    first = group[0]
    title_at = _title_above(lines, first.first, floor, shape)
    if title_at is None:
        body, start = _run_above(lines, first.first, floor, shape), floor
    else:
        body, start = [i for i in range(title_at + 1, first.first) if not lines[i].is_blank], title_at
    title = [] if title_at is None else _title_lines(lines, title_at, shape)
    name = [] if first.name_text else body[-1:]
    return _Zone(start, title, [i for i in body if i not in name], name)


def _title_above(lines: list[Line], first: int, floor: int, shape: TableShape) -> int | None:
    """The line that starts the table's part: the nearest part start above its first row."""
    seen = 0
    for index in range(first - 1, floor - 1, -1):
        if lines[index].is_blank:
            continue
        if shape.starts_part(lines[index]):
            return index
        seen += 1
        if not shape.title_anywhere_above and shape.max_header_lines is not None and seen >= shape.max_header_lines:
            return None
    return None


def _title_lines(lines: list[Line], index: int, shape: TableShape) -> list[int]:
    """The title line, and the title above it where it states only a date and a unit."""
    if _bare_unit(lines[index]):
        above = previous_filled(lines, index)
        if above is not None and shape.starts_part(lines[above]) and not unit_of(lines[above].stripped):
            return [above, index]
    return [index]


def _run_above(lines: list[Line], end: int, floor: int, shape: TableShape) -> list[int]:
    """The non-blank lines just above `end` (from `floor` on), at most a header's worth, and back
    to a page break where the shape says."""
    run: list[int] = []
    for index in range(end - 1, floor - 1, -1):
        if lines[index].is_blank:
            continue
        run.insert(0, index)
        if (shape.max_header_lines is not None and len(run) >= shape.max_header_lines) or (
                shape.header_ends_at_page_break and page_break_before(lines, index)):
            break
    return run


def _learned(lines: list[Line], zones: list[_Zone], shape: TableShape) -> set[str]:
    """Header lines printed above the rows of at least `shape.shared_by` of the tables (headers.py)."""
    if shape.shared_by is None:
        return set()
    return learned_header_lines(lines, [zone.header for zone in zones], shape.is_header, shape.shared_by)


def _table(lines: list[Line], group: list[Span], zone: _Zone, learned: set[str], short: set[int],
           shape: TableShape) -> FoundTable:
    header, names = _split_zone(lines, zone, learned, shape)
    used = {lines[i].key for i in header} | {lines[i].key for i in zone.title if shape.owns_title(lines[i])}
    rows: list[Row] = []
    previous_end = None
    for span in group:
        if previous_end is not None:
            gap = [i for i in range(previous_end + 1, span.first) if not lines[i].is_blank]
            broken = [position for position, i in enumerate(gap) if i in short]
            gap = gap[broken[-1] + 1 :] if broken else gap  # a row that could not be read takes its name along
            dropped, names = _split_gap(lines, gap, learned, shape)
            used |= {lines[i].key for i in dropped}
        rows.append(_row(lines, names, span))
        used |= set(rows[-1].used)
        previous_end = span.lines[-1]
    unit = _unit(lines, zone.title, header, group[-1].lines[-1], shape)
    return FoundTable(group[0].kind, [lines[i] for i in zone.title], unit[0] if unit else None,
                      [lines[i] for i in header], rows, used | ({unit[1].key} if unit else set()), [], zone.start)


def _split_zone(lines: list[Line], zone: _Zone, learned: set[str], shape: TableShape) -> tuple[list[int], list[int]]:
    """(header, first row's name): the header runs to its last recognised line, the name is what
    follows; else the name is the last line where the row prints none."""
    body = zone.header + zone.name
    recognised = [position for position, i in enumerate(body) if _is_header(lines[i], learned, shape)]
    if not recognised or (zone.name and recognised[-1] == len(body) - 1):
        return zone.header, zone.name
    return body[: recognised[-1] + 1], body[recognised[-1] + 1 :][-shape.max_name_lines :]


def _split_gap(lines: list[Line], gap: list[int], learned: set[str], shape: TableShape
               ) -> tuple[list[int], list[int]]:
    """The lines between two rows: (a repeated header to drop, the next row's name lines). The
    header is the run that ends with the last line recognised as a header line; lines before a
    page break that precedes that run stay with the name."""
    recognised = [position for position, i in enumerate(gap) if _is_header(lines[i], learned, shape)]
    if not recognised:
        return [], gap[-shape.max_name_lines :]
    last = recognised[-1]
    run_start = 0
    for position in range(last, 0, -1):
        if page_break_before(lines, gap[position]):
            run_start = position
            break
    kept = gap[:run_start] + gap[last + 1 :]
    return gap[run_start : last + 1], kept[-shape.max_name_lines :]


def _is_header(line: Line, learned: set[str], shape: TableShape) -> bool:
    return fold(line.stripped) in learned or shape.is_header(line)


def _row(lines: list[Line], names: list[int], span: Span) -> Row:
    fragments = [lines[i].stripped for i in names] + [span.name_text]
    first = lines[names[0]] if names else lines[span.first]
    used = tuple(lines[i].key for i in [*names, *span.lines])
    return Row(join_fragments(fragments), span.tokens, first.indent, lines[span.first], used)


def _unit(lines: list[Line], title: list[int], header: list[int], last: int, shape: TableShape
          ) -> tuple[str, Line] | None:
    """The table's unit: on its title or header lines, else just below its last row, else (where
    the shape says) just above its header; never past a line that starts another part."""
    nearby = [*title, *header, *_until_part(lines, range(last + 1, min(len(lines), last + 1 + UNIT_SEARCH_LINES)),
                                           shape)]
    if shape.unit_above:
        start = header[0] if header else last
        nearby += _until_part(lines, range(start - 1, max(0, start - UNIT_SEARCH_LINES) - 1, -1), shape)
    for index in nearby:
        unit = unit_of(lines[index].stripped)
        if unit:
            return unit, lines[index]
    return None


def _until_part(lines: list[Line], indexes: range, shape: TableShape) -> list[int]:
    found = []
    for index in indexes:
        if shape.starts_part(lines[index]) and not unit_of(lines[index].stripped):
            break
        found.append(index)
    return found


UNIT_SEARCH_LINES = 4
_NOT_TITLE_WORDS = regex.compile(r"\d+\s*[년월일]|기\s*준|단\s*위|천원|백만원|억원|원|현재")


def _bare_unit(line: Line) -> bool:
    """A line that states only a date and a unit: "(’23. 9. 30. 기준, 단위 : 천원, %)", "(단위:천원)",
    "(2023년 9월 30일 기준 / 단위 : 천원)"."""
    if not unit_of(line.stripped):
        return False
    return not regex.search(r"[\p{Hangul}]", _NOT_TITLE_WORDS.sub("", line.stripped))
