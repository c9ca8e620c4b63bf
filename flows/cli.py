"""The command line: parse arguments, check the input before any flow starts, map errors to exits."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from extractors import ReportError, extract
from extractors.source import PDF_SUFFIXES, TEXT_SUFFIXES

from .run import EXIT_NEEDS_REVIEW, load_reviews

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_CLI_PROMPT": "false",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="report-pipeline",
        description="Turn Seoul audit work reports (행정사무감사 업무보고) into checked open data.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run",
        help="extract one report, or every .pdf/.txt report in a folder",
        description="Extract a report (or every report in a folder) into CSV, Parquet and a data package.",
    )
    run.add_argument("input", type=Path, help="a .pdf or .txt report, or a folder of them")
    run.add_argument(
        "--out", type=Path, default=None,
        help="output folder (default: output/<stem>/ for a file, output/ for a folder)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run_command(args.input, args.out)
    except ReportError as error:
        _fail(str(error))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _fail("interrupted")
        return EXIT_FAILED


def run_command(input_path: Path, out: Path | None) -> int:
    if input_path.is_dir():
        reports = find_reports(input_path)
        targets = [(report, output_folder(out or Path("output"), report)) for report in reports]
    else:
        targets = [(input_path, out or output_folder(Path("output"), input_path))]
    codes = []
    for report, target in targets:
        try:
            extract(report)
            load_reviews(report)
        except ReportError as error:
            _fail(str(error))
            codes.append(EXIT_BAD_INPUT)
            continue
        codes.append(_run_flow(report, target))
    return worst_exit(codes)


def find_reports(folder: Path) -> list[Path]:
    reports = sorted(
        path for path in folder.iterdir()
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES + PDF_SUFFIXES
    )
    if not reports:
        raise ReportError(str(folder), "the folder holds no .pdf or .txt report")
    return reports


def output_folder(base: Path, report: Path) -> Path:
    """`base/<stem>`, the stem made safe: no separators, no leading dots, so whatever the input
    file is called, its folder stays inside `base`."""
    name = "".join("_" if char in "/\\\0" or not char.isprintable() else char for char in report.stem)
    name = name.lstrip(". ").strip() or "report"
    target = base / name
    if target.resolve().parent != base.resolve():
        raise ReportError(report.name, f"cannot make a safe output folder name in {base}")
    return target


def worst_exit(codes: list[int]) -> int:
    """A folder run exits with the first of 1, 2, 3 that any report had, else 0."""
    for code in (EXIT_FAILED, EXIT_BAD_INPUT, EXIT_NEEDS_REVIEW):
        if code in codes:
            return code
    return 0


def _run_flow(report: Path, target: Path) -> int:
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    from .pipeline import run_report
    from .run import now

    try:
        result = run_report(str(report), str(target), now())
    except ReportError as error:
        _fail(str(error))
        return EXIT_BAD_INPUT
    except Exception as error:  # the run failed for a reason that is not the input's
        _fail(f"{report.name}: the run failed: {type(error).__name__}: {error}")
        return EXIT_FAILED
    print(f"{report.name}: {result.status}, written to {result.out_dir}")
    return result.exit_code


def _fail(message: str) -> None:
    print(f"report-pipeline: error: {' '.join(message.split())}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
