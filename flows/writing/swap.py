"""Swap a report's output folder in whole: every file is written into a staging folder beside the
target, synced, then exchanged with the target in one step (renameat2), so that a reader, a crash or
a Ctrl-C never sees a mixture of two runs. The staging folder carries a marker file while it is
filled; only folders that carry it, or that are the pipeline's own output (owned.py), are ever
removed as stale. The output root's lock, where it is in the target, is carried into the new
folder (the same file, hard-linked), so that a run waiting on it waits on the lock that holds."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from contextlib import suppress
from pathlib import Path

from flows.lock import LOCK_NAME
from flows.writing.owned import STAGING_MARK, STAGING_MARKER, is_our_staging

# Write errors that no retry can heal: no space, a read-only file system, no permission, a folder
# that cannot be renamed (a mount point).
PERMANENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EBUSY})
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(Exception):
    """The output cannot be written, and retrying will not help; the message names the output folder."""


def write_outputs(target: Path, files: dict[str, bytes]) -> None:
    """Write `files` (name -> content) into a staging folder beside `target`, then swap it in whole."""
    target = Path(target)
    try:
        _write_outputs(target, files)
    except OSError as error:
        if error.errno in PERMANENT_ERRNOS:
            raise OutputError(f"cannot write {target}: {error.strerror} ({errno.errorcode[error.errno]})") from None
        raise


def _write_outputs(target: Path, files: dict[str, bytes]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(target)
    staging = target.parent / f".{target.name}{STAGING_MARK}{os.getpid()}"
    try:
        staging.mkdir()
        write_file(staging / STAGING_MARKER, b"")
        for name, content in files.items():
            write_file(staging / name, content)
        _fsync_tree(staging)
        _carry_lock(target, staging)
        (staging / STAGING_MARKER).unlink()
        swap_in(staging, target)
    finally:
        _remove_even_when_interrupted(staging)


def write_file(path: Path, content: bytes) -> None:
    path.write_bytes(content)


def _remove_even_when_interrupted(folder: Path) -> None:
    """A Ctrl-C that lands while the staging folder is being removed must not leave half of it:
    the removal is finished first, then the interrupt goes on."""
    try:
        remove_staging(folder)
    except KeyboardInterrupt:
        remove_staging(folder)
        raise


def remove_staging(folder: Path) -> None:
    """Remove a staging folder of ours with its marker put in first and removed last, so that a run
    killed at any point leaves a folder that is still recognisably ours (marked, or empty)."""
    if not folder.is_dir() or folder.is_symlink():
        return
    marker = folder / STAGING_MARKER
    with suppress(OSError):
        marker.touch()
    for entry in folder.iterdir():
        if entry.name != STAGING_MARKER:
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() and not entry.is_symlink() else \
                entry.unlink(missing_ok=True)
    with suppress(OSError):
        marker.unlink(missing_ok=True)
        folder.rmdir()


def _carry_lock(target: Path, staging: Path) -> None:
    """The lock held in `target` (a one-report run's) becomes the new folder's too."""
    lock = target / LOCK_NAME
    if lock.is_file() and not lock.is_symlink():
        os.link(lock, staging / LOCK_NAME)


def swap_in(staging: Path, target: Path) -> None:
    """Make `staging` the new `target` in one step; what was there ends up in `staging`."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        return
    parked = target.parent / f".{target.name}{STAGING_MARK}old-{os.getpid()}"
    os.rename(target, parked)
    os.rename(staging, target)
    os.rename(parked, staging)


def remove_stale_staging(target: Path) -> None:
    """Staging folders left by a run that was killed are removed by the next one: only ours (the
    marker inside, or our output parked by a swap), and not a live run's (its process still there)."""
    for stale in target.parent.glob(f".{target.name}{STAGING_MARK}*"):
        owner = stale.name.rsplit("-", 1)[-1]
        if owner.isdigit() and _alive(int(owner)):
            continue
        if is_our_staging(stale):
            remove_staging(stale)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftover from an attempt that failed: ours to remove
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exchange(first: Path, second: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both names swap atomically. False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
