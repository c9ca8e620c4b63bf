"""Section Ⅳ: every finding of last year's audit with its status, and the 총괄 counts.

A finding is found by its shape, whatever its words: a request (a bullet, wrapped), the
department in parentheses, a □ status line (`□ 추진상황 : 추진완료`, `□ 조치결과 : 조치완료`),
then □ headings for its actions and, under a later heading, its plan. The groups of findings
come in the order of the 총괄 rows; a new group starts where the repeated page header changes
or a group heading stands at the top of a page. Where those cannot be told, the 총괄 totals
split the findings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import regex

from extractors.form.lines import Line, LineKey, previous_filled
from extractors.form.marks import page_break_before
from extractors.form.normalise import fold
from extractors.form.vocabulary import (
    AUDIT_DEPARTMENT,
    AUDIT_PAGE_HEADER,
    AUDIT_PLAN_HEADING,
    AUDIT_STATUS_LINE,
    HEADING_MARKS,
    ITEM_BULLETS,
    MIDDLE_DOTS,
    POINTERS,
    REQUEST_BULLETS,
)
from extractors.parts.audit_summary import parse_summary, status_of
from extractors.parts.gaps import Gap, gap
from extractors.parts.part import Context, Part, Stated
from extractors.parts.sections import Section
from schemas import TABLES, Record, table_frame

YEAR = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)")
TEXT_BULLETS = tuple(ITEM_BULLETS + POINTERS + MIDDLE_DOTS + "-※*")


@dataclass
class Audit:
    summary: pd.DataFrame
    findings: pd.DataFrame
    used: set[LineKey]
    stated_total: int | None = None
    stated_line: Line | None = None
    gaps: list[Gap] = field(default_factory=list)


@dataclass(frozen=True)
class _Finding:
    request: int  # index of its first request line
    department: int
    status: int


def parse_audit(heading: Line, lines: list[Line], fiscal_year: int) -> Audit:
    audit_year = _audit_year(heading, fiscal_year)
    found = _findings(lines)
    first = found[0].request if found else len(lines)
    summary = parse_summary(lines[:first], fiscal_year, audit_year)
    categories = summary.frame["category"].tolist()[1:]
    totals = summary.frame["total"].tolist()[1:]
    skip, groups = _page_headers(lines, found, summary.used)
    group_of = _categories(found, groups, categories, totals)
    records, used, gaps = [], set(summary.used) | skip | {heading.key}, list(summary.gaps)
    for number, finding in enumerate(found):
        end = found[number + 1].request if number + 1 < len(found) else len(lines)
        record, finding_used, finding_gaps = _record(lines, finding, end, skip)
        records.append({"item_no": number + 1, "category": group_of[number], **record})
        used |= finding_used
        gaps += finding_gaps
    frame = table_frame(TABLES["audit_findings"], records, fiscal_year, audit_year=audit_year)
    return Audit(summary.frame, frame, used, summary.stated_total, summary.stated_line,
                 gaps)


def _findings(lines: list[Line]) -> list[_Finding]:
    """Every finding: a status line right after a department line, and the request above them
    (from the nearest line led by the bullet the report's requests use)."""
    pairs = []
    for index, line in enumerate(lines):
        if not AUDIT_STATUS_LINE.match(line.stripped):
            continue
        department = previous_filled(lines, index)
        if department is not None and AUDIT_DEPARTMENT.match(lines[department].stripped):
            pairs.append((department, index))
    bullet = _request_bullet(lines, pairs)
    found: list[_Finding] = []
    floor = 0
    for department, status in pairs:
        start = department - 1
        while start >= floor and not (lines[start].stripped[:1] == bullet):
            start -= 1
        if start < floor:
            filled = previous_filled(lines, department)
            start = department if filled is None or filled < floor else filled
        found.append(_Finding(start, department, status))
        floor = status + 1
    return found


def _request_bullet(lines: list[Line], pairs: list[tuple[int, int]]) -> str:
    """The bullet the report's requests start with: the most common first mark of the nearest
    bullet-led line above each department."""
    marks: Counter[str] = Counter()
    floor = 0
    for department, status in pairs:
        for index in range(department - 1, floor - 1, -1):
            first = lines[index].stripped[:1]
            if first and first in REQUEST_BULLETS:
                marks[first] += 1
                break
        floor = status + 1
    return marks.most_common(1)[0][0] if marks else "○"


def _page_headers(lines: list[Line], found: list[_Finding], summary: set[LineKey]) -> tuple[set[LineKey], list[int]]:
    """The lines to skip (page headers and group headings) and the group of every line: a new
    group where a heading stands at the top of a page, or where the page header's text changes.
    A page header is a line at the top of a page that repeats, or that the hints know; a heading
    is a line at the top of a page right above a page header."""
    starts = {finding.request for finding in found}
    tops = [i for i in range(len(lines)) if lines[i].key not in summary and _plain(lines[i])
            and page_break_before(lines, i)]
    pairs = {top: _same_page_next(lines, top) for top in tops}
    paired = {i for i in {*pairs, *pairs.values()} if i is not None}
    seen = Counter(fold(lines[i].stripped) for i in paired if _plain(lines[i]))

    def header_like(index: int) -> bool:
        folded = fold(lines[index].stripped)
        return seen[folded] >= 2 or bool(AUDIT_PAGE_HEADER.match(folded))

    headers: dict[int, str] = {}
    headings: set[int] = set()
    for top, following in pairs.items():
        if header_like(top):
            headers[top] = fold(lines[top].stripped)
        elif following is not None and _plain(lines[following]) and (
                header_like(following) or _next_filled(lines, following) in starts):
            headings.add(top)
            headers[following] = fold(lines[following].stripped)
    group, current, groups = 0, None, [0] * len(lines)
    for index in range(len(lines)):
        if index in headings:
            group, current = group + 1, None
        elif index in headers:
            if current is not None and headers[index] != current:
                group += 1
            current = headers[index]
        groups[index] = group
    return {lines[i].key for i in (*headers, *headings)}, groups


def _categories(found: list[_Finding], groups: list[int], categories: list[str], totals: list[Any]
                ) -> list[str | None]:
    """The 총괄 category of each finding: its group's, in the table's order; where the groups do
    not match the categories but the table's totals add up to the findings, by the totals."""
    ranks = {group: rank for rank, group in enumerate(sorted({groups[f.request] for f in found}))}
    numbers = [ranks[groups[f.request]] for f in found]
    if not categories:
        return [None] * len(found)
    counts = [int(total) if not pd.isna(total) else 0 for total in totals]
    if len(ranks) != len(categories) and sum(counts) == len(found):
        numbers = [position for position, count in enumerate(counts) for _ in range(count)]
    return [categories[min(number, len(categories) - 1)] for number in numbers]


def _record(lines: list[Line], finding: _Finding, end: int, skip: set[LineKey]
            ) -> tuple[Record, set[LineKey], list[Gap]]:
    request = [x for x in lines[finding.request : finding.department] if x.key not in skip]
    status_line = lines[finding.status]
    printed = AUDIT_STATUS_LINE.match(status_line.stripped)["status"].strip()
    status = status_of(printed)
    gaps = [] if status is not None else [gap("unknown_status", "audit_findings", printed, status_line)]
    actions, plan, body = _actions_and_plan(lines[finding.status + 1 : end], skip)
    record = {
        "department": AUDIT_DEPARTMENT.match(lines[finding.department].stripped)["department"].strip(),
        "status": status,
        "status_printed": printed,
        "request": _join_text(request, strip_bullet=True),
        "actions": actions,
        "plan": plan,
        "source_page": lines[finding.request].page,
        "source_line": lines[finding.request].number,
    }
    used = {x.key for x in request} | {lines[finding.department].key, status_line.key} | body
    return record, used, gaps


def _actions_and_plan(lines: list[Line], skip: set[LineKey]) -> tuple[str, str, set[LineKey]]:
    """The text under the first □ heading (the actions) and under a later one or a plan heading
    (the plan)."""
    parts: dict[str, list[Line]] = {"actions": [], "plan": []}
    current = None
    used = set()
    for line in lines:
        text = line.stripped
        if not text or line.key in skip:
            continue
        if text[0] in HEADING_MARKS:
            current = "plan" if AUDIT_PLAN_HEADING.match(text) or current == "actions" else "actions"
        elif current is not None:
            parts[current].append(line)
        else:
            continue
        used.add(line.key)
    return _join_text(parts["actions"]), _join_text(parts["plan"]), used


def _join_text(lines: list[Line], strip_bullet: bool = False) -> str:
    """Wrapped lines joined by a space; each bullet on its own line."""
    paragraphs: list[str] = []
    for line in lines:
        text = " ".join(line.stripped.split())
        if not text:
            continue
        if paragraphs and not text.startswith(TEXT_BULLETS):
            paragraphs[-1] += " " + text
        else:
            paragraphs.append(text)
    if strip_bullet and paragraphs and paragraphs[0][:1] in REQUEST_BULLETS:
        paragraphs[0] = paragraphs[0][1:].strip()
    return "\n".join(paragraphs)


def _plain(line: Line) -> bool:
    """A line that is no bullet, heading, department or status: what a page header looks like."""
    text = line.stripped
    return bool(text) and text[0] not in REQUEST_BULLETS + HEADING_MARKS + "※" and not AUDIT_DEPARTMENT.match(text)


def _same_page_next(lines: list[Line], index: int) -> int | None:
    """The next non-blank line where it stands on the same page (no page break before it)."""
    following = _next_filled(lines, index)
    return None if following is None or page_break_before(lines, following) else following


def _next_filled(lines: list[Line], index: int) -> int | None:
    index += 1
    while index < len(lines) and lines[index].is_blank:
        index += 1
    return index if index < len(lines) else None


def _audit_year(heading: Line, fiscal_year: int) -> int:
    match = YEAR.search(heading.text)
    return int(match["year"]) if match else fiscal_year - 1


def read_audit(section: Section, context: Context) -> Part:
    """Section Ⅳ as a part: the 총괄 table, the findings, their stated total."""
    audit = parse_audit(section.heading, section.lines, context.fiscal_year)
    part = Part(narrative={"audit_findings": audit.used}, gaps=list(audit.gaps))
    part.add("audit_summary", audit.summary, set())
    part.add("audit_findings", audit.findings, audit.used)
    if audit.summary.empty and not audit.findings.empty:
        part.gaps.append(gap("table_not_read", "audit_summary", section.heading.stripped, section.heading))
    if audit.stated_total is not None and audit.stated_line is not None:
        part.stated["audit_findings.total"] = Stated(audit.stated_total, audit.stated_line)
    return part
