"""Every check of a report's extraction, in one list of comparisons (pure pandas)."""

from __future__ import annotations

from dataclasses import dataclass, field

from checks.counts import audit_comparisons, org_comparisons
from checks.rules import Comparison, budget_comparisons
from checks.section_two import execution_matches_detail, execution_rates, grant_comparisons
from extractors.report import Extraction


@dataclass(frozen=True)
class Checks:
    comparisons: list[Comparison]
    # Programmes of the execution tables with no row in the expenditure detail: funded outside
    # this account (or not broken down there). Not findings; the manifest lists them.
    programs_without_detail_row: list[str] = field(default_factory=list)


def run_checks(extraction: Extraction) -> Checks:
    tables, stated, decimals = extraction.tables, extraction.stated, extraction.rate_decimals
    found = budget_comparisons(tables, decimals)
    found += org_comparisons(tables["org_units"], stated)
    found += execution_rates(tables["program_execution"], decimals.get("program_execution"))
    matched, without = execution_matches_detail(tables["program_execution"], tables["expenditure_detail"])
    found += matched
    found += grant_comparisons(tables["grant_scale"], decimals.get("grant_scale"))
    found += audit_comparisons(tables["audit_summary"], tables["audit_findings"], stated)
    return Checks(found, without)
