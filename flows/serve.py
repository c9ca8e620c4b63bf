"""`report-pipeline serve`: the scheduled ingestion of a folder on a Prefect server. Everything it
needs is checked before anything is registered: the server answers, the cron and the time zone
parse, the folder exists; each failure is one line and exit 2."""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from extractors import ReportError
from flows.outcome import stop_if_signalled

DEFAULT_SERVER_API = "http://127.0.0.1:4200/api"  # where `make server` listens
HEALTH_TIMEOUT_SECONDS = 5


def serve_command(raw: Path, out: Path, cron: str, timezone: str, name: str) -> int:
    api = os.environ.setdefault("PREFECT_API_URL", DEFAULT_SERVER_API)
    if not raw.is_dir():
        raise ReportError(str(raw), "no such folder to watch (give it with --raw)")
    schedule = _schedule(cron, timezone)
    _server_answers(api)
    from flows.pipeline import serve_ingestion

    print(f"serving ingest-raw/{name} on {api}: {raw} → {out}, cron {cron!r} in {timezone}", flush=True)
    serve_ingestion(name, schedule, raw, out)
    paused = _paused(api, name)
    print(f"report-pipeline: serve stopped; {SAID_OF_PAUSED[paused].format(name=name)}", file=sys.stderr, flush=True)
    stop_if_signalled()  # Ctrl-C or SIGTERM: 130 or 143, as every command
    return 0


# What serve says of its deployment once stopped (Prefect pauses a served deployment's schedule as
# serve stops, so that no scheduled run waits for a process that no longer runs them).
SAID_OF_PAUSED = {
    True: "its deployment ingest-raw/{name} is paused, so that no run is scheduled with nothing to run it: "
          "start `report-pipeline serve` again, or resume it with `prefect deployment schedule resume "
          "ingest-raw/{name} --all`",
    False: "its deployment ingest-raw/{name} is not paused: its scheduled runs wait until serve runs again",
    None: "whether its deployment ingest-raw/{name} is paused could not be read from the server",
}


def _paused(api: str, name: str) -> bool | None:
    """Whether the deployment's schedules are all inactive now (None: the server did not say)."""
    try:
        url = f"{api.rstrip('/')}/deployments/name/ingest-raw/{urllib.parse.quote(name)}"
        with urllib.request.urlopen(url, timeout=HEALTH_TIMEOUT_SECONDS) as answer:
            deployment = json.loads(answer.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None
    schedules = deployment.get("schedules") or []
    return bool(deployment.get("paused")) or (bool(schedules) and not any(s.get("active") for s in schedules))


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
