"""The command line: parse arguments, check the input before any run starts, map outcomes to exits."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from extractors import ReportError
from extractors.read.ocr import OcrUnavailable
from flows.arguments import build_parser, restore_limits, saved_limits, set_limits, set_no_ocr
from flows.lock import OutputBusy, output_lock
from flows.messages import outcome_lines
from flows.outcome import (
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
from flows.scan import refusal, shared_folders
from flows.settings import server_configured
from flows.targets import DEFAULT_OUTPUT, check_ours, run_targets


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    previous = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    signal.signal(signal.SIGTERM, _terminate)
    if previous[signal.SIGINT] is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    SIGNALLED.clear()
    limits = saved_limits()
    try:
        if args.command == "text":
            return text_command(args.file)
        if args.command == "status":
            return status_command(args.out)
        set_limits(args.max_memory, args.max_seconds)
        if args.command == "serve":
            from flows.serve import serve_command

            return serve_command(args.raw, args.out, args.cron, args.timezone, args.name)
        set_no_ocr(args.no_ocr)
        if args.workers is not None and args.workers < 1:
            return _fail(f"--workers must be 1 or more, not {args.workers}", EXIT_BAD_INPUT)
        code = run_command(args.input, args.out, args.workers, args.dask_address, args.fiscal_year,
                           wait=not args.no_wait, verbose=args.verbose)
        stop_if_signalled()  # a library swallowed the interruption: still said
        return code
    except ReportError as error:
        return _fail(str(error), EXIT_BAD_INPUT)
    except OcrUnavailable as error:  # a scan, and no engine to read it: the machine's to fix, not the file's
        return _fail(str(error), EXIT_FAILED)
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
        restore_limits(limits)


def run_command(input_path: Path, out: Path | None, workers: int | None = None, dask_address: str | None = None,
                fiscal_year: int | None = None, wait: bool = True, verbose: bool = False) -> int:
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
            present = {target.name for _, target in targets} if input_path.is_dir() else None
            if server_configured():
                outcomes = _run_flow(good, combined, workers, dask_address, fiscal_year, refused, present)
            else:
                from flows.local import run_reports_here

                outcomes = run_reports_here(good, combined, workers, dask_address, fiscal_year, refused, present,
                                            _progress if len(good) > 1 else None, started)
                started = None
    finally:
        if started is not None:
            started.discard()
    for outcome in outcomes:
        for warning in outcome.warnings if verbose else ():
            print(f"report-pipeline: {outcome.report}: warning: {warning}", file=sys.stderr)
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


def status_command(out: Path) -> int:
    """Each report of an output folder as it stands; 3 while any needs review."""
    from flows.standing import status_lines

    if not out.is_dir():
        raise ReportError(str(out), "no such output folder")
    lines, code = status_lines(out)
    print("\n".join(lines), flush=True)
    return code


def text_command(path: Path) -> int:
    """Every line the parsers read: `page:line<TAB>text`."""
    from extractors import read_lines
    from extractors.form.controls import escaped_controls
    from flows.bounded import read_bounded
    from flows.runners import read_options

    lines = read_bounded(read_lines, path, None, read_options())  # under the memory and time limits, as a run reads
    out = sys.stdout
    for line in lines:  # a control character is printed as its escape, never sent to the terminal
        out.write(f"{'' if line.page is None else line.page}:{line.number}\t{escaped_controls(line.text)}\n")
    out.flush()
    return 0






def _run_flow(targets, combined: Path | None, workers: int, dask_address: str | None, fiscal_year: int | None,
              refused: dict[str, str], present: set[str] | None = None) -> list[ReportOutcome]:
    """The reports' runs as a Prefect flow on the configured server (the same runner as without
    one, inside the flow run); its final state may be Failed (NeedsReview, BadInput), its result is
    the outcomes all the same."""
    from flows.pipeline import run_reports

    state = run_reports([str(r) for r, _ in targets], [str(t) for _, t in targets],
                        str(combined) if combined is not None else None, fiscal_year, refused,
                        sorted(present) if present is not None else None, workers, dask_address, return_state=True)
    outcomes = state.result(raise_on_failure=False)
    if not isinstance(outcomes, list):
        raise RuntimeError(f"the flow run ended {state.name}: {state.message}")
    return outcomes


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
