"""What OCR's characters mean (extractors/read/ocr_numbers.py, readings.py, ocr_marks.py): symbols as
the engine gives them, with their boxes, confidences and alternatives, read as the form prints them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extractors.read.ocr import Symbol
from extractors.read.ocr_marks import as_printed, with_numeral
from extractors.read.ocr_numbers import DELETED
from extractors.read.readings import reading_of, spaced_words
from extractors.read.scanned import left_margin, without_leading_specks

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)

WIDTH = {"%": 30, "스": 26, "^": 24, ".": 5, ",": 5, "1": 9}


def symbols(text: str, confidence: float = 99.0, unsure: dict[int, tuple[float, str]] | None = None,
            gap: int = 4) -> list[Symbol]:
    """The symbols of `text` set side by side (a space: a wider gap), each 26 pixels high;
    `unsure` gives some of them (by index in `text`) a lower confidence and alternatives."""
    out, x = [], 0
    for index, char in enumerate(text):
        if char == " ":
            x += 14
            continue
        width = WIDTH.get(char, 17)
        low = char in ".,"
        conf, alternatives = (unsure or {}).get(index, (confidence, ""))
        box = (x, 30 if low else 12, x + width, 38)
        out.append(Symbol(char, conf, tuple(alternatives), box, index == 0, index == 0))
        x += width + gap
    return out


@pytest.mark.parametrize(("read", "printed"), [
    ("27.554", "27,554"),  # a separator followed by three digits is a comma
    ("77,4%", "77.4%"),  # by one or two at the end, a decimal point
    ("121,,890", "121,890"),  # one separator read twice
    ("608:351", "608,351"),  # a colon between digits is a separator
    ("스27,554", "△27,554"),  # the sign, whatever OCR took it for
    ("^77.4%", "△77.4%"),
    ("01%", "0.1%"),  # no printed number starts with 0 and another digit: the point was lost
    ("28,515,300-", "28,515,300"),  # a dash after the digits is a cell's edge
    ("-", "-"), ("ㅡ", "-"), ("순증", "순증"), ("스즈", "순증"), ("순금", "순증"),
])
def test_a_number_is_read_as_the_form_prints_it(read, printed):
    reading = reading_of(symbols(read))
    assert (reading.number, reading.text, reading.sure) == (True, printed, True)


def test_a_percent_read_as_two_digits_lying_over_each_other_is_a_percent():
    # 75.3% read `75.386`: `8` has `%` among its alternatives, `6` lies over it; together as wide as `%`.
    eight, six = Symbol("8", 97, ("0", "%"), (84, 12, 101, 38)), Symbol("6", 99, ("0",), (85, 12, 115, 38))
    read = [*symbols("75.3"), eight, six]
    assert reading_of(read).text == "75.3%"


def test_a_digit_inside_the_percent_is_part_of_it():
    # 2.0% read `2.09%`: the `9` lies inside the `%` box.
    read = symbols("2.0") + [Symbol("9", 88, ("%",), (52, 12, 61, 38)), Symbol("%", 98, (), (51, 12, 82, 38))]
    assert reading_of(read).text == "2.0%"


def test_a_speck_before_the_digits_is_no_sign():
    read = [Symbol(".", 98, (), (0, 30, 4, 34))] + [Symbol(s.char, s.confidence, (), (s.box[0] + 30, *s.box[1:3]
                                                    [:1], s.box[2] + 30, s.box[3])) for s in symbols("8,030")]
    assert reading_of(read).text == "8,030"


def test_a_quote_before_a_year_is_no_sign_but_words():
    assert reading_of(symbols("'23.")).number is False


def test_unsure_digits_keep_their_alternatives_and_the_digits_they_are_taken_for():
    reading = reading_of(symbols("1,345", unsure={2: (71.0, "7")}))
    assert reading.unsure == ((2, "7859"),)  # OCR's own alternative first, then the usual confusions of 3


def test_digits_out_of_their_groups_of_three_may_hold_a_separator_read_as_a_digit():
    reading = reading_of(symbols("12523"))  # 1,523 with its comma read as 2
    assert reading.text == "12523"
    assert all(DELETED in alternatives for _, alternatives in reading.unsure)
    assert len(reading.unsure) == 5


def test_the_first_digit_may_be_the_sign_misread():
    reading = reading_of(symbols("217,336", unsure={0: (80.0, "4")}))
    assert reading.unsure[0] == (0, "47△")  # OCR's, the usual confusion of 2, the sign


def test_a_name_is_spaced_by_its_gaps_and_its_hyphen_between_letters_is_a_middle_dot():
    reading = reading_of(symbols("서천-수안보 연수원", gap=1), cell=True)
    assert (reading.number, reading.text) == (False, "서천·수안보 연수원")


def test_specks_read_as_marks_are_no_part_of_a_name():
    assert reading_of(symbols("노후 . 시설물 개선", gap=1), cell=True).text == "노후 시설물 개선"


@pytest.mark.parametrize(("read", "printed"), [
    ("1 일 반 현 황 !", "Ⅰ. 일 반 현 황 !"), ("| . 주요 업 무 보고", "Ⅱ. 주요 업 무 보고"),
    ("11 2023 세 입 - 세 출 예산 세부 현황", "Ⅲ. 2023 세 입 - 세 출 예산 세부 현황"),
    ("1/. 2022 행 정 사 무 감 사 지 적 사항 처리 결과", "Ⅳ. 2022 행 정 사 무 감 사 지 적 사항 처리 결과"),
    ("|.일 반 현 황", "Ⅰ. 일 반 현 황"),  # the space after the period lost
    ("1 직원 업무효율성 향상을 위한", "1 직원 업무효율성 향상을 위한"),  # a numbered item stays so
])
def test_a_section_headings_numeral_is_put_back(read, printed):
    assert with_numeral(read) == printed


@pytest.mark.parametrize(("read", "printed"), [
    ("ㅁ 추진방향 .", "□ 추진방향"), ("0「직주락 융복합도시", "○「직주락 융복합도시"), ("88 직원 활력", "■ 직원 활력"),
    ("(1) 직원 활력", "① 직원 활력"), (". ㅇ 직원 여가수요", "ㅇ 직원 여가수요"), ("8월 직원", "8월 직원"),
    ("(> 지 원 받는 비 영 리 단 체 를", "○ 지 원 받는 비 영 리 단 체 를"),
    ("(0 서 울혁 신파크 사업", "○ 서 울혁 신파크 사업"), ("(시 민 협 력 과)", "(시 민 협 력 과)"), ("(0.5%)", "(0.5%)"),
    ("( 일련의 마 을공동체 사업을", "○ 일련의 마 을공동체 사업을"),
    ("( 힐 링센터) 심 리상담", "( 힐 링센터) 심 리상담"), ("ㆍ ㅁ 추진 상황 : 추진완료", "□ 추진 상황 : 추진완료"),
    ("ㆍ 0 이태원 참사 합동분향소", "○ 이태원 참사 합동분향소"),
    ("0 지원센터 대관수입금 129,660 76,956 △52,704", "0 지원센터 대관수입금 129,660 76,956 △52,704"),  # a row's name
    ("( 불용품 매각대금 18,423 21,054 2,631", "( 불용품 매각대금 18,423 21,054 2,631"),  # its closing ")" lost
    ("ㆍ 수탁기관 선정 부적정", "ㆍ 수탁기관 선정 부적정"),
    ("- 2 1 -", "- 21 -"), ("(24. 9 30 기준 / 단위 :. 천원,%)", "(24. 9 30 기준 / 단위 : 천원,%)"),
])
def test_a_lines_marks_are_put_back(read, printed):
    assert as_printed(read) == printed


def test_the_forms_header_words_misread_by_a_letter_are_put_back():
    assert as_printed("예산현액 증감액 증감률 집행액 집 행를") == "예산현액 증감액 증감률 집행액 집 행률"


def test_a_name_and_its_first_number_are_parted_where_ocr_saw_a_word_begin():
    # Tesseract's box of a Hangul letter reaches into the blank after it: no gap, but a word break.
    read = [Symbol("수", 99, (), (0, 12, 26, 40), True, True), Symbol("입", 99, (), (27, 12, 60, 40)),
            Symbol("4", 99, (), (56, 12, 73, 38), True), Symbol(",", 99, (), (75, 30, 80, 38)),
            Symbol("4", 99, (), (82, 12, 99, 38)), Symbol("8", 99, (), (101, 12, 118, 38)),
            Symbol("2", 99, (), (120, 12, 137, 38))]
    assert [word[0].char for word in spaced_words(read)] == ["수", "4"]


def test_outside_the_tables_a_period_after_digits_is_printed_in_a_cell_a_speck():
    assert reading_of(symbols("1.")).text == "1."  # a chapter's number: "1. 직원 업무효율성 …"
    assert reading_of(symbols("23.8.")).text == "23.8."  # a date
    assert reading_of(symbols("1."), cell=True).text == "1"


def test_a_speck_before_a_lines_first_letter_is_dropped_a_bullet_is_kept():
    speck = Symbol(".", 97, (), (0, 30, 5, 36), True, True)
    line = [speck, *(replace(s, box=(s.box[0] + 109, s.box[1], s.box[2] + 109, s.box[3])) for s in symbols("ㅇ 직원"))]
    kept = without_leading_specks(line)
    assert "".join(s.char for s in kept) == "ㅇ직원" and kept[0].line_start
    assert without_leading_specks(symbols("ㅇ 직원")) == symbols("ㅇ 직원")
    assert without_leading_specks(symbols("- 12")) == symbols("- 12")  # a dash is as wide as a letter


def test_the_left_margin_is_where_two_lines_start_not_a_lone_line_further_left():
    assert left_margin([70, 166, 167, 173, 175, 210], size=26) == 166  # a speck's line at 70
    assert left_margin([166, 167, 210], size=26) == 166
    assert left_margin([120, 200, 300], size=26) == 120  # no two lines share a start: the leftmost
    assert left_margin([], size=26) == 0


def test_a_lone_digit_far_wider_than_tall_is_a_dash_read_with_a_speck():
    dash_and_speck = [Symbol("0", 91, (), (1888, 806, 1914, 818), True, True)]
    assert reading_of(dash_and_speck, cell=True).text == "-"
    one_before_a_letter = [Symbol("1", 99, (), (700, 806, 760, 830), True, True)]  # "1 조": its box over the 조
    assert reading_of(one_before_a_letter).text == "1"  # outside the tables
    # OCR's box of the 8 of 48 reaches over the 4: a number of several digits is read as it is
    forty_eight = [Symbol("4", 100, (), (941, 594, 958, 620), True, True), Symbol("8", 99, (), (941, 594, 978, 620))]
    assert reading_of(forty_eight, cell=True).text == "48"


def test_a_number_after_a_closing_parenthesis_is_parted_where_ocr_saw_a_word_begin():
    # Along a long line Tesseract's boxes are no measure of the gaps: the 9 "starts" inside the ")".
    read = [Symbol("과", 97, (), (601, 12, 609, 40), True, True), Symbol(")", 99, (), (612, 12, 629, 40)),
            Symbol("9", 99, (), (624, 12, 665, 38), True), Symbol("3", 99, (), (671, 12, 677, 38))]
    assert [[s.char for s in word] for word in spaced_words(read)] == [["과", ")"], ["9", "3"]]
    assert [[s.char for s in word] for word in spaced_words(read[:2] + [replace(read[2], word_start=False)])] == [
        ["과", ")", "9"]]


def test_a_quote_before_a_sign_is_a_speck():
    assert reading_of(symbols("'스3,088,795"), cell=True).text == "△3,088,795"
    assert reading_of(symbols("'23")).text == "'23"  # a year's quote: words, as read
