"""Which lines above a table's first row are its header, learned from the report itself: a run's
lines up to its last line of the form's header words, and below it those that follow the header
words wherever they are printed again (a header repeated on the next page, its words unknown to
the form), never the first row's own wrapped name ("민원" over "(1단계) 6,274,830 …"), which is
printed once, or where a page happens to begin with the same name, but not on every page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from os.path import commonprefix  # of any sequences, lists of lines too

from extractors.form.lines import Line
from extractors.form.normalise import fold


def learned_header_lines(lines: list[Line], runs: list[list[int]], is_header: Callable[[Line], bool],
                         shared_by: int) -> set[str]:
    """The folded header lines that at least `shared_by` of the runs (line indexes above each
    table's first row) print."""
    printed = [fold(line.stripped) for line in lines if not line.is_blank]
    seen: Counter[str] = Counter()
    for run in runs:
        texts = [fold(lines[i].stripped) for i in run]
        words = [position for position, i in enumerate(run) if is_header(lines[i])]
        proper = words[-1] + 1 if words else len(texts)
        seen.update(set(texts[: max(proper, repeated_prefix(printed, texts, proper))]))
    return {text for text, count in seen.items() if count >= shared_by and text}


def repeated_prefix(printed: list[str], run: list[str], proper: int) -> int:
    """How many of the run's first lines follow, in that order, every place its first `proper`
    lines (its header words) are printed, when they are printed twice at least: a header line
    repeats with its header on every page, a first row's name only where it happens to."""
    if not proper:
        return 0
    starts = [start for start in range(len(printed)) if printed[start:start + proper] == run[:proper]]
    if len(starts) < 2:
        return 0
    return min(len(commonprefix([printed[start:start + len(run)], run])) for start in starts)
