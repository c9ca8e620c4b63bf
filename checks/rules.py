"""Arithmetic rules on the extracted tables: every printed value that can be computed from
other printed values is compared with it. Pure pandas; findings are built in findings.py.

A comparison says what was printed (`actual`), what the other printed values give
(`expected`), and how far apart rounding alone could put them (`tolerance`): every printed
amount may be off by half a unit of its last digit (천원 amounts were rounded from won).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from extractors.form.normalise import fold
from extractors.form.vocabulary import NON_POLICY_PROGRAMME

HALF_UNIT = 0.5
AMOUNT_COLUMNS = ("budget_prev", "budget", "actual")
# A rate and its operands: rate = numerator / denominator × 100.
RATE_OPERANDS = {"change_rate": ("change", "budget_prev"), "actual_rate": ("actual", "budget")}
BUDGET_TABLES = ("revenue_summary", "expenditure_summary", "revenue_detail", "expenditure_detail")
SUMMARY_OF = {"revenue_summary": "revenue_detail", "expenditure_summary": "expenditure_detail"}


@dataclass(frozen=True)
class Comparison:
    check: str
    table: str
    row: pd.Series
    column: str
    expected: float | None
    actual: float | None
    warning: bool
    computable: bool = True

    @property
    def agrees(self) -> bool:
        return self.computable and self.expected == self.actual

    @property
    def gap(self) -> float | None:
        """Printed − computed; None where nothing could be computed or nothing is printed."""
        if not self.computable or self.actual is None or self.expected is None:
            return None
        return round(self.actual - self.expected, 10)


def budget_comparisons(tables: dict[str, pd.DataFrame], decimals: dict[str, pd.DataFrame]) -> list[Comparison]:
    """Every arithmetic comparison of the four budget tables."""
    found: list[Comparison] = []
    for name in BUDGET_TABLES:
        frame = tables.get(name)
        if frame is None or frame.empty:
            continue
        found += children_sums(name, frame)
        found += changes(name, frame)
        found += rates(name, frame, decimals.get(name))
    for summary, detail in SUMMARY_OF.items():
        if not tables[summary].empty and not tables[detail].empty:
            found += summary_matches_detail(summary, tables[summary], tables[detail])
    return found


def children_sums(table: str, frame: pd.DataFrame) -> list[Comparison]:
    """parent = Σ children, for the previous and current budget and the actual."""
    by_id = frame.set_index("row_id", drop=False)
    found = []
    for parent_id, children in frame.groupby("parent_id"):
        parent = by_id.loc[parent_id]
        for column in AMOUNT_COLUMNS:
            found.append(amount_comparison("parent_equals_sum_of_children", table, parent, column,
                                            children[column]))
    return found


def changes(table: str, frame: pd.DataFrame) -> list[Comparison]:
    """change = budget − budget_prev."""
    found = []
    for _, row in frame.iterrows():
        expected = zero(row["budget"]) - zero(row["budget_prev"])
        actual = zero(row["change"])
        warning = abs(actual - expected) <= 3 * HALF_UNIT
        found.append(Comparison("change_equals_budget_minus_prev", table, row, "change", expected, actual, warning))
    return found


def rates(table: str, frame: pd.DataFrame, decimals: pd.DataFrame | None) -> list[Comparison]:
    """Each printed rate against its operands, computed and rounded half-up to the printed decimals."""
    places = decimals.set_index("row_id") if decimals is not None else None
    found = []
    for _, row in frame.iterrows():
        for column, (numerator, denominator) in RATE_OPERANDS.items():
            if pd.isna(row[column]):
                continue
            digits = int(places.loc[row["row_id"], column]) if places is not None else 1
            found.append(rate_comparison(table, row, column, zero(row[numerator]), zero(row[denominator]), digits))
    return found


def rate_comparison(table: str, row: pd.Series, column: str, numerator: int, denominator: int,
                    digits: int, check: str | None = None) -> Comparison:
    check = check or column
    printed = float(row[column])
    if denominator == 0:
        return Comparison(check, table, row, column, None, printed, warning=False, computable=False)
    computed = _round_half_up(Decimal(numerator) * 100 / Decimal(denominator), digits)
    low, high = _rate_range(numerator, denominator)
    half = HALF_UNIT * 10.0**-digits
    warning = printed - half <= high and printed + half >= low
    return Comparison(check, table, row, column, float(computed), printed, warning)


def summary_matches_detail(summary_name: str, summary: pd.DataFrame, detail: pd.DataFrame) -> list[Comparison]:
    """Each summary row against its counterpart in the detail table (by folded name and amounts)."""
    found = []
    # Department rows under 사업비, matched to their policy programmes: the expenditure side only.
    departments = _project_cost_departments(summary, detail) if summary_name == "expenditure_summary" else {}
    index = _DetailIndex([_amounts(other) for _, other in detail.iterrows()], [fold(name) for name in detail["name"]])
    for _, row in summary.iterrows():
        if row["level"] == 0:
            counterpart = detail[detail["level"] == 0]
        elif row["row_id"] in departments:
            counterpart = _policy_programmes(detail, [departments[row["row_id"]]])
        elif (summary.loc[summary["parent_id"] == row["row_id"], "row_id"].isin(departments)).any():
            children = summary.loc[summary["parent_id"] == row["row_id"], "row_id"]
            counterpart = _policy_programmes(detail, [departments[c] for c in children if c in departments])
        else:
            counterpart = _counterpart(row, detail, index)
        if counterpart is None:
            found.append(Comparison("summary_matches_detail", summary_name, row, "", None, None,
                                    warning=False, computable=False))
            continue
        for column in AMOUNT_COLUMNS:
            found.append(amount_comparison("summary_matches_detail", summary_name, row, column,
                                            counterpart[column]))
    return found


def _project_cost_departments(summary: pd.DataFrame, detail: pd.DataFrame) -> dict[int, pd.Series]:
    """Summary rows that are departments (their folded name is a level-1 detail row) and whose
    parent is not the root: their counterpart is the sum of the department's policy programmes."""
    level_one = {fold(row["name"]): row for _, row in detail[detail["level"] == 1].iterrows()}
    return {
        row["row_id"]: level_one[fold(row["name"])]
        for _, row in summary[summary["level"] >= 2].iterrows()
        if fold(row["name"]) in level_one
    }


