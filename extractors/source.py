"""Read a report file into normalised lines (the only place that opens the input)."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import ReportError
from .lines import Line
from .normalise import normalise_text

TEXT_SUFFIXES = (".txt",)
PDF_SUFFIXES = (".pdf",)
DEFAULT_TEXT_ENCODINGS = ("utf-8", "cp949")
DEFAULT_MAX_INPUT_BYTES = 200 * 1024 * 1024


def read_lines(path: str | Path) -> list[Line]:
    """Every line of the report at `path`, normalised, numbered from 1."""
    path = Path(path)
    check_file(path)
    if path.suffix.lower() in PDF_SUFFIXES:
        from .pdf import read_pdf_lines

        return read_pdf_lines(path)
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
    lines = [
        Line(normalise_text(raw), number)
        for number, raw in enumerate(text.splitlines(), start=1)
    ]
    if all(line.is_blank for line in lines):
        raise ReportError(name, "the file holds no text")
    return lines


def check_file(path: Path) -> None:
    if not path.exists():
        raise ReportError(str(path), "no such file")
    if not path.is_file():
        raise ReportError(str(path), "not a file")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + PDF_SUFFIXES:
        raise ReportError(path.name, f"unsupported file type {suffix or '(none)'}: expected .pdf or .txt")
    size = path.stat().st_size
    if size == 0:
        raise ReportError(path.name, "the file is empty")
    if size > DEFAULT_MAX_INPUT_BYTES:
        limit = DEFAULT_MAX_INPUT_BYTES
        raise ReportError(path.name, f"the file is {size:,} bytes, over the limit of {limit:,}")
