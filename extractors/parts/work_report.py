"""Section Ⅱ (주요 업무보고): one row per bullet or paragraph of each item, wrapped lines joined.

Items start at their digit headings ("1  주민 참여 …"); the chapter is the last chapter line
("1. …") before them, 1 where none precedes them (a section of one chapter). The contents and each
chapter's cover page repeat the item and chapter titles (glyph-led, wrapped): such lines are
recognised by matching the known titles, and are not rows. Lines of the section's tables are left to execution.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from extractors.form.lines import Line, LineKey
from extractors.form.normalise import clean_name, fold, is_glyph
from extractors.form.vocabulary import BULLET_DEPTHS, CHAPTER_LINE, CIRCLED_NUMBERS, ITEM_HEADING, NOTE_MARKERS
from schemas import TABLES, Record, table_frame

FIRST_CHAPTER = 1


@dataclass
class WorkReport:
    frame: pd.DataFrame
    used: set[LineKey]
    # (chapter, item) of every line index that belongs to an item, for the section's tables
    item_of: dict[int, tuple[int, int]]


def parse_work_report(lines: list[Line], table_lines: set[LineKey], fiscal_year: int) -> WorkReport:
    headings = [i for i, line in enumerate(lines) if ITEM_HEADING.match(line.text)]
    titles = _known_titles(lines, headings)
    used: set[LineKey] = set()
    covers = _title_lines(lines, titles)
    used |= {lines[i].key for i in covers}
    rows: list[Record] = []
    item_of: dict[int, tuple[int, int]] = {}
    chapter = FIRST_CHAPTER  # items that no chapter line precedes: a section of one chapter
    for position, start in enumerate(headings):
        chapter = _chapter_before(lines, start, chapter)
        end = headings[position + 1] if position + 1 < len(headings) else len(lines)
        heading = ITEM_HEADING.match(lines[start].text)
        item, title = int(heading["number"]), clean_name(heading["title"])
        used.add(lines[start].key)
        body = [i for i in range(start + 1, end) if i not in covers]
        for index in range(start, end):
            item_of[index] = (chapter, item)
        for row in _rows(lines, body, table_lines):
            rows.append({"chapter": chapter, "item": item, "title": title, **row})
            used |= row.pop("lines")
    return WorkReport(table_frame(TABLES["work_report"], rows, fiscal_year), used, item_of)


def _rows(lines: list[Line], body: list[int], table_lines: set[LineKey]) -> list[Record]:
    rows: list[Record] = []
    for index in body:
        line = lines[index]
        text = line.stripped
        if not text or line.key in table_lines:
            continue
        marker, rest = _marker(text)
        if marker is None and rows and not is_glyph(text[0]):
            rows[-1]["text"] = f"{rows[-1]['text']} {clean_name(text)}".strip()
            rows[-1]["lines"].add(line.key)
            continue
        depth = _depth(marker, rows)
        rows.append({"marker": marker or "", "depth": depth, "text": clean_name(rest),
                     "source_page": line.page, "source_line": line.number, "lines": {line.key}})
    return rows


def _marker(text: str) -> tuple[str | None, str]:
    """The printed bullet and the text after it; a lead glyph that is no bullet (a private-use
    glyph, or the symbol an encoding without them prints) is dropped, the paragraph unmarked."""
    first = text[0]
    if first in BULLET_DEPTHS or first in CIRCLED_NUMBERS or first in NOTE_MARKERS:
        return first, text[1:].strip()
    if is_glyph(first):
        return None, text[1:].strip()
    return None, text


def _depth(marker: str | None, rows: list[Record]) -> int:
    if marker is None:
        return 0
    if marker in NOTE_MARKERS:
        bullet = next((row for row in reversed(rows) if row["marker"] not in NOTE_MARKERS), None)
        return (bullet["depth"] if bullet else 0) + 1
    if marker in CIRCLED_NUMBERS:
        return 2
    return BULLET_DEPTHS[marker]


def _known_titles(lines: list[Line], headings: list[int]) -> list[str]:
    """Item and chapter titles, folded: from the headings, and from the contents before the first item."""
    titles = [fold(ITEM_HEADING.match(lines[i].text)["title"]) for i in headings]
    first = headings[0] if headings else len(lines)
    for line in lines[:first]:
        text = line.stripped
        chapter = CHAPTER_LINE.match(text)
        if chapter:
            titles.append(fold(chapter["title"]))
        elif text and not text[0].isalnum():
            titles.append(fold(text))
    known = {title for title in titles if title}
    # a cover before the first item wraps its titles: keep only the whole ones
    return sorted(title for title in known if not any(other != title and other.startswith(title)
                                                         for other in known))


def _title_lines(lines: list[Line], titles: list[str]) -> set[int]:
    """Indexes of contents and cover lines: a glyph-led or chapter line that starts a known title,
    with the lines that wrap the rest of it."""
    found: set[int] = set()
    index = 0
    while index < len(lines):
        text = lines[index].stripped
        if not text or ITEM_HEADING.match(lines[index].text) or (text[0].isalnum() and not CHAPTER_LINE.match(text)):
            index += 1
            continue
        chapter = CHAPTER_LINE.match(text)
        start = fold(chapter["title"]) if chapter else fold(text)
        candidates = [t for t in titles if start and t.startswith(start)]
        if not candidates:
            index += 1
            continue
        found.add(index)
        so_far, index = start, index + 1
        while index < len(lines) and all(so_far != t for t in candidates):
            following = lines[index].stripped
            if not following:
                index += 1
                continue
            extended = so_far + fold(following)
            if not any(t.startswith(extended) for t in candidates):
                break
            found.add(index)
            so_far, index = extended, index + 1
    return found


def _chapter_before(lines: list[Line], start: int, current: int) -> int:
    for index in range(start - 1, -1, -1):
        match = CHAPTER_LINE.match(lines[index].stripped)
        if match:
            return int(match["number"])
    return current
