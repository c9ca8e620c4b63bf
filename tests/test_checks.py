"""Checks by mutation: change one printed number of the reference report and the right
findings appear, at the right rows and lines, while the recovered tree stays the same."""

import pandas as pd
import pytest

from checks.findings import apply_reviews, findings_from, parse_reviews
from checks.rules import budget_comparisons
from extractors import ReportError, extract_lines
from extractors.read.text import text_to_lines
from flows.run import check
from tests.conftest import REFERENCE
from tests.synthetic import budget_line, expenditure_report

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)

NO_REVIEWS = parse_reviews("key,note\n", "none")


def mutated(text: str, line: int, printed: str, replacement: str) -> str:
    lines = text.split("\n")
    assert printed in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(printed, replacement, 1)
    return "\n".join(lines)


def checked(text: str):
    extraction = extract_lines(text_to_lines(text, "mutant.txt"), "mutant.txt")
    return extraction, check(extraction, NO_REVIEWS).findings


def new_findings(reference_keys: frozenset[str], findings: pd.DataFrame) -> pd.DataFrame:
    return findings[~findings["key"].isin(reference_keys)]


def found(findings: pd.DataFrame) -> set[tuple]:
    return {(f.check, f.table, f.column, f.source_line, f.severity) for f in findings.itertuples()}


def trees(extraction) -> dict[str, list]:
    return {name: frame["parent_id"].tolist() for name, frame in extraction.tables.items() if "parent_id" in frame}


def test_a_changed_leaf_amount_is_found_at_the_row_and_at_its_parent(reference, reference_keys, reference_text):
    # 시청직장어린이집 운영: 2023 예산현액 1,766,202 → 1,766,302
    extraction, findings = checked(mutated(reference_text, 1066, "1,766,202", "1,766,302"))
    assert found(new_findings(reference_keys, findings)) == {
        ("parent_equals_sum_of_children", "expenditure_detail", "budget", 1057, "error"),
        ("change_equals_budget_minus_prev", "expenditure_detail", "change", 1066, "error"),
    }
    parent = findings[findings["source_line"] == 1057].iloc[0]
    assert (parent["expected"], parent["actual"], parent["difference"]) == (39349137, 39349037, -100)
    assert trees(extraction) == trees(reference)


def test_a_changed_parent_amount_is_found_at_the_parent_and_its_own_parent(reference, reference_keys, reference_text):
    # 공무원 복지증진: 2023 예산현액 39,349,037 → 39,349,537
    extraction, findings = checked(mutated(reference_text, 1057, "39,349,037", "39,349,537"))
    assert found(new_findings(reference_keys, findings)) == {
        ("parent_equals_sum_of_children", "expenditure_detail", "budget", 1057, "error"),
        ("parent_equals_sum_of_children", "expenditure_detail", "budget", 1040, "error"),
        ("change_equals_budget_minus_prev", "expenditure_detail", "change", 1057, "error"),
    }
    assert trees(extraction) == trees(reference)


def test_a_changed_rate_is_found_at_its_row_only(reference, reference_keys, reference_text):
    extraction, findings = checked(mutated(reference_text, 1066, "74.0%", "75.0%"))
    new = new_findings(reference_keys, findings)
    assert found(new) == {("actual_rate", "expenditure_detail", "actual_rate", 1066, "error")}
    assert (new.iloc[0]["expected"], new.iloc[0]["actual"]) == (74.0, 75.0)
    assert trees(extraction) == trees(reference)


def test_a_rate_off_by_what_rounding_allows_is_a_warning(reference, reference_keys, reference_text):
    # 서천·수안보연수원 공유재산 사용료: 233 / 189 = 123.3%; with 189 ± 0.5, up to 123.9%
    extraction, findings = checked(mutated(reference_text, 783, "123.7%", "123.8%"))
    row = findings[(findings["source_line"] == 783) & (findings["check"] == "actual_rate")].iloc[0]
    assert (row["severity"], row["expected"], row["actual"]) == ("warning", 123.3, 123.8)
    extraction, findings = checked(mutated(reference_text, 783, "123.7%", "124.7%"))
    row = findings[(findings["source_line"] == 783) & (findings["check"] == "actual_rate")].iloc[0]
    assert row["severity"] == "error"


def test_a_changed_summary_figure_is_found_against_the_detail(reference, reference_keys, reference_text):
    # 세출총괄 인사과: 2023 예산현액 8,906,383 → 8,906,483
    extraction, findings = checked(mutated(reference_text, 113, "8,906,383", "8,906,483"))
    assert found(new_findings(reference_keys, findings)) == {
        ("summary_matches_detail", "expenditure_summary", "budget", 113, "error"),
        ("parent_equals_sum_of_children", "expenditure_summary", "budget", 111, "error"),
        ("change_equals_budget_minus_prev", "expenditure_summary", "change", 113, "error"),
    }
    assert trees(extraction) == trees(reference)


