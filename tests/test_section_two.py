"""Section Ⅱ (narrative, execution and grant tables) and the 행정여건 numbers, from the report."""

import pandas as pd
import pytest

from checks.findings import parse_reviews
from extractors import extract_lines
from extractors.form.vocabulary import CHAPTER_LINE
from extractors.read.text import text_to_lines
from flows.run import check
from tests.test_checks import mutated

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)

NO_REVIEWS = parse_reviews("key,note\n", "none")


def test_work_report_items_and_chapters(reference):
    report = reference.tables["work_report"]
    assert len(report) == 208
    items = report.drop_duplicates(["chapter", "item"])[["chapter", "item", "title"]].values.tolist()
    assert [row[:2] for row in items] == [[c, i] for c in (1, 2, 3) for i in (1, 2, 3)]
    assert items[0][2] == "직원 활력 충전을 위한 후생복지 강화"
    assert items[5][2] == "서울-지역간 교류사업 추진을 통한 상생발전 기반 구축"


def test_work_report_rows_markers_and_depths(reference):
    report = reference.tables["work_report"]
    first = report.iloc[0]
    assert (first["marker"], first["depth"], first["source_line"]) == ("", 0, 230)
    assert first["text"] == ("직원들의 다양한 여가·문화 활동 지원, 주거 등 생활 안정 지원으로 "
                             "직원들이 행복하게 일할 수 있는 환경 조성")  # a wrapped paragraph
    by_line = report.set_index("source_line")
    assert (by_line.loc[233, "marker"], by_line.loc[233, "depth"], by_line.loc[233, "text"]) == ("□", 0, "추진방향")
    assert (by_line.loc[239, "marker"], by_line.loc[239, "depth"]) == ("①", 2)
    assert (by_line.loc[243, "marker"], by_line.loc[243, "depth"]) == ("-", 2)
    assert (by_line.loc[275, "marker"], by_line.loc[275, "depth"]) == ("‣", 3)
    note = by_line.loc[541]  # "* 조정교부금 재원인 …" after a ㅇ bullet
    assert (note["marker"], note["depth"]) == ("*", 1)


def test_contents_and_cover_lines_are_recognised_not_rows(reference):
    report = reference.tables["work_report"]
    assert not report["source_line"].between(181, 227).any()
    assert not report["source_line"].isin([441, 443, 453, 455, 587, 589, 597, 599]).any()
    assert not reference.unparsed["source_line"].between(180, 758).any()


def test_program_execution_tables(reference):
    execution = reference.tables["program_execution"]
    assert len(execution) == 19
    assert execution.groupby("section", sort=False).size().to_dict() == {
        "1-1": 4, "1-2": 4, "1-3": 3, "2-2": 4, "3-1": 1, "3-2": 2, "3-3": 1
    }
    first = execution.iloc[0]
    assert first[["program", "budget", "committed", "spent", "committed_rate", "spent_rate",
                  "expected_year_end", "expected_rate", "unit", "source_line"]].tolist() == [
        "연수원 운영", 8169664, 6195509, 5275313, 75.8, 64.6, 8012000, 98.0, "천원", 310
    ]
    wrapped = execution[execution["program"] == "을지로별관 증축관련 기본계획 용역"].iloc[0]
    assert pd.isna(wrapped["committed"]) and pd.isna(wrapped["spent_rate"]) and wrapped["source_line"] == 431
    grant = execution[execution["section"] == "2-2"]
    assert set(grant["unit"]) == {"억원"}  # the unit line stands below that table
    assert execution.iloc[-1]["spent_rate"] == 70.5  # printed "70.5%"


