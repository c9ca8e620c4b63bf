"""One report's run, the one way every runner runs it (this process, a worker process, Dask, a
Prefect task): extract, check, apply the reviews, validate, build the manifest and the review page,
then write every file in one swap. No Prefect here."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from checks.findings import apply_reviews, finding_counts, findings_from
from checks.ocr import proofread, read_by_ocr, with_reviewed_values
from checks.reviews import expected_reviews, load_reviews, reviews_path
from checks.rules import Comparison
from checks.run import run_checks
from extractors import Extraction, ReportError
from flows.bounded import read_bounded
from flows.outcome import EXIT_NEEDS_REVIEW, EXIT_OK, REVIEW_PAGE, ReportOutcome
from flows.provenance import now, pipeline_version, sha256_of
from flows.runners import read_options, side_by_side
from flows.writing.files import (
    datapackage,
    findings_csv,
    json_bytes,
    parquet_bytes,
    parquet_table,
    publishing_metadata,
    table_files,
)
from flows.writing.swap import OutputError, write_outputs
from review import report_page
from schemas import FINDINGS, TABLES, UNPARSED_LINES
from schemas.checks import NOT_COMPARISONS

RUN_LOG = "run.log"  # the libraries' warnings while reading, where there are any
DATA_DOCS_NOTE = ("No Great Expectations Data Docs are written: their pages load styles and scripts from CDNs and "
                  "are unusable offline. review.html shows every finding with the printed lines it comes from.")
WHY_VALIDATION_FAILED = (
    "The report disagrees with itself: each comparison of printed values that does not hold is a finding in "
    "findings.csv, and the expectation that every comparison holds fails with them; an expectation on a table's "
    "own schema would fail only for a bug.")
# A report's run is retried on an I/O error that may pass on its own (not one that cannot heal:
# no space, read-only, no permission; those raise OutputError, which is no OSError).
RETRIES = 2
RETRY_DELAY_SECONDS = 2
_stack_imported = False  # whether import_stack() ran in this process


class InvalidData(Exception):
    """Tables that break their own schema (a bug): the run fails (exit 1) and publishes nothing."""


@dataclass(frozen=True)
class Checked:
    """The extraction with its comparisons and its findings (reviews applied)."""

    extraction: Extraction
    comparisons: list[Comparison]
    findings: pd.DataFrame
    programs_without_detail_row: list[str]


@dataclass(frozen=True)
class Prepared:
    """A report's extraction, made ahead of its run (by a worker that has not imported the whole
    stack), or why it is bad input, with when its run started."""

    extraction: Extraction | None
    started: str
    began: float
    refused: ReportError | None = None


def prepare(input_path: Path, fiscal_year: int | None = None) -> Prepared | None:
    """The report's extraction ahead of its run (or its refusal: a hostile file costs its limits
    once); None where it cannot be made: the run then extracts the report itself, and its outcome
    says what is wrong."""
    started, began = now(), time.time()
    try:
        return Prepared(extract_bounded(input_path, fiscal_year), started, began)
    except ReportError as error:
        return Prepared(None, started, began, error)
    except Exception:
        return None


def extract_bounded(input_path: Path, fiscal_year: int | None = None) -> Extraction:
    """The report's extraction, read in a child process under the memory and time limits."""
    from extractors import extract

    return read_bounded(extract, input_path, fiscal_year, read_options())


def run_report(input_path: Path, out_dir: Path, fiscal_year: int | None = None,
               prepared: Prepared | None = None) -> ReportOutcome:
    """The outcome of one report's run (from its extraction where `prepared`): retried after an
    I/O error that may heal; any other error is a failed outcome naming it (never a traceback).
    Only an interruption propagates."""
    for attempt in range(RETRIES + 1):
        try:
            return run_once(input_path, out_dir, fiscal_year, prepared if attempt == 0 else None)
        except Exception as error:
            if not is_transient(error) or attempt == RETRIES:
                return ReportOutcome.failed(input_path, out_dir, error)
            time.sleep(RETRY_DELAY_SECONDS)
    raise AssertionError("unreachable")


