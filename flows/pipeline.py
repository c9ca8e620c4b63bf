"""The Prefect flows: a thin task around one report's run, a batch flow, and the ingestion flow
that a schedule runs on raw/."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.futures import as_completed

from .publish import publish_combined
from .run import ReportOutcome, run_one
from .scan import new_or_changed

ARTIFACT_KEY = "report-pipeline-run"


def _transient(task, task_run, state) -> bool:
    """Retry only what may pass on its own: I/O errors, not a bug."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(retries=2, retry_delay_seconds=2, retry_condition_fn=_transient, task_run_name="{name}")
def report_task(input_path: str, out_dir: str, name: str, fiscal_year: int | None = None) -> ReportOutcome:
    return run_one(Path(input_path), Path(out_dir), fiscal_year=fiscal_year)


@flow(name="report-pipeline")
def run_reports(reports: list[str], out_dirs: list[str], combined_root: str | None = None,
                fiscal_year: int | None = None) -> list[ReportOutcome]:
    """Run every report concurrently through the flow's task runner; each fails alone."""
    logger = get_run_logger()
    futures = {report_task.submit(r, o, Path(r).name, fiscal_year): (r, o)
               for r, o in zip(reports, out_dirs, strict=True)}
    outcomes = []
    for done, future in enumerate(as_completed(list(futures)), start=1):
        outcome = _outcome(future, *futures[future])
        outcomes.append(outcome)
        logger.info("%d/%d %s: %s %s", done, len(futures), outcome.report, outcome.status, outcome.message)
    if combined_root is not None:
        publish_combined(Path(combined_root))
    create_markdown_artifact(key=ARTIFACT_KEY, markdown=summary_markdown(outcomes),
                             description="Row counts of every report, and the findings that need review")
    return sorted(outcomes, key=lambda o: reports.index(_input_of(o, reports)))


@flow(name="ingest-raw")
def ingest(raw_dir: str = "raw", out_dir: str = "output") -> list[ReportOutcome]:
    """Run every report in raw_dir that is new or changed since its last manifest."""
    logger = get_run_logger()
    pending, unchanged = new_or_changed(Path(raw_dir), Path(out_dir))
    for report in unchanged:
        logger.info("%s: unchanged since its last run, skipped", report.name)
    if not pending:
        create_markdown_artifact(key=ARTIFACT_KEY, markdown=f"No new or changed report in `{raw_dir}`.")
        return []
    return run_reports([str(r) for r, _ in pending], [str(o) for _, o in pending], combined_root=out_dir)


def _outcome(future, report: str, out_dir: str) -> ReportOutcome:
    result = future.result(raise_on_failure=False)
    if isinstance(result, ReportOutcome):
        return result
    message = f"the run failed: {type(result).__name__}: {result}"
    return ReportOutcome(Path(report).name, out_dir, 1, "failed", " ".join(message.split()))


def _input_of(outcome: ReportOutcome, reports: list[str]) -> str:
    return next(r for r in reports if Path(r).name == outcome.report)


def summary_markdown(outcomes: list[ReportOutcome]) -> str:
    """What a person should look at: each report's status and rows, and its unreviewed errors."""
    lines = ["# Report pipeline run", "", "| report | status | rows | errors | unreviewed | note |",
             "|---|---|---|---|---|---|"]
    review = []
    for outcome in outcomes:
        manifest = outcome.manifest or {}
        counts = manifest.get("findings", {})
        rows = sum(manifest.get("tables", {}).values())
        lines.append(f"| {outcome.report} | {outcome.status} | {rows} | {counts.get('error', '')} | "
                     f"{counts.get('unreviewed_errors', '')} | {outcome.message} |")
        review += [f"- **{outcome.report}** line {f['source_line']}: `{f['key']}` printed {f['actual']}, "
                   f"computed {f['expected']}" for f in _unreviewed(outcome)]
    lines += ["", "## Findings that need review", ""] + (review or ["None."])
    return "\n".join(lines)


def _unreviewed(outcome: ReportOutcome) -> list[dict]:
    path = Path(outcome.out_dir) / "findings.csv"
    if outcome.manifest is None or not path.exists():
        return []
    import csv

    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["severity"] == "error" and row["reviewed"] != "true"]

