"""The budget tables of sections Ⅰ (세입·세출 총괄) and Ⅲ (세입·세출 예산): found by their rows in both
sections first (the fiscal year is read from them too), then each named and its tree recovered."""

from __future__ import annotations

from extractors.form.lines import Line
from extractors.form.normalise import fold
from extractors.form.vocabulary import EXPENDITURE_WORD, REVENUE_WORD
from extractors.parts.budget import build_budget_table, rate_decimals
from extractors.parts.budget_tables import FoundTable, find_budget_tables, learned_headers
from extractors.parts.gaps import gap
from extractors.parts.part import Context, Part
from extractors.parts.sections import Section

# The sections that hold budget tables, and theirs: revenue first, as the form prints them.
BUDGET_KINDS = {"general": ("revenue_summary", "expenditure_summary"),
                "budget_detail": ("revenue_detail", "expenditure_detail")}


def budget_tables(sections: dict[str, Section]) -> dict[str, list[FoundTable]]:
    """The budget tables of sections Ⅰ and Ⅲ, found by their rows; header lines one table prints
    help to tell the repeated page headers of the others."""
    learned: set[str] = set()
    found: dict[str, list[FoundTable]] = {}
    for _ in range(2):
        found = {kind: find_budget_tables(sections[kind].lines, learned) for kind in BUDGET_KINDS if kind in sections}
        learned = learned_headers([table for tables in found.values() for table in tables])
    return found


def read_budgets(found: dict[str, list[FoundTable]], context: Context) -> Part:
    """The four budget tables, each with its tree; a table found but not read is table_not_read."""
    part = Part()
    for kind, names in BUDGET_KINDS.items():
        if kind not in found:
            continue
        tables = [t for t in found[kind] if t.rows or kind == "budget_detail" or _names_budget(t)]
        for table, name in _which(tables, names):
            if name is None:
                part.gaps.append(gap("table_not_read", "", table.title_text, _first(table)))
                continue
            part.gaps += [gap("table_not_read", name, table.title_text, line) for line in table.short_rows]
            if not table.rows or table.unit is None:
                part.gaps.append(gap("table_not_read", name, table.title_text, _first(table)))
                continue
            part.add(name, build_budget_table(table.rows, name, table.unit, context.fiscal_year), table.used)
            part.precision[name] = rate_decimals(table.rows)
    return part


def _which(tables: list[FoundTable], names: tuple[str, str]) -> list[tuple[FoundTable, str | None]]:
    """Which budget table each is: 세입 or 세출 in its title, else the form's order (revenue first).
    A table beyond the two the section has is named None."""
    words = {names[0]: REVENUE_WORD, names[1]: EXPENDITURE_WORD}
    said = [_said(table, words) for table in tables]
    free = [name for name in names if name not in said]
    chosen: list[tuple[FoundTable, str | None]] = []
    taken: set[str] = set()
    for table, name in zip(tables, said, strict=True):
        if name is None or name in taken:
            name = next((n for n in free if n not in taken), None)
        if name is not None:
            taken.add(name)
        chosen.append((table, name))
    return chosen


def _said(table: FoundTable, words: dict[str, str]) -> str | None:
    folded = fold(table.title_text)
    named = [name for name, word in words.items() if word in folded]
    return named[0] if len(named) == 1 else None


def _names_budget(table: FoundTable) -> bool:
    folded = fold(table.title_text)
    return REVENUE_WORD in folded or EXPENDITURE_WORD in folded


def _first(table: FoundTable) -> Line | None:
    if table.title:
        return table.title[0]
    return table.short_rows[0] if table.short_rows else None
