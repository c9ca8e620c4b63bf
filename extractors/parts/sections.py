"""Find the report's sections by their Roman-numeral headings, and tell which is which by what
they hold (org counts, budget rows, numbered items, findings with a status line), the heading's
words and its numeral only breaking ties."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
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
# A section runs on into another where this many lines of another section's shape come within a window.
FOREIGN_LINES = 3
FOREIGN_WINDOW = 12
# The shapes of lines a section's content is counted in: budget rows, section Ⅱ's tables
# (execution, 조정교부금), org boxes, duty lines, section Ⅱ's numbered items, findings with a status line.
CONTENT_SHAPES = ("budget", "execution", "org", "duty", "item", "finding")
# The shapes that mark another section's content: as above, and a section Ⅱ item or □ bullet.
FOREIGN_SHAPES = ("budget", "execution", "org", "item_or_bullet", "finding")


@dataclass(frozen=True)
class SectionShape:
    """What tells a section of the form by its content: `weights`, the points each line of a shape
    it holds is worth (none where fewer than `at_least` lines have it); `foreign`, the shapes it
    never holds (a few of them close together: its heading
    was lost and another section's content starts). The heading's words and numeral only break
    ties (`WORD_HINT`, `NUMERAL_HINT`)."""

    weights: Mapping[str, float]
    foreign: tuple[str, ...]
    at_least: Mapping[str, int] = field(default_factory=dict)

    def score(self, counts: Mapping[str, int]) -> float:
        total = 0.0
        for shape, weight in self.weights.items():
            lines = counts.get(shape, 0)
            total += weight * lines if lines >= self.at_least.get(shape, 0) else 0.0
        return total


Shapes = Mapping[str, SectionShape]  # the form's sections by key, in the form's order


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


def split_sections(lines: list[Line], shapes: Shapes) -> SectionSplit:
    """The report's sections by key, told apart by the `shapes` of the form's sections; a section
    absent from the report is absent here."""
    starts = [index for index, line in enumerate(lines) if section_heading(line)]
    ends = starts[1:] + [len(lines)]
    chunks = [(index, lines[index + 1 : end]) for index, end in zip(starts, ends[: len(starts)], strict=True)]
    contents = [_kept_content(body, shapes) for _, body in chunks]
    scores = [_scores(lines[index], content) for (index, _), content in zip(chunks, contents, strict=True)]
    plan = _assign(scores, contents, list(shapes))
    sections: dict[str, Section] = {}
    extra: list[Line] = []
    current: str | None = None
    for (index, body), kind in zip(chunks, plan, strict=True):
        heading = lines[index]
        if kind == "merge" and current is not None:
            merged = sections[current]
            sections[current] = Section(current, merged.heading, merged.lines + [heading] + body, merged.numeral)
        elif kind in shapes:
            current = kind
            sections[kind] = Section(kind, heading, body, NUMERALS.index(heading_parts(heading)["numeral"]) + 1)
        else:
            extra.append(heading)
    return SectionSplit(sections, [lines[index] for index in starts], extra)


def has_form_content(lines: list[Line], shapes: Shapes) -> bool:
    """Whether any part of the text holds what the form's sections hold."""
    return any(value > 0 for value in _content(lines, shapes).values())


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


def _kept_content(body: list[Line], shapes: Shapes) -> dict[str, float]:
    """How much of each section's content the chunk holds, counted up to where content that
    section never holds starts (a heading after it was lost)."""
    return {kind: shape.score(_shape_counts(cut_foreign(shape, body)[0])) for kind, shape in shapes.items()}


def _scores(heading: Line, content: dict[str, float]) -> dict[str, float]:
    """How well the chunk under a heading fits each section of the form."""
    parts = heading_parts(heading)
    title, numeral = fold(parts["title"]), NUMERALS.index(parts["numeral"])
    scores = {}
    for position, kind in enumerate(content):  # the form's order
        score = content[kind]
        if any(word in title for word in SECTION_HINTS[kind]):
            score += WORD_HINT
        if numeral == position:
            score += NUMERAL_HINT
        scores[kind] = score
    return scores


def _content(body: list[Line], shapes: Shapes) -> dict[str, float]:
    counts = _shape_counts(body)
    return {kind: shape.score(counts) for kind, shape in shapes.items()}


def _shape_counts(body: list[Line]) -> Counter[str]:
    """How many of the body's lines have each of the content shapes."""
    counts: Counter[str] = Counter()
    filled = [line for line in body if not line.is_blank]
    for position, line in enumerate(filled):
        text = line.stripped
        shape = row_shape(text)
        counts["budget"] += shape == "budget"
        counts["execution"] += shape in ("program_execution", "grant_scale")
        counts["org"] += bool(TEAMS_AND_STAFF.match(text))
        counts["duty"] += bool(DUTY_LINE.match(text))
        counts["item"] += bool(ITEM_LINE.match(line.text) or (CHAPTER_LINE.match(text) and position + 1 < len(filled)
                                                               and ITEM_LINE.match(filled[position + 1].text)))
        if AUDIT_DEPARTMENT.match(text) and position + 1 < len(filled):
            counts["finding"] += bool(AUDIT_STATUS_LINE.match(filled[position + 1].stripped))
    return counts


def _assign(scores: list[dict[str, float]], contents: list[dict[str, float]], order: list[str]) -> list[str]:
    """Each heading's part: a section of the form (in the form's `order`, each once), "merge" (a
    repeated heading inside the section before it) or "extra" (no section of the form). The plan
    of highest total score, by dynamic programming from the last heading back."""
    kinds = len(order)
    following = [0.0] * (kinds + 1)  # best score of the headings after i, by the last kind assigned (+1)
    choices: list[list[tuple[str, int]]] = []
    for i in range(len(scores) - 1, -1, -1):
        current, chosen = [], []
        for last in range(-1, kinds):
            options = [(following[last + 1], "extra", last)]
            if last >= 0 and contents[i][order[last]] > 0:
                options.append((contents[i][order[last]] - MERGE_COST + following[last + 1], "merge", last))
            for kind in range(last + 1, kinds):
                if scores[i][order[kind]] > 0:
                    options.append((scores[i][order[kind]] + following[kind + 1], order[kind], kind))
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


def cut_foreign(shape: SectionShape, lines: list[Line]) -> tuple[list[Line], Line | None]:
    """The section's lines up to where another section's content starts (its heading was lost),
    and the first line of that content: a few lines of shapes this section never holds, close
    together."""
    marks = [index for index in range(len(lines)) if _foreign(shape.foreign, lines, index)]
    for position, index in enumerate(marks):
        window = [m for m in marks[position:] if m - index < FOREIGN_WINDOW]
        if len(window) >= FOREIGN_LINES:
            return lines[:index], lines[index]
    return lines, None


def _foreign(foreign: tuple[str, ...], lines: list[Line], index: int) -> bool:
    """Whether a line has one of the `foreign` shapes."""
    text = lines[index].stripped
    if not text:
        return False
    shape = row_shape(text)
    return any(_has_shape(name, shape, lines, index) for name in foreign)


def _has_shape(name: str, shape: str | None, lines: list[Line], index: int) -> bool:
    text = lines[index].stripped
    if name == "budget":
        return shape == "budget"
    if name == "execution":
        return shape in ("program_execution", "grant_scale")
    if name == "org":
        return bool(TEAMS_AND_STAFF.match(text))
    if name == "item_or_bullet":
        return bool(ITEM_LINE.match(lines[index].text)) or text.startswith(("□", "《"))
    return name == "finding" and _is_finding(lines, index)


def _is_finding(lines: list[Line], index: int) -> bool:
    """A department in parentheses right above a □ status line."""
    if not AUDIT_DEPARTMENT.match(lines[index].stripped):
        return False
    following = next((x for x in lines[index + 1 :] if not x.is_blank), None)
    return following is not None and bool(AUDIT_STATUS_LINE.match(following.stripped))
