"""The same flow on a Dask cluster: --dask-address, against a local cluster of 2 workers."""

import json
import shutil

import pytest

from flows.cli import main
from tests.conftest import REFERENCE, ROOT


def test_a_folder_runs_on_an_existing_dask_cluster(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REFERENCE, raw / "text.txt")
    shutil.copy(REFERENCE.with_name(REFERENCE.stem + ".reviewed.csv"), raw / "text.reviewed.csv")
    shutil.copy(ROOT / "tests" / "fixtures" / "pdf" / "seoul_haengjeong_2023.pdf", raw / "scan.pdf")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        monkeypatch.chdir(tmp_path)  # the workers started elsewhere: relative paths must reach them resolved
        with distributed.get_task_stream(client) as stream:
            code = main(["run", "raw", "--out", "out", "--dask-address", cluster.scheduler_address])
        workers = {task["worker"] for task in stream.data}
    assert code == 3  # the scan has no reviews yet
    assert json.loads((out / "text" / "manifest.json").read_text())["status"] == "ok"
    assert json.loads((out / "scan" / "manifest.json").read_text())["status"] == "needs_review"
    assert len(stream.data) == 2 and 1 <= len(workers) <= 2  # the cluster ran both reports


def test_a_worker_that_does_not_see_a_file_fails_the_run_naming_itself(tmp_path):
    from flows.local import run_on_worker

    outcome = run_on_worker(tmp_path / "gone.txt", tmp_path / "out", None)
    assert outcome.exit_code == 1 and "the Dask worker on" in outcome.message and "does not see" in outcome.message
    assert not (tmp_path / "out").exists()
