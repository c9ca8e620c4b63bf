"""Tree recovery on small tables whose right answer is known."""

import pytest

from extractors.parts.hierarchy import Node, disagreements, levels_of, recover_hierarchy

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)


def tree(*rows: tuple[int | None, int | None], hints=None, max_depth=None) -> list[int | None]:
    hints = hints or [None] * len(rows)
    nodes = [Node(b, a, h) for (b, a), h in zip(rows, hints, strict=True)]
    return recover_hierarchy(nodes, max_depth=max_depth)


def test_children_are_found_by_their_sums():
    #  0 root 30 ─┬─ 1 A 10 ─┬─ 2 a1 4
    #             │          └─ 3 a2 6
    #             └─ 4 B 20 ─── 5 b1 20
    parents = tree((30, 15), (10, 5), (4, 2), (6, 3), (20, 10), (20, 10))
    assert parents == [None, 0, 1, 1, 0, 4]
    assert levels_of(parents) == [0, 1, 2, 2, 1, 2]


def test_a_single_child_chain_is_kept_row_by_row():
    parents = tree((7, 3), (7, 3), (7, 3), (7, 3))
    assert parents == [None, 0, 1, 2]


def test_equal_siblings_are_not_taken_for_a_chain():
    # Two siblings with the same amounts: chaining them would leave the root 5 short.
    parents = tree((10, 4), (5, 2), (5, 2))
    assert parents == [None, 0, 0]


def test_a_tie_in_the_budget_is_broken_by_the_actual():
    # Budgets alone fit both   root─{A─{B}, C}   and   root─{A, B─{C}}.
    # Actuals: A 3, B 5, C 5, root 8: only the second adds up.
    parents = tree((20, 8), (10, 3), (10, 5), (10, 5))
    assert parents == [None, 0, 0, 2]


def test_actuals_may_differ_by_one_for_rounding():
    parents = tree((10, 7), (4, 3), (6, 3))
    assert parents == [None, 0, 0]


def test_one_wrong_printed_leaf_leaves_the_tree_as_it_is():
    right = tree((30, 15), (10, 5), (4, 2), (6, 3), (20, 10), (20, 10))
    wrong_leaf = tree((30, 15), (10, 5), (4, 2), (7, 3), (20, 10), (20, 10))
    assert wrong_leaf == right


def test_one_wrong_printed_parent_leaves_the_tree_as_it_is():
    right = tree((30, 15), (10, 5), (4, 2), (6, 3), (20, 10), (12, 6), (8, 4))
    wrong_parent = tree((30, 15), (11, 5), (4, 2), (6, 3), (20, 10), (12, 6), (8, 4))
    assert wrong_parent == right == [None, 0, 1, 1, 0, 4, 4]


def test_indentation_breaks_a_tie_that_arithmetic_cannot():
    # A zero row adds nothing: as a child of A or of the root, every sum still holds.
    # Its indentation decides.
    rows = ((10, 5), (10, 5), (10, 5), (0, 0))
    assert tree(*rows, hints=[None, 1, 2, 2]) == [None, 0, 1, 1]
    assert tree(*rows, hints=[None, 1, 2, 1]) == [None, 0, 1, 0]


def test_indentation_never_overrides_the_sums():
    # Every row printed at the same indentation, yet the sums nest them.
    parents = tree((10, 5), (10, 5), (6, 3), (4, 2), hints=[None, 1, 1, 1])
    assert parents == [None, 0, 1, 1]


def test_maximum_depth_is_respected():
    assert tree((5, 1), (5, 1), (5, 1), max_depth=1) == [None, 0, 0]


def test_previous_year_is_not_an_input():
    # Node has only the current-year columns, so a disagreeing previous-year total cannot
    # change the tree: the same current amounts give the same tree.
    assert "budget_prev" not in Node.__dataclass_fields__


def test_disagreements_count_the_columns_that_do_not_add_up():
    nodes = [Node(30, 15), Node(11, 5), Node(4, 2), Node(6, 3), Node(20, 9)]
    # the first child's budget (11 printed, 10 summed) and the root's budget and actual
    assert disagreements(nodes, [None, 0, 1, 1, 0]) == 2
    assert disagreements(nodes, [None, 0, 0, 0, 0]) == 2
    assert disagreements([Node(10, 5), Node(10, 5)], [None, 0]) == 0
