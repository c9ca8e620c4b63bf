"""What a run's outputs say about where they come from: when, which pipeline, which input bytes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

PACKAGE = "seoul-audit-report-pipeline"


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
