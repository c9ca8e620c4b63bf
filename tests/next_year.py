"""Rewrite the reference report the way next year's will differ, and say exactly which tables
the pipeline must then recover.

- years shifted by one (2023 → 2024, ’22 → ’23, …) everywhere;
- both section Ⅲ detail tables regenerated from the reference's trees: detail programmes
  dropped and new ones added (순증), one department renamed, every amount drawn anew so that
  parents are the sums of their children and changes and rates agree;
- names wrapped at other points (up to five lines, a blank line now and then, the numbers on
  the last name line or on their own line, now and then the numbers themselves wrapped),
  page headers moved, indentation removed or made of ASCII spaces, middle dots swapped;
- CRLF line ends and the CP949 encoding, where chosen.
The other sections keep their text (with years shifted), so their tables are the reference's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import regex

from schemas import TABLES, conform

YEAR = regex.compile(r"(?<![\d,.])(20\d\d)(?![\d,])|(?<=[’‘'])(\d\d)(?=[.년\s])")
DOTS = "·‧ㆍ"
NEW_NAMES = ["신규 협력사업", "청년 참여 지원사업", "주민 소통 공간 운영", "디지털 행정 혁신 지원", "생활권 협력 강화"]
CP949_LOOKALIKES = str.maketrans("‣․‧‵◦\uf000｢｣･", "▶··`○■「」·")
DETAIL_TABLES = ("revenue_detail", "expenditure_detail")
REVENUE_HEADER = ["구   분 2023 ", "예산현액", "", "2024", "예산현액", "", "’23년 대비 증감 징수현황(9.30.기준)",
                  "증감액 증감률 징수액 징수율"]
EXPENDITURE_HEADER = ["정책/단위/", "세부사업별", "", "2023 ", "예산현액", "", "2024", "예산현액", "",
                      "’23년 대비 증감 집행현황(9.30.기준)", "증감액 증감률 집행액 집행률"]


@dataclass
class Node:
    name: str
    children: list[Node] = field(default_factory=list)
    new: bool = False
    prev: int | None = None
    budget: int = 0
    actual: int = 0


@dataclass(frozen=True)
class Choices:
    """What the next year changes; hypothesis draws these."""

    seed: int
    dropped: int
    added: int
    crlf: bool
    cp949: bool


def shift_years(text: str) -> str:
    return YEAR.sub(lambda m: str(int(m[1]) + 1) if m[1] else f"{int(m[2]) + 1:02d}", text)


def next_years_report(reference_text: str, reference, choices: Choices) -> tuple[bytes, dict[str, pd.DataFrame]]:
    """The new report's bytes, and the tables the pipeline must recover from them (provenance aside)."""
    rng = random.Random(choices.seed)
    lines = reference_text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Ⅲ."))
    end = next(i for i, line in enumerate(lines) if line.startswith("Ⅳ."))
    titles = {name: next(line for line in lines[start:end] if word in line and "단위" in line)
              for name, word in (("revenue_detail", "세입예산"), ("expenditure_detail", "세출예산"))}
    expected = {name: _shifted(frame) for name, frame in reference.tables.items()}
    section = [shift_years(lines[start]), ""]
    for name in DETAIL_TABLES:
        tree = _tree(reference.tables[name])
        _mutate(tree, rng, choices, renaming=name == "expenditure_detail")
        _fill(tree, rng)
        rows = _rows(tree)
        expected[name] = _frame(rows, name)
        header = REVENUE_HEADER if name == "revenue_detail" else EXPENDITURE_HEADER
        first = header if name == "revenue_detail" else [" 증감액 증감률 집행액 집행률"]
        section += [shift_years(titles[name]), *first, *_render(rows, rng, header), "", "", ""]
    text = "\n".join([*(shift_years(x) for x in lines[:start]), *section, *(shift_years(x) for x in lines[end:])])
    if choices.cp949:
        text = text.translate(CP949_LOOKALIKES)
        expected = {name: _translated(frame) for name, frame in expected.items()}
    if choices.crlf:
        text = text.replace("\n", "\r\n")
    return text.encode("cp949" if choices.cp949 else "utf-8"), expected


def _tree(frame: pd.DataFrame) -> Node:
    nodes = {row.row_id: Node(shift_years(row.name)) for row in frame.itertuples()}
    for row in frame.itertuples():
        if not pd.isna(row.parent_id):
            nodes[row.parent_id].children.append(nodes[row.row_id])
    return nodes[frame["row_id"].iloc[0]]


def drop_leaves(root: Node, rng: random.Random, count: int) -> None:
    """Drop `count` leaves, each from a parent that keeps another child."""
    for _ in range(count):
        parents = [n for n in _walk(root) if len(n.children) >= 2 and any(not c.children for c in n.children)]
        if parents:
            parent = rng.choice(parents)
            parent.children.remove(rng.choice([c for c in parent.children if not c.children]))


def add_leaves(root: Node, rng: random.Random, count: int, named=None) -> list[Node]:
    """Add `count` new leaves (순증) beside leaves; `named(number)` names each."""
    added = []
    for number in range(count):
        parents = [n for n in _walk(root) if n.children and n is not root and all(not c.children for c in n.children)]
        parent = rng.choice(parents)
        name = named(number) if named else f"{rng.choice(NEW_NAMES)} {'가나다라마바'[number % 6]}형"
        added.append(Node(name, new=True))
        parent.children.insert(rng.randrange(len(parent.children) + 1), added[-1])
    return added


