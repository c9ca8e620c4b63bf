"""A small report of ruled grids with the cases the reference report lacks: amounts in 백만원, a
detail table whose names wrap over three lines and which runs over pages (its header repeated), with
ended programmes (budget and actual printed `-`, last year's budget printed: one beside other
detail programmes, one the only child of its unit), an org chart with an empty team cell, a 총괄
table with its statuses under a merged cell, and a revenue grid whose rows cannot be read. Its right
answer is known: `expected_detail()`, `expected_parents()` and the constants."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tests.ruled_pdf import Grid, HeaderCell, Paragraphs

UNIT = "백만원"
FISCAL_YEAR = 2024
ORG = [("가람과", 2, 12), ("누리센터", None, 8)]
DEPARTMENTS = ("가람과", "누리센터")
POLICIES = ("주민 참여형 생활권 정비 및 공동체 활성화", "디지털 행정 서비스 고도화(민원 처리 체계 개편)")
UNITS = ("생활권 정비 기반 조성", "공동체 역량 강화 지원")
DETAILS = ("마을 단위 주민 참여 공간 조성 및 운영 지원 사업", "노후 공공시설 안전 점검 및 보수 정비(1단계)",
           "지역 공동체 활동가 양성 교육 과정 운영", "생활권 협력 네트워크 구축 및 성과 공유 행사")
# Ended programmes: (under the first unit of the first policy, beside its other details), and a unit of
# its own whose only detail programme ended.
ENDED_BESIDE = "폐지 사업 정산(시범 운영 종료)"
ENDED_UNIT, ENDED_ALONE = "종료 사업 정리", "마을 활동 거점 시범 운영"
NAME_WIDTH = 130
WIDTHS = [NAME_WIDTH, 62, 62, 60, 46, 62, 46]
SUMMARY_STATUSES = ["계", "완 료", "추진중", "검토중", "미반영"]


def detail_rows() -> list[tuple[int, str, int, int | None, int | None]]:
    """(level, name, previous budget, budget, actual) of every row, parents the sums of their
    children; an ended programme's budget and actual are None (printed `-`)."""
    leaves: list[tuple] = []
    rows: list[tuple] = []

    def node(level: int, name: str, children: list) -> tuple:
        position = len(rows)
        rows.append((level, name, 0, 0, 0))
        if children == "ended":
            amounts = (len(leaves) * 110 + 40, None, None)
            leaves.append((level, name, *amounts))
        elif not children:
            seed = len(leaves) + 1
            amounts = (seed * 130 + 70, seed * 150 + 90, seed * 90 + 20)
            leaves.append((level, name, *amounts))
        else:
            sums = [node(level + 1, child, grand) for child, grand in children]
            amounts = tuple(None if all(part is None for part in parts) else sum(part or 0 for part in parts)
                            for parts in zip(*sums, strict=True))
        rows[position] = (level, name, *amounts)
        return amounts

    def units(first: bool) -> list:
        found = [(unit, [(detail, []) for detail in DETAILS]) for unit in UNITS]
        if first:
            found[0][1].insert(1, (ENDED_BESIDE, "ended"))
            found.append((ENDED_UNIT, [(ENDED_ALONE, "ended")]))
        return found

    tree = [(department, [(policy, units(d == 0 and p == 0)) for p, policy in enumerate(POLICIES)])
            for d, department in enumerate(DEPARTMENTS)]
    node(0, "미르본부", tree)
    return rows


def expected_detail() -> list[dict]:
    return [{"level": level, "name": name, "budget_prev": prev, "budget": budget, "actual": actual,
             "change": (budget or 0) - prev, "change_rate": _rate((budget or 0) - prev, prev),
             "actual_rate": None if budget is None else _rate(actual, budget)}
            for level, name, prev, budget, actual in detail_rows()]


def expected_parents() -> list[int | None]:
    """The row_id of each row's parent, from the levels (rows come in pre-order)."""
    parents, open_rows = [], []
    for row_id, (level, *_rest) in enumerate(detail_rows(), start=1):
        del open_rows[level:]
        parents.append(open_rows[-1] if open_rows else None)
        open_rows.append(row_id)
    return parents


