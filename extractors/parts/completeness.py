"""What a run must say about the parts it could not read: missing and empty sections, tables
found but not read, blocks that run on into another section, table rows hidden in narrative.
Never an empty table reported as read."""

from __future__ import annotations

import pandas as pd

from extractors.form.lines import Line, LineKey
from extractors.form.numbers import MISSING, NEW_ITEM
from extractors.form.shapes import row_shape
from extractors.form.vocabulary import SECTION_ORDER, SECTION_TITLES
from extractors.parts.gaps import Gap, gap
from extractors.parts.sections import Section, should_be_there
from schemas import TABLES, UNPARSED_LINES, conform

# The tables of each section of the form (from their definitions), and those every report must have.
SECTION_TABLES = {section: tuple(name for name, schema in TABLES.items() if schema.section == section)
                  for section in dict.fromkeys(schema.section for schema in TABLES.values())}
CORE_TABLES = ("revenue_summary", "expenditure_summary", "revenue_detail", "expenditure_detail", "audit_findings")


def numbers_in_narrative(narrative: dict[str, set[LineKey]], lines: list[Line]) -> list[Gap]:
    """A line read as narrative (a bullet, a duty, a fact, a finding's text) whose numbers have the
    shape of one of the form's table rows."""
    found = []
    for line in lines:
        for table, used in narrative.items():
            if line.key in used and row_shape(line.stripped) is not None:
                found.append(gap("numbers_in_narrative", table, _name_part(line), line))
    return found


def section_gaps(sections: dict[str, Section], tables: dict[str, pd.DataFrame], gaps: list[Gap]
                 ) -> tuple[list[Gap], dict[str, str]]:
    """section_missing / section_empty / table_not_read for what no parser could account for,
    and the reason every empty table is empty."""
    found: list[Gap] = []
    reasons: dict[str, str] = {}
    not_read = {g.table: g for g in gaps if g.check == "table_not_read"}
    for kind in SECTION_ORDER:
        names = SECTION_TABLES[kind]
        section = sections.get(kind)
        if section is None:
            error = should_be_there(kind, sections)
            found.append(gap("section_missing", "", SECTION_TITLES[kind], None, "error" if error else ""))
            reasons |= {name: f"section {SECTION_TITLES[kind]} is not in the report" for name in names}
            continue
        heading = section.heading.stripped
        if all(tables[name].empty for name in names):
            found.append(gap("section_empty", "", heading, section.heading))
            reasons |= {name: f"section '{heading}' holds no readable table" for name in names}
            continue
        for name in names:
            if not tables[name].empty:
                continue
            if name in not_read:
                reasons[name] = f"found but not read: '{not_read[name].name}'" + _at(not_read[name].line)
            elif name in CORE_TABLES:
                found.append(gap("table_not_read", name, heading, section.heading))
                reasons[name] = f"not found in section '{heading}'"
            else:
                reasons[name] = f"not in section '{heading}'"
    return found, reasons


def _name_part(line: Line) -> str:
    words = line.stripped.split()
    return " ".join(word for word in words if not any(c.isdigit() for c in word) and word not in (MISSING, NEW_ITEM))


def _at(line: Line | None) -> str:
    if line is None:
        return ""
    return f" (page {line.page}, line {line.number})" if line.page else f" (line {line.number})"


def unparsed_lines(lines: list[Line], used: set[LineKey]) -> pd.DataFrame:
    """Every non-blank line no parser used for data or recognised (unparsed_lines.csv)."""
    rows = [line for line in lines if not line.is_blank and line.key not in used]
    frame = pd.DataFrame(
        {
            "source_page": [line.page for line in rows],
            "source_line": [line.number for line in rows],
            "text": [line.text for line in rows],
        }
    )
    return conform(frame, UNPARSED_LINES)
