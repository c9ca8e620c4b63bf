"""One report's run, without Prefect: checks, reviews, validation, manifest, files written atomically."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

from extractors import Extraction, ReportError
from schemas import FINDINGS, TABLES, UNPARSED_LINES
from schemas.checks import run_checks
from schemas.findings import (
    NOT_COMPARISONS,
    ReviewFileError,
    apply_reviews,
    finding_counts,
    findings_from,
    parse_reviews,
)
from schemas.rules import Comparison
from schemas.writers import csv_bytes, datapackage, parquet_table, write_outputs

PACKAGE = "seoul-audit-report-pipeline"
REVIEWS_SUFFIX = ".reviewed.csv"
VALIDATION_FOLDER = "validation"
EXIT_OK = 0
EXIT_NEEDS_REVIEW = 3


@dataclass(frozen=True)
class Checked:
    """The extraction with its comparisons and its findings (reviews applied)."""

    extraction: Extraction
    comparisons: list[Comparison]
    findings: pd.DataFrame
    programs_without_detail_row: list[str]


@dataclass(frozen=True)
class RunResult:
    report_id: str
    out_dir: str
    status: str
    exit_code: int
    manifest: dict


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def pipeline_version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def reviews_path(input_path: Path) -> Path:
    """`raw/<stem>.reviewed.csv` beside the report."""
    return input_path.with_name(input_path.stem + REVIEWS_SUFFIX)


def load_reviews(input_path: Path) -> pd.DataFrame:
    """The reviewed findings of a report; none when it has no reviewed-findings file."""
    path = reviews_path(input_path)
    if not path.exists():
        return parse_reviews("key,note\n", path.name)
    try:
        return parse_reviews(path.read_text(encoding="utf-8"), path.name)
    except (ReviewFileError, UnicodeDecodeError) as error:
        raise ReportError(path.name, str(error).removeprefix(f"{path.name}, ").strip()) from error


def check(extraction: Extraction, reviews: pd.DataFrame) -> Checked:
    """Every arithmetic rule on the tables, and the findings they give, with the reviews applied."""
    checks = run_checks(extraction)
    findings = apply_reviews(findings_from(checks.comparisons, extraction.gaps), reviews)
    return Checked(extraction, checks.comparisons, findings, checks.programs_without_detail_row)


def write_run(checked: Checked, input_path: Path, out_dir: Path, started: str) -> RunResult:
    """Validate with Great Expectations, then write the output folder of one report in one swap."""
    extraction, findings = checked.extraction, checked.findings
    counts = finding_counts(findings)
    status = "needs_review" if counts["unreviewed_errors"] else "ok"
    manifest = {
        "report_id": extraction.report_id,
        "input_file": input_path.name,
        "input_sha256": sha256_of(input_path),
        "reviews_sha256": sha256_of(reviews_path(input_path)) if reviews_path(input_path).exists() else None,
        "pipeline_version": pipeline_version(),
        "fiscal_year": extraction.fiscal_year,
        "started": started,
        "finished": None,
        "tables": {name: len(frame) for name, frame in extraction.tables.items()},
        "unparsed_lines": len(extraction.unparsed),
        "findings": counts,
        "missing_sections": extraction.missing_sections,
        "empty_tables": extraction.empty_tables,
        "programs_without_detail_row": checked.programs_without_detail_row,
        "validation": None,
        "status": status,
    }
    package = datapackage(extraction.report_id, f"{extraction.report_id} ({extraction.fiscal_year})")

    def validate_into(staging: Path) -> None:
        validation = validate_tables(checked, staging / VALIDATION_FOLDER)
        manifest["validation"] = {
            "data_docs": f"{VALIDATION_FOLDER}/index.html",
            "expectations": validation.evaluated,
            "failed": validation.failed,
        }
        manifest["finished"] = now()

    write_outputs(
        out_dir,
        extraction.tables,
        extraction.unparsed,
        extra_csv={"findings.csv": csv_bytes(findings, FINDINGS)},
        json_files={"manifest.json": manifest, "datapackage.json": package},
        before_json=validate_into,
        parquet={"findings": parquet_table(findings, FINDINGS)},
    )
    code = EXIT_NEEDS_REVIEW if status == "needs_review" else EXIT_OK
    return RunResult(extraction.report_id, str(out_dir), status, code, manifest)


def validate_tables(checked: Checked, docs_dir: Path | None):
    """Great Expectations over every table and every comparison; its failures must be the findings."""
    from schemas.suites import validate

    frames = {name: (TABLES[name], frame) for name, frame in checked.extraction.tables.items()}
    frames["findings"] = (FINDINGS, checked.findings)
    frames["unparsed_lines"] = (UNPARSED_LINES, checked.extraction.unparsed)
    validation = validate(frames, checked.comparisons, docs_dir)
    findings = checked.findings[~checked.findings["check"].isin(NOT_COMPARISONS)]
    expected = {(f.check, f.table, f.name, f.column) for f in findings.itertuples()}
    if expected != validation.failing:
        raise RuntimeError("Great Expectations and the findings disagree on which values fail")
    return validation


@dataclass(frozen=True)
class ReportOutcome:
    """How one report's run ended: what the command line and the flow's summary need."""

    report: str
    out_dir: str
    exit_code: int
    status: str
    message: str = ""
    manifest: dict | None = None
    started_at: float = 0.0  # epoch seconds, for throughput figures
    finished_at: float = 0.0
    peak_mib: float = 0.0  # the process's peak resident memory so far


def run_one(input_path: Path, out_dir: Path, started: str | None = None, fiscal_year: int | None = None
            ) -> ReportOutcome:
    """Extract, check, validate and write one report. Bad input is an outcome (exit 2, its
    one-line message, the output folder untouched), not an exception, so that in a batch it
    fails alone; I/O errors propagate, to be retried."""
    from extractors import extract

    started, began = started or now(), time.time()
    try:
        checked = check(extract(input_path, fiscal_year), load_reviews(input_path))
    except ReportError as error:
        return ReportOutcome(input_path.name, str(out_dir), 2, "bad_input", str(error), None, began, time.time(),
                             peak_memory_mib())
    result = write_run(checked, input_path, out_dir, started)
    return ReportOutcome(input_path.name, str(out_dir), result.exit_code, result.status, "", result.manifest,
                         began, time.time(), peak_memory_mib())


def peak_memory_mib() -> float:
    """This process's peak resident memory (VmHWM; 0 where /proc is not there)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def warm_up() -> None:
    """Import what every report's run needs, once per worker process, before its first task."""
    import great_expectations  # noqa: F401

    import extractors.pdf  # noqa: F401
    import schemas.suites  # noqa: F401
