"""Hangul files (.hwpx, .hwp) read as tables of cells: the reference report written by the tests
with python-hwpx (its tables real tables, merged header cells, names over several paragraphs),
each file checked with a second reader that shares no code with ours (hwpforge, Rust), then read
by the pipeline and compared with the hand-read tables; bad Hangul files refused in one line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from extractors import ReportError, check_input, extract, read_lines
from flows.cli import main
from tests import ruled_cases
from tests.conftest import REFERENCE
from tests.hangul_report import (
    DISTRIBUTION_FLAG,
    PASSWORD_FLAG,
    package_without_sections,
    password_hwpx,
    protected_hwp,
    write_hangul,
    zip_bomb_hwpx,
)
from tests.ruled_pdf import Grid, Paragraphs
from tests.ruled_report import ruled_blocks
from tests.test_golden import BUDGET_TABLES, COMPARED, differences, fold
from tests.test_hwp5 import converted_by_python_hwpx, read_as

SAMPLES = Path(__file__).parent / "fixtures" / "hangul"
FORMATS = (".hwpx", ".hwp")


@pytest.fixture(scope="module")
def blocks(reference, reference_text):
    return ruled_blocks(reference_text, reference)


@pytest.fixture(scope="module")
def written(blocks, tmp_path_factory) -> dict[str, Path]:
    """The reference report as .hwpx and .hwp, and the reviewed findings beside each."""
    folder = tmp_path_factory.mktemp("hangul")
    files = {}
    for suffix in FORMATS:
        files[suffix] = write_hangul(blocks, folder / f"seoul_haengjeong_2023{suffix}")
    shutil.copy(REFERENCE.with_name("seoul_haengjeong_2023.reviewed.csv"), folder)
    return files


@pytest.fixture(scope="module")
def extracted(written):
    return {suffix: extract(path) for suffix, path in written.items()}


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_second_reader_finds_the_tables_as_they_were_written(written, blocks, suffix):
    """hwpforge (no code shared with python-hwpx) reads every grid back: header cells where they
    were put, with their spans, and every body cell's text, a name's paragraphs one per line."""
    import hwpforge

    data = written[suffix].read_bytes()
    document = hwpforge.convert_hwp5(data).document if suffix == ".hwp" else hwpforge.Document.from_bytes(data)
    grids = [block for block in blocks if isinstance(block, Grid)]
    for ordinal, grid in enumerate(grids):
        cells = {(c["row"], c["col"]): c for c in document.read(table=ordinal)["table"]["cells"]}
        for header in grid.header:
            found = cells[(header.row, header.column)]
            assert (found["text"], found["row_span"], found["col_span"]) == (header.text, header.rowspan,
                                                                              header.colspan)
        for number, row in enumerate(grid.rows):
            line = grid.header_rows + number
            assert " ".join(cells[(line, 0)]["text"].replace("\u3000", "").split("\n")).replace(" (", "(") \
                == row[0].replace(" (", "(")
            assert [cells[(line, column)]["text"] for column in range(1, len(row))] == row[1:]


def test_the_hwp_reads_line_for_line_as_python_hwpx_converts_it_and_as_the_hwpx(written, tmp_path):
    """Our reading of the .hwp's records against python-hwpx's own conversion of it (no code shared)."""
    ours = read_as(written[".hwp"])
    assert ours == read_as(converted_by_python_hwpx(written[".hwp"], tmp_path)) == read_as(written[".hwpx"])
    assert len(ours) > 2000 and sum("세출예산" in text for text, _ in ours) > 1


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("table", list(COMPARED))
def test_the_hangul_reference_gives_the_hand_read_tables(extracted, suffix, table):
    wrong = differences(extracted[suffix].tables[table], table, provenance=False)
    assert not wrong, f"{suffix} {table}: (row, column, ours, printed): {wrong[:10]}"


@pytest.mark.parametrize("suffix", FORMATS)
def test_every_row_points_at_its_line_of_the_text_command(written, extracted, suffix):
    """source_line is the line of `report-pipeline text FILE` that holds the row: its name."""
    lines = {line.number: line.stripped for line in read_lines(written[suffix])}
    tables = extracted[suffix].tables
    checked = 0
    for table, column in [*((name, "name") for name in BUDGET_TABLES), ("org_units", "name"),
                          ("program_execution", "program"), ("grant_scale", "type")]:
        for name, line in zip(tables[table][column], tables[table]["source_line"], strict=True):
            assert fold(name) in fold(lines[int(line)]), (table, name, line, lines[int(line)])
            checked += 1
    assert checked > 300 and extracted[suffix].tables["expenditure_detail"]["source_page"].isna().all()


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_run_writes_what_the_text_gives_and_exits_as_it_does(written, reference, tmp_path, suffix):
    out = tmp_path / "out"
    assert main(["run", str(written[suffix]), "--out", str(out)]) == 0
    for name, frame in reference.tables.items():
        hangul = pd.read_parquet(out / f"{name}.parquet").drop(columns=["source_page", "source_line"])
        if "as_of" in hangul:
            hangul["as_of"] = hangul["as_of"].astype("string")
        text = frame.drop(columns=["source_page", "source_line"]).reset_index(drop=True)
        if name == "work_report":  # an in-text table: one line per cell paragraph, spaced letters rejoined
            hangul["text"], text["text"] = hangul["text"].map(fold), text["text"].map(fold)
        pd.testing.assert_frame_equal(hangul, text, check_dtype=False, obj=name)
    from checks.findings import findings_from
    from checks.run import run_checks

    text = findings_from(run_checks(reference).comparisons, reference.gaps)
    findings = pd.read_csv(out / "findings.csv", encoding="utf-8-sig")
    assert sorted(zip(findings["key"], findings["severity"], strict=True)) == sorted(
        zip(text["key"], text["severity"], strict=True))
    assert findings.loc[findings["severity"] == "error", "reviewed"].all()
    assert json.loads((out / "manifest.json").read_text())["input_file"] == written[suffix].name
    page = (out / "review.html").read_text(encoding="utf-8")
    assert "as `report-pipeline text` numbers them" in page and "세출예산 정책/단위/세부사업별, row " in page


def test_the_text_command_prints_the_numbering_source_line_uses(written, capsys):
    assert main(["text", str(written[".hwpx"])]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert all(re.match(r"^:\d+\t", line) for line in printed)
    numbered = dict(line[1:].split("\t", 1) for line in printed)
    row = extract(written[".hwpx"]).tables["expenditure_detail"].iloc[0]
    assert numbered[str(row["source_line"])].split()[-1] == "75.3%"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda hwp, hwpx, folder: protected_hwp(hwp, folder / "locked.hwp", PASSWORD_FLAG), "needs a password"),
        (lambda hwp, hwpx, folder: protected_hwp(hwp, folder / "배포.hwp", DISTRIBUTION_FLAG),
         "distribution-protected (배포용): save a copy without protection, or export PDF"),
        (lambda hwp, hwpx, folder: password_hwpx(hwpx, folder / "locked.hwpx"), "needs a password"),
        (lambda hwp, hwpx, folder: shutil.copy(SAMPLES / "protected_document.hwp", folder / "sample.hwp"),
         "needs a password"),
        (lambda hwp, hwpx, folder: _cut(hwpx, folder / "cut.hwpx"), "corrupt or truncated .hwpx"),
        (lambda hwp, hwpx, folder: _cut(hwp, folder / "cut.hwp"), "corrupt or truncated Hangul file"),
        (lambda hwp, hwpx, folder: package_without_sections(folder / "empty.hwpx"), "has no section"),
        (lambda hwp, hwpx, folder: zip_bomb_hwpx(folder / "bomb.hwpx", 80 << 20), "the limit inflated_bytes"),
        (lambda hwp, hwpx, folder: shutil.copy(hwp, folder / "lies.hwpx"), "named .hwpx: rename it to .hwp"),
        (lambda hwp, hwpx, folder: shutil.copy(hwpx, folder / "lies.hwp"), "named .hwp: rename it to .hwpx"),
        (lambda hwp, hwpx, folder: _write(folder / "junk.hwp", b"%PDF-1.4 not a Hangul file"), "not a Hangul .hwp"),
        (lambda hwp, hwpx, folder: shutil.copy(SAMPLES / "sample_document.hwpx", folder / "memo.hwpx"),
         "not an audit work report"),
    ],
)
def test_a_bad_hangul_file_exits_2_in_one_line_and_writes_nothing(written, tmp_path, capsys, make, problem):
    bad = Path(make(written[".hwp"], written[".hwpx"], tmp_path))
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and bad.name in err and problem in err and "Traceback" not in err
    assert not out.exists()
    with pytest.raises(ReportError, match=re.escape(problem)):
        check_input(bad)


def test_the_text_command_refuses_a_bad_file_in_one_line(capsys):
    assert main(["text", str(SAMPLES / "protected_document.hwp")]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "protected_document.hwp: needs a password" in captured.err


def test_two_reports_with_one_stem_are_both_refused(written, tmp_path, capsys):
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(written[".hwp"], folder / "r.hwp")
    shutil.copy(REFERENCE, folder / "r.txt")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    refused = [line for line in err if "r.hwp and r.txt would both be written to" in line]
    assert len(refused) == 2 and {line.split(": ")[2] for line in refused} == {"r.hwp", "r.txt"}
    assert not (out / "r").exists()


def test_a_table_that_is_none_of_the_forms_is_read_cell_by_cell(written):
    """The small in-text table (training centres) gives one line per cell paragraph, in order."""
    texts = [line.stripped for line in read_lines(written[".hwpx"])]
    start = texts.index("시설명")
    assert texts[start : start + 6] == ["시설명", "속 초(직영)", "서 천(위탁)", "수안보(위탁)", "제주(임차)", "객실수"]


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    """The small report of the cases the reference lacks (tests/ruled_cases.py), as Hangul files."""
    folder = tmp_path_factory.mktemp("cases")
    return {suffix: extract(write_hangul(ruled_cases.ruled_cases(), folder / f"cases{suffix}", seed=3))
            for suffix in FORMATS}


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_multi_case_report_gives_its_generators_truth(cases, suffix):
    """Amounts in 백만원, a detail table of 47 rows (pages long in print) whose names wrap over
    paragraphs, an org chart with an empty team cell, the 총괄 statuses under a merged cell, and a
    revenue table whose rows cannot be read."""
    found = cases[suffix]
    detail = found.tables["expenditure_detail"]
    columns = ["level", "name", "budget_prev", "budget", "actual", "change", "change_rate", "actual_rate"]
    printed = detail[columns].astype(object)
    assert printed.where(printed.notna(), None).to_dict("records") == ruled_cases.expected_detail()
    parents = detail["parent_id"].astype(object)
    assert parents.where(parents.notna(), None).tolist() == ruled_cases.expected_parents()  # ended ones too
    assert set(detail["unit"]) == {"백만원"} and detail["source_page"].isna().all()
    units = found.tables["org_units"]
    assert [(row.name, None if pd.isna(row.teams) else row.teams, row.staff) for row in units.itertuples()] \
        == ruled_cases.ORG
    summary = found.tables["audit_summary"]
    assert summary[["category", "total", "completed", "in_progress"]].values.tolist() == [
        ["계", 2, 1, 1], ["시정요구사항", 2, 1, 1]]
    from checks.findings import findings_from
    from checks.run import run_checks

    findings = findings_from(run_checks(found).comparisons, found.gaps)
    assert not findings["table"].isin(["expenditure_detail", "expenditure_summary"]).any()
    not_read = [gap.name for gap in found.gaps if gap.check == "table_not_read" and gap.table == "revenue_detail"]
    assert not_read == ["세입예산 (2024. 6. 30. 기준, 단위 : 백만원, %)"]


def test_a_text_box_is_read_after_its_paragraph_and_a_page_header_is_not(tmp_path):
    import warnings

    from hwpx import HwpxDocument

    document = HwpxDocument.new()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        document.page.set_header(text="머리말: 읽지 않는다")
    document.add_paragraph("앞 문단")
    document.shapes.add_rectangle().set_draw_text("상자 안의 글")
    document.add_paragraph("뒤 문단")
    document.save_to_path(str(tmp_path / "box.hwpx"))
    texts = [line.stripped for line in read_lines(tmp_path / "box.hwpx") if line.stripped]
    assert texts == ["앞 문단", "상자 안의 글", "뒤 문단"]


def _cut(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    return target


def _write(target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    return target


def test_blocks_are_paragraphs_and_grids():
    """The generator's input: text lines and grids, nothing else (a guard for the reader test)."""
    blocks = ruled_blocks(REFERENCE.read_text(encoding="utf-8"), extract(REFERENCE))
    assert {type(block) for block in blocks} == {Paragraphs, Grid}


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_footnote_is_one_line_after_its_paragraph_or_table_and_one_unparsed_row(tmp_path, suffix):
    from hwpx import HwpxDocument

    from tests.synthetic import budget_line

    document = HwpxDocument.new()
    document.add_paragraph("Ⅲ. 2023 세입·세출예산 세부 현황")
    document.add_paragraph("\uf000 세출예산 (’23. 9. 30. 기준, 단위 : 천원, %)").add_footnote("6. 30. 기준 잠정치")
    rows = [budget_line("본부", 10, 20, 5).split(" "), budget_line("가과", 10, 20, 5).split(" ")]
    table = document.add_table(3, 7)
    for column, word in enumerate(["구분", "2022", "2023", "증감액", "증감률", "집행액", "집행률"]):
        table.rows[0].cells[column].text = word
    for line, cells in enumerate(rows, start=1):
        for column, text in enumerate(cells):
            table.rows[line].cells[column].text = text
    table.rows[2].cells[0].paragraphs[0].add_footnote("조직 개편(7. 1.) 반영")
    document.add_paragraph("끝")
    path = tmp_path / f"notes{suffix}"  # python-hwpx writes HWP 5 for .hwp
    document.save_to_path(str(path))
    texts = [(line.stripped, line.role) for line in read_lines(path) if line.stripped]
    assert texts == [
        ("Ⅲ. 2023 세입·세출예산 세부 현황", None),
        ("\uf000 세출예산 (’23. 9. 30. 기준, 단위 : 천원, %)", None),
        ("1) 6. 30. 기준 잠정치", "footnote"),
        ("구분 2022 2023 증감액 증감률 집행액 집행률", None),
        (" ".join(rows[0]), None),
        (" ".join(rows[1]), None),
        ("2) 조직 개편(7. 1.) 반영", "footnote"),
        ("끝", None),
    ]
    extraction = extract(path)
    assert extraction.unparsed["text"].tolist() == ["1) 6. 30. 기준 잠정치", "2) 조직 개편(7. 1.) 반영", "끝"]
    assert extraction.tables["expenditure_detail"]["name"].tolist() == ["본부", "가과"]
