"""Hardening: hostile PDFs refused within memory, crash safety, safe output paths, reproducibility."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from extractors import ReportError, extract
from flows.scan import output_folder
from tests import handmade_pdf
from tests.conftest import REFERENCE, ROOT

PEAK_MEMORY_LIMIT_MIB = 250  # imports take ~120 MiB


def peak_memory_of_extract(path) -> tuple[str, float]:
    """Run extract(path) in a fresh process: its one-line outcome and its peak memory in MiB."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec
    probe = textwrap.dedent("""
        import re, sys
        from pathlib import Path
        from extractors import ReportError, extract
        try:
            extract(sys.argv[1]); outcome = "extracted"
        except ReportError as error:
            outcome = str(error)
        status = Path("/proc/self/status").read_text()
        print(outcome); print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status)[1]) / 1024)
    """)
    done = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, cwd=ROOT,
                          check=True, timeout=120)
    outcome, peak = done.stdout.strip().splitlines()
    return outcome, float(peak)


@pytest.mark.parametrize(
    ("name", "make"),
    [("bomb.pdf", handmade_pdf.decompression_bomb), ("dense.pdf", handmade_pdf.million_characters)],
)
def test_a_hostile_pdf_is_refused_without_exhausting_memory(tmp_path, name, make):
    path = tmp_path / name
    path.write_bytes(make())
    assert path.stat().st_size < 2_000_000
    outcome, peak = peak_memory_of_extract(path)
    assert outcome == (f"{name}, page 1: the page's content decodes to more than 1,048,576 bytes "
                       "(a decompression bomb, or millions of characters): refused")
    assert peak < PEAK_MEMORY_LIMIT_MIB


def test_a_small_pdf_that_is_no_report(tmp_path):
    path = tmp_path / "hello.pdf"
    path.write_bytes(handmade_pdf.small_text())
    with pytest.raises(ReportError, match="^hello.pdf: not an audit work report"):
        extract(path)


@pytest.mark.parametrize(
    ("name", "folder"),
    [("...txt", "report"), ("..\\evil.txt", "_evil"), (".hidden.txt", "hidden"), ("a\nb.txt", "a_b"),
     ("seoul_2023.txt", "seoul_2023"), ("=1+2.txt", "=1+2")],
)
def test_output_folders_stay_inside_the_chosen_folder(tmp_path, name, folder):
    base = tmp_path / "out"
    target = output_folder(base, tmp_path / name)
    assert target == base / folder


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from extractors import extract
    from flows.writing.files import json_bytes, table_files
    from flows.writing.swap import write_outputs
    extraction = extract(sys.argv[1])
    files = {**table_files(extraction.tables, extraction.unparsed), "manifest.json": json_bytes({"run": sys.argv[3]})}
    print("writing", flush=True)
    write_outputs(Path(sys.argv[2]), files)
    print("done", flush=True)
""")


def snapshot(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_run_killed_while_writing_leaves_the_previous_output_whole(tmp_path):
    target = tmp_path / "out"
    subprocess.run([sys.executable, "-c", WRITER, str(REFERENCE), str(target), "first"], cwd=ROOT, check=True,
                   capture_output=True)
    first = snapshot(target)
    assert json.loads(first["manifest.json"]) == {"run": "first"} and len(first) == 26
    outcomes = set()
    for delay in (0.0, 0.005, 0.02, 0.04, 0.08, 0.15, 0.3):
        with subprocess.Popen([sys.executable, "-c", WRITER, str(REFERENCE), str(target), f"second-{delay}"],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True) as writer:
            assert writer.stdout.readline().strip() == "writing"
            time.sleep(delay)
            os.kill(writer.pid, signal.SIGKILL)
            writer.wait(timeout=30)
        now = snapshot(target)
        manifest = json.loads(now["manifest.json"])
        if manifest == json.loads(first["manifest.json"]):  # the last whole output: the first, or a later one
            assert now == first
            outcomes.add("previous")
        else:  # the swap happened before the kill: the new output, whole
            assert set(now) == set(first) and manifest == {"run": f"second-{delay}"}
            outcomes.add("new")
            first = now
    assert "previous" in outcomes
    subprocess.run([sys.executable, "-c", WRITER, str(REFERENCE), str(target), "last"], cwd=ROOT, check=True,
                   capture_output=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def test_two_runs_write_byte_identical_tables(tmp_path, reference):
    from checks.reviews import load_reviews
    from flows.run import check, write_run

    checked = check(reference, load_reviews(REFERENCE))
    for name in ("a", "b"):
        write_run(checked, REFERENCE, tmp_path / name, "2026-01-01T00:00:00+00:00")
    for path in (tmp_path / "a").glob("*"):
        if path.suffix in (".csv", ".parquet"):
            assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
    assert extract(REFERENCE).tables["org_units"].equals(reference.tables["org_units"])
