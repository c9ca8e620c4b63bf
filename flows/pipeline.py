"""The Prefect flows, used where a Prefect server is configured (and always under `serve`): a
thin task around one report's run, the batch flow of the command line, and the ingestion flow a
schedule runs on raw/. A run that leaves errors unreviewed ends in a Failed state named
NeedsReview (a bad input, BadInput), so an operator can alert on it; the report outcomes are its
result all the same."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.exceptions import TerminationSignal
from prefect.runner import Runner
from prefect.states import Completed, Failed

from extractors import ReportError
from flows.local import run_reports_here
from flows.lock import output_lock
from flows.outcome import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_NEEDS_REVIEW,
    EXIT_TERMINATED,
    SIGNALLED,
    ReportOutcome,
    worst_exit,
)
from flows.run import run_report
from flows.scan import new_or_changed
from flows.standing import standing, standings
from flows.summary import markdown_text, summary_markdown
from flows.writing.combined import publish_combined
from flows.writing.owned import COMBINED, check_root_folder

ARTIFACT_KEY = "report-pipeline-run"
FINAL_STATES = {EXIT_FAILED: "Failed", EXIT_BAD_INPUT: "BadInput", EXIT_NEEDS_REVIEW: "NeedsReview"}
# Under `serve`: the only raw and out folders a run may use (hold_folders).
SERVED_VARIABLES = {"raw": "REPORT_PIPELINE_SERVED_RAW", "out": "REPORT_PIPELINE_SERVED_OUT"}


@task(task_run_name="{name}")
def report_task(input_path: str, out_dir: str, name: str, fiscal_year: int | None = None) -> ReportOutcome:
    """One report's run, as every runner runs it (its retries included)."""
    return run_report(Path(input_path), Path(out_dir), fiscal_year)


@flow(name="report-pipeline")
def run_reports(reports: list[str], out_dirs: list[str], combined_root: str | None = None,
                fiscal_year: int | None = None, refused: dict[str, str] | None = None,
                present: list[str] | None = None, workers: int = 1, dask_address: str | None = None):
    """Run every report as the command does without a server (worker processes or Dask; each fails
    alone; Ctrl-C and SIGTERM stop it at once), logging each outcome."""
    logger = get_run_logger()

    def progress(done: int, total: int, outcome: ReportOutcome) -> None:
        logger.info("%d/%d %s: %s %s", done, total, outcome.report, outcome.status, outcome.message)

    targets = [(Path(r), Path(o)) for r, o in zip(reports, out_dirs, strict=True)]
    outcomes = run_reports_here(targets, Path(combined_root) if combined_root is not None else None, workers,
                                dask_address, fiscal_year, refused or {},
                                set(present) if present is not None else None, progress)
    return _finish(outcomes, refused or {})


@flow(name="ingest-raw")
def ingest(raw_dir: str = "raw", out_dir: str = "output"):
    """Run every report in raw_dir that is new or changed since its last manifest, one after
    another in this flow run (a cancellation from the UI stops it between two writes), holding
    the output root's lock."""
    logger = get_run_logger()
    refusal = folders_refusal(Path(raw_dir), Path(out_dir))
    if refusal is not None:
        logger.error("%s", refusal)
        return Failed(name=FINAL_STATES[EXIT_BAD_INPUT], message=f"BadInput: {markdown_text(refusal)}")
    with output_lock(Path(out_dir), say=logger.info):
        scan = new_or_changed(Path(raw_dir), Path(out_dir))
        for report, _ in scan.unchanged:
            logger.info("%s: unchanged since its last run, skipped", report.name)
        for name in scan.still_refused:
            logger.info("%s: refused before and unchanged since, skipped", name)
        outcomes = []
        for count, (report, target) in enumerate(scan.pending, start=1):
            state = report_task(str(report), str(target), report.name, return_state=True)
            outcomes.append(_outcome(state.result(raise_on_failure=False), str(report), str(target)))
            logger.info("%d/%d %s: %s %s", count, len(scan.pending), report.name, outcomes[-1].status,
                        outcomes[-1].message)
        if scan.pending or scan.refused or _removed(Path(out_dir), scan.present):
            publish_combined(Path(out_dir), {**scan.still_refused, **scan.refused}, scan.sha256, scan.present)
    # Reports left unreviewed keep the run NeedsReview, not only the run that processed them.
    waiting = [report.outcome() for report in (standing(target) for _, target in scan.unchanged)
               if report is not None and report.status == "needs_review"]
    if not scan.pending and not scan.refused and not waiting:
        create_markdown_artifact(key=ARTIFACT_KEY, markdown=f"No new or changed report in {markdown_text(raw_dir)}.")
        return Completed(message="nothing new", data=[])
    return _finish(outcomes + waiting, scan.refused)


