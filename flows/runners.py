"""How a report is read in this process: the options the extractor is given (OCR or not, from the
command line's environment) and a long PDF's pages read on a pool of processes.

A long PDF's pages are read on a pool, one process per core (each page on its own, the pages joined
in order afterwards: the result is the sequential read's), except where this process runs reports
side by side already (`side_by_side()`: a folder run's workers) or may not fork (a daemon, as Dask's
workers are). The extractor reads them one after the other where the pool declines.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from extractors.read import ReadOptions
from extractors.read.warnings import collected_warnings, replay
from flows.processes import end_workers, signals_held, take_signals

NO_OCR_VARIABLE = "REPORT_PIPELINE_NO_OCR"  # "1": scanned pages are not read (--no-ocr)
# Below this many pages, starting a pool costs more than it saves (a scan's pages, OCR'd for seconds
# each, from two on).
MIN_POOL_PAGES, MIN_POOL_SCANNED_PAGES = 16, 2
CHUNKS_PER_WORKER = 4  # pages differ in cost (ruled ones more): smaller chunks balance the workers
_side_by_side = False  # whether this process runs reports side by side with others (a folder run's worker)
_worker_pages = None  # in a pool's worker: the PDF's pages, opened once (and the context that holds them)
_worker_context = None
_worker_options: ReadOptions | None = None


def read_options(workers: int | None = None) -> ReadOptions:
    """The options of a report read in this process: OCR unless the environment says --no-ocr; a
    long PDF's pages on a pool of `workers` processes (None: one per core); a line on standard
    error for each page read by OCR."""
    return ReadOptions(ocr=os.environ.get(NO_OCR_VARIABLE) != "1", pages=PagePool(workers), progress=said_progress)


def said_progress(name: str, number: int, count: int) -> None:
    """A page read by OCR, said on standard error (a scan takes seconds a page)."""
    print(f"report-pipeline: {name}: page {number}/{count} read by OCR", file=sys.stderr, flush=True)


def side_by_side() -> None:
    """This process runs reports side by side with others: its PDFs are read page after page."""
    global _side_by_side
    _side_by_side = True


class PagePool:
    """Reads a PDF's pages on a pool of processes (extractors.read.PagesReader)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers

    def __call__(self, path: Path, count: int, max_pages: int, options: ReadOptions, scanned: bool) -> list | None:
        workers = self.workers_for(count, scanned)
        if workers == 1:
            return None
        try:
            return _read_on_pool(path, count, workers, max_pages, options, page_by_page=scanned)
        except (OSError, BrokenProcessPool):  # no process could be started, or one died: read there
            return None

    def workers_for(self, pages: int, scanned: bool = False) -> int:
        """How many processes read the pages: 1 where a pool is not worth it or not allowed."""
        least = MIN_POOL_SCANNED_PAGES if scanned else MIN_POOL_PAGES
        if _side_by_side or pages < least or multiprocessing.current_process().daemon:
            return 1
        workers = self.workers or os.cpu_count() or 1
        return max(1, min(workers, pages // max(1, least // 2)))


def _read_on_pool(path: Path, count: int, workers: int, max_pages: int, options: ReadOptions,
                  page_by_page: bool = False) -> list:
    """Every page read on `workers` processes, in page order (`page_by_page`, a scan's: each page a
    task of its own, its progress said as the pages come in). An interruption (Ctrl-C, SIGTERM)
    reaches the caller at once: the workers, which only read, are ended."""
    chunks = count if page_by_page else min(count, workers * CHUNKS_PER_WORKER)
    bounds = [round(count * i / chunks) for i in range(chunks + 1)]
    here = ReadOptions(ocr=options.ocr)  # a worker reads its pages itself
    with signals_held():  # the workers are forked (on the first submit) with the signals held
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_open_in_worker, initargs=(path, max_pages, here))
        futures = [pool.submit(_read_chunk, path.name, start, stop)
                   for start, stop in zip(bounds, bounds[1:], strict=False)]
    try:
        read = []
        for start, future in zip(bounds, futures, strict=False):
            read.append(future.result())
            for number, page in enumerate(read[-1][0], start=start + 1):
                if page.read_by_ocr and options.progress is not None:
                    options.progress(path.name, number, count)
        replay([message for _, messages in read for message in messages])
        return [page for pages, _ in read for page in pages]
    except BaseException:
        end_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _open_in_worker(path: Path, max_pages: int, options: ReadOptions) -> None:
    """A pool worker: the interruption is the parent's to handle; the PDF opened once."""
    from extractors.read.pdf import open_pages

    global _worker_pages, _worker_context, _worker_options
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    take_signals()
    _worker_context = open_pages(path, max_pages)
    _worker_pages = _worker_context.__enter__()
    _worker_options = options


def _read_chunk(name: str, start: int, stop: int) -> tuple[list, list[str]]:
    """The chunk's pages, and the warnings reading them gave (said again by the parent)."""
    from extractors.read.pdf import read_page

    with collected_warnings([]) as messages:
        return [read_page(_worker_pages[index], name, index + 1, _worker_options)
                for index in range(start, stop)], messages
