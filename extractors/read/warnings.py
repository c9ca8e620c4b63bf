"""Warnings of the libraries that read a file (pdfminer on a slightly damaged PDF prints dozens),
collected instead of printed: a run writes them to `run.log`, never between the command's lines."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "olefile", "PIL", "fontTools")


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(f"{record.name}: {' '.join(record.getMessage().split())}")


@contextmanager
def collected_warnings(sink: list[str]) -> Iterator[list[str]]:
    """For the duration, the libraries' log warnings and Python warnings go into `sink`."""
    handler = _Collect(sink)
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    saved = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                yield sink
            finally:
                sink += [f"{warning.category.__name__}: {' '.join(str(warning.message).split())}"
                         for warning in caught]
    finally:
        for logger, propagate in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.propagate = propagate


def replay(messages: list[str]) -> None:
    """Warnings collected in another process (a page pool's worker), said again in this one."""
    for message in messages:
        logging.getLogger(LIBRARY_LOGGERS[0]).warning("%s", message)
