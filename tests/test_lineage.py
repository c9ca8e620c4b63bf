"""Several years as one dataset: a chain of generated years (renamed department, moved unit
programme, reworded programme, dropped and new items, budget_prev differences) gives exactly the
lineage it was made with, one item key per item over the years, and a warning for every drawn
difference and nothing else; the command publishes it as a valid data package."""

import json
import shutil
import subprocess

import pandas as pd
import pytest

from extractors import extract
from extractors.form.normalise import fold
from flows.cli import main
from flows.writing.lineage import DETAIL_TABLES, ReportRows, link_reports
from tests.conftest import REFERENCE, ROOT
from tests.years import Changes, chain, identities

PROVENANCE = ["source_page", "source_line"]


def extracted(years, tmp_path):
    reports = []
    for year in years:
        path = tmp_path / f"haengjeong_{year.fiscal_year}.txt"
        path.write_text(year.text, encoding="utf-8")
        extraction = extract(path)
        for name, frame in year.tables.items():
            assert extraction.tables[name].drop(columns=PROVENANCE).equals(frame.drop(columns=PROVENANCE)), name
        reports.append(ReportRows(path.stem, extraction.fiscal_year, {n: extraction.tables[n] for n in DETAIL_TABLES}))
    return reports


def expected_lineage(years, reports) -> dict[tuple[str, str, int], tuple[int, str, bool | None]]:
    """(report_id, table, row_id) → (identity, match, dropped), as the chain was made."""
    truth = {}
    for position, (year, report) in enumerate(zip(years, reports, strict=True)):
        for table in DETAIL_TABLES:
            ids = identities(year, table)
            paths = report.tables[table]["path"].tolist()
            before = dict(zip(identities(years[position - 1], table), reports[position - 1].tables[table]["path"],
                              strict=True)) if position else {}
            after = set(identities(years[position + 1], table)) if position + 1 < len(years) else None
            for row_id, (ident, path) in enumerate(zip(ids, paths, strict=True), start=1):
                if position == 0:
                    match = "first"
                elif ident not in before:
                    match = "new"
                else:
                    match = "same_path" if fold(before[ident]) == fold(path) else "renamed"
                truth[(report.report_id, table, row_id)] = (ident, match, None if after is None else ident not in after)
    return truth


def assert_linked_as_made(years, reports, linked):
    truth = expected_lineage(years, reports)
    lineage = {(r["report_id"], r["table"], r["row_id"]): r for r in linked.lineage}
    assert set(lineage) == set(truth)
    keys: dict[tuple[str, int], str] = {}
    for where, (ident, match, dropped) in truth.items():
        row = lineage[where]
        assert (row["match"], row["dropped"]) == (match, dropped), (where, row, match, dropped)
        assert keys.setdefault((where[1], ident), row["item_key"]) == row["item_key"], (where, ident)
    for table in DETAIL_TABLES:  # one key per item, and none shared by two items
        items = {ident for (t, ident) in keys if t == table}
        assert len({keys[(table, ident)] for ident in items}) == len(items)
    warned = {(w["report_id"], w["table"], w["name"]) for w in linked.warnings}
    assert warned == {(r.report_id, t, p) for year, r in zip(years, reports, strict=True) for t, p in year.differences}


@pytest.mark.parametrize("seed", [1, 7])
def test_a_pair_of_years_is_linked_as_made(tmp_path, reference, reference_text, seed):
    years = chain(reference_text, reference, [Changes(seed)])
    reports = extracted(years, tmp_path)
    linked = link_reports(reports)
    assert_linked_as_made(years, reports, linked)
    renamed = [r for r in linked.lineage if r["match"] == "renamed"]
    assert renamed and all(r["evidence"].startswith("path was '") for r in renamed)


def test_a_chain_of_three_years_keeps_one_key_per_item(tmp_path, reference, reference_text):
    years = chain(reference_text, reference, [Changes(3), Changes(4, rename_department=False)])
    reports = extracted(years, tmp_path)
    linked = link_reports(reports)
    assert_linked_as_made(years, reports, linked)
    assert linked.bureaus == {"행정국": [r.report_id for r in reports]}
    series = pd.DataFrame(linked.budget_by_year)
    through = series.groupby(["table", "item_key"]).size()
    assert (through == 3).sum() > 200  # most items run through all three years


def test_a_gap_year_links_by_path_and_name_and_warns_of_nothing(tmp_path, reference, reference_text):
    years = chain(reference_text, reference, [Changes(5), Changes(6)])
    reports = extracted([years[0], years[2]], tmp_path)
    linked = link_reports(reports)
    assert linked.warnings == []
    later = [r for r in linked.lineage if r["report_id"] == reports[1].report_id]
    assert sum(r["match"] == "same_path" for r in later) > 150
    assert all("a gap" in r["evidence"] for r in later if r["match"] in ("same_path", "renamed"))


def test_reports_that_cannot_be_linked_say_why(tmp_path, reference):
    tables = {name: reference.tables[name] for name in DETAIL_TABLES}
    total = {name: frame.assign(name=frame["name"].where(frame["row_id"] != 1, "계")) for name, frame in tables.items()}
    reports = [ReportRows("a", 2023, tables), ReportRows("b", 2023, tables), ReportRows("c", 2024, total)]
    linked = link_reports(reports)
    assert linked.not_linked == {"c": "its detail tables' root row names no bureau (계, 합계 or none)",
                                 "a": "행정국 has more than one report for 2023",
                                 "b": "행정국 has more than one report for 2023"}
    assert {r["match"] for r in linked.lineage} == {"first"}


def test_the_reference_and_its_next_year_as_one_folder(tmp_path, reference, reference_text):
    years = chain(reference_text, reference, [Changes(2)])
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REFERENCE, raw / "haengjeong_2023.txt")
    shutil.copy(REFERENCE.with_name(REFERENCE.stem + ".reviewed.csv"), raw / "haengjeong_2023.reviewed.csv")
    (raw / "haengjeong_2024.txt").write_text(years[1].text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(raw), "--out", str(out)]) == 3  # the new year has no reviews yet
    combined = out / "_all"
    lineage = pd.read_csv(combined / "lineage.csv", encoding="utf-8-sig")
    series = pd.read_csv(combined / "budget_by_year.csv", encoding="utf-8-sig")
    findings = pd.read_csv(combined / "findings.csv", encoding="utf-8-sig")
    warnings = findings[findings["check"] == "budget_prev_matches_last_report"]
    assert set(zip(warnings["table"], warnings["name"], strict=True)) == years[1].differences
    assert set(warnings["severity"]) == {"warning"} and set(warnings["report_id"]) == {"haengjeong_2024"}
    for table in DETAIL_TABLES:  # every lineage row is a row of its report's detail table
        detail = pd.read_csv(combined / f"{table}.csv", encoding="utf-8-sig")
        rows = lineage[lineage["table"] == table].merge(detail, on=["report_id", "row_id"], suffixes=("", "_detail"))
        assert len(rows) == (lineage["table"] == table).sum() and (rows["path"] == rows["path_detail"]).all()
    assert len(series) == len(lineage)
    keys = series.groupby("item_key")["fiscal_year"].apply(list)
    assert (keys.apply(len) == 2).sum() > 200 and keys.apply(lambda years: years == sorted(years)).all()
    manifest = json.loads((combined / "manifest.json").read_text())
    assert manifest["lineage"]["bureaus"] == {"행정국": ["haengjeong_2023", "haengjeong_2024"]}
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "frictionless"), "validate",
                           str(combined / "datapackage.json")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
