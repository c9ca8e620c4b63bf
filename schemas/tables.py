"""One definition per table of the output contract: columns, types, titles, units, keys."""

from __future__ import annotations

from schemas.model import Column, ForeignKey, TableSchema

FISCAL_YEAR = Column("fiscal_year", "integer", "회계연도", "The report's year.", required=True)
ROW_ID = Column(
    "row_id", "integer", "행 번호", "1-based order within the table.", required=True, minimum=1
)
SOURCE_PAGE = Column("source_page", "integer", "원문 쪽", "1-based PDF page; empty for text input.")
SOURCE_LINE = Column(
    "source_line", "integer", "원문 줄",
    "1-based line of the input text (of the page's text for a PDF) where the row's values are read.",
    required=True,
)


AUDIT_YEAR = Column("audit_year", "integer", "감사연도", "The audit the findings come from.", required=True)


def _source_line(what: str) -> Column:
    return Column("source_line", "integer", "원문 줄", f"1-based line of the input text (of the page's text for a "
                  f"PDF) of {what}.", required=True)


def _count(name: str, title: str, description: str) -> Column:
    return Column(name, "integer", title, description + " Empty where printed `-`.", minimum=0)


def _amount(name: str, title: str, description: str) -> Column:
    return Column(name, "integer", title, description, unit_column="unit")


def _rate(name: str, title: str, description: str) -> Column:
    return Column(name, "number", title, description + " Percent; null where printed `-` or 순증.")


UNIT = Column(
    "unit", "string", "단위", "Unit of every amount in the row, as printed (천원, 억원).", required=True
)


BUDGET_COLUMNS = (
    FISCAL_YEAR,
    ROW_ID,
    Column("parent_id", "integer", "상위 행", "row_id of the parent row (in the combined files: of the same "
           "report_id); empty for the root."),
    Column("level", "integer", "수준", "0 for the root, counting down the tree.", required=True, minimum=0),
    Column(
        "name", "string", "구분", "Name as printed: wrapped lines joined, spaced letters rejoined.",
        required=True,
    ),
    Column("path", "string", "경로", "Names from the root, joined by ' > '.", required=True),
    _amount("budget_prev", "전년도 예산현액", "Previous year's budget (예산현액)."),
    _amount("budget", "예산현액", "Current year's budget (예산현액)."),
    _amount("change", "증감액", "Printed change from the previous year (증감액)."),
    _rate("change_rate", "증감률", "Printed rate of change (증감률)."),
    Column("is_new", "boolean", "순증", "True where the rate is printed 순증 (a new item).", required=True),
    _amount("actual", "징수액/집행액", "Collected (revenue) or spent (expenditure) to the as-of date."),
    _rate("actual_rate", "징수율/집행률", "Printed collection or execution rate."),
    UNIT,
    SOURCE_PAGE,
    SOURCE_LINE,
)


def _budget_table(name: str, title: str, description: str, section: str, direction: str) -> TableSchema:
    return TableSchema(
        name, title, description, section, BUDGET_COLUMNS,
        foreign_keys=(ForeignKey(("parent_id",), "", ("row_id",)),), extra={"direction": direction},
    )


