"""The reference report laid out as a bureau's Hangul export: its tables as ruled grids (org
chart, the four budget tables, every execution table, the 조정교부금 table, the 총괄 table, and one
small in-text grid that is not a data table), everything else as the text's own lines. The grid
cells hold what the text prints (names from the reference's tables, numbers as printed), so the
PDF must give the text's tables value for value."""

from __future__ import annotations

import pandas as pd

from extractors.form.shapes import EXECUTION_PATTERN, GRANT_PATTERN, full_row, trailing_counts, trailing_numbers
from tests.ruled_pdf import Grid, HeaderCell, Paragraphs

BUDGET_WIDTHS = [143, 68, 68, 66, 46, 68, 46]
EXECUTION_WIDTHS = [130, 60, 58, 58, 40, 40, 60, 40]
GRANT_WIDTHS = [70, 55, 55, 55, 55, 55, 55, 55, 45]
BUDGET_TITLES = {"revenue_summary": "세입총괄 (", "expenditure_summary": "세출총괄 (", "revenue_detail": "세입예산 (",
                 "expenditure_detail": "세출예산 ("}


def ruled_blocks(text: str, reference) -> list:
    lines = text.split("\n")
    tables = reference.tables
    grids = [_org(lines, tables["org_units"])]
    grids += [_budget(lines, tables[name], name, title) for name, title in BUDGET_TITLES.items()]
    grids += _executions(lines, tables["program_execution"])
    grids += [_grant(lines, tables["grant_scale"]), _summary(lines, tables["audit_summary"]), _facilities(lines)]
    blocks, position = [], 0
    for start, end, grid in sorted(grids, key=lambda found: found[0]):
        blocks += [Paragraphs(lines[position:start]), grid]
        position = end + 1
    return blocks + [Paragraphs(lines[position:])]


def _org(lines: list[str], units: pd.DataFrame):
    dated = next(i for i, line in enumerate(lines) if line.startswith("(기준 :"))
    start = _next_filled(lines, dated)
    end = int(units["source_line"].max()) - 1
    rows = [[row.name, "" if pd.isna(row.teams) else f"{row.teams}팀", f"{row.staff}명"] for row in units.itertuples()]
    header = [HeaderCell(0, 0, "부  서"), HeaderCell(0, 1, "팀"), HeaderCell(0, 2, "인  원")]
    return start, end, Grid([200, 80, 80], header, rows, wrap_names=False)


def _budget(lines: list[str], table: pd.DataFrame, name: str, title: str):
    start = _next_filled(lines, next(i for i, line in enumerate(lines) if title in line))
    rows, end = [], start
    for row in table.itertuples():
        tokens, end = _numbers(lines, int(row.source_line) - 1, 6)
        rows.append([row.name, *tokens])
    kind, doing = ("징수", "징수") if name.startswith("revenue") else ("집행", "집행")
    label = "정책/단위/세부사업별" if name == "expenditure_detail" else "구   분"
    header = [
        HeaderCell(0, 0, label, rowspan=2), HeaderCell(0, 1, "2022"), HeaderCell(0, 2, "2023"),
        HeaderCell(0, 3, "’22년 대비 증감", colspan=2), HeaderCell(0, 5, f"{kind}현황(9.30.기준)", colspan=2),
        HeaderCell(1, 1, "예산현액(A)"), HeaderCell(1, 2, "예산현액(B)"), HeaderCell(1, 3, "증감액"),
        HeaderCell(1, 4, "증감률"), HeaderCell(1, 5, f"{doing}액"), HeaderCell(1, 6, f"{doing}률"),
    ]
    return start, end, Grid(BUDGET_WIDTHS, header, rows, table["level"].tolist(), header_rows=2)


def _printed_rows(lines: list[str], table: pd.DataFrame, name_column: str, pattern) -> list[list[str]]:
    """Each extracted row as its grid cells: the name, then the numbers as printed on its line."""
    rows = []
    for name, source_line in zip(table[name_column], table["source_line"], strict=True):
        _, tokens = full_row(lines[int(source_line) - 1].strip(), pattern)
        rows.append([name, *tokens])
    return rows


