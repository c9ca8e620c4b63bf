"""The whole report: read, split into sections, read each part with its section's parser, say what
could not be read.

A section of the form is one entry of SECTIONS (its parser, and the table a run-on of it is reported
against); its tables are the schemas' of that section (schemas/tables.py). The budget tables of sections
Ⅰ and Ⅲ are read first, across both: the fiscal year is read from them too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from extractors.errors import ReportError
from extractors.form.controls import CONTROL_CHARACTERS, without_controls
from extractors.form.lines import LABEL, Line
from extractors.form.vocabulary import SECTION_ORDER
from extractors.parts.audit import read_audit
from extractors.parts.blocks import split_blocks
from extractors.parts.budget_section import budget_tables, read_budgets
from extractors.parts.completeness import numbers_in_narrative, section_gaps, unparsed_lines
from extractors.parts.fiscal import fiscal_year_of
from extractors.parts.gaps import Gap, gap
from extractors.parts.general import BLOCK_TABLES, read_general
from extractors.parts.part import Context, Part, Stated
from extractors.parts.sections import Section, SectionShape, SectionSplit, cut_foreign, has_form_content, split_sections
from extractors.parts.work_section import read_work_report
from extractors.read import READ_HERE, ReadOptions, quick_check, read_lines
from schemas import TABLES, conform


@dataclass(frozen=True)
class SectionSpec:
    """A section of the form: what tells it by its content (sections.py), its parser (None: its
    tables are the budget tables, read before), and the table a run-on of it (a lost heading
    after it) is reported against. The heading's words are the vocabulary's (`SECTION_HINTS`)."""

    key: str
    shape: SectionShape
    read: Callable[[Section, Context], Part] | None
    overrun_table: str


# The form's sections, in its order. Content points (tests/test_sections.py holds each): an org box
# is worth more than a duty line, a finding with its status line most (a section has few, and two
# outweigh a heading's words and numeral, one does not); section Ⅰ's budget summary rows count a
# little, and 5 budget rows make a section of details.
SECTIONS = (
    SectionSpec("general", SectionShape({"org": 3.0, "duty": 2.0, "budget": 0.5},
                                        foreign=("execution", "item_or_bullet", "finding")),
                read_general, ""),  # a run-on is named by its last block (see _overrun)
    SectionSpec("work_report", SectionShape({"item": 2.0, "execution": 2.0}, foreign=("budget", "org", "finding")),
                read_work_report, "work_report"),
    SectionSpec("budget_detail", SectionShape({"budget": 1.0}, at_least={"budget": 5},
                                              foreign=("execution", "org", "item_or_bullet", "finding")),
                None, "expenditure_detail"),
    SectionSpec("audit", SectionShape({"finding": 5.0}, foreign=("budget", "execution", "org")),
                read_audit, "audit_findings"),
)
SHAPES = {spec.key: spec.shape for spec in SECTIONS}

UNPARSED = "unparsed_lines"


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
    found = budget_tables(sections)
    year, as_of = fiscal_year_of(readable, sections, found, source, fiscal_year)
    read = Part(used={line.key for line in split.headings} | {line.key for line in lines if line.role == LABEL})
    read.gaps += [_overrun(sections[kind], line) for kind, line in overruns.items()]
    read.merge(read_budgets(found, Context(year, as_of)))
    for spec in SECTIONS:
        if spec.read is not None and spec.key in sections:
            read.merge(spec.read(sections[spec.key], Context(year, as_of, frozenset(read.used))))
    tables = {name: conform(read.tables[name], schema) if name in read.tables else schema.empty_frame()
              for name, schema in TABLES.items()}
    read.gaps += numbers_in_narrative(read.narrative, lines)
    found_gaps, reasons = section_gaps(sections, tables, read.gaps)
    missing = [kind for kind in SECTION_ORDER if kind not in sections]
    empty = {name: reasons.get(name, "") for name, frame in tables.items() if frame.empty}
    tables, removed = tables_without_controls({**tables, UNPARSED: unparsed_lines(lines, read.used)})
    unparsed = tables.pop(UNPARSED)
    return Extraction(report_id, year, tables, unparsed, missing, read.precision, read.stated,
                      read.gaps + found_gaps, empty, lines, removed)


def report_sections(lines: list[Line], source: str) -> SectionSplit:
    """The report's sections; not a report at all when it has none of the form's sections."""
    split = split_sections(lines, SHAPES)
    if not split.sections:
        raise ReportError(source, "not an audit work report: none of its section headings (Ⅰ.–Ⅳ.) was found")
    if not has_form_content([line for section in split.sections.values() for line in section.lines], SHAPES):
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
    fiscal_year_of(lines, sections, budget_tables(sections), path.name, fiscal_year)


def _cut(sections: dict[str, Section]) -> tuple[dict[str, Section], dict[str, Line]]:
    """Every section up to where another section's content starts in it (a lost heading), and
    that content's first line."""
    kept, overruns = {}, {}
    for kind, section in sections.items():
        lines, foreign = cut_foreign(SHAPES[kind], section.lines)
        kept[kind] = Section(kind, section.heading, lines, section.numeral)
        if foreign is not None:
            overruns[kind] = foreign
    return kept, overruns


def _overrun(section: Section, line: Line) -> Gap:
    """block_overrun, naming the block that ran on: section Ⅰ's last block, else the section."""
    if section.key == "general":
        blocks = split_blocks(section.lines)
        if blocks:
            last = max(blocks.values(), key=lambda block: section.lines.index(block.title))
            return gap("block_overrun", BLOCK_TABLES.get(last.key, ""), last.title.stripped, line)
    table = next(spec.overrun_table for spec in SECTIONS if spec.key == section.key)
    return gap("block_overrun", table, section.heading.stripped, line)


def tables_without_controls(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], int]:
    """Every table with no control character in its text cells, and how many were removed."""
    removed, cleaned = 0, dict(tables)
    for name, frame in tables.items():
        dirty = [column for column in frame.columns if str(frame[column].dtype) == "string"
                 and frame[column].str.contains(CONTROL_CHARACTERS.pattern).any()]
        if dirty:
            frame = cleaned[name] = frame.copy()
        for column in dirty:
            pairs = frame[column].map(lambda text: without_controls(text) if isinstance(text, str) else (text, 0))
            removed += int(sum(count for _, count in pairs))
            frame[column] = pairs.map(lambda pair: pair[0]).astype(frame[column].dtype)
    return cleaned, removed