TABLES: dict[str, TableSchema] = {
    schema.name: schema
    for schema in (
        _budget_table(
            "revenue_summary", "세입총괄", "Revenue budget summary of section Ⅰ.", "general", "revenue"
        ),
        _budget_table(
            "expenditure_summary", "세출총괄", "Expenditure budget summary of section Ⅰ.", "general",
            "expenditure",
        ),
        _budget_table(
            "revenue_detail", "세입예산 세부 현황", "Revenue budget by item, section Ⅲ (levels 0–5).",
            "budget_detail", "revenue",
        ),
        _budget_table(
            "expenditure_detail", "세출예산 정책/단위/세부사업별",
            "Expenditure budget of section Ⅲ: bureau, department, policy, unit and detail programme.",
            "budget_detail", "expenditure",
        ),
        TableSchema(
            "org_units", "조직 및 인력", "One row per unit (과, 사업소) of the bureau, section Ⅰ.", "general",
            (
                FISCAL_YEAR, ROW_ID,
                Column("name", "string", "부서", "The unit's name, spaced letters rejoined.", required=True),
                Column("teams", "integer", "팀 수", "Teams; empty where the chart prints none.", minimum=0),
                Column("staff", "integer", "인원", "Staff (현원).", required=True, minimum=0),
                Column("as_of", "date", "기준일", "The chart's as-of date (where it prints no year, of the fiscal "
                       "year); else the report's as-of date."),
                SOURCE_PAGE, _source_line("the unit's name"),
            ),
        ),
        TableSchema(
            "department_duties", "부서별 담당업무", "One row per duty bullet of each department, section Ⅰ.",
            "general",
            (
                FISCAL_YEAR, ROW_ID,
                Column("department", "string", "부서", "The department, spaced letters rejoined.", required=True),
                Column("duty", "string", "담당업무", "The duty bullet's text, wrapped lines joined.", required=True),
                SOURCE_PAGE, _source_line("the bullet"),
            ),
        ),
        TableSchema(
            "district_stats", "자치구·동 행정여건", "One row per number printed in 자치구·동 행정여건 (section Ⅰ), "
            "chart residue included.", "general",
            (
                FISCAL_YEAR, ROW_ID,
                Column("label", "string", "항목", "What the number is, from its printed context (e.g. 면적, 인구, "
                       "조직 동 수).", required=True),
                Column("value", "number", "값", "The number, in `unit`; 22조 1,491억원 is 221491 in 억원.",
                       required=True),
                Column("unit", "string", "단위", "The unit as printed (㎢, 명, 천세대, 억원, %, 개동, …).",
                       required=True),
                Column("note", "string", "원문", "The printed line the number stands in."),
                SOURCE_PAGE, _source_line("the number"),
            ),
        ),
        TableSchema(
            "work_report", "주요 업무보고", "Section Ⅱ narrative: one row per bullet or unmarked paragraph, wrapped "
            "lines joined.", "work_report",
            (
                FISCAL_YEAR, ROW_ID,
                Column("chapter", "integer", "장", "Chapter number (1–3 in the reference report).", required=True,
                       minimum=1),
                Column("item", "integer", "항목", "Item number within the chapter.", required=True, minimum=1),
                Column("title", "string", "제목", "The item's heading.", required=True),
                Column("marker", "string", "기호", "The printed bullet (□, ㅇ, ◦, -, ‣, ※, ①, …); empty for a "
                       "paragraph."),
                Column("depth", "integer", "깊이", "0 for □ and paragraphs, 1 for ㅇ ◦ ○, 2 for - ①…, 3 below; a ※ "
                       "or * note is one below the bullet before it.", required=True, minimum=0),
                Column("text", "string", "내용", "The bullet's text without its marker, wrapped lines joined.",
                       required=True),
                SOURCE_PAGE, _source_line("the bullet"),
            ),
        ),
        TableSchema(
            "program_execution", "예산집행 현황", "Every 《 예산집행 현황 》 and 집행(교부) 현황 table of "
            "section Ⅱ, one row per programme.", "work_report",
            (
                FISCAL_YEAR, ROW_ID,
                Column("section", "string", "항목", "chapter-item of section Ⅱ, e.g. 1-1.", required=True),
                Column("program", "string", "사업명", "The programme as printed, wrapped lines joined.", required=True),
                _amount("budget", "예산현액", "Budget (예산현액)."),
                _amount("committed", "원인행위", "Committed (집행액 원인행위)."),
                _amount("spent", "지출액", "Spent (집행액 지출액)."),
                _rate("committed_rate", "원인행위 집행률", "Committed / budget."),
                _rate("spent_rate", "지출액 집행률", "Spent / budget."),
                _amount("expected_year_end", "연말 집행예상액", "Expected spending by the year's end."),
                _rate("expected_rate", "연말 집행예상률", "Expected / budget."),
                UNIT, SOURCE_PAGE, _source_line("the row's numbers"),
            ),
        ),
        TableSchema(
            "grant_scale", "조정교부금 규모", "The 조정교부금 scale table of section Ⅱ: main and supplementary "
            "budgets of both years by type.", "work_report",
            (
                FISCAL_YEAR, ROW_ID,
                Column("type", "string", "구분", "합계, or the type of grant as printed.", required=True),
                _amount("budget_main", "본예산", "Current year's main budget."),
                _amount("budget_supp", "추경예산", "Current year's supplementary budget."),
                _amount("budget_total", "소계", "Current year's total."),
                _amount("prev_main", "전년도 본예산", "Previous year's main budget."),
                _amount("prev_supp", "전년도 추경예산", "Previous year's supplementary budget."),
                _amount("prev_total", "전년도 소계", "Previous year's total."),
                _amount("change", "증감", "Printed change (A−B)."),
                _rate("change_rate", "증감률", "Printed rate of change."),
                UNIT, SOURCE_PAGE, _source_line("the row's numbers"),
            ),
        ),
        TableSchema(
            "audit_summary", "지적사항 처리 총괄", "Counts of last year's audit findings by category and status "
            "(section Ⅳ 총괄): one row for 계 and one per category.", "audit",
            (
                FISCAL_YEAR, ROW_ID, AUDIT_YEAR,
                Column("category", "string", "구분", "계, or the category as the 총괄 table prints it.", required=True),
                _count("total", "계", "All findings of the row."),
                _count("completed", "완료", "Findings whose status is 추진완료."),
                _count("in_progress", "추진중", "Findings whose status is 추진중."),
                _count("under_review", "검토중", "Findings whose status is 검토중."),
                _count("not_reflected", "미반영", "Findings whose status is 미반영."),
                SOURCE_PAGE, _source_line("the row"),
            ),
        ),
        TableSchema(
            "audit_findings", "지적사항 처리 결과", "Every finding of last year's audit with its status, section Ⅳ.",
            "audit",
            (
                FISCAL_YEAR, ROW_ID, AUDIT_YEAR,
                Column("item_no", "integer", "번호", "Running number through all categories in report order.",
                       required=True, minimum=1),
                Column("category", "string", "구분", "The label of the matching audit_summary row (the groups of "
                       "findings come in the order of its rows); empty where the report prints no 총괄 table."),
                Column("department", "string", "부서", "The department in parentheses, as printed.", required=True),
                Column("status", "string", "추진상황", "추진완료, 추진중, 검토중 or 미반영 (the same meaning in other "
                       "words maps too: 조치완료 → 추진완료); empty where the printed word's meaning is unclear (a "
                       "warning finding names it).", enum=("추진완료", "추진중", "검토중", "미반영")),
                Column("status_printed", "string", "추진상황(원문)", "The status word as printed.", required=True),
                Column("request", "string", "지적사항", "The full request text.", required=True),
                Column("actions", "string", "추진내용", "Text under □ 추진내용 (or 검토내용, or a combined 추진내용 및 "
                       "향후 추진계획); one bullet per line."),
                Column("plan", "string", "향후계획", "Text under a separate plan heading, else empty."),
                SOURCE_PAGE, _source_line("the request"),
            ),
            foreign_keys=(ForeignKey(("category",), "audit_summary", ("category",)),),
        ),
    )
}

