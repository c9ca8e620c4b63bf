"""조직 및 인력: one row per unit (과, 사업소) with its teams and staff.

The org chart's boxes were read in this order: each "N팀 M명" line stands *before* the
unit's name; a unit without teams prints its staff after its name ("○○연구소 12명").
The first name with no count before it is the bureau itself, not a row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import regex

from extractors.form.dates import read_date
from extractors.form.lines import Line, LineKey
from extractors.form.normalise import clean_name
from extractors.form.shapes import NAME_AND_STAFF, NAME_TEAMS_STAFF, TEAMS_AND_STAFF
from extractors.parts.blocks import Block, stated_total
from schemas import TABLES, Record, table_frame

NOTE = regex.compile(r"^[※*＊]")
# A unit, its teams and its staff on one line, as a table prints them: "가나과 7팀 192명", "연구소 - 12명"


@dataclass
class OrgChart:
    frame: pd.DataFrame
    used: set[LineKey]
    stated_units: int | None
    stated_staff: int | None
    title: Line


def parse_org_units(block: Block, fiscal_year: int, report_as_of: str | None = None) -> OrgChart:
    """The units of the chart; `as_of` is the chart's own date (its year, where it prints none,
    the fiscal year), else the report's as-of date."""
    used = {block.title.key}
    rows: list[Record] = []
    pending: tuple[Line, int | None, int] | None = None
    bureau_seen = False
    title_date = read_date(block.title.stripped)
    as_of = title_date.iso(fiscal_year) if title_date else None
    for line in block.lines:
        text = line.stripped
        if not text or NOTE.match(text):
            continue
        date = read_date(text)
        if date is not None and not TEAMS_AND_STAFF.match(text) and not NAME_AND_STAFF.match(text) \
                and not NAME_TEAMS_STAFF.match(text):
            as_of = as_of or date.iso(fiscal_year)
            used.add(line.key)
        elif row := NAME_TEAMS_STAFF.match(text):
            teams = int(row["teams"]) if row["teams"] else None
            rows.append(_row(row["name"], teams, _number(row["staff"]), line))
            used.add(line.key)
        elif counts := TEAMS_AND_STAFF.match(text):
            pending = (line, int(counts["teams"]), _number(counts["staff"]))
        elif named := NAME_AND_STAFF.match(text):
            rows.append(_row(named["name"], None, _number(named["staff"]), line))
            used.add(line.key)
        elif pending is not None:
            rows.append(_row(text, pending[1], pending[2], line))
            used |= {pending[0].key, line.key}
            pending = None
        elif not bureau_seen and not rows:
            bureau_seen = True
            used.add(line.key)
    frame = table_frame(TABLES["org_units"], rows, fiscal_year, as_of=as_of or report_as_of)
    units, staff = stated_total(block.title.stripped) or (None, None)
    return OrgChart(frame, used, units, staff, block.title)


def _row(name: str, teams: int | None, staff: int, line: Line) -> Record:
    return {"name": clean_name(name), "teams": teams, "staff": staff,
            "source_page": line.page, "source_line": line.number}


def _number(text: str) -> int:
    return int(text.replace(",", ""))
