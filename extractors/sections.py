"""Find the report's sections and tables by its own headings, never by line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .lines import Line
from .normalise import fold, is_private_use
from .vocabulary import BUDGET_TABLE_TITLES, SECTION_KEYWORDS

# A section heading: " Ⅰ. 일 반 현 황", "Ⅲ. 2023 세입·세출예산 세부 현황"
SECTION_HEADING = regex.compile(r"^\s*(?P<numeral>[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])\s*\.\s*(?P<title>\S.*)$")
# A unit declaration on a table's title line: "(’23. 9. 30. 기준, 단위 : 천원, %)"
UNIT_DECLARATION = regex.compile(r"단\s*위\s*[:：]\s*(?P<unit>[^\s,)]+)")
# The report's as-of date: "(기준 : ’23. 9. 30./현원)", "(’23. 9. 30. 기준, …)"
AS_OF_DATE = regex.compile(r"[’‘'](?P<yy>\d{2})\.\s*(?P<m>\d{1,2})\.\s*(?P<d>\d{1,2})\.")

@dataclass(frozen=True)
class Section:
    key: str
    heading: Line
    lines: list[Line] = field(compare=False)


@dataclass(frozen=True)
class TableBlock:
    """A table: its title line, its unit, and the lines up to the next heading."""

    name: str
    title: Line
    unit: str
    lines: list[Line] = field(compare=False)


def split_sections(lines: list[Line]) -> dict[str, Section]:
    """The report's sections by key; a section absent from the report is absent here."""
    headings = [(index, line) for index, line in enumerate(lines) if _section_key(line)]
    sections: dict[str, Section] = {}
    for position, (index, line) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        key = _section_key(line)
        if key not in sections:
            sections[key] = Section(key, line, lines[index + 1 : end])
    return sections


def find_budget_tables(sections: dict[str, Section]) -> dict[str, TableBlock]:
    """Each budget table found in its section, from its title line to the next heading."""
    tables: dict[str, TableBlock] = {}
    for name, (section_key, title_word) in BUDGET_TABLE_TITLES.items():
        section = sections.get(section_key)
        if section is None:
            continue
        block = _find_table(section.lines, name, title_word)
        if block is not None:
            tables[name] = block
    return tables


@dataclass(frozen=True)
class Block:
    """A titled part of a section: its title line and the lines up to the next title."""

    key: str
    title: Line
    lines: list[Line] = field(compare=False)


def split_blocks(lines: list[Line], titles: dict[str, str]) -> dict[str, Block]:
    """The blocks of a section, each starting at a symbol-led line (a private-use glyph, or
    whatever symbol an encoding without them prints) whose folded text holds its title word;
    other symbol-led lines stay inside the block they stand in."""
    starts = []
    for index, line in enumerate(lines):
        text = line.stripped
        if not text or text[0].isalnum():
            continue
        folded = fold(text)
        key = next((key for key, word in titles.items() if word in folded), None)
        if key is not None:
            starts.append((index, key))
    blocks: dict[str, Block] = {}
    for position, (index, key) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        blocks.setdefault(key, Block(key, lines[index], lines[index + 1 : end]))
    return blocks


def as_of_date(text: str) -> str | None:
    """The ISO date of a printed as-of date: "(기준 : ’23. 9. 30./현원)" → "2023-09-30"."""
    match = AS_OF_DATE.search(text)
    if not match:
        return None
    return f"{2000 + int(match['yy']):04d}-{int(match['m']):02d}-{int(match['d']):02d}"


def is_boundary(line: Line) -> bool:
    """A line that ends any table: a section heading, a glyph-led heading or another table's title."""
    text = line.stripped
    if not text:
        return False
    return bool(
        SECTION_HEADING.match(line.text) or is_private_use(text[0]) or UNIT_DECLARATION.search(text)
    )


def find_as_of(lines: list[Line]) -> tuple[int, int, int] | None:
    """The first as-of date the report prints, as (year, month, day)."""
    for line in lines:
        match = AS_OF_DATE.search(line.text)
        if match and "기준" in line.text:
            return 2000 + int(match["yy"]), int(match["m"]), int(match["d"])
    return None


def _section_key(line: Line) -> str | None:
    match = SECTION_HEADING.match(line.text)
    if not match:
        return None
    title = fold(match["title"])
    for key, words in SECTION_KEYWORDS.items():
        if all(word in title for word in words):
            return key
    return None


def _find_table(lines: list[Line], name: str, title_word: str) -> TableBlock | None:
    for index, line in enumerate(lines):
        unit = UNIT_DECLARATION.search(line.text)
        if unit and title_word in fold(line.text):
            end = index + 1
            while end < len(lines) and not is_boundary(lines[end]):
                end += 1
            return TableBlock(name, line, unit["unit"], lines[index + 1 : end])
    return None
