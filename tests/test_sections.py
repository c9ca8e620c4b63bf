"""Sections told apart by what they hold (extractors/parts/sections.py, the shapes of SECTIONS in
extractors/report.py): a chunk's content outweighs its heading's words and numeral, a few lines
do not make a section, and a section's content ends where lines it never holds come together."""

from __future__ import annotations

import pytest

from extractors.parts.sections import cut_foreign, split_sections
from extractors.read.text import text_to_lines
from extractors.report import SHAPES

pytestmark = pytest.mark.fast

# One line of each shape a section is told by.
SHAPE_LINES = {
    "org": ["7팀 192명", "5팀 88명", "3팀 41명", "4팀 60명"],
    "duty": ["기 획 과 ◦ 청사 시설물 관리", "총 무 과 ◦ 인사 운영", "재 무 과 ◦ 예산 편성",
             "감 사 과 ◦ 자체 감사", "홍 보 과 ◦ 시정 홍보"],
    "item": ["1  주민 참여 확대를 위한 기반 조성", "2  청사 안전 관리 강화", "3  민원 처리 기간 단축",
             "4  공공 데이터 개방 확대", "5  재난 대응 체계 정비"],
    "execution": ["청사 운영 2,000,000 1,500,000 1,200,000 75.0 60.0 1,900,000 95",
                  "민원 안내 1,000,000 800,000 600,000 80.0 60.0 950,000 95",
                  "시설 보수 500,000 400,000 300,000 80.0 60.0 480,000 96",
                  "안전 점검 300,000 240,000 180,000 80.0 60.0 290,000 97",
                  "정보 시스템 200,000 160,000 120,000 80.0 60.0 190,000 95"],
    "budget": ["기 획 국 12,300,000 11,070,000 △1,230,000 △10.0% 9,963,000 90.0%",
               "시청사 안내원 운영 170,676 195,168 24,492 14.3% 131,605 67.4%",
               "청사 운영 3,000 2,000 △1,000 △33.3% 1,000 50.0%",
               "민원 안내 2,000 2,000 0 0.0% 1,000 50.0%",
               "시설 보수 1,000 1,500 500 50.0% 900 60.0%"],
    "finding": ["(기획과)", "□ 처리결과 : 추진완료", "", "(총무과)", "□ 처리결과 : 추진중"],
}


def sections_of(*chunks: tuple[str, list[str]]) -> dict[str, str]:
    """Each heading's section, for a text of (heading, body lines) chunks."""
    text = "\n".join(line for heading, body in chunks for line in ["", heading, "", *body])
    split = split_sections(text_to_lines(text, "r.txt"), SHAPES)
    return {section.heading.stripped: key for key, section in split.sections.items()}


@pytest.mark.parametrize(("heading", "body", "section"), [
    ("Ⅰ. 일반현황", SHAPE_LINES["finding"], "audit"),  # two findings (5 each) outweigh words and numeral (9)
    ("Ⅰ. 일반현황", SHAPE_LINES["finding"][:2], "general"),  # one does not
    ("Ⅱ. 주요업무 추진상황", SHAPE_LINES["org"], "general"),  # four org boxes (3 each)
    ("Ⅱ. 주요업무 추진상황", SHAPE_LINES["org"][:2], "work_report"),
    ("Ⅱ. 주요업무 추진상황", SHAPE_LINES["duty"], "general"),  # five duty lines (2 each)
    ("Ⅰ. 일반현황", SHAPE_LINES["item"], "work_report"),  # five items (2 each)
    ("Ⅰ. 일반현황", SHAPE_LINES["execution"], "work_report"),  # five execution rows (2 each)
])
def test_what_a_chunk_holds_outweighs_its_headings_words_and_numeral(heading, body, section):
    assert sections_of((heading, body)) == {heading: section}


