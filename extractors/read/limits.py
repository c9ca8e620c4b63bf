"""Budgets checked while a file is read, so that a small hostile file (a bomb, millions of empty
records, boxes nested thousands deep) is refused in one line within seconds instead of exhausting
memory or time. Each is far above what a real report needs (figures in docs/hardening.md); past
one, the file is bad input whose line names the limit.

`extract_report` applies these alone; a run also reads each report in a child process with a
memory and a time limit (flows/bounded.py), the backstop for a library's own loops.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from extractors.errors import ReportError


@dataclass(frozen=True)
class Limit:
    value: int
    what: str  # what is counted, as the refusal says it


# The budgets of one file, by name (the name is in the refusal, so a user can find it here). The
# reference report needs, as .hwpx/.hwp: 28K XML elements, 15K HWP records, depth 10, nesting 1,
# 1.9 MB inflated; any rendering: 2.6K lines of at most 85 characters, 2.3K characters a PDF page.
DEFAULT_LIMITS = {
    "inflated_bytes": Limit(64 * 1024 * 1024, "bytes inflated from its compressed parts"),
    "xml_elements": Limit(400_000, "XML elements"),
    "paragraph_elements": Limit(200_000, "XML elements in one paragraph"),
    "xml_depth": Limit(256, "levels of XML elements one inside another"),
    "hwp_records": Limit(500_000, "HWP records"),
    "nesting": Limit(16, "levels of text boxes and tables one inside another"),
    "text_characters": Limit(50_000_000, "characters of text"),
    "line_characters": Limit(20_000, "characters on one line"),
    "lines": Limit(1_000_000, "lines"),
    "page_characters": Limit(200_000, "characters drawn on one PDF page"),
    "page_operators": Limit(500_000, "drawing operators on one PDF page"),
    "form_nesting": Limit(12, "levels of PDF forms drawn one inside another"),
    "form_draws": Limit(10_000, "PDF forms drawn on one page"),
    "stream_bytes": Limit(64 * 1024 * 1024, "bytes decoded from one PDF font or content stream"),
}


class Budget:
    """What reading one file has used so far; `spend` refuses the file past a limit."""

    def __init__(self, source: str, limits: dict[str, Limit] | None = None) -> None:
        self.source, self.limits = source, limits or DEFAULT_LIMITS
        self.used: Counter[str] = Counter()

    def spend(self, name: str, amount: int = 1, line: object = None, page: int | None = None) -> None:
        self.used[name] += amount
        if self.used[name] > self.limits[name].value:
            raise over_limit(self.source, name, self.limits[name], line, page)

    def at_most(self, name: str, value: int, line: object = None, page: int | None = None) -> None:
        """A measure that is not summed (a depth, a length): refused past its limit."""
        if value > self.limits[name].value:
            raise over_limit(self.source, name, self.limits[name], line, page)

    def left(self, name: str) -> int:
        return self.limits[name].value - self.used[name]


def over_limit(source: str, name: str, limit: Limit, line: object = None, page: int | None = None) -> ReportError:
    return ReportError(source, f"reading it needs more than {limit.value:,} {limit.what} (the limit {name}): "
                               "refused as a possible bomb", line=line, page=page)
