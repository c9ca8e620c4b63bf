"""Batch figures for make bench: throughput on 1 and 2 worker processes with a running Prefect
server, peak memory per worker, and the flow's overhead over the pure run (running server
against the temporary one)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "tests" / "fixtures" / "pdf" / "seoul_haengjeong_2023.pdf"
TEXT = ROOT / "raw" / "seoul_haengjeong_2023.txt"
COPIES = 4
SPEEDUP_TARGET = 1.7


def batch_figures() -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        server, url = _start_server(base)
        saved = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = url
        try:
            return _measure(base)
        finally:
            if saved is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = saved
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def _measure(base: Path) -> list[tuple[str, float]]:
    from prefect.task_runners import ProcessPoolTaskRunner

    from flows.pipeline import run_reports
    from flows.run import run_one, warm_up

    reports = []
    for number in range(COPIES):
        reports.append(base / f"copy{number}.pdf")
        shutil.copy(PDF, reports[-1])
    rows = []
    spans = {}
    for workers in (1, 2):
        runner = ProcessPoolTaskRunner(max_workers=workers, initializer=warm_up)
        outs = [str(base / f"out{workers}" / r.stem) for r in reports]
        outcomes = run_reports.with_options(task_runner=runner)([str(r) for r in reports], outs, None)
        spans[workers] = max(o.finished_at for o in outcomes) - min(o.started_at for o in outcomes)
        rows.append((f"{COPIES} PDF reports on {workers} worker(s): seconds, first task to last", spans[workers]))
        rows.append(("  reports per second", COPIES / spans[workers]))
        rows.append(("  peak memory per worker, MiB", max(o.peak_mib for o in outcomes)))
    rows.append(("speed-up, 2 workers against 1", spans[1] / spans[2]))
    warm_up()
    pure = run_one(TEXT, base / "pure" / TEXT.stem)
    pure_seconds = pure.finished_at - pure.started_at
    start = time.time()
    run_reports([str(TEXT)], [str(base / "served" / TEXT.stem)], None)
    rows.append(("one text report: the pure run, seconds", pure_seconds))
    rows.append(("  the flow on the running server, seconds", time.time() - start))
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(base / "temporary-home")
    start = time.time()
    subprocess.run([str(ROOT / ".venv" / "bin" / "report-pipeline"), "run", str(TEXT), "--out",
                    str(base / "temporary" / TEXT.stem)], env=env, capture_output=True, check=False)
    rows.append(("  the command with a temporary server, seconds", time.time() - start))
    return rows


def _start_server(base: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PREFECT_HOME": str(base / "server-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DO_NOT_TRACK": "1"}
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "prefect"), "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=5) as answer:
                if json.loads(answer.read()) is True:
                    return server, url
        except OSError:
            time.sleep(1)
    server.kill()
    sys.exit("the Prefect server did not start")


def print_batch(rows: list[tuple[str, float]]) -> None:
    width = max(len(name) for name, _ in rows)
    print()
    for name, value in rows:
        print(f"{name:<{width}}  {value:9.3f}")
    speedup = dict(rows)["speed-up, 2 workers against 1"]
    verdict = "within" if speedup >= SPEEDUP_TARGET else "UNDER"
    print(f"speed-up {speedup:.2f}: {verdict} the {SPEEDUP_TARGET}x target on 2 cores")
