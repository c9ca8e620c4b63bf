"""One definition per table of the output contract: columns, types, titles, units, keys."""

from __future__ import annotations

from schemas.columns import (
    AUDIT_YEAR,
    FISCAL_YEAR,
    ROW_ID,
    SOURCE_LINE,
    SOURCE_PAGE,
    UNIT,
    amount,
    count,
    rate,
    source_line,
)
from schemas.model import Column, ForeignKey, TableSchema

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
    amount("budget_prev", "전년도 예산현액", "Previous year's budget (예산현액)."),
    amount("budget", "예산현액", "Current year's budget (예산현액)."),
    amount("change", "증감액", "Printed change from the previous year (증감액)."),
    rate("change_rate", "증감률", "Printed rate of change (증감률)."),
    Column("is_new", "boolean", "순증", "True where the rate is printed 순증 (a new item).", required=True),
    amount("actual", "징수액/집행액", "Collected (revenue) or spent (expenditure) to the as-of date."),
    rate("actual_rate", "징수율/집행률", "Printed collection or execution rate."),
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
                SOURCE_PAGE, source_line("the unit's name"),
            ),
        ),
        TableSchema(
            "department_duties", "부서별 담당업무", "One row per duty bullet of each department, section Ⅰ.",
            "general",
            (
                FISCAL_YEAR, ROW_ID,
                Column("department", "string", "부서", "The department, spaced letters rejoined.", required=True),
                Column("duty", "string", "담당업무", "The duty bullet's text, wrapped lines joined.", required=True),
                SOURCE_PAGE, source_line("the bullet"),
            ),
        ),
        TableSchema(
            "district_stats", "자치구·동 행정여건", "One row per number printed in 자치구·동 행정여건 (section Ⅰ), "
            "chart residue included.", "general",
            (
                FISCAL_YEAR, ROW_ID,
                Column("label", "string", "항목", "What the number is, from its printed context (e.g. 면적, 인구, "
                       "조직 동 수).", required=True),
                Column("value", "number", "값", "The number, in `unit`; 3조 2,000억원 is 32000 in 억원.",
                       required=True),
                Column("unit", "string", "단위", "The unit as printed (㎢, 명, 천세대, 억원, %, 개동, …).",
                       required=True),
                Column("note", "string", "원문", "The printed line the number stands in."),
                SOURCE_PAGE, source_line("the number"),
            ),
        ),
        TableSchema(
            "work_report", "주요 업무보고", "Section Ⅱ narrative: one row per bullet or unmarked paragraph, wrapped "
            "lines joined.", "work_report",
            (
                FISCAL_YEAR, ROW_ID,
                Column("chapter", "integer", "장", "Chapter number within section Ⅱ.", required=True,
                       minimum=1),
                Column("item", "integer", "항목", "Item number within the chapter.", required=True, minimum=1),
                Column("title", "string", "제목", "The item's heading.", required=True),
                Column("marker", "string", "기호", "The printed bullet (□, ㅇ, ◦, -, ‣, ※, ①, …); empty for a "
                       "paragraph."),
                Column("depth", "integer", "깊이", "0 for □ and paragraphs, 1 for ㅇ ◦ ○, 2 for - ①…, 3 below; a ※ "
                       "or * note is one below the bullet before it.", required=True, minimum=0),
                Column("text", "string", "내용", "The bullet's text without its marker, wrapped lines joined.",
                       required=True),
                SOURCE_PAGE, source_line("the bullet"),
            ),
        ),
        TableSchema(
            "program_execution", "예산집행 현황", "Every 《 예산집행 현황 》 and 집행(교부) 현황 table of "
            "section Ⅱ, one row per programme.", "work_report",
            (
                FISCAL_YEAR, ROW_ID,
                Column("section", "string", "항목", "chapter-item of section Ⅱ, e.g. 1-1.", required=True),
                Column("program", "string", "사업명", "The programme as printed, wrapped lines joined.", required=True),
                amount("budget", "예산현액", "Budget (예산현액)."),
                amount("committed", "원인행위", "Committed (집행액 원인행위)."),
                amount("spent", "지출액", "Spent (집행액 지출액)."),
                rate("committed_rate", "원인행위 집행률", "Committed / budget."),
                rate("spent_rate", "지출액 집행률", "Spent / budget."),
                amount("expected_year_end", "연말 집행예상액", "Expected spending by the year's end."),
                rate("expected_rate", "연말 집행예상률", "Expected / budget."),
                UNIT, SOURCE_PAGE, source_line("the row's numbers"),
            ),
        ),
        TableSchema(
            "grant_scale", "조정교부금 규모", "The 조정교부금 scale table of section Ⅱ: main and supplementary "
            "budgets of both years by type.", "work_report",
            (
                FISCAL_YEAR, ROW_ID,
                Column("type", "string", "구분", "합계, or the type of grant as printed.", required=True),
                amount("budget_main", "본예산", "Current year's main budget."),
                amount("budget_supp", "추경예산", "Current year's supplementary budget."),
                amount("budget_total", "소계", "Current year's total."),
                amount("prev_main", "전년도 본예산", "Previous year's main budget."),
                amount("prev_supp", "전년도 추경예산", "Previous year's supplementary budget."),
                amount("prev_total", "전년도 소계", "Previous year's total."),
                amount("change", "증감", "Printed change (A−B)."),
                rate("change_rate", "증감률", "Printed rate of change."),
                UNIT, SOURCE_PAGE, source_line("the row's numbers"),
            ),
        ),
        TableSchema(
            "audit_summary", "지적사항 처리 총괄", "Counts of last year's audit findings by category and status "
            "(section Ⅳ 총괄): one row for 계 and one per category.", "audit",
            (
                FISCAL_YEAR, ROW_ID, AUDIT_YEAR,
                Column("category", "string", "구분", "계, or the category as the 총괄 table prints it.", required=True),
                count("total", "계", "All findings of the row."),
                count("completed", "완료", "Findings whose status is 추진완료."),
                count("in_progress", "추진중", "Findings whose status is 추진중."),
                count("under_review", "검토중", "Findings whose status is 검토중."),
                count("not_reflected", "미반영", "Findings whose status is 미반영."),
                SOURCE_PAGE, source_line("the row"),
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
                SOURCE_PAGE, source_line("the request"),
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
        Column("reading", "string", "OCR 판독", "For a finding on a cell read by OCR (a scanned page): OCR's raw "
               "reading of the cell as text; empty for every other finding."),
    ),
    primary_key=(),  # `key` repeats where a report prints the same path twice
)
