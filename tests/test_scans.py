"""Scanned reports (extractors/read/scanned.py, checks/ocr.py): PDFs of page images made at test time
from the generated reports (tests/scanned.py: a resolution, a slight turn, specks, JPEG), read by
OCR and compared with the generator's own truth, never with the pipeline's earlier output."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader, PdfWriter

from checks.findings import findings_from
from checks.ocr import proofread, read_by_ocr
from checks.run import run_checks
from extractors import extract
from flows.cli import main
from tests.random_report import rendered
from tests.random_report.checker import expected_findings
from tests.random_report.rendered import Layout
from tests.scanned import scan_pdf
from tests.test_random_reports import (
    MISSING_SECTIONS,
    budget_rows,
    ended_items_report,
    execution_rows,
    model_executions,
    model_rows,
)

MAX_WRONG_ROWS = 2  # of 12 budget rows at 200 dpi: names OCR misread, each with its finding
LAYOUT = Layout(seed=5, indent_step=1, first_level_indented=True, jitter=0.0, wrap=0.3, number_wrap=0.0,
                page_rows=0, grouped=False, page_header=False, footnote=False, text_box=False)


def spaced_out(rows: list[tuple]) -> list[tuple]:
    """Rows with their names compared without blanks (OCR cannot see a space the print barely shows)."""
    return [tuple("".join(value.split()) if isinstance(value, str) else value for value in row) for row in rows]


def checked(path):
    extraction = extract(path)
    read = proofread(extraction.tables, extraction.rate_decimals, extraction.lines)
    return extraction, findings_from(run_checks(extraction).comparisons, extraction.gaps, read)


@pytest.mark.parametrize("grouped", [False, True])
def test_a_scan_reads_as_the_model_that_made_it(grouped, tmp_path):
    report = ended_items_report()
    layout = Layout(**{**LAYOUT.__dict__, "grouped": grouped, "page_header": grouped})
    scan = scan_pdf(rendered.pdf(report, layout, tmp_path / "report.pdf", tmp_path), tmp_path / "scan.pdf", dpi=200,
                    seed=int(grouped))
    extraction, findings = checked(scan)
    wrong = [*wrong_rows(extraction, findings, "revenue_detail", model_rows(report.revenue)),
             *wrong_rows(extraction, findings, "expenditure_detail", model_rows(report.expenditure))]
    assert [flagged for *_, flagged in wrong] == [True] * len(wrong)  # no row wrong without a finding on it
    assert len(wrong) <= MAX_WRONG_ROWS, wrong
    assert spaced_out(execution_rows(extraction)) == spaced_out(model_executions(report))
    comparisons = findings[~findings["check"].str.startswith("ocr_")]
    found = Counter(zip(comparisons["key"].str.replace(" ", ""), comparisons["severity"], strict=True))
    expected = Counter({(key.replace(" ", ""), severity): n
                        for (key, severity), n in (expected_findings(report) + MISSING_SECTIONS).items()})
    assert found == expected  # every disagreement of the print found, and no other
    assert read_by_ocr(extraction.lines)["pages"] == list(range(1, len(PdfReader(scan).pages) + 1))
    unsure = [r for line in extraction.lines for r in line.readings if not r.sure]
    assert unsure and all(r.crop.startswith(b"\x89PNG") for r in unsure)  # cells and words: a reviewer sees each


def wrong_rows(extraction, findings, table: str, model: list[tuple]) -> list[tuple]:
    """The rows that differ from the model's (names without blanks), each with whether a finding
    is on it; the table has the model's rows, in its order."""
    got = spaced_out(budget_rows(extraction, table))
    assert len(got) == len(model)
    ids = extraction.tables[table]["row_id"].tolist()
    flagged = set(findings.loc[findings["table"] == table, "row_id"].dropna().astype(int))
    return [(row, want, row_id in flagged) for row, want, row_id in zip(got, spaced_out(model), ids, strict=True)
            if row != want]


def test_a_report_with_wrong_totals_keeps_them_in_a_scan(tmp_path):
    # A printed total the model made wrong on purpose is still that comparison's error, not an OCR fix.
    report = ended_items_report()
    report.expenditure.children[0].budget += 1_000  # 가람과's budget, printed wrong
    scan = scan_pdf(rendered.pdf(report, LAYOUT, tmp_path / "report.pdf", tmp_path), tmp_path / "scan.pdf", dpi=200)
    extraction, findings = checked(scan)
    table = extraction.tables["expenditure_detail"]
    printed = report.expenditure.children[0].budget
    assert table.loc[table["name"].str.replace(" ", "") == "가람과", "budget"].tolist() == [printed]
    wrong = findings[findings["name"].str.replace(" ", "") == "미르본부>가람과"]
    assert set(zip(wrong["check"], wrong["column"], strict=True)) >= {("parent_equals_sum_of_children", "budget")}
    assert "ocr_corrected" not in set(wrong["check"])


