"""The whole report: read, split into sections, find and parse each part, say what could not be read."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from extractors.errors import ReportError
from extractors.form.controls import tables_without_controls
from extractors.form.lines import LABEL, Line, LineKey
from extractors.form.normalise import fold
from extractors.form.vocabulary import EXPENDITURE_WORD, REVENUE_WORD, SECTION_ORDER
from extractors.parts.audit import parse_audit
from extractors.parts.blocks import Block, split_blocks
from extractors.parts.budget import build_budget_table, rate_decimals
from extractors.parts.budget_tables import FoundTable, find_budget_tables, learned_headers
from extractors.parts.completeness import numbers_in_narrative, section_gaps, unparsed_lines
from extractors.parts.district import parse_district_stats
from extractors.parts.duties import parse_department_duties
from extractors.parts.execution import find_section_tables, section_frames, unread_titles
from extractors.parts.fiscal import fiscal_year_of
from extractors.parts.gaps import Gap, gap
from extractors.parts.number_blocks import in_printed_order, stray_blocks
from extractors.parts.org import parse_org_units
from extractors.parts.sections import Section, cut_foreign, has_form_content, split_sections
from extractors.parts.work_report import parse_work_report
from extractors.read import READ_HERE, ReadOptions, quick_check, read_lines
from schemas import TABLES, conform

UNPARSED = "unparsed_lines"
BUDGET_KINDS = {"general": ("revenue_summary", "expenditure_summary"),
                "budget_detail": ("revenue_detail", "expenditure_detail")}


@dataclass(frozen=True)
class Stated:
    """A total the report states in words ("5과 1사업소 240명"), checked against its rows."""

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
    # Parts found but not read, or missing (completeness findings), and why each empty table is empty.
    gaps: list[Gap] = field(default_factory=list)
    empty_tables: dict[str, str] = field(default_factory=dict)
    # Every line as read (for showing a finding with the printed lines around it).
    lines: list[Line] = field(default_factory=list, repr=False, compare=False)
    # Control characters removed from the text cells (form/controls.py); the libraries' warnings (run.log).
    control_characters_removed: int = 0
    warnings: list[str] = field(default_factory=list, compare=False)


@dataclass
class _Collected:
    fiscal_year: int
    source: str
    as_of: str | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    used: set[LineKey] = field(default_factory=set)
    precision: dict[str, pd.DataFrame] = field(default_factory=dict)
    stated: dict[str, Stated] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)
    narrative: dict[str, set[LineKey]] = field(default_factory=dict)

    def add(self, name: str, frame: pd.DataFrame, used: set[LineKey]) -> None:
        self.tables[name] = conform(frame, TABLES[name])
        self.used |= used


def extract(path: str | Path, fiscal_year: int | None = None, options: ReadOptions = READ_HERE) -> Extraction:
    """Read the report at `path` (as `options` say) and extract every table of the contract;
    `fiscal_year` is used where given, else found in the report."""
    path, warnings = Path(path), list[str]()
    extraction = extract_lines(read_lines(path, warnings, options), path.name,
                               report_id=unicodedata.normalize("NFC", path.stem), fiscal_year=fiscal_year)
    extraction.warnings = warnings
    return extraction


def extract_lines(lines: list[Line], source: str, report_id: str = "report",
                  fiscal_year: int | None = None) -> Extraction:
    """The tables of a report given as normalised lines; `source` names it in errors. A line its reader
    knows as no text for the parsers (lines.py: a label, recognised; a footnote, unparsed) is kept from them."""
    split = report_sections(readable := [line for line in lines if line.role is None], source)
    sections, overruns = _cut(split.sections)
    budget = _budget_tables(sections)
    year, as_of = fiscal_year_of(readable, sections, budget, source, fiscal_year)
    collected = _Collected(year, source, as_of)
    collected.used = {line.key for line in split.headings} | {line.key for line in lines if line.role == LABEL}
    collected.gaps += [_overrun(sections[kind], line) for kind, line in overruns.items()]
    _budget(sections, budget, collected)
    if "general" in sections:
        _general(sections["general"], collected)
    if "work_report" in sections:
        _work_report(sections["work_report"], collected)
    if "audit" in sections:
        _audit(sections["audit"], collected)
    for name, schema in TABLES.items():
        collected.tables.setdefault(name, schema.empty_frame())
    collected.gaps += numbers_in_narrative(collected.narrative, lines)
    found, reasons = section_gaps(sections, collected.tables, collected.gaps)
    missing = [kind for kind in SECTION_ORDER if kind not in sections]
    empty = {name: reasons.get(name, "") for name, frame in collected.tables.items() if frame.empty}
    tables, removed = tables_without_controls({**collected.tables, UNPARSED: unparsed_lines(lines, collected.used)})
    unparsed = tables.pop(UNPARSED)
    return Extraction(report_id, collected.fiscal_year, tables, unparsed, missing, collected.precision,
                      collected.stated, collected.gaps + found, empty, lines, removed)


def report_sections(lines: list[Line], source: str):
    """The report's sections; not a report at all when it has none of the form's sections."""
    split = split_sections(lines)
    if not split.sections:
        raise ReportError(source, "not an audit work report: none of its section headings (Ⅰ.–Ⅳ.) was found")
    if not has_form_content([line for section in split.sections.values() for line in section.lines]):
        raise ReportError(source, "not an audit work report: its sections hold none of the form's tables, "
                                  "org chart or findings")
    return split


def check_input(path: str | Path, fiscal_year: int | None = None, options: ReadOptions = READ_HERE) -> None:
    """Recognise bad input cheaply, before any flow starts: the file, its encoding or PDF
    structure (its first page), and for text, that it is such a report at all, with a fiscal year."""
    path = Path(path)
    lines = quick_check(path, options)
    if lines is None:
        return
    sections = report_sections(lines, path.name).sections
    fiscal_year_of(lines, sections, _budget_tables(sections), path.name, fiscal_year)


def _cut(sections: dict[str, Section]) -> tuple[dict[str, Section], dict[str, Line]]:
    """Every section up to where another section's content starts in it (a lost heading), and
    that content's first line."""
    kept, overruns = {}, {}
    for kind, section in sections.items():
        lines, foreign = cut_foreign(kind, section.lines)
        kept[kind] = Section(kind, section.heading, lines, section.numeral)
        if foreign is not None:
            overruns[kind] = foreign
    return kept, overruns


