"""Every check the pipeline can report, once: its name (findings.csv's `check`), the tables it looks at,
its severity rule, the sentence the review page shows and its row in docs/checks.md (generated).

A finding whose check is not here cannot be built (`severity_of` refuses it), so a new check is one
entry here plus the code that computes it. The kinds:

- comparisons: a printed value against what other printed values give; an `error`, or for amounts and
  rates a `warning` where rounding alone explains the gap (see "Checks, findings and reviews" in docs/checks.md);
- completeness: a part found but not read, or missing; nothing is computed for them, so `expected`,
  `actual` and `difference` stay empty (see "Completeness findings" in the contract);
- lineage: in a folder of several years, a report against the one before it (flows/writing/lineage.py);
- review: a reviewed key no finding has any more;
- OCR: a scanned page's readings (see "OCR findings" in the contract): `reading` holds OCR's raw text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
ROUNDING = "rounding"  # a comparison: an error, a warning where rounding alone explains the gap
COMPARISON, COMPLETENESS, LINEAGE, OCR, REVIEW = "comparison", "completeness", "lineage", "ocr", "review"
BUDGET = ("revenue_summary", "expenditure_summary", "revenue_detail", "expenditure_detail")


@dataclass(frozen=True)
class Check:
    name: str
    kind: str
    tables: tuple[str, ...]
    severity: str  # ERROR, WARNING or ROUNDING: what a finding of the check is unless its code says otherwise
    sentence: str  # for a reviewer, on the review page; `{column}` is the finding's column
    what: str  # docs/checks.md: what is compared with what

    @property
    def compares_printed_values(self) -> bool:
        """Whether the Great Expectations cross-check recomputes it (only comparisons are)."""
        return self.kind == COMPARISON


def _check(name: str, kind: str, tables: Sequence[str], severity: str, sentence: str, what: str) -> Check:
    return Check(name, kind, tuple(tables), severity, sentence, what)


REGISTRY = (
    _check("parent_equals_sum_of_children", COMPARISON, BUDGET, ROUNDING,
           "This row's printed {column} should equal the sum of its children's (the rows the arithmetic puts "
           "under it, listed below).",
           "a parent's `budget_prev`, `budget`, `actual` against the sums of its children"),
    _check("change_equals_budget_minus_prev", COMPARISON, (*BUDGET, "grant_scale"), ROUNDING,
           "The printed 증감액 should equal this year's 예산현액 minus last year's.",
           "`change` against `budget − budget_prev`"),
    _check("change_rate", COMPARISON, BUDGET, ROUNDING,
           "The printed 증감률 should equal 증감액 ÷ last year's 예산현액 × 100, rounded half-up to the decimals it "
           "is printed with.",
           "a printed 증감률 against its operands, rounded half-up to the printed decimals"),
    _check("actual_rate", COMPARISON, BUDGET, ROUNDING,
           "The printed 징수율/집행률 should equal 징수액/집행액 ÷ 예산현액 × 100, rounded half-up to the decimals "
           "it is printed with.",
           "a printed 징수율/집행률 against its operands, rounded half-up to the printed decimals"),
    _check("summary_matches_detail", COMPARISON, BUDGET, ROUNDING,
           "The summary table's figure ({column}) should equal the detail table's row (or rows) it stands for.",
           "계 against the bureau row; each 세출총괄 department row against the sum of its policy programmes; "
           "조정교부금, 행정운영경비, 재무활동 against their detail rows; each 세입총괄 row against the detail row "
           "with its name and amounts"),
    _check("org_unit_total", COMPARISON, ("org_units",), ERROR,
           "The org chart's title states how many units the bureau has; the chart lists another number.",
           "the org chart's stated unit count (`7과 1사업소`) against its rows"),
    _check("org_staff_total", COMPARISON, ("org_units",), ERROR,
           "The org chart's title states the bureau's staff; its units' staff add up to another number.",
           "the org chart's stated staff (`375명`) against the sum of its rows"),
    _check("audit_counts_match_items", COMPARISON, ("audit_summary", "audit_findings"), ERROR,
           "The 총괄 table's count ({column}) should equal the number of findings printed with that category and "
           "status.",
           "each 총괄 count (per category and status, and the stated `총 48 건`) against the findings"),
    _check("audit_summary_adds_up", COMPARISON, ("audit_summary",), ERROR,
           "The 총괄 table should add up: a row's total is the sum of its status columns, and 계 is the sum of the "
           "categories.",
           "the 총괄 table against itself: 계 = Σ categories, each total = Σ statuses"),
    _check("execution_rate", COMPARISON, ("program_execution",), ROUNDING,
           "The printed 집행률 should equal the amount ÷ 예산현액 × 100, rounded half-up to the decimals it is "
           "printed with.",
           "each execution rate against its amounts and the budget"),
    _check("execution_matches_detail", COMPARISON, ("program_execution", "expenditure_detail"), ROUNDING,
           "The programme's {column} in the 예산집행 현황 table should equal its row in the 세출예산 detail table "
           "(converted to the same unit by the rounding rule).",
           "each programme's budget and spent against its `expenditure_detail` row: the row with the same current "
           "budget and actual, else one whose name holds the programme's; amounts in 억원 against 천원 by the "
           "rounding rule. Programmes with neither are funded outside this account: not findings, listed in "
           "`manifest.json` (`programs_without_detail_row`)"),
    _check("grant_subtotal", COMPARISON, ("grant_scale",), ROUNDING,
           "본예산 + 추경예산 should equal the printed 소계.",
           "본예산 + 추경 = 소계, for both years"),
    _check("grant_types_sum", COMPARISON, ("grant_scale",), ROUNDING,
           "The types of 조정교부금 should add up to the printed 합계.",
           "the types of 조정교부금 add up to 합계"),
    _check("stale_review", REVIEW, (), WARNING,
           "The reviewed file lists this key, but no finding has it any more: the report changed, or the key was "
           "mistyped. Remove the line, or fix it.",
           "a reviewed key that no longer matches any finding"),
    _check("table_not_read", COMPLETENESS, (), ERROR,
           "A table's title, header or rows were found here, but no row could be read: check the printed table and "
           "the lines listed as unparsed.",
           "a table's title, header or rows found, but no row read"),
    _check("section_empty", COMPLETENESS, (), ERROR,
           "This section heading was found, but none of its tables has a readable row.",
           "a section's heading found, but none of its tables has a readable row"),
    _check("section_missing", COMPLETENESS, (), WARNING,
           "A section of the form is not in the report at all.",
           "a section of the form not in the report (an error where the sections around it are there)"),
    _check("block_overrun", COMPLETENESS, (), ERROR,
           "This part of the report runs on into another section's content (a heading was probably lost); the "
           "lines from here on were not read.",
           "a part running on into another section's content: its lines from there on are not read"),
    _check("block_not_read", COMPLETENESS, ("district_stats",), ERROR,
           "A block of section Ⅰ holds numbers with units that no part of the pipeline could read: check the "
           "printed block; its lines are in unparsed_lines.csv.",
           "a block of section Ⅰ with numbers and units that no parser read"),
    _check("numbers_in_narrative", COMPLETENESS, (), ERROR,
           "A line read as text has the numbers of a table row: a table that was not recognised as one?",
           "a narrative line with a table row's numbers"),
    _check("unknown_status", COMPLETENESS, ("audit_findings",), WARNING,
           "The status word of this finding is not one the pipeline knows: its status is left empty.",
           "a finding's status word the form does not know: its status left empty"),
    _check("unknown_summary_column", COMPLETENESS, ("audit_summary",), WARNING,
           "A 총괄 column's status word is not one the pipeline knows: its counts are left out.",
           "a 총괄 column's status word the form does not know: its counts left out"),
    _check("budget_prev_matches_last_report", LINEAGE, BUDGET, WARNING,
           "This report's previous-year budget should equal the budget the earlier report printed for the same "
           "item (a change after that report's as-of date is normal).",
           "in a folder of several years, a row's `budget_prev` against the budget the earlier report printed"),
    _check("ocr_unsure", OCR, (), ERROR,
           "This cell of a scanned page was read by OCR, which is not sure of it, and no check confirms it: "
           "compare it with the print (the crop beside it) and confirm it or give the printed value.",
           "a scanned page's cell OCR was unsure of, that no check confirms and no single value settles: confirm "
           "it against the print; `reading` holds OCR's raw reading"),
    _check("ocr_corrected", OCR, (), WARNING,
           "OCR was unsure of this cell of a scanned page; the arithmetic of its row and parent allows one value "
           "only (for a name: the words the report prints surely elsewhere allow one spelling only), which is "
           "published (the raw reading is beside it).",
           "a scanned page's cell OCR was unsure of, that exactly one value makes every check agree (a name: "
           "exactly one spelling has all its words printed surely elsewhere in the report): published corrected, "
           "`expected` the value (empty for a name), `actual` as read"),
)
CHECKS = {check.name: check for check in REGISTRY}
STALE_REVIEW = "stale_review"
# Findings that are no comparison of printed values: kept out of the Great Expectations cross-check.
NOT_COMPARISONS = frozenset(check.name for check in REGISTRY if not check.compares_printed_values)


def severity_of(check: str, within_rounding: bool = False) -> str:
    """A finding's severity by its check's rule; a check that is not registered is refused."""
    spec = CHECKS.get(check)
    if spec is None:
        raise KeyError(f"check {check!r} is not registered in schemas/checks.py")
    if spec.severity == ROUNDING:
        return WARNING if within_rounding else ERROR
    return spec.severity


def check_list() -> str:
    """docs/checks.md's table of every check."""
    rows = ["| check | kind | severity | tables | what |", "|---|---|---|---|---|"]
    for check in REGISTRY:
        severity = "error; warning within rounding" if check.severity == ROUNDING else check.severity
        tables = ", ".join(f"`{table}`" for table in check.tables) or "any"
        rows.append(f"| `{check.name}` | {check.kind} | {severity} | {tables} | {check.what} |")
    return "\n".join(rows) + "\n"
