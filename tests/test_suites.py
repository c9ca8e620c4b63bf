"""Great Expectations suites derived from the schemas (one GE import for the module)."""

import pandas as pd
import pytest

from checks.reviews import load_reviews
from flows.run import check, validate_tables
from schemas import FINDINGS, TABLES, violations
from tests.conftest import REFERENCE

gx_suites = pytest.importorskip("checks.suites")


def test_suites_are_derived_from_the_schemas_rules():
    expectations = gx_suites.expectations_for(FINDINGS)
    rules = {e.column: e.meta["rule"] for e in expectations if getattr(e, "column", None)}
    assert rules["check__required"] == "required columns: key, check, severity, reviewed"
    assert rules["check__allowed"] == "allowed values: severity in error, warning"
    columns = next(e for e in expectations if e.expectation_type == "expect_table_columns_to_match_ordered_list")
    assert columns.column_list == FINDINGS.column_names + list(rules)
    budget = {e.meta["rule"] for e in gx_suites.expectations_for(TABLES["revenue_detail"]) if e.meta}
    assert "unique key: fiscal_year, row_id" in budget


def test_the_reference_report_validates(reference):
    checked = check(reference, load_reviews(REFERENCE))
    validation = validate_tables(checked)
    # every schema rule holds; the only failing expectation is the comparisons' gap = 0, whose
    # failing rows are exactly the report's own disagreements
    assert validation.failed == 1
    assert len(validation.failing) == 35
    assert ("change_rate", "expenditure_summary", "계 > 조정교부금", "change_rate") in validation.failing


def test_a_broken_table_fails_its_suite(reference):
    broken = reference.tables["revenue_summary"].copy()
    broken.loc[3, "name"] = pd.NA
    broken.loc[4, "row_id"] = broken.loc[3, "row_id"]
    broken.loc[5, "level"] = -1
    frames = {"revenue_summary": (TABLES["revenue_summary"], broken)}
    validation = gx_suites.validate(frames, [])
    assert not validation.success and validation.failed == 3
    assert validation.failing == set()
    assert len(validation.broken) == 3 and all(name.startswith("revenue_summary: ") for name in validation.broken)
    # the suite and the pandas checker read the same rules, and find the same three broken
    assert sorted(f"{name}: 2 rows break it" if "unique" in name else f"{name}: 1 rows break it"
                  for name in validation.broken) == sorted(violations(broken, TABLES["revenue_summary"]))


def test_a_run_whose_tables_break_their_schema_fails_and_publishes_nothing(reference, tmp_path):
    import copy

    from flows.run import Prepared, run_report

    broken = copy.copy(reference)
    broken.tables = {**reference.tables, "work_report": reference.tables["work_report"].copy()}
    broken.tables["work_report"].loc[0, "chapter"] = 0  # below its schema's minimum
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"files": []}', encoding="utf-8")  # a previous output, kept as it is
    outcome = run_report(REFERENCE, out, prepared=Prepared(broken, "2026", 0.0))
    assert outcome.exit_code == 1 and outcome.status == "failed"
    assert "work_report: minimums: " in outcome.message and "chapter ≥ 1" in outcome.message
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]
