"""The findings a report's printed values make, computed on the model (model.py) by the
contract's rules, apart from the pipeline's code: a parent against the sum of its children, a
change against its amounts, a rate against its operands (half-up to the printed decimals), an
execution programme against its row of the expenditure detail; each an error, or a warning where
rounding alone (half a unit of every printed value's last digit) can explain it."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from tests.random_report.model import Item, Report, rate, rows

HALF = Decimal("0.5")
COLUMNS = {"prev": "budget_prev", "budget": "budget", "actual": "actual"}


def expected_findings(report: Report) -> Counter:
    """(key, severity) of every finding, counted."""
    found: Counter = Counter()
    for table, root in (("revenue_detail", report.revenue), ("expenditure_detail", report.expenditure)):
        for path, item in paths(root):
            found.update(_item_findings(table, path, item))
    found.update(_execution_findings(report))
    return found


def paths(root: Item, above: str = "") -> list[tuple[str, Item]]:
    path = f"{above} > {root.name}" if above else root.name
    return [(path, root)] + [found for child in root.children for found in paths(child, path)]


def _item_findings(table: str, path: str, item: Item) -> list[tuple[str, str]]:
    found = []
    if item.children:
        for column, name in COLUMNS.items():
            printed = _zero(getattr(item, column))
            total = sum(_zero(getattr(child, column)) for child in item.children)
            if printed != total:
                warning = abs(printed - total) <= HALF * (len(item.children) + 1)
                found.append(_finding("parent_equals_sum_of_children", table, path, name, warning))
    change = _zero(item.change)
    computed = _zero(item.budget) - _zero(item.prev)
    if change != computed:
        warning = abs(change - computed) <= 3 * HALF
        found.append(_finding("change_equals_budget_minus_prev", table, path, "change", warning))
    for column, printed, numerator, denominator in (("change_rate", item.change_rate, change, _zero(item.prev)),
                                                    ("actual_rate", item.actual_rate, _zero(item.actual),
                                                     _zero(item.budget))):
        finding = _rate_finding("", table, path, column, printed, numerator, denominator)
        found += [finding] if finding else []
    return found


def _rate_finding(check: str, table: str, name: str, column: str, printed: Decimal | None, numerator: int,
                  denominator: int) -> tuple[str, str] | None:
    """A printed rate against numerator / denominator × 100, half-up to the printed decimals; a
    warning where the operands' and the print's rounding ranges overlap."""
    if printed is None or denominator == 0:
        return None
    digits = -printed.as_tuple().exponent
    if rate(numerator, denominator, digits) == printed:
        return None
    corners = [(numerator + a) * 100 / (denominator + b) for a in (-HALF, HALF) for b in (-HALF, HALF)]
    half = Decimal(1).scaleb(-digits) / 2
    warning = printed + half >= min(corners) and printed - half <= max(corners)
    return _finding(check or column, table, name, column, warning)


def _execution_findings(report: Report) -> list[tuple[str, str]]:
    detail = [item for _, item in rows(report.expenditure)]
    found = []
    for section, programmes in enumerate(report.executions, start=1):
        for programme in programmes:
            name = f"1-{section} {programme.name}"
            committed, spent, expected = programme.rates
            for column, printed, numerator in (("committed_rate", committed, programme.committed),
                                               ("spent_rate", spent, programme.spent),
                                               ("expected_rate", expected, programme.expected)):
                finding = _rate_finding("execution_rate", "program_execution", name, column, printed, numerator,
                                        programme.budget)
                found += [finding] if finding else []
            if any(item.budget == programme.budget and _zero(item.actual) == programme.spent for item in detail):
                continue
            match = next(item for item in detail if item.name == programme.name)
            for column, printed, value in (("budget", programme.budget, _zero(match.budget)),
                                           ("spent", programme.spent, _zero(match.actual))):
                if printed != value:
                    found.append(_finding("execution_matches_detail", "program_execution", name, column,
                                          abs(printed - value) <= 2 * HALF))
    return found


def _finding(check: str, table: str, name: str, column: str, warning: bool) -> tuple[str, str]:
    return f"{check}|{table}|{name}|{column}", "warning" if warning else "error"


def _zero(value) -> int:
    return value or 0

