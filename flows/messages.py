"""What the command line says of each report's outcome: one line for a report written or refused,
and, where errors wait for review, how many, where they are listed and where the reviews go."""

from __future__ import annotations

import sys

from flows.outcome import EXIT_NEEDS_REVIEW, EXIT_OK, ReportOutcome


def outcome_lines(outcome: ReportOutcome) -> list[str]:
    if outcome.exit_code not in (EXIT_OK, EXIT_NEEDS_REVIEW):
        return [outcome.message]
    lines = [f"{outcome.report}: {outcome.status}, written to {outcome.out_dir}"]
    if outcome.exit_code == EXIT_NEEDS_REVIEW:
        count = outcome.unreviewed_errors
        lines.append(f"  {count} unreviewed error{'s' if count != 1 else ''}: see {outcome.findings_path}")
        lines.append(f"  check each against the printed report, then add its `key,note` line to "
                     f"{outcome.reviews_expected}")
        lines.append(f"  review: {outcome.review_page}")
    for key in outcome.stale_reviews:
        lines.append(f"  stale review (no finding has this key any more): {key}")
    if outcome.reviews_file is not None:
        lines.append(f"  reviews read from {outcome.reviews_file}")
    else:
        lines.append(f"  no reviewed-findings file found (it would be {outcome.reviews_expected})")
    return lines


def fail(message: str, code: int) -> int:
    """An error said in one line on stderr; its exit code."""
    print(f"report-pipeline: error: {' '.join(message.split())}", file=sys.stderr, flush=True)
    return code
