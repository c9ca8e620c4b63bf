"""The Hangul document's XML (OWPML, the body of a `.hwpx` and of a `.hwp` converted to it), read as the
reader needs it: a paragraph's text and tables, a table's rows and cells with their place and span, a
cell's paragraphs. Read-only views on ElementTree elements, the text as python-hwpx gives it (its
`HwpxOxmlParagraph.text`: each run's `hp:t`, the inline tabs, line breaks and special spaces they
hold, a tab control), without loading python-hwpx for a `.hwpx`.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
TABLE = f"{HP}tbl"
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


@dataclass(frozen=True)
class Table:
    """An `hp:tbl`."""

    element: Element

    @property
    def rows(self) -> list[Row]:
        return [Row(row) for row in self.element.findall(f"{HP}tr")]


@dataclass(frozen=True)
class Row:
    element: Element

    @property
    def cells(self) -> list[Cell]:
        return [Cell(cell) for cell in self.element.findall(f"{HP}tc")]


@dataclass(frozen=True)
class Cell:
    """An `hp:tc`: its place (row, column), its span (rows, columns) and its paragraphs."""

    element: Element

    @property
    def address(self) -> tuple[int, int]:
        place = self.element.find(f"{HP}cellAddr")
        if place is None:
            return (0, 0)
        return (int(place.get("rowAddr", "0")), int(place.get("colAddr", "0")))

    @property
    def span(self) -> tuple[int, int]:
        span = self.element.find(f"{HP}cellSpan")
        if span is None:
            return (1, 1)
        return (int(span.get("rowSpan", "1")), int(span.get("colSpan", "1")))

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