def test_a_changed_revenue_summary_figure_has_no_detail_counterpart_left(reference, reference_keys, reference_text):
    # 세입총괄 변상금: 징수액 24,412 → 24,512; 지방행정제재‧부과금 still prints 24,412
    extraction, findings = checked(mutated(reference_text, 95, "24,412 101.1%", "24,512 101.1%"))
    new = found(new_findings(reference_keys, findings))
    assert ("summary_matches_detail", "revenue_summary", "actual", 95, "error") in new
    assert ("parent_equals_sum_of_children", "revenue_summary", "actual", 94, "error") in new
    assert trees(extraction) == trees(reference)


def test_the_reference_report_gives_its_known_disagreements(reference):
    findings = check(reference, NO_REVIEWS).findings
    counts = findings.groupby("severity").size().to_dict()
    assert counts == {"error": 27, "warning": 8}
    audit = findings[findings["check"] == "audit_counts_match_items"]
    assert audit[["name", "column", "expected", "actual"]].values.tolist() == [
        ["계", "completed", 39, 36], ["계", "in_progress", 8, 11],
        ["시정· 처리요구사항", "completed", 16, 17], ["시정· 처리요구사항", "in_progress", 6, 5],
        ["건의사항", "completed", 11, 7], ["건의사항", "in_progress", 2, 6],
    ]
    rate = findings[findings["key"] == "change_rate|expenditure_summary|계 > 조정교부금|change_rate"].iloc[0]
    assert (rate["expected"], rate["actual"], rate["source_line"]) == (-3.9, -4.0, 121)


def test_a_clean_synthetic_table_gives_no_finding():
    text = expenditure_report(
        [
            budget_line("본부", 300, 330, 200),
            budget_line("가과", 100, 110, 70),
            budget_line("사업 하나", 100, 110, 70, indent=1),
            budget_line("나과", 200, 220, 130),
            budget_line("사업 둘", 150, 160, 100, indent=1),
            budget_line("사업 셋", 50, 60, 30, indent=1),
        ]
    )
    extraction = extract_lines(text_to_lines(text, "clean.txt"), "clean.txt")
    assert findings_from(budget_comparisons(extraction.tables, extraction.rate_decimals)).empty
    assert extraction.tables["expenditure_detail"]["parent_id"].tolist() == [pd.NA, 1, 2, 1, 4, 4]


def test_reviews_mark_findings_and_a_stale_review_is_reported(reference):
    findings = check(reference, NO_REVIEWS).findings
    key = "change_rate|expenditure_summary|계 > 조정교부금|change_rate"
    reviews = parse_reviews(f"key,note\n{key},printed △4.0%\nno|such|finding|x,old note\n", "r.csv")
    reviewed = apply_reviews(findings, reviews)
    assert reviewed.loc[reviewed["key"] == key, ["reviewed", "review_note"]].values.tolist() == [
        [True, "printed △4.0%"]
    ]
    stale = reviewed[reviewed["check"] == "stale_review"]
    assert stale[["severity", "name", "review_note"]].values.tolist() == [["warning", "no|such|finding|x", "old note"]]


def test_the_reference_reviews_cover_every_error(reference):
    from checks.reviews import load_reviews
    from tests.conftest import REFERENCE

    findings = check(reference, load_reviews(REFERENCE)).findings
    errors = findings[findings["severity"] == "error"]
    assert len(errors) == 27 and errors["reviewed"].all()
    assert not (findings["check"] == "stale_review").any()
    assert errors["review_note"].str.len().min() > 40


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("key;note\n", "line 1: expected the header 'key,note'"),
        ("key,note\nonly-a-key\n", "line 2: expected a key and a note"),
        ("key,note\na,x\na,y\n", "line 3: the key 'a' is listed twice"),
    ],
)
def test_a_malformed_reviews_file_names_its_line(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_reviews(text, "r.csv")


def test_a_reviewed_file_saved_by_korean_excel_reads_as_utf_8_does(tmp_path):
    from checks.reviews import load_reviews

    text = REFERENCE.with_name(REFERENCE.stem + ".reviewed.csv").read_text(encoding="utf-8")
    text = text.encode("cp949", errors="replace").decode("cp949")  # what CP949 can hold (Excel writes ? for −)
    assert any(ord(char) > 0x7F for char in text)  # Korean notes: the encoding matters
    report = tmp_path / REFERENCE.name
    report.write_bytes(b"")
    reviews = report.with_name(report.stem + ".reviewed.csv")
    loaded = []
    for encoding, newline in (("utf-8", "\n"), ("utf-8-sig", "\n"), ("cp949", "\r\n"), ("utf-8", "\r")):
        reviews.write_bytes(text.replace("\n", newline).encode(encoding))
        loaded.append(load_reviews(report))
    assert len(loaded[0]) == len(load_reviews(REFERENCE)) and all(frame.equals(loaded[0]) for frame in loaded)


def test_a_reviewed_file_in_neither_encoding_names_its_line(tmp_path):
    from checks.reviews import load_reviews

    report = tmp_path / "r.txt"
    report.with_name("r.reviewed.csv").write_bytes(b"key,note\na,fine\nb,\xff\xfe broken\n")
    with pytest.raises(ReportError, match=r"^r.reviewed.csv: line 3 is neither UTF-8 nor CP949"):
        load_reviews(report)
