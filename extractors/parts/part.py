"""What a section's parser read, as one value (report.py puts the parts together), and what it is
given besides its section's lines."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from extractors.form.lines import Line, LineKey
from extractors.parts.gaps import Gap


@dataclass(frozen=True)
class Stated:
    """A total the report states in words ("5과 1사업소 240명"), checked against its rows."""

    value: int
    line: Line


@dataclass(frozen=True)
class Context:
    """What a section's parser is given besides its lines: the report's year and as-of date, and the
    lines the parts read before it used (headings, labels, the budget tables)."""

    fiscal_year: int
    as_of: str | None = None
    used: frozenset[LineKey] = frozenset()


@dataclass
class Part:
    """What a parser read: its tables, the lines it used, what it found but could not read (gaps),
    the totals the report states in words, the lines it read as narrative (where a table row would be
    a finding), and the printed decimals of its tables' rates."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    used: set[LineKey] = field(default_factory=set)
    gaps: list[Gap] = field(default_factory=list)
    stated: dict[str, Stated] = field(default_factory=dict)
    narrative: dict[str, set[LineKey]] = field(default_factory=dict)
    precision: dict[str, pd.DataFrame] = field(default_factory=dict)

    def add(self, name: str, frame: pd.DataFrame, used: set[LineKey]) -> None:
        self.tables[name] = frame
        self.used |= used

    def merge(self, other: Part) -> None:
        """`other`'s tables, lines, gaps and totals added to this part's."""
        self.tables |= other.tables
        self.used |= other.used
        self.gaps += other.gaps
        self.stated |= other.stated
        self.narrative |= other.narrative
        self.precision |= other.precision
