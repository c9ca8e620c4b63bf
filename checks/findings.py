"""Findings: the comparisons that disagree, their severity and key, and the reviews."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import pandas as pd

from checks.rules import Comparison
from extractors.form.numbers import sign_and_digits
from extractors.parts.gaps import Gap
from schemas.checks import STALE_REVIEW, severity_of
from schemas.model import conform
from schemas.tables import FINDINGS, TABLES

REVIEW_COLUMNS = ("key", "note")
VALUE_COLUMN = "value"  # optional third column: the printed value of an OCR finding's cell
# What names a row in the finding's key, by the first column of these a table has.
OCR_PREFIX = "ocr_"
Finding = dict[str, Any]  # one row of findings.csv, by column
NAME_COLUMNS = ("path", "name", "program", "type", "category", "label", "department")


class ReviewFileError(ValueError):
    """The reviewed-findings file cannot be read."""


def finding_key(check: str, table: str, name: str, column: str) -> str:
    """`check|table|path or name|column`: no line number or row id, so a review survives re-wrapping."""
    return "|".join((check, table, name, column))


def finding(check: str, table: str, name: str, column: str = "", *, severity: str = "", row_id: object = None,
            expected: float | None = None, actual: float | None = None, difference: float | None = None,
            line: tuple[object, object] | None = None, note: object = None, reading: str | None = None) -> Finding:
    """One row of findings.csv: its key from the check, table, name and column; the severity the
    check's registered rule gives where none is given; `line` as (source_page, source_line)."""
    page, number = line if line is not None else (None, None)
    return {
        "key": finding_key(check, table, name, column),
        "check": check,
        "severity": severity or severity_of(check),
        "table": table,
        "row_id": row_id,
        "name": name,
        "column": column,
        "expected": expected,
        "actual": actual,
        "difference": difference,
        "reviewed": False,
        "review_note": note,
        "source_page": page,
        "source_line": number,
        "reading": reading,
    }


def findings_from(comparisons: list[Comparison], gaps: Sequence[Gap] = (), read: Sequence[Finding] = ()
                  ) -> pd.DataFrame:
    """One finding per comparison that disagrees, in the order the rules ran, then one per
    completeness gap, then the OCR findings (`read`, checks/ocr.py)."""
    rows = [_disagreement(comparison) for comparison in comparisons if not comparison.agrees]
    return _frame(rows + completeness_findings(list(gaps)) + list(read))


def _disagreement(comparison: Comparison) -> Finding:
    row = comparison.row
    return finding(comparison.check, comparison.table, row_name(row), comparison.column,
                   severity=severity_of(comparison.check, comparison.warning and comparison.computable),
                   row_id=row["row_id"], expected=comparison.expected, actual=comparison.actual,
                   difference=comparison.gap, line=(row.get("source_page"), row.get("source_line")))


def completeness_findings(gaps: list[Gap]) -> list[Finding]:
    """One finding per part found but not read, or missing (extractors' Gap): nothing was
    computed, so expected, actual and difference are empty; the key is `check|table|name|`."""
    return [finding(g.check, g.table, g.name, severity=g.level,
                    line=(g.line.page, g.line.number) if g.line is not None else None) for g in gaps]


def row_name(row: pd.Series) -> str:
    """The row's path (budget tables) or name, for the finding's key; a programme is named
    with its section, so the same name in two items stays two keys."""
    for column in NAME_COLUMNS:
        if column in row and not pd.isna(row[column]):
            if column == "program" and "section" in row:
                return f"{row['section']} {row[column]}"
            return str(row[column])
    return ""


def parse_reviews(text: str, source: str) -> pd.DataFrame:
    """The reviewed-findings file (`key, note`, and optionally `value`): every key listed once, with
    its note and the value a reviewer read in the print (empty where none is given)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    columns = tuple(cell.strip() for cell in header) if header is not None else None
    if columns not in (REVIEW_COLUMNS, (*REVIEW_COLUMNS, VALUE_COLUMN)):
        raise ReviewFileError(f"{source}, line 1: expected the header 'key,note' (or 'key,note,value'), "
                              f"found {header!r}")
    keys, notes, values, seen = [], [], [], set()
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) not in (2, len(columns)) or not cells[0].strip():
            raise ReviewFileError(f"{source}, line {number}: expected a key and a note"
                                  + (" (and a value)" if len(columns) == 3 else ""))
        key = cells[0].strip()
        if key in seen:
            raise ReviewFileError(f"{source}, line {number}: the key {key!r} is listed twice")
        value = cells[2].strip() if len(cells) == 3 else ""
        if value and not key.startswith(OCR_PREFIX):
            raise ReviewFileError(f"{source}, line {number}: a value is given only on an OCR finding's line "
                                  f"(ocr_unsure, ocr_corrected), not on {key.split('|', 1)[0]!r}")
        if value and _numeric(key) and printed_number(value) is None:
            raise ReviewFileError(f"{source}, line {number}: the value {value!r} is not a number as printed "
                                  "(1,234, △1,234, 7.4%)")
        seen.add(key)
        keys.append(key)
        notes.append(cells[1].strip())
        values.append(value or None)
    return pd.DataFrame({"key": keys, "note": notes, VALUE_COLUMN: values}, dtype="string")


def printed_number(text: str) -> float | None:
    """A number as printed (`△1,234`, `-1234`, `7.4%`) as a float; None where it is none."""
    sign, digits = sign_and_digits(text)
    try:
        return sign * float(digits)
    except ValueError:
        return None


def _numeric(key: str) -> bool:
    """Whether the key's column holds numbers (`check|table|name|column`)."""
    parts = key.split("|")
    schema = TABLES.get(parts[1]) if len(parts) == 4 else None
    column = next((c for c in schema.columns if c.name == parts[3]), None) if schema else None
    return column is not None and column.type in ("integer", "number")


def apply_reviews(findings: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """Findings with `reviewed`/`review_note` set from the reviews, and a `stale_review`
    warning for each reviewed key that no longer matches a finding."""
    notes = dict(zip(reviews["key"], reviews["note"], strict=True))
    reviewed = findings.copy()
    reviewed["reviewed"] = reviewed["key"].isin(notes.keys())
    reviewed["review_note"] = reviewed["key"].map(notes).astype("string")
    stale = [key for key in notes if key not in set(findings["key"])]
    # A stale review is about no table: its key names none, its `table` is empty (null).
    rows = [{**finding(STALE_REVIEW, "", key, note=notes[key]), "table": None} for key in stale]
    return _frame([*reviewed.to_dict("records"), *rows])


# Columns whose values are rates (floats); every other compared column holds amounts or counts.
RATE_COLUMNS = frozenset(column.name for schema in TABLES.values() for column in schema.columns
                         if column.type == "number")


def printed_value(value: Any, column: str) -> str:
    """A finding's value as a person reads it: an amount or a count as an integer ("4853145519",
    not "4853145519.0"), a rate as the float it is; empty for none."""
    if value is None or pd.isna(value):
        return ""
    if column not in RATE_COLUMNS and float(value).is_integer():
        return str(int(value))
    return repr(float(value))



def finding_counts(findings: pd.DataFrame) -> dict[str, int]:
    errors = findings["severity"] == "error"
    return {
        "error": int(errors.sum()),
        "warning": int((findings["severity"] == "warning").sum()),
        "reviewed": int(findings["reviewed"].sum()),
        "unreviewed_errors": int((errors & ~findings["reviewed"].astype(bool)).sum()),
    }


def _frame(rows: list[Finding]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=FINDINGS.column_names)
    frame["reviewed"] = frame["reviewed"].fillna(False)
    return conform(frame, FINDINGS)