def _mutate(root: Node, rng: random.Random, choices: Choices, renaming: bool) -> None:
    drop_leaves(root, rng, choices.dropped)
    add_leaves(root, rng, choices.added)
    if renaming:
        department = rng.choice(root.children)
        old, new = department.name, department.name[:-1] + "혁신" + department.name[-1]
        for node in _walk(department):
            node.name = node.name.replace(old, new)
    for node in _walk(root):
        if "·" in node.name:
            node.name = node.name.replace("·", rng.choice(DOTS))


def _fill(node: Node, rng: random.Random) -> None:
    if node.children:
        for child in node.children:
            _fill(child, rng)
        node.budget = sum(c.budget for c in node.children)
        node.actual = sum(c.actual for c in node.children)
        prev = sum(c.prev or 0 for c in node.children)
        node.prev = prev or None
        node.new = False
        return
    node.budget = rng.randint(1_000, 9_000_000)
    node.actual = rng.randint(0, node.budget)
    node.prev = None if node.new else rng.randint(1_000, 9_000_000)


def _walk(node: Node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _rows(root: Node) -> list[dict]:
    rows: list[dict] = []

    def visit(node: Node, parent: int | None, level: int, path: str) -> None:
        path = node.name if parent is None else f"{path} > {node.name}"
        change = node.budget - (node.prev or 0)
        rows.append({
            "row_id": len(rows) + 1, "parent_id": parent, "level": level, "name": node.name, "path": path,
            "budget_prev": node.prev, "budget": node.budget, "change": change or None,
            "change_rate": None if node.new or not node.prev or not change else _rate(change, node.prev),
            "is_new": node.new, "actual": node.actual, "actual_rate": _rate(node.actual, node.budget),
        })
        me = len(rows)
        for child in node.children:
            visit(child, me, level + 1, path)

    visit(root, None, 0, "")
    return rows


def _frame(rows: list[dict], name: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["fiscal_year"] = 2024
    frame["unit"] = "천원"
    frame["source_page"] = None
    frame["source_line"] = 0
    return conform(frame, TABLES[name])


def _render(rows: list[dict], rng: random.Random, header: list[str]) -> list[str]:
    out: list[str] = []
    for row in rows:
        if row["row_id"] > 1 and rng.random() < 0.04:
            out += ["", "", "", *header, ""]
        fragments = _wrapped(row["name"], rng)
        indent = _indent(row["level"], rng)
        numbers = _numbers(row)
        printed = [indent + fragments[0], *fragments[1:]]
        for fragment in printed[:-1]:
            out.append(fragment + (" " if rng.random() < 0.3 else ""))
            if rng.random() < 0.15:
                out.append("")
        last = printed[-1]
        if rng.random() < 0.25:
            out += [last, "" if rng.random() < 0.5 else None, " ".join(numbers)]
        elif rng.random() < 0.05:
            out += [f"{last} {numbers[0]}", " ".join(numbers[1:])]
        else:
            out.append(f"{last} {' '.join(numbers)}")
        out = [x for x in out if x is not None]
        if rng.random() < 0.3:
            out.append("")
    return out


def _wrapped(name: str, rng: random.Random) -> list[str]:
    """The name cut into up to five fragments, at spaces or before a "(" that follows no space."""
    cuts = [i for i, char in enumerate(name) if char == " " or (char == "(" and i and name[i - 1] != " ")]
    cuts = [i for i in cuts if i + 1 < len(name) and name[i + 1] != "("]
    chosen = sorted(rng.sample(cuts, k=min(len(cuts), rng.randint(0, 4)))) if cuts else []
    fragments, start = [], 0
    for cut in chosen:
        fragments.append(name[start:cut])
        start = cut + 1 if name[cut] == " " else cut
    fragments.append(name[start:])
    if any(_unsafe(fragment) for fragment in fragments):
        return [name]
    return fragments


def _unsafe(fragment: str) -> bool:
    words = fragment.split()
    return not words or (len(words) > 1 and all(len(w) == 1 for w in words)) or regex.fullmatch(r"[\d\s]+", fragment)


def _indent(level: int, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4 or level == 0:
        return ""
    if roll < 0.5:
        return "  " * level
    return "\u3000" * (level - 1) if level > 1 else ""


def _numbers(row: dict) -> list[str]:
    def amount(value):
        return "-" if value is None else (f"△{-value:,}" if value < 0 else f"{value:,}")

    def rate(value):
        return "-" if value is None else (f"△{-value:.1f}%" if value < 0 else f"{value:.1f}%")

    return [amount(row["budget_prev"]), amount(row["budget"]), amount(row["change"]),
            "순증" if row["is_new"] else rate(row["change_rate"]), amount(row["actual"]), rate(row["actual_rate"])]


def _rate(numerator: int, denominator: int) -> float:
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _shifted(frame: pd.DataFrame) -> pd.DataFrame:
    shifted = frame.copy()
    for column in shifted.columns:
        if shifted[column].dtype == "string":
            shifted[column] = shifted[column].map(lambda v: v if pd.isna(v) else shift_years(v)).astype("string")
    for column in ("fiscal_year", "audit_year"):
        if column in shifted:
            shifted[column] = shifted[column] + 1
    return shifted


def _translated(frame: pd.DataFrame) -> pd.DataFrame:
    translated = frame.copy()
    for column in translated.columns:
        if translated[column].dtype == "string":
            translated[column] = translated[column].map(
                lambda v: v if pd.isna(v) else v.translate(CP949_LOOKALIKES)).astype("string")
    return translated
