"""Budget tables: 세입총괄, 세출총괄 (section Ⅰ) and 세입·세출예산 세부 현황 (section Ⅲ).

Every row prints six numbers after its name: 예산현액 of the previous and the
current year, 증감액, 증감률, 징수액/집행액 and 징수율/집행률. Names wrap over
several lines before the numbers; the numbers themselves may wrap too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import regex

from .errors import ReportError
from .hierarchy import Node, levels_of, recover_hierarchy
from .lines import Line, LineKey
from .normalise import fold, join_fragments
from .numbers import decimals, is_amount, is_new_item, is_rate, parse_amount, parse_rate
from .sections import TableBlock
from .vocabulary import BUDGET_TABLE_HEADER, NON_POLICY_PROGRAMME

# What each of a row's six numbers is: A = amount, R = rate.
ROW_PATTERN = "AAARAR"
DEFAULT_MAX_NAME_LINES = 5
# A line ending in at most this many number-like words, with no numbers-only line to complete
# it, is a name fragment ("서울 2030"); more is a row whose numbers stop short (an error).
MAX_NUMBERS_IN_NAME = 2
# The budget structure fixes some levels of 세출예산, whatever the indentation.
MAX_DEPTH = {"expenditure_detail": 4}
NON_POLICY_DEPTH = 2
WORD = regex.compile(r"\S+")


@dataclass(frozen=True)
class BudgetRow:
    """One printed row: its joined name, its six printed number tokens and where it was read."""

    name: str
    tokens: tuple[str, ...]
    indent: int = field(compare=False)
    line: Line = field(compare=False)
    used: tuple[LineKey, ...] = field(default=(), compare=False)


@dataclass
class ParsedRows:
    rows: list[BudgetRow]
    used: set[LineKey]


def is_table_header(line: Line) -> bool:
    return bool(BUDGET_TABLE_HEADER.fullmatch(regex.sub(r"\s+", "", line.stripped)))


def parse_budget_rows(block: TableBlock, source: str) -> ParsedRows:
    """The rows of a budget table in printed order, with the line numbers they used."""
    rows: list[BudgetRow] = []
    used: set[LineKey] = {block.title.key}
    pending: list[Line] = []
    lines = block.lines
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.is_blank:
            continue
        if is_table_header(line):
            used.add(line.key)
            continue
        name_text, tokens = _split_numbers(line.stripped)
        if not tokens:
            pending.append(line)
            continue
        number_lines = [line]
        if len(tokens) < len(ROW_PATTERN):
            following = _completion(lines, index, tokens)
            if following is None and len(tokens) <= MAX_NUMBERS_IN_NAME:
                pending.append(line)  # a name ending in a number: "서울 2030"
                continue
            if following is None:
                raise ReportError(source, f"a row of {block.name} has {len(tokens)} of 6 numbers", line)
            index, more_lines = following
            tokens += [token for extra in more_lines for token in extra.stripped.split()]
            number_lines += more_lines
        name_lines = pending[-DEFAULT_MAX_NAME_LINES:]
        fragments = [fragment.stripped for fragment in name_lines] + [name_text]
        first = name_lines[0] if name_lines else line
        row_used = tuple(x.key for x in name_lines + number_lines)
        rows.append(BudgetRow(join_fragments(fragments), tuple(tokens), first.indent, line, row_used))
        used.update(row_used)
        pending = []
    if not rows:
        raise ReportError(source, f"the {block.name} table holds no row", block.title)
    return ParsedRows(rows, used)


def build_budget_table(rows: list[BudgetRow], table: str, unit: str, fiscal_year: int) -> pd.DataFrame:
    """The contract's columns for a budget table, with the tree recovered by arithmetic."""
    values = [_row_values(row) for row in rows]
    parents = recover_hierarchy(hierarchy_nodes(rows, table), max_depth=MAX_DEPTH.get(table))
    levels = levels_of(parents)
    paths: list[str] = []
    for row, parent in zip(rows, parents, strict=True):
        paths.append(row.name if parent is None else f"{paths[parent]} > {row.name}")
    return pd.DataFrame(
        {
            "fiscal_year": fiscal_year,
            "row_id": range(1, len(rows) + 1),
            "parent_id": [None if p is None else p + 1 for p in parents],
            "level": levels,
            "name": [row.name for row in rows],
            "path": paths,
            **{column: [v[column] for v in values] for column in values[0]},
            "unit": unit,
            "source_page": [row.line.page for row in rows],
            "source_line": [row.line.number for row in rows],
        }
    )


