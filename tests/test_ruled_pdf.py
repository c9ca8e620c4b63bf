"""PDFs as Hangul exports them: every table a ruled grid, names wrapped inside their cells,
numbers vertically centred between a name's lines, merged header cells, tables running over
pages with their headers repeated. Grids are read by their geometry; their rows give the same
tables as the text report."""

import pdfplumber
import pytest

from checks.findings import parse_reviews
from extractors import extract
from extractors.read.grids import Carry, Cell, Grid, grid_page_lines, text_line
from extractors.read.pdf import TEXT_SETTINGS
from flows.run import check
from tests import ruled_cases
from tests.conftest import ROOT

PDFS = ROOT / "tests" / "fixtures" / "pdf"
RULED = PDFS / "seoul_haengjeong_2023_ruled.pdf"
PROVENANCE = ["source_page", "source_line"]
NO_REVIEWS = parse_reviews("key,note\n", "none")


@pytest.fixture(scope="module")
def ruled():
    return extract(RULED)


@pytest.fixture(scope="module")
def cases():
    return extract(PDFS / "ruled_cases.pdf")


def test_the_ruled_pdf_gives_the_text_reports_tables_value_for_value(reference, ruled):
    for name, frame in reference.tables.items():
        assert ruled.tables[name].drop(columns=PROVENANCE).equals(frame.drop(columns=PROVENANCE)), name
    assert ruled.unparsed["text"].tolist() == reference.unparsed["text"].tolist()
    assert ruled.gaps == [] and ruled.fiscal_year == 2023


def test_the_ruled_pdf_gives_the_same_findings(reference, ruled):
    def keys(extraction):
        return sorted(check(extraction, NO_REVIEWS).findings["key"])
    assert keys(ruled) == keys(reference)


@pytest.mark.parametrize(
    ("table", "column", "name", "page", "line", "first_number"),
    [
        ("revenue_summary", "name", "계", 2, 6, "21,385,346"),
        ("expenditure_summary", "name", "재무활동", 2, 39, "10,236,495"),
        ("revenue_detail", "name", "NPO 입주협업공간 임대수입", 20, 24, "-"),  # a name over three lines
        ("revenue_detail", "name", "자치회관 운영 및 주민자치 활성화 지원 보조금 집행잔액 반환금", 21, 35, "716,832"),
        ("expenditure_detail", "name", "행정운영경비(시민협력과)", 27, 44, "278,383"),
        ("expenditure_detail", "name", "사무실 재배치에 따른 시설 개·보수", 24, 15, "392,400"),
        ("program_execution", "program", "을지로별관 증축관련 기본계획 용역", 10, 17, "50,000"),
        ("grant_scale", "type", "레저세분", 13, 16, "403"),
        ("audit_summary", "category", "건의사항", 30, 10, "13"),
        ("org_units", "name", "공무원수련원", 1, 12, "12명"),
    ],
)
def test_a_grid_rows_provenance_is_the_page_text_line_of_its_first_number(ruled, table, column, name, page, line,
                                                                          first_number):
    row = ruled.tables[table].loc[lambda frame: frame[column] == name].iloc[0]
    assert (row["source_page"], row["source_line"]) == (page, line)
    with pdfplumber.open(RULED) as pdf:
        text = pdf.pages[page - 1].extract_text(**TEXT_SETTINGS).split("\n")
    assert first_number in text[line - 1].split()


def test_an_in_text_grid_that_is_no_data_table_stays_text(reference, ruled):
    rows = ruled.tables["work_report"]
    joined = rows.loc[rows["text"].str.contains("시설명 속 초\\(직영\\)"), "text"]
    assert len(joined) == 1 and "객실수 80실 151실 110실 77실 규 모 지하2층~지상8층(1동)" in joined.iloc[0]


def test_a_table_in_millions_of_won_over_three_pages_with_names_on_three_lines(cases):
    detail = cases.tables["expenditure_detail"]
    expected = ruled_cases.expected_detail()
    columns = ["level", "name", "budget_prev", "budget", "actual", "change", "change_rate", "actual_rate"]
    printed = detail[columns].astype(object)
    assert printed.where(printed.notna(), None).to_dict("records") == expected
    parents = detail["parent_id"].astype(object)
    assert parents.where(parents.notna(), None).tolist() == ruled_cases.expected_parents()  # ended ones too
    assert set(detail["unit"]) == {"백만원"} and set(detail["source_page"]) == {2, 3, 4}
    findings = check(cases, NO_REVIEWS).findings
    assert not findings["table"].isin(["expenditure_detail", "expenditure_summary"]).any()
    assert not cases.unparsed["source_page"].isin([3]).any()  # the header rows repeated on page 3: dropped


