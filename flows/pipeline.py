"""The Prefect flow: thin tasks around the pure extraction and the writers."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task

from extractors import Extraction, ReportError, extract

from .run import Checked, RunResult, check, load_reviews, write_run


def _transient(task, task_run, state) -> bool:
    """Retry only what may pass on its own (I/O), never a bad report."""
    try:
        state.result()
    except ReportError:
        return False
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(retries=2, retry_delay_seconds=1, retry_condition_fn=_transient)
def extract_task(input_path: str) -> Extraction:
    return extract(input_path)


@task(retries=2, retry_delay_seconds=1, retry_condition_fn=_transient)
def check_task(extraction: Extraction, input_path: str) -> Checked:
    return check(extraction, load_reviews(Path(input_path)))


@task(retries=2, retry_delay_seconds=1, retry_condition_fn=_transient)
def write_task(checked: Checked, input_path: str, out_dir: str, started: str) -> RunResult:
    return write_run(checked, Path(input_path), Path(out_dir), started)


@flow(name="report-pipeline", log_prints=True)
def run_report(input_path: str, out_dir: str, started: str) -> RunResult:
    """Extract one report, check it, validate it and write its output folder."""
    extraction = extract_task(input_path)
    checked = check_task(extraction, input_path)
    return write_task(checked, input_path, out_dir, started)
