"""A report as a model: a revenue tree of random shape (levels 0–6), an expenditure tree of
department, policy, unit and detail programmes (levels 0–4), one or two execution tables of detail
programmes, and every printed value, a few of them made wrong on purpose.

Amounts are whole multiples of 10 and an injected difference never is, so no injected
difference equals a sum of other items; every item has a non-zero amount in some column (an ended
one last year's budget), and a report is drawn only where its true amounts make one tree alone
(trees_that_add_up), so the printed numbers decide the tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import assume
from hypothesis import strategies as st

WORDS = ("도시", "정비", "지원", "운영", "관리", "시설", "조성", "개선", "활성화", "교육", "복지", "문화", "안전",
         "환경", "주민", "공동체", "청년", "일자리", "주택", "교통", "보건", "체육", "공원", "녹지", "하천", "도로",
         "정보화", "홍보", "협력", "역량", "강화", "기반", "구축", "확충", "보수", "점검", "연구", "행사", "마을",
         "생활권", "거점", "상생", "돌봄", "기록물", "청사", "민원", "자원", "순환", "에너지", "디지털")
SUFFIXES = ("", "", "", "(1단계)", "(시범)", "(민간위탁)", "(국비)")
AMOUNT_COLUMNS = ("prev", "budget", "actual")
MAX_REVENUE_DEPTH = 6


@dataclass
class Item:
    """One printed row of a budget table: its amounts and the values printed from them."""

    name: str
    prev: int | None
    budget: int | None
    actual: int | None
    children: list[Item] = field(default_factory=list)
    change: int | None = None
    change_rate: Decimal | None = None
    is_new: bool = False
    actual_rate: Decimal | None = None

    def print_derived(self) -> None:
        """Change and rates from the printed amounts, as a bureau's sheet computes them."""
        change = None if self.budget is None and self.prev is None else (self.budget or 0) - (self.prev or 0)
        self.change = change or None  # a zero change is printed `-`
        self.is_new = self.prev is None and self.budget is not None
        self.change_rate = None if self.is_new or not self.prev or not change else rate(change, self.prev)
        self.actual_rate = None if not self.budget or self.actual is None else rate(self.actual, self.budget)


@dataclass(frozen=True)
class Programme:
    """A row of an execution table (amounts in the budget tables' unit)."""

    name: str
    budget: int
    committed: int
    spent: int
    expected: int

    @property
    def rates(self) -> tuple[Decimal, Decimal, Decimal]:
        return rate(self.committed, self.budget), rate(self.spent, self.budget), rate(self.expected, self.budget, 0)


@dataclass
class Report:
    fiscal_year: int
    revenue: Item
    expenditure: Item
    executions: list[list[Programme]]
    wrong: list[str] = field(default_factory=list)  # what was made wrong, for a failing example's report


def rate(numerator: int, denominator: int, digits: int = 1) -> Decimal:
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def rows(root: Item) -> list[tuple[int, Item]]:
    """(level, item) of every row, in printed (pre-)order."""
    found = [(0, root)]
    for child in root.children:
        found += [(level + 1, item) for level, item in rows(child)]
    return found


@st.composite
def names(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=5))
    return " ".join(words) + draw(st.sampled_from(SUFFIXES))


