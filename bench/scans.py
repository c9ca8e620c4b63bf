"""Scanned reports in make bench: the ruled reference PDF scanned at 200 dpi (tests/scanned.py: a slight
turn, specks, JPEG), run through the whole command; seconds a page, pages a second, the share of a
page's time spent in Tesseract, peak memory at two lengths, and the cells read right (of that scan,
and of a scan of the same report printed without ruling lines).

The cells are compared with the same PDF's text layer read by the pipeline, which the golden tests
hold to the hand-read reference tables (tests/reference_truth); names without blanks and middle dots.
"""

from __future__ import annotations

import difflib
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULED_PDF = ROOT / "tests" / "fixtures" / "pdf" / "seoul_haengjeong_2023_ruled.pdf"
PLAIN_PDF = ROOT / "tests" / "fixtures" / "pdf" / "seoul_haengjeong_2023.pdf"  # the same report, no ruling lines
SECONDS_PER_PAGE_TARGET = 6.0
SHARE_PAGES = 4  # pages read in-process to measure Tesseract's share
SKIP = ("row_id", "parent_id", "source_page", "source_line", "report_id", "path", "level")


def scan_figures() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from pypdf import PdfReader, PdfWriter

    from tests.scanned import scan_pdf

    lines = []
    with tempfile.TemporaryDirectory() as folder:
        scan = scan_pdf(RULED_PDF, Path(folder) / "scan.pdf", dpi=200)
        pages = len(PdfReader(scan).pages)
        start = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "report-pipeline"), "run", str(scan), "--out",
                        str(Path(folder) / "out")], check=False, capture_output=True, cwd=ROOT)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        verdict = "within" if seconds / pages <= SECONDS_PER_PAGE_TARGET else "OVER"
        lines.append(f"scan of the ruled reference, {pages} pages at 200 dpi, whole command: {seconds:.1f} s, "
                     f"{seconds / pages:.2f} s a page ({pages / seconds:.2f} pages/s): {verdict} the "
                     f"{SECONDS_PER_PAGE_TARGET} s target; peak memory of a process {peak:.0f} MiB")
        short = Path(folder) / "short.pdf"
        writer = PdfWriter()
        for page in PdfReader(scan).pages[:10]:
            writer.add_page(page)
        writer.write(short)
        lines.append(f"peak memory reading 10 pages {_peak(short):.0f} MiB, {pages} pages {_peak(scan):.0f} MiB "
                     "(one process, pages read one after another)")
        lines.append(_tesseract_share(scan))
        lines.append("ruled: " + _cells_right(RULED_PDF, scan))
        plain = scan_pdf(PLAIN_PDF, Path(folder) / "plain.pdf", dpi=200)
        lines.append("printed without ruling lines: " + _cells_right(PLAIN_PDF, plain))
    return lines


def _peak(path: Path) -> float:
    probe = ("import re, sys; from pathlib import Path; "
             "from extractors.read.pdf import read_lines; read_lines(Path(sys.argv[1])); "
             "print(int(re.search(r'VmHWM:\\s+(\\d+) kB', Path('/proc/self/status').read_text())[1]) / 1024)")
    output = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout
    return float(output)


def _tesseract_share(scan: Path) -> str:
    import pdfplumber

    import extractors.read.scan_lines as scan_lines
    import extractors.read.scanned as scanned

    spent = [0.0]
    read = scan_lines.read_symbols

    def timed_read(*args, **kwargs):
        start = time.perf_counter()
        try:
            return read(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    scan_lines.read_symbols = timed_read
    try:
        with pdfplumber.open(scan) as document:
            start = time.perf_counter()
            for number, page in enumerate(document.pages[20 : 20 + SHARE_PAGES], start=21):
                scanned.read_scanned_page(page, scan.name, number)
            total = time.perf_counter() - start
    finally:
        scan_lines.read_symbols = read
    return (f"{SHARE_PAGES} budget pages read in-process: {total / SHARE_PAGES:.2f} s a page, "
            f"{spent[0] / total:.0%} of it in Tesseract")


def _cells_right(source: Path, scan: Path) -> str:
    from extractors import extract

    def folded(value):
        if not isinstance(value, str):
            return value
        return "".join(value.split()).replace("·", "").replace("ㆍ", "").replace("‧", "")

    answer, read = extract(source).tables, extract(scan).tables
    right = total = 0
    counts = []
    for name, frame in answer.items():
        columns = [column for column in frame.columns if column not in SKIP]
        keys = [[" ".join(str(folded(row[c])) for c in columns) for _, row in table.iterrows()]
                for table in (frame, read[name])]
        matcher = difflib.SequenceMatcher(None, *keys, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        right += matched * len(columns) + _partly_right(frame, read[name], columns, keys, folded)
        total += len(frame) * len(columns)
        counts.append((name, len(frame), len(read[name])))
    return (f"cells read as the text layer gives them: {right / max(total, 1):.1%} "
            f"(rows per table, text layer/scan: {', '.join(f'{n} {a}/{b}' for n, a, b in counts)})")


def _partly_right(frame, read, columns, keys, folded) -> int:
    """Cells right in the rows that differ, paired in order."""
    import pandas as pd

    right = 0
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, *keys, autojunk=False).get_opcodes():
        if tag != "replace":
            continue
        for offset in range(min(a2 - a1, b2 - b1)):
            one, other = frame.iloc[a1 + offset], read.iloc[b1 + offset]
            right += sum((pd.isna(one[c]) and pd.isna(other[c])) or
                         (not pd.isna(one[c]) and not pd.isna(other[c]) and folded(one[c]) == folded(other[c]))
                         for c in columns)
    return right
