"""The names of the checks that are not comparisons of printed values, with their severity.

Completeness findings (a part found but not read, or missing) and the multi-year warning: nothing
is computed for them, so `expected`, `actual` and `difference` stay empty. See "Completeness
findings" in the contract.
"""

ERROR = "error"
WARNING = "warning"
COMPLETENESS_CHECKS = {
    "table_not_read": ERROR,
    "section_empty": ERROR,
    "section_missing": WARNING,
    "block_overrun": ERROR,
    "numbers_in_narrative": ERROR,
    "block_not_read": ERROR,
    "unknown_status": WARNING,
    "unknown_summary_column": WARNING,
    "budget_prev_matches_last_report": WARNING,
}
STALE_REVIEW = "stale_review"
# A scanned page's readings (see "OCR findings" in the contract): `reading` holds OCR's raw text.
OCR_CHECKS = {"ocr_unsure": ERROR, "ocr_corrected": WARNING}
# Findings that are no comparison of printed values: kept out of the Great Expectations cross-check.
NOT_COMPARISONS = frozenset({STALE_REVIEW, *COMPLETENESS_CHECKS, *OCR_CHECKS})
