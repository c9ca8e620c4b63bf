"""Random reports in three formats (tests/random_report): each rendering must give the model's
tree and numbers exactly, and the findings an independent checker computes on the model.

`make test` runs a seeded sample (RANDOM_REPORTS per format, 10 unless set); `make test-random`
runs 300 per format in chunks (RANDOM_CHUNKS), without the per-test timeout."""

from __future__ import annotations

import os
from collections import Counter
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from checks.findings import findings_from
from checks.run import run_checks
from extractors import extract
from extractors.form.lines import FOOTNOTE, LABEL
from extractors.read import read_lines
from tests.random_report import rendered
from tests.random_report.checker import expected_findings
from tests.random_report.model import Item, Programme, Report, reports, rows, summed
from tests.random_report.rendered import Layout, layouts

EXAMPLES = int(os.environ.get("RANDOM_REPORTS", "10"))
CHUNKS = int(os.environ.get("RANDOM_CHUNKS", "1"))
FORMATS = ("text", "pdf", "hwpx")
BUDGET_COLUMNS = ["level", "name", "budget_prev", "budget", "change", "change_rate", "is_new", "actual", "actual_rate"]
EXECUTION_COLUMNS = ["section", "program", "budget", "committed", "spent", "committed_rate", "spent_rate",
                     "expected_year_end", "expected_rate"]
# Section Ⅰ is missing where the numbering (Ⅱ, Ⅲ) says it should be there: an error; Ⅳ only a warning.
MISSING_SECTIONS = Counter({("section_missing||일반현황|", "error"): 1,
                            ("section_missing||행정사무감사 지적사항 처리 결과|", "warning"): 1})


