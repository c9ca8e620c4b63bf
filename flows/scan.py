"""Which reports in a folder are new or changed since their last run (sha256 against the manifest)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from checks.reviews import load_reviews, reviews_path
from extractors import ReportError, check_input
from extractors.read import SUFFIXES
from flows.bounded import read_bounded
from flows.provenance import pipeline_version, sha256_of
from flows.runners import read_options
from flows.standing import combined_manifest
from flows.writing.owned import COMBINED, read_manifest

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
        read_bounded(check_input, report, fiscal_year, read_options())
        load_reviews(report)
    except ReportError as error:
        return " ".join(str(error).split())
    return None


@dataclass
class Scan:
    """What a scheduled run finds in raw/, against the output root."""

    pending: list[tuple[Path, Path]] = field(default_factory=list)  # (report, its folder): new or changed
    unchanged: list[tuple[Path, Path]] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # newly refused: name -> the one-line reason
    still_refused: dict[str, str] = field(default_factory=dict)  # refused before, and unchanged since
    sha256: dict[str, str] = field(default_factory=dict)  # of every refused file, to know it next time
    present: set[str] = field(default_factory=set)  # the output folder names of every report in raw/


def new_or_changed(raw: Path, out: Path) -> Scan:
    """Every report whose input, reviews or pipeline version differ from its last manifest (to run);
    those left as they are; those refused, with their one-line reason: a file refused before and
    unchanged since is not checked, nor refused, again (its refusal stands, said once)."""
    scan = Scan()
    before = combined_manifest(out)
    reasons, hashes = before.get("refused") or {}, before.get("refused_sha256") or {}
    reports = find_reports(raw)
    clashes = shared_folders(reports, out)
    for report in reports:
        target = output_folder(out, report)
        scan.present.add(target.name)
        fingerprint = _fingerprint(report)
        if report in clashes:
            scan.refused[report.name] = clashes[report]
        elif fingerprint == _last_fingerprint(target):
            scan.unchanged.append((report, target))
        elif hashes.get(report.name) == fingerprint[0] and report.name in reasons:
            scan.still_refused[report.name] = reasons[report.name]
        elif (reason := refusal(report)) is not None:
            scan.refused[report.name] = reason
        else:
            scan.pending.append((report, target))
        if report.name in scan.refused or report.name in scan.still_refused:
            scan.sha256[report.name] = fingerprint[0]
    return scan


def _fingerprint(report: Path) -> tuple:
    reviews = reviews_path(report)
    return sha256_of(report), sha256_of(reviews) if reviews is not None else None, pipeline_version()


def _last_fingerprint(target: Path) -> tuple | None:
    manifest = read_manifest(target)
    if manifest is None:
        return None
    return manifest.get("input_sha256"), manifest.get("reviews_sha256"), manifest.get("pipeline_version")
