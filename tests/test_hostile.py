"""Hostile files (tests/hostile.py, built here): each refused in one line (exit 2), within seconds,
with nothing written; what no budget reaches, the child process's memory and time limits stop;
text that would mislead a person (terminal escapes, bidi overrides, Markdown) is made harmless."""

import json
import re
import shutil
import threading
import time

import pytest
from markdown_it import MarkdownIt

from extractors import extract
from flows.bounded import _peak_resident
from flows.cli import main
from flows.outcome import ReportOutcome
from flows.summary import summary_markdown
from tests import hostile
from tests.conftest import REFERENCE

BUDGET_SECONDS = 5
MAX_PEAK_BYTES = 1 << 30


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


class PeakWatch:
    """The largest resident memory of this process's children while the block runs."""

    def __enter__(self):
        import os

        self.peak, self.done = 0, threading.Event()
        self.thread = threading.Thread(target=self._watch, args=(os.getpid(),), daemon=True)
        self.thread.start()
        return self

    def _watch(self, pid: int) -> None:
        from flows.bounded import _children

        while not self.done.wait(0.01):
            for child in _children(pid):
                self.peak = max(self.peak, _peak_resident(child))

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()


@pytest.mark.parametrize("kind", list(hostile.KINDS))
def test_a_hostile_file_is_refused_by_its_budget_in_one_line_within_seconds(tmp_path, capsys, reference_text, kind):
    name, make, limit = hostile.KINDS[kind]
    path = tmp_path / name
    path.write_bytes(make(reference_text))
    assert path.stat().st_size < 30 << 20
    out = tmp_path / "out"
    started = time.monotonic()
    with PeakWatch() as watch:
        assert main(["run", str(path), "--out", str(out)]) == 2
    seconds = time.monotonic() - started
    err = one_line_error(capsys)
    assert name in err and f"(the limit {limit})" in err, err
    assert seconds < BUDGET_SECONDS and watch.peak < MAX_PEAK_BYTES, (seconds, watch.peak)
    assert not out.exists()


def test_boxes_nested_as_real_files_nest_them_are_each_read_once(tmp_path):
    path = tmp_path / "boxes.hwpx"
    path.write_bytes(hostile.nested_boxes_hwpx(3))
    from extractors import read_lines

    assert [line.text for line in read_lines(path)] == ["box", "box", "box", "innermost"]


@pytest.mark.parametrize(("make", "problem"), [(hostile.no_media_box_pdf, "corrupt PDF"),
                                               (hostile.negative_length_pdf, "corrupt PDF")])
def test_a_corrupt_pdf_is_one_line_exit_2(tmp_path, capsys, make, problem):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(make())
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    assert problem in one_line_error(capsys)
    assert not (tmp_path / "out").exists()


def test_past_the_memory_limit_a_report_is_refused_in_one_line(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(REFERENCE), "--out", str(out), "--max-memory", "20MiB"]) == 2
    err = one_line_error(capsys)
    assert "more than 20 MiB of memory (the limit --max-memory" in err and not out.exists()


def test_past_the_time_limit_a_report_is_refused_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("REPORT_PIPELINE_MAX_SECONDS", "0.05")
    out = tmp_path / "out"
    started = time.monotonic()
    assert main(["run", str(REFERENCE), "--out", str(out)]) == 2
    assert time.monotonic() - started < 5
    assert "took more than 0 s (the limit --max-seconds" in one_line_error(capsys) and not out.exists()


def test_a_bad_limit_is_usage_exit_2(tmp_path, capsys):
    assert main(["run", str(REFERENCE), "--out", str(tmp_path / "out"), "--max-memory", "lots"]) == 2
    assert "--max-memory: not an amount of memory: 'lots'" in one_line_error(capsys)


