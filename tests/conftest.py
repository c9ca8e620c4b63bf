from __future__ import annotations

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
    for module, what in (("tests.test_fuzz", "text"), ("tests.test_fuzz_binary", "binary")):
        fuzz = sys.modules.get(module)
        if fuzz is not None and fuzz.COUNTER["cases"]:
            counter = fuzz.COUNTER
            terminalreporter.write_line(f"fuzz ({what}): {counter['cases']} cases tried, {counter['refused']} "
                                        "refused with a one-line ReportError, the rest extracted within their "
                                        "schemas")
