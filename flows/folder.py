"""A folder's reports on worker processes of two kinds, so that the stack is imported once.

Great Expectations, which only a report's checks need, costs seconds to import, once per process.
So extracting workers start at once, before the reports are even checked, and read the first
reports while this process imports the stack on a thread of its own (this thread keeps them busy);
then the running workers are forked from this process, sharing that import, and extract the rest
and run every report from its extraction. An extraction is harmless (it writes nothing), and one
that cannot be made is made again in the report's run, which says what is wrong.

Ctrl-C and SIGTERM stop every worker as they stop this process: each report's previous output, or
its new complete one, is what remains.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from flows import workers as worker
from flows.outcome import ReportOutcome, stop_if_signalled
from flows.processes import end_workers, signals_held
from flows.run import prepare, run_report, warm_up

Progress = Callable[[int, int, ReportOutcome], None]
Target = tuple[Path, Path]  # (report, output folder)
EXTRACTING, RUNNING = "extracting", "running"
AHEAD = 2  # extractions that may wait per running worker (each holds a report's tables in memory)
WAIT_SLICE = 0.2  # seconds: how long the signals may be held while waiting for a report
POLL_SECONDS = 0.05  # how often a free extracting worker is given a report while the stack is imported
_FORK = multiprocessing.get_context("fork")  # a running worker shares the stack this process imported


class FolderRun:
    """The reports of a folder on `workers` processes: `workers` − 1 extracting ones from the
    start (one core is left to the import), `workers` running ones once the stack is imported.
    A free running worker extracts the next report, unless two extractions per running worker
    wait already, else runs one: the last tasks are runs, the shorter, and the cores finish
    together."""

    def __init__(self, targets: list[Target], workers: int, fiscal_year: int | None) -> None:
        self.workers, self.fiscal_year = min(workers, len(targets)), fiscal_year
        self.wanted = set(targets)
        self.waiting: deque[Target] = deque(targets)  # not started
        self.extracted: deque = deque()  # (report, its Prepared, or None: extract it in its run)
        self.running: dict[Future, tuple] = {}  # future: (pool, function, report)
        self.outcomes: dict[Target, ReportOutcome] = {}
        self.progress: Progress | None = None
        extracting = max(1, self.workers - 1)
        self.sizes = {EXTRACTING: extracting}  # pool: how many of its tasks may be under way
        self.pools = {EXTRACTING: _started(extracting, worker.start_extracting)}
        self._feed()  # the first reports are read while the caller checks them

    def run(self, targets: list[Target], progress: Progress | None = None) -> list[ReportOutcome]:
        """Every report's outcome, in the order given (the reports that passed their checks)."""
        self.wanted, self.progress = set(targets), progress
        self.waiting = deque(target for target in self.waiting if target in self.wanted)
        try:
            self._import_stack()
            self.pools[RUNNING] = _started(min(self.workers, len(targets)), worker.start_running)
            self.sizes = {EXTRACTING: 0, RUNNING: min(self.workers, len(targets))}
            while self._take_done() < len(self.wanted):
                self._feed()
                if not self.running:
                    raise RuntimeError("the folder run lost track of a report")  # a bug: never a hang
                _first_done(list(self.running))
        except BaseException:
            self._stop()
            raise
        for pool in self.pools.values():
            pool.shutdown(wait=True)
        return [self.outcomes[target] for target in targets]

    def discard(self) -> None:
        """No report will run: the extracting workers, which write nothing, are ended."""
        pool = self.pools[EXTRACTING]
        end_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)

    def _import_stack(self) -> None:
        """Import the stack on a thread, while this one gives each free extracting worker a report."""
        failed: list[BaseException] = []
        importing = threading.Thread(target=_catching(warm_up, failed), name="import-stack", daemon=True)
        importing.start()
        while importing.is_alive():
            self._take_done()
            self._feed()
            importing.join(POLL_SECONDS)
        if failed:
            raise failed[0]
        stop_if_signalled()

    def _feed(self) -> None:
        """Give every worker that is free a task: the running ones first."""
        while self._free(RUNNING) and (self.extracted or self.waiting):
            if self.waiting and len(self.extracted) < AHEAD * self.sizes[RUNNING]:
                self._submit(RUNNING, prepare, self.waiting.popleft())
            else:
                target, prepared = self.extracted.popleft()
                self._submit(RUNNING, run_report, target, prepared)
        while self._free(EXTRACTING) and self.waiting:
            self._submit(EXTRACTING, prepare, self.waiting.popleft())

    def _free(self, pool: str) -> bool:
        """Whether the pool may take a task: no more tasks under way than there are cores (an
        extraction still under way on an extracting worker holds one)."""
        busy = len(self.running) if pool == RUNNING else sum(1 for task in self.running.values() if task[0] == pool)
        return busy < self.sizes.get(pool, 0)

    def _submit(self, pool: str, function: Callable, target: Target, prepared=None) -> None:
        args = (target[0], self.fiscal_year) if function is prepare else (*target, self.fiscal_year, prepared)
        try:
            self.running[self.pools[pool].submit(worker.call, function, *args)] = (pool, function, target)
        except (BrokenProcessPool, RuntimeError) as error:  # a worker died: the pool takes no task
            self._lost((pool, function, target), error)

    def _take_done(self) -> int:
        """Take every task that is done; how many reports have their outcome."""
        for future in [future for future in self.running if future.done()]:
            task = self.running.pop(future)
            try:
                result = future.result()
            except KeyboardInterrupt:
                raise
            except Exception as error:  # the worker died
                self._lost(task, error)
                continue
            if task[2] not in self.wanted:
                continue  # read before its checks refused it
            if task[1] is prepare:
                self.extracted.append((task[2], result))
            else:
                self._done(task[2], result)
        return len(self.outcomes)

    def _lost(self, task: tuple, error: Exception) -> None:
        """A task whose worker died: its pool is given no more extractions; an extraction is left
        to be made again in the report's run, a report's run is a failed outcome."""
        pool, function, target = task
        if pool == EXTRACTING:
            self.sizes[EXTRACTING] = 0
        if target not in self.wanted:
            return
        if function is prepare:
            self.extracted.append((target, None))
        else:
            self._done(target, ReportOutcome.failed(*target, error))

    def _done(self, target: Target, outcome: ReportOutcome) -> None:
        self.outcomes[target] = outcome
        if self.progress:
            self.progress(len(self.outcomes), len(self.wanted), outcome)

    def _stop(self) -> None:
        """Interrupt every worker and wait for them: a report being written cleans up."""
        for pool in self.pools.values():
            worker.interrupt(pool)
        for pool in self.pools.values():
            pool.shutdown(wait=True, cancel_futures=True)


def _started(workers: int, initializer: Callable) -> ProcessPoolExecutor:
    """A pool of `workers` forked processes, started now (with the signals held while they fork)."""
    with signals_held():
        pool = ProcessPoolExecutor(workers, mp_context=_FORK, initializer=initializer)
        pool.submit(worker.ready)
    return pool


def _first_done(futures: list[Future]) -> None:
    """Wait until one of the futures is done, with Ctrl-C and SIGTERM held while `wait` holds the
    futures' locks: an interruption raised while it takes them one by one would leave one taken,
    and the pool's shutdown would then wait for it forever. A signal is acted on within WAIT_SLICE."""
    while True:
        with signals_held():
            done, _ = wait(futures, timeout=WAIT_SLICE, return_when=FIRST_COMPLETED)
        if done:
            return


def _catching(function: Callable[[], None], failed: list[BaseException]) -> Callable[[], None]:
    def call() -> None:
        try:
            function()
        except BaseException as error:  # raised again in the thread that waits for it
            failed.append(error)
    return call