def test_an_org_chart_drawn_as_a_table(cases):
    units = cases.tables["org_units"]
    assert units[["name", "staff"]].values.tolist() == [["가람과", 12], ["누리센터", 8]]
    assert units["teams"].iloc[0] == 2 and units["teams"].isna().iloc[1]
    assert set(units["as_of"]) == {"2024-06-30"} and cases.fiscal_year == 2024


def test_a_summary_table_whose_statuses_stand_under_a_merged_cell(cases):
    summary = cases.tables["audit_summary"]
    assert summary[["category", "total", "completed", "in_progress"]].values.tolist() == [
        ["계", 2, 1, 1], ["시정요구사항", 2, 1, 1]]
    findings = cases.tables["audit_findings"]
    assert findings[["category", "department", "status"]].values.tolist() == [
        ["시정요구사항", "가람과", "추진완료"], ["시정요구사항", "누리센터", "추진중"]]


def test_a_grid_whose_rows_cannot_be_read_is_not_read(cases):
    not_read = [g for g in cases.gaps if g.check == "table_not_read" and g.table == "revenue_detail"]
    assert [(g.name, g.line.page) for g in not_read] == [("세입예산 (2024. 6. 30. 기준, 단위 : 백만원, %)", 4)]
    assert "사용료 수입 1,000 2,000 미정 미정 미정 미정" in cases.unparsed["text"].tolist()
    assert "found but not read" in cases.empty_tables["revenue_detail"]


def _line(text, y, x=40.0):
    """A text line of characters 8 points apart starting at x, centred at y."""
    return text_line(text, [(x + 8 * i + 4, y, x + 8 * i, 8.0) for i in range(len(text))])


def _cell(text, x0, top, x1, bottom):
    return Cell(text, (x0, top, x1, bottom))


def test_a_row_whose_name_wraps_around_its_numbers_is_one_line():
    header = (_cell("구분", 36, 10, 136, 26), _cell("2023", 136, 10, 200, 26), _cell("2024", 200, 10, 264, 26),
              _cell("증감", 264, 10, 328, 26), _cell("률", 328, 10, 360, 26), _cell("집행", 360, 10, 424, 26),
              _cell("률", 424, 10, 456, 26))
    row = (_cell("가나다\n라마", 36, 26, 136, 56), _cell("1,000", 136, 26, 200, 56), _cell("2,000", 200, 26, 264, 56),
           _cell("1,000", 264, 26, 328, 56), _cell("100.0%", 328, 26, 360, 56), _cell("", 360, 26, 424, 56),
           _cell("-", 424, 26, 456, 56))
    text = [_line("구분 2023 2024 증감 률 집행 률", 18), _line("가나다", 33),
            _line("1,000 2,000 1,000 100.0% -", 41, 140), _line("라마", 49)]
    lines = grid_page_lines(text, [Grid((36, 10, 456, 56), (header, row))], 5, Carry())
    assert [(line.text, line.number, line.page) for line in lines] == [
        ("구분 2023 2024 증감 률 집행 률", 1, 5), ("가나다 라마 1,000 2,000 1,000 100.0% - -", 3, 5)]


def test_repeated_header_rows_at_the_top_of_the_next_page_are_dropped():
    def page(number, carry):
        header = (_cell("구분", 36, 10, 136, 26), _cell("예산", 136, 10, 200, 26), _cell("집행", 200, 10, 264, 26))
        row = (_cell(f"사업{number}", 36, 26, 136, 40), _cell("2", 136, 26, 200, 40), _cell("1", 200, 26, 264, 40))
        text = [_line("구분 예산 집행", 18), _line(f"사업{number} 2 1", 33)]
        return [line.text for line in grid_page_lines(text, [Grid((36, 10, 264, 40), (header, row))], number, carry)]

    carry = Carry()
    assert page(1, carry) == ["구분 예산 집행", "사업1 2 1"]
    assert page(2, carry) == ["사업2 2 1"]


def test_a_grid_of_words_is_left_as_the_pages_text():
    cells = ((_cell("시설명", 36, 10, 100, 24), _cell("속초", 100, 10, 160, 24)),
             (_cell("객실수", 36, 24, 100, 38), _cell("80실", 100, 24, 160, 38)))
    text = [_line("시설명 속초", 17), _line("객실수 80실", 31)]
    lines = grid_page_lines(text, [Grid((36, 10, 160, 38), cells)], 1, Carry())
    assert [(line.text, line.number) for line in lines] == [("시설명 속초", 1), ("객실수 80실", 2)]
