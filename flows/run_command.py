"""`report-pipeline run`: check every report before any run starts, run the good ones (here, on worker
processes, on Dask, or as a Prefect flow where a server is configured) and say each outcome."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flows.lock import output_lock
from flows.messages import fail, outcome_lines
from flows.outcome import EXIT_BAD_INPUT, EXIT_NEEDS_REVIEW, ReportOutcome, worst_exit
from flows.scan import refusal, shared_folders
from flows.settings import DEFAULT_OUTPUT, server_configured
from flows.targets import check_ours, run_targets


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
                fail(line, outcome.exit_code)
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
            codes.append(fail(reason, EXIT_BAD_INPUT))
    return good, refused, codes

def _early_start(targets, workers: int, dask_address: str | None, fiscal_year: int | None):
    """For a folder run on worker processes without a server: the run, its extracting workers
    started before the reports are checked, so that they read while the checks run."""
    if len(targets) < 2 or workers < 2 or dask_address or server_configured():
        return None
    from flows.folder import FolderRun

    return FolderRun(targets, workers, fiscal_year)

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