UNPARSED_LINES = TableSchema(
    "unparsed_lines",
    "인식되지 않은 줄",
    "Every non-blank input line that no extractor recognised.",
    "",
    (
        SOURCE_PAGE,
        SOURCE_LINE,
        Column("text", "string", "내용", "The line as read (normalised to NFC).", required=True),
    ),
    primary_key=(),
)

SEVERITIES = ("error", "warning")
FINDINGS = TableSchema(
    "findings",
    "검증 결과",
    "Every printed value that disagrees with the value other printed values give, and every "
    "stale review. A finding is a warning when rounding of the printed operands alone can "
    "explain it, an error otherwise.",
    "",
    (
        Column("key", "string", "식별자", "check|table|path or name|column: stable across runs and re-wrapped "
               "reports (no line numbers, no row ids). Where a report prints two rows with the same path, "
               "their findings share the key, and a review covers both.", required=True),
        Column("check", "string", "검사", "The rule, e.g. parent_equals_sum_of_children, change_rate, "
               "summary_matches_detail, stale_review.", required=True),
        Column("severity", "string", "심각도", "error, or warning where rounding alone can explain the gap.",
               required=True, enum=SEVERITIES),
        Column("table", "string", "표", "The table of the row the finding is about."),
        Column("row_id", "integer", "행 번호", "row_id of that row in its table."),
        Column("name", "string", "구분", "The row's path (budget tables) or name."),
        Column("column", "string", "열", "The column whose printed value disagrees."),
        Column("expected", "number", "계산값", "The value the other printed values give (a rate rounded "
               "half-up to the printed decimals); empty where it cannot be computed."),
        Column("actual", "number", "인쇄값", "The value printed in the report."),
        Column("difference", "number", "차이", "actual − expected."),
        Column("reviewed", "boolean", "검토됨", "True where the key is listed in raw/<stem>.reviewed.csv.",
               required=True),
        Column("review_note", "string", "검토 의견", "The reviewer's note: what the report prints and why it is "
               "accepted."),
        SOURCE_PAGE,
        Column("source_line", "integer", "원문 줄", "Line of the row's values in the input text."),
    ),
    primary_key=(),  # `key` repeats where a report prints the same path twice
)


# The combined files of several years (output/_all/, schemas/lineage.py).
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
        _amount("budget_prev", "전년도 예산현액", "Previous year's budget as that report prints it."),
        _amount("budget", "예산현액", "That year's budget."),
        _amount("actual", "징수액/집행액", "Collected or spent to that report's as-of date."),
        UNIT,
    ),
    primary_key=("table", "item_key", "report_id"),
    foreign_keys=(ForeignKey(("table", "item_key", "report_id"), "lineage", ("table", "item_key", "report_id")),),
)
COMBINED_TABLES = {schema.name: schema for schema in (LINEAGE, BUDGET_BY_YEAR)}
