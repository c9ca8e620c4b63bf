"""`report-pipeline serve`: the scheduled ingestion of a folder on a Prefect server. Everything it
needs is checked before anything is registered: the server answers, the cron and the time zone
parse, the folder exists; each failure is one line and exit 2."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from extractors import ReportError

DEFAULT_SERVER_API = "http://127.0.0.1:4200/api"  # where `make server` listens
HEALTH_TIMEOUT_SECONDS = 5


def serve_command(raw: Path, out: Path, cron: str, timezone: str, name: str) -> int:
    api = os.environ.setdefault("PREFECT_API_URL", DEFAULT_SERVER_API)
    if not raw.is_dir():
        raise ReportError(str(raw), "no such folder to watch (give it with --raw)")
    schedule = _schedule(cron, timezone)
    _server_answers(api)
    from flows.pipeline import hold_folders, ingest

    hold_folders(raw, out)

    print(f"serving ingest-raw/{name} on {api}: {raw} → {out}, cron {cron!r} in {timezone}", flush=True)
    ingest.serve(name=name, schedule=schedule,
                 parameters={"raw_dir": str(raw.resolve()), "out_dir": str(out.resolve())})
    return 0


def _schedule(cron: str, timezone: str):
    """The deployment's schedule, or a one-line refusal of the cron or the time zone."""
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.schedules import Cron
    from pydantic import ValidationError

    try:
        CronSchedule(cron=cron, timezone=timezone)
    except ValidationError as error:
        fields = {str(part) for problem in error.errors() for part in problem.get("loc", ())}
        if "timezone" in fields:
            raise ReportError(f"--timezone {timezone!r}", "not a time zone (e.g. Asia/Seoul)") from None
        raise ReportError(f"--cron {cron!r}", "not a cron schedule (five fields: minute hour day month "
                                              "weekday)") from None
    return Cron(cron, timezone=timezone)


def _server_answers(api: str) -> None:
    try:
        with urllib.request.urlopen(f"{api.rstrip('/')}/health", timeout=HEALTH_TIMEOUT_SECONDS) as answer:
            healthy = json.loads(answer.read() or b"null") is True
    except (urllib.error.URLError, OSError, ValueError):
        healthy = False
    if not healthy:
        raise ReportError(api, "no Prefect server answers there: start one with `make server`, or set "
                               "PREFECT_API_URL to one that runs")
