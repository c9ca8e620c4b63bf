"""The worker processes of a folder run, from the inside: how each kind starts, how it runs a task,
how it takes a signal.

Ctrl-C or SIGTERM interrupts the task a worker runs (a report being written removes its staging
folder and reports the interruption); an idle worker starts no task after it and leaves when the
parent shuts the pool down.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from flows.processes import take_signals, workers_of
from flows.run import warm_up
from flows.runners import side_by_side

_busy = False  # whether a task is being run (an interruption is then raised)
_interrupted = False  # whether it was interrupted already (it then starts no task)


def start_extracting() -> None:
    """A worker that extracts reports ahead of their runs: it starts at once, without the stack
    (Great Expectations) that only a report's run needs; its PDFs are read page after page."""
    _take_stop_signals()
    gc.freeze()  # what it was forked with: not walked by the garbage collector
    side_by_side()


def start_running() -> None:
    """A worker that runs reports: forked from a process that imported the stack already (or it
    imports it now)."""
    _take_stop_signals()
    warm_up()


def ready() -> None:
    """A first task: it starts a pool's workers."""


def call(function: Callable, *args):
    """`function(*args)` as a worker's task: a signal from here on interrupts it; after one, no
    task starts."""
    global _busy
    _busy = True  # before the check: a signal from here on interrupts, one before it is seen below
    try:
        if _interrupted:
            raise KeyboardInterrupt
        return function(*args)
    finally:
        _busy = False


def interrupt(pool: ProcessPoolExecutor) -> None:
    """Pass the interruption on to a pool's workers (a terminal sends Ctrl-C to them too; `kill`
    does not): as SIGTERM, which a worker takes even where Ctrl-C is ignored."""
    for process in workers_of(pool):
        try:
            os.kill(process.pid, signal.SIGTERM)
        except (ProcessLookupError, AttributeError):
            continue
    sys.stderr.flush()


def _take_stop_signals() -> None:
    """Its own handlers; Ctrl-C stays ignored where the command ignores it (started in the
    background, where the terminal's Ctrl-C is not meant for it)."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    take_signals()


def _on_signal(signum, frame) -> None:
    """The first signal interrupts the task being run (its cleanup then runs undisturbed: a second
    signal, from the terminal and from the parent both, is ignored). An idle worker starts no task
    after it and waits for the parent to shut the pool down: it may be handing a result back, and
    ending it there would leave the result queue locked for the others."""
    global _interrupted
    first = not _interrupted
    _interrupted = True
    if _busy and first:
        raise KeyboardInterrupt
