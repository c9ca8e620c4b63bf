"""The report's fiscal year and as-of date: the year of the first as-of date outside section Ⅳ (in
any printed form), else the current-year column of a budget table, else the year in section Ⅲ's
heading, else the year given for a report that prints none; never section Ⅳ's, which is the
audit's year."""

from __future__ import annotations

from extractors.errors import ReportError
from extractors.form.dates import read_as_of, years_in
from extractors.form.lines import Line
from extractors.form.marks import section_heading
from extractors.parts.budget_tables import FoundTable
from extractors.parts.sections import Section


def fiscal_year_of(lines: list[Line], sections: dict[str, Section], budget: dict[str, list[FoundTable]],
                 source: str, given: int | None) -> tuple[int, str | None]:
    """The fiscal year (the year of the first as-of date outside section Ⅳ, else the current-year
    column of a budget table, else section Ⅲ's heading, else the given one) and the as-of date. A
    given year is for a report that prints none: one that contradicts the printed year is refused,
    naming both."""
    audit = {line.key for line in sections["audit"].lines} if "audit" in sections else set()
    dates = [read_as_of(line.stripped) for line in lines if line.key not in audit]
    dated = next((d for d in dates if d is not None and d.year is not None), None)
    undated = next((d for d in dates if d is not None), None)
    printed = (dated.year if dated else None) or _column_year(budget) or _heading_year(sections)
    if given is not None and printed is not None and given != printed:
        raise ReportError(source, f"--fiscal-year {given} contradicts the year the report prints, {printed}: leave "
                                  "--fiscal-year out (it is for a report that prints no year)")
    year = printed or given
    if year is None:
        raise ReportError(source, "no fiscal year found: no as-of date such as (’23. 9. 30. 기준), no year in the "
                                  "budget tables' headers or section Ⅲ's heading; give it with --fiscal-year")
    date = dated or undated
    as_of = date.iso(year) if date else None
    return year, as_of


def _column_year(budget: dict[str, list[FoundTable]]) -> int | None:
    """The current-year column of the budget tables: the later year their headers print."""
    years = [year for tables in budget.values() for table in tables for line in table.header
             for year in years_in(line.stripped)]
    return max(years) if years else None


def _heading_year(sections: dict[str, Section]) -> int | None:
    section = sections.get("budget_detail")
    if section is None:
        return None
    heading = section_heading(section.heading)
    years = years_in(heading["title"]) if heading is not None else []
    return years[0] if years else None
