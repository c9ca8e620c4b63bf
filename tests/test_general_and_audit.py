"""Sections Ⅰ (org chart, duties) and Ⅳ (audit findings), against values read off the report."""

import pandas as pd
import pytest

from extractors.parts.blocks import Block
from extractors.parts.org import parse_org_units
from extractors.read.text import text_to_lines

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)


def test_org_units_pair_each_count_with_the_name_after_it(reference):
    units = reference.tables["org_units"]
    assert units["name"].tolist() == [
        "총무과", "인사과", "인력개발과", "자치행정과", "시민협력과", "대외협력과", "남북협력과", "공무원수련원"
    ]
    assert units["teams"].tolist()[:7] == [7, 5, 4, 6, 3, 3, 3]
    assert pd.isna(units["teams"].iloc[7]) and units["staff"].iloc[7] == 12
    assert units["staff"].sum() == 375 and units["source_line"].tolist()[:2] == [10, 13]
    assert set(units["as_of"]) == {"2023-09-30"}
    assert reference.stated["org_units.staff"].value == 375 and reference.stated["org_units.units"].value == 8


def test_a_synthetic_org_chart_with_a_unit_without_teams():
    lines = text_to_lines("\n".join(["(기준 : ’24. 6. 30./현원)", "본  부", "2팀 10명", "가 나 과",
                                     "", "연구소 4명", "※ 외부 기관 1팀 3명"]), "org.txt")
    title = text_to_lines("\uf000 조직 및 인력 : 1과 1사업소 14명", "org.txt")[0]
    chart = parse_org_units(Block("org_units", title, lines), 2024)
    frame = chart.frame.astype({"teams": "Int64"})
    assert frame["name"].tolist() == ["가나과", "연구소"] and frame["staff"].tolist() == [10, 4]
    assert frame["teams"].iloc[0] == 2 and pd.isna(frame["teams"].iloc[1])
    assert set(frame["as_of"]) == {"2024-06-30"}
    assert (chart.stated_units, chart.stated_staff) == (2, 14)


def test_department_duties_one_row_per_bullet(reference):
    duties = reference.tables["department_duties"]
    assert len(duties) == 14
    first, last = duties.iloc[0], duties.iloc[-1]
    assert (first["department"], first["source_line"]) == ("총무과", 37)
    assert first["duty"] == "청사 시설물 관리 및 방호, 차량‧통신시설 관리, 시장공관 운영, 서울광장 운영"
    assert last["department"] == "남북협력과"
    assert last["duty"] == "市 거주 북한이탈주민 정착 지원, 위기가구 안전돌봄 지원 사업 등"
    assert duties.groupby("department").size().tolist() == [2] * 7


def test_audit_summary_rows(reference):
    summary = reference.tables["audit_summary"]
    assert summary["category"].tolist() == ["계", "시정· 처리요구사항", "건의사항", "기타(자료제출 등)"]
    first = summary.iloc[0]
    values = [first[c] for c in ("total", "completed", "in_progress", "under_review", "not_reflected")]
    assert values[:3] == [48, 36, 11] and pd.isna(values[3]) and values[4] == 1
    assert set(summary["audit_year"]) == {2022}


def test_audit_findings_items_categories_and_statuses(reference):
    findings = reference.tables["audit_findings"]
    assert len(findings) == 48 and findings["item_no"].tolist() == list(range(1, 49))
    assert findings.groupby("category", sort=False).size().to_dict() == {
        "시정· 처리요구사항": 23, "건의사항": 13, "기타(자료제출 등)": 12
    }
    first = findings.iloc[0]
    assert (first["department"], first["status"], first["source_line"]) == ("시민협력과", "추진완료", 1328)
    assert first["request"] == (
        "서울혁신파크 사업 관련하여 감사위원회로부터 20개가 넘는 지적 사항이 발생했음. 이에 관한 시정사항 보고 바람"
    )
    assert first["actions"].splitlines()[0] == "◦ ’21년 서울혁신센터 특정감사 조치결과 보고(’22.11.9.)"
    assert pd.isna(first["plan"]) or first["plan"] == ""


def test_a_finding_written_with_a_space_in_its_status_and_a_plan(reference):
    second = reference.tables["audit_findings"].iloc[1]
    assert second["status"] == "추진중"  # printed "□ 추진상황 : 추진 중"
    assert second["plan"].startswith("◦개발 주관부서(서부권사업과)에서 서울혁신파크 부지 임시활용 방안으로")
    assert second["actions"].count("\n") == 3


def test_the_finding_whose_actions_are_a_review(reference):
    findings = reference.tables["audit_findings"]
    reviewed = findings[findings["source_line"] == 2335].iloc[0]  # □ 검토내용
    assert reviewed["actions"].startswith("◦ 대학생아르바이트 사업은 방학이라는 한정된 기간 동안")
    assert reviewed["department"] == "인력개발과" and reviewed["item_no"] == 27


def test_the_last_group_tells_actions_from_requests_by_their_headings(reference):
    findings = reference.tables["audit_findings"]
    last = findings[findings["category"] == "기타(자료제출 등)"]
    assert (last["actions"] == "○ 자료 제출 완료 (2022. 11. 9.)").sum() >= 10
    assert last.iloc[0]["request"] == "서울혁신파크 특정감사 조치 결과"
    assert "안전총괄과" in set(findings["department"])  # outside the bureau, kept as printed


def test_every_line_of_section_four_is_recognised(reference):
    assert not reference.unparsed["source_line"].between(1302, 2940).any()
