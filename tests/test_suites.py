"""Great Expectations suites derived from the schemas (one GE import for the module)."""

import pandas as pd
import pytest

from flows.run import check, load_reviews, validate_tables
from schemas import FINDINGS, TABLES
from tests.conftest import REFERENCE

gx_suites = pytest.importorskip("schemas.suites")


def test_suites_are_derived_from_the_schema():
    expectations = gx_suites.expectations_for(FINDINGS, ["gap__x__y"])
    described = {(e.expectation_type, getattr(e, "column", None)) for e in expectations}
    assert ("expect_column_values_to_be_in_set", "severity") in described
    assert ("expect_column_values_to_not_be_null", "key") in described
    assert ("expect_column_values_to_be_unique", "key") in described
    assert ("expect_column_values_to_be_between", "gap__x__y") in described
    columns = next(e for e in expectations if e.expectation_type == "expect_table_columns_to_match_ordered_list")
    assert columns.column_list == FINDINGS.column_names + ["gap__x__y"]


def test_the_reference_report_validates_with_data_docs(tmp_path, reference):
    checked = check(reference, load_reviews(REFERENCE))
    validation = validate_tables(checked, tmp_path / "validation")
    assert (tmp_path / "validation" / "index.html").exists()
    # the schema rules all hold; the failures are the report's own disagreements, one per rule and column
    assert validation.failing_rows[("expenditure_detail", "gap__change_rate__change_rate")] == [70, 73, 87, 88, 89]
    assert validation.failed == len(validation.failing_rows)


def test_a_broken_table_fails_its_suite(reference):
    broken = reference.tables["revenue_summary"].copy()
    broken.loc[3, "name"] = pd.NA
    broken.loc[4, "row_id"] = broken.loc[3, "row_id"]
    frames = {"revenue_summary": (TABLES["revenue_summary"], broken)}
    validation = gx_suites.validate(frames, [], None)
    assert not validation.success and validation.failed == 2
    assert validation.failing_rows == {}
