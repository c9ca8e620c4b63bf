"""Every check of a report's extraction, in one list of comparisons (pure pandas)."""

from __future__ import annotations

from .counts import audit_comparisons, org_comparisons
from .rules import Comparison, budget_comparisons


def all_comparisons(extraction) -> list[Comparison]:
    tables, stated = extraction.tables, extraction.stated
    found = budget_comparisons(tables, extraction.rate_decimals)
    found += org_comparisons(tables["org_units"], stated)
    found += audit_comparisons(tables["audit_summary"], tables["audit_findings"], stated)
    return found