def ruled_cases() -> list:
    detail = detail_rows()
    departments = [row for row in detail if row[0] <= 1]
    return [
        Paragraphs(["Ⅰ. 일반 현황", "", "\uf000 조직 현황 : 2과 20명", "(기준 : 2024. 6. 30.)"]),
        Grid([200, 80, 80], [HeaderCell(0, 0, "부  서"), HeaderCell(0, 1, "팀"), HeaderCell(0, 2, "인  원")],
             [[name, "" if teams is None else f"{teams}팀", f"{staff}명"] for name, teams, staff in ORG],
             wrap_names=False),
        Paragraphs(["", "\uf000 예산 개요", "  ㅇ 세출 총괄표 (2024. 6. 30. 기준, 단위 : 백만원, %)"]),
        Grid(WIDTHS, _budget_header("구 분"), [_cells(("계",) + row[1:]) if row[0] == 0 else _cells(row)
                                              for row in departments],
             [row[0] for row in departments], header_rows=2, wrap_names=False),
        Paragraphs(["", "", "", "Ⅱ. 2024 세입·세출 예산 내역", "",
                    "\uf000 세출예산 (2024. 6. 30. 기준, 단위 : 백만원, %)"]),
        Grid(WIDTHS, _budget_header("정책/단위/세부사업별"), [_cells(row) for row in detail],
             [row[0] for row in detail], header_rows=2),
        Paragraphs(["", "\uf000 세입예산 (2024. 6. 30. 기준, 단위 : 백만원, %)"]),
        Grid(WIDTHS, _budget_header("구 분"), [["사용료 수입", "1,000", "2,000", "미정", "미정", "미정", "미정"]],
             header_rows=2),
        Paragraphs(["", "", "", "Ⅲ. 2023 행정사무감사 지적사항 처리결과", "", "□ 총 괄", "",
                    "○ 수감결과 처리요구사항 등 ---------- 총 2 건", ""]),
        Grid([150, 55, 55, 55, 55, 55],
             [HeaderCell(0, 0, "구 분", rowspan=2), HeaderCell(0, 1, "처리현황", colspan=5),
              *(HeaderCell(1, i + 1, word) for i, word in enumerate(SUMMARY_STATUSES))],
             [["계", "2", "1", "1", "-", "-"], ["시정요구사항", "2", "1", "1", "-", "-"]], header_rows=2,
             wrap_names=False),
        Paragraphs(["", "", "", "시정요구사항", "", "시정요구사항 조치결과", "", "○ 주민 참여 공간의 운영 시간을",
                    "늘릴 것", "(가람과)", "□ 추진상황 : 완료", "□ 추진내용", "◦ 운영 시간을 21시까지 연장",
                    "○ 민원 처리 기간을 줄일 것", "(누리센터)", "□ 추진상황 : 추진중", "□ 추진내용",
                    "◦ 처리 체계 개편 용역 중"]),
    ]


def _budget_header(label: str) -> list[HeaderCell]:
    return [HeaderCell(0, 0, label, rowspan=2), HeaderCell(0, 1, "2023"), HeaderCell(0, 2, "2024"),
            HeaderCell(0, 3, "’23년 대비 증감", colspan=2), HeaderCell(0, 5, "집행현황", colspan=2),
            HeaderCell(1, 1, "예산현액"), HeaderCell(1, 2, "예산현액"), HeaderCell(1, 3, "증감액"),
            HeaderCell(1, 4, "증감률"), HeaderCell(1, 5, "집행액"), HeaderCell(1, 6, "집행률")]


def _cells(row: tuple) -> list[str]:
    _, name, prev, budget, actual = row
    if budget is None:  # an ended programme
        return [name, f"{prev:,}", "-", _amount(-prev), _percent(-100.0), "-", "-"]
    change = budget - prev
    return [name, f"{prev:,}", f"{budget:,}", _amount(change), _percent(_rate(change, prev)), f"{actual:,}",
            _percent(_rate(actual, budget))]


def _amount(value: int) -> str:
    return f"△{-value:,}" if value < 0 else f"{value:,}"


def _percent(value: float) -> str:
    return f"△{-value:.1f}%" if value < 0 else f"{value:.1f}%"


def _rate(numerator: int, denominator: int) -> float:
    return float((Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
