"""One report's run, without Prefect: checks, reviews, validation, manifest, files written atomically."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

from checks.findings import apply_reviews, finding_counts, findings_from
from checks.reviews import expected_reviews, load_reviews, reviews_path
from checks.rules import Comparison
from checks.run import run_checks
from extractors import Extraction, ReportError
from flows.writing.files import OutputError, datapackage, findings_csv, parquet_table, write_outputs
from review import report_page
from schemas import FINDINGS, TABLES, UNPARSED_LINES
from schemas.checks import NOT_COMPARISONS

PACKAGE = "seoul-audit-report-pipeline"
REVIEW_PAGE = "review.html"
DATA_DOCS_NOTE = ("No Great Expectations Data Docs are written: their pages load styles and scripts from CDNs and "
                  "are unusable offline. review.html shows every finding with the printed lines it comes from.")
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_NEEDS_REVIEW = 3
# A report's run is retried on an I/O error that may pass on its own (not one that cannot heal:
# no space, read-only, no permission; those raise OutputError, which is no OSError).
RETRIES = 2
RETRY_DELAY_SECONDS = 2


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


def is_transient(error: BaseException) -> bool:
    """An error a retry may heal: an I/O error (those that cannot heal are OutputError)."""
    return isinstance(error, OSError)


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
    reviews = reviews_path(input_path)
    manifest = {
        "report_id": extraction.report_id,
        "input_file": input_path.name,
        "input_sha256": sha256_of(input_path),
        "reviews_file": str(reviews) if reviews is not None else None,
        "reviews_sha256": sha256_of(reviews) if reviews is not None else None,
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
        "review_page": REVIEW_PAGE,
        "status": status,
    }
    package = datapackage(extraction.report_id, f"{extraction.report_id} ({extraction.fiscal_year})")

    def validate_into(staging: Path) -> None:
        validation = validate_tables(checked)
        manifest["validation"] = {"expectations": validation.evaluated, "failed": validation.failed,
                                  "data_docs": None, "note": DATA_DOCS_NOTE}
        if validation.failed:
            manifest["validation"]["why_failed"] = (
                "The report disagrees with itself: each comparison of printed values that does not hold is a "
                "finding in findings.csv, and the expectation that every comparison holds fails with them; "
                "an expectation on a table's own schema would fail only for a bug.")
        manifest["finished"] = now()
        page = report_page(checked.extraction, checked.findings, manifest, str(expected_reviews(input_path)))
        (staging / REVIEW_PAGE).write_text(page, encoding="utf-8")

    write_outputs(
        out_dir,
        extraction.tables,
        extraction.unparsed,
        extra_csv={"findings.csv": findings_csv(findings)},
        json_files={"manifest.json": manifest, "datapackage.json": package},
        before_json=validate_into,
        parquet={"findings": parquet_table(findings, FINDINGS)},
    )
    code = EXIT_NEEDS_REVIEW if status == "needs_review" else EXIT_OK
    return RunResult(extraction.report_id, str(out_dir), status, code, manifest)


def validate_tables(checked: Checked):
    """Great Expectations over every table and every comparison; its failures must be the findings."""
    from checks.suites import validate

    frames = {name: (TABLES[name], frame) for name, frame in checked.extraction.tables.items()}
    frames["findings"] = (FINDINGS, checked.findings)
    frames["unparsed_lines"] = (UNPARSED_LINES, checked.extraction.unparsed)
    validation = validate(frames, checked.comparisons)
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
    reviews_file: str | None = None  # the reviewed-findings file used, if any
    reviews_expected: str = ""  # where the report's reviews go
    stale_reviews: list[str] = field(default_factory=list)

    @property
    def unreviewed_errors(self) -> int:
        return int((self.manifest or {}).get("findings", {}).get("unreviewed_errors", 0))

    @property
    def findings_path(self) -> str:
        return str(Path(self.out_dir) / "findings.csv")

    @property
    def review_page(self) -> str:
        return str(Path(self.out_dir) / REVIEW_PAGE)


def run_one(input_path: Path, out_dir: Path, started: str | None = None, fiscal_year: int | None = None
            ) -> ReportOutcome:
    """Extract, check, validate and write one report. Bad input is an outcome (exit 2, its
    one-line message, the output folder untouched), not an exception, so that in a batch it
    fails alone; so is an output that cannot be written (exit 1); an I/O error that may heal
    propagates, to be retried."""
    from extractors import extract

    started, began = started or now(), time.time()
    where = {"reviews_file": _as_text(reviews_path(input_path)),
             "reviews_expected": str(expected_reviews(input_path))}
    try:
        checked = check(extract(input_path, fiscal_year), load_reviews(input_path))
        result = write_run(checked, input_path, out_dir, started)
    except ReportError as error:
        return ReportOutcome(input_path.name, str(out_dir), EXIT_BAD_INPUT, "bad_input", str(error), None, began,
                             time.time(), peak_memory_mib(), **where)
    except OutputError as error:
        return ReportOutcome(input_path.name, str(out_dir), EXIT_FAILED, "failed", str(error), None, began,
                             time.time(), peak_memory_mib(), **where)
    stale = checked.findings.loc[checked.findings["check"] == "stale_review", "name"].tolist()
    return ReportOutcome(input_path.name, str(out_dir), result.exit_code, result.status, "", result.manifest,
                         began, time.time(), peak_memory_mib(), stale_reviews=stale, **where)


def run_with_retries(input_path: Path, out_dir: Path, fiscal_year: int | None = None) -> ReportOutcome:
    """run_one, again after an I/O error that may heal (the retry policy of the Prefect task)."""
    for attempt in range(RETRIES + 1):
        try:
            return run_one(input_path, out_dir, fiscal_year=fiscal_year)
        except Exception as error:
            if not is_transient(error) or attempt == RETRIES:
                raise
            time.sleep(RETRY_DELAY_SECONDS)
    raise AssertionError("unreachable")


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

    import checks.suites  # noqa: F401
    import extractors.read.pdf  # noqa: F401


def _as_text(path: Path | None) -> str | None:
    return None if path is None else str(path)
