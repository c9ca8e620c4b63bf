"""An HWP 5 document (`.hwp`) read from its records, as the reader needs it: the same views the
`.hwpx`'s XML gives (owpml.py), so the Hangul reader reads both alike. The compound file is opened
with olefile; its FileHeader says whether the body is compressed and refuses a protected document;
each body section is inflated within the file's budget, its records counted first, then read one
top-level paragraph at a time.

A paragraph's text is its PARA_TEXT record (UTF-16): a code below 32 is a control, one unit for a
character control (line break, hyphen, the two fixed spaces), eight for an inline control (a tab)
or an extended one, whose CTRL_HEADER record (a table, a note, a drawing) is a child of the
paragraph, in the text's order. A paragraph list (a cell, a note's body, a text box) is a
LIST_HEADER and the PARA_HEADER records that follow it at its level.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path

import olefile

from extractors.errors import ReportError
from extractors.read.hwp_records import Record, count_records, inflated, record_trees
from extractors.read.limits import Budget

PARA_HEADER, PARA_TEXT, CTRL_HEADER, LIST_HEADER, SHAPE_COMPONENT, TABLE = 66, 67, 71, 72, 76, 77
SIGNATURE = b"HWP Document File"
FLAGS_AT = 36  # in the FileHeader: after the 32-byte signature and the 4-byte version
COMPRESSED, TRACK_CHANGES = 0, 14  # bits of the FileHeader's flags
NEEDS_A_PASSWORD = "needs a password: open it in Hangul and save a copy without one, or export PDF"
DISTRIBUTION = "distribution-protected (배포용): save a copy without protection, or export PDF"
DRM = "DRM-protected: save a copy without protection in Hangul, or export PDF"
# The FileHeader's flags whose body cannot be read without a key: password, distribution, DRM,
# certificate encryption, certificate DRM.
REFUSED_FLAGS = ((1, NEEDS_A_PASSWORD), (2, DISTRIBUTION), (4, DRM), (8, DRM), (10, DRM))
SECTION = re.compile(r"^(BodyText|ViewText)/Section(\d+)$")
# Control codes in a paragraph's text: one unit each; what the others (eight units) are is below.
CHARACTER_CONTROLS = frozenset({0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31})
CHARACTER_TEXT = {10: "\n", 24: "\u00ad", 30: "\u00a0", 31: "\u3000"}  # line break, hyphen, fixed spaces
TAB = 9
CONTROL_UNIT = re.compile(rb"(?=[\x00-\x1f]\x00)")  # may match inside a unit: only even places count
NOTES = ("fn  ", "en  ")
# Drawn shapes whose paragraph list is a text box (a picture's or an OLE object's is a caption).
TEXT_BOX_SHAPES = frozenset({"$rec", "$ell", "$arc", "$pol", "$lin", "$cur", "$col", "$tat"})
GROUP = "$con"


def body_paragraphs(path: Path, budget: Budget) -> Iterator[Paragraph]:
    """The document's top-level paragraphs, section by section, once the file is known to be a
    readable, unprotected HWP 5 document."""
    with olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT) as compound:
        flags = _flags(path, compound)
        for name in _sections(compound, flags):
            data = _stream(path, compound, name)
            if flags >> COMPRESSED & 1:
                data = inflated(data, budget)
            count_records(data, name, budget)
            for record in record_trees(data, name):
                if record.tag == PARA_HEADER:
                    yield Paragraph(record)


def _flags(path: Path, compound: olefile.OleFileIO) -> int:
    if not compound.exists("FileHeader"):
        raise ReportError(path.name, "not a Hangul .hwp file (the compound file has no HWP FileHeader)")
    header = _stream(path, compound, "FileHeader")
    if not header.startswith(SIGNATURE) or len(header) < FLAGS_AT + 4:
        raise ReportError(path.name, "not a Hangul .hwp file (its FileHeader has no HWP signature)")
    if header[35] != 5:  # the version's major number, the high byte of its little-endian word
        raise ReportError(path.name, "an HWP file older than HWP 5: save it again in Hangul as .hwp or .hwpx")
    flags = int.from_bytes(header[FLAGS_AT:FLAGS_AT + 4], "little")
    for bit, refusal in REFUSED_FLAGS:
        if flags >> bit & 1:
            raise ReportError(path.name, refusal)
    return flags


def _sections(compound: olefile.OleFileIO, flags: int) -> list[str]:
    """The body's section streams in order: ViewText's where the document tracks changes (its body
    with the change marks), BodyText's otherwise."""
    found: dict[str, dict[int, str]] = {"BodyText": {}, "ViewText": {}}
    for parts in compound.listdir():
        if match := SECTION.match("/".join(parts)):
            found[match[1]][int(match[2])] = match[0]
    body, view = found["BodyText"], found["ViewText"]
    if not body:
        raise ValueError("the document has no BodyText section")
    chosen = view if flags >> TRACK_CHANGES & 1 and sorted(view) == sorted(body) else body
    return [chosen[number] for number in sorted(chosen)]


def _stream(path: Path, compound: olefile.OleFileIO, name: str) -> bytes:
    """A stream's bytes; one the directory says is larger than the file is refused unread (its
    sectors would be read over and over)."""
    if compound.get_size(name) > path.stat().st_size:
        raise ValueError(f"the stream {name} is said to be larger than the file")
    with compound.openstream(name) as stream:
        return bytes(stream.read())


def control_id(record: Record) -> str:
    """A CTRL_HEADER's (or a SHAPE_COMPONENT's) four-letter id, as printed ("tbl ", "fn  ")."""
    return record.body[3::-1].decode("latin-1") if len(record.body) >= 4 else ""


