"""Reading a report in a child process with a memory and a time limit: the backstop for what the
readers' budgets (extractors/read/limits.py) cannot reach, a library's own loops.

The child is forked (or, in a daemon process such as a Dask worker, which may not fork children
of its own, started as `python -m flows.bounded`); this process watches the resident memory of
the child and of every process it starts, and the time, and kills the child's whole process
group past either limit. Crossing one is the same one-line refusal (exit 2) as a budget's.

Limits: `--max-memory` / `REPORT_PIPELINE_MAX_MEMORY` (default 1 GiB, per process) and
`--max-seconds` / `REPORT_PIPELINE_MAX_SECONDS` (default 60 s, plus 2 s per PDF page).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from extractors import ReportError
from flows.processes import signals_held, take_signals
from flows.runners import NO_OCR_VARIABLE

MEMORY_VARIABLE, SECONDS_VARIABLE = "REPORT_PIPELINE_MAX_MEMORY", "REPORT_PIPELINE_MAX_SECONDS"
DEFAULT_MAX_MEMORY = 1 << 30
DEFAULT_MAX_SECONDS = 60.0
SECONDS_PER_PAGE = 2.0
SECONDS_PER_SCANNED_PAGE = 12.0  # a page read by OCR: about 2–4 s on one core, with room for a slower machine
POLL_SECONDS = 0.02
# "1GiB", "512M", "800 MB", "1073741824": binary units whatever the spelling
MEMORY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$", re.IGNORECASE)
UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
# A PDF's page objects, counted in its bytes (where they are not compressed into object streams)
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
IMAGE_OBJECT = re.compile(rb"/Subtype\s*/Image(?![a-zA-Z])")  # a scanned page holds one


@dataclass(frozen=True)
class ReadLimits:
    memory_bytes: int = DEFAULT_MAX_MEMORY
    seconds: float = DEFAULT_MAX_SECONDS

    @classmethod
    def from_environment(cls) -> ReadLimits:
        """The limits the command line or the environment set (the command line sets the
        environment, so that every worker process has them)."""
        memory = os.environ.get(MEMORY_VARIABLE)
        seconds = os.environ.get(SECONDS_VARIABLE)
        return cls(parse_memory(memory) if memory else DEFAULT_MAX_MEMORY,
                   parse_seconds(seconds) if seconds else DEFAULT_MAX_SECONDS)

    def seconds_for(self, path: Path) -> float:
        pages, images = _pages(path)
        scanned = min(pages, images) if os.environ.get(NO_OCR_VARIABLE) != "1" else 0
        return self.seconds + SECONDS_PER_PAGE * pages + SECONDS_PER_SCANNED_PAGE * scanned


def parse_memory(text: str) -> int:
    match = MEMORY.match(text)
    if not match or float(match[1]) <= 0:
        raise ValueError(f"not an amount of memory: {text!r} (e.g. 1GiB, 512MiB)")
    return int(float(match[1]) * UNITS[match[2].lower()])


def parse_seconds(text: str) -> float:
    seconds = float(text)
    if seconds <= 0:
        raise ValueError(f"not a number of seconds: {text!r}")
    return seconds


def read_bounded(function: Callable, path: Path, *args, limits: ReadLimits | None = None):
    """`function(path, *args)`, run in a child process under the limits: its result, or its
    ReportError raised here; crossing a limit raises a ReportError naming it."""
    limits = limits or ReadLimits.from_environment()
    seconds = limits.seconds_for(path)
    child = None
    try:
        with signals_held():  # one landing in the fork's own handlers would be lost: held till the child is known
            child = _Child.start(function, (path, *args))
        status, value = child.result(limits.memory_bytes, seconds, path.name)
    finally:
        if child is not None:
            child.end()
    if status == "ok":
        return value
    if status == "refused":
        raise value
    raise RuntimeError(value)


class _Child:
    """A child process running one call, its result pickled through a pipe."""

    def __init__(self, pid: int, output: int, process: subprocess.Popen | None = None) -> None:
        self.pid, self.output, self.process = pid, output, process

    @classmethod
    def start(cls, function: Callable, args: tuple) -> _Child:
        if multiprocessing.current_process().daemon:
            process = subprocess.Popen([sys.executable, "-m", "flows.bounded"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, start_new_session=True)
            process.stdin.write(pickle.dumps((function, args)))
            process.stdin.close()
            return cls(process.pid, process.stdout.fileno(), process)
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its own process group, so that the limit ends all it started
            os.close(reading)
            os.setpgid(0, 0)
            _answer(function, args, writing)
        os.close(writing)
        with suppress(OSError):
            os.setpgid(pid, pid)  # as the child does: set before either may signal the group
        return cls(pid, reading)

    def result(self, memory: int, seconds: float, name: str) -> tuple[str, object]:
        """The child's (status, value), watching its memory and time while it runs."""
        chunks, deadline = [], time.monotonic() + seconds
        while True:
            ready, _, _ = select.select([self.output], [], [], POLL_SECONDS)
            if ready:
                chunk = os.read(self.output, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                continue
            if time.monotonic() > deadline:
                raise ReportError(name, f"reading it took more than {seconds:.0f} s (the limit --max-seconds, "
                                        f"{SECONDS_VARIABLE}): refused")
            if _peak_resident(self.pid) > memory:
                raise ReportError(name, f"reading it needs more than {memory / (1 << 20):,.0f} MiB of memory (the "
                                        f"limit --max-memory, {MEMORY_VARIABLE}): refused")
        data = b"".join(chunks)
        if not data:
            raise ReportError(name, "reading it ended the reading process (a crash in a library, or out of "
                                    "memory): refused")
        return pickle.loads(data)

    def end(self) -> None:
        """The child and all it started ended (killed if still running), and reaped."""
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.stdout.close()
            self.process.wait()
            return
        os.close(self.output)
        with suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _answer(function: Callable, args: tuple, output: int) -> None:
    """In the child: run the call, write its pickled (status, value), and exit at once."""
    gc.freeze()  # the parent's objects: the child's collections do not walk (and so copy) their pages
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C, and ends this process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    take_signals()  # started with them held (read_bounded)
    try:
        answer = ("ok", function(*args))
    except ReportError as error:
        answer = ("refused", error)
    except BaseException as error:
        answer = ("failed", f"{type(error).__name__}: {error}")
    try:
        data = pickle.dumps(answer)
    except Exception as error:
        data = pickle.dumps(("failed", f"the result could not be passed back: {error}"))
    with suppress(OSError):
        with os.fdopen(output, "wb") as stream:
            stream.write(data)
    os._exit(0)


def _peak_resident(pid: int) -> int:
    """The largest resident memory of the process and of every process under it, in bytes."""
    largest, pending, seen = 0, [pid], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        largest = max(largest, _resident(current))
        pending += _children(current)
    return largest


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    found = []
    with suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with suppress(OSError), open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    return found


def _pages(path: Path) -> tuple[int, int]:
    """A PDF's page and image counts as its bytes show them (0 where they are in object streams,
    or for another format): each page earns more time, a scanned one (an image) more again."""
    if path.suffix.lower() != ".pdf":
        return 0, 0
    try:
        with open(path, "rb") as handle:
            data = handle.read(64 << 20)
    except OSError:
        return 0, 0
    return len(PAGE_OBJECT.findall(data)), len(IMAGE_OBJECT.findall(data))


if __name__ == "__main__":  # the child of a daemon process: the call on stdin, its answer on stdout
    call, arguments = pickle.loads(sys.stdin.buffer.read())
    _answer(call, arguments, sys.stdout.fileno())
