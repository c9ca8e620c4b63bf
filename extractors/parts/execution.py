"""Section Ⅱ tables: 《 예산집행 현황 》 (and 집행(교부) 현황), and the 조정교부금 규모 table.

Both are found by the shape of their rows (shapes.py), whatever their titles and headers say;
a table's header is the lines above its first row, and the header lines its tables share are
learned from the report. The unit comes from the table's unit line, above its header or below
its last row. A 조정교부금 row's columns are named by its header where the header says
(소계, 본예산, 추경예산), else by arithmetic (소계 = 본예산 + 추경예산).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from extractors.form.lines import Line, LineKey
from extractors.form.marks import is_title_like, section_heading, unit_of
from extractors.form.normalise import clean_name, fold, join_fragments
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
from schemas import TABLES, table_frame

EXECUTION_COLUMNS = ("budget", "committed", "spent", "committed_rate", "spent_rate", "expected_year_end",
                     "expected_rate")
SECTION_TABLES = ("program_execution", "grant_scale")
RATE_POSITIONS = {3: "committed_rate", 4: "spent_rate", 6: "expected_rate"}
MAX_NAME_LINES = 3
MAX_HEADER_LINES = 6
UNIT_SEARCH_LINES = 4
FORM_ORDER = ("total", "main", "supp")  # the form prints 소계, 본예산, 추경예산 unless its header says otherwise


@dataclass
class SectionTable:
    kind: str  # "program_execution" or "grant_scale"
    rows: list[dict]
    unit: str | None
    used: set[LineKey] = field(default_factory=set)
    title: Line | None = None
    header: list[Line] = field(default_factory=list)


def find_section_tables(lines: list[Line]) -> list[SectionTable]:
    """Every execution and grant table of section Ⅱ, in report order."""
    groups = _groups(lines)
    learned = _learned_headers(lines, groups)
    tables = [_table(lines, kind, rows, learned) for kind, rows in groups]
    for table in tables:
        if table.kind == "grant_scale":
            names = _grant_columns(table.header) or _columns_by_arithmetic(table.rows) or list(FORM_ORDER)
            table.rows = [_grant_row(row, names) for row in table.rows]
    return tables


def unread_titles(lines: list[Line], tables: list[SectionTable]) -> list[Line]:
    """Titles and headers of an execution table that stand outside every table read: a table
    whose rows could not be read."""
    taken = set().union(*(table.used for table in tables)) if tables else set()
    return [line for line in lines if line.key not in taken and line.stripped
            and (EXECUTION_TITLE.search(line.stripped) and "《" in line.stripped
                 or EXECUTION_HEADER.match(fold(line.stripped)))]


def execution_values(row: dict) -> dict:
    values = {}
    for column, token, kind in zip(EXECUTION_COLUMNS, row["tokens"], ROW_PATTERNS["program_execution"], strict=True):
        values[column] = parse_amount(token) if kind == "A" else parse_bare_rate(token)
    return values


def _groups(lines: list[Line]) -> list[tuple[str, list[int]]]:
    """(kind, row line indexes) of each table: consecutive rows of one shape, with at most a
    wrapped name between two of them and nothing that starts another part."""
    groups: list[tuple[str, list[int]]] = []
    for index, line in enumerate(lines):
        kind = row_shape(line.stripped)
        if kind not in SECTION_TABLES:
            continue
        if groups and groups[-1][0] == kind and _continues(lines, groups[-1][1][-1], index):
            groups[-1][1].append(index)
        else:
            groups.append((kind, [index]))
    return groups


def _continues(lines: list[Line], previous: int, index: int) -> bool:
    between = [line for line in lines[previous + 1 : index] if not line.is_blank]
    return len(between) <= MAX_NAME_LINES and not any(_starts_part(line) for line in between)


def _starts_part(line: Line) -> bool:
    return is_title_like(line) or bool(ITEM_HEADING.match(line.text) or CHAPTER_LINE.match(line.stripped))


def _zone(lines: list[Line], first: int) -> tuple[list[Line], list[int]]:
    """The title lines above a table (its unit line, a 《 … 》 title above that, or the line that
    starts the part it stands in) and the lines between them and the table's first row."""
    zone: list[int] = []
    index = first - 1
    while index >= 0 and len(zone) < MAX_HEADER_LINES:
        line = lines[index]
        if not line.is_blank:
            if _starts_part(line) or section_heading(line):
                return _titles(lines, index), zone
            zone.insert(0, index)
        index -= 1
    return [], zone


def _titles(lines: list[Line], index: int) -> list[Line]:
    """The line that starts a table's part, and a 《 … 》 title just above it where it is a unit line."""
    found = [lines[index]]
    while unit_of(found[0].stripped) and index > 0:
        index -= 1
        while index > 0 and lines[index].is_blank:
            index -= 1
        if not lines[index].stripped.startswith("《"):
            break
        found.insert(0, lines[index])
    return found


def _learned_headers(lines: list[Line], groups) -> set[str]:
    """Header lines the report's tables share (in the zones of two tables or more)."""
    seen: Counter[str] = Counter()
    for _, rows in groups:
        seen.update({fold(lines[i].stripped) for i in _zone(lines, rows[0])[1]})
    return {text for text, count in seen.items() if count >= 2 and text}


def _is_header(line: Line, learned: set[str]) -> bool:
    folded = fold(line.stripped)
    return folded in learned or bool(EXECUTION_HEADER.match(folded) or EXECUTION_SUBHEADER.match(folded))


