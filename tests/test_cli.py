"""The command line: bad input is refused before any flow starts; a good report runs the flow."""

import json

import pandas as pd
import pytest

from flows.cli import main
from flows.outcome import worst_exit
from tests.conftest import REFERENCE


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("junk.txt", b"\x00\xff" * 100, "binary data"),
        ("memo.txt", "안녕하세요\n".encode(), "not an audit work report"),
        ("latin.txt", b"\xff\xfe caf\xe9 \xff", "unknown text encoding"),
        ("scan.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8, "corrupt or truncated PDF"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_leaves_the_output_alone(tmp_path, capsys, name, content, problem):
    report = tmp_path / name
    report.write_bytes(content)
    out = tmp_path / "out"
    assert main(["run", str(report), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert name in captured.err and problem in captured.err and "Traceback" not in captured.err
    assert not out.exists()


def test_a_missing_input_exits_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out")]) == 2
    assert "nope.txt: no such file" in capsys.readouterr().err


def test_an_existing_output_survives_bad_input(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("{}")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["run", str(bad), "--out", str(out)]) == 2
    assert [p.name for p in out.iterdir()] == ["manifest.json"]


@pytest.mark.parametrize(
    ("codes", "exit_code"),
    [([0, 0], 0), ([0, 3], 3), ([3, 2, 0], 2), ([2, 1, 3], 1), ([], 0)],
)
def test_a_folder_run_exits_with_the_most_serious_status(codes, exit_code):
    assert worst_exit(codes) == exit_code


def test_every_command_has_help(capsys):
    for argv in (["--help"], ["run", "--help"]):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
    assert "INPUT" in capsys.readouterr().out.upper()


def test_the_command_writes_the_tables_of_the_reference_report(tmp_path, reference):
    out = tmp_path / "out"
    assert main(["run", str(REFERENCE), "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["expenditure_detail"] == 149
    assert manifest["input_file"] == "seoul_haengjeong_2023.txt" and len(manifest["input_sha256"]) == 64
    written = pd.read_parquet(out / "revenue_detail.parquet")
    assert written["budget"].tolist() == reference.tables["revenue_detail"]["budget"].tolist()
    csv = pd.read_csv(out / "expenditure_summary.csv", encoding="utf-8-sig")
    assert csv.loc[0, "budget"] == 5182479011
