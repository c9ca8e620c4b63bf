"""The command line: parse arguments, check the input before any run starts, map outcomes to exits."""

from __future__ import annotations

from flows.settings import apply_defaults, server_configured

apply_defaults()  # before anything imports Prefect

import argparse  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from extractors import ReportError  # noqa: E402
from flows.lock import OutputBusy, output_lock  # noqa: E402
from flows.messages import outcome_lines  # noqa: E402
from flows.outcome import (  # noqa: E402
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_NEEDS_REVIEW,
    EXIT_TERMINATED,
    SIGNALLED,
    ReportOutcome,
    Terminated,
    stop_if_signalled,
    worst_exit,
)
from flows.run import pipeline_version  # noqa: E402
from flows.scan import refusal, shared_folders  # noqa: E402
from flows.targets import DEFAULT_OUTPUT, check_ours, run_targets  # noqa: E402

DEFAULT_CRON = "0 6 * * *"  # daily, 06:00
DEFAULT_TIMEZONE = "Asia/Seoul"
DEFAULT_SERVER_API = "http://127.0.0.1:4200/api"  # where `make server` listens
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
    run.add_argument("--no-wait", action="store_true",
                     help="exit 1 at once if another run is writing into the same output folder")


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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    previous = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    signal.signal(signal.SIGTERM, _terminate)
    if previous[signal.SIGINT] is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    SIGNALLED.clear()
    try:
        if args.command == "text":
            return text_command(args.file)
        if args.command == "serve":
            from flows.serve import serve_command

            return serve_command(args.raw, args.out, args.cron, args.timezone, args.name)
        if args.workers is not None and args.workers < 1:
            return _fail(f"--workers must be 1 or more, not {args.workers}", EXIT_BAD_INPUT)
        code = run_command(args.input, args.out, args.workers, args.dask_address, args.fiscal_year,
                           wait=not args.no_wait)
        stop_if_signalled()  # a library swallowed the interruption: still said
        return code
    except ReportError as error:
        return _fail(str(error), EXIT_BAD_INPUT)
    except OutputBusy as error:
        return _fail(str(error), EXIT_FAILED)
    except Terminated:
        return _fail("terminated: each report's previous output, or its new complete one, is left", EXIT_TERMINATED)
    except KeyboardInterrupt:
        return _fail("interrupted: each report's previous output, or its new complete one, is left",
                     EXIT_INTERRUPTED)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run_command(input_path: Path, out: Path | None, workers: int | None = None, dask_address: str | None = None,
                fiscal_year: int | None = None, wait: bool = True) -> int:
    targets, combined = run_targets(input_path, out)
    check_ours(targets, combined, input_path.is_dir())
    workers = workers or min(len(targets), os.cpu_count() or 1)
    started = _early_start(targets, workers, dask_address, fiscal_year)
    try:
        good, refused, codes = _checked(targets, input_path.is_dir(), out, fiscal_year)
        if not good:
            return worst_exit(codes)
        root = combined if combined is not None else good[0][1]
        with output_lock(root, wait=wait):
            if server_configured():
                outcomes = _run_flow(good, combined, _task_runner(len(good), workers, dask_address), fiscal_year,
                                     refused)
            else:
                outcomes = _run_here(good, combined, workers, dask_address, fiscal_year, refused, started)
                started = None
    finally:
        if started is not None:
            started.discard()
    for outcome in outcomes:
        for line in outcome_lines(outcome):
            if outcome.exit_code in (0, EXIT_NEEDS_REVIEW):
                print(line)
            else:
                _fail(line, outcome.exit_code)
    return worst_exit(codes + [outcome.exit_code for outcome in outcomes])


