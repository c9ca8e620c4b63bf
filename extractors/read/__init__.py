"""Readers: one module per input format, each giving the section parsers the same form, numbered
and normalised lines (one per printed line, paragraph or table row).

    text.py    .txt: UTF-8 or CP949
    pdf.py     .pdf: pdfplumber page by page; ruled grids rendered row by row (grids.py); a scanned
               page read by OCR (scanned.py: cells through the same row layer; readings.py,
               ocr_numbers.py, ocr_marks.py say what OCR's characters mean)
    hangul.py  .hwpx and .hwp, read alike through the views of hangul_views.py: owpml.py gives them
               of an .hwpx's XML, hwp5.py of an .hwp's records (hwp_records.py); tables as cells
               (rows.py renders both kinds of grid)

A reader module has `read_lines(path, options)`; one whose full read is costly also has
`check(path, options)`, a cheap look at its structure before any flow starts. Only this package opens
the input; it starts no process (a PDF's pages are read in parallel by a `ReadOptions.pages` that
the flows give).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from extractors.errors import ReportError
from extractors.form.lines import Line
from extractors.read.limits import Budget
from extractors.read.warnings import collected_warnings

# Suffix → the reader module (imported on first use: pdfplumber or olefile only where needed).
READERS = {".pdf": "extractors.read.pdf", ".txt": "extractors.read.text", ".hwpx": "extractors.read.hangul",
           ".hwp": "extractors.read.hangul"}
SUFFIXES = tuple(READERS)
DEFAULT_MAX_INPUT_BYTES = 200 * 1024 * 1024

__all__ = ["READERS", "READ_HERE", "SUFFIXES", "PagesReader", "ReadOptions", "check_file", "quick_check", "read_lines"]

# Reads a PDF's pages [0, count) some other way than one after the other here (flows/runners.py: on
# a pool of processes): called with (path, count, max_pages, options, first page scanned); the pages
# in order, or None to read them here.
PagesReader = Callable[[Path, int, int, "ReadOptions", bool], "list[Any] | None"]
# Told of each page read by OCR (seconds each), for progress on a long scan: the file's name, the
# page's number and the PDF's page count.
PageProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ReadOptions:
    """How a report is read: whether a PDF's scanned pages are read by OCR (else such a page has no
    text), who reads a PDF's pages (None: this process, one after the other), and who is told of
    each page read by OCR (None: nobody)."""

    ocr: bool = True
    pages: PagesReader | None = None
    progress: PageProgress | None = None


READ_HERE = ReadOptions()  # OCR on, the pages one after the other in this process


def read_lines(path: str | Path, warnings: list[str] | None = None, options: ReadOptions = READ_HERE
               ) -> list[Line]:
    """Every line of the report at `path`, normalised, numbered from 1 (per page for a PDF); the
    libraries' warnings go into `warnings` (never to the terminal)."""
    path = Path(path)
    check_file(path)
    with collected_warnings([] if warnings is None else warnings):
        lines = _reader(path).read_lines(path, options)
    return bounded_lines(lines, path.name)


def bounded_lines(lines: list[Line], source: str) -> list[Line]:
    """The lines, refused where there are too many or one is too long for a report (the parsers'
    patterns would take minutes on a line of millions of characters)."""
    budget = Budget(source)
    budget.at_most("lines", len(lines))
    for line in lines:
        budget.at_most("line_characters", len(line.text), line=line)
    return lines


def quick_check(path: str | Path, options: ReadOptions = READ_HERE) -> list[Line] | None:
    """Bad input recognised cheaply: the file, then its format's structure. The lines where
    reading them all is cheap (text), else None."""
    path = Path(path)
    check_file(path)
    reader = _reader(path)
    with collected_warnings([]):
        if hasattr(reader, "check"):
            reader.check(path, options)
            return None
        return bounded_lines(reader.read_lines(path, options), path.name)


def check_file(path: Path) -> None:
    """The file exists, is of a known type and is neither empty nor past the size limit."""
    if not path.exists():
        raise ReportError(str(path), "no such file")
    if not path.is_file():
        raise ReportError(str(path), "not a file")
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise ReportError(path.name, f"unsupported file type {suffix or '(none)'}: expected "
                                     f"{', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]}")
    size = path.stat().st_size
    if size == 0:
        raise ReportError(path.name, "the file is empty")
    if size > DEFAULT_MAX_INPUT_BYTES:
        limit = DEFAULT_MAX_INPUT_BYTES
        raise ReportError(path.name, f"the file is {size:,} bytes, over the limit of {limit:,}")


def _reader(path: Path) -> ModuleType:
    return import_module(READERS[path.suffix.lower()])
