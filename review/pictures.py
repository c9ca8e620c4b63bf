"""Pictures of a report's budget, as SVG written by hand: the expenditure budget as a treemap
(department → policy → unit programme; area = current budget, colour = execution rate), the
revenue budget by type, and each section Ⅱ execution table as budget against spent. Text stays
text (SVG `<text>`), so the browser's own fonts draw the Korean labels; the treemap's layout is
squarify's."""

from __future__ import annotations

from html import escape

import pandas as pd
import squarify

TREEMAP_WIDTH, TREEMAP_HEIGHT = 960, 540
LABEL_HEIGHT = 14
MIN_LABEL_WIDTH, MIN_LABEL_HEIGHT = 44, 13
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_WIDTH = 16, 6, 260, 560
NOTHING_SPENT, ALL_SPENT = (242, 215, 160), (31, 78, 140)
FONT = "font-family=\"'Nanum Gothic','NanumGothic','Noto Sans CJK KR','Malgun Gothic',sans-serif\""


def amount(value) -> str:
    """1234567 → "1,234,567"; a negative one with △, as the reports print it."""
    if value is None or pd.isna(value):
        return "-"
    number = int(value)
    return f"△{-number:,}" if number < 0 else f"{number:,}"


def rate_colour(rate: float | None) -> str:
    """A colour for an execution rate: from sand (nothing spent) to deep blue (all of it; more than
    all stays deep blue), mixed in RGB; grey where there is no rate."""
    if rate is None or pd.isna(rate):
        return "#d9d9d9"
    share = max(0.0, min(1.0, rate))
    mixed = (round(low + (high - low) * share) for low, high in zip(NOTHING_SPENT, ALL_SPENT, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def rate_legend() -> str:
    stops = "".join(f'<rect x="{40 + 24 * i}" y="2" width="24" height="14" fill="{rate_colour(i / 10)}"/>'
                    for i in range(11))
    return (f'<svg class="legend" viewBox="0 0 360 34" width="360" {FONT} font-size="11">{stops}'
            '<text x="40" y="30">0%</text><text x="152" y="30">50%</text><text x="280" y="30">100% 집행</text></svg>')


def dominant_item(detail: pd.DataFrame) -> tuple[int, str, float] | None:
    """(row_id, name, share %) of a department's item (level 2) that holds over half the budget, if any:
    it fills the treemap, so a second one leaves it out."""
    if detail.empty or not detail.iloc[0]["budget"]:
        return None
    total = float(detail.iloc[0]["budget"])
    items = detail[detail["level"] == 2].sort_values("budget", ascending=False)
    if items.empty or float(items.iloc[0]["budget"] or 0) <= total / 2:
        return None
    return int(items.iloc[0]["row_id"]), str(items.iloc[0]["name"]), 100 * float(items.iloc[0]["budget"]) / total


def expenditure_treemap(detail: pd.DataFrame, leave_out: int | None = None, identifier: str = "treemap") -> str:
    """Departments (level 1), their policy programmes (2) and unit programmes (3); area = budget."""
    if detail.empty:
        return ""
    kept = detail if leave_out is None else detail[detail["row_id"] != leave_out]
    children = {parent: frame for parent, frame in kept.groupby("parent_id")}
    root = detail.iloc[0]
    parts = [f'<svg id="{identifier}" class="treemap" viewBox="0 0 {TREEMAP_WIDTH} {TREEMAP_HEIGHT}" width="100%" '
             f'role="img" aria-label="세출예산 treemap" {FONT} font-size="11">']
    _nest(parts, children, root["row_id"], 0, 0, TREEMAP_WIDTH, TREEMAP_HEIGHT, depth=1, left_out=leave_out)
    parts.append("</svg>")
    return "\n".join(parts)


def _nest(parts, children, parent_id, x, y, width, height, depth, left_out=None) -> None:
    frame = children.get(parent_id)
    if frame is None or depth > 3:
        return
    rows = frame[frame["budget"].fillna(0) > 0].copy()
    if depth == 1 and left_out is not None:  # a department's size without the item left out
        rows["budget"] = [_without(children, row.row_id, row.budget) for row in rows.itertuples()]
        rows = rows[rows["budget"] > 0]
    rows = rows.sort_values("budget", ascending=False)
    if rows.empty or width < 2 or height < 2:
        return
    sizes = squarify.normalize_sizes(rows["budget"].astype(float).tolist(), width, height)
    for row, box in zip(rows.itertuples(), squarify.squarify(sizes, x, y, width, height), strict=True):
        rate = row.actual / row.budget if not pd.isna(row.actual) and row.budget else None
        title = (f"{row.path}\n예산현액 {amount(row.budget)} {row.unit}, 집행액 {amount(row.actual)}"
                 + (f" ({rate * 100:.1f}%)" if rate is not None else ""))
        parts.append(f'<g class="level{depth}"><title>{escape(title)}</title>'
                     f'<rect x="{box["x"]:.1f}" y="{box["y"]:.1f}" width="{box["dx"]:.1f}" height="{box["dy"]:.1f}" '
                     f'fill="{rate_colour(rate)}" stroke="#fff" stroke-width="{4 - depth}"/>')
        if box["dx"] >= MIN_LABEL_WIDTH and box["dy"] >= MIN_LABEL_HEIGHT:
            parts.append(f'<text x="{box["x"] + 3:.1f}" y="{box["y"] + 11:.1f}" '
                         f'font-weight="{"bold" if depth == 1 else "normal"}">{escape(_fit(row.name, box["dx"]))}'
                         f"</text>")
        parts.append("</g>")
        inner = LABEL_HEIGHT if box["dy"] > 2 * LABEL_HEIGHT else 0
        _nest(parts, children, row.row_id, box["x"] + 2, box["y"] + inner, box["dx"] - 4, box["dy"] - inner - 2,
              depth + 1)


def _without(children: dict, department: int, budget) -> float:
    """A department's budget as the sum of the items still kept under it."""
    kept = children.get(department)
    return float(kept["budget"].fillna(0).sum()) if kept is not None else 0.0


def _fit(name: str, width: float) -> str:
    """The name, cut to what fits the box (about 11 px a character)."""
    room = max(1, int(width // 11))
    return name if len(name) <= room else name[: max(1, room - 1)] + "…"


def bars(rows: list[tuple[str, float, float | None, int]], unit: str, identifier: str, first: str, second: str) -> str:
    """Horizontal bars: for each (label, first value, second value, indent), the first as an outline and
    the second filled inside it, both to one scale."""
    rows = [(label, total, None if part is None or pd.isna(part) else part, indent)
            for label, total, part, indent in rows if not pd.isna(total)]
    if not rows:
        return ""
    largest = max(max(abs(row[1]), abs(row[2] or 0)) for row in rows) or 1
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + 24
    parts = [f'<svg id="{identifier}" viewBox="0 0 {LABEL_WIDTH + BAR_WIDTH + 140} {height}" width="100%" role="img" '
             f'{FONT} font-size="12">',
             f'<text x="{LABEL_WIDTH}" y="12" fill="#555">□ {escape(first)}  ■ {escape(second)} '
             f"({escape(unit)})</text>"]
    for number, (label, total, part, indent) in enumerate(rows):
        y = 20 + number * (BAR_HEIGHT + BAR_GAP)
        full = BAR_WIDTH * abs(total) / largest
        done = BAR_WIDTH * abs(part or 0) / largest
        parts.append(f'<g><title>{escape(label)}: {escape(first)} {amount(total)}, {escape(second)} {amount(part)} '
                     f'{escape(unit)}</title>'
                     f'<text x="{4 + 12 * indent}" y="{y + 12}">{escape(_fit(label, LABEL_WIDTH - 12 * indent))}</text>'
                     f'<rect x="{LABEL_WIDTH}" y="{y}" width="{full:.1f}" height="{BAR_HEIGHT}" fill="#fff" '
                     f'stroke="#4a6fa5"/>'
                     f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{done:.1f}" height="{BAR_HEIGHT - 6}" '
                     f'fill="#4a6fa5"/>'
                     f'<text x="{LABEL_WIDTH + max(full, done) + 6:.1f}" y="{y + 12}" fill="#333">{amount(total)}'
                     f"</text></g>")
    parts.append("</svg>")
    return "\n".join(parts)


def revenue_bars(detail: pd.DataFrame) -> str:
    """The revenue budget by type: the levels under the root (1 and 2), budget against collected."""
    rows = [(row.name, row.budget, row.actual, int(row.level) - 1) for row in detail.itertuples()
            if row.level in (1, 2)]
    unit = detail["unit"].iloc[0] if not detail.empty else ""
    return bars(rows, unit, "revenue", "예산현액", "징수액")


def execution_bars(execution: pd.DataFrame) -> list[tuple[str, str]]:
    """(section, bars) of each section Ⅱ execution table: budget against spent."""
    found = []
    for section, frame in execution.groupby("section", sort=False):
        rows = [(row.program, row.budget, row.spent, 0) for row in frame.itertuples()]
        found.append((section, bars(rows, frame["unit"].iloc[0], f"execution-{section}", "예산현액", "지출액")))
    return found
