"""조직 및 인력: one row per unit (과, 사업소) with its teams and staff.

The org chart's boxes were read in this order: each "N팀 M명" line stands *before* the
unit's name; a unit without teams prints its staff after its name ("○○연구소 12명").
The first name with no count before it is the bureau itself, not a row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import regex

from schemas import keyed

from .lines import Line, LineKey
from .normalise import clean_name
from .sections import Block, as_of_date

# "7팀 192명" on its own line
TEAMS_AND_STAFF = regex.compile(r"^(?P<teams>\d+)\s*팀\s+(?P<staff>[\d,]+)\s*명$")
# "○○연구소 12명": a unit with staff and no team count
NAME_AND_STAFF = regex.compile(r"^(?P<name>\D.*?)\s+(?P<staff>[\d,]+)\s*명$")
# The stated total on the title line: "조직 및 인력 : 7과 1사업소 375명"
STATED_TOTAL = regex.compile(r"[:：]\s*(?P<units>(?:\d+\s*\p{Hangul}+\s+)+)(?P<staff>[\d,]+)\s*명")
UNIT_COUNT = regex.compile(r"(\d+)\s*\p{Hangul}+")
NOTE = regex.compile(r"^[※*]")


@dataclass
class OrgChart:
    frame: pd.DataFrame
    used: set[LineKey]
    stated_units: int | None
    stated_staff: int | None
    title: Line


def parse_org_units(block: Block, fiscal_year: int) -> OrgChart:
    used = {block.title.key}
    as_of = None
    rows: list[dict] = []
    pending: tuple[Line, int | None, int] | None = None
    bureau_seen = False
    for line in block.lines:
        text = line.stripped
        if not text or NOTE.match(text):
            continue
        if as_of is None and (date := as_of_date(text)):
            as_of = date
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
    frame = pd.DataFrame(rows, columns=["name", "teams", "staff", "source_page", "source_line"])
    frame = keyed(frame, fiscal_year)
    frame["as_of"] = as_of
    units, staff = _stated(block.title.stripped)
    return OrgChart(frame, used, units, staff, block.title)


def _row(name: str, teams: int | None, staff: int, line: Line) -> dict:
    return {"name": clean_name(name), "teams": teams, "staff": staff,
            "source_page": line.page, "source_line": line.number}


def _stated(title: str) -> tuple[int | None, int | None]:
    match = STATED_TOTAL.search(title)
    if not match:
        return None, None
    units = sum(int(count) for count in UNIT_COUNT.findall(match["units"]))
    return units, _number(match["staff"])


def _number(text: str) -> int:
    return int(text.replace(",", ""))
