"""Pure extraction: a report file in, the contract's tables out (no Prefect, no GE, no writes).

    read_lines(path)            read/        one reader per format → numbered, normalised lines (a ruled
                                             table's rows rendered as lines by read/grids.py)
                                form/        the form's words (vocabulary.py), numbers, dates, marks, row shapes
    split_sections(lines, …)    parts/sections.py   Roman-numeral headings → sections, told apart by content
    fiscal_year_of(…)           parts/fiscal.py     the year of any as-of date, a budget column or section Ⅲ
    find_tables(lines, shape)   parts/tables.py     the one table finder: tables found by the shape of their
                                                    rows (budget_tables.py, execution.py give the shapes)
    recover_hierarchy(nodes)    parts/hierarchy.py  parent of every row, by arithmetic
    parse_<part>(…)             parts/              org, duties, district, work_report, audit_summary, audit
    section_gaps(…)             parts/completeness.py  what was found but not read, or is missing
    extract(path)               report.py    all of it, with unparsed lines and completeness findings
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from extractors.errors import ReportError
    from extractors.parts.gaps import Gap
    from extractors.read import read_lines
    from extractors.report import Extraction, check_input, extract, extract_lines

# Each name where it lives, imported when first used: reading a report's lines (`report-pipeline text`)
# loads neither pandas nor the parsers.
_HOMES = {"Extraction": "extractors.report", "check_input": "extractors.report", "extract": "extractors.report",
          "extract_lines": "extractors.report", "Gap": "extractors.parts.gaps", "ReportError": "extractors.errors",
          "read_lines": "extractors.read"}
__all__ = ["Extraction", "Gap", "ReportError", "check_input", "extract", "extract_lines", "extract_report",
           "read_lines"]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'extractors' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)


def extract_report(path: str | Path, fiscal_year: int | None = None) -> dict[str, pd.DataFrame]:
    """The contract's tables (findings excluded) of the report at `path`, by table name;
    `fiscal_year` where the report prints none (found in the report otherwise)."""
    from extractors.report import extract

    return extract(path, fiscal_year).tables