@pytest.mark.parametrize("chunk", range(CHUNKS))
@pytest.mark.parametrize("rendering", FORMATS)
def test_a_random_report_gives_its_models_tables_and_findings(rendering, chunk, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"random-{rendering}")

    @seed(chunk)
    @settings(max_examples=max(1, EXAMPLES // CHUNKS), deadline=None, database=None, print_blob=True,
              phases=[Phase.explicit, Phase.generate, Phase.shrink],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(report=reports(), layout=layouts)
    def the_rendering_reads_as_its_model(report: Report, layout: Layout):
        reads_as_its_model(rendering, report, layout, folder)

    the_rendering_reads_as_its_model()


@pytest.mark.parametrize("grouped", [False, True])
@pytest.mark.parametrize("rendering", FORMATS)
def test_ended_items_first_last_and_only_children_hang_where_last_year_puts_them(rendering, grouped, tmp_path):
    # Ended items (this year `-`, last year printed) as a first, a last and an only child; every
    # row indented as its siblings are; a grouping column merged down over the rows, and footnotes.
    layout = Layout(seed=5, indent_step=1, first_level_indented=True, jitter=0.0, wrap=0.3, number_wrap=0.0,
                    page_rows=0, grouped=grouped, page_header=grouped, footnote=True, text_box=grouped)
    report = ended_items_report()
    reads_as_its_model(rendering, report, layout, tmp_path)
    parents = extract(write(rendering, report, layout, tmp_path)).tables["expenditure_detail"]
    by_name = dict(zip(parents["name"], parents["parent_id"], strict=True))
    names = dict(zip(parents["row_id"], parents["name"], strict=True))
    assert {name: names[by_name[name]] for name in ("종료 첫째", "종료 마지막", "종료 홀로")} == {
        "종료 첫째": "생활권 정비", "종료 마지막": "생활권 정비", "종료 홀로": "종료 사업 정리"}


def ended_items_report() -> Report:
    def item(name, prev, budget, actual, children=()):
        return Item(name, prev, budget, actual, list(children))

    unit = summed("생활권 정비", [item("종료 첫째", 40_000, None, None),
                             item("마을 공간 조성", 120_000, 150_000, 90_000),
                             item("시설 점검", 80_000, 70_000, 30_000), item("종료 마지막", 60_000, None, None)])
    alone = summed("종료 사업 정리", [item("종료 홀로", 25_000, None, None)])
    other = summed("공동체 역량 강화", [item("활동가 양성", 30_000, 45_000, 20_000)])
    policy = summed("주민 참여 기반 조성", [unit, alone, other])
    bureau = summed("미르본부", [summed("가람과", [policy])])
    revenue = summed("세입 합계", [summed("사용료 수입", [item("시설 사용료", 9_000, 9_500, 4_000),
                                                    item("폐지 수수료", 1_500, None, None)])])
    for root in (bureau, revenue):
        for _, row in rows(root):
            row.print_derived()
    execution = [Programme("마을 공간 조성", 150_000, 120_000, 90_000, 140_000)]
    return Report(2024, revenue, bureau, [execution])


def reads_as_its_model(rendering: str, report: Report, layout: Layout, folder) -> None:
    """The rendering gives the model's tables, the checker's findings, its furniture as unparsed
    lines, each grouping label once and each footnote as a line."""
    path = write(rendering, report, layout, folder)
    extraction = extract(path)
    assert budget_rows(extraction, "revenue_detail") == model_rows(report.revenue), report.wrong
    assert budget_rows(extraction, "expenditure_detail") == model_rows(report.expenditure), report.wrong
    assert execution_rows(extraction) == model_executions(report)
    findings = findings_from(run_checks(extraction).comparisons, extraction.gaps)
    found = Counter(zip(findings["key"], findings["severity"], strict=True))
    assert found == expected_findings(report) + MISSING_SECTIONS, report.wrong
    assert set(extraction.unparsed["text"]) == furniture(rendering, report, layout)
    lines = read_lines(path)
    read = [_words(line.stripped) for line in lines if line.role == LABEL]
    assert [label for label in read if label != "회계"] == labels(rendering, report, layout)
    assert ("회계" in read) == bool(labels(rendering, report, layout))  # the column's header (once a page)
    notes = [line.stripped for line in lines if line.role == FOOTNOTE]
    assert notes == sorted(furniture(rendering, report, layout) - {rendered.page_header(report)})


def write(rendering: str, report: Report, layout: Layout, folder):
    if rendering == "text":
        path = folder / "report.txt"
        path.write_text(rendered.text(report, layout), encoding="utf-8")
        return path
    if rendering == "pdf":
        return rendered.pdf(report, layout, folder / "report.pdf", folder)
    return rendered.hwpx(report, layout, folder / "report.hwpx")


def budget_rows(extraction, table: str) -> list[tuple]:
    frame = extraction.tables[table]
    return [tuple(_plain(value) for value in row) for row in frame[BUDGET_COLUMNS].itertuples(index=False)]


def model_rows(root) -> list[tuple]:
    return [(level, item.name, item.prev, item.budget, item.change, _rate(item.change_rate), item.is_new,
             item.actual, _rate(item.actual_rate)) for level, item in rows(root)]


def execution_rows(extraction) -> list[tuple]:
    frame = extraction.tables["program_execution"]
    return [tuple(_plain(value) for value in row) for row in frame[EXECUTION_COLUMNS].itertuples(index=False)]


def model_executions(report: Report) -> list[tuple]:
    return [(f"1-{number}", p.name, p.budget, p.committed, p.spent, *(_rate(r) for r in p.rates[:2]), p.expected,
             _rate(p.rates[2])) for number, programmes in enumerate(report.executions, start=1) for p in programmes]


def furniture(rendering: str, report: Report, layout: Layout) -> set[str]:
    """The printed lines no table holds: a PDF's running head, a Hangul file's footnotes."""
    if rendering == "pdf" and layout.page_header:
        return {rendered.page_header(report)}
    if rendering == "hwpx" and layout.footnote:
        return {f"{number}) {rendered.footnote_text(report)}" for number in range(1, len(report.executions) + 1)}
    return set()


def labels(rendering: str, report: Report, layout: Layout) -> list[str]:
    """Each grid's grouping labels, in order, without blanks: once each."""
    if rendering == "text" or not layout.grouped:
        return []
    grids = [block for block in rendered.blocks(report, layout) if not isinstance(block, rendered.Paragraphs)]
    return [_words(label) for grid in grids for label, _ in grid.groups]


def _words(text: str) -> str:
    """A label without its blanks: "회  계" is printed spaced out, read as "회계"."""
    return "".join(text.split())


def _rate(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value
