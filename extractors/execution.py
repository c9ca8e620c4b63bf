"""Section Ⅱ tables: 《 예산집행 현황 》 (and 집행(교부) 현황), and the 조정교부금 규모 table.

Both are found by their own header lines; the unit comes from the table's unit line,
which may stand above the header or below the last row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .errors import ReportError
from .lines import Line, LineKey
from .normalise import clean_name, fold, is_glyph, join_fragments
from .numbers import is_amount, is_bare_rate, parse_amount, parse_bare_rate
from .sections import UNIT_DECLARATION
from .vocabulary import (
    EXECUTION_HEADER,
    EXECUTION_SUBHEADER,
    EXECUTION_TITLE,
    GRANT_COLUMN_WORDS,
    GRANT_HEADER,
)

EXECUTION_PATTERN = "AAARRAR"  # budget, committed, spent, their rates, expected year end, its rate
EXECUTION_COLUMNS = ("budget", "committed", "spent", "committed_rate", "spent_rate", "expected_year_end",
                     "expected_rate")
GRANT_PATTERN = "AAAAAAAR"
MAX_NAME_LINES = 3
UNIT_SEARCH_LINES = 4
MARKERS = tuple("□ㅇ◦○-‣※*①②③④⑤⑥⑦⑧⑨⑩《")
WORD = regex.compile(r"\S+")


@dataclass
class SectionTable:
    kind: str  # "program_execution" or "grant_scale"
    rows: list[dict]
    unit: str
    used: set[LineKey] = field(default_factory=set)
    first: int = 0  # index range of the table in the section's lines
    last: int = 0


def find_section_tables(lines: list[Line], source: str) -> list[SectionTable]:
    """Every execution and grant table of section Ⅱ, in report order."""
    tables = []
    index = 0
    while index < len(lines):
        folded = fold(lines[index].stripped)
        if EXECUTION_HEADER.match(folded):
            table = _read_table(lines, index, "program_execution", EXECUTION_PATTERN, EXECUTION_SUBHEADER, source)
        elif GRANT_HEADER.match(folded):
            table = _read_table(lines, index, "grant_scale", GRANT_PATTERN, None, source)
            table.rows = [_grant_row(row, lines[index + 1 :]) for row in table.rows]
        else:
            index += 1
            continue
        tables.append(table)
        index = table.last + 1
    return tables


def _read_table(lines, header, kind, pattern, subheader, source) -> SectionTable:
    used = {lines[header].key}
    index = header + 1
    while index < len(lines) and (lines[index].is_blank or (subheader and subheader.match(fold(lines[index].stripped)))
                                  or _is_grant_subheader(kind, lines[index])):
        used.add(lines[index].key)
        index += 1
    rows, pending, last = [], [], header
    while index < len(lines):
        line = lines[index]
        text = line.stripped
        if not text:
            index += 1
            continue
        if _ends_table(text):
            break
        name, tokens = _split_row(text, pattern)
        if tokens:
            names = pending[-MAX_NAME_LINES:]
            rows.append({"name": join_fragments([x.stripped for x in names] + [name]), "tokens": tokens,
                         "line": line})
            used |= {x.key for x in names} | {line.key}
            pending, last = [], index
        elif len(pending) < MAX_NAME_LINES:
            pending.append(line)
        else:
            break
        index += 1
    if not rows:
        raise ReportError(source, f"the {kind} table has a header but no row", lines[header])
    unit_line = _unit_line(lines, header, last)
    if unit_line is None:
        raise ReportError(source, f"the {kind} table states no unit (단위 : …) above or below it", lines[header])
    used.add(unit_line[0].key)
    title = _title_line(lines, header)
    if title is not None:
        used.add(title.key)
    return SectionTable(kind, rows, unit_line[1], used, min(header, unit_line[2]), max(last, unit_line[2]))


def _is_grant_subheader(kind: str, line: Line) -> bool:
    folded = fold(line.stripped)
    return kind == "grant_scale" and all(word in folded for word, _ in GRANT_COLUMN_WORDS)


def _split_row(text: str, pattern: str) -> tuple[str, list[str]]:
    words = list(WORD.finditer(text))
    if len(words) <= len(pattern) - 1:
        return text, []
    tokens = [w[0] for w in words[-len(pattern):]]
    checks = {"A": is_amount, "R": is_bare_rate}
    if not all(checks[kind](token) for token, kind in zip(tokens, pattern, strict=True)):
        return text, []
    return text[: words[-len(pattern)].start()].strip(), tokens


def _ends_table(text: str) -> bool:
    return (text.startswith(MARKERS) or is_glyph(text[0]) or bool(UNIT_DECLARATION.search(text))
            or bool(regex.match(r"^\d\s+\S", text)))


def _unit_line(lines, header, last) -> tuple[Line, str, int] | None:
    """The unit line nearest the table: among the few lines above its header, or below its last row."""
    above = range(header - 1, max(-1, header - 1 - UNIT_SEARCH_LINES), -1)
    below = range(last + 1, min(len(lines), last + 1 + UNIT_SEARCH_LINES))
    for index in (*above, *below):
        match = UNIT_DECLARATION.search(lines[index].text)
        if match:
            return lines[index], match["unit"], index
    return None


def _title_line(lines, header) -> Line | None:
    for index in range(header - 1, max(-1, header - 1 - UNIT_SEARCH_LINES), -1):
        if EXECUTION_TITLE.search(lines[index].text):
            return lines[index] if "《" in lines[index].text else None
    return None


def execution_values(row: dict) -> dict:
    values = {}
    for column, token, kind in zip(EXECUTION_COLUMNS, row["tokens"], EXECUTION_PATTERN, strict=True):
        values[column] = parse_amount(token) if kind == "A" else parse_bare_rate(token)
    return values


def _grant_row(row: dict, after_header: list[Line]) -> dict:
    """The grant table's columns, named by its second header line: 소계 본예산 추경예산 twice, then (A-B) and %."""
    subheader = next((x for x in after_header if not x.is_blank), None)
    words = fold(subheader.stripped) if subheader is not None else ""
    order = sorted((words.find(word), name) for word, name in GRANT_COLUMN_WORDS if word in words)
    names = [name for _, name in order] or ["total", "main", "supp"]
    columns = [f"budget_{n}" for n in names] + [f"prev_{n}" for n in names] + ["change", "change_rate"]
    tokens = row["tokens"]
    values = {column: parse_amount(token) for column, token in zip(columns[:-1], tokens[:-1], strict=True)}
    values["change_rate"] = parse_bare_rate(tokens[-1])
    return {**row, "name": clean_name(row["name"]), "values": values}