OVERRUN_TABLES = {"work_report": "work_report", "budget_detail": "expenditure_detail", "audit": "audit_findings"}
BLOCK_TABLES = {"org_units": "org_units", "department_duties": "department_duties",
                "district_stats": "district_stats", "budget_overview": "expenditure_summary"}


def _overrun(section: Section, line: Line) -> Gap:
    """block_overrun, naming the block that ran on: section Ⅰ's last block, else the section."""
    if section.key == "general":
        blocks = split_blocks(section.lines)
        if blocks:
            last = max(blocks.values(), key=lambda block: section.lines.index(block.title))
            return gap("block_overrun", BLOCK_TABLES.get(last.key, ""), last.title.stripped, line)
    return gap("block_overrun", OVERRUN_TABLES.get(section.key, ""), section.heading.stripped, line)


def _budget_tables(sections: dict[str, Section]) -> dict[str, list[FoundTable]]:
    """The budget tables of sections Ⅰ and Ⅲ, found by their rows; header lines one table prints
    help to tell the repeated page headers of the others."""
    learned: set[str] = set()
    for _ in range(2):
        found = {kind: find_budget_tables(sections[kind].lines, learned) for kind in BUDGET_KINDS if kind in sections}
        learned = learned_headers([table for tables in found.values() for table in tables])
    return found