def run_once(input_path: Path, out_dir: Path, fiscal_year: int | None = None,
             prepared: Prepared | None = None) -> ReportOutcome:
    """Extract (unless `prepared`), check, validate and write one report. Bad input is an outcome
    (exit 2, its one-line message, the output folder untouched), not an exception, so that in a
    batch it fails alone; so is an output that cannot be written (exit 1); an I/O error that may
    heal propagates, to be retried."""
    started, began = (prepared.started, prepared.began) if prepared else (now(), time.time())
    where = {"reviews_file": _as_text(reviews_path(input_path)),
             "reviews_expected": str(expected_reviews(input_path))}
    try:
        if prepared is not None and prepared.refused is not None:
            raise prepared.refused
        extraction = prepared.extraction if prepared else extract_bounded(input_path, fiscal_year)
        checked = check(extraction, load_reviews(input_path))
        manifest = write_run(checked, input_path, out_dir, started)
    except ReportError as error:
        return ReportOutcome.refused(input_path, out_dir, str(error), started_at=began, finished_at=time.time(),
                                     peak_mib=peak_memory_mib(), **where)
    except OutputError as error:
        return ReportOutcome.failed(input_path, out_dir, str(error), started_at=began, finished_at=time.time(),
                                    peak_mib=peak_memory_mib(), **where)
    except InvalidData as error:
        return ReportOutcome.failed(input_path, out_dir, f"{input_path.name}: {error}", started_at=began,
                                    finished_at=time.time(), peak_mib=peak_memory_mib(), **where)
    stale = checked.findings.loc[checked.findings["check"] == "stale_review", "name"].tolist()
    code = EXIT_NEEDS_REVIEW if manifest["status"] == "needs_review" else EXIT_OK
    return ReportOutcome(input_path.name, str(out_dir), code, manifest["status"], "", manifest, began, time.time(),
                         peak_memory_mib(), stale_reviews=stale, warnings=checked.extraction.warnings, **where)


def check(extraction: Extraction, reviews: pd.DataFrame) -> Checked:
    """Every arithmetic rule on the tables, and the findings they give, with the reviews applied."""
    read = proofread(extraction.tables, extraction.rate_decimals, extraction.lines)  # a scan's numbers first
    with_reviewed_values(extraction.tables, read, reviews)
    checks = run_checks(extraction)
    findings = apply_reviews(findings_from(checks.comparisons, extraction.gaps, read), reviews)
    return Checked(extraction, checks.comparisons, findings, checks.programs_without_detail_row)


def write_run(checked: Checked, input_path: Path, out_dir: Path, started: str) -> dict:
    """Validate, build the manifest and the review page, then write the report's folder in one
    swap; the manifest written."""
    validation = validate_tables(checked)
    manifest = manifest_of(checked, input_path, started, validation)
    page = report_page(checked.extraction, checked.findings, manifest, str(expected_reviews(input_path)))
    files = output_files(checked, manifest, page)
    manifest["files"] = sorted([*files, "manifest.json"])
    files["manifest.json"] = json_bytes(manifest)
    write_outputs(out_dir, files)
    return manifest


def manifest_of(checked: Checked, input_path: Path, started: str, validation) -> dict:
    extraction, counts, reviews = checked.extraction, finding_counts(checked.findings), reviews_path(input_path)
    return {
        "report_id": extraction.report_id,
        "input_file": input_path.name,
        "input_sha256": sha256_of(input_path),
        "reviews_file": _as_text(reviews),
        "reviews_sha256": sha256_of(reviews) if reviews is not None else None,
        "pipeline_version": pipeline_version(),
        "fiscal_year": extraction.fiscal_year,
        "started": started,
        "finished": now(),
        "tables": {name: len(frame) for name, frame in extraction.tables.items()},
        "unparsed_lines": len(extraction.unparsed),
        "findings": counts,
        "missing_sections": extraction.missing_sections,
        "empty_tables": extraction.empty_tables,
        "programs_without_detail_row": checked.programs_without_detail_row,
        "control_characters_removed": extraction.control_characters_removed,
        "ocr": read_by_ocr(extraction.lines),
        "validation": {"expectations": validation.evaluated, "failed": validation.failed, "data_docs": None,
                       "note": DATA_DOCS_NOTE, **({"why_failed": WHY_VALIDATION_FAILED} if validation.failed else {})},
        "review_page": REVIEW_PAGE,
        "status": "needs_review" if counts["unreviewed_errors"] else "ok",
    }