def _executions(lines: list[str], execution: pd.DataFrame):
    found = []
    for _, table in execution.groupby((execution["source_line"].diff() > 10).fillna(False).cumsum()):
        first = int(table["source_line"].iloc[0]) - 1
        start = max(i for i in range(first) if lines[i].replace(" ", "").startswith("사업명"))
        rows = _printed_rows(lines, table, "program", EXECUTION_PATTERN)
        header = [
            HeaderCell(0, 0, "사업명", rowspan=2), HeaderCell(0, 1, "예산현액", rowspan=2),
            HeaderCell(0, 2, "집행액", colspan=2), HeaderCell(0, 4, "집행률(%)", colspan=2),
            HeaderCell(0, 6, "’23년말 집행예상액", colspan=2),
            *(HeaderCell(1, column, word) for column, word in
              zip(range(2, 8), ["원인행위", "지출액", "원인행위", "지출액", "예상액", "집행률"], strict=True)),
        ]
        found.append((start, int(table["source_line"].iloc[-1]) - 1, Grid(EXECUTION_WIDTHS, header, rows,
                                                                          header_rows=2)))
    return found


def _grant(lines: list[str], grants: pd.DataFrame):
    start = next(i for i, line in enumerate(lines) if line.startswith("구 분 2023 예산"))
    rows = _printed_rows(lines, grants, "type", GRANT_PATTERN)
    header = [
        HeaderCell(0, 0, "구 분", rowspan=2), HeaderCell(0, 1, "2023 예산", colspan=3),
        HeaderCell(0, 4, "2022 예산", colspan=3), HeaderCell(0, 7, "증 감", colspan=2),
        *(HeaderCell(1, column, word) for column, word in
          zip(range(1, 9), ["소계(A)", "본예산", "추경예산", "소계(B)", "본예산", "추경예산", "(A-B)", "%"],
              strict=True)),
    ]
    return start, int(grants["source_line"].iloc[-1]) - 1, Grid(GRANT_WIDTHS, header, rows, header_rows=2,
                                                                 wrap_names=False)


def _summary(lines: list[str], summary: pd.DataFrame):
    """The 총괄 table with a two-row header: 구분, then 계 and the statuses under a merged cell."""
    start = next(i for i, line in enumerate(lines) if line.startswith("구 분 계"))
    rows = [[row.category, *trailing_counts(lines[int(row.source_line) - 1].strip())[1]]
            for row in summary.itertuples()]
    header = [HeaderCell(0, 0, "구 분", rowspan=2), HeaderCell(0, 1, "조치내역", colspan=5),
              *(HeaderCell(1, column, word) for column, word in
                zip(range(1, 6), ["계", "완 료", "추진중", "검토중", "미반영"], strict=True))]
    return start, int(summary["source_line"].iloc[-1]) - 1, Grid([150, 55, 55, 55, 55, 55], header, rows,
                                                                 header_rows=2, wrap_names=False)


def _facilities(lines: list[str]):
    """Section Ⅱ's small grid of training centres: words, not a data table; read as text."""
    start = next(i for i, line in enumerate(lines) if line.startswith("시설명"))
    words = ["속 초(직영)", "서 천(위탁)", "수안보(위탁)", "제주(임차)"]
    header = [HeaderCell(0, 0, "시설명")] + [HeaderCell(0, i + 1, word) for i, word in enumerate(words)]
    rows = [["객실수", "80실", "151실", "110실", "77실"],
            ["규  모", "지하2층~지상8층(1동)", "지하2층~지상4층(4동)", "지하2층~지상6층(4동)", "지하1층~지상4층(3동)"]]
    return start, start + 2, Grid([60, 110, 110, 110, 110], header, rows, wrap_names=False)


def _numbers(lines: list[str], index: int, count: int) -> tuple[list[str], int]:
    """A row's printed numbers, from its line and the lines its numbers wrap onto; and its last line."""
    _, tokens = trailing_numbers(lines[index].strip())
    while len(tokens) < count:
        index = _next_filled(lines, index)
        tokens += lines[index].split()
    return tokens, index


def _next_filled(lines: list[str], index: int) -> int:
    index += 1
    while not lines[index].strip():
        index += 1
    return index
