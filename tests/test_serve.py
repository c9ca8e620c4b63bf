"""The scheduled ingestion for real: a Prefect server on loopback, `report-pipeline serve`
against it, a run of the deployment triggered, its outputs and its artifact checked; then both
processes are stopped by their process groups. Bounded in time."""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import REFERENCE, ROOT

BIN = ROOT / ".venv" / "bin"
STARTUP_SECONDS = 180
RUN_SECONDS = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api(url: str, path: str, body: dict | None = None, attempts: int = 10):
    """The server's JSON answer; a busy server (HTTP 5xx) is asked again, a bounded number of times."""
    request = urllib.request.Request(url + path, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"},
                                     method="POST" if body is not None else "GET")
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            if error.code < 500 or attempt == attempts - 1:
                raise
            time.sleep(1)


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except OSError:
            pass
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process: subprocess.Popen) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            continue


@pytest.mark.flow
def test_serve_runs_the_scheduled_ingestion_on_a_real_server(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_API_URL": url,
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", "PREFECT_CLI_PROMPT": "false"}
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(REFERENCE, raw)
    shutil.copy(REFERENCE.with_name(REFERENCE.stem + ".reviewed.csv"), raw)
    log = open(tmp_path / "processes.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    serve = None
    try:
        wait_for(lambda: api(url, "/health") is True, STARTUP_SECONDS, "the server")
        serve = subprocess.Popen([str(BIN / "report-pipeline"), "serve", "--raw", str(raw), "--out", str(out),
                                  "--cron", "0 6 * * *", "--name", "test"],
                                 env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deployment = wait_for(lambda: api(url, "/deployments/name/ingest-raw/test"), STARTUP_SECONDS,
                              "the deployment")
        assert deployment["schedules"][0]["schedule"]["cron"] == "0 6 * * *"
        for expected in ("seoul_haengjeong_2023.txt | ok", "No new or changed report"):
            run = api(url, f"/deployments/{deployment['id']}/create_flow_run", {})
            state = wait_for(lambda run=run: _final(api(url, f"/flow_runs/{run['id']}")), RUN_SECONDS,
                             "the flow run")
            assert state == "COMPLETED"
            artifacts = api(url, "/artifacts/filter", {"artifacts": {"key": {"any_": ["report-pipeline-run"]}},
                                                       "sort": "CREATED_DESC", "limit": 1})
            assert expected in artifacts[0]["data"]
        manifest = json.loads((out / "seoul_haengjeong_2023" / "manifest.json").read_text())
        assert manifest["status"] == "ok" and manifest["tables"]["audit_findings"] == 48
        assert (out / "_all" / "datapackage.json").exists()
    finally:
        for process in (serve, server):
            if process is not None:
                stop(process)
        log.close()
    assert server.poll() is not None and serve.poll() is not None


def _final(run: dict) -> str | None:
    state = run["state"]["type"]
    return state if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None
