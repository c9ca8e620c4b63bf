"""Runs without a Prefect server: the reports' runs in this process, on a pool of worker processes,
or on an existing Dask cluster; no Prefect import, so a one-shot run starts at once.

Ctrl-C stops every worker as it stops this process: a worker that is writing removes its staging
folder and reports the interruption; an idle one leaves quietly. The previous output of each report,
or its new complete one, is what remains.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from extractors.processes import end_workers, signals_held, take_signals, workers_of
from extractors.read import set_page_workers
from flows.outcome import ReportOutcome
from flows.run import run_report, warm_up

Progress = Callable[[int, int, ReportOutcome], None]
_busy = False  # in a worker process: whether a report is being run (an interruption is then raised)
_interrupted = False  # in a worker process: whether it was interrupted already (it then starts no report)


def warm_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers start at once and import the stack while the caller still checks the
    reports (the checks and the imports overlap)."""
    with signals_held():  # the workers are forked (on the first submit) with the signals held
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
        pool.submit(_ready)
    return pool


def discard(pool: ProcessPoolExecutor) -> None:
    """A pool no report will run on: its workers, which hold nothing yet, are ended."""
    end_workers(pool)
    pool.shutdown(wait=False, cancel_futures=True)


def run_locally(targets: list[tuple[Path, Path]], workers: int, fiscal_year: int | None,
                progress: Progress | None = None, pool: ProcessPoolExecutor | None = None) -> list[ReportOutcome]:
    """Every report's outcome, in the order given; concurrently on `workers` processes (`pool`,
    where one was started already). A folder's reports use the cores: each PDF is read page after
    page (a single report's pages are read on a pool of their own)."""
    if len(targets) > 1:
        set_page_workers(1)
    if workers <= 1 or len(targets) == 1:
        if pool is not None:
            discard(pool)
        outcomes = []
        for report, out_dir in targets:
            outcomes.append(run_report(report, out_dir, fiscal_year))
            if progress:
                progress(len(outcomes), len(targets), outcomes[-1])
        return outcomes
    with signals_held():  # the workers are forked (on the first submit) with the signals held
        pool = pool or ProcessPoolExecutor(max_workers=min(workers, len(targets)), initializer=_worker_init)
        futures = {pool.submit(_worker_run, report, out_dir, fiscal_year): (report, out_dir)
                   for report, out_dir in targets}
    with pool:
        try:
            return _collect(futures, as_completed(futures), progress)
        except BaseException:
            _interrupt_workers(pool)
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def run_on_dask(targets: list[tuple[Path, Path]], address: str, fiscal_year: int | None,
                progress: Progress | None = None) -> list[ReportOutcome]:
    """Every report's outcome, run on the Dask cluster at `address`."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(address) as client:
        futures = {client.submit(run_report, report, out_dir, fiscal_year, pure=False): (report, out_dir)
                   for report, out_dir in targets}
        return _collect(futures, dask_completed(list(futures)), progress)


def _collect(futures: dict, completed: Iterable, progress: Progress | None) -> list[ReportOutcome]:
    """Each report's outcome as its future completes; in the order the reports were given."""
    done: dict[tuple, ReportOutcome] = {}
    for future in completed:
        report, out_dir = futures[future]
        done[(report, out_dir)] = _outcome(future.result, report, out_dir)
        if progress:
            progress(len(done), len(futures), done[(report, out_dir)])
    return [done[target] for target in futures.values()]


def _outcome(result: Callable[[], ReportOutcome], report: Path, out_dir: Path) -> ReportOutcome:
    """The report's outcome, or a failed one where its worker could not give one (it died)."""
    try:
        return result()
    except KeyboardInterrupt:
        raise
    except Exception as error:
        return ReportOutcome.failed(report, out_dir, error)


def _ready() -> None:
    """A first task: it starts the workers (each imports the stack in its initializer)."""


def _worker_init() -> None:
    """A worker process: Ctrl-C interrupts the report it runs (which cleans up), or ends it quietly."""
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    take_signals()
    warm_up()


def _on_signal(signum, frame) -> None:
    """The first signal interrupts the report being run (its cleanup then runs undisturbed: a
    second signal, from the terminal and from the parent both, is ignored). An idle worker starts
    no report after it and waits for the parent to shut the pool down: it may be handing a result
    back, and ending it there would leave the result queue locked for the others."""
    global _interrupted
    first = not _interrupted
    _interrupted = True
    if _busy and first:
        raise KeyboardInterrupt


def _worker_run(report: Path, out_dir: Path, fiscal_year: int | None) -> ReportOutcome:
    global _busy
    _busy = True  # before the check: a signal from here on interrupts, one before it is seen below
    try:
        if _interrupted:
            raise KeyboardInterrupt  # no new report after an interruption
        return run_report(report, out_dir, fiscal_year)
    finally:
        _busy = False


def _interrupt_workers(pool: ProcessPoolExecutor) -> None:
    """Pass the interruption on to the workers (a terminal sends it to them too; `kill` does not)."""
    for process in workers_of(pool):
        try:
            os.kill(process.pid, signal.SIGINT)
        except (ProcessLookupError, AttributeError):
            continue
    sys.stderr.flush()
