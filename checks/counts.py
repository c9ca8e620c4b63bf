"""Count rules: people, units and findings are exact, so any gap is an error."""

from __future__ import annotations

import pandas as pd

from checks.rules import Comparison, zero
from extractors.form.lines import Line
from extractors.form.vocabulary import STATUS_COLUMN
from extractors.parts.part import Stated

STATUS_COLUMNS = tuple(STATUS_COLUMN.values())


def org_comparisons(units: pd.DataFrame, stated: dict[str, Stated]) -> list[Comparison]:
    """The org chart's stated unit and staff totals against its rows."""
    found = []
    for key, check, expected in (
        ("org_units.units", "org_unit_total", len(units)),
        ("org_units.staff", "org_staff_total", int(units["staff"].fillna(0).sum())),
    ):
        if key in stated:
            row = _stated_row("stated total", stated[key].line)
            found.append(Comparison(check, "org_units", row, key.split(".")[1], expected, stated[key].value,
                                    warning=False))
    return found


def audit_comparisons(summary: pd.DataFrame, findings: pd.DataFrame, stated: dict[str, Stated]
                      ) -> list[Comparison]:
    """The 총괄 counts against the findings, per category and per status, and against themselves."""
    found = []
    for _, row in summary.iterrows():
        items = findings if row["row_id"] == summary["row_id"].min() else findings[
            findings["category"] == row["category"]]
        expected = {"total": len(items)}
        expected |= {STATUS_COLUMN[s]: int((items["status"] == s).sum()) for s in STATUS_COLUMN}
        for column, count in expected.items():
            found.append(Comparison("audit_counts_match_items", "audit_summary", row, column, count,
                                    zero(row[column]), warning=False))
        statuses = sum(zero(row[column]) for column in STATUS_COLUMNS)
        found.append(Comparison("audit_summary_adds_up", "audit_summary", row, "total", statuses,
                                zero(row["total"]), warning=False))
    if len(summary) > 1:
        first, categories = summary.iloc[0], summary.iloc[1:]
        for column in ("total", *STATUS_COLUMNS):
            found.append(Comparison("audit_summary_adds_up", "audit_summary", first, column,
                                    int(categories[column].fillna(0).sum()), zero(first[column]), warning=False))
    if "audit_findings.total" in stated:
        total = stated["audit_findings.total"]
        found.append(Comparison("audit_counts_match_items", "audit_findings", _stated_row("stated total", total.line),
                                "total", len(findings), total.value, warning=False))
    return found


def _stated_row(name: str, line: Line) -> pd.Series:
    return pd.Series({"row_id": pd.NA, "name": name, "source_page": line.page, "source_line": line.number})

