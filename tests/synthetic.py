"""Build small report texts for tests: the same shapes as a real report, numbers we choose."""

from __future__ import annotations

GLYPH = "\uf000"
AS_OF = "’23. 9. 30."


def amount(value: int | None) -> str:
    """An amount as a report prints it: 1,234 / △1,234 / - for missing."""
    if value is None:
        return "-"
    return f"△{-value:,}" if value < 0 else f"{value:,}"


def rate(value: float | None, new: bool = False) -> str:
    if new:
        return "순증"
    if value is None:
        return "-"
    return f"△{-value:.1f}%" if value < 0 else f"{value:.1f}%"


def budget_line(name: str, prev: int | None, budget: int | None, actual: int | None, indent: int = 0) -> str:
    """One printed row with its change, rates and indentation computed from the three amounts."""
    change = None if prev is None and budget is None else (budget or 0) - (prev or 0)
    change_rate = None if not prev else round(change / prev * 100, 1)
    actual_rate = None if not budget or actual is None else round(actual / budget * 100, 1)
    numbers = [amount(prev), amount(budget), amount(change), rate(change_rate, new=prev is None),
               amount(actual), rate(actual_rate)]
    return "\u3000" * indent + name + " " + " ".join(numbers)


def expenditure_report(rows: list[str]) -> str:
    """A report holding only a section Ⅲ 세출예산 table with the given printed rows."""
    return "\n".join(
        [
            "Ⅲ. 2023 세입·세출예산 세부 현황",
            "",
            f"{GLYPH} 세출예산 ({AS_OF} 기준, 단위 : 천원, %)",
            " 증감액 증감률 집행액 집행률",
            *rows,
            "",
        ]
    )