def rate_decimals(rows: list[BudgetRow]) -> pd.DataFrame:
    """How many decimals each printed rate shows ("87.1%" → 1, "3%" → 0), by row_id:
    a rate is checked against its operands at the precision it was printed with."""
    return pd.DataFrame(
        {
            "row_id": range(1, len(rows) + 1),
            "change_rate": [decimals(row.tokens[3]) for row in rows],
            "actual_rate": [decimals(row.tokens[5]) for row in rows],
        }
    )


def hierarchy_nodes(rows: list[BudgetRow], table: str) -> list[Node]:
    """What the tree recovery needs of each row: current budget, actual, and a depth hint."""
    nodes = []
    for row in rows:
        values = _row_values(row)
        nodes.append(Node(values["budget"], values["actual"], _depth_hint(row, table)))
    return nodes


def _row_values(row: BudgetRow) -> dict:
    prev, budget, change, change_rate, actual, actual_rate = row.tokens
    return {
        "budget_prev": parse_amount(prev),
        "budget": parse_amount(budget),
        "change": parse_amount(change),
        "change_rate": parse_rate(change_rate),
        "is_new": is_new_item(change_rate),
        "actual": parse_amount(actual),
        "actual_rate": parse_rate(actual_rate),
    }


def _depth_hint(row: BudgetRow, table: str) -> int | None:
    if table == "expenditure_detail" and NON_POLICY_PROGRAMME.match(fold(row.name)):
        return NON_POLICY_DEPTH
    return row.indent + 1 if row.indent > 0 else None


def _split_numbers(text: str) -> tuple[str, list[str]]:
    """A line's name part and its trailing number tokens (at most six, fitting the row pattern)."""
    words = list(WORD.finditer(text))
    count = 0
    while count < min(len(words), len(ROW_PATTERN)) and _is_number(words[-count - 1][0]):
        count += 1
    while count and not _fits([word[0] for word in words[len(words) - count :]]):
        count -= 1
    if not count:
        return text, []
    first = words[len(words) - count]
    return text[: first.start()].strip(), [word[0] for word in words[len(words) - count :]]


def _numbers_only(line: Line) -> list[str] | None:
    words = line.stripped.split()
    return words if words and all(_is_number(word) for word in words) else None


def _is_number(word: str) -> bool:
    return is_amount(word) or is_rate(word)


def _fits(tokens: list[str]) -> bool:
    """Whether tokens can start a row: each is of the kind its position needs."""
    if len(tokens) > len(ROW_PATTERN):
        return False
    kinds = ROW_PATTERN[: len(tokens)]
    checks = {"A": is_amount, "R": is_rate}
    return all(checks[kind](token) for token, kind in zip(tokens, kinds, strict=True))


def _completion(lines: list[Line], index: int, tokens: list[str]) -> tuple[int, list[Line]] | None:
    """The lines of numbers only that complete a row whose numbers wrapped, and the index after them."""
    found: list[Line] = []
    tokens = list(tokens)
    while len(tokens) < len(ROW_PATTERN):
        index = _skip_blank(lines, index)
        more = _numbers_only(lines[index]) if index < len(lines) else None
        if not more or not _fits(tokens + more):
            return None
        tokens += more
        found.append(lines[index])
        index += 1
    return index, found


def _skip_blank(lines: list[Line], index: int) -> int:
    while index < len(lines) and lines[index].is_blank:
        index += 1
    return index
