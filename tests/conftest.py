from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "raw" / "seoul_haengjeong_2023.txt"


@pytest.fixture(scope="session")
def reference():
    """The reference report, extracted once for the whole session."""
    from extractors import extract

    return extract(REFERENCE)


@pytest.fixture(scope="session")
def reference_text() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def pytest_terminal_summary(terminalreporter):
    """How many fuzz cases ran (make fuzz records this figure in the README)."""
    fuzz = sys.modules.get("tests.test_fuzz")
    if fuzz is not None and fuzz.COUNTER["cases"]:
        counter = fuzz.COUNTER
        terminalreporter.write_line(f"fuzz: {counter['cases']} cases tried, {counter['refused']} refused with "
                                    f"a one-line ReportError, the rest extracted within their schemas and checked")


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """One temporary Prefect server for every test that runs a whole flow."""
    home = tmp_path_factory.mktemp("prefect-home")
    settings = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    }
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(home, ignore_errors=True)
