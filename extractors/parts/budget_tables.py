"""The budget tables of a section (세입/세출, summary or detail), found by the one table finder
(tables.py) by their rows: a name and six numbers, amount amount amount rate amount rate, whose
numbers may wrap onto a numbers-only line. Which table is which is decided by the caller."""

from __future__ import annotations

import regex

from extractors.form.lines import Line
from extractors.form.marks import is_title_like, unit_of
from extractors.form.shapes import BUDGET_PATTERN, fits, numbers_only, row_shape, trailing_numbers
from extractors.form.vocabulary import BUDGET_TABLE_HEADER
from extractors.parts.tables import FoundTable, Span, TableShape, find_tables, learned_headers

# A line ending in at most this many number-like words, with no numbers-only line to complete
# it, is a name fragment ("미래 2030"); more is a row whose numbers stop short.
MAX_NUMBERS_IN_NAME = 2
OTHER_ROWS = ("program_execution", "grant_scale")  # rows of section Ⅱ's tables, never budget rows
# A header line of years and column marks only: "2023", "2022 ", "(A)", "(B-A)"
MARKS_ONLY = regex.compile(r"^(?:\s*(?:[’‘']?\d{2,4}년?|\([A-Z%](?:[/-][A-Z])?\)))+\s*$")

__all__ = ["BUDGET_SHAPE", "FoundTable", "find_budget_tables", "learned_headers"]


def budget_spans(lines: list[Line]) -> tuple[list[Span], list[int]]:
    """Every budget row (its number line and the numbers-only lines that complete it), and the
    lines of rows whose numbers stop short."""
    spans: list[Span] = []
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
        spans.append(Span("budget", taken[0], tuple(taken), name, tuple(tokens)))
    return spans, short


def is_budget_header(line: Line) -> bool:
    compact = regex.sub(r"\s+", "", line.stripped)
    return bool(BUDGET_TABLE_HEADER.fullmatch(compact)) or bool(MARKS_ONLY.match(line.stripped))


BUDGET_SHAPE = TableShape(
    spans=budget_spans, starts_part=is_title_like, is_header=is_budget_header, owns_title=lambda line: True,
    max_name_lines=5, max_header_lines=10, title_anywhere_above=True, header_ends_at_page_break=True,
    max_gap=None, shared_by=1, unit_above=False,
)


def find_budget_tables(lines: list[Line], learned: set[str] | None = None) -> list[FoundTable]:
    """Every budget table of a section (rows found or not) in order; `learned` header lines (folded)
    of the report's other budget tables help to recognise repeated page headers."""
    tables, short = find_tables(lines, BUDGET_SHAPE, learned)
    found = sorted(tables + _orphan_titles(lines, tables), key=lambda table: table.start)
    for index in short:
        owners = [table for table in found if table.start <= index] or found[:1]
        if not owners:
            owners = [FoundTable("budget", [], None, [], [], set(), [], index)]
            found.append(owners[0])
        owners[-1].short_rows.append(lines[index])
    return found


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


def _orphan_titles(lines: list[Line], tables: list[FoundTable]) -> list[FoundTable]:
    """Lines that state a unit of money outside every table: the title of a table whose rows
    could not be read (or of no budget table at all: the caller decides by its section)."""
    taken = set().union(*(table.used for table in tables)) if tables else set()
    found = []
    for index, line in enumerate(lines):
        if line.key not in taken and unit_of(line.stripped):
            found.append(FoundTable("budget", [line], unit_of(line.stripped), [], [], {line.key}, [], index))
    return found
