"""Time each stage of the pipeline in-process on a report and print a table (make bench).

Medians of several repeats after a warm-up; the target for the whole pure extraction of
the reference text report is 0.3 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REPORT = ROOT / "raw" / "seoul_haengjeong_2023.txt"
REFERENCE_PDF = ROOT / "tests" / "fixtures" / "pdf" / "seoul_haengjeong_2023.pdf"
RULED_PDF = ROOT / "tests" / "fixtures" / "pdf" / "seoul_haengjeong_2023_ruled.pdf"
# extract_report against pdfplumber's extract_text over the same pages (pages read on a pool)
PDF_LINE_TARGET = 0.8
PDF_RULED_TARGET = 0.9
SCALE_PAGES = 500
EXTRACTION_TARGET_SECONDS = 0.3
VALIDATION_TARGET_SECONDS = 2.0


def timed(action: Callable[[], object], repeats: int, best: bool = False) -> tuple[float, object]:
    """The median (or the best) time of `repeats` runs after a warm-up, and the last result."""
    action()
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return (min(times) if best else statistics.median(times)), result


def stages(report: Path, repeats: int) -> list[tuple[str, float]]:
    from extractors import extract
    from extractors.parts.budget import MAX_DEPTH, hierarchy_nodes
    from extractors.parts.budget_section import BUDGET_KINDS
    from extractors.parts.budget_tables import find_budget_tables
    from extractors.parts.hierarchy import recover_hierarchy
    from extractors.parts.sections import split_sections
    from extractors.read import read_lines
    from flows.writing.files import datapackage, json_bytes, table_files
    from flows.writing.swap import write_outputs

    rows: list[tuple[str, float]] = []
    seconds, lines = timed(lambda: read_lines(report), repeats)
    rows.append(("read", seconds))
    seconds, split = timed(lambda: split_sections(lines), repeats)
    rows.append(("sections (found by their content)", seconds))
    sections = {kind: split.sections[kind] for kind in BUDGET_KINDS if kind in split.sections}
    seconds, found = timed(lambda: [t for s in sections.values() for t in find_budget_tables(s.lines)], repeats)
    rows.append(("budget tables (found by their rows)", seconds))
    names = ("revenue_summary", "expenditure_summary", "revenue_detail", "expenditure_detail")
    nodes = {name: hierarchy_nodes(table.rows, name) for name, table in zip(names, [t for t in found if t.rows],
                                                                          strict=False)}
    seconds, _ = timed(
        lambda: [recover_hierarchy(n, max_depth=MAX_DEPTH.get(k)) for k, n in nodes.items()], repeats
    )
    rows.append(("hierarchy", seconds))
    seconds, extraction = timed(lambda: extract(report), repeats)
    rows.append(("extract (all of the above, and the tables)", seconds))
    with tempfile.TemporaryDirectory() as folder:
        package = datapackage(extraction.report_id, "bench")
        seconds, _ = timed(
            lambda: write_outputs(Path(folder) / "out", {**table_files(extraction.tables, extraction.unparsed),
                                                         "datapackage.json": json_bytes(package)}),
            repeats,
        )
    rows.append(("write (CSV, Parquet, JSON, atomic swap)", seconds))
    rows += validation_stages(report, extraction, max(3, repeats // 5))
    return rows


def validation_stages(report: Path, extraction, repeats: int) -> list[tuple[str, float]]:
    """Checks and Great Expectations suites, with the GE import timed on its own."""
    from checks.reviews import load_reviews
    from flows.run import check, validate_tables

    reviews = load_reviews(report)
    seconds, checked = timed(lambda: check(extraction, reviews), repeats)
    rows = [("checks (rules, findings, reviews)", seconds)]
    start = time.perf_counter()
    import great_expectations  # noqa: F401  (timed: the import alone)

    rows.append(("Great Expectations import (once per process)", time.perf_counter() - start))
    seconds, _ = timed(lambda: validate_tables(checked), repeats)
    rows.append(("GE suites", seconds))
    return rows


def pdf_figures(repeats: int = 3) -> list[tuple[str, float, float, float]]:
    """extract_report on each reference PDF against pdfplumber's own extract_text over the same
    pages, in this run, median of `repeats`: (what, ours, pdfplumber's, target ratio)."""
    import pdfplumber

    from extractors import extract_report

    def plain(path: Path) -> list[str]:
        with pdfplumber.open(path) as document:
            return [page.extract_text() for page in document.pages]

    rows = []
    for label, path, target in (("line-drawn", REFERENCE_PDF, PDF_LINE_TARGET), ("ruled", RULED_PDF, PDF_RULED_TARGET)):
        ours, _ = timed(lambda path=path: extract_report(path), repeats)
        baseline, pages = timed(lambda path=path: plain(path), repeats)
        rows.append((f"extract_report, {label} PDF ({len(pages)} pages)", ours, baseline, target))
    return rows


def scale_figures() -> list[tuple[str, float]]:
    """Time and peak memory (MiB, whole process) of reading the ruled reference PDF and a
    500-page PDF made of it repeated, each in a fresh process."""
    import subprocess
    import sys

    from pypdf import PdfReader, PdfWriter

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "repeated.pdf"
        writer, reader = PdfWriter(), PdfReader(RULED_PDF)
        while len(writer.pages) < SCALE_PAGES:
            for page in reader.pages[: SCALE_PAGES - len(writer.pages)]:
                writer.add_page(page)
        writer.write(big)
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec
        probe = ("import re, sys, time; from pathlib import Path; from extractors.read.pdf import read_lines; "
                 "t = time.perf_counter(); n = len(read_lines(Path(sys.argv[1]))); "
                 "hwm = re.search(r'VmHWM:\\s+(\\d+) kB', Path('/proc/self/status').read_text())[1]; "
                 "print(time.perf_counter() - t, int(hwm) / 1024)")
        for path, pages in ((RULED_PDF, len(reader.pages)), (big, SCALE_PAGES)):
            output = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True,
                                    check=True, cwd=ROOT).stdout.split()
            rows.append((f"PDF {pages} pages: seconds", float(output[0])))
            rows.append((f"PDF {pages} pages: peak memory, MiB", float(output[1])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path, default=DEFAULT_REPORT)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-batch", action="store_true", help="skip the batch figures (they start a server)")
    args = parser.parse_args()
    rows = stages(args.report, args.repeats)
    width = max(len(name) for name, _ in rows)
    print(f"report: {args.report.name}   (median of {args.repeats} runs, in-process)")
    print(f"{'stage':<{width}}  seconds")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:7.3f}")
    figures = dict(rows)
    extraction = figures["extract (all of the above, and the tables)"]
    verdict = "within" if extraction <= EXTRACTION_TARGET_SECONDS else "OVER"
    print(f"pure extraction {extraction:.3f} s: {verdict} the {EXTRACTION_TARGET_SECONDS} s target")
    validation = figures["checks (rules, findings, reviews)"] + figures["GE suites"]
    verdict = "within" if validation <= VALIDATION_TARGET_SECONDS else "OVER"
    print(f"checks and suites {validation:.3f} s (GE import excluded): {verdict} the "
          f"{VALIDATION_TARGET_SECONDS} s target")
    print()
    for name, ours, baseline, target in pdf_figures():
        ratio = ours / baseline
        verdict = "within" if ratio <= target else "OVER"
        print(f"{name}: {ours:.2f} s, pdfplumber extract_text {baseline:.2f} s = {ratio:.2f}x: {verdict} the "
              f"{target}x target (median of 3)")
    scale = scale_figures()
    width = max(len(name) for name, _ in scale)
    for name, value in scale:
        print(f"{name:<{width}}  {value:9.3f}")
    small, large = scale[1][1], scale[3][1]
    print(f"peak memory {small:.0f} MiB for {scale[0][0].split()[1]} pages, {large:.0f} MiB for {SCALE_PAGES} pages")
    print()
    from hangul import hangul_figures

    print("\n".join(hangul_figures()))
    print()
    from scans import scan_figures

    print("\n".join(scan_figures()))
    if not args.no_batch:
        from batch import batch_figures, print_batch

        print_batch(batch_figures())


if __name__ == "__main__":
    main()