def _budget(sections: dict[str, Section], found: dict[str, list[FoundTable]], collected: _Collected) -> None:
    for kind, names in BUDGET_KINDS.items():
        if kind not in sections:
            continue
        tables = [t for t in found[kind] if t.rows or kind == "budget_detail" or _names_budget(t)]
        for table, name in _which(tables, names):
            if name is None:
                collected.gaps.append(gap("table_not_read", "", table.title_text, _first(table)))
                continue
            collected.gaps += [gap("table_not_read", name, table.title_text, line) for line in table.short_rows]
            if not table.rows or table.unit is None:
                collected.gaps.append(gap("table_not_read", name, table.title_text, _first(table)))
                continue
            frame = build_budget_table(table.rows, name, table.unit, collected.fiscal_year)
            collected.add(name, frame, table.used)
            collected.precision[name] = rate_decimals(table.rows)


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


def _general(section: Section, collected: _Collected) -> None:
    blocks = split_blocks(section.lines)
    collected.used |= {block.title.key for block in blocks.values()}
    if "org_units" in blocks:
        org = parse_org_units(blocks["org_units"], collected.fiscal_year, collected.as_of)
        collected.add("org_units", org.frame, org.used)
        if org.stated_units is not None and org.stated_staff is not None:
            collected.stated["org_units.units"] = Stated(org.stated_units, org.title)
            collected.stated["org_units.staff"] = Stated(org.stated_staff, org.title)
    if "department_duties" in blocks:
        duties = parse_department_duties(blocks["department_duties"], collected.fiscal_year)
        collected.add("department_duties", duties.frame, duties.used)
        collected.narrative["department_duties"] = duties.used
    _district(section, blocks.get("district_stats"), collected)
    for key, block in blocks.items():
        table = BLOCK_TABLES.get(key)
        if table in ("org_units", "department_duties", "district_stats") and collected.tables[table].empty:
            collected.gaps.append(gap("table_not_read", table, block.title.stripped, block.title))


def _district(section: Section, titled: Block | None, collected: _Collected) -> None:
    """The district block its title leads, and every block of section Ⅰ of its shape that no other
    parser read, whatever its title; another block of numbers no parser reads is block_not_read."""
    found = [parse_district_stats(titled, collected.fiscal_year)] if titled is not None else []
    used = collected.used.union(*(district.used for district in found))
    shaped, unread = stray_blocks(section.lines, used)
    found += [parse_district_stats(block, collected.fiscal_year) for block in shaped]
    collected.gaps += [gap("block_not_read", "district_stats", block.title.stripped, block.title) for block in unread]
    if found:
        district_used = set().union(*(district.used for district in found))
        collected.add("district_stats", in_printed_order([district.frame for district in found]), district_used)
        collected.narrative["district_stats"] = district_used


def _work_report(section: Section, collected: _Collected) -> None:
    lines = section.lines
    tables = find_section_tables(lines)
    table_lines = set().union(*(table.used for table in tables)) if tables else set()
    report = parse_work_report(lines, table_lines, collected.fiscal_year)
    collected.add("work_report", report.frame, report.used | table_lines)
    collected.narrative["work_report"] = report.used
    collected.gaps += [gap("table_not_read", "program_execution", line.stripped, line)
                       for line in unread_titles(lines, tables)]
    for table in tables:
        if table.unit is None:
            title = table.heading.stripped if table.heading is not None else ""
            collected.gaps.append(gap("table_not_read", table.kind, title, table.rows[0].line))
    tables = [table for table in tables if table.unit is not None]
    frames = section_frames(tables, report.item_of, lines, collected.fiscal_year)
    for name, (frame, precision) in frames.items():
        collected.add(name, frame, set())
        collected.precision[name] = precision


def _audit(section: Section, collected: _Collected) -> None:
    audit = parse_audit(section.heading, section.lines, collected.fiscal_year)
    collected.add("audit_summary", audit.summary, set())
    collected.add("audit_findings", audit.findings, audit.used)
    collected.narrative["audit_findings"] = audit.used
    collected.gaps += audit.gaps
    if audit.summary.empty and not audit.findings.empty:
        collected.gaps.append(gap("table_not_read", "audit_summary", section.heading.stripped, section.heading))
    if audit.stated_total is not None and audit.stated_line is not None:
        collected.stated["audit_findings.total"] = Stated(audit.stated_total, audit.stated_line)


def _first(table: FoundTable) -> Line | None:
    if table.title:
        return table.title[0]
    return table.short_rows[0] if table.short_rows else None