def _checked(targets, folder: bool, out: Path | None, fiscal_year: int | None):
    """(reports to run, refused reports with their reason, exit codes so far): bad input is
    recognised before any run starts, each report's in one line."""
    codes: list[int] = []
    refused: dict[str, str] = {}
    good = []
    clashes = shared_folders([report for report, _ in targets], out or DEFAULT_OUTPUT) if folder else {}
    for report, target in targets:
        reason = clashes.get(report) or refusal(report, fiscal_year)
        if reason is None:
            good.append((report, target))
        else:
            refused[report.name] = reason
            codes.append(_fail(reason, EXIT_BAD_INPUT))
    return good, refused, codes




def _early_start(targets, workers: int, dask_address: str | None, fiscal_year: int | None):
    """For a folder run on worker processes without a server: the run, its extracting workers
    started before the reports are checked, so that they read while the checks run."""
    if len(targets) < 2 or workers < 2 or dask_address or server_configured():
        return None
    from flows.folder import FolderRun

    return FolderRun(targets, workers, fiscal_year)


def text_command(path: Path) -> int:
    """Every line the parsers read: `page:line<TAB>text`."""
    from extractors import read_lines
    from extractors.form.controls import escaped_controls

    lines = read_lines(path)
    out = sys.stdout
    for line in lines:  # a control character is printed as its escape, never sent to the terminal
        out.write(f"{'' if line.page is None else line.page}:{line.number}\t{escaped_controls(line.text)}\n")
    out.flush()
    return 0






def _run_here(targets, combined: Path | None, workers: int, dask_address: str | None,
              fiscal_year: int | None, refused: dict[str, str], started=None) -> list[ReportOutcome]:
    """The reports' runs without Prefect: in this process, on worker processes (`started`, where
    the folder run was started already), or on Dask."""
    from flows.local import run_locally, run_on_dask

    progress = _progress if len(targets) > 1 else None
    if dask_address:
        outcomes = run_on_dask(targets, dask_address, fiscal_year, progress)
    else:
        outcomes = run_locally(targets, workers, fiscal_year, progress, started)
    if combined is not None:
        from flows.writing.combined import publish_combined

        publish_combined(combined, refused)
    return outcomes


def _run_flow(targets, combined: Path | None, runner, fiscal_year: int | None, refused: dict[str, str]
              ) -> list[ReportOutcome]:
    """The reports' runs as a Prefect flow on the configured server; its final state may be Failed
    (NeedsReview, BadInput), its result is the outcomes all the same."""
    from flows.pipeline import run_reports

    flow = run_reports.with_options(task_runner=runner) if runner is not None else run_reports
    state = flow([str(r) for r, _ in targets], [str(t) for _, t in targets],
                 str(combined) if combined is not None else None, fiscal_year, refused, return_state=True)
    outcomes = state.result(raise_on_failure=False)
    if not isinstance(outcomes, list):
        raise RuntimeError(f"the flow run ended {state.name}: {state.message}")
    return outcomes


def _task_runner(reports: int, workers: int | None, dask_address: str | None):
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    workers = workers if workers is not None else min(reports, os.cpu_count() or 1)
    if workers > 1:
        from prefect.task_runners import ProcessPoolTaskRunner

        from flows.run import warm_up

        return ProcessPoolTaskRunner(max_workers=workers, initializer=warm_up)
    return None


def _progress(done: int, total: int, outcome: ReportOutcome) -> None:
    print(f"report-pipeline: {done}/{total} {outcome.report}: {outcome.status}", file=sys.stderr, flush=True)


def _terminate(signum, frame) -> None:
    """The first SIGTERM stops the run as Ctrl-C does; a second signal, while it cleans up, is ignored."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    SIGNALLED.append(EXIT_TERMINATED)
    raise Terminated


def _interrupt(signum, frame) -> None:
    """Ctrl-C: remembered (the exit status says it even where a library swallows the exception)."""
    SIGNALLED.append(EXIT_INTERRUPTED)
    raise KeyboardInterrupt


def _fail(message: str, code: int) -> int:
    print(f"report-pipeline: error: {' '.join(message.split())}", file=sys.stderr, flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
