"""Prefect's settings for every process of a run, applied before Prefect is first imported: no
analytics, no telemetry, no prompts. Called first by the command line; flows/pipeline.py (the only
module that imports Prefect) calls it too, so a worker process that imports it is covered."""

from __future__ import annotations

import os

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_CLI_PROMPT": "false",
    "GX_ANALYTICS_ENABLED": "false",
}


def apply_defaults() -> None:
    """Set every default the environment does not set already."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)


def server_configured() -> bool:
    """Whether runs go through a Prefect server (PREFECT_API_URL set), or run in-process."""
    return bool(os.environ.get("PREFECT_API_URL"))
