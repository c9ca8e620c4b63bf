"""A line of report text that remembers where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

IDEOGRAPHIC_SPACE = "\u3000"
# What a line is, where its reader knows it is no text for the parsers: a grouping label of merged
# cells (recognised: it names the rows below it), a footnote (printed text no table holds).
LABEL, FOOTNOTE = "label", "footnote"
LineKey = tuple[int, int]  # (page, line): see Line.key


@dataclass(frozen=True)
class Line:
    """One normalised line: its text, and its place in the input (kept out of equality)."""

    text: str
    number: int = field(default=0, compare=False)
    page: int | None = field(default=None, compare=False)
    role: str | None = field(default=None, compare=False)
    # For a line of a scanned page: OCR's readings of its cells or words (read/readings.py).
    readings: tuple[Any, ...] = field(default=(), compare=False, repr=False)  # read/readings.py's Reading

    @property
    def key(self) -> tuple[int, int]:
        """(page, line): unique in a report, where line numbers restart on every PDF page."""
        return (self.page or 0, self.number)

    @cached_property
    def stripped(self) -> str:
        """The text without leading or trailing blanks of any width."""
        return self.text.strip(" \t" + IDEOGRAPHIC_SPACE)

    @property
    def is_blank(self) -> bool:
        return not self.stripped

    @property
    def indent(self) -> int:
        """Leading indentation in levels: one per U+3000, one per two ASCII spaces."""
        ideographic = spaces = 0
        for char in self.text:
            if char == IDEOGRAPHIC_SPACE:
                ideographic += 1
            elif char == " ":
                spaces += 1
            else:
                break
        return ideographic + spaces // 2


def previous_filled(lines: list[Line], index: int) -> int | None:
    """The index of the last non-blank line before `index`, or None."""
    index -= 1
    while index >= 0 and lines[index].is_blank:
        index -= 1
    return index if index >= 0 else None
