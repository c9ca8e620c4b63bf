"""Read a text report: UTF-8 (with or without BOM) or CP949, LF, CRLF or CR line ends."""

from __future__ import annotations

import codecs
from pathlib import Path

from extractors.errors import ReportError
from extractors.form.lines import Line
from extractors.form.normalise import normalise_text
from extractors.read import ReadOptions
from extractors.read.limits import Budget

DEFAULT_TEXT_ENCODINGS = ("utf-8", "cp949")


def read_lines(path: Path, options: ReadOptions | None = None) -> list[Line]:
    """Every line of the text report at `path`, normalised, numbered from 1 (`options` choose
    nothing for a text)."""
    return text_to_lines(decode_text(path.read_bytes(), path.name), path.name)


def decode_text(data: bytes, name: str) -> str:
    """The text of a `.txt` report: UTF-8 (with or without BOM) or CP949."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        raise ReportError(name, "binary data, not a text report (it contains NUL bytes)")
    for encoding in DEFAULT_TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportError(name, "unknown text encoding (expected UTF-8 or CP949/EUC-KR)")


def text_to_lines(text: str, name: str) -> list[Line]:
    """Split decoded text into numbered, normalised lines (LF, CRLF or CR)."""
    Budget(name).at_most("text_characters", len(text))
    lines = [
        Line(normalise_text(raw), number)
        for number, raw in enumerate(text.splitlines(), start=1)
    ]
    if all(line.is_blank for line in lines):
        raise ReportError(name, "the file holds no text")
    return lines
