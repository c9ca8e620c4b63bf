"""The tables of the combined files of several reports (output/_all/): items linked across years."""

from __future__ import annotations

from schemas.columns import FISCAL_YEAR, UNIT, amount
from schemas.model import Column, ForeignKey, TableSchema

REPORT_ID = Column("report_id", "string", "보고서", "The report's id: its input file's stem.", required=True)
DETAIL_TABLE = Column("table", "string", "표", "The detail table of the row.", required=True,
                      enum=("revenue_detail", "expenditure_detail"))
ITEM_KEY = Column("item_key", "string", "항목 키", "The item across years: `report_id:table:row_id` of its earliest "
                  "row, shared by every later row that continues it.", required=True)
LINEAGE = TableSchema(
    "lineage", "항목 연계", "Every row of every report's revenue_detail and expenditure_detail, with the item it "
    "continues from the bureau's report of the year before.", "",
    (
        ITEM_KEY, DETAIL_TABLE, REPORT_ID, FISCAL_YEAR,
        Column("row_id", "integer", "행 번호", "row_id of the row in its report's detail table.", required=True),
        Column("path", "string", "경로", "The row's path in its report.", required=True),
        Column("match", "string", "연계", "first: the bureau's earliest report (or a report not linked, see "
               "evidence); same_path: the previous report has the same path; renamed: the path differs, linked by "
               "the overlapping year's amount and the tree around it; new: printed 순증, or no match.", required=True,
               enum=("first", "same_path", "renamed", "new")),
        Column("dropped", "boolean", "다음 연도 없음", "True where the next report has no row continuing this item; "
               "empty for the bureau's latest report."),
        Column("evidence", "string", "근거", "Why, in words."),
    ),
    primary_key=("report_id", "table", "row_id"),
)
BUDGET_BY_YEAR = TableSchema(
    "budget_by_year", "연도별 예산", "One row per item and report: the bureau's budget as a time series.", "",
    (
        DETAIL_TABLE, ITEM_KEY, FISCAL_YEAR, REPORT_ID,
        Column("name", "string", "구분", "The item's name in that report.", required=True),
        Column("path", "string", "경로", "The item's path in that report.", required=True),
        amount("budget_prev", "전년도 예산현액", "Previous year's budget as that report prints it."),
        amount("budget", "예산현액", "That year's budget."),
        amount("actual", "징수액/집행액", "Collected or spent to that report's as-of date."),
        UNIT,
    ),
    primary_key=("table", "item_key", "report_id"),
    foreign_keys=(ForeignKey(("table", "item_key", "report_id"), "lineage", ("table", "item_key", "report_id")),),
)
COMBINED_TABLES = {schema.name: schema for schema in (LINEAGE, BUDGET_BY_YEAR)}
