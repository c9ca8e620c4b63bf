"""The levels that 세출예산's structure fixes (정책 > 단위 > 세부사업; 행정운영경비 and 재무활동 at a unit
programme's depth), on small tables where the arithmetic alone leaves the answer open."""

import pytest

from extractors.form.lines import Line
from extractors.parts.budget import build_budget_table, hierarchy_nodes
from extractors.parts.hierarchy import levels_of, recover_hierarchy
from extractors.parts.tables import Row

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)

INDENT = "\u3000"


def row(name: str, prev: str, budget: str, actual: str, indent: int) -> Row:
    """A 세출예산 row as printed: 전년도 예산, 예산, 증감, 증감률, 집행액, 집행률 (증감 and rates left `-`)."""
    return Row(name, (prev, budget, "-", "-", actual, "-"), indent, Line(INDENT * indent + name))


def one_of_each_level() -> list[Row]:
    """국 > 과 > 정책 > 단위 > 세부사업, each the only child of the one before, with the same amounts."""
    names = ("문화국", "문화정책과", "문화 향유 확대", "생활문화 지원", "동네 문화공간 운영")
    return [row(name, "100", "100", "50", depth) for depth, name in enumerate(names)]


def levels(rows: list[Row]) -> list[int]:
    return levels_of(recover_hierarchy(hierarchy_nodes(rows, "expenditure_detail")))


def test_an_empty_financial_activity_hangs_at_a_unit_programmes_depth_however_deep_it_is_indented():
    # 재무활동 with nothing printed adds nothing anywhere: under the department, the policy or the unit
    # programme every sum holds alike. Its indentation (a detail programme's) would put it at depth 4;
    # the form puts it beside the department's policies.
    rows = [*one_of_each_level(), row("재무활동(문화정책과)", "-", "-", "-", 4)]
    assert levels(rows) == [0, 1, 2, 3, 4, 2]


def test_a_row_repeated_under_a_detail_programme_is_not_taken_for_a_sixth_level():
    # A third row with the amounts of the unit and its detail: only a level below the detail programme
    # would make every sum hold, and the form has none. It stays a detail programme, and its unit's
    # sum is the finding a reviewer needs (children 200, printed 100).
    rows = [*one_of_each_level(), row("동네 문화공간 운영", "100", "100", "50", 4)]
    table = build_budget_table(rows, "expenditure_detail", "천원", 2024)
    assert table["level"].tolist() == [0, 1, 2, 3, 4, 4]
    assert table["parent_id"].tolist()[-2:] == [4, 4]
