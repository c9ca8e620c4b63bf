"""The row layer every reader of ruled tables shares (a PDF's grids, a Hangul file's tables): a
table row as the one line the section parsers read, and which tables are the form's.

A row is its cells' texts in column order: `ABOVE` where a cell merged down from a row above
covers the place, None where a cell to the left covers it. Its line is the first cell's text joined
whatever its line breaks (a fragment that starts with `(` attached directly), then the other
cells, `-` for an empty one. A table is one of the form's where a row has the shape of one of its
tables' rows (a budget, execution or 조정교부금 row, a 총괄 row of counts, an org row `부서 N팀 M명`)
or its header the form's words.

Merged cells in the data rows:
* a leading column with a cell merged down over data rows is a grouping column (a `회계`, a
  `분야`): each of its cells is a label line of its own (role LABEL) before the rows it groups,
  never part of a name, and every row is read from the next column on, as if the column were
  not there (its header cell is a label line too);
* any other cell merged down (a number printed once for several rows) is read on the first row
  it spans; the rows below read the place as empty (`-`): the print gives them no value of
  their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import regex

from extractors.form.lines import LABEL
from extractors.form.normalise import fold, join_fragments
from extractors.form.shapes import COUNT, ORG_ROW, row_shape
from extractors.form.vocabulary import BUDGET_TABLE_HEADER, EXECUTION_HEADER, GRID_HEADER_WORDS, STATUS_WORDS

EMPTY_CELL = "-"
# An org chart row: "가나과 7팀 192명", "연구소 - 12명"
NUMBER_CELL = regex.compile(r"^[△▲-]?[\d,.]+%?$|^-$|^순증$")


class _Above:
    """The place of a cell merged down from a row above."""

    def __repr__(self) -> str:
        return "ABOVE"


ABOVE = _Above()
Place: TypeAlias = "str | None | _Above"


@dataclass(frozen=True)
class TableLine:
    """A line of one of the form's tables: a grid row's, or a grouping label's (role LABEL); the
    columns whose cells it is read from (for where it stands on the page, and its indentation)."""

    row: int
    text: str
    columns: tuple[int, ...]
    role: str | None = None


def form_table_lines(grid: Sequence[Sequence[Place]]) -> tuple[int, list[TableLine]] | None:
    """The lines of one of the form's tables and how many of its grid rows are its header; None
    for a table that is none of the form's. See the module's note on merged cells."""
    first = first_data_row([row_text(_as_read(cells, header=True)) for cells in grid])
    if first is None:
        return None
    skip = 1 if any(cells and cells[0] is ABOVE for cells in grid[first + 1 :]) else 0
    lines = []
    for index, cells in enumerate(grid):
        if skip and isinstance(cells[0], str) and cells[0].strip():
            lines.append(TableLine(index, join_fragments(cells[0].split("\n")), (0,), LABEL))
        read = _as_read(cells[skip:], header=index < first)
        columns = tuple(column for column, place in enumerate(cells) if column >= skip and isinstance(place, str))
        lines.append(TableLine(index, row_text(read), columns))
    return first, lines


def _as_read(cells: Sequence[Place], header: bool) -> list[str | None]:
    """A row's places as row_text reads them: a merged-down place is skipped in a header row (its
    words are the cell's above) and empty in a data row."""
    return [(None if header else "") if isinstance(place, _Above) else place for place in cells]


def row_text(cells: Sequence[str | None]) -> str:
    """The row as one line: "행정지원\\n체계 강화", "1,234", "" → "행정지원 체계 강화 1,234 -"."""
    present = [cell for cell in cells if cell is not None]
    if not present:
        return ""
    name = join_fragments(present[0].split("\n"))
    values = [_value(cell) for cell in present[1:]]
    return " ".join([name, *values]).strip()


def first_data_row(rows: Sequence[str]) -> int | None:
    """Where the data rows of one of the form's tables start (the rows above are its header);
    None for a table that is not one of the form's."""
    shaped = [is_data_row(row) for row in rows]
    if not any(shaped) and not any(is_header_row(row) for row in rows):
        return None
    return shaped.index(True) if any(shaped) else len(rows)


def is_data_row(row: str) -> bool:
    if row_shape(row) is not None or ORG_ROW.match(row):
        return True
    words = row.split()
    counts = 0
    while words and COUNT.match(words[-1]):
        counts += 1
        words.pop()
    return counts >= 2 and bool(words)


def is_header_row(row: str) -> bool:
    folded = fold(row)
    return bool(BUDGET_TABLE_HEADER.fullmatch(folded) or EXECUTION_HEADER.match(folded)
                or sum(word in STATUS_WORDS for word in (fold(w) for w in row.split())) >= 2
                or (GRID_HEADER_WORDS.search(folded) and not any(c.isdigit() for c in folded)))


def is_org_row(row: str) -> bool:
    """An org unit's row: its line is that of its name, not of its first number."""
    return bool(ORG_ROW.match(row))


def _value(text: str) -> str:
    words = text.split()
    if not words:
        return EMPTY_CELL
    joined = "".join(words)
    return joined if NUMBER_CELL.match(joined) else " ".join(words)
