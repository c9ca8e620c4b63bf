"""The whole report: read, split into sections, parse each table, collect what was not used."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from schemas import TABLES, UNPARSED_LINES, conform

from .budget import build_budget_table, parse_budget_rows, rate_decimals
from .errors import ReportError
from .lines import Line
from .sections import SECTION_KEYWORDS, find_as_of, find_budget_tables, split_sections
from .source import read_lines


@dataclass
class Extraction:
    """Everything a run extracts from one report, before any check."""

    report_id: str
    fiscal_year: int
    tables: dict[str, pd.DataFrame]
    unparsed: pd.DataFrame
    missing_sections: list[str] = field(default_factory=list)
    # Decimals of every printed rate, by table (row_id, change_rate, actual_rate): checks need them.
    rate_decimals: dict[str, pd.DataFrame] = field(default_factory=dict)


def extract(path: str | Path) -> Extraction:
    """Read the report at `path` and extract every table of the contract."""
    path = Path(path)
    return extract_lines(read_lines(path), path.name, report_id=path.stem)


def extract_lines(lines: list[Line], source: str, report_id: str = "report") -> Extraction:
    """The tables of a report given as normalised lines; `source` names it in errors."""
    sections = split_sections(lines)
    if not sections:
        raise ReportError(source, "not an audit work report: none of its section headings (Ⅰ.–Ⅳ.) was found")
    fiscal_year = _fiscal_year(lines, source)
    used = {section.heading.number for section in sections.values()}
    tables: dict[str, pd.DataFrame] = {}
    precision: dict[str, pd.DataFrame] = {}
    for name, block in find_budget_tables(sections).items():
        parsed = parse_budget_rows(block, source)
        frame = build_budget_table(parsed.rows, name, block.unit, fiscal_year)
        tables[name] = conform(frame, TABLES[name])
        precision[name] = rate_decimals(parsed.rows)
        used |= parsed.used
    for name, schema in TABLES.items():
        tables.setdefault(name, schema.empty_frame())
    missing = [key for key in SECTION_KEYWORDS if key not in sections]
    return Extraction(report_id, fiscal_year, tables, _unparsed(lines, used), missing, precision)


def _fiscal_year(lines: list[Line], source: str) -> int:
    as_of = find_as_of(lines)
    if as_of is None:
        raise ReportError(
            source, "no as-of date such as (’23. 9. 30. 기준) was found, so the fiscal year is unknown"
        )
    return as_of[0]


def _unparsed(lines: list[Line], used: set[int]) -> pd.DataFrame:
    rows = [line for line in lines if not line.is_blank and line.number not in used]
    frame = pd.DataFrame(
        {
            "source_page": [line.page for line in rows],
            "source_line": [line.number for line in rows],
            "text": [line.text for line in rows],
        }
    )
    return conform(frame, UNPARSED_LINES)
