"""Section Ⅰ's blocks of numbers found by their shape, whatever their titles say (or where they have
none a glyph would mark): runs of lines that no other parser read and that carry numbers with units.

A run whose lines are the district block's kind (`label ---- number unit`, `label : number unit`,
chart bins `4만 이상(14개동, 3.3%)`) is read as district facts; any other run of numbers with units
is a part that could not be read (`block_not_read`). A lone line with a number (a note under the
org chart) is no block.
"""

from __future__ import annotations

import pandas as pd
import regex

from extractors.form.lines import Line, LineKey
from extractors.form.shapes import row_shape
from extractors.form.vocabulary import STAT_NUMBER
from extractors.parts.blocks import Block

# "‣ 면 적 -------- 605.24㎢", "행정인력 : 정원 37,230명": a label, its separator, then a number with a unit
LABELLED_NUMBER = regex.compile(r"^\S.*?(?:-{2,}|[:：])\s*.*?\d")
# A population chart's bin: "4만 이상(14개동, 3.3%)", "2~3만(179개동, 42.1%)"
CHART_BIN = regex.compile(r"\d+\s*(?:~\s*\d+\s*)?만\s*(?:이상|이하|미만|초과)?\s*\(\s*\d+\s*개[동구]")
MIN_BLOCK_LINES = 2


def stray_blocks(lines: list[Line], used: set[LineKey]) -> tuple[list[Block], list[Block]]:
    """(district-shaped blocks, other blocks of numbers) among the lines no parser used, each
    titled by its first line without a number (else its first line, whose numbers are read too)."""
    district: list[Block] = []
    other: list[Block] = []
    for run in _runs(lines, used):
        numbered = [line for line in run if _has_number(line)]
        if len(numbered) < MIN_BLOCK_LINES:
            continue
        title = next((line for line in run if not _has_number(line)), run[0])
        block = Block("district_stats", title, [line for line in run if line is not title])
        shaped = sum(bool(LABELLED_NUMBER.match(line.stripped) or CHART_BIN.search(line.stripped))
                     for line in numbered)
        (district if shaped >= MIN_BLOCK_LINES else other).append(block)
    return district, other


def in_printed_order(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """District rows of several blocks as one table, in the order they are printed."""
    frame = pd.concat([f for f in frames if not f.empty] or frames[:1], ignore_index=True)
    frame = frame.sort_values(["source_page", "source_line"], kind="stable", na_position="first")
    frame["row_id"] = range(1, len(frame) + 1)
    return frame.reset_index(drop=True)


def _runs(lines: list[Line], used: set[LineKey]) -> list[list[Line]]:
    """Consecutive lines no parser used (blank lines go with them), split at every used line."""
    runs: list[list[Line]] = [[]]
    for line in lines:
        if line.key in used and not line.is_blank:
            runs.append([])
        elif not line.is_blank:
            runs[-1].append(line)
    return [run for run in runs if run]


def _has_number(line: Line) -> bool:
    return bool(STAT_NUMBER.search(line.stripped)) and row_shape(line.stripped) is None