def paragraph_lists(records: list[Record]) -> list[tuple[Record, list[Record]]]:
    """The paragraph lists among sibling records: each LIST_HEADER and the paragraphs after it."""
    lists: list[tuple[Record, list[Record]]] = []
    for record in records:
        if record.tag == LIST_HEADER:
            lists.append((record, []))
        elif record.tag == PARA_HEADER and lists:
            lists[-1][1].append(record)
    return lists


def text_of(body: bytes) -> str:
    """A PARA_TEXT record's text: characters as they are, controls as what they stand for."""
    parts: list[str] = []
    start, end = 0, len(body) - len(body) % 2
    for match in CONTROL_UNIT.finditer(body, 0, end):
        at = match.start()
        if at % 2 or at < start:
            continue
        parts.append(body[start:at].decode("utf-16-le", "replace"))
        code = body[at]
        if code in CHARACTER_CONTROLS:
            parts.append(CHARACTER_TEXT.get(code, ""))
            start = at + 2
        else:
            parts.append("\t" if code == TAB else "")
            start = at + 16
    parts.append(body[start:end].decode("utf-16-le", "replace"))
    return "".join(parts)


class Paragraph:
    """A PARA_HEADER and its records."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self.controls = [(control_id(child), child) for child in record.children if child.tag == CTRL_HEADER]

    @property
    def empty(self) -> bool:
        return not self.record.children

    @property
    def text(self) -> str:
        return "".join(text_of(child.body) for child in self.record.children if child.tag == PARA_TEXT)

    @property
    def tables(self) -> list[Table]:
        return [Table(control) for kind, control in self.controls if kind == "tbl "]

    @property
    def notes(self) -> list[Note]:
        """The footnotes and endnotes attached to the paragraph itself."""
        return [Note(control) for kind, control in self.controls if kind in NOTES]

    def text_boxes(self, budget: Budget, nesting: int) -> Iterator[Paragraph]:
        """The paragraphs of the text boxes the paragraph holds, a group's boxes included."""
        for kind, control in self.controls:
            if kind == "gso ":
                for component in control.children:
                    if component.tag == SHAPE_COMPONENT:
                        yield from _box_paragraphs(component, budget, nesting)
                        break


def _box_paragraphs(component: Record, budget: Budget, nesting: int) -> Iterator[Paragraph]:
    budget.at_most("nesting", nesting)
    kind = control_id(component)
    if kind == GROUP:
        for child in component.children:
            if child.tag == SHAPE_COMPONENT:
                yield from _box_paragraphs(child, budget, nesting + 1)
    elif kind in TEXT_BOX_SHAPES:
        for _, paragraphs in paragraph_lists(component.children)[:1]:
            yield from (Paragraph(paragraph) for paragraph in paragraphs)


class Table:
    """A table control: its cells, row by row as the TABLE record counts them."""

    def __init__(self, control: Record) -> None:
        self.control = control

    @property
    def rows(self) -> list[list[Cell]]:
        children = self.control.children
        at = next((index for index, record in enumerate(children) if record.tag == TABLE), len(children))
        # the lists before the TABLE record are the table's caption; those after it its cells
        cells = [Cell(header, records) for header, records in paragraph_lists(children[at + 1:])]
        rows, start = [], 0
        for size in (_row_sizes(children[at].body) if at < len(children) else []) or [len(cells)]:
            rows.append(cells[start:start + size])
            start += size
        return rows

    @property
    def notes(self) -> list[Note]:
        """Every note anywhere in the table (its cells, nested tables, boxes), in order."""
        return [Note(record) for record in self.control.walk()
                if record.tag == CTRL_HEADER and control_id(record) in NOTES]


def _row_sizes(body: bytes) -> list[int]:
    """The cells of each row: after the flags (4), rows, columns, spacing (2 each) and margins (8)."""
    (rows,) = struct.unpack_from("<H", body.ljust(6, b"\0"), 4)
    return list(struct.unpack_from(f"<{rows}H", body.ljust(18 + 2 * rows, b"\0"), 18))


class Cell:
    """A cell's LIST_HEADER (its place and span) and its paragraphs."""

    def __init__(self, header: Record, records: list[Record]) -> None:
        self.header, self.records = header, records
        self._place = struct.unpack_from("<4H", header.body.ljust(16, b"\0"), 8)  # column, row, spans

    @property
    def address(self) -> tuple[int, int]:
        return self._place[1], self._place[0]

    @property
    def span(self) -> tuple[int, int]:
        return self._place[3], self._place[2]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [Paragraph(record) for record in self.records]

    @property
    def text(self) -> str:
        return "\n".join(paragraph.text for paragraph in self.paragraphs)


class Note:
    """A footnote's or endnote's control: its number as printed and its body's paragraphs."""

    def __init__(self, control: Record) -> None:
        self.control = control

    @property
    def number(self) -> str:
        """The first auto-number's (prefix, number, suffix: "1)"), else the note's own number."""
        for record in self.control.walk():
            if record.tag == CTRL_HEADER and control_id(record) == "atno":
                number, _user, prefix, suffix = struct.unpack_from("<4H", record.body.ljust(16, b"\0"), 8)
                return f"{_character(prefix)}{number}{_character(suffix)}"
        return str(struct.unpack_from("<I", self.control.body.ljust(8, b"\0"), 4)[0])

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [Paragraph(record) for _, records in paragraph_lists(self.control.children)[:1] for record in records]


def _character(code: int) -> str:
    """A character code as text; nothing for 0 or a code that is no character."""
    return chr(code) if 0 < code < 0xD800 or 0xE000 <= code < 0x110000 else ""
