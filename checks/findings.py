"""Findings: the comparisons that disagree, their severity and key, and the reviews."""

from __future__ import annotations

import csv
import io

import pandas as pd

from checks.rules import Comparison
from schemas.model import conform
from schemas.tables import FINDINGS, TABLES

REVIEW_COLUMNS = ("key", "note")
# What names a row in the finding's key, by the first column of these a table has.
NAME_COLUMNS = ("path", "name", "program", "type", "category", "label", "department")


class ReviewFileError(ValueError):
    """The reviewed-findings file cannot be read."""


def finding_key(check: str, table: str, name: str, column: str) -> str:
    """`check|table|path or name|column`: no line number or row id, so a review survives re-wrapping."""
    return "|".join((check, table, name, column))


def findings_from(comparisons: list[Comparison], gaps: list = ()) -> pd.DataFrame:
    """One finding per comparison that disagrees, in the order the rules ran, then one per
    completeness gap."""
    rows = []
    for comparison in comparisons:
        if comparison.agrees:
            continue
        row = comparison.row
        name = row_name(row)
        difference = None
        if comparison.computable and comparison.actual is not None:
            difference = round(comparison.actual - comparison.expected, 10)
        rows.append(
            {
                "key": finding_key(comparison.check, comparison.table, name, comparison.column),
                "check": comparison.check,
                "severity": "warning" if comparison.warning and comparison.computable else "error",
                "table": comparison.table,
                "row_id": row["row_id"],
                "name": name,
                "column": comparison.column,
                "expected": comparison.expected,
                "actual": comparison.actual,
                "difference": difference,
                "reviewed": False,
                "review_note": None,
                "source_page": row.get("source_page"),
                "source_line": row.get("source_line"),
            }
        )
    return _frame(rows + completeness_findings(list(gaps)))


def completeness_findings(gaps: list) -> list[dict]:
    """One finding per part found but not read, or missing (extractors.parts.gaps.Gap): nothing was
    computed, so expected, actual and difference are empty; the key is `check|table|name|`."""
    return [
        {
            "key": finding_key(g.check, g.table, g.name, ""),
            "check": g.check,
            "severity": g.level,
            "table": g.table,
            "row_id": None,
            "name": g.name,
            "column": "",
            "reviewed": False,
            "source_page": g.line.page if g.line is not None else None,
            "source_line": g.line.number if g.line is not None else None,
        }
        for g in gaps
    ]


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
    """The reviewed-findings file (`key, note`): every key listed once, with its note."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(cell.strip() for cell in header) != REVIEW_COLUMNS:
        raise ReviewFileError(f"{source}, line 1: expected the header 'key,note', found {header!r}")
    keys, notes, seen = [], [], set()
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != 2 or not cells[0].strip():
            raise ReviewFileError(f"{source}, line {number}: expected a key and a note")
        key = cells[0].strip()
        if key in seen:
            raise ReviewFileError(f"{source}, line {number}: the key {key!r} is listed twice")
        seen.add(key)
        keys.append(key)
        notes.append(cells[1].strip())
    return pd.DataFrame({"key": keys, "note": notes}, dtype="string")


def apply_reviews(findings: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """Findings with `reviewed`/`review_note` set from the reviews, and a `stale_review`
    warning for each reviewed key that no longer matches a finding."""
    notes = dict(zip(reviews["key"], reviews["note"], strict=True))
    reviewed = findings.copy()
    reviewed["reviewed"] = reviewed["key"].isin(notes.keys())
    reviewed["review_note"] = reviewed["key"].map(notes).astype("string")
    stale = [key for key in notes if key not in set(findings["key"])]
    rows = [
        {
            "key": finding_key("stale_review", "", key, ""),
            "check": "stale_review",
            "severity": "warning",
            "name": key,
            "column": "",
            "reviewed": False,
            "review_note": notes[key],
        }
        for key in stale
    ]
    return _frame([*reviewed.to_dict("records"), *rows])


# Columns whose values are rates (floats); every other compared column holds amounts or counts.
RATE_COLUMNS = frozenset(column.name for schema in TABLES.values() for column in schema.columns
                         if column.type == "number")


def printed_value(value, column: str) -> str:
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


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=FINDINGS.column_names)
    frame["reviewed"] = frame["reviewed"].fillna(False)
    return conform(frame, FINDINGS)
