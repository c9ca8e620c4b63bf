"""Recover a table's tree from its amounts: a parent equals the sum of its children.

Rows come in pre-order (a parent, then its descendants), so the tree is fixed by
choosing, for each row, which open ancestor it hangs under. One scan keeps a
few candidate stacks of open parents with their running remainders; a parent
is scored when it closes:

* its children's current budgets sum to its own, and their actuals to within
  `DEFAULT_ACTUAL_TOLERANCE`: the parent is confirmed (a bonus);
* each column that does not add up costs `MISMATCH_COST`.

Indentation and level hints only break ties (`HINT_COST` is far below one
mismatch), so a printed number that is wrong costs one mismatch at its parent
and leaves the rest of the tree as the arithmetic says. The previous-year
column is not used: printed previous-year totals do not always add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_ACTUAL_TOLERANCE = 1
DEFAULT_BEAM_WIDTH = 24
MISMATCH_COST = 1.0
CONFIRM_BONUS = 1.0
HINT_COST = 0.01


@dataclass(frozen=True)
class Node:
    """What the tree recovery needs of a row: its two current-year amounts and a depth hint."""

    budget: int | None
    actual: int | None
    depth_hint: int | None = None


# An open parent: (row, budget left to fill, actual left to fill, has children, can be confirmed).
# Plain tuples, so that a stack of them is its own key when equal states are merged.
_Frame = tuple[int, int, int, bool, bool]


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

    @property
    def rank(self) -> tuple[float, int]:
        """How promising the state is: its cost plus the mismatches already certain (open
        parents whose children overflow them), then how many open parents are still unbalanced."""
        overflowing = sum(1 for frame in self.stack if frame[1] < 0)
        unbalanced = sum(1 for frame in self.stack if frame[3] and frame[1] != 0)
        return self.cost + MISMATCH_COST * overflowing, unbalanced


def recover_hierarchy(
    nodes: Sequence[Node],
    max_depth: int | None = None,
    beam_width: int = DEFAULT_BEAM_WIDTH,
    actual_tolerance: int = DEFAULT_ACTUAL_TOLERANCE,
) -> list[int | None]:
    """The parent index of every row (None for row 0, the root)."""
    if not nodes:
        return []
    beam = [_State((_open_frame(0, nodes[0]),), 0.0, _Link(0, None, None))]
    for row in range(1, len(nodes)):
        candidates: dict[tuple, _State] = {}
        for state in beam:
            for successor in _successors(state, row, nodes[row], max_depth, actual_tolerance):
                known = candidates.get(successor.stack)
                if known is None or successor.cost < known.cost:
                    candidates[successor.stack] = successor
        if not candidates:
            raise ValueError(f"row {row} fits under no open parent within depth {max_depth}")
        beam = sorted(candidates.values(), key=lambda s: s.rank)[:beam_width]
    best = min(beam, key=lambda s: s.cost + _closing_cost(s.stack, actual_tolerance))
    return _parents(best.links, len(nodes))


def _successors(state, row, node, max_depth, tolerance):
    """Every state reached by hanging `row` under one of the open parents."""
    stack = state.stack
    budget, actual = node.budget or 0, node.actual or 0
    opened = _open_frame(row, node)
    closing = 0.0
    for level in range(len(stack) - 1, -1, -1):
        depth = level + 1
        parent_row, budget_left, actual_left, _, confirmable = stack[level]
        if max_depth is None or depth <= max_depth:
            extended = (parent_row, budget_left - budget, actual_left - actual, True, confirmable)
            yield _State(
                stack[:level] + (extended, opened),
                state.cost + closing + _hint_cost(node, depth),
                _Link(row, parent_row, state.links),
            )
        closing += _close_cost(stack[level], tolerance)


def _open_frame(row: int, node: Node) -> _Frame:
    budget, actual = node.budget or 0, node.actual or 0
    return (row, budget, actual, False, bool(budget or actual))


def _close_cost(frame: _Frame, tolerance: int) -> float:
    _, budget_left, actual_left, has_children, confirmable = frame
    if not has_children:
        return 0.0
    budget_ok = budget_left == 0
    actual_ok = abs(actual_left) <= tolerance
    cost = MISMATCH_COST * ((not budget_ok) + (not actual_ok))
    if budget_ok and actual_ok and confirmable:
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
