"""Parts of a report that are missing, or found and not read: each is a finding, never an empty
table called ok; what is a report at all is told by its structure, and the fiscal year by any
date form, a budget table's current-year column or section Ⅲ's heading."""

import pytest

from checks.findings import parse_reviews
from extractors import ReportError, extract_lines
from extractors.form.dates import PrintedDate, read_as_of, read_date, years_in
from extractors.parts.audit_summary import status_of, summary_columns
from extractors.read.text import text_to_lines
from flows.run import check
from tests.synthetic import budget_line, expenditure_report

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)

NO_REVIEWS = parse_reviews("key,note\n", "none")


def extracted(text: str, fiscal_year=None):
    return extract_lines(text_to_lines(text, "r.txt"), "r.txt", fiscal_year=fiscal_year)


def gaps(extraction) -> set[tuple]:
    return {(g.check, g.table, g.level, g.line.number if g.line else None) for g in extraction.gaps}


def without(text: str, start: str, end: str | None) -> str:
    """The text with the lines from the one starting with `start` up to the one starting with `end` cut out."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if line.startswith(end)) if end else len(lines)
    return "\n".join(lines[:first] + lines[last:])


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("(기준 : ’23. 9. 30./현원)", PrintedDate(2023, 9, 30)),
        ("(’23.9.30 기준)", PrintedDate(2023, 9, 30)),
        ("(2023. 9. 30. 기준, 단위 : 천원)", PrintedDate(2023, 9, 30)),
        ("(2023년 9월 30일 기준)", PrintedDate(2023, 9, 30)),
        ("(23. 9. 30. 기준)", PrintedDate(2023, 9, 30)),
        ("징수현황(9.30.기준)", PrintedDate(None, 9, 30)),
        ("(기준 : 9. 30./현원)", PrintedDate(None, 9, 30)),
        ("(9월 30일 기준)", PrintedDate(None, 9, 30)),
    ],
)
def test_as_of_dates_in_every_printed_form(text, date):
    assert read_as_of(text) == date


@pytest.mark.parametrize(
    "text",
    ["605.24㎢ (전 국토의 0.6%)", "9,407,540명 기준", "’23.3.~’26.2. 기준", "(’23. 13. 40. 기준)", "1,234.5.6 기준"],
)
def test_what_is_no_as_of_date(text):
    assert read_as_of(text) is None


def test_a_date_without_its_year_takes_the_fiscal_year():
    assert read_date("(9. 30. 기준)").iso(2024) == "2024-09-30" and read_date("(9. 30. 기준)").iso() is None
    assert years_in("구   분 2022 예산현액 … ’23년 대비") == [2022, 2023]


@pytest.mark.parametrize(
    ("printed", "status"),
    [("추진완료", "추진완료"), ("추진 중", "추진중"), ("조치완료", "추진완료"), ("처리완료", "추진완료"),
     ("종결", "추진완료"), ("조치중", "추진중"), ("계속추진", "추진중"), ("검토중", "검토중"), ("불수용", "미반영"),
     ("반영불가", "미반영"),
     ("추진완료(’23. 3.)", "추진완료"), ("보류결정", None), ("가람누리", None)],
)
def test_status_words_of_the_same_meaning_map_to_one_status(printed, status):
    assert status_of(printed) == status


@pytest.mark.parametrize(
    ("header", "width", "columns"),
    [
        ("구 분 계 완 료 추진중 검토중 미반영 계", 5, ["total", "completed", "in_progress", "under_review",
                                             "not_reflected"]),
        ("구 분 합계 조치완료 조치중 검토중 불수용", 5, ["total", "completed", "in_progress", "under_review",
                                              "not_reflected"]),
        ("구 분 계 조치결과 완료 추진중 검토중 미반영", 5, ["total", "completed", "in_progress", "under_review",
                                                 "not_reflected"]),
        ("구 분 계 완료 추진중 보 류 미반영", 5, ["total", "completed", "in_progress", None, "not_reflected"]),
        ("구분 계 가람누리 완료 추진중 보류 미반영 계", 5,
         ["total", "completed", "in_progress", None, "not_reflected"]),
        ("구 분 계 완료 추진중", 5, None),
    ],
)
def test_the_summary_columns_are_named_by_the_status_words_of_its_header(header, width, columns):
    found = summary_columns(header, width)
    assert (None if found is None else [column for column, _ in found]) == columns
    if columns is not None and None in columns:
        assert [word for column, word in found if column is None] == ["보 류" if "보 류" in header else "보류"]


def test_the_reference_report_has_no_completeness_finding(reference):
    assert reference.gaps == [] and reference.empty_tables == {} and reference.missing_sections == []


def test_a_section_missing_at_the_end_is_a_warning(reference_text):
    extraction = extracted(without(reference_text, "Ⅳ.", None))
    assert gaps(extraction) == {("section_missing", "", "warning", None)}
    assert extraction.missing_sections == ["audit"]
    assert "not in the report" in extraction.empty_tables["audit_findings"]


def test_a_section_the_numbering_skips_is_an_error(reference_text):
    extraction = extracted(without(reference_text, "Ⅲ.", "Ⅳ."))
    assert gaps(extraction) == {("section_missing", "", "error", None)}
    findings = check(extraction, NO_REVIEWS).findings
    missing = findings[findings["check"] == "section_missing"].iloc[0]
    assert missing["key"] == "section_missing||세입·세출예산 세부 현황|" and missing["severity"] == "error"


def test_a_lost_heading_lets_no_block_run_on_silently(reference_text):
    extraction = extracted(reference_text.replace("Ⅱ. 주요 업무보고", "주요 업무보고"))
    found = gaps(extraction)
    assert ("section_missing", "", "error", None) in found
    overrun = [g for g in extraction.gaps if g.check == "block_overrun"]
    assert overrun and overrun[0].table == "district_stats" and overrun[0].line.number > 180
    assert len(extraction.tables["district_stats"]) == len(extracted(reference_text).tables["district_stats"])


def test_a_heading_found_with_nothing_readable_under_it_is_an_empty_section(reference_text):
    text = reference_text.replace("Ⅳ. 2022 행정사무감사", "Ⅳ. 2022 행정사무감사\n\nⅤ. 부록")
    extraction = extracted(without(text, "Ⅲ.", "Ⅳ.").replace("Ⅳ. 2022", "Ⅲ. 2023 세부 현황\n\n\nⅣ. 2022"))
    assert ("section_empty", "", "error", None) in {(c, t, s, None) for c, t, s, _ in gaps(extraction)}


def test_a_table_title_with_no_readable_row_is_not_read(reference_text):
    lines = reference_text.split("\n")
    start = next(i for i, line in enumerate(lines) if "세입예산 (" in line)
    end = next(i for i, line in enumerate(lines) if "세출예산 (" in line)
    lines[start + 1 : end] = ["구분 가 나 다", "행정국 1 2"]
    extraction = extracted("\n".join(lines))
    assert ("table_not_read", "revenue_detail", "error", start + 1) in gaps(extraction)
    assert extraction.empty_tables["revenue_detail"].startswith("found but not read: '세입예산")
    assert len(extraction.tables["expenditure_detail"]) == 149


def test_a_budget_row_inside_narrative_is_named(reference_text):
    text = reference_text.replace("□ 추진방향", "□ 추진방향\n ㅇ 사업 1,000 2,000 1,000 100.0% 500 25.0%", 1)
    extraction = extracted(text)
    narrative = [g for g in extraction.gaps if g.check == "numbers_in_narrative"]
    assert [(g.table, g.name, g.level) for g in narrative] == [("work_report", "ㅇ 사업", "error")]


def test_an_execution_header_with_no_row_is_not_read(reference_text):
    text = reference_text.replace("연수원 운영 8,169,664 6,195,509 5,275,313 75.8 64.6 8,012,000 98\n", "")
    for name in ("후생복지 지원 ", "선택적 복지제도 운영 ", "전세자금 지원 "):
        text = "\n".join(line for line in text.split("\n") if not line.startswith(name))
    extraction = extracted(text)
    assert {(g.check, g.table) for g in extraction.gaps} == {("table_not_read", "program_execution")}
    assert len(extraction.tables["program_execution"]) == 15


def test_the_fiscal_year_comes_from_the_budget_columns_where_no_date_has_a_year(reference_text):
    extraction = extracted(reference_text.replace("’23. 9. 30.", "9. 30.").replace("’23.9.30.", "9.30."))
    assert extraction.fiscal_year == 2023
    assert set(extraction.tables["org_units"]["as_of"]) == {"2023-09-30"}


def test_with_no_year_anywhere_the_fiscal_year_must_be_given():
    text = expenditure_report([budget_line("본부", 10, 20, 5), budget_line("가과", 10, 20, 5)])
    text = text.replace("2023 ", "").replace("’23. 9. 30.", "9. 30.")
    with pytest.raises(ReportError, match="no fiscal year found.*--fiscal-year"):
        extracted(text)
    assert extracted(text, fiscal_year=2031).tables["expenditure_detail"]["fiscal_year"].tolist() == [2031, 2031]


@pytest.mark.parametrize("given", [1800, 2022, 3000])
def test_a_given_year_that_contradicts_the_printed_one_is_refused_naming_both(reference_text, given):
    with pytest.raises(ReportError, match=f"--fiscal-year {given} contradicts the year the report prints, 2023"):
        extracted(reference_text, fiscal_year=given)
    assert extracted(reference_text, fiscal_year=2023).fiscal_year == 2023


def test_a_text_with_roman_headings_but_nothing_of_the_form_is_no_report():
    with pytest.raises(ReportError, match="not an audit work report: its sections hold none"):
        extracted("Ⅰ. 서론\n이 글은 보고서가 아니다.\nⅡ. 본론\n내용\n")
