import pytest

from extractors.form.numbers import decimals, is_new_item, parse_amount, parse_bare_rate, parse_rate
from extractors.form.shapes import row_shape, trailing_numbers

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("1,234", 1234),
        ("△4,208,085", -4208085),
        ("5,413,123,388", 5413123388),
        ("0", 0),
        ("-", None),
        ("164", 164),
        ("▲1,234", -1234),
        ("-1,234", -1234),
        ("-7", -7),
        ("△0", 0),
        ("12345", 12345),
    ],
)
def test_amounts(printed, value):
    assert parse_amount(printed) == value


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("87.1%", 87.1),
        ("△19.7%", -19.7),
        ("1,938.4%", 1938.4),
        ("4576.8%", 4576.8),
        ("3%", 3.0),
        ("△58%", -58.0),
        ("▲0.5%", -0.5),
        ("-2.25%", -2.25),
        ("순증", None),
        ("-", None),
    ],
)
def test_rates(printed, value):
    assert parse_rate(printed) == value


@pytest.mark.parametrize("printed", ["1,23", "12.5", "abc", "△", "1,234%x", "", "--", "1,2345", "△-3", "순증", "3%"])
def test_not_an_amount(printed):
    with pytest.raises(ValueError):
        parse_amount(printed)


@pytest.mark.parametrize("printed", ["87.1", "87.1%%", "%", "순증순증", "1,23.4%", "△", "12.5.1%"])
def test_not_a_rate(printed):
    with pytest.raises(ValueError):
        parse_rate(printed)


@pytest.mark.parametrize(
    ("printed", "value"),
    [("75.8", 75.8), ("70.5%", 70.5), ("98", 98.0), ("△3.9", -3.9), ("▲3.9", -3.9), ("-3.9", -3.9),
     ("1,938.4", 1938.4), ("-", None)],
)
def test_bare_rates_go_with_or_without_their_percent_sign(printed, value):
    assert parse_bare_rate(printed) == value


@pytest.mark.parametrize("printed", ["순증", "abc", "7.", "△"])
def test_not_a_bare_rate(printed):
    with pytest.raises(ValueError):
        parse_bare_rate(printed)


@pytest.mark.parametrize(
    ("line", "shape"),
    [
        ("기 획 국 12,300,000 11,070,000 △1,230,000 △10.0% 9,963,000 90.0%", "budget"),
        ("시청사 안내원 운영 170,676 195,168 24,492 14.3% 131,605 67.4%", "budget"),
        ("신규 사업 - 5,000 5,000 순증 - -", "budget"),
        ("종료 사업 3,000 - △3,000 △100.0% - -", "budget"),
        ("청사 운영 2,000,000 1,500,000 1,200,000 75.0 60.0 1,900,000 95", "program_execution"),
        ("합    계 12,000 10,000 2,000 12,500 10,500 2,000 △500 △4.0", "grant_scale"),
        ("2023년 12월 31일 기준 1,234", None),
        ("청사 운영 2,000,000 1,500,000 1,200,000", None),
        ("관리 1,000 900 △100 △10.0 800 88.9%", None),  # the change's rate printed without its %
        ("", None),
    ],
)
def test_row_shapes(line, shape):
    assert row_shape(line) == shape


def test_a_wrapped_rows_trailing_numbers_are_those_that_can_start_its_shape():
    assert trailing_numbers("개·보수 392,400 392,400 - -") == ("개·보수", ["392,400", "392,400", "-", "-"])
    assert trailing_numbers("제2기 운영 계획") == ("제2기 운영 계획", [])


def test_new_item_and_decimals():
    assert is_new_item("순증") and not is_new_item("-")
    assert [decimals(t) for t in ("87.1%", "3%", "1,938.40%")] == [1, 0, 2]
