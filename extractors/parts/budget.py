"""Budget tables: 세입총괄, 세출총괄 (section Ⅰ) and 세입·세출예산 세부 현황 (section Ⅲ).

Every row prints six numbers after its name: 예산현액 of the previous and the current year,
증감액, 증감률, 징수액/집행액 and 징수율/집행률. The rows are found by budget_tables.py; here they
become the contract's columns, with the tree recovered by arithmetic.
"""

from __future__ import annotations

import pandas as pd

from extractors.form.normalise import fold
from extractors.form.numbers import decimals, is_new_item, parse_amount, parse_rate
from extractors.form.vocabulary import NON_POLICY_PROGRAMME
from extractors.parts.hierarchy import Node, levels_of, recover_hierarchy
from extractors.parts.tables import Row
from schemas import Record

# The budget structure fixes some levels of 세출예산, whatever the indentation.
MAX_DEPTH = {"expenditure_detail": 4}
NON_POLICY_DEPTH = 2


def build_budget_table(rows: list[Row], table: str, unit: str, fiscal_year: int) -> pd.DataFrame:
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


def rate_decimals(rows: list[Row]) -> pd.DataFrame:
    """How many decimals each printed rate shows ("87.1%" → 1, "3%" → 0), by row_id:
    a rate is checked against its operands at the precision it was printed with."""
    return pd.DataFrame(
        {
            "row_id": range(1, len(rows) + 1),
            "change_rate": [decimals(row.tokens[3]) for row in rows],
            "actual_rate": [decimals(row.tokens[5]) for row in rows],
        }
    )


def hierarchy_nodes(rows: list[Row], table: str) -> list[Node]:
    """What the tree recovery needs of each row: its three budget amounts, its indentation (which
    the recovery calibrates on the table), and the depth the budget structure fixes, if any."""
    nodes = []
    for row in rows:
        values = _row_values(row)
        nodes.append(Node(values["budget"], values["actual"], values["budget_prev"], row.indent,
                          _fixed_depth(row, table)))
    return nodes


def _row_values(row: Row) -> Record:
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


def _fixed_depth(row: Row, table: str) -> int | None:
    if table == "expenditure_detail" and NON_POLICY_PROGRAMME.match(fold(row.name)):
        return NON_POLICY_DEPTH
    return None
