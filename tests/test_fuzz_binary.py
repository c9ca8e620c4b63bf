"""Fuzzing the binary formats: seeded mutations of a small report as a PDF, an .hwpx and an .hwp
(its bytes, or its body where the reader parses it, the container kept valid). Each mutant is read
as a run reads it, in a child process under the memory and time limits: tables that satisfy their
schemas, or one line naming the file; never a traceback, a hang or a crash. `make fuzz` runs a
longer budget."""

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from extractors import ReportError, extract
from flows.bounded import ReadLimits, read_bounded
from schemas import TABLES, violations
from tests import fuzzing, ruled_cases
from tests.conftest import ROOT
from tests.hangul_report import write_hangul

EXAMPLES = int(os.environ.get("FUZZ_BINARY_EXAMPLES", "24"))
LIMITS = ReadLimits(memory_bytes=1 << 30, seconds=30)
COUNTER = {"cases": 0, "refused": 0}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    """The small report of the ruled cases in the three binary formats."""
    folder = tmp_path_factory.mktemp("seeds")
    files = {suffix: write_hangul(ruled_cases.ruled_cases(), folder / f"cases{suffix}", seed=3)
             for suffix in (".hwpx", ".hwp")}
    files[".pdf"] = ROOT / "tests" / "fixtures" / "pdf" / "ruled_cases.pdf"
    return {suffix: path.read_bytes() for suffix, path in files.items()}


cases = st.tuples(st.sampled_from([".pdf", ".hwpx", ".hwp"]), st.booleans(),
                  st.lists(fuzzing.binary_mutation, min_size=1, max_size=3))


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=cases)
def test_a_mutated_binary_report_is_extracted_or_refused_in_one_line(tmp_path_factory, seeds, case):
    suffix, inside, mutations = case
    data = fuzzing.mutate_inside(seeds[suffix], suffix, mutations) if inside else \
        fuzzing.mutate_bytes(seeds[suffix], mutations)
    path = tmp_path_factory.mktemp("fuzz") / f"mutant{suffix}"
    path.write_bytes(data)
    COUNTER["cases"] += 1
    try:
        extraction = read_bounded(extract, path, None, limits=LIMITS)
    except ReportError as error:
        COUNTER["refused"] += 1
        message = str(error)
        assert message.startswith(path.name) and "\n" not in message and len(message) < 500, message
        return
    for name, frame in extraction.tables.items():
        assert violations(frame, TABLES[name]) == [], name
