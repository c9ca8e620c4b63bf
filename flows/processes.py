"""Starting worker processes where a signal may come at any moment (Ctrl-C, SIGTERM).

A signal that lands while a process forks raises in the middle of the fork's own handlers or of
the pool's bookkeeping, where it is swallowed or leaves the pool half made. So the signals are
held while workers start and delivered right after, at a point where the caller can clean up;
a worker starts with them held too and sets its own handlers before taking them. Blocking them
holds them for this thread only: another thread (one that imports the stack meanwhile) still
takes them, and Python then runs the handler in this one, at any line, the fork's own handlers
too. So the handlers only note the signal while it is held, and it is raised again after.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held (not lost) for the duration: delivered when it ends."""
    noted: list[int] = []
    handlers = _noting(noted) if threading.current_thread() is threading.main_thread() else {}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        for signum in dict.fromkeys(noted):
            signal.raise_signal(signum)


def _noting(noted: list[int]) -> dict[int, signal.Handlers | Callable | int | None]:
    """Handlers that note a stop signal in place of those set from Python; the ones they replace.
    An ignored signal stays ignored (a worker forked meanwhile reads that it is)."""
    replaced: dict[int, signal.Handlers | Callable | int | None] = {}
    for signum in sorted(STOP_SIGNALS):
        if signal.getsignal(signum) not in (None, signal.SIG_IGN):  # None: set outside Python
            replaced[signum] = signal.signal(signum, lambda number, _frame: noted.append(number))
    return replaced


def take_signals() -> None:
    """In a worker started under `signals_held`: take the signals again, its handlers now set."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def workers_of(pool) -> list:
    """The worker processes a ProcessPoolExecutor has started (none before its first task)."""
    return list((getattr(pool, "_processes", None) or {}).values())


def end_workers(pool) -> None:
    """End the pool's workers at once: for workers that only read, or hold nothing yet."""
    for process in workers_of(pool):
        process.terminate()