def test_grant_scale(reference):
    grants = reference.tables["grant_scale"]
    assert grants["type"].tolist() == ["합계", "일반", "특별", "레저세분"]
    total = grants.iloc[0]
    assert total[["budget_total", "budget_main", "budget_supp", "prev_total", "prev_main", "prev_supp", "change",
                  "change_rate", "unit"]].tolist() == [48532, 41679, 6853, 50500, 38123, 12377, -1968, -3.9, "억원"]
    leisure = grants.iloc[3]
    assert pd.isna(leisure["prev_total"]) and pd.isna(leisure["change_rate"]) and leisure["change"] == 403


def test_district_stats_one_row_per_number(reference):
    stats = reference.tables["district_stats"]
    rows = {(row.label, row.unit): row.value for row in stats.itertuples()}
    assert rows[("면적", "㎢")] == 605.24
    assert rows[("인구", "명")] == 9407540
    assert rows[("조직 동 수", "동")] == 426 and rows[("조직 자치구 수", "자치구")] == 25
    assert rows[("’23년 예산", "억원")] == 221491  # 22조 1,491억원
    assert rows[("최소 강동구 둔촌1동", "명")] == 62
    first = stats.iloc[0]
    assert (first["note"], first["source_line"]) == ("면 적 -------- 605.24㎢ (전 국토의 0.6%)", 133)


def test_org_and_only_the_outside_body_note_stay_unparsed(reference):
    assert reference.unparsed["text"].tolist() == ["※ (사)서울시자원봉사센터(’06. 1. 18. 설립) 2부 5팀 36명"]


def test_programmes_are_matched_to_the_expenditure_detail(reference):
    checked = check(reference, NO_REVIEWS)
    assert checked.programs_without_detail_row == [
        "1-1 전세자금 지원", "1-3 을지로별관 증축관련 기본계획 용역", "1-3 업무공간 확충 및 사무환경개선",
        "1-3 본관 공유공간 조성", "2-2 일반조정교부금", "2-2 특별조정교부금", "2-2 레저세분",
    ]
    matches = [c for c in checked.comparisons if c.check == "execution_matches_detail"]
    assert len(matches) == 2 * (19 - 7)
    budget = next(c for c in matches if c.row["program"] == "조정교부금" and c.column == "budget")
    assert (budget.expected, budget.actual, budget.warning) == (48531, 48532, False)


@pytest.mark.parametrize(
    ("line", "printed", "replacement", "check", "column"),
    [
        (310, "75.8 64.6", "75.8 66.6", "execution_rate", "spent_rate"),
        (311, "7,827,532 5,508,971", "7,827,932 5,508,971", "execution_matches_detail", "budget"),
        (513, "43,316 37,156 6,160", "43,316 37,156 6,100", "grant_subtotal", "budget_total"),
        (1318, "건 의 사 항 13 7 6", "건 의 사 항 13 8 6", "audit_summary_adds_up", "total"),
        (3, "375명", "376명", "org_staff_total", "staff"),
    ],
)
def test_a_changed_number_in_the_other_sections_is_found(reference_keys, reference_text, line, printed, replacement,
                                                         check, column):
    text = mutated(reference_text, line, printed, replacement)
    extraction = extract_lines(text_to_lines(text, "mutant.txt"), "mutant.txt")
    new = check_frame(extraction)
    new = new[~new["key"].isin(reference_keys)]
    assert ((new["check"] == check) & (new["column"] == column) & (new["severity"] == "error")).any(), new


def check_frame(extraction):
    return check(extraction, NO_REVIEWS).findings


@pytest.mark.parametrize(("line", "chapter"), [
    ("1. 직원 업무효율성 향상을 위한 맞춤형 지원 확대", "1"),
    (" 2. 협력 활성화를 통한", "2"),
    ("2.협력 활성화를 통한", "2"),  # a scan's chapter line whose space OCR lost
    ("2.5배 증가", None),  # a number's decimals
    ("1  직원 활력 충전을 위한 후생복지 강화", None),  # an item heading
])
def test_a_chapter_line_is_told_by_its_number_and_period(line, chapter):
    match = CHAPTER_LINE.match(line)
    assert (match["number"] if match else None) == chapter
