"""Section Ⅱ tables: 《 예산집행 현황 》 (and 집행(교부) 현황), and the 조정교부금 규모 table.

Both are found by the one table finder (tables.py) by the shape of their rows (shapes.py),
whatever their titles and headers say; the header lines two of its tables share are learned from
the report, and the unit line may stand above the header too. A 조정교부금 row's columns are
named by its header where the header says
(소계, 본예산, 추경예산), else by arithmetic (소계 = 본예산 + 추경예산).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from extractors.form.lines import Line
from extractors.form.marks import is_title_like, unit_of
from extractors.form.normalise import clean_name, fold
from extractors.form.numbers import decimals, parse_amount, parse_bare_rate
from extractors.form.shapes import ROW_PATTERNS, full_row, row_shape
from extractors.form.vocabulary import (
    CHAPTER_LINE,
    EXECUTION_HEADER,
    EXECUTION_SUBHEADER,
    EXECUTION_TITLE,
    GRANT_COLUMN_WORDS,
    ITEM_HEADING,
)
from extractors.parts.tables import FoundTable, Row, Span, TableShape, find_tables
from schemas import TABLES, Record, table_frame

EXECUTION_COLUMNS = ("budget", "committed", "spent", "committed_rate", "spent_rate", "expected_year_end",
                     "expected_rate")
SECTION_TABLES = ("program_execution", "grant_scale")
RATE_POSITIONS = {3: "committed_rate", 4: "spent_rate", 6: "expected_rate"}
FORM_ORDER = ("total", "main", "supp")  # the form prints 소계, 본예산, 추경예산 unless its header says otherwise


def execution_spans(lines: list[Line]) -> tuple[list[Span], list[int]]:
    """Every line that is a whole execution or 조정교부금 row (their numbers never wrap)."""
    spans = []
    for index, line in enumerate(lines):
        kind = row_shape(line.stripped)
        row = full_row(line.stripped, ROW_PATTERNS[kind]) if kind in SECTION_TABLES else None
        if kind is not None and row is not None:
            name, tokens = row
            spans.append(Span(kind, index, (index,), name, tuple(tokens)))
    return spans, []


def starts_part(line: Line) -> bool:
    """A title or a heading of section Ⅱ's narrative (a chapter or item heading)."""
    return is_title_like(line) or bool(ITEM_HEADING.match(line.text) or CHAPTER_LINE.match(line.stripped))


def is_execution_header(line: Line) -> bool:
    folded = fold(line.stripped)
    return bool(EXECUTION_HEADER.match(folded) or EXECUTION_SUBHEADER.match(folded))


def owns_title(line: Line) -> bool:
    """A 《 … 》 title or a unit line is the table's; a heading of the narrative is not."""
    return line.stripped.startswith("《") or bool(unit_of(line.stripped))


SECTION_SHAPE = TableShape(
    spans=execution_spans, starts_part=starts_part, is_header=is_execution_header, owns_title=owns_title,
    max_name_lines=3, max_header_lines=6, title_anywhere_above=False, header_ends_at_page_break=False,
    max_gap=3, shared_by=2, unit_above=True,
)


def find_section_tables(lines: list[Line]) -> list[FoundTable]:
    """Every execution and grant table of section Ⅱ, in report order."""
    return find_tables(lines, SECTION_SHAPE)[0]


def unread_titles(lines: list[Line], tables: list[FoundTable]) -> list[Line]:
    """Titles and headers of an execution table that stand outside every table read: a table
    whose rows could not be read."""
    taken = set().union(*(table.used for table in tables)) if tables else set()
    return [line for line in lines if line.key not in taken and line.stripped
            and (EXECUTION_TITLE.search(line.stripped) and "《" in line.stripped
                 or EXECUTION_HEADER.match(fold(line.stripped)))]


def execution_values(row: Row) -> Record:
    values = {}
    for column, token, kind in zip(EXECUTION_COLUMNS, row.tokens, ROW_PATTERNS["program_execution"], strict=True):
        values[column] = parse_amount(token) if kind == "A" else parse_bare_rate(token)
    return values


