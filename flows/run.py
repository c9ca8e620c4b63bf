"""One report's run, without Prefect: the manifest, and the files written atomically."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from extractors import Extraction
from schemas.writers import datapackage, write_outputs

PACKAGE = "seoul-audit-report-pipeline"
EXIT_OK = 0
EXIT_NEEDS_REVIEW = 3


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


def write_run(extraction: Extraction, input_path: Path, out_dir: Path, started: str) -> RunResult:
    """Write the output folder of one report and say how the run ended."""
    status = "ok"
    manifest = {
        "report_id": extraction.report_id,
        "input_file": input_path.name,
        "input_sha256": sha256_of(input_path),
        "pipeline_version": pipeline_version(),
        "fiscal_year": extraction.fiscal_year,
        "started": started,
        "finished": None,
        "tables": {name: len(frame) for name, frame in extraction.tables.items()},
        "unparsed_lines": len(extraction.unparsed),
        "missing_sections": extraction.missing_sections,
        "status": status,
    }
    manifest["finished"] = now()
    package = datapackage(extraction.report_id, f"{extraction.report_id} ({extraction.fiscal_year})")
    write_outputs(
        out_dir,
        extraction.tables,
        extraction.unparsed,
        extra_csv={},
        json_files={"manifest.json": manifest, "datapackage.json": package},
    )
    return RunResult(extraction.report_id, str(out_dir), status, EXIT_OK, manifest)
