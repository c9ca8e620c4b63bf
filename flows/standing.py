"""Where an output folder stands, whatever run wrote it: each report's status, its unreviewed errors
and age (from its manifest), and the files refused (from `_all/manifest.json`). A scheduled run's
state and `report-pipeline status` both say it, so a report left unreviewed keeps saying so on
every later run, not only on the run that processed it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flows.outcome import EXIT_NEEDS_REVIEW, EXIT_OK, ReportOutcome
from flows.writing.owned import COMBINED, read_manifest


@dataclass(frozen=True)
class Standing:
    folder: Path
    manifest: dict

    @property
    def status(self) -> str:
        return str(self.manifest.get("status", "unknown"))

    @property
    def unreviewed_errors(self) -> int:
        return int(self.manifest.get("findings", {}).get("unreviewed_errors", 0))

    def outcome(self) -> ReportOutcome:
        """The report as it stands, as an outcome (for a run's state: it did not run again)."""
        code = EXIT_NEEDS_REVIEW if self.status == "needs_review" else EXIT_OK
        return ReportOutcome(str(self.manifest.get("input_file") or self.folder.name), str(self.folder), code,
                             self.status, "unchanged since its last run", self.manifest)


def standing(folder: Path) -> Standing | None:
    """A report folder's standing, from its manifest; None where it has none that reads."""
    manifest = read_manifest(folder)
    return Standing(folder, manifest) if manifest is not None and "status" in manifest else None


def standings(out: Path) -> list[Standing]:
    """Every report folder of an output root that has a manifest, by name."""
    found = [standing(path) for path in sorted(out.iterdir())
             if path.is_dir() and not path.name.startswith((".", "_"))] if out.is_dir() else []
    return [report for report in found if report is not None]


def combined_manifest(out: Path) -> dict:
    return read_manifest(out / COMBINED) or {}


def status_lines(out: Path, now: datetime | None = None) -> tuple[list[str], int]:
    """What `report-pipeline status` prints of an output root, and its exit status: 3 while any
    report needs review, else 0."""
    now = now or datetime.now(UTC)
    reports = standings(out)
    lines = [f"{report.folder.name}: {report.status}, {report.unreviewed_errors} unreviewed error"
             f"{'s' if report.unreviewed_errors != 1 else ''}, written {_age(report.manifest.get('finished'), now)}"
             f" from {report.manifest.get('input_file')}" for report in reports]
    combined = combined_manifest(out)
    lines += [f"{name}: refused: {reason}" for name, reason in (combined.get("refused") or {}).items()]
    lines += [f"{name}: its input is gone; its folder is kept, not combined" for name in combined.get("removed", [])]
    needs_review = any(report.status == "needs_review" for report in reports)
    return lines or [f"{out}: no report written here yet"], EXIT_NEEDS_REVIEW if needs_review else EXIT_OK


def _age(finished, now: datetime) -> str:
    try:
        seconds = (now - datetime.fromisoformat(str(finished))).total_seconds()
    except ValueError:
        return "at an unknown time"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"
