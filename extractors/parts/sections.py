"""Find the report's sections by their Roman-numeral headings, and tell which is which by what
they hold (org counts, budget rows, numbered items, findings with a status line), the heading's
words and its numeral only breaking ties."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractors.form.lines import Line
from extractors.form.marks import NUMERALS, heading_parts, section_heading
from extractors.form.normalise import fold
from extractors.form.shapes import TEAMS_AND_STAFF, row_shape
from extractors.form.vocabulary import AUDIT_DEPARTMENT, AUDIT_STATUS_LINE, CHAPTER_LINE, SECTION_HINTS, SECTION_ORDER

# "7팀 192명": an org chart's box
# "기 획 과 ◦ 청사 시설물 관리 …": a department and its first duty
DUTY_LINE = regex.compile(r"^\S(?:[^◦○ㅇ•]{0,14}\S)?\s+[◦○ㅇ•‣▸▶]\s+\S")
# "1  주민 참여 확대를 위한 기반 조성": an item of section Ⅱ (a digit, two blanks, its title)
ITEM_LINE = regex.compile(r"^\d{1,2}\s{2,}\S")
WORD_HINT = 6.0  # a heading's words, against content: one finding is worth 5
NUMERAL_HINT = 3.0
MERGE_COST = 1.0
MIN_BUDGET_ROWS = 5  # fewer budget rows do not make a section of details
# A section runs on into another where this many lines of another section's shape come within a window.
FOREIGN_LINES = 3
FOREIGN_WINDOW = 12
# The shapes each section never holds: budget rows, section Ⅱ's tables, org boxes, section Ⅱ's
# items and □ bullets, findings with a status line.
FOREIGN = {
    "general": ("table", "item", "finding"),
    "work_report": ("budget", "org", "finding"),
    "budget_detail": ("table", "org", "item", "finding"),
    "audit": ("budget", "table", "org"),
}


@dataclass(frozen=True)
class Section:
    key: str
    heading: Line
    lines: list[Line] = field(compare=False)
    numeral: int = 0


@dataclass
class SectionSplit:
    """The sections by key, every section heading seen (found, merged or extra), and the numerals
    of the sections found, for telling a section that should be there."""

    sections: dict[str, Section]
    headings: list[Line]
    extra: list[Line] = field(default_factory=list)


def split_sections(lines: list[Line]) -> SectionSplit:
    """The report's sections by key; a section absent from the report is absent here."""
    starts = [index for index, line in enumerate(lines) if section_heading(line)]
    ends = starts[1:] + [len(lines)]
    chunks = [(index, lines[index + 1 : end]) for index, end in zip(starts, ends[: len(starts)], strict=True)]
    contents = [_kept_content(body) for _, body in chunks]
    scores = [_scores(lines[index], content) for (index, _), content in zip(chunks, contents, strict=True)]
    plan = _assign(scores, contents)
    sections: dict[str, Section] = {}
    extra: list[Line] = []
    current: str | None = None
    for (index, body), kind in zip(chunks, plan, strict=True):
        heading = lines[index]
        if kind == "merge" and current is not None:
            merged = sections[current]
            sections[current] = Section(current, merged.heading, merged.lines + [heading] + body, merged.numeral)
        elif kind in SECTION_ORDER:
            current = kind
            sections[kind] = Section(kind, heading, body, NUMERALS.index(heading_parts(heading)["numeral"]) + 1)
        else:
            extra.append(heading)
    return SectionSplit(sections, [lines[index] for index in starts], extra)


def has_form_content(lines: list[Line]) -> bool:
    """Whether any part of the text holds what the form's sections hold."""
    return any(value > 0 for value in _content(lines).values())


def should_be_there(kind: str, sections: dict[str, Section]) -> bool:
    """A missing section that the numbering says is missing: a numeral between the sections found
    before and after its place in the form is not printed."""
    position = SECTION_ORDER.index(kind)
    before = [s.numeral for k, s in sections.items() if SECTION_ORDER.index(k) < position]
    after = [s.numeral for k, s in sections.items() if SECTION_ORDER.index(k) > position]
    if not after:
        return False
    printed = {section.numeral for section in sections.values()}
    return any(n not in printed for n in range(max(before, default=0) + 1, min(after)))


def _kept_content(body: list[Line]) -> dict[str, float]:
    """How much of each section's content the chunk holds, counted up to where content that
    section never holds starts (a heading after it was lost)."""
    return {kind: _content(cut_foreign(kind, body)[0])[kind] for kind in SECTION_ORDER}


