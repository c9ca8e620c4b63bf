"""Next year's report: hypothesis rewrites the reference report as next year's will differ,
and the pipeline must recover exactly the tables the rewrite knows it wrote."""

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from checks.findings import parse_reviews
from extractors import extract
from flows.run import check
from tests.next_year import Choices, next_years_report

PROVENANCE = ["source_page", "source_line"]
ARITHMETIC = {"parent_equals_sum_of_children", "change_equals_budget_minus_prev", "change_rate", "actual_rate"}

choices = st.builds(
    Choices,
    seed=st.integers(0, 2**32 - 1),
    dropped=st.integers(0, 6),
    added=st.integers(0, 4),
    crlf=st.booleans(),
    cp949=st.booleans(),
)


# A fixed number of examples, drawn the same way every run; no shrinking (an example takes ~1 s,
# and the failing choices are printed whole).
@settings(max_examples=8, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(choices=choices)
def test_next_years_report_gives_the_tables_it_was_written_with(tmp_path_factory, reference, reference_text, choices):
    data, expected = next_years_report(reference_text, reference, choices)
    path = tmp_path_factory.mktemp("next") / "seoul_next_2024.txt"
    path.write_bytes(data)
    extraction = extract(path)
    assert extraction.fiscal_year == 2024 and extraction.missing_sections == []
    for name, frame in expected.items():
        got = extraction.tables[name].drop(columns=PROVENANCE)
        want = frame.drop(columns=PROVENANCE)
        assert got.equals(want), (name, _first_difference(got, want))
    findings = check(extraction, parse_reviews("key,note\n", "none")).findings
    detail = findings[findings["table"].isin(["revenue_detail", "expenditure_detail"])]
    assert not detail["check"].isin(ARITHMETIC).any(), detail[["key", "expected", "actual"]].head()


def _first_difference(got, want):
    if len(got) != len(want):
        return f"{len(got)} rows, expected {len(want)}"
    for column in want.columns:
        differs = got[column].astype(str) != want[column].astype(str)
        if differs.any():
            index = differs.idxmax()
            return column, index, got.loc[index].to_dict(), want.loc[index].to_dict()
    return None
