"""A folder on worker processes: extracting workers read the first reports while the command
imports the stack, running workers forked from it check, validate and write. What it writes is
what one worker writes, a report that cannot be read still fails alone, and a worker that dies
loses no report."""

import os
import shutil
from pathlib import Path

import pytest
from fpdf import FPDF

import flows.folder
from flows.cli import main
from flows.run import prepare
from tests.conftest import REFERENCE, ROOT

PDF = ROOT / "tests" / "fixtures" / "pdf"


def minutes(target: Path) -> None:
    """A PDF with a text layer that is no report (its check, of the first page's structure, passes)."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ("Minutes of the meeting", "1. Opening", "2. Agenda", "3. Closing"):
        pdf.cell(0, 16, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target))


@pytest.fixture
def folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REFERENCE, raw / "text.txt")
    shutil.copy(REFERENCE.with_name(REFERENCE.stem + ".reviewed.csv"), raw / "text.reviewed.csv")
    shutil.copy(PDF / "seoul_haengjeong_2023.pdf", raw / "lines.pdf")
    shutil.copy(PDF / "ruled_cases.pdf", raw / "cases.pdf")
    minutes(raw / "minutes.pdf")
    (raw / "0-empty.txt").write_bytes(b"")  # first: read before its check refuses it
    return raw


def written(out: Path) -> dict[str, bytes]:
    """Every table a run wrote (CSV and Parquet; the manifests and pages hold times), by path."""
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.suffix in (".csv", ".parquet")}


def errors(err: str) -> list[str]:
    return sorted(line for line in err.splitlines() if line.startswith("report-pipeline: error:"))


def test_two_workers_write_byte_for_byte_what_one_worker_writes(folder, tmp_path, capsys):
    assert main(["run", str(folder), "--out", str(tmp_path / "one"), "--workers", "1"]) == 2
    one = capsys.readouterr().err
    assert main(["run", str(folder), "--out", str(tmp_path / "two"), "--workers", "2"]) == 2
    two = capsys.readouterr().err
    assert errors(two) == errors(one)
    assert any(line.startswith("report-pipeline: error: 0-empty.txt: the file is empty") for line in errors(two))
    assert any(line.startswith("report-pipeline: error: minutes.pdf:") for line in errors(two))
    tables = written(tmp_path / "two")
    assert tables.keys() == written(tmp_path / "one").keys() and tables == written(tmp_path / "one")
    folders = {path.split("/")[0] for path in tables}
    assert folders == {"_all", "cases", "lines", "text"}


def dies_the_first_time(path: Path, fiscal_year: int | None = None):
    """An extraction whose worker dies, the first time one is asked for (a worker killed by the
    kernel for its memory); the real one after."""
    flag = Path(os.environ["DIES_FLAG"])
    if not flag.exists():
        flag.touch()
        os._exit(1)
    return prepare(path, fiscal_year)


def test_an_extracting_worker_that_dies_loses_no_report(folder, tmp_path, capsys, monkeypatch):
    (folder / "minutes.pdf").unlink()
    (folder / "0-empty.txt").unlink()
    monkeypatch.setenv("DIES_FLAG", str(tmp_path / "died"))
    monkeypatch.setattr(flows.folder, "prepare", dies_the_first_time)
    assert main(["run", str(folder), "--out", str(tmp_path / "out"), "--workers", "2"]) == 3
    assert (tmp_path / "died").exists()  # the first extraction's worker did die
    assert "error" not in capsys.readouterr().err
    assert main(["run", str(folder), "--out", str(tmp_path / "one"), "--workers", "1"]) == 3
    assert written(tmp_path / "out") == written(tmp_path / "one")
