"""Another bureau's wording of the same form: the reference report rewritten with other words for
its headings, titles, headers, units, dates, status words and labels gives the same tables and
the findings the rewrite expects, reviewed, so the run would exit 0."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from checks.findings import parse_reviews
from checks.reviews import load_reviews
from extractors import extract
from flows.run import check
from tests.conftest import REFERENCE
from tests.wording import DATE_FORMS, UNIT_FORMS, Wording, everything, reword

PROVENANCE = ["source_page", "source_line"]
NO_REVIEWS = parse_reviews("key,note\n", "none")

ALONE = [
    Wording(1, headings=True),
    Wording(2, blocks=True),
    Wording(3, titles="made_up"),
    Wording(4, titles="no_word"),
    Wording(5, headers=True),
    *(Wording(6, units=form) for form in UNIT_FORMS if form != "same"),
    *(Wording(7, dates=form) for form in DATE_FORMS if form != "same"),
    Wording(8, statuses="synonyms"),
    Wording(9, statuses="made_up"),
    *(Wording(10, summary_header=style) for style in ("synonyms", "two_lines", "merged")),
    Wording(11, labels=True),
    Wording(12, split=True),
    Wording(13, audit_headers=True),
    *(Wording(15, district_title=style) for style in ("plain", "numbered")),
    everything(14),
]


@pytest.fixture(scope="module")
def reference_findings(reference):
    return check(reference, NO_REVIEWS).findings


def run_reworded(tmp_path, reference, reference_text, reference_findings, wording):
    reviews = REFERENCE.with_name(REFERENCE.stem + ".reviewed.csv").read_text(encoding="utf-8")
    made = reword(reference_text, reference, reference_findings, reviews, wording)
    path = tmp_path / "other_bureau.txt"
    path.write_text(made.text, encoding="utf-8")
    path.with_name("other_bureau.reviewed.csv").write_text(made.reviews, encoding="utf-8")
    extraction = extract(path)
    return made, extraction, check(extraction, load_reviews(path)).findings


def assert_as_made(made, extraction, findings):
    for name, frame in made.tables.items():
        got = extraction.tables[name].drop(columns=PROVENANCE)
        want = frame.drop(columns=PROVENANCE)
        assert got.equals(want), (name, _first_difference(got, want))
    assert {(f.key, f.severity) for f in findings.itertuples()} == made.findings
    errors = findings[findings["severity"] == "error"]
    assert errors["reviewed"].all() and not (findings["check"] == "stale_review").any()


@pytest.mark.parametrize("wording", ALONE, ids=lambda w: ",".join(
    f"{k}={v}" for k, v in w.__dict__.items() if k != "seed" and v not in (False, "same")))
def test_each_drift_alone_and_all_at_once(tmp_path, reference, reference_text, reference_findings, wording):
    made, extraction, findings = run_reworded(tmp_path, reference, reference_text, reference_findings, wording)
    assert extraction.fiscal_year == 2023 and extraction.missing_sections == []
    assert_as_made(made, extraction, findings)


def test_a_made_up_status_word_is_a_warning_and_an_empty_status(tmp_path, reference, reference_text,
                                                                reference_findings):
    made, extraction, findings = run_reworded(tmp_path, reference, reference_text, reference_findings,
                                              Wording(21, statuses="made_up"))
    unknown = findings[findings["check"].isin(["unknown_status", "unknown_summary_column"])]
    assert set(unknown["severity"]) == {"warning"} and unknown["expected"].isna().all()
    word = unknown["name"].iloc[0]
    assert (extraction.tables["audit_findings"]["status_printed"] == word).sum() >= 1
    assert extraction.tables["audit_findings"].loc[lambda f: f["status_printed"] == word, "status"].isna().all()


def test_split_categories_add_a_summary_row(tmp_path, reference, reference_text, reference_findings):
    made, extraction, _ = run_reworded(tmp_path, reference, reference_text, reference_findings,
                                       Wording(22, split=True))
    summary = extraction.tables["audit_summary"]
    assert summary["category"].tolist() == ["계", "시정요구사항", "처리요구사항", "건의사항", "기타(자료제출 등)"]
    assert summary["total"].tolist()[1] + summary["total"].tolist()[2] == 23
    by_category = extraction.tables["audit_findings"].groupby("category", sort=False).size()
    assert by_category.tolist() == summary["total"].tolist()[1:]


wordings = st.builds(
    Wording,
    seed=st.integers(0, 2**32 - 1),
    headings=st.booleans(),
    blocks=st.booleans(),
    titles=st.sampled_from(["same", "made_up", "no_word"]),
    headers=st.booleans(),
    units=st.sampled_from(list(UNIT_FORMS)),
    dates=st.sampled_from(list(DATE_FORMS)),
    statuses=st.sampled_from(["same", "synonyms", "made_up"]),
    summary_header=st.sampled_from(["same", "synonyms", "two_lines", "merged"]),
    labels=st.booleans(),
    split=st.booleans(),
    audit_headers=st.booleans(),
    district_title=st.sampled_from(["same", "plain", "numbered"]),
)


@settings(max_examples=10, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(wording=wordings)
def test_drawn_wordings_give_what_the_rewrite_expects(tmp_path_factory, reference, reference_text,
                                                      reference_findings, wording):
    tmp_path = tmp_path_factory.mktemp("wording")
    made, extraction, findings = run_reworded(tmp_path, reference, reference_text, reference_findings, wording)
    assert_as_made(made, extraction, findings)


def _first_difference(got: pd.DataFrame, want: pd.DataFrame):
    if len(got) != len(want):
        return f"{len(got)} rows, expected {len(want)}"
    if list(got.columns) != list(want.columns):
        return list(got.columns), list(want.columns)
    for column in want.columns:
        same = (got[column] == want[column]).fillna(False) | (got[column].isna() & want[column].isna())
        if not same.all():
            index = (~same).idxmax()
            return column, index, got.loc[index, column], want.loc[index, column]
    return "dtypes", got.dtypes.to_dict(), want.dtypes.to_dict()
