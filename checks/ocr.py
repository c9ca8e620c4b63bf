"""The arithmetic as OCR's proof-reader: every number of a scanned page that OCR is unsure of is
tried against the checks it takes part in.

For each cell whose reading (extractors/read/readings.py) has unsure characters:
* the checks of its row and parent (the comparisons whose result moves when the cell's value
  does) all agree with the reading: it is confirmed and published, with no finding;
* else, exactly one candidate (an unsure character replaced by one of its alternatives, at most
  two of them) makes every one of those checks agree: it is published, `ocr_corrected`;
* else the most likely reading is published, `ocr_unsure` (an error for a person to confirm).
A reading OCR is sure of is never changed, so a report's own wrong totals are found in a scan as
in its text. A name with unsure letters is settled by the words the report prints surely
(ocr_names.py): one spelling they allow is published, `ocr_corrected` where it changed a letter;
else the name is `ocr_unsure`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
import regex

from checks.findings import Finding, finding, printed_number, row_name
from checks.ocr_names import holds, renamed, respelled, settled_spelling, spellings, sure_words
from checks.rules import BUDGET_TABLES, Comparison, changes, children_sums, rates
from checks.section_two import execution_rates, grant_comparisons
from extractors.form.lines import Line
from extractors.form.numbers import sign_and_digits
from extractors.read.ocr import versions
from schemas import TABLES

if TYPE_CHECKING:  # the readings of a scanned page: their module is loaded only where one is read
    from extractors.read.readings import Reading

UNSURE, CORRECTED = "ocr_unsure", "ocr_corrected"
FAR = 987_654_321  # a value no check agrees with: which checks move with a cell
NAME_COLUMNS = ("name", "program", "department", "type", "category")
NUMBER_IN_NAME = regex.compile(r"(?<![\d(])\d{1,3}(?:[,.]\d{3})+(?!\d)")  # an amount as printed: 5,588,760
NUMBERS_IN_NAME = 2


def proofread(tables: dict[str, pd.DataFrame], decimals: dict[str, pd.DataFrame], lines: list[Line]
              ) -> list[Finding]:
    """The OCR findings of the report; `tables` corrected in place where one candidate balances."""
    readings = {line.key: line.readings for line in lines if line.readings}
    if not readings:
        return []
    found: list[Finding] = []
    known = sure_words(lines)
    for table, frame in tables.items():
        if frame.empty or "source_line" not in frame.columns:
            continue
        numeric = [c.name for c in TABLES[table].columns if c.type in ("integer", "number") and c.name in frame
                   and not c.name.endswith("_id") and c.name not in ("level", "source_page", "source_line")]
        for index in frame.index:
            row = frame.loc[index]
            key = (int(row["source_page"]) if pd.notna(row["source_page"]) else 0, int(row["source_line"]))
            line_readings = readings.get(key, ())
            found += _numbers(table, frame, index, numeric, line_readings, decimals)
            found += _names(table, frame, index, line_readings, known)
    return found


def with_reviewed_values(tables: dict[str, pd.DataFrame], found: list[Finding], reviews: pd.DataFrame) -> None:
    """The printed value a reviewer gave on an OCR finding's line (the reviewed file's `value`)
    published in its cell; the finding stays, reviewed. A value that is no number is an error of
    the reviewed file, naming the key."""
    given = {key: value for key, value in zip(reviews["key"], reviews["value"], strict=True) if pd.notna(value)}
    for item in found:
        value = given.get(item["key"])
        if value is None or item["column"] not in tables[item["table"]]:
            continue
        frame = tables[item["table"]]
        number = printed_number(value) if pd.api.types.is_numeric_dtype(frame[item["column"]].dtype) else None
        index = frame.index[frame["row_id"] == item["row_id"]]
        frame.loc[index, item["column"]] = (int(number) if _integers(frame, item["column"]) else number) \
            if number is not None else value


def read_by_ocr(lines: list[Line]) -> dict[str, object]:
    """For the manifest: the pages read by OCR, and the engine's and language data's versions."""
    pages = sorted({line.page for line in lines if line.readings and line.page is not None})
    return {"pages": pages, **(versions() if pages else {})}


def _numbers(table: str, frame: pd.DataFrame, index: object, columns: list[str], line_readings: tuple[Reading, ...],
             decimals: dict[str, pd.DataFrame]) -> list[Finding]:
    found = []
    used: set[int] = set()
    for column in columns:
        value = frame.at[index, column]
        if pd.isna(value):
            continue
        place = next((i for i, r in enumerate(line_readings) if r.number and i not in used
                      and printed_number(r.text) == float(value)), None)
        if place is None:
            continue
        used.add(place)
        reading = line_readings[place]
        extra = _decimal_dropped(reading, decimals.get(table), column)
        if reading.sure and not extra:
            continue
        found += _settled(table, frame, index, column, reading, decimals, extra)
    return found


def _decimal_dropped(reading: Reading, places: pd.DataFrame | None, column: str) -> list[float]:
    """A rate read without the decimal point its column prints (`976` where the rates print
    `97.6`): the values with the point put back."""
    if places is None or column not in places or "." in reading.text or places.empty:
        return []
    usual = int(places[column].dropna().mode().iloc[0]) if places[column].notna().any() else 0
    sign, digits = sign_and_digits(reading.text)
    if usual == 0 or not digits.isdigit() or len(digits) <= usual:
        return []
    return [sign * float(digits[:-usual] + "." + digits[-usual:])]


def _settled(table: str, frame: pd.DataFrame, index: object, column: str, reading: Reading,
             decimals: dict[str, pd.DataFrame], extra: Sequence[float] = ()) -> list[Finding]:
    """No finding where the checks confirm the reading; else ocr_corrected or ocr_unsure."""
    read = frame.at[index, column]
    row = frame.loc[index]
    moved = _moving(table, frame, index, column, decimals)
    if moved and _balances(table, frame, index, column, read, moved, decimals):
        return []
    if moved:
        balancing = {value for value in [*_candidates(reading), *extra]
                     if value != float(read) and _balances(table, frame, index, column, value, moved, decimals)}
        if len(balancing) == 1:
            value = balancing.pop()
            frame.at[index, column] = int(value) if _integers(frame, column) else value
            return [finding(CORRECTED, table, row_name(row), column, row_id=row["row_id"],
                            expected=value, actual=float(read), difference=float(read) - value,
                            line=(row.get("source_page"), row.get("source_line")), reading=reading.raw)]
    return [finding(UNSURE, table, row_name(row), column, row_id=row["row_id"],
                    actual=float(read), line=(row.get("source_page"), row.get("source_line")), reading=reading.raw)]


def _integers(frame: pd.DataFrame, column: str) -> bool:
    return bool(pd.api.types.is_integer_dtype(frame[column].dtype))


def _names(table: str, frame: pd.DataFrame, index: object, line_readings: tuple[Reading, ...],
           known: frozenset[str]) -> list[Finding]:
    """A name OCR read with unsure letters: each word settled by the words the report prints
    surely (corrected where that changes it), the others `ocr_unsure`; or a name holding a row's
    numbers (a row above it whose numbers OCR misread, so that it was taken for a line of this
    row's name), `ocr_unsure` whole."""
    column = next((c for c in NAME_COLUMNS if c in frame.columns), None)
    if column is None:
        return []
    words = [r for r in line_readings if not r.number and not r.sure and _has_letters(r)]
    name = str(frame.at[index, column]) if pd.notna(frame.at[index, column]) else ""
    if len(NUMBER_IN_NAME.findall(name)) >= NUMBERS_IN_NAME:
        return _unsure_name(table, frame.loc[index], column, [r for r in line_readings if not r.number] or words)
    found, unsettled = [], []
    for word in words:
        spelling = settled_spelling(word, known)
        name = str(frame.at[index, column])
        spelled = None if spelling is None or not holds(name, word.text) else respelled(name, word.text, spelling)
        if spelled is None:
            unsettled.append(word)
        elif spelled != name:
            renamed(frame, index, column, spelled)
            row = frame.loc[index]
            found.append(finding(CORRECTED, table, row_name(row), column, row_id=row["row_id"],
                                 line=(row.get("source_page"), row.get("source_line")), reading=word.raw))
    return found + _unsure_name(table, frame.loc[index], column, unsettled)


def _has_letters(reading: Reading) -> bool:
    """A word with a letter: one OCR read only as marks (a speck's `:` or `、`, a bullet's `(>`, which
    the form's shape puts back) is no part of a name a reviewer could confirm."""
    return any(char.isalpha() for char in reading.text)


def _unsure_name(table: str, row: pd.Series, column: str, words: list[Reading]) -> list[Finding]:
    if not words:
        return []
    return [finding(UNSURE, table, row_name(row), column, row_id=row["row_id"],
                    line=(row.get("source_page"), row.get("source_line")),
                    reading=" / ".join(r.raw.replace("\n", " ") for r in words))]


def _moving(table: str, frame: pd.DataFrame, index: object, column: str, decimals: dict[str, pd.DataFrame]
            ) -> list[int]:
    """Which of the local comparisons change when the cell's value does (its checks)."""
    read = frame.at[index, column]
    base = _comparisons(table, frame, index, decimals)
    frame.at[index, column] = FAR
    try:
        far = _comparisons(table, frame, index, decimals)
    finally:
        frame.at[index, column] = read
    return [i for i, (a, b) in enumerate(zip(base, far, strict=True))
            if (a.expected, a.actual) != (b.expected, b.actual)]


def _balances(table: str, frame: pd.DataFrame, index: object, column: str, value: float, moved: list[int],
              decimals: dict[str, pd.DataFrame]) -> bool:
    read = frame.at[index, column]
    frame.at[index, column] = value
    try:
        found = _comparisons(table, frame, index, decimals)
    finally:
        frame.at[index, column] = read
    return all(found[i].agrees for i in moved)


def _comparisons(table: str, frame: pd.DataFrame, index: object, decimals: dict[str, pd.DataFrame]
                 ) -> list[Comparison]:
    """The comparisons of the row's neighbourhood: in a budget table the row, its parent, its
    siblings and its children; in the smaller tables the whole table."""
    if table in BUDGET_TABLES:
        local = _neighbourhood(frame, index)
        rows = local[local.index == index]
        return children_sums(table, local) + changes(table, rows) + rates(table, rows, decimals.get(table))
    if table == "program_execution":
        return execution_rates(frame, decimals.get(table))
    if table == "grant_scale":
        return grant_comparisons(frame, decimals.get(table))
    return []


def _neighbourhood(frame: pd.DataFrame, index: object) -> pd.DataFrame:
    row_id, parent = frame.at[index, "row_id"], frame.at[index, "parent_id"]
    near = frame["row_id"].isin([row_id, parent]) | frame["parent_id"].isin([row_id, parent])
    local = frame[near].copy()
    local.loc[~local["parent_id"].isin(local["row_id"]), "parent_id"] = pd.NA
    return local


def _candidates(reading: Reading) -> list[float]:
    """The values the reading could be: its unsure characters replaced, one or two at a time."""
    return [value for value in map(printed_number, spellings(reading)) if value is not None]
