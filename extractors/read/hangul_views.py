"""What the Hangul reader reads of a document, whichever file holds it: owpml.py gives these views
of an `.hwpx`'s XML, hwp5.py of an `.hwp`'s records. And a footnote (or endnote) as the line the
reader prints: its number as the note's format prints it, then its paragraphs joined ("1) 6. 30.
기준"); its role tells the parsers it is no text of theirs (extractors/form/lines.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Protocol

from extractors.form.lines import FOOTNOTE
from extractors.read.limits import Budget


class Paragraph(Protocol):
    @property
    def empty(self) -> bool: ...  # holds nothing at all: a blank line, read at once

    @property
    def text(self) -> str: ...

    @property
    def tables(self) -> Sequence[Table]: ...

    @property
    def notes(self) -> Sequence[Note]: ...

    def text_boxes(self, budget: Budget, nesting: int) -> Iterator[Paragraph]: ...


class Cell(Protocol):
    @property
    def address(self) -> tuple[int, int]: ...  # row, column

    @property
    def span(self) -> tuple[int, int]: ...  # rows, columns

    @property
    def paragraphs(self) -> Sequence[Paragraph]: ...

    @property
    def text(self) -> str: ...


class Table(Protocol):
    @property
    def rows(self) -> Sequence[Sequence[Cell]]: ...

    @property
    def notes(self) -> Sequence[Note]: ...


class Note(Protocol):
    @property
    def number(self) -> str: ...

    @property
    def paragraphs(self) -> Sequence[Paragraph]: ...


def note_line(note: Note) -> tuple[str, str]:
    """A note as one line, its number as printed first, and its role."""
    text = " ".join(t for t in (re.sub(r"[\r\n\t]+", " ", p.text or "").strip() for p in note.paragraphs) if t)
    return f"{note.number} {text}".strip(), FOOTNOTE