def _removed(out: Path, present: set[str]) -> bool:
    """Whether `_all/` combines a report whose input left raw/ (it is to be listed as removed)."""
    return any(report.folder.name not in present for report in standings(out)) and (out / COMBINED).is_dir()


class _Runner(Runner):
    """Prefect's runner, which takes SIGTERM over to stop gracefully: the signal is remembered, so
    that the command exits 143 as every command does; Ctrl-C stops it the same way (130)."""

    def handle_sigterm(self, *args, **kwargs) -> None:
        SIGNALLED.append(EXIT_TERMINATED)
        super().handle_sigterm(*args, **kwargs)

    def handle_sigint(self, *args, **kwargs) -> None:
        """Ctrl-C stops the runner as SIGTERM does (an exception raised into its loop may be
        swallowed by the code it lands in, and serve would go on)."""
        SIGNALLED.append(EXIT_INTERRUPTED)
        super().handle_sigterm(*args, **kwargs)


def serve_ingestion(name: str, schedule, raw: Path, out: Path) -> None:
    """Serve the ingestion of `raw` into `out` on the configured server until a signal stops it (the
    runner pauses the deployment's schedule as it stops)."""
    hold_folders(raw, out)
    runner = _Runner(name=name, pause_on_shutdown=True)
    runner.add_flow(ingest, name=name, schedule=schedule,
                    parameters={"raw_dir": str(raw.resolve()), "out_dir": str(out.resolve())})
    previous = signal.signal(signal.SIGINT, runner.handle_sigint)
    try:
        asyncio.run(runner.start())
    except (KeyboardInterrupt, TerminationSignal, SystemExit):
        pass  # remembered in SIGNALLED by the command's handler or the runner's
    finally:
        signal.signal(signal.SIGINT, previous)


def hold_folders(raw: Path, out: Path) -> None:
    """The folders a served deployment reads and writes, fixed when `serve` starts, in the serving
    process's environment (its flow runs are processes it starts, and inherit it; a caller of the
    API sets parameters, not this): whatever folders a caller passes, a run touches no others."""
    for kind, folder in (("raw", raw), ("out", out)):
        os.environ[SERVED_VARIABLES[kind]] = os.path.realpath(folder)


def folders_refusal(raw: Path, out: Path) -> str | None:
    """Why an ingestion run may not use these folders (not the served ones; an output folder that
    holds what the pipeline did not write), or None."""
    for kind, given in (("raw", raw), ("out", out)):
        served = os.environ.get(SERVED_VARIABLES[kind])
        if served is not None and os.path.realpath(given) != served:
            return f"{given}: not the {kind} folder this deployment serves ({served}): refused"
    try:
        check_root_folder(out)
    except ReportError as error:
        return str(error)
    return None


def final_state(outcomes: list[ReportOutcome], refused: dict[str, str]):
    """Completed where every report is ok; else Failed, named after the worst: Failed (a run that
    failed), BadInput (a report refused), NeedsReview (errors to review)."""
    worst = worst_exit([outcome.exit_code for outcome in outcomes] + [EXIT_BAD_INPUT] * len(refused))
    if worst not in FINAL_STATES:
        return Completed(message=f"{len(outcomes)} report(s) ok", data=outcomes)
    which = [o.report for o in outcomes if o.exit_code == worst] + ([*refused] if worst == EXIT_BAD_INPUT else [])
    named = ", ".join(markdown_text(name) for name in which)
    return Failed(name=FINAL_STATES[worst], message=f"{FINAL_STATES[worst]}: {named}", data=outcomes)


def _finish(outcomes: list[ReportOutcome], refused: dict[str, str]):
    create_markdown_artifact(key=ARTIFACT_KEY, markdown=summary_markdown(outcomes, refused),
                             description="Row counts of every report, and the findings that need review")
    return final_state(outcomes, refused)


def _outcome(result, report: str, out_dir: str) -> ReportOutcome:
    """The task's outcome, or a failed one where the task could not give one (it crashed)."""
    return result if isinstance(result, ReportOutcome) else ReportOutcome.failed(report, out_dir, result)
