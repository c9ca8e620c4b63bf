"""The four budget tables of the reference report, against values read off its text."""

import pandas as pd
import pytest

from extractors import extract_lines
from extractors.read.text import text_to_lines
from tests.synthetic import budget_line, expenditure_report

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)


def row(table: pd.DataFrame, name: str, occurrence: int = 0) -> pd.Series:
    return table[table["name"] == name].iloc[occurrence]


def children(table: pd.DataFrame, parent: pd.Series) -> list[str]:
    return table[table["parent_id"] == parent["row_id"]]["name"].tolist()


@pytest.mark.parametrize(
    ("table", "rows", "root", "budget_prev", "budget", "actual"),
    [
        ("revenue_summary", 17, "계", 21385346, 17177261, 14968730),
        ("expenditure_summary", 13, "계", 5413123388, 5182479011, 3900165411),
        ("revenue_detail", 91, "행정국", 21385346, 17177261, 14968730),
        ("expenditure_detail", 149, "행정국", 5413123388, 5182479011, 3900165411),
    ],
)
def test_row_counts_and_root_totals(reference, table, rows, root, budget_prev, budget, actual):
    frame = reference.tables[table]
    assert len(frame) == rows
    first = frame.iloc[0]
    assert (first["name"], first["level"], first["budget_prev"], first["budget"], first["actual"]) == (
        root, 0, budget_prev, budget, actual,
    )
    assert pd.isna(first["parent_id"])
    assert (frame["level"].iloc[1:] > 0).all()


def test_every_parent_budget_is_the_sum_of_its_children(reference):
    for name in ("revenue_summary", "expenditure_summary", "revenue_detail", "expenditure_detail"):
        frame = reference.tables[name]
        sums = frame.groupby("parent_id")[["budget", "actual"]].sum()
        parents = frame.set_index("row_id").loc[sums.index]
        assert (parents["budget"].fillna(0) == sums["budget"]).all(), name
        assert ((parents["actual"].fillna(0) - sums["actual"]).abs() <= 1).all(), name


def test_revenue_summary_tree_follows_the_arithmetic_not_the_layout(reference):
    frame = reference.tables["revenue_summary"]
    # 지난년도수입 follows a blank line with no indentation, yet belongs to 임시적세외수입.
    late = row(frame, "지난년도수입")
    assert late["path"] == "계 > 세외수입 > 임시적세외수입 > 지난년도수입"
    assert (late["budget"], late["actual"], late["actual_rate"]) == (431232, 3297195, 764.6)
    assert children(frame, row(frame, "지방행정제재‧부과금")) == ["변상금"]
    assert children(frame, row(frame, "계")) == ["세외수입", "국고보조금등", "보전수입등"]
    # spaced letters rejoined, ASCII-space indentation read as a hint only
    assert row(frame, "기타사업수입")["level"] == 3


def test_expenditure_summary_departments_hang_under_project_costs(reference):
    frame = reference.tables["expenditure_summary"]
    departments = children(frame, row(frame, "사업비"))
    assert departments[0] == "총무과" and departments[-1] == "공무원수련원" and len(departments) == 8
    assert children(frame, row(frame, "계")) == ["사업비", "조정교부금", "행정운영경비", "재무활동"]
    assert row(frame, "자치행정과")["change_rate"] == -86.8


def test_revenue_detail_reaches_level_five(reference):
    frame = reference.tables["revenue_detail"]
    deepest = frame[frame["level"] == 5]
    assert "폐교를 활용한 가족자연체험 시설 입장료 수입" in deepest["name"].tolist()
    assert frame["level"].max() == 5
    leaf = row(frame, "폐교를 활용한 가족자연체험 시설 입장료 수입")
    assert leaf["path"] == (
        "행정국 > 세외수입 > 경상적 세외수입 > 사용료수입 > 입장료수입 > "
        "폐교를 활용한 가족자연체험 시설 입장료 수입"
    )
    assert (leaf["budget_prev"], leaf["budget"], leaf["source_line"]) == (159993, 225382, 795)


def test_revenue_detail_wrapped_names_new_items_and_missing_values(reference):
    frame = reference.tables["revenue_detail"]
    attached = row(frame, "재산임대수입(공유재산 임대료)")
    assert (attached["level"], attached["budget"], attached["source_line"]) == (3, 1061545, 777)
    new = row(frame, "NPO 입주협업공간 임대수입")
    assert new["is_new"] and pd.isna(new["budget_prev"]) and pd.isna(new["change_rate"])
    assert (new["budget"], new["change"], new["actual_rate"]) == (26130, 26130, 34.8)
    missing = row(frame, "시직원상조회사무실 사용료")
    assert pd.isna(missing["actual"]) and pd.isna(missing["actual_rate"]) and missing["change"] == -1707
    # three name lines, a blank, then a line of numbers only
    alone = row(frame, "자치회관 운영 및 주민자치 활성화 지원 보조금 집행잔액 반환금")
    assert (alone["budget"], alone["actual"], alone["source_line"]) == (521410, 340763, 857)
    assert row(frame, "그외수입(시민협력과)")["change_rate"] == 1938.4
    assert row(frame, "기타이자수입(인사과)")["actual_rate"] == 4576.8


