"""Fuzzing: whatever lands in raw/, extraction returns tables that satisfy their schemas or
raises ReportError with one line; never anything else. `make fuzz` runs a longer budget."""

import os
import subprocess

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from checks.findings import parse_reviews
from extractors import ReportError, extract
from extractors.parts.completeness import CORE_TABLES, SECTION_TABLES
from flows.run import check
from schemas import FINDINGS, TABLES, UNPARSED_LINES, violations
from tests import fuzzing
from tests.conftest import ROOT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
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
    assert_no_empty_core_table_passes(extraction, findings)
    return extraction


def assert_no_empty_core_table_passes(extraction, findings):
    """An empty core table is never `ok`: its section is missing altogether, or an error says why;
    and every empty table says why it is empty."""
    ok = not (findings["severity"] == "error").any()
    for name, frame in extraction.tables.items():
        if not frame.empty:
            continue
        assert extraction.empty_tables.get(name), name
        section = next(key for key, names in SECTION_TABLES.items() if name in names)
        if name in CORE_TABLES and ok:
            assert section in extraction.missing_sections, (name, extraction.empty_tables[name])


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(case=cases)
def test_a_mutated_report_is_extracted_or_refused_in_one_line(tmp_path_factory, reference_text, case):
    line_mutations, byte_mutations = case
    path = tmp_path_factory.mktemp("fuzz") / "mutant.txt"
    path.write_bytes(fuzzing.mutate(reference_text, line_mutations, byte_mutations))
    extract_or_refuse(path)


def test_mutants_through_the_command_line_exit_0_2_or_3_without_a_traceback(tmp_path, reference_text):
    """Three mutants in one folder, through the real command in its own process: each is written
    or refused in one line; never a traceback."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in range(3):
        mutation = [(fuzzing.LINE_MUTATIONS[(seed * 3) % 8], 0.1 * seed + 0.2, 0.5, seed * 7)]
        (raw / f"mutant{seed}.txt").write_bytes(fuzzing.mutate(reference_text, mutation, []))
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DO_NOT_TRACK": "1"}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "report-pipeline"), "run", str(raw), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode in (0, 2, 3), done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    for seed in range(3):
        written = (tmp_path / "out" / f"mutant{seed}" / "manifest.json").exists()
        refused = f"report-pipeline: error: mutant{seed}.txt" in done.stderr
        assert written != refused


def test_a_repeated_section_heading_among_junk_lines_gives_tables_within_their_schemas(tmp_path, reference_text):
    """The fuzz case that once published chapter 0: section Ⅱ's heading again, between junk lines,
    after its first chapter line; the items after it have no chapter line before them."""
    lines = reference_text.split("\n")
    chapter = next(i for i, line in enumerate(lines) if line.strip().startswith("1. ") and i > 200)
    heading = next(line for line in lines if line.lstrip().startswith("Ⅱ."))
    lines[chapter + 1:chapter + 1] = ["8과%2‧가천4‣다○가04", heading, "8과%2‧가천4‣다○가04"]
    path = tmp_path / "repeated.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    extraction = extract_or_refuse(path)
    assert extraction is not None and extraction.tables["work_report"]["chapter"].min() >= 1
