"""The scheduled ingestion and runs through a real Prefect server on loopback (one per module):
`report-pipeline serve` registers a deployment whose schedule carries its time zone, a triggered
run writes the outputs and its artifact; a run that leaves errors to review ends Failed (named
NeedsReview) and the command exits 3; a run cancelled from the UI leaves whole outputs and no
staging folder. Processes are stopped by their process groups; every wait is bounded."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from tests.conftest import REFERENCE, ROOT

BIN = ROOT / ".venv" / "bin"
PDF = ROOT / "tests" / "fixtures" / "pdf" / "seoul_haengjeong_2023.pdf"
SIGNAL_EXIT_SECONDS = 5  # as tests/test_operations.py allows under the suite's load
STARTUP_SECONDS = 180
RUN_SECONDS = 240
OUTPUT_FILES = 30


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
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process: subprocess.Popen) -> None:
    """Stop the process, then whatever of its process group outlives it (flow runs it started)."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            break
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real `prefect server start` on a free loopback port: (api url, environment for commands)."""
    home = tmp_path_factory.mktemp("server")
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(home / "prefect"), "PREFECT_API_URL": url,
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", "PREFECT_CLI_PROMPT": "false"}
    log = open(home / "server.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: api(url, "/health") is True, STARTUP_SECONDS, "the server")
        yield url, env
    finally:
        stop(process)
        log.close()


@contextmanager
def serving(env: dict, raw, out, name: str, log_path):
    """`report-pipeline serve` running for the block, stopped by its process group afterwards."""
    with open(log_path, "w") as log:
        process = subprocess.Popen([str(BIN / "report-pipeline"), "serve", "--raw", str(raw), "--out", str(out),
                                    "--cron", "0 6 * * *", "--name", name], env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield process
        finally:
            stop(process)


def final(url: str, run: dict) -> dict | None:
    current = api(url, f"/flow_runs/{run['id']}")
    return current if current["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None


@pytest.mark.flow
def test_serve_runs_the_scheduled_ingestion_in_seoul_time(server, tmp_path):
    url, env = server
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(REFERENCE, raw)
    shutil.copy(REFERENCE.with_name(REFERENCE.stem + ".reviewed.csv"), raw)
    shutil.copy(PDF, raw / "scan.pdf")  # no reviews: it needs review until someone reviews it
    (raw / "메모.txt").write_text("회의 메모\n", encoding="utf-8")  # no report: refused once, not every day
    with serving(env, raw, out, "test", tmp_path / "serve.log"):
        deployment = wait_for(lambda: api(url, "/deployments/name/ingest-raw/test"), STARTUP_SECONDS,
                              "the deployment")
        schedule = deployment["schedules"][0]["schedule"]
        assert (schedule["cron"], schedule["timezone"]) == ("0 6 * * *", "Asia/Seoul")
        for state, shown in ((("FAILED", "BadInput"), "` seoul_haengjeong_2023.txt ` | ok"),
                             (("FAILED", "NeedsReview"), "` scan.pdf ` | needs_review")):
            run = api(url, f"/deployments/{deployment['id']}/create_flow_run", {})
            ended = wait_for(lambda run=run: final(url, run), RUN_SECONDS, "the flow run")
            assert (ended["state"]["type"], ended["state"]["name"]) == state, ended["state"]
            artifacts = api(url, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}})
            assert [a["key"] for a in artifacts] == ["report-pipeline-run"] and shown in artifacts[0]["data"]
        assert "scan.pdf" in ended["state"]["message"] and "메모" not in ended["state"]["message"]
        status = subprocess.run([str(BIN / "report-pipeline"), "status", str(out)], capture_output=True, text=True,
                                env=env, timeout=60)
        assert status.returncode == 3 and "scan: needs_review" in status.stdout, status
        assert "메모.txt: refused: 메모.txt: not an audit work report" in status.stdout
        elsewhere = tmp_path / "elsewhere"  # a caller of the API may not choose the folders
        run = api(url, f"/deployments/{deployment['id']}/create_flow_run",
                  {"parameters": {"raw_dir": str(raw), "out_dir": str(elsewhere)}})
        ended = wait_for(lambda run=run: final(url, run), RUN_SECONDS, "the flow run")
        assert ended["state"]["name"] == "BadInput" and "not the out folder" in ended["state"]["message"]
        assert not elsewhere.exists()
        manifest = json.loads((out / "seoul_haengjeong_2023" / "manifest.json").read_text())
        assert manifest["status"] == "ok" and manifest["tables"]["audit_findings"] == 48
        combined = json.loads((out / "_all" / "manifest.json").read_text())
        statuses = {report["folder"]: report["status"] for report in combined["reports"]}
        assert statuses == {"seoul_haengjeong_2023": "ok", "scan": "needs_review"}
        assert list(combined["refused"]) == ["메모.txt"] and combined["removed"] == []


@pytest.mark.flow
def test_a_run_that_needs_review_ends_failed_and_the_command_exits_3(server, tmp_path):
    url, env = server
    report = tmp_path / "scan.pdf"
    shutil.copy(PDF, report)
    done = subprocess.run([str(BIN / "report-pipeline"), "run", str(report), "--out", str(tmp_path / "out" / "scan")],
                          capture_output=True, text=True, env=env, timeout=RUN_SECONDS)
    assert done.returncode == 3 and done.stdout.startswith("scan.pdf: needs_review"), done.stderr[-2000:]
    assert "telemetry" not in done.stderr and "Traceback" not in done.stderr
    runs = api(url, "/flow_runs/filter", {"sort": "START_TIME_DESC", "limit": 1,
                                          "flows": {"name": {"any_": ["report-pipeline"]}}})
    assert (runs[0]["state"]["type"], runs[0]["state"]["name"]) == ("FAILED", "NeedsReview")


@pytest.mark.flow
def test_a_deployment_run_cancelled_from_the_ui_leaves_whole_outputs(server, tmp_path):
    url, env = server
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for number in range(4):
        shutil.copy(PDF, raw / f"copy{number}.pdf")
    with serving(env, raw, out, "cancel", tmp_path / "serve.log"):
        deployment = wait_for(lambda: api(url, "/deployments/name/ingest-raw/cancel"), STARTUP_SECONDS,
                              "the deployment")
        run = api(url, f"/deployments/{deployment['id']}/create_flow_run", {})
        wait_for(lambda: (out / "copy0" / "manifest.json").exists(), RUN_SECONDS, "the first report")
        api(url, f"/flow_runs/{run['id']}/set_state", {"state": {"type": "CANCELLING"}, "force": True})
        ended = wait_for(lambda: final(url, run), RUN_SECONDS, "the cancellation")
        assert ended["state"]["type"] == "CANCELLED"
    assert [p.name for p in out.iterdir() if ".staging-" in p.name] == []
    written = [p for p in out.iterdir() if p.name.startswith("copy")]
    assert written and all(len(list(p.iterdir())) == OUTPUT_FILES for p in written)
    assert len(written) < 4  # stopped before the last report


@pytest.mark.flow
def test_a_folder_runs_as_a_flow_on_a_dask_cluster(server, tmp_path):
    """With a server configured, a folder run is a Prefect flow; --dask-address gives it Dask's task runner."""
    distributed = pytest.importorskip("distributed")
    url, env = server
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REFERENCE, raw / "text.txt")
    shutil.copy(REFERENCE.with_name(REFERENCE.stem + ".reviewed.csv"), raw / "text.reviewed.csv")
    shutil.copy(PDF, raw / "scan.pdf")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        done = subprocess.run([str(BIN / "report-pipeline"), "run", str(raw), "--out", str(out), "--dask-address",
                               cluster.scheduler_address], capture_output=True, text=True, env=env,
                              timeout=RUN_SECONDS)
    assert done.returncode == 3, done.stderr[-2000:]
    assert json.loads((out / "text" / "manifest.json").read_text())["status"] == "ok"
    runs = api(url, "/flow_runs/filter", {"sort": "START_TIME_DESC", "limit": 1,
                                          "flows": {"name": {"any_": ["report-pipeline"]}}})
    assert runs[0]["state"]["name"] == "NeedsReview"


