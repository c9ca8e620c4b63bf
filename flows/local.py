"""Runs without a Prefect server: the reports' runs in this process, on worker processes, or on
an existing Dask cluster; no Prefect import, so a one-shot run starts at once.

A folder's reports on worker processes: Great Expectations, which only a report's checks need, costs
a few seconds to import, once per process. So extracting workers start at once and read the first
reports while this process imports it; then the running workers are forked from this process,
sharing that import, and run each report (from its extraction where it was made). Ctrl-C and
SIGTERM stop every worker as they stop this process: each report's previous output, or its new
complete one, is what remains.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from extractors.processes import end_workers, signals_held
from extractors.read import set_page_workers
from flows import workers as worker
from flows.outcome import ReportOutcome, stop_if_signalled
from flows.run import import_stack, prepare, run_report, warm_up

Progress = Callable[[int, int, ReportOutcome], None]
Target = tuple[Path, Path]  # (report, output folder)
EXTRACTING, RUNNING = "extracting", "running"
_FORK = multiprocessing.get_context("fork")  # a running worker shares the stack this process imported


def start_extractors(workers: int) -> ProcessPoolExecutor:
    """The extracting workers of a folder run on `workers` processes: one core is left to this
    process, which imports the stack meanwhile. They start at once, while the caller still checks
    the reports."""
    return _started(ProcessPoolExecutor(max(1, workers - 1), mp_context=_FORK,
                                        initializer=worker.start_extracting))


def discard(pool: ProcessPoolExecutor) -> None:
    """A pool no report will run on: its workers, which hold nothing yet, are ended."""
    end_workers(pool)
    pool.shutdown(wait=False, cancel_futures=True)


def run_locally(targets: list[Target], workers: int, fiscal_year: int | None, progress: Progress | None = None,
                pool: ProcessPoolExecutor | None = None) -> list[ReportOutcome]:
    """Every report's outcome, in the order given; concurrently on `workers` processes (`pool`:
    the extracting workers, where they were started already). A folder's reports use the cores:
    each PDF is read page after page (a single report's pages are read on a pool of their own)."""
    if len(targets) > 1:
        set_page_workers(1)
    if workers <= 1 or len(targets) == 1:
        if pool is not None:
            discard(pool)
        if len(targets) > 1:
            import_stack()  # before the first report: none of its data frozen with the stack
        outcomes = []
        for report, out_dir in targets:
            outcomes.append(run_report(report, out_dir, fiscal_year))
            if progress:
                progress(len(outcomes), len(targets), outcomes[-1])
        return outcomes
    workers = min(workers, len(targets))
    return _FolderRun(targets, fiscal_year, progress).run(pool or start_extractors(workers), workers)


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


def _started(pool: ProcessPoolExecutor) -> ProcessPoolExecutor:
    with signals_held():  # the workers are forked (on the first submit) with the signals held
        pool.submit(worker.ready)
    return pool


@dataclass
class _FolderRun:
    """A folder's reports on extracting and running workers. Each report is extracted, then run
    from its extraction. A free running worker extracts the next report while fewer extractions
    than running workers wait, else runs one: the last tasks are runs, the shorter, and the cores
    finish together. Extracting workers extract (two reports each at hand until the running
    workers start, one after)."""

    targets: list[Target]
    fiscal_year: int | None
    progress: Progress | None
    waiting: deque = field(default_factory=deque)  # reports not started
    extracted: deque = field(default_factory=deque)  # (report, its Prepared or None: extract it again)
    running: dict = field(default_factory=dict)  # future: (pool, function, report)
    outcomes: dict = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)  # pool: how many of its tasks may be under way

    def run(self, extracting: ProcessPoolExecutor, workers: int) -> list[ReportOutcome]:
        self.waiting.extend(self.targets)
        pools = {EXTRACTING: extracting}
        self.sizes = {EXTRACTING: 2 * max(1, workers - 1)}
        try:
            self._feed(pools)
            warm_up()  # while the extracting workers read
            stop_if_signalled()
            pools[RUNNING] = _started(ProcessPoolExecutor(workers, mp_context=_FORK,
                                                          initializer=worker.start_running))
            self.sizes = {EXTRACTING: self.sizes[EXTRACTING] // 2, RUNNING: workers}
            while True:
                for future in [future for future in self.running if future.done()]:
                    self._take(future)
                if len(self.outcomes) == len(self.targets):
                    break
                self._feed(pools)
                if not self.running:
                    raise RuntimeError("the folder run lost track of a report")  # a bug: never a hang
                wait(list(self.running), return_when=FIRST_COMPLETED)
        except BaseException:
            _stop(pools.values())
            raise
        for pool in pools.values():
            pool.shutdown(wait=True)
        return [self.outcomes[target] for target in self.targets]

    def _feed(self, pools: dict[str, ProcessPoolExecutor]) -> None:
        """Give every worker that is free a task: the running ones first."""
        while RUNNING in pools and self._free(RUNNING) and (self.extracted or self.waiting):
            if self.waiting and len(self.extracted) < self.sizes[RUNNING]:
                target = self.waiting.popleft()
                self._submit(pools, RUNNING, prepare, target, target[0], self.fiscal_year)
            else:
                target, prepared = self.extracted.popleft()
                self._submit(pools, RUNNING, run_report, target, *target, self.fiscal_year, prepared)
        while self._free(EXTRACTING) and self.waiting:
            target = self.waiting.popleft()
            self._submit(pools, EXTRACTING, prepare, target, target[0], self.fiscal_year)

    def _free(self, pool: str) -> bool:
        return sum(1 for task in self.running.values() if task[0] == pool) < self.sizes.get(pool, 0)

    def _submit(self, pools: dict, pool: str, function: Callable, target: Target, *args) -> None:
        try:
            self.running[pools[pool].submit(worker.call, function, *args)] = (pool, function, target)
        except (BrokenProcessPool, RuntimeError) as error:  # a worker died: the pool takes no task
            self._lost((pool, function, target), error)

    def _take(self, future: Future) -> None:
        task = self.running.pop(future)
        try:
            result = future.result()
        except KeyboardInterrupt:
            raise
        except Exception as error:  # the worker died
            self._lost(task, error)
            return
        if task[1] is prepare:
            self.extracted.append((task[2], result))
        else:
            self._done(task[2], result)

    def _lost(self, task: tuple, error: Exception) -> None:
        """A task whose worker died: its pool is given no more extractions; an extraction is left
        to be made again in the report's run, a report's run is a failed outcome."""
        pool, function, target = task
        if pool == EXTRACTING:
            self.sizes[EXTRACTING] = 0
        if function is prepare:
            self.extracted.append((target, None))
        else:
            self._done(target, ReportOutcome.failed(*target, error))

    def _done(self, target: Target, outcome: ReportOutcome) -> None:
        self.outcomes[target] = outcome
        if self.progress:
            self.progress(len(self.outcomes), len(self.targets), outcome)


def _stop(pools: Iterable[ProcessPoolExecutor]) -> None:
    """Interrupt every worker and wait for them: a report being written cleans up."""
    pools = list(pools)
    for pool in pools:
        worker.interrupt(pool)
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)
