"""Lines that mark the report's structure, by their shape: section headings, titles, unit lines,
bullets and page breaks."""

from __future__ import annotations

import regex

from extractors.form.lines import Line
from extractors.form.normalise import is_glyph
from extractors.form.vocabulary import HEADING_MARKS, ITEM_BULLETS, POINTERS
from schemas.columns import UNIT_SCALES_TO_KRW

# A page number standing alone at the foot or head of a page: "- 12 -", "12" (not "2023",
# which heads a budget table's repeated header)
PAGE_NUMBER = regex.compile(r"^\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,3})\s*$")

# A section heading: " Ⅰ. 일 반 현 황", "Ⅲ. 2023 세입·세출예산 세부 현황", "Ⅳ 지적사항 처리 결과"
SECTION_HEADING = regex.compile(r"^\s*(?P<numeral>[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])(?:\s*[.．]\s*|\s+)(?P<title>\S.*)$")
NUMERALS = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
# A unit of money as a table states it: "(’23. 9. 30. 기준, 단위 : 천원, %)", "(단위:천원)", "(천원)",
# "단위 : 백만원", "(’23. 9. 30.기준 / 단위 : 억원, %)"
MONEY_UNITS = "|".join(sorted(UNIT_SCALES_TO_KRW, key=len, reverse=True))  # 백만원|천원|억원|원
UNIT_LINE = regex.compile(
    rf"단\s*위\s*[:：]?\s*(?P<unit>{MONEY_UNITS})(?![\p{{Hangul}}])"
    rf"|[(（]\s*(?P<bare>{MONEY_UNITS})\s*(?:[,/]\s*%\s*)?[)）]"
)
# Bullets that lead a list item or a title ("ㅇ 세입총괄 (…)"); a name in a table never starts with one.
TITLE_BULLETS = ITEM_BULLETS + POINTERS + HEADING_MARKS + "●《"
# A run of blank lines this long marks a page break in a text report (a PDF's page break is the page).
PAGE_BREAK_BLANKS = 2


def section_heading(line: Line) -> regex.Match[str] | None:
    """The heading's match (numeral, title) where the line is a section heading, else None."""
    return SECTION_HEADING.match(line.text)


def heading_parts(line: Line) -> regex.Match[str]:
    """The match (numeral, title) of a line known to be a section heading."""
    match = SECTION_HEADING.match(line.text)
    if match is None:
        raise ValueError(f"not a section heading: {line.text!r}")
    return match


def unit_of(text: str) -> str | None:
    """The unit of money a line states: "(’23. 9. 30. 기준, 단위 : 천원, %)" → "천원"."""
    match = UNIT_LINE.search(text)
    return None if match is None else match["unit"] or match["bare"]


def is_title_like(line: Line) -> bool:
    """A line that starts a part rather than continuing one: it states a unit, or starts with a
    glyph or a list bullet, or is a section heading."""
    text = line.stripped
    if not text:
        return False
    return bool(unit_of(text) or is_glyph(text[0]) or text[0] in TITLE_BULLETS or section_heading(line))


def page_break_before(lines: list[Line], index: int) -> bool:
    """Whether a page break stands right before lines[index]: a new PDF page, or a run of blank
    lines in a text report."""
    blanks = 0
    before = index - 1
    while before >= 0 and lines[before].is_blank:
        blanks += 1
        before -= 1
    if before < 0:
        return True
    return blanks >= PAGE_BREAK_BLANKS or (lines[before].page != lines[index].page)