def test_a_folder_with_one_hostile_file_writes_the_good_reports(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REFERENCE, raw)
    (raw / "boxes.hwpx").write_bytes(hostile.nested_boxes_hwpx(50))
    out = tmp_path / "out"
    assert main(["run", str(raw), "--out", str(out), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "boxes.hwpx" in err and "(the limit nesting)" in err and "Traceback" not in err
    manifest = json.loads((out / REFERENCE.stem / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["audit_findings"] == 48 and not (out / "boxes").exists()


def test_the_text_command_prints_control_characters_escaped(tmp_path, capsysbinary):
    path = tmp_path / "escapes.txt"
    path.write_bytes("\x1b]0;title\x07 \x1b[2J \u202e30,856,598\n".encode())
    assert main(["text", str(path)]) == 0
    printed = capsysbinary.readouterr().out
    assert b"\x1b" not in printed and b"\x07" not in printed and "\u202e".encode() not in printed
    assert printed.decode() == ":1\t\\x1b]0;title\\x07 \\x1b[2J \\u202e30,856,598\n"


def test_control_characters_are_removed_from_the_tables_counted_and_marked_on_the_page(tmp_path, reference):
    from checks.reviews import load_reviews
    from flows.run import check, manifest_of, validate_tables
    from review import report_page

    lines = REFERENCE.read_text(encoding="utf-8").split("\n")
    row = reference.tables["expenditure_detail"].iloc[5]
    at = int(row["source_line"]) - 1
    lines[at] = lines[at].replace(row["name"].split(" ")[0], "\u202e" + row["name"].split(" ")[0] + "\x1b", 1)
    path = tmp_path / "bidi.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    extraction = extract(path)
    assert extraction.control_characters_removed >= 2
    assert extraction.tables["expenditure_detail"]["name"].tolist() == reference.tables["expenditure_detail"][
        "name"].tolist()
    checked = check(extraction, load_reviews(path))
    manifest = manifest_of(checked, path, "2026-01-01T00:00:00+00:00", validate_tables(checked))
    assert manifest["control_characters_removed"] == extraction.control_characters_removed
    page = report_page(extraction, checked.findings, manifest, "bidi.reviewed.csv")
    assert "\u202e" not in page and "\x1b" not in page


def test_report_text_in_the_prefect_artifact_renders_as_text_only():
    hostile_name = "a`b ![x](http://example.invalid/a.png) <img src=x> https://example.invalid | c.txt"
    outcome = ReportOutcome(hostile_name, "/nowhere", 2, "bad_input", f"{hostile_name}: [link](http://x.invalid)")
    html = MarkdownIt("commonmark").enable("table").render(
        summary_markdown([outcome], {hostile_name: "`` ` <b>bold</b>"}))
    assert "<img" not in html and "<a " not in html and "<b>" not in html
    assert "![x](http://example.invalid/a.png)" in html  # shown as the text it is
    assert "example.invalid" not in re.sub(r"<code>.*?</code>", "", html)  # inside code: no autolink either


def test_library_warnings_go_to_the_log_never_to_the_terminal(tmp_path, capfd):
    from extractors import read_lines
    from tests.handmade_pdf import small_text

    path = tmp_path / "damaged.pdf"
    path.write_bytes(small_text(b"Hello) Tj /a /b /c /d /e /f cm (again"))
    warnings: list[str] = []
    assert [line.text for line in read_lines(path, warnings) if line.text] == ["Helloagain"]
    assert any("Cannot concatenate matrix" in warning for warning in warnings), warnings
    assert capfd.readouterr().err == ""


def test_the_warnings_of_a_written_run_are_in_its_run_log(tmp_path, reference):
    import copy

    from checks.reviews import load_reviews
    from flows.run import check, write_run

    extraction = copy.copy(reference)
    extraction.warnings = ["pdfminer: Cannot concatenate matrix"]
    manifest = write_run(check(extraction, load_reviews(REFERENCE)), REFERENCE, tmp_path / "out", "2026-01-01")
    assert (tmp_path / "out" / "run.log").read_text() == "pdfminer: Cannot concatenate matrix\n"
    assert "run.log" in manifest["files"]
