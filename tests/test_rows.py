"""The row layer both readers of ruled tables share (extractors/read/rows.py): merged cells."""

import pytest

from extractors.form.lines import LABEL
from extractors.read.rows import ABOVE, form_table_lines

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)

HEADER = [["회계", "구분", "2023", "2024", "증감액", "증감률", "집행액", "집행률"],
          [ABOVE, ABOVE, "예산현액", "예산현액", None, None, None, None]]


def lines_of(grid):
    first, lines = form_table_lines(grid)
    return first, [(line.text, line.role) for line in lines]


def test_a_leading_column_merged_down_is_a_label_line_before_its_rows():
    grid = HEADER + [["일반회계", "본부", "10", "20", "10", "100.0%", "5", "25.0%"],
                     [ABOVE, "가과", "10", "20", "10", "100.0%", "5", "25.0%"],
                     ["기금", "나과", "5", "5", "-", "-", "1", "20.0%"],
                     [ABOVE, "다과", "5", "5", "-", "-", "1", "20.0%"]]
    first, lines = lines_of(grid)
    assert first == 2
    assert lines == [("회계", LABEL), ("구분 2023 2024 증감액 증감률 집행액 집행률", None),
                     ("예산현액 예산현액", None),
                     ("일반회계", LABEL), ("본부 10 20 10 100.0% 5 25.0%", None),
                     ("가과 10 20 10 100.0% 5 25.0%", None),
                     ("기금", LABEL), ("나과 5 5 - - 1 20.0%", None), ("다과 5 5 - - 1 20.0%", None)]


def test_without_a_merged_leading_cell_the_first_column_is_the_name():
    grid = HEADER[:1] + [["본부", "10", "20", "10", "100.0%", "5", "25.0%"],
                         ["가과", "10", "20", "10", "100.0%", "5", "25.0%"]]
    assert [role for _, role in lines_of(grid)[1]] == [None, None, None]


def test_a_number_merged_down_is_read_on_its_first_row_and_missing_below():
    # 집행률 printed once for two rows: the first row has it; the second has no number of its own.
    grid = HEADER[:1] + [["본부", "10", "20", "10", "100.0%", "10", "25.0%"],
                         ["가과", "5", "10", "5", "100.0%", "5", ABOVE],
                         ["나과", "5", "10", "5", "100.0%", "5", "50.0%"]]
    _, lines = lines_of(grid)
    assert [text for text, _ in lines[1:]] == ["본부 10 20 10 100.0% 10 25.0%", "가과 5 10 5 100.0% 5 -",
                                               "나과 5 10 5 100.0% 5 50.0%"]
