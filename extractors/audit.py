"""Section Ⅳ: the 총괄 counts of last year's audit findings, and every finding with its status.

Each finding prints its request (○, wrapped), the department in parentheses, its status
(□ 추진상황 : …), then its actions (□ 추진내용 / □ 검토내용 / □ 추진내용 및 향후 추진계획) and
sometimes a plan (□ 향후계획). Findings are cut at their status lines, so the request bullet
may also be the actions' bullet. The groups come in the order of the 총괄 table's rows; a new
group is where the repeated page header changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import regex

from schemas import keyed

from .errors import ReportError
from .lines import Line, LineKey
from .normalise import clean_name, fold
from .sections import Section
from .vocabulary import (
    AUDIT_ACTIONS_HEADING,
    AUDIT_COLUMNS,
    AUDIT_DEPARTMENT,
    AUDIT_PAGE_HEADER,
    AUDIT_PLAN_HEADING,
    AUDIT_REQUEST_BULLET,
    AUDIT_STATED_TOTAL,
    AUDIT_STATUS_LINE,
    AUDIT_STATUSES,
)

YEAR = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)")
COUNT = regex.compile(r"^(?:\d+|-)$")
TEXT_BULLETS = ("○", "◦", "-", "※", "*", "‣", "ㅇ", "·", "‧", "․", "ㆍ", "･")
PAGE_BREAK_BLANKS = 2


@dataclass
class Audit:
    summary: pd.DataFrame
    findings: pd.DataFrame
    used: set[LineKey]
    stated_total: int | None = None
    stated_line: Line | None = None
    groups: list[str] = field(default_factory=list)


def parse_audit(section: Section, fiscal_year: int, source: str) -> Audit:
    audit_year = _audit_year(section.heading, fiscal_year)
    lines = section.lines
    first_header = next((i for i, line in enumerate(lines) if _is_page_header(line)), len(lines))
    summary, used, stated, stated_line = _parse_summary(lines[:first_header], fiscal_year, audit_year, source)
    categories = summary.loc[summary["row_id"] > 1, "category"].tolist()
    findings, item_used = _parse_findings(lines[first_header:], categories, fiscal_year, audit_year, source,
                                          first_header, lines)
    used |= item_used | {section.heading.key}
    return Audit(summary, findings, used, stated, stated_line, categories)


def _parse_summary(lines, fiscal_year, audit_year, source):
    used: set[LineKey] = set()
    columns: list[str] = []
    rows: list[dict] = []
    stated = stated_line = None
    for line in lines:
        text = line.stripped
        if not text:
            continue
        words = text.split()
        counts = []
        while words and COUNT.match(words[-1]):
            counts.insert(0, words.pop())
        if (match := AUDIT_STATED_TOTAL.search(text)) and stated is None:
            stated, stated_line = int(match["count"].replace(",", "")), line
        elif not columns and fold(text).startswith("구분"):
            columns = _summary_columns(fold(text)[2:], line, source)
        elif columns and counts and words:
            if len(counts) != len(columns):
                raise ReportError(source, f"the 총괄 row has {len(counts)} counts for {len(columns)} columns",
                                  line)
            values = {column: None if count == "-" else int(count) for column, count in zip(columns, counts,
                                                                                             strict=True)}
            rows.append({"category": clean_name(" ".join(words)), **values,
                         "source_page": line.page, "source_line": line.number})
        elif not text.startswith(("○", "□")) and not columns:
            continue
        used.add(line.key)
    frame = pd.DataFrame(rows, columns=["category", *AUDIT_COLUMNS.values(), "source_page", "source_line"])
    frame.insert(0, "audit_year", audit_year)
    frame = keyed(frame, fiscal_year)
    return frame, used, stated, stated_line


def _summary_columns(folded: str, line: Line, source: str) -> list[str]:
    columns = []
    while folded:
        word = next((w for w in sorted(AUDIT_COLUMNS, key=len, reverse=True) if folded.startswith(w)), None)
        if word is None:
            raise ReportError(source, f"unknown column in the 총괄 header: {folded!r}", line)
        columns.append(AUDIT_COLUMNS[word])
        folded = folded[len(word):]
    return columns


def _parse_findings(lines, categories, fiscal_year, audit_year, source, offset, all_lines):
    used: set[LineKey] = set()
    group_of: list[int] = []
    group, header = -1, None
    skip: set[LineKey] = set()
    for index, line in enumerate(lines):
        if _is_page_header(line):
            folded = fold(line.stripped)
            if folded != header:
                group, header = group + 1, folded
                heading = _group_heading(all_lines, offset + index)
                if heading is not None:
                    skip.add(heading.key)
            skip.add(line.key)
        group_of.append(group)
    if group + 1 > len(categories):
        raise ReportError(source, f"{group + 1} groups of findings but {len(categories)} categories in 총괄",
                          lines[0] if lines else None)
    statuses = [i for i, line in enumerate(lines) if AUDIT_STATUS_LINE.match(line.stripped)]
    starts = [_request_start(lines, status, skip, source) for status in statuses]
    rows = []
    for number, (status_index, (request_start, department_index)) in enumerate(zip(statuses, starts, strict=True)):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        request_lines = [x for x in lines[request_start:department_index] if x.key not in skip]
        actions, plan, body_used = _actions_and_plan(lines[status_index + 1:end], skip)
        status_line = lines[status_index]
        status = _status(status_line, source)
        rows.append({
            "item_no": number + 1,
            "category": categories[group_of[request_start]],
            "department": AUDIT_DEPARTMENT.match(lines[department_index].stripped)["department"].strip(),
            "status": status,
            "request": _join_text(request_lines, strip_bullet=True),
            "actions": actions,
            "plan": plan,
            "source_page": lines[request_start].page,
            "source_line": lines[request_start].number,
        })
        used |= {x.key for x in request_lines} | {lines[department_index].key, status_line.key} | body_used
    used |= skip
    frame = pd.DataFrame(rows, columns=["item_no", "category", "department", "status", "request", "actions", "plan",
                                        "source_page", "source_line"])
    frame.insert(0, "audit_year", audit_year)
    frame = keyed(frame, fiscal_year)
    return frame, used


def _request_start(lines, status_index, skip, source) -> tuple[int, int]:
    """Where a finding's request starts, and the line of its department, looking back from its status."""
    department = status_index - 1
    while department >= 0 and not AUDIT_DEPARTMENT.match(lines[department].stripped):
        if lines[department].stripped and lines[department].key not in skip:
            break
        department -= 1
    if department < 0 or not AUDIT_DEPARTMENT.match(lines[department].stripped):
        raise ReportError(source, "a finding's status has no department in parentheses before it",
                          lines[status_index])
    start = department - 1
    while start >= 0 and not lines[start].stripped.startswith(AUDIT_REQUEST_BULLET):
        start -= 1
    if start < 0:
        raise ReportError(source, "a finding has no ○ request before its department", lines[department])
    return start, department


