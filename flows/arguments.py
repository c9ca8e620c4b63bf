"""The command line's arguments: its commands, their options and help, and the reading limits
they set (in the environment, where every worker process finds them)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from extractors import ReportError
from flows.bounded import (
    MEMORY_VARIABLE,
    NO_OCR_VARIABLE,
    SECONDS_VARIABLE,
    parse_memory,
    parse_seconds,
)
from flows.provenance import pipeline_version
from flows.settings import DEFAULT_OUTPUT

DEFAULT_CRON = "0 6 * * *"  # daily, 06:00
DEFAULT_TIMEZONE = "Asia/Seoul"
EXIT_CODES = """exit status:
  0    done: every error finding is reviewed (warnings never block)
  1    anything else went wrong (a run that failed, an output that cannot be written, a busy output)
  2    bad input or usage: one line naming the file and the reason; the output left as it was
  3    written, but some error finding is not reviewed yet (see the lines printed per report)
  130  interrupted (Ctrl-C): each report's previous output or its new complete one is left
  143  terminated (SIGTERM): the same
a folder run exits with the first of 1, 2, 3 that any report had, else 0"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="report-pipeline",
        description="Turn Seoul audit work reports (행정사무감사 업무보고) into checked open data.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {pipeline_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_run(commands)
    _add_serve(commands)
    status = commands.add_parser(
        "status", help="where an output folder stands: each report's status, unreviewed errors and age",
        description="Print each report of an output folder with its status, its unreviewed errors and when it was "
                    "written, and the files refused, whatever run wrote them (a schedule's, by hand).",
        epilog="exit status: 0 every report ok; 3 some report needs review; 2 no such folder")
    status.add_argument("out", type=Path, nargs="?", default=DEFAULT_OUTPUT, help="output folder (default: output/)")
    text = commands.add_parser(
        "text", help="print the text the parsers read, with the numbers source_page and source_line use",
        description="Print every line of a report as the parsers read it, as `page:line<TAB>text` (the page empty "
                    "for text and Hangul input), in the numbering of source_page and source_line.",
        epilog="exit status: 0 printed; 2 bad input (one line naming the file and the reason)")
    text.add_argument("file", type=Path, help="a .pdf, .txt, .hwpx or .hwp report")
    return parser


def _add_run(commands) -> None:
    run = commands.add_parser(
        "run", help="extract one report, or every .pdf/.txt/.hwpx/.hwp report in a folder",
        description="Extract a report (or every report in a folder, concurrently) into CSV, Parquet and a data "
                    "package; a folder run also rebuilds DIR/_all/ with every table of every report. Without "
                    "PREFECT_API_URL the reports run in this process (no server); with it, as Prefect flows.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("input", type=Path, help="a .pdf, .txt, .hwpx or .hwp report, or a folder of them")
    run.add_argument("--out", type=Path, default=None,
                     help="output folder (default: output/<stem>/ for a file, output/ for a folder)")
    run.add_argument("--workers", type=int, default=None,
                     help="processes for a folder run (default: one per core, at most one per report)")
    run.add_argument("--dask-address", default=None,
                     help="run the reports on an existing Dask cluster, e.g. tcp://127.0.0.1:8786")
    run.add_argument("--fiscal-year", type=int, default=None,
                     help="the report's fiscal year, where it prints none (no as-of date, no year in its budget "
                          "tables' headers or section Ⅲ's heading); used for every report of a folder")
    run.add_argument("--no-ocr", action="store_true",
                     help="do not read scanned pages by OCR: a PDF without a text layer is refused (exit 2), as "
                          "for jobs that must not spend the time (about 2 s a page)")
    run.add_argument("--no-wait", action="store_true",
                     help="exit 1 at once if another run is writing into the same output folder")
    _add_limits(run)


def _add_limits(command) -> None:
    command.add_argument("--max-memory", default=None, metavar="SIZE",
                         help="memory one report's reading may take, per process (default 1GiB, or "
                              f"${MEMORY_VARIABLE}); a report past it is refused (exit 2)")
    command.add_argument("--max-seconds", default=None, metavar="SECONDS",
                         help=f"time one report's reading may take (default 60, or ${SECONDS_VARIABLE}), plus 2 s "
                              "per PDF page; a report past it is refused (exit 2)")
    command.add_argument("--verbose", action="store_true",
                         help="also print the libraries' warnings (always written to run.log in the report's folder)")


def _add_serve(commands) -> None:
    serve = commands.add_parser(
        "serve", help="serve the scheduled ingestion of a folder (keeps running)",
        description="Register the ingestion flow as a deployment with a cron schedule on the Prefect server "
                    "(PREFECT_API_URL, default the `make server` address) and keep running to execute it: each "
                    "run processes the reports of RAW that are new or changed since their last manifest.",
        epilog="exit status: 2 where the server does not answer, the cron or time zone does not parse, or the "
               "folder is missing (one line each); else it runs until stopped",
    )
    serve.add_argument("--raw", type=Path, default=Path("raw"), help="the folder to watch (default: raw/)")
    serve.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="output folder (default: output/)")
    serve.add_argument("--cron", default=DEFAULT_CRON, help=f"the schedule (default: {DEFAULT_CRON!r}, daily)")
    serve.add_argument("--timezone", default=DEFAULT_TIMEZONE,
                       help=f"the schedule's time zone (default: {DEFAULT_TIMEZONE}: 06:00 is 06:00 in Seoul)")
    serve.add_argument("--name", default="daily", help="the deployment's name (default: daily)")
    _add_limits(serve)


def set_limits(memory: str | None, seconds: str | None) -> None:
    """The reading limits, checked, in the environment: every worker process reads them there."""
    for value, variable, parse, option in ((memory, MEMORY_VARIABLE, parse_memory, "--max-memory"),
                                           (seconds, SECONDS_VARIABLE, parse_seconds, "--max-seconds")):
        value = value if value is not None else os.environ.get(variable)
        if value is None:
            continue
        try:
            parse(value)
        except ValueError as error:
            raise ReportError(option, str(error)) from None
        os.environ[variable] = value


def set_no_ocr(no_ocr: bool) -> None:
    """--no-ocr, in this process and in the environment (every worker process reads it there)."""
    if no_ocr:
        os.environ[NO_OCR_VARIABLE] = "1"


def saved_limits() -> dict[str, str | None]:
    return {variable: os.environ.get(variable) for variable in (MEMORY_VARIABLE, SECONDS_VARIABLE, NO_OCR_VARIABLE)}


def restore_limits(saved: dict[str, str | None]) -> None:
    """The environment as it was before the command set its limits (a command run in-process)."""
    for variable, value in saved.items():
        if value is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = value
