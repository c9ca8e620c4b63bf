"""Prefect's settings for every process of a run, applied before Prefect is first imported: no
analytics, no telemetry, no prompts. flows/__init__.py applies them, so every process that imports
any module of flows/ (the command line, a worker, a deployment's run) has them first."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

DEFAULT_OUTPUT = Path("output")  # where the command writes when no --out is given

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
    """Whether runs go through a Prefect server, or run in-process: PREFECT_API_URL as Prefect reads
    it, from the environment, else from the active profile (what `prefect config set` writes),
    without importing Prefect (a one-shot run must not wait for it)."""
    return bool(prefect_setting("PREFECT_API_URL"))


def prefect_setting(name: str) -> str | None:
    """A Prefect setting from the environment, else from the active profile of PREFECT_HOME."""
    if name in os.environ:
        return os.environ[name]
    home = Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    value = (profiles.get("profiles") or {}).get(active, {}).get(name)
    return None if value is None else str(value)
