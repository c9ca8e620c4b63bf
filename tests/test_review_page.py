"""The review page in a real browser (Debian's headless Chromium, driven by Playwright; nothing is
downloaded) with the network blocked: every finding with its printed lines, filters that change
what is visible, the budget drawn with its labels, no request leaving the page; and the way from
exit 3 to exit 0 by pasting the page's lines into the reviewed file. A screenshot of the reference
report's page is left in .artifacts/ (not committed)."""

import json
import shutil

import pytest

from flows.cli import main
from flows.run import run_report
from review import paste_line
from tests.conftest import REFERENCE, ROOT

ARTIFACTS = ROOT / ".artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Offline:
    """A page whose every request to anything but a local file is refused, and recorded."""

    def __init__(self, browser, path):
        self.url = path.resolve().as_uri()
        self.refused: list[str] = []
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.page.route("**/*", self._route)
        self.page.goto(self.url)

    def _route(self, route):
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def visible(self, selector: str) -> int:
        return sum(1 for element in self.page.query_selector_all(selector) if element.is_visible())


@pytest.fixture(scope="module")
def reference_page(browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("review") / "reference"
    assert run_report(REFERENCE, out).exit_code == 0
    page = Offline(browser, out / "review.html")
    yield page
    page.page.close()


def test_every_finding_of_the_reference_is_shown_with_its_printed_lines(reference_page):
    page = reference_page.page
    assert page.inner_text("#status") == "ok"
    assert reference_page.visible('.finding[data-severity="error"][data-reviewed="true"]') == 27
    assert reference_page.visible('.finding[data-severity="warning"]') == 8
    assert reference_page.visible(".finding pre.context .here") == 35
    finding = page.locator(".finding", has_text="summary_matches_detail|expenditure_summary|계 > 사업비|budget_prev")
    assert "197,990,777" in finding.locator(".here mark").inner_text()
    assert "the 남북협력과 one reviewed above" in finding.locator(".reviewed").inner_text()
    sums = page.locator(".finding", has_text="parent_equals_sum_of_children|revenue_summary|계|budget_prev")
    assert sums.locator(".operands tr").count() == 5  # header, 세외수입, 국고보조금등, 보전수입등, sum
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
    assert reference_page.refused == []


def test_the_filters_change_what_is_visible(reference_page):
    page = reference_page.page
    page.select_option("#severity", "warning")
    assert reference_page.visible(".finding") == 8 and page.inner_text("#shown") == "8"
    page.select_option("#severity", "all")
    page.select_option("#review", "reviewed")
    assert reference_page.visible(".finding") == 27
    page.select_option("#review", "unreviewed")
    assert reference_page.visible('.finding[data-severity="warning"]') == 8 and reference_page.visible(".finding") == 8
    page.select_option("#review", "all")
    assert reference_page.visible(".finding") == 35


def test_the_budget_is_drawn_with_its_labels(reference_page):
    page = reference_page.page
    labels = page.locator("#treemap text").all_text_contents()
    assert "자치행정과" in labels and len(labels) > 10
    assert "총무과" in page.locator("#treemap-rest text").all_text_contents()
    box = page.locator("#treemap").bounding_box()
    assert box["width"] > 800 and box["height"] > 400
    assert page.locator("#treemap text").first.bounding_box()["width"] > 0  # drawn by the browser's own fonts
    assert "세외수입" in page.locator("#revenue text").all_text_contents()
    assert page.locator("svg[id^=execution-]").count() == 7
    assert reference_page.refused == []


def test_pasting_the_pages_lines_takes_a_new_report_from_exit_3_to_exit_0(browser, tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    report = raw / "new.txt"
    shutil.copy(REFERENCE, report)
    out = tmp_path / "out" / "new"
    assert main(["run", str(report), "--out", str(out)]) == 3
    assert f"  review: {out / 'review.html'}" in capsys.readouterr().out.splitlines()
    page = Offline(browser, out / "review.html")
    lines = page.page.locator(".finding[data-reviewed=false][data-severity=error] code.paste").all_inner_texts()
    assert len(lines) == 27 and len(set(lines)) == 27
    assert page.page.inner_text("#all-paste").splitlines()[0] == "key,note"
    page.page.close()
    reviews = "key,note\n" + "".join(f"{line}checked against the printed report: kept as printed\n" for line in lines)
    (raw / "new.reviewed.csv").write_text(reviews, encoding="utf-8")
    assert main(["run", str(report), "--out", str(out)]) == 0
    assert json.loads((out / "manifest.json").read_text())["review_page"] == "review.html"


def test_the_page_of_every_report_links_to_each(browser, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a", "b"):
        shutil.copy(REFERENCE, raw / f"{name}.txt")
    shutil.copy(REFERENCE.with_name(REFERENCE.stem + ".reviewed.csv"), raw / "a.reviewed.csv")
    assert main(["run", str(raw), "--out", str(tmp_path / "out"), "--workers", "1"]) == 3
    page = Offline(browser, tmp_path / "out" / "_all" / "review.html")
    rows = page.page.locator("#reports tr").all_inner_texts()
    assert [row.split("\t")[:3] for row in rows[1:]] == [["a", "2023", "ok"], ["b", "2023", "needs_review"]]
    page.page.click("text=b")
    assert page.page.url.endswith("/b/review.html") and page.page.inner_text("#status") == "needs_review"


@pytest.mark.parametrize(
    ("key", "line"),
    [("change_rate|expenditure_detail|행정국 > 자치행정과|change_rate",
      "change_rate|expenditure_detail|행정국 > 자치행정과|change_rate,"),
     ('check|table|a, "b"|c', '"check|table|a, ""b""|c",')],
)
def test_the_paste_line_quotes_a_key_where_csv_needs_it(key, line):
    assert paste_line(key) == line
