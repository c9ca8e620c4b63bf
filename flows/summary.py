"""What a person should look at after a run: each report's status and rows, and its unreviewed
errors (the Prefect artifact of a run, in markdown)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from checks.findings import printed_value
from extractors.form.controls import without_controls
from flows.outcome import ReportOutcome

BACKTICKS = re.compile(r"`+")


def summary_markdown(outcomes: list[ReportOutcome], refused: dict[str, str] | None = None) -> str:
    lines = ["# Report pipeline run", "", "| report | status | rows | errors | unreviewed | note |",
             "|---|---|---|---|---|---|"]
    review = []
    for outcome in outcomes:
        manifest = outcome.manifest or {}
        counts = manifest.get("findings", {})
        rows = sum(manifest.get("tables", {}).values())
        lines.append(f"| {markdown_text(outcome.report, True)} | {outcome.status} | {rows} | "
                     f"{counts.get('error', '')} | {counts.get('unreviewed_errors', '')} | "
                     f"{markdown_text(outcome.message, True)} |")
        review += [f"- {markdown_text(outcome.report)} line {f['source_line']}: {markdown_text(f['key'])} printed "
                   f"{printed_value(_number(f['actual']), f['column'])}, computed "
                   f"{printed_value(_number(f['expected']), f['column'])}" for f in _unreviewed(outcome)]
    for name, reason in (refused or {}).items():
        lines.append(f"| {markdown_text(name, True)} | refused | | | | {markdown_text(reason, True)} |")
    lines += ["", "## Findings that need review", ""] + (review or ["None."])
    return "\n".join(lines)


def markdown_text(text: str, in_table: bool = False) -> str:
    """Text from a report (a name, a key, a message) as Markdown that shows it and does nothing
    else: an inline code span (its fence longer than any backtick run in it), so that no link,
    image, autolink or HTML in it is rendered; no control character; `|` escaped in a table cell."""
    text = " ".join(without_controls(str(text))[0].split())
    if not text:
        return ""
    if in_table:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in BACKTICKS.findall(text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _unreviewed(outcome: ReportOutcome) -> list[dict]:
    path = Path(outcome.out_dir) / "findings.csv"
    if outcome.manifest is None or not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["severity"] == "error" and row["reviewed"] != "true"]


def _number(text: str) -> float | None:
    return float(text) if text else None
