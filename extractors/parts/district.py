"""자치구·동 행정여건: one row per printed number, with a label from its context, its unit,
and the printed line as the note. Lines without a number are the block's headings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import regex

from extractors.form.dates import read_date
from extractors.form.lines import LineKey
from extractors.form.normalise import clean_name
from extractors.form.numbers import NEGATIVE_SIGNS
from extractors.form.vocabulary import COUNTED_UNITS, JO_IN_EOK, STAT_NUMBER
from extractors.parts.blocks import Block
from schemas import TABLES, Record, table_frame

# Bullets and glyphs that lead a line (not △, which leads a negative number)
LEADING_MARKS = regex.compile(rf"^(?:(?![{NEGATIVE_SIGNS}])[\p{{Co}}\p{{So}}‣ㅇ※*\-\s])+")
LABEL_SEPARATOR = regex.compile(r"-{2,}|:")
PUNCTUATION = regex.compile(r"[\[\],:/\-–]+")
DEFAULT_MAX_HEADING_CHARS = 15


@dataclass
class DistrictStats:
    frame: pd.DataFrame
    used: set[LineKey]


def parse_district_stats(block: Block, fiscal_year: int) -> DistrictStats:
    """Every number with a unit in the block; its title's too, where a line of numbers leads it
    (a block found by its shape, under no title of its own)."""
    used = {block.title.key}
    rows: list[Record] = []
    titled = [block.title] if STAT_NUMBER.search(block.title.stripped) else []
    for line in [*titled, *block.lines]:
        text = LEADING_MARKS.sub("", line.stripped)
        if not text:
            continue
        if read_date(text):
            used.add(line.key)
            continue
        found = list(_numbers(text))
        if not found:
            if len(clean_name(text)) <= DEFAULT_MAX_HEADING_CHARS:
                used.add(line.key)
            continue
        note = clean_name(text)
        for label, value, unit in found:
            rows.append({"label": label, "value": value, "unit": unit, "note": note,
                         "source_page": line.page, "source_line": line.number})
        used.add(line.key)
    frame = table_frame(TABLES["district_stats"], rows, fiscal_year)
    return DistrictStats(frame, used)


def _numbers(text: str) -> Iterator[tuple[str, float, str]]:
    """(label, value, unit) of every number with a unit on a line, in order. The label is the
    line's own label ("면 적 ----", "행정인력 :") with the words just before the number; inside
    parentheses, the label of what the parenthesis qualifies with the words inside it."""
    has_label = LABEL_SEPARATOR.search(text)
    line_label = clean_name(LABEL_SEPARATOR.split(text, maxsplit=1)[0]) if has_label else ""
    outside, owner, inside, depth, position = line_label, line_label, "", 0, 0
    for match in STAT_NUMBER.finditer(text):
        words = ""
        for part in regex.split(r"([()])", text[position : match.start()]):
            if part == "(":
                if depth == 0:
                    owner = _clause_label(words, line_label) or outside
                depth, words, inside = depth + 1, "", ""
            elif part == ")":
                depth, words = max(0, depth - 1), ""
            else:
                words += part
        position = match.end()
        if depth:
            inside_words = _words(words)
            inside = f"{owner} {inside_words}".strip() if inside_words else (inside or owner)
            base = inside
        else:
            inside = ""
            outside = _clause_label(words, line_label) or outside
            base = outside
        yield _labelled(base, match)


def _clause_label(words: str, line_label: str) -> str:
    """The label a clause gives: "최소 : 가나구" → "최소 가나구"; "정원" under "행정인력 :" →
    "행정인력 정원"; the line's own label alone before its separator → that label."""
    if LABEL_SEPARATOR.search(words):
        before, after = (_words(part) for part in _split_last(words))
        if before and after:
            return f"{before} {after}"
        return f"{before or line_label} {after}".strip() if (before or after) else line_label
    found = _words(words)
    if found and line_label and LABEL_SEPARATOR.search(words) is None and found != line_label:
        return found
    return found


def _split_last(text: str) -> tuple[str, str]:
    parts = LABEL_SEPARATOR.split(text)
    return " ".join(parts[:-1]), parts[-1]


def _labelled(base: str, match: regex.Match[str]) -> tuple[str, float, str]:
    unit = regex.sub(r"\s+", "", match["unit"])
    value = float(match["value"].replace(",", ""))
    if match["jo"]:
        value += int(match["jo"]) * JO_IN_EOK
    label = f"{base} {COUNTED_UNITS[unit]} 수".strip() if unit in COUNTED_UNITS else base
    return label, value, unit


def _words(text: str) -> str:
    return clean_name(PUNCTUATION.sub(" ", text))
