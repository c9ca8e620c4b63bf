import pytest

from extractors.form.numbers import decimals, is_new_item, parse_amount, parse_rate

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
        ("순증", None),
        ("-", None),
    ],
)
def test_rates(printed, value):
    assert parse_rate(printed) == value


@pytest.mark.parametrize("printed", ["1,23", "12.5", "abc", "△", "1,234%x", ""])
def test_not_an_amount(printed):
    with pytest.raises(ValueError):
        parse_amount(printed)


def test_new_item_and_decimals():
    assert is_new_item("순증") and not is_new_item("-")
    assert [decimals(t) for t in ("87.1%", "3%", "1,938.40%")] == [1, 0, 2]
