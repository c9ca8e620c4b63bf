"""Which folders are the pipeline's own to replace. A run replaces a report's output folder whole
and removes staging folders beside it, so it must never take for its own a folder that holds
anything it did not write: a user's files, the report itself, its reviewed findings.

A report's folder is ours when it is missing or empty, or when every entry in it is a file its
manifest lists (a manifest of an older version, without the list: a file of the contract's
names), or the lock. A folder run's root is ours when it holds only the lock, `_all/` and report
folders that are ours, and our staging. A staging entry is ours when it carries the marker file
inside it, or is a report folder that is ours (the previous output a swap parked there, or a
staging whose files its manifest lists): never by its name alone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from extractors import ReportError
from flows.lock import LOCK_NAME
from schemas import FINDINGS, TABLES, UNPARSED_LINES
from schemas.combined import COMBINED_TABLES

STAGING_MARK = ".staging-"
STAGING_MARKER = ".report-pipeline-staging"  # the file inside every staging folder this pipeline makes
COMBINED = "_all"
MANIFEST = "manifest.json"
# Every file name a run of an earlier version wrote (its manifest did not list them).
CONTRACT_FILES = frozenset(
    {f"{name}.{suffix}" for name in (*TABLES, FINDINGS.name, UNPARSED_LINES.name, *COMBINED_TABLES)
     for suffix in ("csv", "parquet")}
    | {MANIFEST, "datapackage.json", "review.html", "run.log"})
ANOTHER_OUT = "give another --out (nothing was changed)"


def check_report_folder(folder: Path) -> None:
    """Refuse (exit 2) a report's output folder that is not ours to replace, naming one thing in it."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ReportError(str(folder), f"is not a folder this pipeline wrote: {ANOTHER_OUT}")
    if folder.exists() and os.path.ismount(folder):
        raise ReportError(str(folder), "is a mount point, which cannot be replaced in one step: give --out a "
                                       "folder inside it")
    foreign = foreign_entry(folder)
    if foreign is not None:
        raise ReportError(str(folder), f"holds {foreign!r}, which this pipeline did not write: {ANOTHER_OUT}")


def check_root_folder(root: Path) -> None:
    """Refuse (exit 2) a folder run's output root that holds anything but ours, naming one thing."""
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        raise ReportError(str(root), f"is not a folder this pipeline wrote: {ANOTHER_OUT}")
    if not root.exists():
        return
    for entry in sorted(os.listdir(root)):
        path = root / entry
        if entry == LOCK_NAME and _plain_file(path):
            continue
        if is_our_staging(path):
            continue
        inner = foreign_entry(path) if _plain_folder(path) else entry
        if inner is not None:
            shown = entry if inner == entry else f"{entry}/{inner}"
            raise ReportError(str(root), f"holds {shown!r}, which this pipeline did not write: {ANOTHER_OUT}")


def foreign_entry(folder: Path) -> str | None:
    """The first entry of a report's folder that the pipeline did not write; None where it is ours
    (missing, empty, or every entry listed by its manifest, or the lock)."""
    if not folder.exists():
        return None
    entries = sorted(os.listdir(folder))
    listed = listed_files(folder)
    for entry in entries:
        path = folder / entry
        if not (entry in listed or entry == LOCK_NAME) or not _plain_file(path):
            return entry
    return None


def read_manifest(folder: Path) -> dict | None:
    """The folder's `manifest.json` (a plain file holding a JSON object), or None."""
    path = folder / MANIFEST
    if not _plain_file(path):
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def listed_files(folder: Path) -> frozenset[str]:
    """The files the manifest of `folder` says its run wrote (an older manifest: the contract's
    names); none where there is no readable manifest."""
    manifest = read_manifest(folder)
    if manifest is None:
        return frozenset()
    files = manifest.get("files")
    if isinstance(files, list):
        return frozenset(name for name in files if isinstance(name, str) and "/" not in name) | {MANIFEST}
    return CONTRACT_FILES


def is_our_staging(path: Path) -> bool:
    """A staging folder this pipeline made: its name, and the marker inside it or a report folder
    that is ours (an earlier output, parked there by a swap)."""
    if STAGING_MARK not in path.name or not path.name.startswith(".") or not _plain_folder(path):
        return False
    return _plain_file(path / STAGING_MARKER) or foreign_entry(path) is None


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _plain_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()