def test_expenditure_detail_levels_follow_the_budget_structure(reference):
    frame = reference.tables["expenditure_detail"]
    by_level = frame.groupby("level")["name"].apply(list)
    assert by_level[1][:3] == ["총무과", "인사과", "인력개발과"] and len(by_level[1]) == 8
    assert "행정운영경비(총무과)" in by_level[2] and "일반예산(타기관지원등)" in by_level[2]
    assert "청사관리" in by_level[3] and "시청사 청소관리" in by_level[4]
    assert frame["level"].max() == 4
    # single-child chains are kept as separate rows
    chain = frame[frame["name"] == "기본경비(총무과)"]
    assert chain["level"].tolist() == [3, 4]
    assert chain["budget"].tolist() == [2891997, 2891997]


def test_expenditure_detail_row_whose_numbers_wrap(reference):
    wrapped = row(reference.tables["expenditure_detail"], "행정운영경비(시민협력과)")
    values = wrapped[["budget_prev", "budget", "change", "change_rate", "actual", "actual_rate"]]
    assert values.tolist() == [278383, 60263, -218120, -78.4, 28150, 46.7]
    assert wrapped["source_line"] == 1180


def test_expenditure_detail_name_sharing_its_line_with_the_numbers(reference):
    frame = reference.tables["expenditure_detail"]
    shared = row(frame, "사무실 재배치에 따른 시설 개·보수")
    values = (shared["budget"], shared["actual"], shared["source_line"], shared["level"])
    assert values == (392400, 38653, 982, 4)
    new = row(frame, "자원봉사센터 민관협력 강화(2023 세계잼버리 지원)")
    assert new["is_new"] and new["budget_prev"] == 0 and pd.isna(new["change_rate"])
    assert row(frame, "우수공무원 및 기관표창 격려")["change_rate"] == 3.0


def test_repeated_page_headers_are_not_rows(reference):
    names = " ".join(reference.tables["expenditure_detail"]["name"])
    assert "예산현액" not in names and "세부사업별" not in names
    unparsed = reference.unparsed["source_line"]
    assert not unparsed.between(759, 1301).any()


def test_units_and_fiscal_year(reference):
    for name in ("revenue_summary", "expenditure_summary", "revenue_detail", "expenditure_detail"):
        frame = reference.tables[name]
        assert set(frame["unit"]) == {"천원"} and set(frame["fiscal_year"]) == {2023}
    assert all(set(frame["fiscal_year"]) == {2023} for frame in reference.tables.values())


def test_a_synthetic_table_with_a_disagreeing_previous_year():
    text = expenditure_report(
        [
            budget_line("본부", 999, 30, 12),
            budget_line("가과", 500, 30, 12),
            budget_line("정책", 100, 20, 8, indent=1),
            budget_line("세부 하나", 60, 20, 8, indent=3),
            budget_line("행정운영경비(가과)", 5, 10, 4, indent=1),
            budget_line("기본경비", 5, 10, 4, indent=2),
        ]
    )
    frame = extract_lines(text_to_lines(text, "synthetic.txt"), "synthetic.txt").tables["expenditure_detail"]
    assert frame["parent_id"].tolist() == [pd.NA, 1, 2, 3, 2, 5]
    assert frame["budget_prev"].tolist()[:2] == [999, 500]


def test_the_first_rows_name_wrapped_over_lines_is_not_taken_for_the_header():
    # Found by the random reports: a name's first fragments between the header and the row's numbers
    # were learned as header lines of the table itself, and the row kept only its last fragment.
    first = budget_line("(1단계)", 10, 20, 5)
    text = expenditure_report(["민원", "자원", first, budget_line("\u3000가과", 10, 20, 5)])
    frame = extract_lines(text_to_lines(text, "wrapped.txt"), "wrapped.txt").tables["expenditure_detail"]
    assert frame["name"].tolist() == ["민원 자원(1단계)", "가과"]


def test_a_name_that_begins_some_pages_is_not_taken_for_a_header_line():
    # Found by the random reports: the first row's name wraps ("민원" over its numbers) and so does
    # the first row of the next page; the header repeats on three pages, "민원" below it on two.
    header = " 증감액 증감률 집행액 집행률"
    rows = ["민원", budget_line("(1단계)", 30, 60, 15), budget_line("\u3000가과", 10, 20, 5), "", header,
            "민원", budget_line("\u3000(2단계)", 10, 20, 5), "", header, budget_line("\u3000나과", 10, 20, 5)]
    text = expenditure_report(rows)
    frame = extract_lines(text_to_lines(text, "pages.txt"), "pages.txt").tables["expenditure_detail"]
    assert frame["name"].tolist() == ["민원(1단계)", "가과", "민원(2단계)", "나과"]
    assert frame["level"].tolist() == [0, 1, 1, 1]
