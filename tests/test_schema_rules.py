"""Each rule a table definition states (schemas/rules.py) as the rows that break it: the fuzz
tests' checker and the run's Great Expectations suite both read these."""

from __future__ import annotations

import pandas as pd
import pytest

from schemas import TABLES, violations
from schemas.rules import rules_of

pytestmark = pytest.mark.fast
SCHEMA = TABLES["revenue_summary"]


def clean() -> pd.DataFrame:
    return SCHEMA.empty_frame().reindex(range(3)).assign(
        fiscal_year=2023, row_id=[1, 2, 3], level=[0, 1, 1], name=["계", "세외수입", "보조금"],
        path=["계", "계 > 세외수입", "계 > 보조금"], is_new=False, unit="천원", source_line=[10, 11, 12],
    ).astype({c.name: SCHEMA.empty_frame()[c.name].dtype for c in SCHEMA.columns})


def breaking(frame: pd.DataFrame) -> dict[str, list[int]]:
    return {rule.name: [int(i) for i in frame.index[rule.breaking(frame)]] for rule in rules_of(SCHEMA)}


def test_a_clean_table_breaks_no_rule():
    assert breaking(clean()) == {"required": [], "minimum": [], "unique": []}
    assert violations(clean(), SCHEMA) == []


@pytest.mark.parametrize(("change", "rule", "rows"), [
    (lambda f: f.assign(name=pd.array(["계", pd.NA, "보조금"], dtype="string")), "required", [1]),
    (lambda f: f.assign(level=pd.array([0, -1, 1], dtype="Int64")), "minimum", [1]),
    (lambda f: f.assign(row_id=pd.array([1, 0, 3], dtype="Int64")), "minimum", [1]),
    (lambda f: f.assign(level=pd.array([0, pd.NA, 1], dtype="Int64")), "required", [1]),  # NA is no minimum's
    (lambda f: f.assign(row_id=pd.array([1, 1, 3], dtype="Int64")), "unique", [0, 1]),
])
def test_each_rule_names_the_rows_that_break_it(change, rule, rows):
    found = breaking(change(clean()))
    assert found[rule] == rows and all(not broken for name, broken in found.items() if name != rule)
    assert len(violations(change(clean()), SCHEMA)) == 1


def test_a_value_outside_the_allowed_ones_breaks_its_rule_and_a_missing_one_does_not():
    schema = next(t for t in TABLES.values() if any(c.enum for c in t.columns))
    column = next(c for c in schema.columns if c.enum)
    frame = schema.empty_frame().reindex(range(3))
    frame[column.name] = pd.array([column.enum[0], "아무말", pd.NA], dtype="string")
    rule = next(r for r in rules_of(schema) if r.name == "allowed")
    assert list(rule.breaking(frame)) == [False, True, False]


def test_columns_out_of_order_or_of_another_dtype_are_said_first():
    assert violations(clean()[SCHEMA.column_names[::-1]], SCHEMA)[0].startswith("revenue_summary: columns ")
    assert violations(clean().astype({"level": "float64"}), SCHEMA) == [
        "revenue_summary.level: dtype float64, not Int64"]
