"""The whole report: read, split into sections, parse each table, collect what was not used."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from schemas import TABLES, UNPARSED_LINES, conform, keyed

from .audit import parse_audit
from .budget import build_budget_table, parse_budget_rows, rate_decimals
from .district import parse_district_stats
from .duties import parse_department_duties
from .errors import ReportError
from .execution import EXECUTION_COLUMNS, execution_values, find_section_tables
from .lines import Line, LineKey
from .numbers import decimals
from .org import parse_org_units
from .pdf import check_pdf
from .sections import find_as_of, find_budget_tables, split_blocks, split_sections
from .source import PDF_SUFFIXES, check_file, read_lines
from .vocabulary import GENERAL_BLOCKS, SECTION_KEYWORDS
from .work_report import parse_work_report


@dataclass(frozen=True)
class Stated:
    """A total the report states in words ("7과 1사업소 375명"), checked against its rows."""

    value: int
    line: Line


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
    # Totals stated in words: "org_units.units", "org_units.staff", "audit_findings.total".
    stated: dict[str, Stated] = field(default_factory=dict)


@dataclass
class _Collected:
    fiscal_year: int
    source: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    used: set[LineKey] = field(default_factory=set)
    precision: dict[str, pd.DataFrame] = field(default_factory=dict)
    stated: dict[str, Stated] = field(default_factory=dict)

    def add(self, name: str, frame: pd.DataFrame, used: set[LineKey]) -> None:
        self.tables[name] = conform(frame, TABLES[name])
        self.used |= used


def extract(path: str | Path) -> Extraction:
    """Read the report at `path` and extract every table of the contract."""
    path = Path(path)
    return extract_lines(read_lines(path), path.name, report_id=path.stem)


def extract_lines(lines: list[Line], source: str, report_id: str = "report") -> Extraction:
    """The tables of a report given as normalised lines; `source` names it in errors."""
    sections = report_sections(lines, source)
    collected = _Collected(_fiscal_year(lines, source), source)
    collected.used = {section.heading.key for section in sections.values()}
    for name, block in find_budget_tables(sections).items():
        parsed = parse_budget_rows(block, source)
        collected.add(name, build_budget_table(parsed.rows, name, block.unit, collected.fiscal_year), parsed.used)
        collected.precision[name] = rate_decimals(parsed.rows)
    if "general" in sections:
        _general(sections["general"].lines, collected)
    if "work_report" in sections:
        _work_report(sections["work_report"].lines, collected)
    if "audit" in sections:
        _audit(sections["audit"], collected)
    for name, schema in TABLES.items():
        collected.tables.setdefault(name, schema.empty_frame())
    missing = [key for key in SECTION_KEYWORDS if key not in sections]
    return Extraction(report_id, collected.fiscal_year, collected.tables, _unparsed(lines, collected.used),
                      missing, collected.precision, collected.stated)


def report_sections(lines: list[Line], source: str) -> dict:
    """The report's sections; not a report at all when it has none of them, or no as-of date."""
    sections = split_sections(lines)
    if not sections:
        raise ReportError(source, "not an audit work report: none of its section headings (Ⅰ.–Ⅳ.) was found")
    _fiscal_year(lines, source)
    return sections


def check_input(path: str | Path) -> None:
    """Recognise bad input cheaply, before any flow starts: the file, its encoding or PDF
    structure (its first page), and for text, that it is such a report at all."""
    path = Path(path)
    if path.suffix.lower() in PDF_SUFFIXES:
        check_file(path)
        check_pdf(path)
    else:
        report_sections(read_lines(path), path.name)


