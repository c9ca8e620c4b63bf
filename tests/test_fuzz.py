"""Fuzzing: whatever lands in raw/, extraction returns tables that satisfy their schemas or
raises ReportError with one line; never anything else. `make fuzz` runs a longer budget."""

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from extractors import ReportError, extract
from flows.cli import main
from flows.run import check
from schemas import FINDINGS, TABLES, UNPARSED_LINES, violations
from schemas.findings import parse_reviews
from tests import fuzzing

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
NO_REVIEWS = parse_reviews("key,note\n", "none")
COUNTER = {"cases": 0, "refused": 0}

cases = st.tuples(st.lists(fuzzing.line_mutation, min_size=1, max_size=4),
                  st.sampled_from([0, 0, 0, 1]).flatmap(lambda n: st.lists(fuzzing.byte_mutation, min_size=n,
                                                                           max_size=n)))


def extract_or_refuse(path):
    """Tables that satisfy their schemas, or None with the one-line refusal."""
    COUNTER["cases"] += 1
    try:
        extraction = extract(path)
    except ReportError as error:
        COUNTER["refused"] += 1
        message = str(error)
        assert message.startswith(path.name) and "\n" not in message and len(message) < 500, message
        return None
    for name, frame in extraction.tables.items():
        assert violations(frame, TABLES[name]) == [], name
    assert violations(extraction.unparsed, UNPARSED_LINES) == []
    findings = check(extraction, NO_REVIEWS).findings  # the command line checks every extraction
    assert violations(findings, FINDINGS) == []
    return extraction


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(case=cases)
def test_a_mutated_report_is_extracted_or_refused_in_one_line(tmp_path_factory, reference_text, case):
    line_mutations, byte_mutations = case
    path = tmp_path_factory.mktemp("fuzz") / "mutant.txt"
    path.write_bytes(fuzzing.mutate(reference_text, line_mutations, byte_mutations))
    extract_or_refuse(path)


@pytest.mark.flow
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mutants_through_the_command_line_exit_0_2_or_3_without_a_traceback(prefect_server, tmp_path, capsys,
                                                                           reference_text, seed):
    mutation = [(fuzzing.LINE_MUTATIONS[(seed * 3) % 8], 0.1 * seed + 0.2, 0.5, seed * 7)]
    path = tmp_path / f"mutant{seed}.txt"
    path.write_bytes(fuzzing.mutate(reference_text, mutation, []))
    code = main(["run", str(path), "--out", str(tmp_path / "out")])
    assert code in (0, 2, 3)
    assert "Traceback" not in capsys.readouterr().err