def _actions_and_plan(lines, skip) -> tuple[str, str, set[LineKey]]:
    parts: dict[str, list[Line]] = {"actions": [], "plan": []}
    current = None
    used = set()
    for line in lines:
        text = line.stripped
        if not text or line.key in skip:
            continue
        if AUDIT_PLAN_HEADING.match(text):
            current = "plan"
        elif AUDIT_ACTIONS_HEADING.match(text):
            current = "actions"
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
    if strip_bullet and paragraphs:
        paragraphs[0] = paragraphs[0].removeprefix(AUDIT_REQUEST_BULLET).strip()
    return "\n".join(paragraphs)


def _status(line: Line, source: str) -> str:
    printed = fold(AUDIT_STATUS_LINE.match(line.stripped)["status"])
    if printed not in AUDIT_STATUSES:
        raise ReportError(source, f"unknown status {printed!r} (expected one of {sorted(set(AUDIT_STATUSES))})",
                          line)
    return AUDIT_STATUSES[printed]


def _is_page_header(line: Line) -> bool:
    return bool(line.stripped) and bool(AUDIT_PAGE_HEADER.match(fold(line.stripped)))


def _group_heading(lines: list[Line], header_index: int) -> Line | None:
    """The group's own heading: the line just before its first page header, first on its page
    (after a run of blank lines in a text report, or on a new page of a PDF)."""
    index = header_index - 1
    while index >= 0 and lines[index].is_blank:
        index -= 1
    if index < 0:
        return None
    blanks = 0
    before = index - 1
    while before >= 0 and lines[before].is_blank:
        blanks += 1
        before -= 1
    new_page = before < 0 or lines[before].page != lines[index].page
    return lines[index] if blanks >= PAGE_BREAK_BLANKS or new_page else None


def _audit_year(heading: Line, fiscal_year: int) -> int:
    match = YEAR.search(heading.text)
    return int(match["year"]) if match else fiscal_year - 1
