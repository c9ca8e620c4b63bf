"""Recover a table's tree from its amounts: a parent equals the sum of its children.

Rows come in pre-order (a parent, then its descendants), so the tree is fixed by
choosing, for each row, which open ancestor it hangs under. One scan keeps a
few candidate stacks of open parents with their running remainders; a parent
is scored when it closes:

* each of its two current-year columns (budget, and actual to within
  `DEFAULT_ACTUAL_TOLERANCE`) that its children add up to earns `CONFIRM_BONUS`;
* each column that does not add up costs `MISMATCH_COST`.

Indentation and level hints only break ties (`HINT_COST` is far below one
mismatch), so a printed number that is wrong costs one mismatch at its parent
and leaves the rest of the tree as the arithmetic says. The previous-year
column is not used: printed previous-year totals do not always add up.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_ACTUAL_TOLERANCE = 1
DEFAULT_BEAM_WIDTH = 16
WIDER_BEAM_FACTOR = 4
MISMATCH_COST = 1.0
CONFIRM_BONUS = 1.0
HINT_COST = 0.01


@dataclass(frozen=True)
class Node:
    """What the tree recovery needs of a row: its two current-year amounts and a depth hint."""

    budget: int | None
    actual: int | None
    depth_hint: int | None = None


# An open parent: (row, budget left to fill, actual left to fill, has children, (budget, actual)).
# Plain tuples, so that a stack of them is its own key when equal states are merged.
_Frame = tuple[int, int, int, bool, tuple[int, int]]


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
    """The parent index of every row (None for row 0, the root).

    Where the best tree found still has a parent that does not add up, the search is run
    once more with a wider beam, and the tree of lower cost is kept."""
    if not nodes:
        return []
    cost, parents = _search(nodes, max_depth, beam_width, actual_tolerance)
    if disagreements(nodes, parents, actual_tolerance):
        wider_cost, wider = _search(nodes, max_depth, beam_width * WIDER_BEAM_FACTOR, actual_tolerance)
        if wider_cost < cost:
            parents = wider
    return parents


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


def _search(nodes, max_depth, beam_width, tolerance) -> tuple[float, list[int | None]]:
    beam = [_State((_open_frame(0, nodes[0]),), 0.0, _Link(0, None, None))]
    for row in range(1, len(nodes)):
        candidates: dict[tuple, _State] = {}
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


def _successors(state, row, node, max_depth, tolerance):
    """Every state reached by hanging `row` under one of the open parents."""
    stack = state.stack
    budget, actual = node.budget or 0, node.actual or 0
    opened = _open_frame(row, node)
    closing = 0.0
    for level in range(len(stack) - 1, -1, -1):
        depth = level + 1
        parent_row, budget_left, actual_left, _, printed = stack[level]
        if max_depth is None or depth <= max_depth:
            extended = (parent_row, budget_left - budget, actual_left - actual, True, printed)
            yield _State(
                stack[:level] + (extended, opened),
                state.cost + closing + _hint_cost(node, depth),
                _Link(row, parent_row, state.links),
            )
        closing += _close_cost(stack[level], tolerance)


def _rank(state: _State, tolerance: int) -> tuple[float, int]:
    """How promising a state is, for the beam: its cost, plus the mismatches already certain
    (open parents whose children overflow them), less the bonuses already earned but not yet
    booked (open parents whose children balance them now); then the fewer unbalanced open
    parents, the better. Without the pending bonuses, a state that closes a parent early
    looks better than the right one that keeps it open for more children."""
    estimate = state.cost
    unbalanced = 0
    for frame in state.stack[1:]:
        if frame[1] < 0:
            estimate += MISMATCH_COST
        estimate += min(0.0, _close_cost(frame, tolerance))
        unbalanced += frame[3] and frame[1] != 0
    return estimate, unbalanced


def _open_frame(row: int, node: Node) -> _Frame:
    budget, actual = node.budget or 0, node.actual or 0
    return (row, budget, actual, False, (budget, actual))


def _close_cost(frame: _Frame, tolerance: int) -> float:
    """Each current-year column of a closing parent that adds up earns a bonus (when the parent's
    value is not zero: a zero adds up too easily), and each one that does not costs a mismatch."""
    _, budget_left, actual_left, has_children, _ = frame
    if not has_children:
        return 0.0
    budget, actual = frame[4]
    cost = 0.0
    for value, ok in ((budget, budget_left == 0), (actual, abs(actual_left) <= tolerance)):
        if not ok:
            cost += MISMATCH_COST
        elif value:
            cost -= CONFIRM_BONUS
    return cost


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
