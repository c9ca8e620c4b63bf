"""Which lines above a table's first row are its header, learned from the report itself: a run's
lines up to its last line of the form's header words, and below it those that the run repeats
elsewhere in the same order (a header repeated on the next page, its words unknown to the form),
never the first row's own wrapped name ("민원" over "(1단계) 6,274,830 …"), which is printed once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

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
        proper = texts[: words[-1] + 1] if words else texts
        seen.update(set(texts[: repeated_prefix(printed, texts)]) | set(proper))
    return {text for text, count in seen.items() if count >= shared_by and text}


def repeated_prefix(printed: list[str], run: list[str]) -> int:
    """How many of the run's first lines are printed, in that order, at two places at least (the
    run's own place is one)."""
    lengths = []
    for start in range(len(printed)):
        length = 0
        while length < len(run) and start + length < len(printed) and printed[start + length] == run[length]:
            length += 1
        lengths.append(length)
    return sorted(lengths, reverse=True)[1] if len(lengths) > 1 else 0
