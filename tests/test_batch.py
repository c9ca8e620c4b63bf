"""Batch runs through the flow: reports run concurrently, a bad one fails alone, and the
combined files and the data packages are valid open data."""

import json
import shutil
import subprocess

import pandas as pd
import pyarrow.parquet as pq
import pytest

from flows.cli import main
from tests.conftest import REFERENCE, ROOT


@pytest.fixture
def folder(tmp_path, reference_text):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REFERENCE, raw / "good.txt")
    shutil.copy(REFERENCE.with_name(REFERENCE.stem + ".reviewed.csv"), raw / "good.reviewed.csv")
    # a row whose numbers stop short: written, with an error finding to review
    (raw / "broken.txt").write_text(
        reference_text.replace("개·보수 392,400 392,400 - - 38,653 9.9%", "개·보수 392,400 392,400 -"),
        encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    return raw


def test_a_folder_run_processes_every_report_and_each_bad_one_fails_alone(folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "report-pipeline: error: empty.txt: the file is empty" in err
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["_all", "broken", "good"]
    assert json.loads((out / "good" / "manifest.json").read_text())["status"] == "ok"
    assert json.loads((out / "broken" / "manifest.json").read_text())["status"] == "needs_review"
    findings = pd.read_csv(out / "broken" / "findings.csv", encoding="utf-8-sig")
    not_read = findings[findings["check"] == "table_not_read"]
    assert not_read[["table", "severity", "source_line"]].values.tolist() == [["expenditure_detail", "error", 982]]
    combined = pd.read_parquet(out / "_all" / "expenditure_detail.parquet")
    assert combined.groupby("report_id").size().to_dict() == {"broken": 148, "good": 149}
    assert list(combined.columns[:3]) == ["report_id", "fiscal_year", "row_id"]
    manifest = json.loads((out / "_all" / "manifest.json").read_text())
    assert [(r["folder"], r["status"]) for r in manifest["reports"]] == [("broken", "needs_review"), ("good", "ok")]
    assert manifest["refused"] == {"empty.txt": "empty.txt: the file is empty"}


def test_every_data_package_passes_frictionless(folder, tmp_path):
    (folder / "broken.txt").unlink()
    (folder / "empty.txt").unlink()
    shutil.copy(ROOT / "tests" / "fixtures" / "pdf" / "seoul_haengjeong_2023.pdf", folder / "scan.pdf")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out)]) == 3  # the PDF has no reviews yet
    for package in (out / "good", out / "scan", out / "_all"):
        done = subprocess.run([str(ROOT / ".venv" / "bin" / "frictionless"), "validate",
                               str(package / "datapackage.json")], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-2000:]
    described = json.loads((out / "_all" / "datapackage.json").read_text())
    assert described["unitScales"]["scales"]["억원"] == 100_000_000
    revenue = next(r for r in described["resources"] if r["name"] == "revenue_detail")
    assert revenue["model"]["direction"] == "revenue"
    assert revenue["model"]["measures"]["budget"]["currency"] == "KRW"
    assert described["licenses"][0]["name"] == "KOGL-Type1" and described["version"]
    good = json.loads((out / "good" / "datapackage.json").read_text())
    manifest = json.loads((out / "good" / "manifest.json").read_text())
    assert good["sources"] == [{"title": "good.txt", "path": "good.txt", "sha256": manifest["input_sha256"],
                                "publisher": "행정국"}]
    assert good["created"] == manifest["finished"] and good["licenses"][0]["title"].startswith("공공누리 제1유형")
    field = pq.read_schema(out / "good" / "revenue_detail.parquet").field("budget")
    assert field.metadata[b"title"].decode() == "예산현액" and field.metadata[b"unit"] == b"in the row's `unit` column"
    combined = pd.read_parquet(out / "_all" / "revenue_summary.parquet")
    assert combined.groupby("report_id").size().to_dict() == {"good": 17, "scan": 17}
