"""A stop signal while workers are forked is held, and raised once they are started."""

import os
import signal
import threading
import time

import pytest

from flows.processes import signals_held


class Stopped(Exception):
    pass


def _stop(signum, frame):
    raise Stopped(signum)


@pytest.fixture
def stop_raises():
    previous = signal.signal(signal.SIGTERM, _stop)
    yield
    signal.signal(signal.SIGTERM, previous)


def test_a_signal_taken_by_another_thread_is_raised_after_the_held_part_not_inside_it(stop_raises):
    # Blocking holds a signal for the main thread only: the kernel gives it to another thread, and
    # Python runs the handler in the main thread at a line of its own, here inside the held part
    # (once the other thread, which runs Python too, takes its turn).
    other = threading.Event()

    def busy():
        while not other.is_set():
            time.sleep(0.001)

    helper = threading.Thread(target=busy, daemon=True)
    helper.start()
    reached_the_end = False
    with pytest.raises(Stopped):
        with signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            deadline = time.monotonic() + 1
            while time.monotonic() < deadline:
                pass  # lines of Python, where a handler would run
            reached_the_end = True
    other.set()
    assert reached_the_end
    assert signal.getsignal(signal.SIGTERM) is _stop


def test_an_ignored_signal_stays_ignored_while_held():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with signals_held():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGINT)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