def _table(lines: list[Line], kind: str, rows: list[int], learned: set[str]) -> SectionTable:
    titles, zone = _zone(lines, rows[0])
    recognised = [position for position, i in enumerate(zone) if _is_header(lines[i], learned)]
    name, _ = full_row(lines[rows[0]].stripped, ROW_PATTERNS[kind])
    if recognised:
        header, first_name = zone[: recognised[-1] + 1], zone[recognised[-1] + 1 :][-MAX_NAME_LINES:]
    else:
        header, first_name = (zone, []) if name else (zone[:-1], zone[-1:])
    used = {lines[i].key for i in header}
    found: list[dict] = []
    previous = None
    for index in rows:
        names = first_name if previous is None else [i for i in range(previous + 1, index) if not lines[i].is_blank]
        row_name, tokens = full_row(lines[index].stripped, ROW_PATTERNS[kind])
        found.append({"name": join_fragments([lines[i].stripped for i in names] + [row_name]), "tokens": tokens,
                      "line": lines[index]})
        used |= {lines[i].key for i in names} | {lines[index].key}
        previous = index
    unit = _unit(lines, titles, header, rows[-1])
    if unit is not None:
        used.add(unit[1].key)
    used |= {title.key for title in titles if title.stripped.startswith("《") or unit_of(title.stripped)}
    title = next((t for t in titles if t.stripped.startswith("《")), titles[-1] if titles else None)
    return SectionTable(kind, found, unit[0] if unit else None, used, title, [lines[i] for i in header])


def _unit(lines: list[Line], title: list[Line], header: list[int], last: int) -> tuple[str, Line] | None:
    """The unit line nearest the table: its title or header, else just below its last row, else
    a few lines above it (never past the start of another part)."""
    start = header[0] if header else last
    nearby = [*title, *(lines[i] for i in header),
              *_until_part(lines[last + 1 : last + 1 + UNIT_SEARCH_LINES]),
              *_until_part(lines[max(0, start - UNIT_SEARCH_LINES) : start][::-1])]
    for line in nearby:
        if unit_of(line.stripped):
            return unit_of(line.stripped), line
    return None


def _until_part(lines: list[Line]) -> list[Line]:
    found = []
    for line in lines:
        if _starts_part(line) and not unit_of(line.stripped):
            break
        found.append(line)
    return found


def _grant_row(row: dict, names: list[str]) -> dict:
    """The grant table's columns: the current year's three amounts, the previous year's, the
    change and its rate."""
    tokens = row["tokens"]
    columns = [f"budget_{n}" for n in names] + [f"prev_{n}" for n in names] + ["change"]
    values = {column: parse_amount(token) for column, token in zip(columns, tokens[:-1], strict=True)}
    values["change_rate"] = parse_bare_rate(tokens[-1])
    return {**row, "name": clean_name(row["name"]), "values": values}


def _grant_columns(header: list[Line]) -> list[str] | None:
    """The order of 소계, 본예산, 추경예산 where a header line names all three."""
    for line in header:
        words = fold(line.stripped)
        if all(word in words for word, _ in GRANT_COLUMN_WORDS):
            return [name for _, name in sorted((words.find(word), name) for word, name in GRANT_COLUMN_WORDS)]
    return None


def _columns_by_arithmetic(rows: list[dict]) -> list[str] | None:
    """Which of each year's three amounts is the sum of the other two in most rows: that one is
    소계; the other two keep the form's order (본예산, then 추경예산)."""
    votes: Counter[int] = Counter()
    for row in rows:
        values = [parse_amount(token) or 0 for token in row["tokens"][:3]]
        for position in range(3):
            if values[position] and values[position] == sum(values) - values[position]:
                votes[position] += 1
    if not votes:
        return None
    total = votes.most_common(1)[0][0]
    order = ["main", "supp"]
    return [("total" if i == total else order.pop(0)) for i in range(3)]


def section_frames(tables: list[SectionTable], item_of: dict, lines: list[Line], fiscal_year: int
                   ) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """The program_execution and grant_scale tables of section Ⅱ, each with the decimals its rates
    are printed with (checks need them); `item_of` gives each line's (chapter, item)."""
    execution = [(table, row) for table in tables if table.kind == "program_execution" for row in table.rows]
    grants = [(table, row) for table in tables if table.kind == "grant_scale" for row in table.rows]
    return {
        "program_execution": (_execution_frame(execution, item_of, lines, fiscal_year), pd.DataFrame({
            "row_id": range(1, len(execution) + 1),
            **{column: [decimals(row["tokens"][i]) for _, row in execution] for i, column in RATE_POSITIONS.items()},
        })),
        "grant_scale": (_grant_frame(grants, fiscal_year), pd.DataFrame({
            "row_id": range(1, len(grants) + 1), "change_rate": [decimals(row["tokens"][-1]) for _, row in grants],
        })),
    }


def _execution_frame(rows, item_of, lines, fiscal_year: int) -> pd.DataFrame:
    index_of = {line.key: index for index, line in enumerate(lines)}
    records = []
    for table, row in rows:
        chapter, item = item_of.get(index_of[row["line"].key], (0, 0))
        records.append({"section": f"{chapter}-{item}", "program": row["name"], **execution_values(row),
                        "unit": table.unit, "source_page": row["line"].page, "source_line": row["line"].number})
    return table_frame(TABLES["program_execution"], records, fiscal_year)


def _grant_frame(rows, fiscal_year: int) -> pd.DataFrame:
    records = [{"type": row["name"], **row["values"], "unit": table.unit, "source_page": row["line"].page,
                "source_line": row["line"].number} for table, row in rows]
    return table_frame(TABLES["grant_scale"], records, fiscal_year)
