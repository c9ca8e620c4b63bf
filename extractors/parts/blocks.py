"""The blocks of section Ⅰ (org chart, duties, budget overview, district facts): split at their
glyph-led titles, and told apart by what they hold; a title's words only break ties."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractors.form.lines import Line
from extractors.form.normalise import fold, is_glyph
from extractors.form.shapes import NAME_AND_STAFF, TEAMS_AND_STAFF, row_shape
from extractors.form.vocabulary import GENERAL_BLOCK_HINTS, STAT_NUMBER
from extractors.parts.sections import DUTY_LINE

# The stated total on the org chart's title line: "조직 및 인력 : 5과 1사업소 240명"
STATED_TOTAL = regex.compile(r"[:：]\s*(?P<units>(?:\d+\s*\p{Hangul}+\s+)+)(?P<staff>[\d,]+)\s*명")
TITLE_HINT = 4.0
MAX_HINT_TITLE_CHARS = 30


@dataclass(frozen=True)
class Block:
    """A titled part of a section: its title line and the lines up to the next title."""

    key: str
    title: Line
    lines: list[Line] = field(compare=False)


def split_blocks(lines: list[Line]) -> dict[str, Block]:
    """The blocks of section Ⅰ by key: split at glyph-led titles (or, with no glyphs at all, at
    titles the hints know), each told by what it holds; a block that holds nothing of its own,
    or the same as the block before it, belongs to that block."""
    starts = block_starts(lines)
    ends = starts[1:] + [len(lines)]
    parts = [(lines[i], lines[i + 1 : end]) for i, end in zip(starts, ends[: len(starts)], strict=True)]
    merged: list[tuple[str | None, Line, list[Line]]] = []
    for title, body in parts:
        kind = _kind(title, body)
        if merged and (kind is None or kind == merged[-1][0]):
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + [title] + body)
        else:
            merged.append((kind, title, body))
    blocks: dict[str, Block] = {}
    for kind, title, body in merged:
        if kind is not None and kind not in blocks:
            blocks[kind] = Block(kind, title, body)
    return blocks


def block_starts(lines: list[Line]) -> list[int]:
    starts = [i for i, line in enumerate(lines) if line.stripped and is_glyph(line.stripped[0])]
    if not starts:
        starts = [i for i, line in enumerate(lines) if _hint(line) and len(line.stripped) <= MAX_HINT_TITLE_CHARS]
    return starts


def stated_total(title: str) -> tuple[int, int] | None:
    """(units, staff) a title states: "조직 및 인력 : 5과 1사업소 240명" → (6, 240)."""
    match = STATED_TOTAL.search(title)
    if not match:
        return None
    units = sum(int(count) for count in regex.findall(r"(\d+)\s*\p{Hangul}+", match["units"]))
    return units, int(match["staff"].replace(",", ""))


def _kind(title: Line, body: list[Line]) -> str | None:
    texts = [line.stripped for line in body if line.stripped]
    shapes = [row_shape(text) for text in texts]
    scores = {
        "org_units": 3.0 * sum(bool(TEAMS_AND_STAFF.match(t)) for t in texts)
        + sum(bool(NAME_AND_STAFF.match(t)) for t in texts) + (5.0 if stated_total(title.stripped) else 0.0),
        "department_duties": 2.0 * sum(bool(DUTY_LINE.match(t)) for t in texts),
        "budget_overview": 3.0 * sum(shape == "budget" for shape in shapes),
        "district_stats": float(sum(bool(STAT_NUMBER.search(t)) for t, s in zip(texts, shapes, strict=True)
                                    if s is None)),
    }
    hint = _hint(title)
    if hint is not None:
        scores[hint] += TITLE_HINT
    best = max(scores, key=lambda kind: scores[kind])
    return best if scores[best] > 0 else None


def _hint(line: Line) -> str | None:
    folded = fold(line.stripped)
    return next((kind for kind, words in GENERAL_BLOCK_HINTS.items() if any(w in folded for w in words)), None)
