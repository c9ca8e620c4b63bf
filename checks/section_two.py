"""Checks of section Ⅱ's tables: execution rates, the 조정교부금 scale, and each programme
against its row in the expenditure detail (amounts in 억원 against 천원 by the rounding rule)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from checks.rules import HALF_UNIT, Comparison, amount_comparison, rate_comparison, zero
from extractors.form.normalise import fold
from schemas.columns import UNIT_SCALES_TO_KRW

# How many won one unit is: amounts in different units are compared in the smaller one.
EXECUTION_RATES = {"committed_rate": "committed", "spent_rate": "spent", "expected_rate": "expected_year_end"}
MATCHED_COLUMNS = {"budget": "budget", "spent": "actual"}  # program_execution column → expenditure_detail column


def execution_rates(execution: pd.DataFrame, decimals: pd.DataFrame | None) -> list[Comparison]:
    places = decimals.set_index("row_id") if decimals is not None and len(decimals) else None
    found = []
    for _, row in execution.iterrows():
        for column, numerator in EXECUTION_RATES.items():
            if pd.isna(row[column]):
                continue
            digits = int(places.loc[row["row_id"], column]) if places is not None else 1
            found.append(rate_comparison("program_execution", row, column, zero(row[numerator]),
                                         zero(row["budget"]), digits, check="execution_rate"))
    return found


def grant_comparisons(grants: pd.DataFrame, decimals: pd.DataFrame | None) -> list[Comparison]:
    """본예산 + 추경 = 소계 for both years; the types add up to 합계 (the first row); the change and its rate."""
    found = []
    for _, row in grants.iterrows():
        for total, parts in (("budget_total", ["budget_main", "budget_supp"]),
                             ("prev_total", ["prev_main", "prev_supp"])):
            found.append(amount_comparison("grant_subtotal", "grant_scale", row, total,
                                           pd.Series([row[p] for p in parts])))
        expected = zero(row["budget_total"]) - zero(row["prev_total"])
        actual = zero(row["change"])
        found.append(Comparison("change_equals_budget_minus_prev", "grant_scale", row, "change", expected, actual,
                                warning=abs(actual - expected) <= 3 * HALF_UNIT))
        if not pd.isna(row["change_rate"]):
            digits = _digits(decimals, row["row_id"])
            found.append(rate_comparison("grant_scale", row, "change_rate", actual, zero(row["prev_total"]), digits))
    if len(grants) > 1:
        total, types = grants.iloc[0], grants.iloc[1:]
        for column in ("budget_main", "budget_supp", "budget_total", "prev_main", "prev_supp", "prev_total", "change"):
            found.append(amount_comparison("grant_types_sum", "grant_scale", total, column, types[column]))
    return found


def execution_matches_detail(execution: pd.DataFrame, detail: pd.DataFrame) -> tuple[list[Comparison], list[str]]:
    """Each programme against the detail row whose current budget and actual are its budget and
    spent; failing that, a detail row whose name holds the programme's (or the other way round),
    compared; with neither, the programme is funded outside this account (listed, not a finding)."""
    found: list[Comparison] = []
    without: list[str] = []
    taken: set[int] = set()
    matches = {}
    candidates = [(candidate, tuple(zero(candidate[d]) for d in MATCHED_COLUMNS.values()))
                  for _, candidate in detail.iterrows()]
    for _, row in execution.iterrows():
        match = _same_amounts(row, detail, candidates)
        if match is None:
            named = detail[[fold(name) == fold(row["program"]) for name in detail["name"]]]
            match = named.iloc[0] if len(named) else None
        if match is not None:
            matches[row["row_id"]] = match
            taken.add(int(match["row_id"]))
    for _, row in execution.iterrows():
        match = matches.get(row["row_id"])
        if match is None:
            match = _similar_name(row, candidates, taken)
        if match is None:
            without.append(f"{row['section']} {row['program']}")
            continue
        for column, detail_column in MATCHED_COLUMNS.items():
            found.append(_converted(row, column, match, detail_column))
    return found, without


def _same_amounts(row: pd.Series, detail: pd.DataFrame, candidates: list[tuple[pd.Series, tuple[int, ...]]]
                  ) -> pd.Series | None:
    """The first detail row whose amounts, in the programme's unit, are the programme's."""
    scale = _scale(row["unit"], detail)
    wanted = tuple(zero(row[c]) for c in MATCHED_COLUMNS)
    for candidate, amounts in candidates:
        if all(_rounded(amount, scale) == value for amount, value in zip(amounts, wanted, strict=True)):
            return candidate
    return None


def _similar_name(row: pd.Series, candidates: list[tuple[pd.Series, tuple[int, ...]]], taken: set[int]
                  ) -> pd.Series | None:
    key = fold(row["program"])
    for candidate, _ in candidates:
        name = fold(candidate["name"])
        if int(candidate["row_id"]) not in taken and (key in name or name in key):
            return candidate
    return None


def _converted(row: pd.Series, column: str, match: pd.Series, detail_column: str) -> Comparison:
    """Printed amount against the detail's, in the programme's unit, rounded half-up as printed."""
    scale = Decimal(_scale(row["unit"], None, match["unit"]))
    detail_value = Decimal(zero(match[detail_column]))
    expected = _rounded(int(detail_value), scale)
    actual = zero(row[column])
    exact = detail_value / scale
    warning = abs(Decimal(actual) - exact) <= Decimal(HALF_UNIT) + Decimal(HALF_UNIT) / scale
    return Comparison("execution_matches_detail", "program_execution", row, column, expected, actual, bool(warning))


def _scale(unit: str, detail: pd.DataFrame | None, detail_unit: str | None = None) -> int:
    """How many detail units one programme unit is (억원 against 천원: 100,000)."""
    detail_unit = detail_unit or (detail["unit"].iloc[0] if detail is not None and len(detail) else unit)
    return UNIT_SCALES_TO_KRW.get(unit, 1) // UNIT_SCALES_TO_KRW.get(detail_unit, 1) or 1


def _rounded(value: int, scale: Decimal | int) -> int:
    """A detail amount in the programme's unit, rounded half-up."""
    quotient = Decimal(value) / Decimal(scale)
    return int(quotient.to_integral_value(rounding="ROUND_HALF_UP"))


def _digits(decimals: pd.DataFrame | None, row_id: object) -> int:
    if decimals is None or not len(decimals):
        return 1
    return int(decimals.set_index("row_id").loc[row_id, "change_rate"])