def test_a_pdf_mixing_text_pages_and_scanned_pages_reads_both(tmp_path):
    report = ended_items_report()
    text = rendered.pdf(report, LAYOUT, tmp_path / "report.pdf", tmp_path)
    scanned = scan_pdf(text, tmp_path / "scan.pdf", dpi=200)
    mixed = PdfWriter()
    for number, page in enumerate(PdfReader(text).pages):
        mixed.add_page(PdfReader(scanned).pages[number] if number % 2 else page)
    mixed.write(tmp_path / "mixed.pdf")
    extraction, _ = checked(tmp_path / "mixed.pdf")
    assert spaced_out(budget_rows(extraction, "expenditure_detail")) == spaced_out(model_rows(report.expenditure))
    assert read_by_ocr(extraction.lines)["pages"] == list(range(2, len(PdfReader(text).pages) + 1, 2))


def test_no_ocr_refuses_a_scan_in_one_line(tmp_path, capsys):
    report = ended_items_report()
    scan = scan_pdf(rendered.pdf(report, LAYOUT, tmp_path / "report.pdf", tmp_path), tmp_path / "scan.pdf")
    assert main(["run", str(scan), "--out", str(tmp_path / "out"), "--no-ocr"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "report-pipeline: error: scan.pdf: the PDF has no text layer (scanned pages?): run without --no-ocr to read "
        "them by OCR"]
    assert not (tmp_path / "out").exists()


def test_a_pdf_with_a_text_layer_loads_no_ocr_library(tmp_path):
    text = rendered.pdf(ended_items_report(), LAYOUT, tmp_path / "report.pdf", tmp_path)
    code = f"import sys; from extractors import extract; extract({str(text)!r}); print('tesserocr' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_the_run_lists_the_pages_read_by_ocr_and_shows_each_ocr_finding_beside_its_cell(tmp_path, capfd):
    report = ended_items_report()
    scan = scan_pdf(rendered.pdf(report, LAYOUT, tmp_path / "report.pdf", tmp_path), tmp_path / "scan.pdf", dpi=150)
    assert main(["run", str(scan), "--out", str(tmp_path / "out")]) == 3  # errors to review (two sections missing)
    pages = len(PdfReader(scan).pages)
    said = [line for line in capfd.readouterr().err.splitlines() if "read by OCR" in line]
    assert said == [f"report-pipeline: scan.pdf: page {number}/{pages} read by OCR" for number in range(1, pages + 1)]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ocr"]["pages"] == list(range(1, pages + 1))
    assert manifest["ocr"]["engine"].startswith("tesseract 5.")
    assert set(manifest["ocr"]["language_data"]) == {"kor"}
    findings = pd.read_csv(tmp_path / "out" / "findings.csv", dtype=str, keep_default_na=False)
    ocr = findings[findings["check"].str.startswith("ocr_")]
    assert len(ocr) > 0 and (ocr["reading"] != "").all()
    page = (tmp_path / "out" / "review.html").read_text(encoding="utf-8")
    assert page.count('alt="the cell as scanned" src="data:image/png;base64,') == len(ocr)



def test_the_reference_scans_summary_of_findings_reads_as_printed(tmp_path):
    # Short numbers alone in wide cells (`11`, `17`, `5`), which OCR read as nothing or as `127`
    # until a line was read without the blank beside it; compared with the hand-read table.
    import pdfplumber

    from extractors.read.scanned import read_scanned_page

    ruled = Path(__file__).parent / "fixtures" / "pdf" / "seoul_haengjeong_2023_ruled.pdf"
    truth = pd.read_csv(Path(__file__).parent / "reference_truth" / "audit_summary.csv", dtype=str)
    with pdfplumber.open(ruled) as document:
        number = next(page.page_number for page in document.pages if "조치내역" in (page.extract_text() or ""))
    scan = scan_pdf(ruled, tmp_path / "scan.pdf", dpi=200, pages=[number - 1])
    with pdfplumber.open(scan) as document:
        lines = [line.text.strip() for line in read_scanned_page(document.pages[0], scan.name, number).lines]
    rows = {"".join(line.split(" ")[: -5]).replace(" ", ""): line.split(" ")[-5:] for line in lines if line}
    for _, row in truth.iterrows():
        printed = [row[c] if isinstance(row[c], str) else "-" for c in
                   ("total", "completed", "in_progress", "under_review", "not_reflected")]
        assert rows["".join(row["category"].split())] == printed