def grant_values(row: Row, names: list[str]) -> Record:
    """The grant table's columns: the current year's three amounts, the previous year's, the
    change and its rate."""
    columns = [f"budget_{n}" for n in names] + [f"prev_{n}" for n in names] + ["change"]
    values: dict[str, int | float | None] = {column: parse_amount(token)
                                             for column, token in zip(columns, row.tokens[:-1], strict=True)}
    values["change_rate"] = parse_bare_rate(row.tokens[-1])
    return values


def grant_columns(table: FoundTable) -> list[str]:
    """The order of 소계, 본예산, 추경예산 in a 조정교부금 table: by its header, else by arithmetic,
    else the form's."""
    return _grant_columns(table.header) or _columns_by_arithmetic(table.rows) or list(FORM_ORDER)


def _grant_columns(header: list[Line]) -> list[str] | None:
    """The order of 소계, 본예산, 추경예산 where a header line names all three."""
    for line in header:
        words = fold(line.stripped)
        if all(word in words for word, _ in GRANT_COLUMN_WORDS):
            return [name for _, name in sorted((words.find(word), name) for word, name in GRANT_COLUMN_WORDS)]
    return None


def _columns_by_arithmetic(rows: list[Row]) -> list[str] | None:
    """Which of each year's three amounts is the sum of the other two in most rows: that one is
    소계; the other two keep the form's order (본예산, then 추경예산)."""
    votes: Counter[int] = Counter()
    for row in rows:
        values = [parse_amount(token) or 0 for token in row.tokens[:3]]
        for position in range(3):
            if values[position] and values[position] == sum(values) - values[position]:
                votes[position] += 1
    if not votes:
        return None
    total = votes.most_common(1)[0][0]
    order = ["main", "supp"]
    return [("total" if i == total else order.pop(0)) for i in range(3)]


def section_frames(tables: list[FoundTable], item_of: dict[int, tuple[int, int]], lines: list[Line], fiscal_year: int
                   ) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """The program_execution and grant_scale tables of section Ⅱ, each with the decimals its rates
    are printed with (checks need them); `item_of` gives each line's (chapter, item)."""
    execution = [(table, row) for table in tables if table.kind == "program_execution" for row in table.rows]
    grants = [(table, row) for table in tables if table.kind == "grant_scale" for row in table.rows]
    return {
        "program_execution": (_execution_frame(execution, item_of, lines, fiscal_year), pd.DataFrame({
            "row_id": range(1, len(execution) + 1),
            **{column: [decimals(row.tokens[i]) for _, row in execution] for i, column in RATE_POSITIONS.items()},
        })),
        "grant_scale": (_grant_frame(grants, fiscal_year), pd.DataFrame({
            "row_id": range(1, len(grants) + 1), "change_rate": [decimals(row.tokens[-1]) for _, row in grants],
        })),
    }


def _execution_frame(rows: list[tuple[FoundTable, Row]], item_of: dict[int, tuple[int, int]], lines: list[Line],
                     fiscal_year: int) -> pd.DataFrame:
    index_of = {line.key: index for index, line in enumerate(lines)}
    records = []
    for table, row in rows:
        chapter, item = item_of.get(index_of[row.line.key], (0, 0))
        records.append({"section": f"{chapter}-{item}", "program": row.name, **execution_values(row),
                        "unit": table.unit, "source_page": row.line.page, "source_line": row.line.number})
    return table_frame(TABLES["program_execution"], records, fiscal_year)


def _grant_frame(rows: list[tuple[FoundTable, Row]], fiscal_year: int) -> pd.DataFrame:
    columns = {id(table): grant_columns(table) for table, _ in rows}
    records = [{"type": clean_name(row.name), **grant_values(row, columns[id(table)]), "unit": table.unit,
                "source_page": row.line.page, "source_line": row.line.number} for table, row in rows]
    return table_frame(TABLES["grant_scale"], records, fiscal_year)