def test_fewer_than_five_budget_rows_make_no_section_of_details():
    general = ("Ⅰ. 일반현황", SHAPE_LINES["org"])
    audit = ("Ⅳ. 행정사무감사 지적사항 처리 결과", SHAPE_LINES["finding"])
    assert sections_of(general, ("Ⅴ. 기타", SHAPE_LINES["budget"][:4]), audit) == {
        "Ⅰ. 일반현황": "general", "Ⅳ. 행정사무감사 지적사항 처리 결과": "audit"}
    assert sections_of(general, ("Ⅴ. 기타", SHAPE_LINES["budget"]), audit)["Ⅴ. 기타"] == "budget_detail"


FOREIGN_LINES = {  # three lines of a shape, close together
    "budget": SHAPE_LINES["budget"][:3], "execution": SHAPE_LINES["execution"][:3], "org": SHAPE_LINES["org"][:3],
    "item_or_bullet": ["□ 추진 배경", "□ 추진 내용", "□ 향후 계획"], "finding": SHAPE_LINES["finding"] * 2,
}


# What each section of the form never holds: budget rows are section Ⅲ's (and Ⅰ's summaries), the
# execution tables and the □ items Ⅱ's, org boxes Ⅰ's, findings Ⅳ's.
NEVER_HOLDS = {
    "general": {"execution", "item_or_bullet", "finding"},
    "work_report": {"budget", "org", "finding"},
    "budget_detail": {"execution", "org", "item_or_bullet", "finding"},
    "audit": {"budget", "execution", "org"},
}


@pytest.mark.parametrize("section", list(SHAPES))
@pytest.mark.parametrize("shape", list(FOREIGN_LINES))
def test_a_section_ends_where_lines_it_never_holds_come_together(section, shape):
    lines = text_to_lines("\n".join(["가나다 라마 바사", "아자차 카타 파하", *FOREIGN_LINES[shape]]), "r.txt")
    kept, first = cut_foreign(SHAPES[section], lines)
    if shape in NEVER_HOLDS[section]:
        assert first is not None and first.text == FOREIGN_LINES[shape][0] and len(kept) == 2
    else:
        assert first is None and kept == lines


@pytest.mark.parametrize("section", list(SHAPES))
def test_two_such_lines_or_three_far_apart_do_not_end_a_section(section):
    shape = sorted(NEVER_HOLDS[section])[0]
    prose = ["가나다 라마 바사", "아자차 카타 파하", "거너더 러머 버서", "어저처 커터 퍼허", "고노도 로모 보소",
             "오조초 코토 포호"]
    two = text_to_lines("\n".join([*prose[:2], *FOREIGN_LINES[shape][:2], *prose]), "r.txt")
    assert cut_foreign(SHAPES[section], two)[1] is None
    spread = [line for foreign in FOREIGN_LINES[shape][:3] for line in [foreign, *prose]]  # 7 lines apart
    if shape != "finding":  # a finding is two lines: its department and its status line
        assert cut_foreign(SHAPES[section], text_to_lines("\n".join(spread), "r.txt"))[1] is None


def test_a_repeated_heading_with_its_sections_content_is_merged_into_it():
    split = split_sections(text_to_lines("\n".join([
        "Ⅰ. 일반현황", *SHAPE_LINES["org"], "", "Ⅰ. 일반현황 (계속)", *SHAPE_LINES["duty"][:2],
    ]), "r.txt"), SHAPES)
    assert list(split.sections) == ["general"] and split.extra == []
    assert [line.text for line in split.sections["general"].lines[-2:]] == SHAPE_LINES["duty"][:2]


def test_a_later_heading_with_only_a_trace_of_the_section_before_it_is_kept_apart():
    # an appendix after section Ⅰ quoting one budget row: no part of section Ⅰ (MERGE_COST)
    split = split_sections(text_to_lines("\n".join([
        "Ⅰ. 일반현황", *SHAPE_LINES["org"], "", "Ⅴ. 부록", SHAPE_LINES["budget"][0],
    ]), "r.txt"), SHAPES)
    assert list(split.sections) == ["general"] and [line.text for line in split.extra] == ["Ⅴ. 부록"]
