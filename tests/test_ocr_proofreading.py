"""The arithmetic as OCR's proof-reader (checks/ocr.py): a report's lines with OCR's readings on
them, the tables extracted as for any report, then every unsure number tried against its checks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from checks.findings import ReviewFileError, parse_reviews
from checks.ocr import proofread, with_reviewed_values
from checks.ocr_names import respelled
from extractors import extract_lines
from extractors.read.readings import Reading
from extractors.read.text import text_to_lines
from tests.synthetic import budget_line, expenditure_report

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)


def scanned(rows: list[str], readings: dict[str, tuple[Reading, ...]], elsewhere: tuple[str, ...] = ()):
    """The report's extraction, the lines starting with a key of `readings` carrying those readings
    (as a scanned page's lines do), and the OCR findings of proof-reading it; `elsewhere`, lines
    of the report's text pages (a mixed PDF's) outside the table."""
    lines = text_to_lines(expenditure_report(rows), "scan.pdf")
    lines = [replace(line, readings=next((r for start, r in readings.items() if line.stripped.startswith(start)), ()))
             for line in lines]
    extraction = extract_lines(lines, "scan.pdf", "scan", fiscal_year=2023)
    pages = text_to_lines("\n".join(elsewhere), "scan.pdf") if elsewhere else []
    found = proofread(extraction.tables, extraction.rate_decimals, extraction.lines + pages)
    return extraction.tables["expenditure_detail"], found


def misread_row(budget: str) -> str:
    """사업나 printed for a budget of 400, its budget read as `budget`."""
    return budget_line("\u3000\u3000사업나", 200, 400, 100).replace(" 400 ", f" {budget} ", 1)


def rows(second: str) -> list[str]:
    return ["가과 300 600 300 100.0% 150 25.0%", budget_line("\u3000\u3000사업가", 100, 200, 50), second]


def test_an_unsure_digit_that_one_candidate_balances_is_corrected_with_a_warning():
    table, found = scanned(rows(misread_row("900")), {"사업나": (Reading("900", "900", True, ((0, "84"),)),)})
    assert table.loc[table["name"] == "사업나", "budget"].item() == 400  # 800 balances no check
    assert [(f["check"], f["severity"], f["column"], f["expected"], f["actual"], f["reading"]) for f in found] == [
        ("ocr_corrected", "warning", "budget", 400, 900.0, "900")]


def test_an_unsure_reading_the_checks_confirm_is_published_without_a_finding():
    table, found = scanned(rows(misread_row("400")), {"사업나": (Reading("400", "400", True, ((0, "91"),)),)})
    assert table.loc[table["name"] == "사업나", "budget"].item() == 400
    assert found == []


def test_a_reading_ocr_is_sure_of_is_never_changed():
    table, found = scanned(rows(misread_row("900")), {"사업나": (Reading("900", "900", True, ()),)})
    assert table.loc[table["name"] == "사업나", "budget"].item() == 900  # the comparisons say it is wrong
    assert found == []


def test_an_unsure_reading_no_candidate_settles_is_an_error_for_a_person():
    table, found = scanned(rows(misread_row("900")), {"사업나": (Reading("9OO", "900", True, ((0, "76"),)),)})
    assert table.loc[table["name"] == "사업나", "budget"].item() == 900  # the most likely reading, published
    assert [(f["check"], f["severity"], f["column"], f["actual"], f["expected"], f["reading"]) for f in found] == [
        ("ocr_unsure", "error", "budget", 900.0, None, "9OO")]


def test_a_sign_read_as_a_digit_is_settled_by_the_change():
    # 사업나's change △100 read `4100`, its first digit unsure: only the sign balances budget − last year.
    second = budget_line("\u3000\u3000사업나", 500, 400, 100)
    table, found = scanned(["가과 600 600 - - 150 25.0%", budget_line("\u3000\u3000사업가", 100, 200, 50),
                            second.replace("△100", "4100", 1)],
                           {"사업나": (Reading("4100", "4100", True, ((0, "1△"),)),)})
    assert table.loc[table["name"] == "사업나", "change"].item() == -100
    assert [(f["check"], f["expected"]) for f in found] == [("ocr_corrected", -100)]


def test_a_name_read_with_unsure_letters_is_an_error_naming_the_reading():
    _, found = scanned(rows(misread_row("400")), {"사업나": (Reading("사엽나", "사엽나", False, ((1, "업"),)),)})
    assert [(f["check"], f["column"], f["reading"]) for f in found] == [("ocr_unsure", "name", "사엽나")]


def test_a_word_ocr_read_only_as_marks_is_no_finding_on_the_name():
    # a speck's `:` and a bullet's `(>` (which the form's shape puts back), each read unsure, beside the name
    marks = (Reading(":", ":", False, ((0, ";"),)), Reading("(>", "(>", False, ((0, "("), (1, ")"))))
    _, found = scanned(rows(misread_row("400")), {"사업나": marks})
    assert found == []
    _, found = scanned(rows(misread_row("400")), {"사업나": (*marks, Reading("사엽나", "사엽나", False, ((1, "업"),)))})
    assert [(f["check"], f["reading"]) for f in found] == [("ocr_unsure", "사엽나")]


def misread_name(read: str) -> list[str]:
    """The rows, 사업나 read as `read` (its numbers read surely)."""
    return ["가과 300 600 300 100.0% 150 25.0%", budget_line("\u3000\u3000사업가", 100, 200, 50),
            budget_line(f"\u3000\u3000{read}", 200, 400, 100)]


def test_a_name_the_report_prints_surely_elsewhere_settles_its_unsure_letter_and_is_corrected():
    # OCR read 사엽나, unsure of its second letter (업 the alternative); the execution table's text
    # page prints 사업나: the one spelling the report knows is published, with its path
    table, found = scanned(misread_name("사엽나"), {"사엽나": (Reading("사엽나", "사엽나", False, ((1, "업"),)),)},
                           elsewhere=("사업나 1,000 800 600 80.0 60.0 950 95",))
    assert table["name"].tolist() == ["가과", "사업가", "사업나"]
    assert table["path"].tolist() == ["가과", "가과 > 사업가", "가과 > 사업나"]
    assert [(f["check"], f["severity"], f["name"], f["column"], f["reading"]) for f in found] == [
        ("ocr_corrected", "warning", "가과 > 사업나", "name", "사엽나")]


def test_an_unsure_name_two_known_spellings_fit_stays_unsure():
    # 사업가 and 사업나 are both printed elsewhere: the letter is not settled
    table, found = scanned(misread_name("사업다"), {"사업다": (Reading("사업다", "사업다", False, ((2, "가나"),)),)},
                           elsewhere=("사업나 1,000 800 600 80.0 60.0 950 95",))
    assert table["name"].tolist()[-1] == "사업다"
    assert [(f["check"], f["reading"]) for f in found] == [("ocr_unsure", "사업다")]


def test_an_unsure_name_the_report_prints_as_read_is_confirmed_without_a_finding():
    table, found = scanned(misread_name("사업나"), {"사업나": (Reading("사업나", "사업나", False, ((1, "엽"),)),)},
                           elsewhere=("사업나 1,000 800 600 80.0 60.0 950 95",))
    assert table["name"].tolist()[-1] == "사업나" and found == []


def test_a_reviewer_gives_the_printed_value_of_an_ocr_finding_and_it_is_published():
    table, found = scanned(rows(misread_row("900")), {"사업나": (Reading("9OO", "900", True, ((0, "76"),)),)})
    reviews = parse_reviews(f"key,note,value\n{found[0]['key']},the print says 400,400\n", "scan.reviewed.csv")
    with_reviewed_values({"expenditure_detail": table}, found, reviews)
    assert table.loc[table["name"] == "사업나", "budget"].item() == 400


@pytest.mark.parametrize(("line", "problem"), [
    ("change_rate|expenditure_detail|가과|change_rate,checked,12.5",
     "scan.reviewed.csv, line 2: a value is given only on an OCR finding's line (ocr_unsure, ocr_corrected), "
     "not on 'change_rate'"),
    ("ocr_unsure|expenditure_detail|가과 > 사업나|budget,checked,4OO",
     "scan.reviewed.csv, line 2: the value '4OO' is not a number as printed (1,234, △1,234, 7.4%)"),
])
def test_a_reviewed_value_that_cannot_be_used_is_refused_naming_its_line(line, problem):
    with pytest.raises(ReviewFileError) as refused:
        parse_reviews(f"key,note,value\n{line}\n", "scan.reviewed.csv")
    assert str(refused.value) == problem


def test_an_unsure_mark_left_out_of_the_text_is_no_letter_to_change():
    # OCR read `종료 첫째 、`, unsure of the mark, which is no part of the name's text
    reading = Reading("사엽나 、", "사엽나", False, ((1, "업"), (3, "ㆍ。")))
    table, found = scanned(misread_name("사엽나"), {"사엽나": (reading,)}, elsewhere=("사업나 1,000 800 600",))
    assert table["name"].tolist()[-1] == "사업나" and [f["check"] for f in found] == ["ocr_corrected"]


@pytest.mark.parametrize(("name", "read", "spelled", "published"), [
    ("시청사 아깐 전기", "아 깐", "아 간", "시청사 아간 전기"),  # the name's spacing repaired, the reading's not
    ("사엽나", "사엽나", "사업나", "사업나"),
    ("사엽나", "엽다", "업다", None),  # not in the name
    ("사엽나", "사엽나", "사나", None),  # a letter dropped: no place-for-place spelling
])
def test_a_name_is_respelled_letter_for_letter_whatever_its_spacing(name, read, spelled, published):
    assert respelled(name, read, spelled) == published


def test_a_name_read_letter_by_letter_is_settled_by_its_letters():
    # OCR took each letter for a word (`사 엽 나`); the name's spacing was repaired to 사엽나
    reading = Reading("사 엽 나", "사 엽 나", False, ((2, "업"),))
    table, found = scanned(misread_name("사엽나"), {"사엽나": (reading,)}, elsewhere=("사업나 1,000 800 600",))
    assert table["name"].tolist()[-1] == "사업나" and [f["check"] for f in found] == ["ocr_corrected"]
