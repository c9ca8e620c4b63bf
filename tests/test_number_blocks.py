"""Section Ⅰ's blocks of numbers are found by their shape, whatever their titles: the district facts
under a title of no form, a second block of facts, and a block of numbers no parser reads
(`block_not_read`, never lines lost without a word)."""

from __future__ import annotations

import pytest

from extractors import extract_lines
from extractors.read.text import text_to_lines

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)

GLYPH = "\uf000"


def reworded(reference_text: str, change) -> list[str]:
    lines = reference_text.split("\n")
    change(lines)
    return lines


def extracted(lines: list[str]):
    return extract_lines(text_to_lines("\n".join(lines), "changed.txt"), "changed.txt")


def district_title(lines: list[str]) -> int:
    """The title of the district facts: the last glyph-led title of section Ⅰ."""
    second = next(i for i, line in enumerate(lines) if line.startswith("Ⅱ."))
    return max(i for i, line in enumerate(lines[:second]) if line.startswith(GLYPH))


@pytest.mark.parametrize("title", ["관할 구역 현황", "1. 관할 구역 현황", "가. 주요 통계", "□ 관내 기초자료"])
def test_the_district_block_under_any_title_gives_the_same_rows(reference, reference_text, title):
    def retitle(lines):
        lines[district_title(lines)] = title

    found = extracted(reworded(reference_text, retitle))
    assert found.tables["district_stats"].equals(reference.tables["district_stats"])
    assert found.gaps == [] and found.unparsed["text"].tolist() == reference.unparsed["text"].tolist()


def test_a_second_block_of_facts_before_the_district_block_is_read_too(reference, reference_text):
    def add_block(lines):
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{GLYPH} 부서별"))
        lines[at:at] = [f"{GLYPH} 시설 현황", "", "‣ 연 수 원  --------  4개소 (객실 418실)", "",
                        "‣ 청    사  --------  3개소", ""]

    found = extracted(reworded(reference_text, add_block))
    district = found.tables["district_stats"]
    assert len(district) == len(reference.tables["district_stats"]) + 2
    assert district["row_id"].tolist() == list(range(1, len(district) + 1))
    assert district.head(2)[["value", "unit"]].values.tolist() == [[4.0, "개소"], [3.0, "개소"]]
    assert found.gaps == []


def test_a_block_of_numbers_in_no_known_shape_is_block_not_read(reference, reference_text):
    def add_block(lines):
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{GLYPH} 부서별"))
        lines[at:at] = ["주요 시설", "", "연수원 4개소 객실 418실 청사 3동", "", "숙소 2개소 식당 5개소", ""]

    found = extracted(reworded(reference_text, add_block))
    assert [(gap.check, gap.table, gap.name, gap.level) for gap in found.gaps] == [
        ("block_not_read", "district_stats", "주요 시설", "error")]
    lines_moved = ["source_line"]  # six lines were added above the district block
    assert found.tables["district_stats"].drop(columns=lines_moved).equals(
        reference.tables["district_stats"].drop(columns=lines_moved))
    assert "연수원 4개소 객실 418실 청사 3동" in found.unparsed["text"].tolist()


def test_the_reference_has_no_block_not_read(reference):
    assert [gap for gap in reference.gaps if gap.check == "block_not_read"] == []
