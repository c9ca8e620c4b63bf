"""Columns that many tables share, and the helpers that make the others of their kind."""

from __future__ import annotations

from schemas.model import Column

FISCAL_YEAR = Column("fiscal_year", "integer", "회계연도", "The report's year.", required=True)
ROW_ID = Column(
    "row_id", "integer", "행 번호", "1-based order within the table.", required=True, minimum=1
)
SOURCE_PAGE = Column("source_page", "integer", "원문 쪽", "1-based PDF page; empty for text and Hangul input.")
SOURCE_LINE = Column(
    "source_line", "integer", "원문 줄",
    "1-based line of the input text (of the page's text for a PDF; for any input, as `report-pipeline text` "
    "prints it) where the row's values are read.",
    required=True,
)


AUDIT_YEAR = Column("audit_year", "integer", "감사연도", "The audit the findings come from.", required=True)


def source_line(what: str) -> Column:
    return Column("source_line", "integer", "원문 줄", f"1-based line of the input text (of the page's text for a "
                  f"PDF; for any input, as `report-pipeline text` prints it) of {what}.", required=True)


def count(name: str, title: str, description: str) -> Column:
    return Column(name, "integer", title, description + " Empty where printed `-`.", minimum=0)


def amount(name: str, title: str, description: str) -> Column:
    return Column(name, "integer", title, description, unit_column="unit")


def rate(name: str, title: str, description: str) -> Column:
    return Column(name, "number", title, description + " Percent; null where printed `-` or 순증.")


UNIT = Column(
    "unit", "string", "단위", "Unit of every amount in the row, as printed (천원, 억원).", required=True
)

# What one unit of an amount is in won: every `unit` an amount may be in, largest last. The readers
# recognise these units, the checks convert between them and the data package publishes them.
UNIT_SCALES_TO_KRW = {"원": 1, "천원": 1_000, "백만원": 1_000_000, "억원": 100_000_000}
