"""Completeness findings: parts of a report that were found but could not be read, or are missing.

These are not comparisons (nothing was computed); each names the table, the title or heading as
printed, and the line. See "Completeness findings" in the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.form.controls import without_controls
from extractors.form.lines import Line
from extractors.form.normalise import clean_name
from schemas.checks import severity_of


@dataclass(frozen=True)
class Gap:
    """A completeness finding: `name` is the title or heading as printed (never a line number)."""

    check: str
    table: str
    name: str
    line: Line | None = field(default=None, compare=False)
    severity: str = ""

    @property
    def level(self) -> str:
        return self.severity or severity_of(self.check)


def gap(check: str, table: str, name: str, line: Line | None = None, severity: str = "") -> Gap:
    """A gap named as printed, blanks collapsed, without the glyph that leads a title."""
    return Gap(check, table, without_controls(clean_name(name))[0], line, severity)
