"""Pure extraction: a report file in, the contract's tables out (no Prefect, no GE, no writes).

    read_lines(path)            source.py     text or PDF → numbered, normalised lines
    split_sections(lines)       sections.py   the report's own headings → sections, tables
    parse_budget_rows(block)    budget.py     printed rows, wrapped names and numbers joined
    recover_hierarchy(nodes)    hierarchy.py  parent of every row, by arithmetic
    extract(path)               report.py     all of it, with unparsed lines and missing sections
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import ReportError
from .report import Extraction, check_input, extract, extract_lines
from .source import read_lines

__all__ = ["Extraction", "ReportError", "check_input", "extract", "extract_lines", "extract_report", "read_lines"]


def extract_report(path: str | Path) -> dict[str, pd.DataFrame]:
    """The contract's tables (findings excluded) of the report at `path`, by table name."""
    return extract(path).tables