def output_files(checked: Checked, manifest: dict, page: str) -> dict[str, bytes]:
    """Every file of a report's folder, by name, but its manifest (which lists them)."""
    extraction = checked.extraction
    return {
        **table_files(extraction.tables, extraction.unparsed),
        "findings.parquet": parquet_bytes(parquet_table(checked.findings, FINDINGS)),
        "findings.csv": findings_csv(checked.findings),
        REVIEW_PAGE: page.encode("utf-8"),
        "datapackage.json": json_bytes(datapackage(extraction.report_id,
                                                   f"{extraction.report_id} ({extraction.fiscal_year})",
                                                   publishing_metadata([source_of(extraction, manifest)],
                                                                       manifest["finished"],
                                                                       manifest["pipeline_version"]))),
        **({RUN_LOG: "".join(f"{line}\n" for line in extraction.warnings).encode("utf-8")}
           if extraction.warnings else {}),
    }


def source_of(extraction: Extraction, manifest: dict) -> dict:
    """The report a package is made from: its file, sha256, and publisher (the bureau its budget's
    root row names, where it has one)."""
    roots = [frame.loc[frame["level"] == 0, "name"] for name, frame in extraction.tables.items()
             if name.endswith("_detail") and not frame.empty]
    publisher = next((str(root.iloc[0]) for root in roots if len(root)), None)
    return {"title": manifest["input_file"], "path": manifest["input_file"], "sha256": manifest["input_sha256"],
            **({"publisher": publisher} if publisher else {})}


def validate_tables(checked: Checked):
    """Great Expectations over every table and every comparison; its failures must be the findings."""
    import_stack()
    from checks.suites import validate

    frames = {name: (TABLES[name], frame) for name, frame in checked.extraction.tables.items()}
    frames["findings"] = (FINDINGS, checked.findings)
    frames["unparsed_lines"] = (UNPARSED_LINES, checked.extraction.unparsed)
    validation = validate(frames, checked.comparisons)
    if validation.broken:
        raise InvalidData(f"the extracted tables break their own schema ({'; '.join(validation.broken[:3])}): "
                          "nothing was published; this is a bug of the pipeline, please report it with the file")
    findings = checked.findings[~checked.findings["check"].isin(NOT_COMPARISONS)]
    expected = {(f.check, f.table, f.name, f.column) for f in findings.itertuples()}
    if expected != validation.failing:
        raise RuntimeError("Great Expectations and the findings disagree on which values fail")
    return validation


def is_transient(error: BaseException) -> bool:
    """An error a retry may heal: an I/O error (those that cannot heal are OutputError)."""
    return isinstance(error, OSError)


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
    """A worker process of a folder run: import what every report's run needs, once, before its
    first task; its PDFs are read page after page (the folder's reports use the cores already)."""
    import_stack()
    side_by_side()


def import_stack() -> None:
    """Import what a report's checks need (Great Expectations takes seconds), once per process;
    then freeze what is loaded, so that the garbage collector no longer walks it at each full
    collection (a report's run is faster, and the process's end too) and a process forked from
    this one does not copy its pages by touching it."""
    global _stack_imported
    if not _stack_imported:
        import great_expectations  # noqa: F401

        import checks.suites  # noqa: F401

        gc.freeze()
        _stack_imported = True


def _as_text(path: Path | None) -> str | None:
    return None if path is None else str(path)
