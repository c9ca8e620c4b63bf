"""What a run writes where: each report's output folder, the root whose `_all/` it rebuilds, and
whether those folders are the pipeline's own to replace (flows/writing/owned.py)."""

from __future__ import annotations

import os
from pathlib import Path

from extractors import ReportError
from flows.scan import find_reports, output_folder
from flows.settings import DEFAULT_OUTPUT
from flows.writing.owned import COMBINED, check_report_folder, check_root_folder


def check_ours(targets, combined: Path | None, folder: bool) -> None:
    """Refuse (exit 2, before anything runs) an output folder that holds what the pipeline did not
    write: a folder run's root; a one-report run's folder (and the default root's `_all/`)."""
    if folder:
        check_root_folder(combined)
        return
    check_report_folder(targets[0][1])
    if combined is not None:
        check_report_folder(combined / COMBINED)


def run_targets(input_path: Path, out: Path | None) -> tuple[list[tuple[Path, Path]], Path | None]:
    """(report, output folder) of every report to run, and the root whose _all/ to rebuild."""
    out = followed(out)
    if input_path.is_dir():
        base = out or DEFAULT_OUTPUT
        reports = find_reports(input_path)
        if not reports:
            raise ReportError(str(input_path), "the folder holds no .pdf, .txt, .hwpx or .hwp report")
        return [(report, output_folder(base, report)) for report in reports], base
    return [(input_path, out or output_folder(DEFAULT_OUTPUT, input_path))], (DEFAULT_OUTPUT if out is None else None)


def followed(out: Path | None) -> Path | None:
    """A symlinked --out is written where it points (the link itself is left as it is)."""
    return Path(os.path.realpath(out)) if out is not None and out.is_symlink() else out