def _general(lines: list[Line], collected: _Collected) -> None:
    blocks = split_blocks(lines, GENERAL_BLOCKS)
    collected.used |= {block.title.key for block in blocks.values()}
    if "org_units" in blocks:
        org = parse_org_units(blocks["org_units"], collected.fiscal_year)
        collected.add("org_units", org.frame, org.used)
        if org.stated_units is not None:
            collected.stated["org_units.units"] = Stated(org.stated_units, org.title)
            collected.stated["org_units.staff"] = Stated(org.stated_staff, org.title)
    if "department_duties" in blocks:
        duties = parse_department_duties(blocks["department_duties"], collected.fiscal_year)
        collected.add("department_duties", duties.frame, duties.used)
    if "district_stats" in blocks:
        district = parse_district_stats(blocks["district_stats"], collected.fiscal_year)
        collected.add("district_stats", district.frame, district.used)


def _work_report(lines: list[Line], collected: _Collected) -> None:
    tables = find_section_tables(lines, collected.source)
    table_lines = set().union(*(table.used for table in tables)) if tables else set()
    report = parse_work_report(lines, table_lines, collected.fiscal_year)
    collected.add("work_report", report.frame, report.used | table_lines)
    execution = [(table, row) for table in tables if table.kind == "program_execution" for row in table.rows]
    grants = [(table, row) for table in tables if table.kind == "grant_scale" for row in table.rows]
    collected.add("program_execution", _execution_frame(execution, report.item_of, lines, collected), set())
    collected.precision["program_execution"] = pd.DataFrame({
        "row_id": range(1, len(execution) + 1),
        **{column: [decimals(row["tokens"][i]) for _, row in execution] for i, column in RATE_POSITIONS.items()},
    })
    collected.add("grant_scale", _grant_frame(grants, collected.fiscal_year), set())
    collected.precision["grant_scale"] = pd.DataFrame({
        "row_id": range(1, len(grants) + 1), "change_rate": [decimals(row["tokens"][-1]) for _, row in grants],
    })


RATE_POSITIONS = {3: "committed_rate", 4: "spent_rate", 6: "expected_rate"}


def _execution_frame(rows, item_of, lines, collected: _Collected) -> pd.DataFrame:
    index_of = {line.key: index for index, line in enumerate(lines)}
    records = []
    for table, row in rows:
        chapter, item = item_of.get(index_of[row["line"].key], (0, 0))
        records.append({"section": f"{chapter}-{item}", "program": row["name"], **execution_values(row),
                        "unit": table.unit, "source_page": row["line"].page, "source_line": row["line"].number})
    frame = pd.DataFrame(records, columns=["section", "program", *EXECUTION_COLUMNS, "unit", "source_page",
                                           "source_line"])
    frame = keyed(frame, collected.fiscal_year)
    return frame


def _grant_frame(rows, fiscal_year: int) -> pd.DataFrame:
    records = [{"type": row["name"], **row["values"], "unit": table.unit, "source_page": row["line"].page,
                "source_line": row["line"].number} for table, row in rows]
    frame = pd.DataFrame(records, columns=["type", "budget_main", "budget_supp", "budget_total", "prev_main",
                                           "prev_supp", "prev_total", "change", "change_rate", "unit",
                                           "source_page", "source_line"])
    frame = keyed(frame, fiscal_year)
    return frame


def _audit(section, collected: _Collected) -> None:
    audit = parse_audit(section, collected.fiscal_year, collected.source)
    collected.add("audit_summary", audit.summary, set())
    collected.add("audit_findings", audit.findings, audit.used)
    if audit.stated_total is not None:
        collected.stated["audit_findings.total"] = Stated(audit.stated_total, audit.stated_line)


def _fiscal_year(lines: list[Line], source: str) -> int:
    as_of = find_as_of(lines)
    if as_of is None:
        raise ReportError(
            source, "no as-of date such as (’23. 9. 30. 기준) was found, so the fiscal year is unknown"
        )
    return as_of[0]


def _unparsed(lines: list[Line], used: set[LineKey]) -> pd.DataFrame:
    rows = [line for line in lines if not line.is_blank and line.key not in used]
    frame = pd.DataFrame(
        {
            "source_page": [line.page for line in rows],
            "source_line": [line.number for line in rows],
            "text": [line.text for line in rows],
        }
    )
    return conform(frame, UNPARSED_LINES)