@pytest.mark.flow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_to_a_folder_run_through_the_server_stops_it_at_once(server, tmp_path, signum):
    """Ctrl-C (to the process group, as a terminal sends it) or SIGTERM (to the run, as a scheduler
    does) on a folder run that goes through the server: exit 130 or 143 within 3 s on an idle
    machine (5 s allowed under the suite's load, as the in-process signal tests), one line, no
    traceback, and no report started after the signal."""
    url, env = server
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for number in range(4):
        shutil.copy(REFERENCE, raw / f"r{number}.txt")
    command = [str(BIN / "report-pipeline"), "run", str(raw), "--out", str(out), "--workers", "2"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                          start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
                          ) as run:
        wait_for(lambda: any((out / f"r{n}" / "manifest.json").exists() for n in range(4)), RUN_SECONDS,
                 "the first report")
        signalled = datetime.now(UTC).replace(microsecond=0)
        (os.killpg if signum == signal.SIGINT else os.kill)(run.pid, signum)
        began = time.monotonic()
        _, err = run.communicate(timeout=60)
    assert time.monotonic() - began < SIGNAL_EXIT_SECONDS and run.returncode == 128 + signum, err[-3000:]
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("report-pipeline: error: ")
    started = [datetime.fromisoformat(json.loads((folder / "manifest.json").read_text())["started"])
               for folder in out.iterdir() if (folder / "manifest.json").exists() and folder.name != "_all"]
    assert started and all(moment <= signalled for moment in started)
    assert not (out / "_all").exists()


@pytest.mark.flow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_serve_stopped_by_a_signal_exits_130_or_143_and_says_its_deployment_is_paused(server, tmp_path, signum):
    url, env = server
    raw = tmp_path / "raw"
    raw.mkdir()
    name = f"stop{signum}"
    with serving(env, raw, tmp_path / "out", name, tmp_path / "serve.log") as process:
        wait_for(lambda: api(url, f"/deployments/name/ingest-raw/{name}"), STARTUP_SECONDS, "the deployment")
        time.sleep(1)  # the runner's loop under way
        (os.killpg if signum == signal.SIGINT else os.kill)(process.pid, signum)
        began = time.monotonic()
        process.wait(timeout=60)
    log = (tmp_path / "serve.log").read_text()
    assert process.returncode == 128 + signum, log[-3000:]
    assert time.monotonic() - began < 3 and "Traceback" not in log
    assert f"serve stopped; its deployment ingest-raw/{name} is paused" in log
    assert api(url, f"/deployments/name/ingest-raw/{name}")["paused"] or not any(
        schedule["active"] for schedule in api(url, f"/deployments/name/ingest-raw/{name}")["schedules"])
