"""A Hangul footnote (or endnote) as the line the reader prints: its number as the note's format
prints it, then its paragraphs joined ("1) 6. 30. 기준"). The note's role tells the parsers it is
no text of theirs (extractors/form/lines.py)."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from extractors.form.lines import FOOTNOTE
from extractors.read.owpml import HP, Paragraph

NOTES = (f"{HP}footNote", f"{HP}endNote")
AUTO_NUMBER = f"{HP}autoNum"


def note_line(note: Element) -> tuple[str, str]:
    """A footnote element as one line, its number as printed first, and its role."""
    paragraphs = [Paragraph(p) for sub in note.findall(f"{HP}subList") for p in sub.findall(f"{HP}p")]
    text = " ".join(t for t in (re.sub(r"[\r\n\t]+", " ", p.text or "").strip() for p in paragraphs) if t)
    return f"{note_number(note)} {text}".strip(), FOOTNOTE


def note_number(note: Element) -> str:
    """The note's number as its format prints it (prefix, number, suffix: "1)")."""
    number = next(note.iter(AUTO_NUMBER), None)
    if number is None:
        return str(note.get("number", ""))
    shape = next(iter(number), None)
    prefix, suffix = ("", ")") if shape is None else (shape.get("prefixChar", ""), shape.get("suffixChar", ""))
    return f"{prefix}{number.get('num', note.get('number', ''))}{suffix}"
