from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "raw" / "seoul_haengjeong_2023.txt"


@pytest.fixture(scope="session")
def reference():
    """The reference report, extracted once for the whole session."""
    from extractors import extract

    return extract(REFERENCE)


@pytest.fixture(scope="session")
def reference_keys(reference) -> frozenset[str]:
    """The keys of the reference report's findings with no review applied: a mutant's new findings are the rest."""
    from checks.findings import parse_reviews
    from flows.run import check

    return frozenset(check(reference, parse_reviews("key,note\n", "none")).findings["key"])


@pytest.fixture(scope="session")
def reference_text() -> str:
    return REFERENCE.read_text(encoding="utf-8")


# `make test` runs the files on two processes, a file at a time each: the longest start first, so that
# neither process is left running one of them alone at the end.
LONGEST_FIRST = ("test_serve.py", "test_operations.py", "test_wording.py", "test_fuzz.py", "test_hangul.py",
                 "test_folder_runs.py", "test_random_reports.py", "test_review_page.py", "test_scans.py",
                 "test_hardening.py", "test_pdf.py", "test_owned.py", "test_lineage.py", "test_batch.py",
                 "test_hostile.py", "test_dask.py")


def pytest_collection_modifyitems(items):
    def place(item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=place)  # stable: each file's tests keep their order


def pytest_terminal_summary(terminalreporter):
    """How many fuzz cases ran (make fuzz records this figure in the README)."""
    for module, what in (("tests.test_fuzz", "text"), ("tests.test_fuzz_binary", "binary")):
        fuzz = sys.modules.get(module)
        if fuzz is not None and fuzz.COUNTER["cases"]:
            counter = fuzz.COUNTER
            terminalreporter.write_line(f"fuzz ({what}): {counter['cases']} cases tried, {counter['refused']} "
                                        "refused with a one-line ReportError, the rest extracted within their "
                                        "schemas")


SESSION_MARK = "REPORT_PIPELINE_TEST_SESSION"  # in the environment of every process the tests start


def pytest_sessionstart(session):
    """Mark every process the tests start; give the session a Prefect home of its own (a profile of
    the host's, which the command reads as Prefect does, must not send the tests' runs to a server)."""
    os.environ[SESSION_MARK] = str(os.getpid())
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="prefect-home-")
    for name in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH"):
        os.environ.pop(name, None)


def pytest_sessionfinish(session, exitstatus):
    """The tests leave no process behind (a scheduler's host must not collect them): any process
    this session started, still running, fails the run and is ended."""
    left = leftover_processes(os.environ.get(SESSION_MARK, ""))
    if left:  # a process that was ending as the session ended is no leftover
        time.sleep(2)
        left = [process for process in leftover_processes(os.environ.get(SESSION_MARK, "")) if process in left]
    for pid, command in left:
        print(f"\nleft running by the tests: pid {pid}: {command}", file=sys.stderr)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if left and session.exitstatus == 0:
        session.exitstatus = 1


def leftover_processes(mark: str) -> list[tuple[int, str]]:
    """(pid, command) of every running process but this one whose environment carries the mark."""
    needle = f"{SESSION_MARK}={mark}".encode() + b"\0"
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle not in (entry / "environ").read_bytes() or b"State:\tZ" in (entry / "status").read_bytes():
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid() and "multiprocessing.resource_tracker" in command:
            continue  # this process's own tracker: it reads a pipe from it, and ends with it
        found.append((int(entry.name), command[:200]))
    return found