def _scores(heading: Line, content: dict[str, float]) -> dict[str, float]:
    """How well the chunk under a heading fits each section of the form."""
    parts = heading_parts(heading)
    title, numeral = fold(parts["title"]), NUMERALS.index(parts["numeral"])
    scores = {}
    for position, kind in enumerate(SECTION_ORDER):
        score = content[kind]
        if any(word in title for word in SECTION_HINTS[kind]):
            score += WORD_HINT
        if numeral == position:
            score += NUMERAL_HINT
        scores[kind] = score
    return scores


def _content(body: list[Line]) -> dict[str, float]:
    budget = execution = org = duty = items = findings = 0
    filled = [line for line in body if not line.is_blank]
    for position, line in enumerate(filled):
        text = line.stripped
        shape = row_shape(text)
        budget += shape == "budget"
        execution += shape in ("program_execution", "grant_scale")
        org += bool(TEAMS_AND_STAFF.match(text))
        duty += bool(DUTY_LINE.match(text))
        items += bool(ITEM_LINE.match(line.text) or (CHAPTER_LINE.match(text) and position + 1 < len(filled)
                                                      and ITEM_LINE.match(filled[position + 1].text)))
        if AUDIT_DEPARTMENT.match(text) and position + 1 < len(filled):
            findings += bool(AUDIT_STATUS_LINE.match(filled[position + 1].stripped))
    return {
        "general": 3.0 * org + 2.0 * duty + 0.5 * min(budget, 40),
        "work_report": 2.0 * items + 2.0 * execution,
        "budget_detail": float(budget) if budget >= MIN_BUDGET_ROWS else 0.0,
        "audit": 5.0 * findings,
    }


def _assign(scores: list[dict[str, float]], contents: list[dict[str, float]]) -> list[str]:
    """Each heading's part: a section of the form (in the form's order, each once), "merge" (a
    repeated heading inside the section before it) or "extra" (no section of the form). The plan
    of highest total score, by dynamic programming from the last heading back."""
    kinds = len(SECTION_ORDER)
    following = [0.0] * (kinds + 1)  # best score of the headings after i, by the last kind assigned (+1)
    choices: list[list[tuple[str, int]]] = []
    for i in range(len(scores) - 1, -1, -1):
        current, chosen = [], []
        for last in range(-1, kinds):
            options = [(following[last + 1], "extra", last)]
            if last >= 0 and contents[i][SECTION_ORDER[last]] > 0:
                options.append((contents[i][SECTION_ORDER[last]] - MERGE_COST + following[last + 1], "merge", last))
            for kind in range(last + 1, kinds):
                if scores[i][SECTION_ORDER[kind]] > 0:
                    options.append((scores[i][SECTION_ORDER[kind]] + following[kind + 1], SECTION_ORDER[kind], kind))
            score, part, then = max(options, key=lambda option: option[0])
            current.append(score)
            chosen.append((part, then))
        following = current
        choices.append(chosen)
    plan, last = [], -1
    for chosen in reversed(choices):
        part, last = chosen[last + 1]
        plan.append(part)
    return plan


def cut_foreign(kind: str, lines: list[Line]) -> tuple[list[Line], Line | None]:
    """The section's lines up to where another section's content starts (its heading was lost),
    and the first line of that content: a few lines of shapes this section never holds, close
    together."""
    marks = [index for index in range(len(lines)) if _foreign(kind, lines, index)]
    for position, index in enumerate(marks):
        window = [m for m in marks[position:] if m - index < FOREIGN_WINDOW]
        if len(window) >= FOREIGN_LINES:
            return lines[:index], lines[index]
    return lines, None


def _foreign(kind: str, lines: list[Line], index: int) -> bool:
    """Whether a line has a shape that the section of `kind` never holds."""
    line = lines[index]
    text = line.stripped
    if not text:
        return False
    shape = row_shape(text)
    found = {
        "budget": shape == "budget",
        "table": shape in ("program_execution", "grant_scale"),
        "org": bool(TEAMS_AND_STAFF.match(text)),
        "item": bool(ITEM_LINE.match(line.text)) or text.startswith(("□", "《")),
        "finding": _is_finding(lines, index),
    }
    return any(found[name] for name in FOREIGN[kind])


def _is_finding(lines: list[Line], index: int) -> bool:
    """A department in parentheses right above a □ status line."""
    if not AUDIT_DEPARTMENT.match(lines[index].stripped):
        return False
    following = next((x for x in lines[index + 1 :] if not x.is_blank), None)
    return following is not None and bool(AUDIT_STATUS_LINE.match(following.stripped))
