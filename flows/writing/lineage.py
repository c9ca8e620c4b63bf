"""Several years as one dataset: which row of a bureau's report is the same item as which row of
its report for the year before (pure pandas).

Two consecutive reports overlap in one year: the later prints the earlier year's 예산현액 beside
its own, so an item's budget_prev in the later report is its budget in the earlier one. That
overlap, with the tree around each item, links the rows:

    same_path   the same path (names compared folded)
    renamed     another path, linked by two kinds of evidence or more among: the same name, last
                year's amount printed as the earlier report's budget, a parent already linked to the
                earlier row's parent, children already linked to the earlier row's children
    new         printed 순증, or no row of the earlier report fits
    first       the bureau's earliest report (or a report that cannot be linked, with the reason)

An item keeps the key of its earliest row, `report_id:table:row_id`, whatever later reports add.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from checks.findings import finding
from checks.rules import zero
from extractors.form.normalise import fold
from extractors.form.vocabulary import TOTAL_WORDS

DETAIL_TABLES = ("revenue_detail", "expenditure_detail")
NOT_A_BUREAU = (*TOTAL_WORDS, "")  # a root named as a total, or unnamed
MIN_EVIDENCE = 2


@dataclass
class ReportRows:
    report_id: str
    fiscal_year: int
    tables: dict[str, pd.DataFrame]  # revenue_detail and expenditure_detail


@dataclass
class Linked:
    lineage: list[dict] = field(default_factory=list)
    budget_by_year: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)  # budget_prev_matches_last_report findings
    bureaus: dict[str, list[str]] = field(default_factory=dict)  # bureau → its reports in order
    not_linked: dict[str, str] = field(default_factory=dict)  # report_id → why


def bureau_of(tables: dict[str, pd.DataFrame]) -> str | None:
    """The bureau: the name of expenditure_detail's root row, else revenue_detail's; None where it
    is a total (계, 합계) or missing."""
    for name in ("expenditure_detail", "revenue_detail"):
        frame = tables.get(name)
        if frame is not None and not frame.empty:
            root = str(frame.iloc[0]["name"] or "").strip()
            return None if fold(root) in NOT_A_BUREAU else root
    return None


def link_reports(reports: list[ReportRows]) -> Linked:
    """Every detail row of every report with its item key and how it was linked, the time series,
    and the warnings where a linked item's budget_prev is not the earlier report's budget."""
    linked = Linked()
    chains: dict[str, list[ReportRows]] = {}
    for report in reports:
        bureau = bureau_of(report.tables)
        if bureau is None:
            linked.not_linked[report.report_id] = "its detail tables' root row names no bureau (계, 합계 or none)"
            _alone(linked, report, "not linked: the detail tables name no bureau")
            continue
        chains.setdefault(bureau, []).append(report)
    for bureau, chain in sorted(chains.items()):
        years = pd.Series([report.fiscal_year for report in chain])
        twice = set(years[years.duplicated()])
        for report in [r for r in chain if r.fiscal_year in twice]:
            linked.not_linked[report.report_id] = f"{bureau} has more than one report for {report.fiscal_year}"
            _alone(linked, report, f"not linked: {bureau} has more than one report for {report.fiscal_year}")
        chain = sorted((r for r in chain if r.fiscal_year not in twice), key=lambda r: r.fiscal_year)
        linked.bureaus[bureau] = [report.report_id for report in chain]
        _chain(linked, chain)
    return linked


def _alone(linked: Linked, report: ReportRows, evidence: str) -> None:
    for table in DETAIL_TABLES:
        frame = report.tables[table]
        keys = {row_id: _key(report, table, row_id) for row_id in frame["row_id"]}
        _record(linked, report, table, frame, keys, {}, dropped=None, default=("first", evidence))


def _chain(linked: Linked, chain: list[ReportRows]) -> None:
    """Link each report of one bureau to the one before it; the first keeps its own keys."""
    pairs = [{table: pair_rows(a.tables[table], b.tables[table], a.fiscal_year, b.fiscal_year)
              for table in DETAIL_TABLES} for a, b in zip(chain, chain[1:], strict=False)]
    keys: dict[str, dict[int, str]] = {}
    for position, report in enumerate(chain):
        for table in DETAIL_TABLES:
            frame = report.tables[table]
            matches = pairs[position - 1][table] if position else {}
            keys[table] = {row_id: keys[table][matches[row_id][0]] if row_id in matches
                           else _key(report, table, row_id) for row_id in frame["row_id"]}
            if position and report.fiscal_year == chain[position - 1].fiscal_year + 1:
                linked.warnings += _warnings(chain[position - 1], report, table, matches)
            dropped = None
            if position + 1 < len(chain):
                successors = {earlier for earlier, _, _ in pairs[position][table].values()}
                dropped = {row_id: row_id not in successors for row_id in frame["row_id"]}
            default = ("first", f"the earliest report of {bureau_of(report.tables)}") if position == 0 else None
            if position and report.fiscal_year > chain[position - 1].fiscal_year + 1:
                matches = {b: (a, match, f"{evidence} (a gap: no report for the years between, so amounts were not "
                                         f"compared)") for b, (a, match, evidence) in matches.items()}
            _record(linked, report, table, frame, keys[table], matches, dropped, default)


def _record(linked, report, table, frame, keys, matches, dropped, default) -> None:
    for row in frame.to_dict("records"):
        row_id = row["row_id"]
        if row_id in matches:
            _, match, evidence = matches[row_id]
        elif default is not None:
            match, evidence = default
        else:
            match = "new"
            evidence = "printed 순증 (a new item)" if row["is_new"] else "no row of the earlier report fits it"
        linked.lineage.append({"item_key": keys[row_id], "table": table, "report_id": report.report_id,
                               "fiscal_year": report.fiscal_year, "row_id": row_id, "path": row["path"],
                               "match": match, "dropped": None if dropped is None else dropped[row_id],
                               "evidence": evidence})
        linked.budget_by_year.append({"table": table, "item_key": keys[row_id], "fiscal_year": report.fiscal_year,
                                      "report_id": report.report_id, "name": row["name"], "path": row["path"],
                                      "budget_prev": row["budget_prev"], "budget": row["budget"],
                                      "actual": row["actual"], "unit": row["unit"]})


def pair_rows(earlier: pd.DataFrame, later: pd.DataFrame, earlier_year: int, later_year: int
              ) -> dict[int, tuple[int, str, str]]:
    """later row_id → (earlier row_id, match, evidence) for every later row that continues an
    earlier one: first by the same path, then, round by round, by the most evidence. Amounts
    count as evidence only where the years are consecutive."""
    rows = ({row["row_id"]: row for row in earlier.to_dict("records")},
            {row["row_id"]: row for row in later.to_dict("records")})
    found, taken = _same_paths(*rows)
    context = (_children(earlier), _children(later)), rows, later_year == earlier_year + 1, earlier_year
    by_level: dict[int, list[dict]] = {}
    for a in rows[0].values():
        by_level.setdefault(a["level"], []).append(a)
    while True:
        progress = False
        for _, _, _, b_id, a_id, evidence in sorted(_candidates(by_level, found, taken, context), reverse=True):
            if b_id in found or a_id in taken:
                continue
            found[b_id] = (a_id, "renamed", f"path was '{rows[0][a_id]['path']}'; " + "; ".join(evidence))
            taken.add(a_id)
            progress = True
        if not progress:
            return found


def _same_paths(a_rows: dict, b_rows: dict) -> tuple[dict[int, tuple[int, str, str]], set[int]]:
    """Later rows paired with the earlier rows of the same path and level, in order."""
    found, taken, by_path = {}, set(), {}
    for a in a_rows.values():
        by_path.setdefault((fold(a["path"]), a["level"]), []).append(a["row_id"])
    for b in b_rows.values():
        for a_id in by_path.get((fold(b["path"]), b["level"]), []):
            if a_id not in taken:
                found[b["row_id"]] = (a_id, "same_path", "the same path")
                taken.add(a_id)
                break
    return found, taken


def _candidates(by_level: dict[int, list[dict]], found: dict, taken: set, context) -> list[tuple]:
    """(evidence count, same name, nearness, later id, earlier id, evidence) of every pair of
    unpaired rows of one level with enough evidence."""
    children, (a_rows, b_rows), overlap, earlier_year = context
    candidates = []
    for b in b_rows.values():
        if b["row_id"] in found or b["is_new"]:
            continue
        for a in by_level.get(b["level"], []):
            if a["row_id"] in taken:
                continue
            evidence = _evidence(a, b, found, taken, children, (a_rows, b_rows), overlap, earlier_year)
            if len(evidence) >= MIN_EVIDENCE:
                same_name = fold(a["name"]) == fold(b["name"])
                candidates.append((len(evidence), same_name, -abs(a["row_id"] - b["row_id"]), b["row_id"],
                                   a["row_id"], evidence))
    return candidates


def _evidence(a: dict, b: dict, found: dict, taken: set, children: tuple[dict, dict], rows: tuple[dict, dict],
              overlap: bool, earlier_year: int) -> list[str]:
    """The kinds of evidence that the later row b continues the earlier row a."""
    a_children, b_children = children
    evidence = []
    if fold(a["name"]) == fold(b["name"]):
        evidence.append("the same name")
    if overlap and not pd.isna(b["budget_prev"]) and b["budget_prev"] and b["budget_prev"] == a["budget"]:
        evidence.append(f"its {earlier_year} 예산현액 {int(b['budget_prev']):,} is the earlier report's")
    parent = found.get(b["parent_id"])
    if parent is not None and not pd.isna(a["parent_id"]) and parent[0] == a["parent_id"]:
        evidence.append("under the row its parent continues")
        left = [kid for kid in b_children.get(b["parent_id"], []) if kid not in found and not rows[1][kid]["is_new"]
                and rows[1][kid]["level"] == b["level"]]
        gone = [kid for kid in a_children.get(a["parent_id"], []) if kid not in taken
                and rows[0][kid]["level"] == a["level"]]
        if left == [b["row_id"]] and gone == [a["row_id"]]:
            evidence.append("the only item left there in both years")
    kids = b_children.get(b["row_id"], [])
    linked_kids = [found[kid][0] for kid in kids if kid in found]
    if kids and linked_kids and sum(kid in a_children.get(a["row_id"], []) for kid in linked_kids) * 2 >= len(kids):
        evidence.append("its items continue the earlier row's items")
    return evidence


def _children(frame: pd.DataFrame) -> dict[int, list[int]]:
    return {parent: group["row_id"].tolist() for parent, group in frame.groupby("parent_id")}


def _warnings(earlier: ReportRows, later: ReportRows, table: str, matches: dict) -> list[dict]:
    """budget_prev_matches_last_report: each linked row's budget_prev against the earlier budget."""
    a_rows = earlier.tables[table].set_index("row_id")
    found = []
    for row in later.tables[table].to_dict("records"):
        if row["row_id"] not in matches:
            continue
        expected = zero(a_rows.loc[matches[row["row_id"]][0], "budget"])
        actual = zero(row["budget_prev"])
        if expected == actual:
            continue
        found.append({"report_id": later.report_id,
                      **finding("budget_prev_matches_last_report", table, row["path"], "budget_prev",
                                row_id=row["row_id"], expected=expected, actual=actual, difference=actual - expected,
                                line=(row["source_page"], row["source_line"]))})
    return found


def _key(report: ReportRows, table: str, row_id) -> str:
    return f"{report.report_id}:{table}:{int(row_id)}"
