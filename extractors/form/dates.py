"""Dates as the reports print them, in any of the forms bureaus use.

    ’23. 9. 30.   ’23.9.30   23. 9. 30.   2023. 9. 30.   2023년 9월 30일   9. 30. 기준 (no year)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import regex

# A date with its year: "’23. 9. 30.", "’23.9.30", "23. 9. 30.", "2023. 9. 30.", "2023년 9월 30일"
DATED = regex.compile(
    r"(?<![\d.,])(?:(?P<yyyy>(?:19|20)\d{2})|[’‘'`]?(?P<yy>\d{2}))\s*[.년]\s*"
    r"(?P<m>\d{1,2})\s*[.월]\s*(?P<d>\d{1,2})(?![\d,])\s*[.일]?"
)
# A date without its year, as-of only: "(9. 30. 기준)", "9월 30일 기준", "(9.30.기준)", "(기준 : 9. 30.)"
UNDATED_AS_OF = regex.compile(
    r"(?<![\d.,])(?P<m>\d{1,2})\s*[.월]\s*(?P<d>\d{1,2})(?![\d,])\s*[.일]?\s*기\s*준"
    r"|기\s*준\s*[:：]?\s*(?P<m2>\d{1,2})\s*[.월]\s*(?P<d2>\d{1,2})(?![\d,])\s*[.일]?"
)
# What makes a printed date an as-of date: "기준" on its line ("(기준 : ’23. 9. 30./현원)", "(’23. 9. 30. 기준, …)")
AS_OF_WORD = regex.compile(r"기\s*준|현\s*재")
# A four-digit year, or a two-digit one with its apostrophe or 년: "2023", "’23", "23년"
YEAR = regex.compile(r"(?<![\d,.])(?:(?P<yyyy>(?:19|20)\d{2})(?!\d)|[’‘'`](?P<yy>\d{2})(?!\d)|(?P<yyk>\d{2})(?=년))")
CENTURY = 2000


@dataclass(frozen=True)
class PrintedDate:
    """A date read off a line; `year` is None where the line prints none."""

    year: int | None
    month: int
    day: int

    def iso(self, default_year: int | None = None) -> str | None:
        """"2023-09-30"; the default year fills a date printed without one (None if there is neither)."""
        year = self.year if self.year is not None else default_year
        return None if year is None else f"{year:04d}-{self.month:02d}-{self.day:02d}"


def read_date(text: str) -> PrintedDate | None:
    """The first real date a text prints (with its year where it prints one); as-of dates without
    a year ("9. 30. 기준") too."""
    for match in DATED.finditer(text):
        year = int(match["yyyy"]) if match["yyyy"] else CENTURY + int(match["yy"])
        if _is_real(year, int(match["m"]), int(match["d"])):
            return PrintedDate(year, int(match["m"]), int(match["d"]))
    for match in UNDATED_AS_OF.finditer(text):
        month, day = int(match["m"] or match["m2"]), int(match["d"] or match["d2"])
        if _is_real(2000, month, day):
            return PrintedDate(None, month, day)
    return None


def read_as_of(text: str) -> PrintedDate | None:
    """The as-of date of a line that says it is one ("기준", "현재"), else None."""
    if not AS_OF_WORD.search(text):
        return None
    return read_date(text)


def years_in(text: str) -> list[int]:
    """Every year a text prints: "2030 예산 … ’30년 대비" → [2030, 2030]."""
    found = []
    for match in YEAR.finditer(text):
        if match["yyyy"]:
            found.append(int(match["yyyy"]))
        else:
            found.append(CENTURY + int(match["yy"] or match["yyk"]))
    return found


def _is_real(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True
