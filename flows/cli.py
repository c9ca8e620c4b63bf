"""The command line: parse arguments, check the input before any flow starts, map errors to exits."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from extractors import ReportError, check_input

from .run import EXIT_NEEDS_REVIEW, load_reviews
from .scan import find_reports, output_folder

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
DEFAULT_OUTPUT = Path("output")
DEFAULT_CRON = "0 6 * * *"  # daily, 06:00
DEFAULT_SERVER_API = "http://127.0.0.1:4200/api"  # where `make server` listens
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_CLI_PROMPT": "false",
    "GX_ANALYTICS_ENABLED": "false",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="report-pipeline",
        description="Turn Seoul audit work reports (행정사무감사 업무보고) into checked open data.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run", help="extract one report, or every .pdf/.txt report in a folder",
        description="Extract a report (or every report in a folder, concurrently) into CSV, Parquet and a data "
                    "package; a folder run also rebuilds DIR/_all/ with every table of every report.",
    )
    run.add_argument("input", type=Path, help="a .pdf or .txt report, or a folder of them")
    run.add_argument("--out", type=Path, default=None,
                     help="output folder (default: output/<stem>/ for a file, output/ for a folder)")
    run.add_argument("--workers", type=int, default=None,
                     help="processes for a folder run (default: one per core, at most one per report)")
    run.add_argument("--dask-address", default=None,
                     help="run the reports on an existing Dask cluster, e.g. tcp://127.0.0.1:8786")
    run.add_argument("--fiscal-year", type=int, default=None,
                     help="the report's fiscal year, where it prints none (no as-of date, no year in its budget "
                          "tables' headers or section Ⅲ's heading); used for every report of a folder")
    serve = commands.add_parser(
        "serve", help="serve the scheduled ingestion of a folder (keeps running)",
        description="Register the ingestion flow as a deployment with a cron schedule on the Prefect server "
                    "(PREFECT_API_URL, default the `make server` address) and keep running to execute it: each "
                    "run processes the reports of RAW that are new or changed since their last manifest.",
    )
    serve.add_argument("--raw", type=Path, default=Path("raw"), help="the folder to watch (default: raw/)")
    serve.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="output folder (default: output/)")
    serve.add_argument("--cron", default=DEFAULT_CRON, help=f"the schedule (default: {DEFAULT_CRON!r}, daily)")
    serve.add_argument("--name", default="daily", help="the deployment's name (default: daily)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            return serve_command(args.raw, args.out, args.cron, args.name)
        return run_command(args.input, args.out, args.workers, args.dask_address, args.fiscal_year)
    except ReportError as error:
        _fail(str(error))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _fail("interrupted")
        return EXIT_FAILED


def run_command(input_path: Path, out: Path | None, workers: int | None = None,
                dask_address: str | None = None, fiscal_year: int | None = None) -> int:
    if input_path.is_dir():
        base = out or DEFAULT_OUTPUT
        reports = find_reports(input_path)
        if not reports:
            raise ReportError(str(input_path), "the folder holds no .pdf or .txt report")
        targets, combined = [(report, output_folder(base, report)) for report in reports], base
    else:
        targets = [(input_path, out or output_folder(DEFAULT_OUTPUT, input_path))]
        combined = DEFAULT_OUTPUT if out is None else None
    codes, good = [], []
    for report, target in targets:
        try:
            check_input(report, fiscal_year)
            load_reviews(report)
        except ReportError as error:
            _fail(str(error))
            codes.append(EXIT_BAD_INPUT)
        else:
            good.append((report, target))
    if good:
        codes += _run_flow(good, combined, _task_runner(len(good), workers, dask_address), fiscal_year)
    return worst_exit(codes)


def serve_command(raw: Path, out: Path, cron: str, name: str) -> int:
    _prefect_defaults()
    os.environ.setdefault("PREFECT_API_URL", DEFAULT_SERVER_API)
    from .pipeline import ingest

    print(f"serving ingest-raw/{name} on {os.environ['PREFECT_API_URL']}: {raw} → {out}, cron {cron!r}")
    ingest.serve(name=name, cron=cron, parameters={"raw_dir": str(raw.resolve()), "out_dir": str(out.resolve())})
    return 0


def worst_exit(codes: list[int]) -> int:
    """A folder run exits with the first of 1, 2, 3 that any report had, else 0."""
    for code in (EXIT_FAILED, EXIT_BAD_INPUT, EXIT_NEEDS_REVIEW):
        if code in codes:
            return code
    return 0


def _run_flow(targets: list[tuple[Path, Path]], combined: Path | None, runner, fiscal_year: int | None = None
              ) -> list[int]:
    _prefect_defaults()
    from .pipeline import run_reports

    flow = run_reports.with_options(task_runner=runner) if runner is not None else run_reports
    try:
        outcomes = flow([str(r) for r, _ in targets], [str(t) for _, t in targets],
                        str(combined) if combined is not None else None, fiscal_year)
    except Exception as error:  # the flow itself failed, for a reason that is not a report's
        _fail(f"the run failed: {type(error).__name__}: {error}")
        return [EXIT_FAILED]
    for outcome in outcomes:
        if outcome.exit_code in (EXIT_BAD_INPUT, EXIT_FAILED):
            _fail(outcome.message)
        else:
            print(f"{outcome.report}: {outcome.status}, written to {outcome.out_dir}")
    return [outcome.exit_code for outcome in outcomes]


def _task_runner(reports: int, workers: int | None, dask_address: str | None):
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    workers = workers if workers is not None else min(reports, os.cpu_count() or 1)
    if workers > 1:
        from prefect.task_runners import ProcessPoolTaskRunner

        from .run import warm_up

        return ProcessPoolTaskRunner(max_workers=workers, initializer=warm_up)
    return None


def _prefect_defaults() -> None:
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)


def _fail(message: str) -> None:
    print(f"report-pipeline: error: {' '.join(message.split())}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