@st.composite
def leaf(draw, name: str) -> Item:
    """A leaf: usual, new (no budget last year), ended (nothing this year), or nothing spent yet."""
    kind = draw(st.sampled_from(("usual", "usual", "usual", "new", "ended", "unspent")))
    prev = draw(st.integers(1_000, 5_000_000)) * 10
    budget = prev * draw(st.integers(30, 300)) // 1000 * 10 or 10  # 30 % to 300 % of last year's
    actual = draw(st.integers(0, budget // 10)) * 10 or 10
    if kind == "new":
        prev = None
    elif kind == "ended":
        budget = actual = None
    elif kind == "unspent":
        actual = draw(st.sampled_from((None, 0)))
    return Item(name, prev, budget, actual)


def summed(name: str, children: list[Item]) -> Item:
    """A parent: each column the sum of its children's (`-` where every child prints `-`)."""
    def total(column: str) -> int | None:
        values = [getattr(child, column) for child in children]
        return None if all(value is None for value in values) else sum(value or 0 for value in values)
    return Item(name, total("prev"), total("budget"), total("actual"), children)


@st.composite
def revenue_tree(draw, depth: int = 0) -> Item:
    name = draw(names())
    if depth > 0 and (depth == MAX_REVENUE_DEPTH or draw(st.integers(0, 9)) < 3 + depth):
        return draw(leaf(name))
    return summed(name, draw(st.lists(revenue_tree(depth + 1), min_size=1, max_size=3)))


@st.composite
def expenditure_tree(draw, depth: int = 0) -> Item:
    """Bureau, departments, policy programmes, unit programmes, detail programmes (levels 0–4)."""
    name = draw(names()) if depth != 1 else draw(st.sampled_from(WORDS)) + draw(st.sampled_from(("과", "센터")))
    if depth == 4:
        return draw(leaf(name))
    return summed(name, draw(st.lists(expenditure_tree(depth + 1), min_size=1, max_size=3 if depth else 2)))


@st.composite
def wrong_values(draw, root: Item, table: str) -> list[str]:
    """Make a few printed values wrong: an amount (by a difference no sum of items equals: not a
    multiple of 10), a change, or a rate (by at least a point). One amount at most a row, and only
    where the item and its parent each keep another non-zero amount of this year that is right: what
    places a row must not be the value made wrong (an ended item's last-year budget alone, say)."""
    said: list[str] = []
    parent_of = {id(child): item for _, item in rows(root) for child in item.children}
    wrong: set[tuple[int, str]] = set()

    def anchored(item: Item | None, column: str) -> bool:
        """Whether a this-year amount of the item other than `column` is non-zero and right."""
        return item is None or any(getattr(item, other) and (id(item), other) not in wrong
                                   for other in ("budget", "actual") if other != column)

    items = [item for _, item in rows(root)]
    for _ in range(draw(st.integers(0, 2))):
        item = draw(st.sampled_from(items))
        kind = draw(st.sampled_from(AMOUNT_COLUMNS + ("change", "change_rate", "actual_rate")))
        value = getattr(item, kind)
        if value is None:
            continue
        if kind in AMOUNT_COLUMNS:
            if any(done == id(item) for done, _ in wrong) or not (
                    anchored(item, kind) and anchored(parent_of.get(id(item)), kind)):
                continue  # one wrong amount a row, and never what alone places it
            difference = draw(st.integers(101, 4_999)) * 10 + draw(st.integers(1, 9))
            setattr(item, kind, max(value - difference, 5) if draw(st.booleans()) and value > difference
                    else value + difference)
            wrong.add((id(item), kind))
            item.print_derived()
        elif kind == "change":
            item.change = value + draw(st.integers(101, 4_999)) * 10 + draw(st.integers(1, 9))
        else:
            setattr(item, kind, value + Decimal(draw(st.integers(10, 300))) / 10)
        said.append(f"{table}: {item.name} {kind}")
    return said


@st.composite
def executions(draw, expenditure: Item) -> list[list[Programme]]:
    """One or two execution tables of detail programmes that spent something (amounts as printed)."""
    details = [item for level, item in rows(expenditure) if level == 4 and item.budget and item.actual]
    tables = []
    for _ in range(draw(st.integers(1, 2))):
        chosen = draw(st.lists(st.sampled_from(details), min_size=1, max_size=4, unique_by=id)) if details else []
        programmes = []
        for item in chosen:
            committed = min(item.budget, item.actual + draw(st.integers(0, 1000)) * 10)
            expected = draw(st.integers(item.actual // 10, item.budget // 10)) * 10
            programmes.append(Programme(item.name, item.budget, committed, item.actual, max(expected, 10)))
        if programmes:
            tables.append(programmes)
    return tables


def trees_that_add_up(root: Item, max_depth: int | None, limit: int = 2) -> int:
    """How many trees (up to `limit`) its rows, in their printed order, could make where every
    parent is exactly the sum of its children in all three amounts: a search of every placement,
    cut where a parent overflows (no amount is negative)."""
    amounts = [tuple(getattr(item, column) or 0 for column in AMOUNT_COLUMNS) for _, item in rows(root)]

    def count(row: int, stack: tuple) -> int:
        if row == len(amounts):
            return int(all(not left or not has_children for left, has_children in
                           ((any(frame[0]), frame[1]) for frame in stack)))
        found = 0
        for depth in range(len(stack), 0, -1):  # under stack[depth - 1]; the frames above it close
            if any(any(frame[0]) and frame[1] for frame in stack[depth:]):
                break  # a parent closing short of its sum
            if max_depth is not None and depth > max_depth:
                continue
            left, _ = stack[depth - 1]
            rest = tuple(a - b for a, b in zip(left, amounts[row], strict=True))
            if min(rest) < 0:
                continue
            found += count(row + 1, stack[: depth - 1] + ((rest, True), (amounts[row], False)))
            if found >= limit:
                break
        return found

    return count(1, ((amounts[0], False),))


@st.composite
def reports(draw) -> Report:
    revenue, expenditure = draw(revenue_tree()), draw(expenditure_tree())
    assume(trees_that_add_up(revenue, None) == 1 and trees_that_add_up(expenditure, 4) == 1)
    for root in (revenue, expenditure):
        for _, item in rows(root):
            item.print_derived()
    execution = draw(executions(expenditure))  # before any wrong value: the programmes agree with the detail
    assume(execution)  # section Ⅱ holds one or two execution tables
    wrong = draw(wrong_values(revenue, "revenue_detail")) + draw(wrong_values(expenditure, "expenditure_detail"))
    return Report(draw(st.integers(2021, 2029)), revenue, expenditure, execution, wrong)
