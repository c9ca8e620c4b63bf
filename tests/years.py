"""A chain of a bureau's reports, year after year, from the reference report, with the true
lineage of every detail row.

Each year's detail trees continue the year before's: every item keeps its identity, its
budget_prev is the earlier budget (a few leaves differ by a drawn amount: a budget changed after
the earlier report's as-of date), its own budget is drawn anew and its parents add up. Between two
years, leaves are dropped and new ones added (순증), a department is renamed, a unit programme
moves to another policy of its department, a detail programme is reworded; names with a year in
them shift with the year. The other sections are the reference's, years shifted.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field

import pandas as pd

from extractors.form.normalise import fold
from tests.next_year import (
    DETAIL_TABLES,
    EXPENDITURE_HEADER,
    NEW_NAMES,
    REVENUE_HEADER,
    Node,
    _frame,
    _render,
    _rows,
    _walk,
    add_leaves,
    drop_leaves,
    shift_years,
)


@dataclass(frozen=True)
class Changes:
    """What changes from one year to the next."""

    seed: int
    dropped: int = 2
    added: int = 2
    differences: int = 3
    rename_department: bool = True
    move_unit: bool = True
    reword: bool = True


@dataclass
class Year:
    fiscal_year: int
    text: str
    trees: dict[str, Node]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # the detail tables it must give
    differences: set[tuple[str, str]] = field(default_factory=set)  # (table, path) whose budget_prev differs


def chain(reference_text: str, reference, changes: list[Changes]) -> list[Year]:
    """The reference report's year, then one more year for each Changes."""
    trees = {name: _tree(reference.tables[name]) for name in DETAIL_TABLES}
    years = [Year(reference.fiscal_year, reference_text, trees,
                  {name: reference.tables[name] for name in DETAIL_TABLES})]
    counter = [max(node.ident for tree in trees.values() for node in _walk(tree))]
    for shift, change in enumerate(changes, start=1):
        rng = random.Random(change.seed)
        earlier = years[-1]
        trees, differences = {}, set()
        for name in DETAIL_TABLES:
            tree = copy.deepcopy(earlier.trees[name])
            _next_year(tree, rng, change, counter, expenditure=name == "expenditure_detail")
            differences |= {(name, path) for path in _amounts(tree, rng, change.differences)}
            trees[name] = tree
        text, tables = _render_year(reference_text, trees, shift, rng)
        years.append(Year(earlier.fiscal_year + 1, text, trees, tables, differences))
    return years


def identities(year: Year, table: str) -> list[int]:
    """The identity of every row of the year's table, in row order."""
    return [node.ident for node in _walk(year.trees[table])]


def _tree(frame: pd.DataFrame) -> Node:
    nodes = {}
    for row in frame.itertuples():
        node = Node(row.name, new=bool(row.is_new), prev=_int(row.budget_prev), budget=_int(row.budget) or 0,
                    actual=_int(row.actual) or 0)
        node.ident = int(row.row_id)
        node.was = None
        nodes[row.row_id] = node
        if not pd.isna(row.parent_id):
            nodes[row.parent_id].children.append(node)
    return nodes[frame["row_id"].iloc[0]]


def _next_year(root: Node, rng: random.Random, change: Changes, counter: list[int], expenditure: bool) -> None:
    for node in _walk(root):
        node.was, node.name, node.new = node.budget, shift_years(node.name), False
    drop_leaves(root, rng, change.dropped)

    def named(number: int) -> str:
        return f"{rng.choice(NEW_NAMES)} {'가나다라마바'[number % 6]}{counter[0] + number + 1}호"

    for added in add_leaves(root, rng, change.added, named):
        counter[0] += 1
        added.ident, added.was = counter[0], None
    if expenditure and change.rename_department:
        department = rng.choice([d for d in root.children if d.children])
        department.name = department.name[:-1] + "혁신" + department.name[-1]
    if expenditure and change.move_unit:
        _move_unit(root, rng)
    if change.reword:
        leaves = [n for n in _walk(root) if not n.children and not n.new and len(n.name) > 3]
        rng.choice(leaves).name += " 고도화"


def _move_unit(root: Node, rng: random.Random) -> None:
    """A unit programme (level 3) moves to another policy programme of its department."""
    options = []
    for department in root.children:
        policies = [p for p in department.children if p.children]
        for policy in policies:
            for unit in policy.children:
                others = [p for p in policies if p is not policy and fold(p.name) != fold(policy.name)]
                names = {fold(u.name) for other in others for u in other.children}
                if others and len(policy.children) > 1 and fold(unit.name) not in names:
                    options.append((policy, unit, others))
    if options:
        policy, unit, others = rng.choice(options)
        policy.children.remove(unit)
        rng.choice(others).children.append(unit)


def _amounts(root: Node, rng: random.Random, differences: int) -> list[str]:
    """Leaves drawn anew, budget_prev the earlier budget (a few differ: their paths are returned);
    parents add up, their budget_prev the earlier budget as printed."""
    leaves = [n for n in _walk(root) if not n.children]
    continuing = [leaf for leaf in leaves if leaf.was is not None]
    changed = set(map(id, rng.sample(continuing, min(differences, len(continuing)))))
    for leaf in leaves:
        leaf.budget = rng.randint(1_000, 9_000_000)
        leaf.actual = rng.randint(0, leaf.budget)
        leaf.prev = None if leaf.was is None else leaf.was + (rng.choice([-1, 1]) * rng.randint(1, 50_000)
                                                              if id(leaf) in changed else 0)
    _sums(root)
    return [path for node, path in _paths(root) if id(node) in changed]


def _sums(node: Node) -> None:
    if not node.children:
        return
    for child in node.children:
        _sums(child)
    node.budget = sum(c.budget for c in node.children)
    node.actual = sum(c.actual for c in node.children)
    node.prev = node.was


def _paths(node: Node, prefix: str = ""):
    path = node.name if not prefix else f"{prefix} > {node.name}"
    yield node, path
    for child in node.children:
        yield from _paths(child, path)


def _render_year(reference_text: str, trees: dict[str, Node], shift: int, rng: random.Random):
    lines = reference_text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Ⅲ."))
    end = next(i for i, line in enumerate(lines) if line.startswith("Ⅳ."))
    titles = {name: next(line for line in lines[start:end] if word in line and "단위" in line)
              for name, word in (("revenue_detail", "세입예산"), ("expenditure_detail", "세출예산"))}

    def shifted(text: str, times: int = shift) -> str:
        for _ in range(times):
            text = shift_years(text)
        return text

    section = [shifted(lines[start]), ""]
    tables = {}
    for name in DETAIL_TABLES:
        rows = _rows(trees[name])
        frame = _frame(rows, name)
        frame["fiscal_year"] = frame["fiscal_year"] + shift - 1
        tables[name] = frame
        header = [shifted(x, shift - 1) for x in (REVENUE_HEADER if name == "revenue_detail" else EXPENDITURE_HEADER)]
        first = header if name == "revenue_detail" else [" 증감액 증감률 집행액 집행률"]
        section += [shifted(titles[name]), *first, *_render(rows, rng, header), "", "", ""]
    text = "\n".join([*(shifted(x) for x in lines[:start]), *section, *(shifted(x) for x in lines[end:])])
    return text, tables


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
