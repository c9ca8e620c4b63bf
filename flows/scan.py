"""Which reports in a folder are new or changed since their last run (sha256 against the manifest)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from checks.reviews import load_reviews, reviews_path
from extractors import ReportError, check_input
from extractors.read import SUFFIXES
from flows.bounded import read_bounded
from flows.run import pipeline_version, sha256_of
from flows.writing.owned import COMBINED

UNSAFE_IN_NAMES = frozenset({"/", "\\", "\x00"})


def find_reports(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir()
                  if path.is_file() and path.suffix.lower() in SUFFIXES)


def output_folder(base: Path, report: Path) -> Path:
    """`base/<stem>`, the stem in Unicode NFC (the report's id) made safe: no separators, no
    leading dots, so whatever the input file is called, its folder stays inside `base`."""
    stem = unicodedata.normalize("NFC", report.stem)
    name = "".join("_" if char in UNSAFE_IN_NAMES or not char.isprintable() else char for char in stem)
    name = name.lstrip(". ").strip() or "report"
    return base / name


def shared_folders(reports: list[Path], base: Path) -> dict[Path, str]:
    """Reports of one folder that would be written to one output folder (`r.txt` and `r.hwp`, as
    bureaus publish both): each refused, naming the others, so none overwrites another."""
    by_folder: dict[Path, list[Path]] = {}
    for report in reports:
        by_folder.setdefault(output_folder(base, report), []).append(report)
    return {report: f"{report.name}: {' and '.join(other.name for other in group)} would both be written to "
                    f"{folder}{_spelling(group)}: keep one of them in the folder"
            for folder, group in by_folder.items() if len(group) > 1 for report in group}


def _spelling(group: list[Path]) -> str:
    """Names that differ only in how their letters are composed look alike: say so."""
    return " (the same name in Unicode NFC)" if len({unicodedata.normalize("NFC", p.stem) for p in group}) == 1 \
        and len({p.stem for p in group}) > 1 else ""


def refusal(report: Path, fiscal_year: int | None = None) -> str | None:
    """The one-line reason a report is bad input (checked cheaply, before any flow), or None."""
    if output_folder(Path(), report).name == COMBINED:
        return (f"{report.name}: its id {COMBINED!r} is the name of the folder of combined files: rename the "
                "file")
    try:
        read_bounded(check_input, report, fiscal_year)
        load_reviews(report)
    except ReportError as error:
        return " ".join(str(error).split())
    return None


def new_or_changed(raw: Path, out: Path) -> tuple[list[tuple[Path, Path]], list[Path], dict[str, str]]:
    """(report, its output folder) for every report whose input, reviews or pipeline version
    differ from its last manifest; the reports left as they are; and the reports refused, with
    their one-line reason."""
    pending, unchanged, refused = [], [], {}
    reports = find_reports(raw)
    clashes = shared_folders(reports, out)
    for report in reports:
        target = output_folder(out, report)
        if report in clashes:
            refused[report.name] = clashes[report]
        elif _fingerprint(report) == _last_fingerprint(target):
            unchanged.append(report)
        elif (reason := refusal(report)) is not None:
            refused[report.name] = reason
        else:
            pending.append((report, target))
    return pending, unchanged, refused


def _fingerprint(report: Path) -> tuple:
    reviews = reviews_path(report)
    return sha256_of(report), sha256_of(reviews) if reviews is not None else None, pipeline_version()


def _last_fingerprint(target: Path) -> tuple | None:
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest.get("input_sha256"), manifest.get("reviews_sha256"), manifest.get("pipeline_version")
