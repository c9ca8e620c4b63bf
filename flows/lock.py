"""One writer at a time on an output folder: a run holds an exclusive lock (fcntl.flock on a lock
file in the folder: a folder run's root, or a one-report run's own folder) while it writes. A
second run waits for it, saying so, or gives up at once where asked to. The lock file is opened
without following a symlink, and never anything but a plain file is written."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

LOCK_NAME = ".report-pipeline.lock"


class OutputBusy(Exception):
    """The output folder cannot be locked: another run is writing into it and the caller would
    not wait, or the folder cannot be written at all (read-only, full, no permission)."""


@contextmanager
def output_lock(root: Path, wait: bool = True, say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the folder's lock for the duration of the block; the holder's pid is in the file. A
    folder created for the lock is removed again where the block leaves nothing else in it."""
    created = not root.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = _locked(root, wait, say or _stderr)
    except OSError as error:
        raise OutputBusy(f"{root}: cannot write here: {_reason(error)}") from None
    try:
        _write_holder(fd)
        yield
    finally:
        with suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing releases the lock
        if created:
            _remove_if_only_the_lock(root)


def _locked(root: Path, wait: bool, say: Callable[[str], None]) -> int:
    """The lock file's descriptor, locked; opened again where the folder was replaced meanwhile
    (a run that held the lock may have swapped the folder, or removed the folder it had made)."""
    while True:
        fd = _open_lock(root / LOCK_NAME)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if not wait:
                os.close(fd)
                raise OutputBusy(f"{root}: another run (pid {holder}) is writing here; not waiting") from None
            say(f"waiting for the run of pid {holder} that is writing into {root}")
            fcntl.flock(fd, fcntl.LOCK_EX)
        if _still_there(root / LOCK_NAME, fd):
            return fd
        os.close(fd)
        root.mkdir(parents=True, exist_ok=True)


def _open_lock(path: Path) -> int:
    """The lock file opened for writing, never through a symlink, and only if it is a plain file."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, f"{LOCK_NAME} is a symlink, not this pipeline's lock") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, f"{LOCK_NAME} is not a plain file")
    return fd


def _still_there(path: Path, fd: int) -> bool:
    try:
        return os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _write_holder(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)


def _holder(fd: int) -> str:
    return os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"


def _remove_if_only_the_lock(root: Path) -> None:
    with suppress(OSError):
        if os.listdir(root) == [LOCK_NAME]:
            (root / LOCK_NAME).unlink()
            root.rmdir()


def _reason(error: OSError) -> str:
    name = errno.errorcode.get(error.errno or 0, "")
    return f"{error.strerror or error}" + (f" ({name})" if name else "")


def _stderr(message: str) -> None:
    print(f"report-pipeline: {message}", file=sys.stderr, flush=True)
