"""The reports' runs, in this process, on worker processes (a folder: flows/folder.py), or on an
existing Dask cluster: what the command runs without a server, and what the Prefect flow runs
inside its flow run with one. No Prefect import, so a one-shot run starts at once."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable
from pathlib import Path

from flows.folder import FolderRun, Progress
from flows.outcome import ReportOutcome
from flows.run import import_stack, run_report
from flows.runners import side_by_side


def run_reports_here(targets: list[tuple[Path, Path]], combined: Path | None, workers: int,
                     dask_address: str | None, fiscal_year: int | None, refused: dict[str, str],
                     present: set[str] | None = None, progress: Progress | None = None,
                     started: FolderRun | None = None) -> list[ReportOutcome]:
    """The reports' runs, the one way every path runs them (the command without a server, and the
    Prefect flow with one, so Ctrl-C and SIGTERM act the same on both): in this process, on worker
    processes (`started`, where the folder run was started already), or on Dask; then `_all/`
    rebuilt, only where a report was written (else it is left as it was)."""
    if dask_address:
        outcomes = run_on_dask(targets, dask_address, fiscal_year, progress)
    else:
        outcomes = run_locally(targets, workers, fiscal_year, progress, started)
    if combined is not None and any(outcome.manifest is not None for outcome in outcomes):
        from flows.writing.combined import publish_combined

        publish_combined(combined, refused, present=present)
    return outcomes


def run_locally(targets: list[tuple[Path, Path]], workers: int, fiscal_year: int | None,
                progress: Progress | None = None, started: FolderRun | None = None) -> list[ReportOutcome]:
    """Every report's outcome, in the order given; concurrently on `workers` processes (`started`:
    the folder run, where its extracting workers were started already). A folder's reports use
    the cores: each PDF is read page after page (a single report's pages are read on a pool of
    their own)."""
    if len(targets) > 1:
        side_by_side()
    if workers <= 1 or len(targets) == 1:
        if started is not None:
            started.discard()
        if len(targets) > 1:
            import_stack()  # before the first report: none of its data frozen with the stack
        outcomes = []
        for report, out_dir in targets:
            outcomes.append(run_report(report, out_dir, fiscal_year))
            if progress:
                progress(len(outcomes), len(targets), outcomes[-1])
        return outcomes
    return (started or FolderRun(targets, workers, fiscal_year)).run(targets, progress)


def run_on_dask(targets: list[tuple[Path, Path]], address: str, fiscal_year: int | None,
                progress: Progress | None = None) -> list[ReportOutcome]:
    """Every report's outcome, run on the Dask cluster at `address`."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(address) as client:
        futures = {client.submit(run_on_worker, report.absolute(), out_dir.absolute(), fiscal_year, pure=False):
                   (report, out_dir) for report, out_dir in targets}
        return _collect(futures, dask_completed(list(futures)), progress)


def run_on_worker(report: Path, out_dir: Path, fiscal_year: int | None) -> ReportOutcome:
    """A report's run on a Dask worker. The command checked that the file is there: a worker that
    does not see it (another host, another mount) fails the run, naming itself; it is no bad input."""
    if not report.is_file():
        return ReportOutcome.failed(report, out_dir, f"{report.name}: the Dask worker on {socket.gethostname()} "
                                                     f"(pid {os.getpid()}) does not see {report}: give the "
                                                     "workers the same files at the same path")
    return run_report(report, out_dir, fiscal_year)


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
