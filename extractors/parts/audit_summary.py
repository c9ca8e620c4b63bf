"""Section Ⅳ 총괄: the counts of last year's findings by category and status.

The table is found by the one table finder (tables.py) by its rows (a label, then counts:
`계 30 22 7 - 1`); its header is the lines above its first row, whatever they say, and its
columns are named by the status words the header prints, mapped through a wide vocabulary (완료,
조치완료, 처리완료 … are one status). A column whose word maps to no status is kept out of the
four and named in a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

import pandas as pd
import regex

from extractors.form.lines import Line, LineKey
from extractors.form.normalise import clean_name, fold
from extractors.form.shapes import trailing_counts
from extractors.form.vocabulary import (
    AUDIT_STATED_TOTAL,
    ITEM_BULLETS,
    STATUS_COLUMN,
    STATUS_WORDS,
    SUMMARY_LABEL_WORDS,
    SUMMARY_TOTAL_WORDS,
)
from extractors.parts.gaps import Gap, gap
from extractors.parts.tables import Row, Span, TableShape, find_tables
from schemas import TABLES, Record, table_frame

COLUMNS = ("total", "completed", "in_progress", "under_review", "not_reflected")
MIN_COUNTS = 2
MAX_LABEL_LINES = 5
MAX_WORD_TOKENS = 4
MAX_EXTRA_WORDS = 6  # header words beyond the columns (labels, group cells) considered at the most
TITLE_MARKS = "□■" + ITEM_BULLETS.replace("•", "") + "●▶-"  # a title line of the 총괄, not a row
HANGUL_LETTER = regex.compile(r"^\p{Hangul}$")


@dataclass
class Summary:
    frame: pd.DataFrame
    used: set[LineKey]
    gaps: list[Gap] = field(default_factory=list)
    stated_total: int | None = None
    stated_line: Line | None = None
    title: Line | None = None


def parse_summary(lines: list[Line], fiscal_year: int, audit_year: int) -> Summary:
    """The 총괄 rows among `lines` (the part of section Ⅳ before its first finding)."""
    used: set[LineKey] = set()
    stated = stated_line = title = None
    for line in lines:
        match = AUDIT_STATED_TOTAL.search(line.stripped)
        if match and stated is None:
            stated, stated_line = int(match["count"].replace(",", "")), line
        if line.stripped.startswith(tuple(TITLE_MARKS)):
            used.add(line.key)
            title = title or line
    rows, header = _rows(lines)
    short: list[Line] = []
    gaps: list[Gap] = []
    records: list[Record] = []
    if rows:
        width = len(rows[0].tokens)
        columns = summary_columns(" ".join(line.stripped for line in header), width)
        heading = (title.stripped if title is not None else " ".join(line.stripped for line in header[:1]))
        if columns is None:
            gaps.append(gap("table_not_read", "audit_summary", heading, header[0] if header else rows[0].line))
        else:
            gaps += [gap("unknown_summary_column", "audit_summary", word, header[0] if header else None)
                     for column, word in columns if column is None]
            for row in rows:
                if len(row.tokens) != width:
                    short.append(row.line)
                    continue
                records.append(_record(clean_name(row.name), row.tokens, columns, row.line))
                used |= set(row.used)
            used |= {line.key for line in header}
        gaps += [gap("table_not_read", "audit_summary", heading, line) for line in short]
    if stated_line is not None:
        used.add(stated_line.key)
    frame = table_frame(TABLES["audit_summary"], records, fiscal_year, audit_year=audit_year)
    return Summary(frame, used, gaps, stated, stated_line, title)


def summary_columns(header: str, width: int) -> list[tuple[str | None, str]] | None:
    """(column or None, word as printed) for each of `width` count columns, from the header's
    words: "구 분 계 완 료 추진중 검토중 미반영" → total, completed, in_progress, under_review,
    not_reflected. Words of a merged group cell or a label are left out; None where there are
    fewer words than columns."""
    words = [word for word in _words(header) if word[0] != "label"][-(width + MAX_EXTRA_WORDS) :]
    if len(words) < width:
        return None
    best = max(combinations(range(len(words)), width), key=lambda chosen: _fit([words[i] for i in chosen], chosen))
    found, seen = [], set()
    for i in best:
        column, printed = words[i]
        column = column if column not in seen else None
        seen.add(column)
        found.append((column, printed))
    return found


def status_of(printed: str) -> str | None:
    """The contract's status for a printed status word, or None where its meaning is unclear:
    "추진 중" → 추진중, "조치완료" → 추진완료, "추진완료(’23. 3.)" → 추진완료."""
    folded = fold(printed)
    candidates = [folded, regex.sub(r"[(（\[].*$", "", folded), fold(printed.split()[0]) if printed.split() else ""]
    for candidate in candidates:
        if candidate in STATUS_WORDS:
            return STATUS_WORDS[candidate]
    return None


def _words(header: str) -> list[tuple[str | None, str]]:
    """The header's words, spaced letters rejoined where they spell a known word: (column or
    "label" or None, word as printed)."""
    tokens = header.split()
    words: list[tuple[str | None, str]] = []
    index = 0
    while index < len(tokens):
        for size in range(min(MAX_WORD_TOKENS, len(tokens) - index), 0, -1):
            joined = "".join(tokens[index : index + size])
            known = _known(joined)
            if known is not None:
                words.append((known, " ".join(tokens[index : index + size])))
                index += size
                break
        else:
            size = 1
            while (HANGUL_LETTER.match(tokens[index]) and index + size < len(tokens)
                   and HANGUL_LETTER.match(tokens[index + size]) and _known(tokens[index + size]) is None):
                size += 1
            words.append((None, " ".join(tokens[index : index + size])))
            index += size
    return words


def _known(word: str) -> str | None:
    folded = fold(word)
    if folded in SUMMARY_LABEL_WORDS:
        return "label"
    if folded in SUMMARY_TOTAL_WORDS:
        return "total"
    status = STATUS_WORDS.get(folded)
    return STATUS_COLUMN[status] if status else None


def _fit(chosen: list[tuple[str | None, str]], positions: tuple[int, ...]) -> tuple[int, int, int]:
    """How well a choice of header words names the columns: known words (less repeated ones), then
    the form's order (계 before the statuses), then later words (a merged group cell stands above
    its columns)."""
    known = [COLUMNS.index(column) for column, _ in chosen if column is not None]
    distinct = len(set(known))
    ordered = sum(1 for a, b in zip(known, known[1:], strict=False) if a < b)
    return distinct - (len(known) - distinct), ordered, sum(positions)


def count_spans(lines: list[Line]) -> tuple[list[Span], list[int]]:
    """Every 총괄 row: a label, then counts (`계 30 22 7 - 1`)."""
    spans = []
    for index, line in enumerate(lines):
        label, counts = trailing_counts(line.stripped)
        if len(counts) >= MIN_COUNTS and label and not AUDIT_STATED_TOTAL.search(line.stripped):
            spans.append(Span("audit_summary", index, (index,), label, tuple(counts)))
    return spans, []


def starts_summary_part(line: Line) -> bool:
    """A title (□ 총괄, ○ …) or the stated total (`총 30건`): never part of a label."""
    return line.stripped.startswith(tuple(TITLE_MARKS)) or bool(AUDIT_STATED_TOTAL.search(line.stripped))


SUMMARY_SHAPE = TableShape(
    spans=count_spans, starts_part=starts_summary_part, is_header=lambda line: False, owns_title=lambda line: True,
    max_name_lines=MAX_LABEL_LINES, max_header_lines=None, title_anywhere_above=True, header_ends_at_page_break=False,
    max_gap=None, shared_by=None, unit_above=False,
)


def _rows(lines: list[Line]) -> tuple[list[Row], list[Line]]:
    """The 총괄 rows, found by the one table finder, and the header lines above the first. A row's
    label may wrap onto the lines before its counts."""
    tables = find_tables(lines, SUMMARY_SHAPE)[0]
    return [row for table in tables for row in table.rows], (tables[0].header if tables else [])


def _record(label: str, counts: Sequence[str], columns: list[tuple[str | None, str]], line: Line) -> Record:
    values = dict.fromkeys(COLUMNS)
    for (column, _), count in zip(columns, counts, strict=True):
        if column is not None:
            values[column] = None if count == "-" else int(count)
    return {"category": label, **values, "source_page": line.page, "source_line": line.number}
