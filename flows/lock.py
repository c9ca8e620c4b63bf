"""One writer at a time on an output root: a run holds an exclusive lock (fcntl.flock on a lock
file in the root) while it writes report folders and rebuilds _all/. A second run waits for it,
saying so, or gives up at once where asked to."""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".report-pipeline.lock"


class OutputBusy(Exception):
    """Another run is writing into the output root and the caller would not wait."""


@contextmanager
def output_lock(root: Path, wait: bool = True, say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the output root's lock for the duration of the block; the holder's pid is in the file."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_NAME, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            if not wait:
                raise OutputBusy(f"{root}: another run (pid {holder}) is writing here; not waiting") from None
            (say or _stderr)(f"waiting for the run of pid {holder} that is writing into {root}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holder(handle) -> str:
    handle.seek(0)
    return handle.read().strip() or "unknown"


def _stderr(message: str) -> None:
    print(f"report-pipeline: {message}", file=sys.stderr, flush=True)