def _policy_programmes(detail: pd.DataFrame, departments: list[pd.Series]) -> pd.DataFrame:
    """The policy programmes (정책사업) of the departments: their level-2 rows other than
    행정운영경비(…), 재무활동(…) and 일반예산(…)."""
    children = detail[detail["parent_id"].isin([department["row_id"] for department in departments])]
    return _where(children, [not NON_POLICY_PROGRAMME.match(fold(name)) for name in children["name"]])


@dataclass(frozen=True)
class _DetailIndex:
    """Each detail row's amounts and folded name, in row order: read once per summary table."""

    amounts: list[tuple[int, ...]]
    names: list[str]


def _counterpart(row: pd.Series, detail: pd.DataFrame, index: _DetailIndex) -> pd.DataFrame | None:
    """The detail rows a summary row stands for, in this order: a row with its amounts (any of a
    single-child chain, one with its name first); a row of its name; the per-department rows
    named after it ("행정운영경비" → "행정운영경비(○○과)", …), summed; a row whose name holds it."""
    amounts = _amounts(row)
    key = fold(row["name"])
    names = index.names
    same_amounts = [other == amounts for other in index.amounts]
    candidates = [
        [same and key in name for same, name in zip(same_amounts, names, strict=True)],
        same_amounts,
        [key == name for name in names],
    ]
    for chosen in candidates:
        if any(chosen):
            return _where(detail, chosen).head(1)
    per_department = [name.startswith(key + "(") for name in names]
    if any(per_department):
        return _where(detail, per_department)
    holding = [key in name for name in names]
    return _where(detail, holding).head(1) if any(holding) else None


def _where(frame: pd.DataFrame, mask: list[bool]) -> pd.DataFrame:
    """The rows where mask holds (a list, even an empty one, is a row mask here, never columns)."""
    return frame[pd.Series(mask, index=frame.index, dtype=bool)]


def amount_comparison(check: str, table: str, row: pd.Series, column: str, parts: pd.Series) -> Comparison:
    expected = int(parts.fillna(0).sum())
    actual = zero(row[column])
    warning = abs(actual - expected) <= HALF_UNIT * (len(parts) + 1)
    return Comparison(check, table, row, column, expected, actual, warning)


def _amounts(row: pd.Series) -> tuple[int, ...]:
    return tuple(zero(row[column]) for column in AMOUNT_COLUMNS)


def _rate_range(numerator: int, denominator: int) -> tuple[float, float]:
    """The rates that operands each off by up to half a unit could give."""
    corners = [
        (numerator + dn) * 100 / (denominator + dd)
        for dn in (-HALF_UNIT, HALF_UNIT)
        for dd in (-HALF_UNIT, HALF_UNIT)
        if denominator + dd != 0
    ]
    if denominator > 0 > denominator - HALF_UNIT or denominator < 0 < denominator + HALF_UNIT:
        return float("-inf"), float("inf")
    return min(corners), max(corners)


def _round_half_up(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def zero(value: Any) -> int:
    """A printed amount or count for a check: a null one counts as 0."""
    return 0 if pd.isna(value) else int(value)
