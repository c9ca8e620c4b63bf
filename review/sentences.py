"""Every check in a sentence, for a reviewer: what the rule compares and what to look for in the
printed report. A check the page does not know is shown by its name."""

from __future__ import annotations

SENTENCES = {
    "parent_equals_sum_of_children": "This row's printed {column} should equal the sum of its children's (the rows "
                                     "the arithmetic puts under it, listed below).",
    "change_equals_budget_minus_prev": "The printed 증감액 should equal this year's 예산현액 minus last year's.",
    "change_rate": "The printed 증감률 should equal 증감액 ÷ last year's 예산현액 × 100, rounded half-up to the "
                   "decimals it is printed with.",
    "actual_rate": "The printed 징수율/집행률 should equal 징수액/집행액 ÷ 예산현액 × 100, rounded half-up to the "
                   "decimals it is printed with.",
    "summary_matches_detail": "The summary table's figure ({column}) should equal the detail table's row (or rows) "
                              "it stands for.",
    "org_unit_total": "The org chart's title states how many units the bureau has; the chart lists another number.",
    "org_staff_total": "The org chart's title states the bureau's staff; its units' staff add up to another number.",
    "audit_counts_match_items": "The 총괄 table's count ({column}) should equal the number of findings printed with "
                                "that category and status.",
    "audit_summary_adds_up": "The 총괄 table should add up: a row's total is the sum of its status columns, and 계 "
                             "is the sum of the categories.",
    "execution_rate": "The printed 집행률 should equal the amount ÷ 예산현액 × 100, rounded half-up to the decimals "
                      "it is printed with.",
    "execution_matches_detail": "The programme's {column} in the 예산집행 현황 table should equal its row in the "
                                "세출예산 detail table (converted to the same unit by the rounding rule).",
    "grant_subtotal": "본예산 + 추경예산 should equal the printed 소계.",
    "grant_types_sum": "The types of 조정교부금 should add up to the printed 합계.",
    "stale_review": "The reviewed file lists this key, but no finding has it any more: the report changed, or the "
                    "key was mistyped. Remove the line, or fix it.",
    "table_not_read": "A table's title, header or rows were found here, but no row could be read: check the printed "
                      "table and the lines listed as unparsed.",
    "section_empty": "This section heading was found, but none of its tables has a readable row.",
    "section_missing": "A section of the form is not in the report at all.",
    "block_overrun": "This part of the report runs on into another section's content (a heading was probably lost); "
                     "the lines from here on were not read.",
    "block_not_read": "A block of section Ⅰ holds numbers with units that no part of the pipeline could read: "
                      "check the printed block; its lines are in unparsed_lines.csv.",
    "numbers_in_narrative": "A line read as text has the numbers of a table row: a table that was not recognised "
                            "as one?",
    "unknown_status": "The status word of this finding is not one the pipeline knows: its status is left empty.",
    "unknown_summary_column": "A 총괄 column's status word is not one the pipeline knows: its counts are left out.",
    "ocr_unsure": "This cell of a scanned page was read by OCR, which is not sure of it, and no check confirms it: "
                  "compare it with the print (the crop beside it) and confirm it or give the printed value.",
    "ocr_corrected": "OCR was unsure of this cell of a scanned page; the arithmetic of its row and parent allows one "
                     "value only, which is published (the raw reading is beside it).",
    "budget_prev_matches_last_report": "This report's previous-year budget should equal the budget the earlier "
                                       "report printed for the same item (a change after that report's as-of date "
                                       "is normal).",
}


def sentence(check: str, column: str = "") -> str:
    template = SENTENCES.get(check)
    if template is None:
        return f"Check {check}."
    return template.format(column=column or "value")
