"""Recover a table's tree from its amounts: a parent equals the sum of its children.

Rows come in pre-order (a parent, then its descendants), so the tree is fixed by
choosing, for each row, which open ancestor it hangs under. One scan keeps a
few candidate stacks of open parents with their running remainders; a parent
is scored when it closes, column by column (`COLUMN_WEIGHTS`):

* this year's budget, and actual (to within `DEFAULT_ACTUAL_TOLERANCE`): each that its
  children add up to earns a bonus, each that they do not costs a mismatch, a gross one (off by
  more than half the parent's value: no misprint of a parent) twice a mismatch;
* last year's budget the same, at half the weight: printed last-year totals do not always add
  up, so they decide only where this year's columns cannot (an ended item, printed `-` this
  year, is placed by last year's column where that decides);
* indentation and level hints only break what is left (`HINT_COST` is far below any column).

The indentation of a table means a depth only once it is calibrated on that table
(`calibrated_hints`): the tree is first recovered from the amounts alone, and each
indentation is then read as the depth that the rows placed for sure give it. So an indent step
means the same in every rendering (a text that leaves the first level unindented, a grid that
indents every level, a PDF's offsets in points).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

DEFAULT_ACTUAL_TOLERANCE = 1
DEFAULT_BEAM_WIDTH = 16
WIDER_BEAM_FACTOR = 4
MISMATCH_COST = 1.5  # above a bonus: fewer mismatches first, then more confirmations
CONFIRM_BONUS = 1.0
# A column off by more than half the parent's value (a parent of a child ten times its size, or of
# a child a tenth of it) is no misprint of a parent: it costs this many mismatches of full weight,
# in last year's column too.
GROSS_MISMATCH_FACTOR = 2.0
# How much each column's agreement counts: budget, actual, last year's budget.
COLUMN_WEIGHTS = (1.0, 1.0, 0.5)
HINT_COST = 0.01


@dataclass(frozen=True)
class Node:
    """What the tree recovery needs of a row: this year's budget and actual, last year's budget,
    its indentation as printed (calibrated per table), and a depth the form fixes, if any."""

    budget: int | None
    actual: int | None
    prev: int | None = None
    indent: int | None = None
    depth_hint: int | None = None

    @property
    def amounts(self) -> tuple[int, int, int]:
        return (self.budget or 0, self.actual or 0, self.prev or 0)


# An open parent: (row, what is left to fill of (budget, actual, prev), has children, printed amounts).
# Plain tuples, so that a stack of them is its own key when equal states are merged.
_Frame = tuple[int, tuple[int, int, int], bool, tuple[int, int, int]]


@dataclass(frozen=True)
class _Link:
    row: int
    parent: int | None
    previous: _Link | None


@dataclass(frozen=True)
class _State:
    stack: tuple[_Frame, ...]
    cost: float
    links: _Link | None


def recover_hierarchy(
    nodes: Sequence[Node],
    max_depth: int | None = None,
    beam_width: int = DEFAULT_BEAM_WIDTH,
    actual_tolerance: int = DEFAULT_ACTUAL_TOLERANCE,
) -> list[int | None]:
    """The parent index of every row (None for row 0, the root): from the amounts alone first,
    then again with the indentation calibrated on the rows that placed for sure."""
    return list(_recovered(tuple(nodes), max_depth, beam_width, actual_tolerance))


@lru_cache(maxsize=32)  # a table read again unchanged (a report's two runs, a test's variants) is searched once
def _recovered(nodes: tuple[Node, ...], max_depth: int | None, beam_width: int, actual_tolerance: int
               ) -> tuple[int | None, ...]:
    if not nodes:
        return ()
    _, first = _search(nodes, max_depth, beam_width, actual_tolerance)  # for the calibration: no wider beam
    hints = calibrated_hints(nodes, first, actual_tolerance)
    agreeing = all(hint is None or hint == depth for hint, depth in zip(hints, levels_of(first), strict=True))
    if agreeing and not disagreements(nodes, first, actual_tolerance):
        return tuple(first)  # every hint agrees with a tree that adds up: it can only make other trees cost more
    return tuple(_best([replace(node, depth_hint=hint) for node, hint in zip(nodes, hints, strict=True)],
                       max_depth, beam_width, actual_tolerance))


def _best(nodes: Sequence[Node], max_depth: int | None, beam_width: int, tolerance: int) -> list[int | None]:
    """The tree of lowest cost; where it still has a parent that does not add up, the search is
    run once more with a wider beam, and the tree of lower cost is kept."""
    cost, parents = _search(nodes, max_depth, beam_width, tolerance)
    if disagreements(nodes, parents, tolerance):
        wider_cost, wider = _search(nodes, max_depth, beam_width * WIDER_BEAM_FACTOR, tolerance)
        if wider_cost < cost:
            parents = wider
    return parents


def calibrated_hints(nodes: Sequence[Node], parents: Sequence[int | None],
                     actual_tolerance: int = DEFAULT_ACTUAL_TOLERANCE) -> list[int | None]:
    """Each row's depth hint: a depth the form fixes, else its indentation read as the depth that
    rows placed for sure (a non-zero row whose parent's budget or actual its children confirm) have
    at that indentation, most of them; an indentation no sure row has is read by the offset of the
    nearest one that they have. No sure row at all: no hint."""
    depths = levels_of(parents)
    confirmed = _confirmed_parents(nodes, parents, actual_tolerance)
    seen: dict[int, Counter[int]] = defaultdict(Counter)
    for row, (node, parent) in enumerate(zip(nodes, parents, strict=True)):
        if parent in confirmed and node.indent is not None and any(node.amounts[:2]):
            seen[node.indent][depths[row]] += 1
    depth_of = {indent: counts.most_common(1)[0][0] for indent, counts in seen.items()}
    hints: list[int | None] = []
    for node in nodes:
        indent = node.indent
        if node.depth_hint is not None or indent is None or not depth_of:
            hints.append(node.depth_hint)
            continue
        nearest = min(depth_of, key=lambda known: (abs(known - indent), known))
        hints.append(max(1, depth_of[nearest] + indent - nearest))
    return hints


def _confirmed_parents(nodes: Sequence[Node], parents: Sequence[int | None], tolerance: int) -> set[int]:
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for node, parent in zip(nodes, parents, strict=True):
        if parent is not None:
            sums[parent][0] += node.amounts[0]
            sums[parent][1] += node.amounts[1]
    return {parent for parent, (budget, actual) in sums.items()
            if (nodes[parent].budget and budget == nodes[parent].budget)
            or (nodes[parent].actual and abs(actual - (nodes[parent].actual or 0)) <= tolerance)}


def disagreements(
    nodes: Sequence[Node], parents: Sequence[int | None], actual_tolerance: int = DEFAULT_ACTUAL_TOLERANCE
) -> int:
    """How many current-year columns of parents their children do not add up to."""
    budget_sums: dict[int, int] = {}
    actual_sums: dict[int, int] = {}
    for node, parent in zip(nodes, parents, strict=True):
        if parent is not None:
            budget_sums[parent] = budget_sums.get(parent, 0) + (node.budget or 0)
            actual_sums[parent] = actual_sums.get(parent, 0) + (node.actual or 0)
    return sum(
        (budget_sums[p] != (nodes[p].budget or 0))
        + (abs(actual_sums[p] - (nodes[p].actual or 0)) > actual_tolerance)
        for p in budget_sums
    )


def _search(nodes: Sequence[Node], max_depth: int | None, beam_width: int, tolerance: int
            ) -> tuple[float, list[int | None]]:
    beam = [_State((_open_frame(0, nodes[0]),), 0.0, _Link(0, None, None))]
    for row in range(1, len(nodes)):
        candidates: dict[tuple[_Frame, ...], _State] = {}
        for state in beam:
            for successor in _successors(state, row, nodes[row], max_depth, tolerance):
                known = candidates.get(successor.stack)
                if known is None or successor.cost < known.cost:
                    candidates[successor.stack] = successor
        if not candidates:
            raise ValueError(f"row {row} fits under no open parent within depth {max_depth}")
        beam = heapq.nsmallest(beam_width, candidates.values(), key=lambda s: _rank(s, tolerance))
    totals = [(state.cost + _closing_cost(state.stack, tolerance), state) for state in beam]
    cost, best = min(totals, key=lambda pair: pair[0])
    return cost, _parents(best.links, len(nodes))


def _successors(state: _State, row: int, node: Node, max_depth: int | None, tolerance: int) -> Iterator[_State]:
    """Every state reached by hanging `row` under one of the open parents."""
    stack = state.stack
    budget, actual, prev = node.amounts
    opened = _open_frame(row, node)
    closing = 0.0
    for level in range(len(stack) - 1, -1, -1):
        depth = level + 1
        parent_row, (budget_left, actual_left, prev_left), _, printed = stack[level]
        if max_depth is None or depth <= max_depth:
            extended = (parent_row, (budget_left - budget, actual_left - actual, prev_left - prev), True, printed)
            yield _State(
                stack[:level] + (extended, opened),
                state.cost + closing + _hint_cost(node, depth),
                _Link(row, parent_row, state.links),
            )
        closing += _close_cost(stack[level], tolerance)


def _rank(state: _State, tolerance: int) -> tuple[float, int]:
    """How promising a state is, for the beam: its cost, plus the mismatches already certain (open
    parents, the root too, whose children overflow a column: amounts are not negative), less the
    bonuses already earned but not yet booked (open parents whose children balance them now); then
    the fewer unbalanced open parents, the better. Without the pending bonuses, a state that closes a
    parent early looks better than the right one that keeps it open for more children."""
    estimate, unbalanced = state.cost, 0
    for depth, frame in enumerate(state.stack):
        frame_estimate, frame_unbalanced = _frame_rank(frame, tolerance, depth > 0)
        estimate += frame_estimate
        unbalanced += frame_unbalanced
    return estimate, unbalanced


@lru_cache(maxsize=1 << 16)
def _frame_rank(frame: _Frame, tolerance: int, pending: bool) -> tuple[float, int]:
    """One open parent's part of a state's rank (states share their frames: each is ranked once)."""
    slacks = (0, tolerance, 0)
    estimate = sum(_mismatch(value, left, weight)
                   for value, left, weight, slack in zip(frame[3], frame[1], COLUMN_WEIGHTS, slacks, strict=True)
                   if left < -slack)
    if not pending:
        return estimate, 0
    return estimate + min(0.0, _close_cost(frame, tolerance)), int(frame[2] and frame[1][0] != 0)


def _open_frame(row: int, node: Node) -> _Frame:
    return (row, node.amounts, False, node.amounts)


@lru_cache(maxsize=1 << 16)
def _close_cost(frame: _Frame, tolerance: int) -> float:
    """Each column of a closing parent that adds up earns its weight of bonus (when the parent's
    value is not zero: a zero adds up too easily), and each one that does not costs its weight of
    mismatch (`_mismatch`)."""
    _, left, has_children, printed = frame
    if not has_children:
        return 0.0
    cost = 0.0
    for column, (value, remainder, weight) in enumerate(zip(printed, left, COLUMN_WEIGHTS, strict=True)):
        if abs(remainder) > (tolerance if column == 1 else 0):
            cost += _mismatch(value, remainder, weight)
        elif value:
            cost -= CONFIRM_BONUS * weight
    return cost


def _mismatch(value: int, remainder: int, weight: float) -> float:
    """A column its children do not add up to: a mismatch of its weight, a gross one (off by more
    than half) of `GROSS_MISMATCH_FACTOR` full weights."""
    return MISMATCH_COST * (GROSS_MISMATCH_FACTOR if 2 * abs(remainder) > abs(value) else weight)


def _closing_cost(stack: tuple[_Frame, ...], tolerance: int) -> float:
    return sum(_close_cost(frame, tolerance) for frame in stack)


def _hint_cost(node: Node, depth: int) -> float:
    if node.depth_hint is None:
        return 0.0
    return HINT_COST * abs(depth - node.depth_hint)


def _parents(links: _Link | None, size: int) -> list[int | None]:
    parents: list[int | None] = [None] * size
    while links is not None:
        parents[links.row] = links.parent
        links = links.previous
    return parents


def levels_of(parents: Sequence[int | None]) -> list[int]:
    """Depth of every row (0 for the root) from its parent index; parents precede children."""
    levels: list[int] = []
    for parent in parents:
        levels.append(0 if parent is None else levels[parent] + 1)
    return levels
