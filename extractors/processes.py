"""Starting worker processes where a signal may come at any moment (Ctrl-C, SIGTERM).

A signal that lands while a process forks raises in the middle of the fork's own handlers or of
the pool's bookkeeping, where it is swallowed or leaves the pool half made. So the signals are
held while workers start and delivered right after, at a point where the caller can clean up;
a worker starts with them held too and sets its own handlers before taking them.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held (not lost) for the duration: delivered when it ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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
