"""The Hangul document's XML (OWPML, the body of a `.hwpx`), read as the reader needs it: a
paragraph's text, tables, notes and text boxes, a table's rows of cells with their place and span
and the notes in it, a cell's paragraphs, a note's number and paragraphs. Read-only views on
ElementTree elements, the text as python-hwpx gives it (its `HwpxOxmlParagraph.text`: each run's
`hp:t`, the inline tabs, line breaks and special spaces they hold, a tab control). hwp5.py gives
the same views of an `.hwp`'s records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from extractors.read.limits import Budget

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
TABLE, PARAGRAPH, DRAW_TEXT = f"{HP}tbl", f"{HP}p", f"{HP}drawText"
NOTES = (f"{HP}footNote", f"{HP}endNote")
AUTO_NUMBER = f"{HP}autoNum"
# What the inline marks of an `hp:t` stand for in its text.
INLINE_MARKS = {"tab": "\t", "lineBreak": "\n", "nbSpace": "\u00a0", "fwSpace": "\u3000", "hyphen": "\u00ad"}


def local_name(element: Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass(frozen=True)
class Paragraph:
    """An `hp:p`."""

    element: Element

    @property
    def empty(self) -> bool:
        return len(self.element) == 0

    @property
    def runs(self) -> list[Element]:
        return [child for child in self.element if local_name(child) == "run"]

    @property
    def text(self) -> str:
        parts: list[str] = []
        for run in self.runs:
            for child in run:
                name = local_name(child)
                if name == "t":
                    parts.append(_text_of(child))
                elif name == "tab" or (name == "ctrl" and (child.get("id") or "").lower() == "tab"):
                    parts.append("\t")
        return "".join(parts)

    @property
    def tables(self) -> list[Table]:
        return [Table(child) for run in self.runs for child in run if child.tag == TABLE]

    @property
    def notes(self) -> list[Note]:
        """The footnotes and endnotes attached to the paragraph itself (not to a table's cell, a
        text box's paragraph or a paragraph of their own)."""
        return [Note(note) for run in self.runs for child in run if child.tag != TABLE
                for note in _outermost(child, NOTES)]

    def text_boxes(self, budget: Budget, nesting: int) -> Iterator[Paragraph]:
        """The paragraphs of the text boxes (drawn shapes with text) the paragraph holds, in order:
        the outermost boxes only (a box inside a box is its paragraph's), so each is read once.
        The XML's depth is bounded while it is parsed."""
        for run in self.runs:
            for child in run:
                if child.tag == TABLE:
                    continue
                for text in _outermost(child, (DRAW_TEXT,)):
                    for sub in text.findall(f"{HP}subList"):
                        yield from (Paragraph(inner) for inner in sub.findall(f"{HP}p"))


@dataclass(frozen=True)
class Table:
    """An `hp:tbl`."""

    element: Element

    @property
    def rows(self) -> list[list[Cell]]:
        return [[Cell(cell) for cell in row.findall(f"{HP}tc")] for row in self.element.findall(f"{HP}tr")]

    @property
    def notes(self) -> list[Note]:
        """Every note anywhere in the table (its cells, nested tables, boxes), in order."""
        return [Note(note) for note in self.element.iter() if note.tag in NOTES]


@dataclass(frozen=True)
class Cell:
    """An `hp:tc`: its place (row, column), its span (rows, columns) and its paragraphs."""

    element: Element

    @property
    def address(self) -> tuple[int, int]:
        return self._pair("cellAddr", "rowAddr", "colAddr", 0)

    @property
    def span(self) -> tuple[int, int]:
        return self._pair("cellSpan", "rowSpan", "colSpan", 1)

    def _pair(self, tag: str, first: str, second: str, missing: int) -> tuple[int, int]:
        """Two numbers of the cell's `tag` child (`missing` for either it does not give)."""
        found = self.element.find(f"{HP}{tag}")
        values = {} if found is None else found.attrib
        return int(values.get(first, missing)), int(values.get(second, missing))

    @property
    def paragraphs(self) -> list[Paragraph]:
        cells = self.element.find(f"{HP}subList")
        return [] if cells is None else [Paragraph(p) for p in cells.findall(f"{HP}p")]

    @property
    def text(self) -> str:
        paragraphs = self.paragraphs
        if paragraphs:
            return "\n".join(paragraph.text for paragraph in paragraphs)
        return "".join(t.text for t in self.element.findall(f".//{HP}t") if t.text)


@dataclass(frozen=True)
class Note:
    """An `hp:footNote` or `hp:endNote`."""

    element: Element

    @property
    def number(self) -> str:
        """The note's number as its format prints it (prefix, number, suffix: "1)")."""
        number = next(self.element.iter(AUTO_NUMBER), None)
        if number is None:
            return str(self.element.get("number", ""))
        shape = next(iter(number), None)
        prefix, suffix = ("", ")") if shape is None else (shape.get("prefixChar", ""), shape.get("suffixChar", ""))
        return f"{prefix}{number.get('num', self.element.get('number', ''))}{suffix}"

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [Paragraph(p) for sub in self.element.findall(f"{HP}subList") for p in sub.findall(f"{HP}p")]


def _outermost(element: Element, tags: tuple[str, ...]) -> Iterator[Element]:
    """The elements of `tags` in `element` (itself included) that are inside no other, nor inside a
    paragraph or a table of their own."""
    if element.tag in tags:
        yield element
        return
    for child in element:
        if child.tag not in (PARAGRAPH, TABLE):
            yield from _outermost(child, tags)


def _text_of(element: Element) -> str:
    """An `hp:t`'s text, with what its inline marks stand for and the text of other children."""
    parts = [element.text or ""]
    for child in element:
        name = local_name(child)
        if name in INLINE_MARKS:
            parts.append(INLINE_MARKS[name])
        elif name:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)
