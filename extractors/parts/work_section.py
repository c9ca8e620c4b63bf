"""Section Ⅱ (주요 업무보고): the narrative of every item (work_report.py) and the execution and
조정교부금 tables among it (execution.py), each table's rows under the item it is printed in."""

from __future__ import annotations

from extractors.parts.execution import find_section_tables, section_frames, unread_titles
from extractors.parts.gaps import gap
from extractors.parts.part import Context, Part
from extractors.parts.sections import Section
from extractors.parts.work_report import parse_work_report


def read_work_report(section: Section, context: Context) -> Part:
    lines = section.lines
    tables = find_section_tables(lines)
    table_lines = set().union(*(table.used for table in tables)) if tables else set()
    report = parse_work_report(lines, table_lines, context.fiscal_year)
    part = Part()
    part.add("work_report", report.frame, report.used | table_lines)
    part.narrative["work_report"] = report.used
    part.gaps += [gap("table_not_read", "program_execution", line.stripped, line)
                  for line in unread_titles(lines, tables)]
    for table in tables:
        if table.unit is None:
            title = table.heading.stripped if table.heading is not None else ""
            part.gaps.append(gap("table_not_read", table.kind, title, table.rows[0].line))
    read = [table for table in tables if table.unit is not None]
    for name, (frame, precision) in section_frames(read, report.item_of, lines, context.fiscal_year).items():
        part.add(name, frame, set())
        part.precision[name] = precision
    return part
