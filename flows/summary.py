"""What a person should look at after a run: each report's status and rows, and its unreviewed
errors (the Prefect artifact of a run, in markdown)."""

from __future__ import annotations

import csv
from pathlib import Path

from checks.findings import printed_value
from flows.outcome import ReportOutcome


def summary_markdown(outcomes: list[ReportOutcome], refused: dict[str, str] | None = None) -> str:
    lines = ["# Report pipeline run", "", "| report | status | rows | errors | unreviewed | note |",
             "|---|---|---|---|---|---|"]
    review = []
    for outcome in outcomes:
        manifest = outcome.manifest or {}
        counts = manifest.get("findings", {})
        rows = sum(manifest.get("tables", {}).values())
        lines.append(f"| {outcome.report} | {outcome.status} | {rows} | {counts.get('error', '')} | "
                     f"{counts.get('unreviewed_errors', '')} | {outcome.message} |")
        review += [f"- **{outcome.report}** line {f['source_line']}: `{f['key']}` printed "
                   f"{printed_value(_number(f['actual']), f['column'])}, computed "
                   f"{printed_value(_number(f['expected']), f['column'])}" for f in _unreviewed(outcome)]
    for name, reason in (refused or {}).items():
        lines.append(f"| {name} | refused | | | | {reason} |")
    lines += ["", "## Findings that need review", ""] + (review or ["None."])
    return "\n".join(lines)


def _unreviewed(outcome: ReportOutcome) -> list[dict]:
    path = Path(outcome.out_dir) / "findings.csv"
    if outcome.manifest is None or not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["severity"] == "error" and row["reviewed"] != "true"]


def _number(text: str) -> float | None:
    return float(text) if text else None
