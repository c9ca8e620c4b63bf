"""Every check in a sentence, for a reviewer: what the rule compares and what to look for in the
printed report. The sentences are the checks' own (schemas/checks.py); a check without one cannot
be reported."""

from __future__ import annotations

from schemas.checks import CHECKS


def sentence(check: str, column: str = "") -> str:
    return CHECKS[check].sentence.format(column=column or "value")
