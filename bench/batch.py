"""Whole-command figures for make bench: the one-shot run (cold command against the same run in a
fresh process, no server), the time from Ctrl-C to exit, and a folder's speed-up on 2 workers
against 1, without a server and with a running one (peak memory per worker too)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PDF = ROOT / "tests" / "fixtures" / "pdf" / "seoul_haengjeong_2023.pdf"
TEXT = ROOT / "raw" / "seoul_haengjeong_2023.txt"
COPIES = 4
ONE_SHOT_TARGET_SECONDS = 1.5
INTERRUPT_TARGET_SECONDS = 2.0
FOLDER_SPEEDUP_TARGET = 1.7  # 4 PDFs on 2 workers against 1, without a server
FOLDER_PAIRS = 5  # runs on 1 and on 2 workers in turn: the median of their ratios
IN_PROCESS = ("import sys; from pathlib import Path; from flows.run import run_report; "
              "run_report(Path(sys.argv[1]), Path(sys.argv[2]))")


def batch_figures() -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
        env["PREFECT_HOME"] = str(base / "home")
        rows = _one_shot(base, env) + [("Ctrl-C to exit, seconds", _interrupt(base, env))]
        raw = base / "raw"
        raw.mkdir()
        for number in range(COPIES):
            shutil.copy(PDF, raw / f"copy{number}.pdf")
        rows += _folder(base, raw, env, "no server", FOLDER_PAIRS)
        server, url = _start_server(base)
        try:
            rows += _folder(base, raw, {**env, "PREFECT_API_URL": url}, "running server")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        return rows


def _one_shot(base: Path, env: dict) -> list[tuple[str, float]]:
    """The command on one text report with no server, against the same run in a fresh process."""
    command = _best(lambda n: [str(BIN / "report-pipeline"), "run", str(TEXT), "--out", str(base / f"cmd{n}")], env)
    in_process = _best(lambda n: [sys.executable, "-c", IN_PROCESS, str(TEXT), str(base / f"pure{n}")], env)
    return [("one text report: the command, no server, seconds", command),
            ("  the same run in a fresh process, seconds", in_process),
            ("  difference, seconds", command - in_process)]


def _best(command, env: dict, runs: int = 3) -> float:
    times = []
    for number in range(runs):
        start = time.perf_counter()
        subprocess.run(command(number), env=env, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def _interrupt(base: Path, env: dict) -> float:
    """Seconds from SIGINT to the process group (as a terminal sends it) to the command's exit, in a
    folder run on 2 workers with one report written and the others under way."""
    raw = base / "interrupted"
    raw.mkdir()
    for number in range(COPIES):
        shutil.copy(TEXT, raw / f"r{number}.txt")
    with subprocess.Popen([str(BIN / "report-pipeline"), "run", str(raw), "--out", str(base / "interrupted-out"),
                           "--workers", "2"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, start_new_session=True,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) as run:
        run.stderr.readline()
        start = time.perf_counter()
        os.killpg(run.pid, signal.SIGINT)
        run.wait(timeout=60)
        return time.perf_counter() - start


def _folder(base: Path, raw: Path, env: dict, where: str, pairs: int = 1) -> list[tuple[str, float]]:
    """The folder on 1 worker and on 2, in turn, `pairs` times: the median of each, and the median
    of the pairs' ratios (a pair shares the machine's state of the moment)."""
    spans: dict[int, list[float]] = {1: [], 2: []}
    for pair in range(pairs):
        for workers in (1, 2):
            out = base / f"out-{where}-{workers}-{pair}"
            start = time.perf_counter()
            subprocess.run([str(BIN / "report-pipeline"), "run", str(raw), "--out", str(out), "--workers",
                            str(workers)], env=env, cwd=ROOT, capture_output=True, check=False)
            spans[workers].append(time.perf_counter() - start)
            if not all((out / f"copy{n}" / "manifest.json").exists() for n in range(COPIES)):
                sys.exit(f"the folder run on {workers} worker(s) ({where}) did not process every copy")
    rows = [(f"{COPIES} PDF reports, {where}, {workers} worker(s): seconds (median of {pairs})",
             statistics.median(spans[workers])) for workers in (1, 2)]
    ratios = [one / two for one, two in zip(spans[1], spans[2], strict=True)]
    rows.append((f"  speed-up, 2 workers against 1 ({where})", statistics.median(ratios)))
    return rows


def _start_server(base: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PREFECT_HOME": str(base / "server-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DO_NOT_TRACK": "1"}
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
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
    figures = dict(rows)
    difference = figures["  difference, seconds"]
    verdict = "within" if difference <= ONE_SHOT_TARGET_SECONDS else "OVER"
    print(f"one-shot command {difference:+.2f} s against the run itself: {verdict} the {ONE_SHOT_TARGET_SECONDS} s "
          "target")
    stop = figures["Ctrl-C to exit, seconds"]
    verdict = "within" if stop <= INTERRUPT_TARGET_SECONDS else "OVER"
    print(f"Ctrl-C to exit {stop:.2f} s: {verdict} the {INTERRUPT_TARGET_SECONDS} s target")
    for where in ("no server", "running server"):
        speedup = figures[f"  speed-up, 2 workers against 1 ({where})"]
        if where == "no server":
            verdict = "within" if speedup >= FOLDER_SPEEDUP_TARGET else "UNDER"
            print(f"folder speed-up {speedup:.2f}x ({where}): {verdict} the {FOLDER_SPEEDUP_TARGET}x target")
        else:
            print(f"folder speed-up {speedup:.2f}x ({where}; the server shares the 2 cores)")
