"""review.html: one self-contained page (no request to any network) for the person who checks a
run's findings against the printed report: what the run found, every finding beside the printed
lines it comes from, the line to paste into the reviewed file, and the budget as pictures."""

from __future__ import annotations

import csv
import io
from base64 import b64encode
from html import escape

import pandas as pd

from checks.findings import RATE_COLUMNS
from extractors.form.controls import marked_controls
from extractors.form.numbers import parse_amount, parse_bare_rate, parse_rate
from review.pictures import amount, dominant_item, execution_bars, expenditure_treemap, rate_legend, revenue_bars
from review.sentences import sentence
from schemas import TABLES

CONTEXT_LINES = 3
STATUS_MEANING = {
    "ok": "every error finding is reviewed: the data can be published (warnings never block).",
    "needs_review": "some error findings are not reviewed yet: check each against the printed report below, then "
                    "add its line to the reviewed file and run again.",
}
STYLE = """
body{font-family:'Nanum Gothic','NanumGothic','Noto Sans CJK KR','Malgun Gothic',sans-serif;margin:2em;color:#222;
max-width:1100px}
h1{font-size:1.5em}h2{border-bottom:2px solid #4a6fa5;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}
td:first-child,th:first-child{text-align:left}
.finding{border:1px solid #ccc;border-left:6px solid #c0392b;margin:1em 0;padding:.6em 1em;border-radius:4px}
.finding[data-severity=warning]{border-left-color:#e0a800}
.finding[data-reviewed=true]{background:#f6f9f6}
.finding h3{font-size:1em;margin:.2em 0}.key{font-size:.85em;color:#555;word-break:break-all}
.values td{min-width:8em}pre.context{background:#f7f7f7;padding:.5em;overflow-x:auto;font-size:.9em}
pre.context .here{background:#fff3c4;display:block}mark{background:#ffd54f;font-weight:bold}
figure.scan img{border:1px solid #999;max-width:100%}
.control{color:#b00020;border:1px solid #b00020;font-size:80%}
code.paste{display:block;background:#eef3fb;padding:.4em;white-space:pre-wrap;word-break:break-all}
.badge{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-size:.85em}
.error{background:#c0392b}.warning{background:#e0a800}.reviewed{color:#2e7d32}.unreviewed{color:#c0392b}
#filters{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #ddd}
"""
SCRIPT = """
function applyFilters(){var s=document.getElementById('severity').value,r=document.getElementById('review').value,
n=0;document.querySelectorAll('.finding').forEach(function(f){var show=(s==='all'||f.dataset.severity===s)&&
(r==='all'||f.dataset.reviewed===(r==='reviewed'?'true':'false'));f.hidden=!show;if(show){n++;}});
document.getElementById('shown').textContent=n;}
document.getElementById('severity').addEventListener('change',applyFilters);
document.getElementById('review').addEventListener('change',applyFilters);applyFilters();
"""


def report_page(extraction, findings: pd.DataFrame, manifest: dict, reviews_file: str) -> str:
    """The review page of one report's run."""
    lines = {(line.page or 0, line.number): line.text for line in extraction.lines}
    crops = {(line.page or 0, line.number): line.readings for line in extraction.lines if line.readings}
    ordered = findings.assign(_order=(findings["severity"] != "error").astype(int)).sort_values(
        ["_order", "reviewed"], kind="stable")
    parts = [_head(f"{manifest['report_id']}: review"), _summary(manifest, extraction, findings),
             _how_to(findings, reviews_file), _filters(len(findings))]
    parts += [_finding(row, lines, extraction.tables, crops) for row in ordered.to_dict("records")]
    parts.append(_pictures(extraction.tables))
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(parts)


def paste_line(key: str) -> str:
    """The reviewed file's line for a key, the key quoted where CSV needs it; the note goes after the comma."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([key, ""])
    return out.getvalue()


def _head(title: str) -> str:
    return (f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>")


def _summary(manifest: dict, extraction, findings: pd.DataFrame) -> str:
    status = manifest["status"]
    counts = {(severity, reviewed): int(((findings["severity"] == severity)
                                         & (findings["reviewed"].astype(bool) == reviewed)).sum())
              for severity in ("error", "warning") for reviewed in (True, False)}
    rows = "".join(f"<tr><td>{severity}s</td><td>{counts[(severity, True)]}</td><td>{counts[(severity, False)]}</td>"
                   f"</tr>" for severity in ("error", "warning"))
    empty = "".join(f"<li><code>{escape(name)}</code>: {escape(reason)}</li>"
                    for name, reason in manifest.get("empty_tables", {}).items())
    missing = ", ".join(manifest.get("missing_sections", [])) or "none"
    unparsed = "".join(f"<li>{_where(row['source_page'], row['source_line'])}: {escape(str(row['text']))}</li>"
                       for row in extraction.unparsed.to_dict("records"))
    return (f"<h1>{escape(manifest['report_id'])}</h1>"
            f"<p>{escape(manifest['input_file'])}, fiscal year {manifest['fiscal_year']}. Status "
            f'<strong id="status">{escape(status)}</strong>: {escape(STATUS_MEANING.get(status, status))}</p>'
            f'<table id="counts"><tr><th>findings</th><th>reviewed</th><th>not reviewed</th></tr>{rows}</table>'
            f"<h2>What was not read</h2><p>Missing sections: {escape(missing)}.</p>"
            f"<p>Empty tables:</p><ul>{empty or '<li>none</li>'}</ul>"
            f'<p>Lines no part of the pipeline recognised ({len(extraction.unparsed)}):</p>'
            f'<ul id="unparsed">{unparsed or "<li>none</li>"}</ul>')


def _how_to(findings: pd.DataFrame, reviews_file: str) -> str:
    waiting = findings[(findings["severity"] == "error") & ~findings["reviewed"].astype(bool)]
    keys = list(dict.fromkeys(waiting["key"]))
    block = "\n".join(["key,note", *(paste_line(key) for key in keys)])
    return (f"<h2>How to review</h2><ol><li>Check each finding below against the printed report (its lines are "
            f"shown, the number in question marked).</li><li>Where the report really prints it so, write a line "
            f"<code>key,note</code> in <code>{escape(reviews_file)}</code>: copy the line under the finding and "
            f"write after its comma what the report prints and why it is kept (quote the note if it holds a "
            f"comma). A new file starts with the header <code>key,note</code>.</li><li>Run again: when every error "
            f"is reviewed the run exits 0.</li></ol>"
            f"<p>Every error not yet reviewed ({len(keys)}), one line per key:</p>"
            f'<code class="paste" id="all-paste">{escape(block)}</code>')


def _filters(total: int) -> str:
    return ('<div id="filters">Show <select id="severity"><option value="all">all findings</option>'
            '<option value="error">errors</option><option value="warning">warnings</option></select> '
            '<select id="review"><option value="all">reviewed or not</option><option value="unreviewed">not '
            'reviewed</option><option value="reviewed">reviewed</option></select> '
            f'<span id="shown">{total}</span> of {total} shown</div>')


def _finding(row: dict, lines: dict, tables: dict, crops: dict) -> str:
    reviewed = bool(row["reviewed"])
    column = _text(row["column"])
    values = ""
    if not pd.isna(row["actual"]) or not pd.isna(row["expected"]):
        values = ('<table class="values"><tr><th>printed</th><th>computed</th><th>difference</th></tr>'
                  f"<tr><td>{_value(row['actual'], column)}</td><td>{_value(row['expected'], column)}</td>"
                  f"<td>{_value(row['difference'], column)}</td></tr></table>")
    state = (f'<p class="reviewed">Reviewed: {escape(_text(row["review_note"]))}</p>' if reviewed else
             f'<p class="unreviewed">Not reviewed. The line for the reviewed file:</p>'
             f'<code class="paste">{escape(paste_line(row["key"]))}</code>')
    return (f'<article class="finding" data-severity="{row["severity"]}" data-reviewed="{str(reviewed).lower()}">'
            f'<h3><span class="badge {row["severity"]}">{row["severity"]}</span> '
            f'{escape(sentence(row["check"], column))}</h3>'
            f'<p>{escape(_place(row))}{escape(_text(row["name"]))} — <code class="key">{escape(row["key"])}</code></p>'
            f"{values}{_scanned(row, crops)}"
            f"{_context(row, lines)}{_operands(row, tables)}{state}</article>")


def _scanned(row: dict, crops: dict) -> str:
    """An OCR finding's cell as scanned (embedded: the page works offline) beside OCR's reading."""
    if pd.isna(row["reading"]) or pd.isna(row["source_line"]):
        return ""
    page = 0 if pd.isna(row["source_page"]) else int(row["source_page"])
    readings = crops.get((page, int(row["source_line"])), ())
    crop = next((r.crop for r in readings if r.crop and r.raw.replace("\n", " ") in str(row["reading"])), b"")
    image = (f'<img class="scan" alt="the cell as scanned" src="data:image/png;base64,{b64encode(crop).decode()}">'
             if crop else "")
    caption = f'<figcaption>OCR read: <code>{escape(row["reading"])}</code></figcaption>'
    return f'<figure class="scan">{image}{caption}</figure>'



def _place(row: dict) -> str:
    """The table (its Korean title) and the row, for a report whose window shows no line numbers:
    "세출예산 정책/단위/세부사업별, row 12: "."""
    table = _text(row["table"])
    if table not in TABLES:
        return ""
    at = "" if pd.isna(row["row_id"]) else f", row {int(row['row_id'])}"
    return f"{TABLES[table].title}{at}: "


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _value(value, column: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    if column in RATE_COLUMNS:
        return f"{float(value):,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}" if float(value).is_integer() else f"{float(value):,}"


def _context(row: dict, lines: dict) -> str:
    if pd.isna(row["source_line"]):
        return ""
    page = 0 if pd.isna(row["source_page"]) else int(row["source_page"])
    number = int(row["source_line"])
    shown = []
    for at in range(number - CONTEXT_LINES, number + CONTEXT_LINES + 1):
        if (page, at) not in lines:
            continue
        if at == number:
            shown.append(f'<span class="here">{at:>5}  {_marked(lines[(page, at)], row["actual"])}</span>')
        else:
            shown.append(f"{at:>5}  {shown_text(lines[(page, at)])}\n")
    where = f"page {page}, line {number}" if page else f"line {number}, as `report-pipeline text` numbers them"
    return f'<p>The printed lines ({where}):</p><pre class="context">{"".join(shown)}</pre>'


def _marked(text: str, actual) -> str:
    """The line, the printed number in question marked."""
    words = text.split(" ")
    marked = False
    for position, word in enumerate(words):
        if not marked and actual is not None and not pd.isna(actual) and _equals(word, float(actual)):
            words[position] = f"<mark>{shown_text(word)}</mark>"
            marked = True
        else:
            words[position] = shown_text(word)
    return " ".join(words)


def shown_text(text: str) -> str:
    """Printed text as HTML: escaped, and each control character (a bidi override that would
    reorder the digits, a terminal escape) shown as a visible mark, never acted on."""
    return marked_controls(escape(text), lambda code: f'<span class="control" title="a control character, '
                                                      f'removed from the data">{code}</span>')


def _equals(word: str, value: float) -> bool:
    for parse in (parse_amount, parse_rate, parse_bare_rate):
        try:
            parsed = parse(word)
        except ValueError:
            continue
        if parsed is not None and abs(parsed - value) < 1e-9:
            return True
    return False


def _operands(row: dict, tables: dict) -> str:
    """For a sum, its operands: each child row with its value and line."""
    if row["check"] != "parent_equals_sum_of_children" or row["table"] not in tables:
        return ""
    frame = tables[row["table"]]
    children = frame[frame["parent_id"] == row["row_id"]]
    cells = "".join(f"<tr><td>{escape(child['name'])}</td><td>{amount(child[row['column']])}</td>"
                    f"<td>{_where(child['source_page'], child['source_line'])}</td></tr>"
                    for child in children.to_dict("records"))
    total = children[row["column"]].fillna(0).sum()
    return (f'<table class="operands"><tr><th>the children</th><th>{escape(row["column"])}</th><th>line</th></tr>'
            f"{cells}<tr><th>sum</th><th>{amount(total)}</th><th></th></tr></table>")


def _where(page, line) -> str:
    return (f"page {int(page)}, " if page is not None and not pd.isna(page) else "") + (
        f"line {int(line)}" if line is not None and not pd.isna(line) else "")


def _pictures(tables: dict) -> str:
    detail = tables["expenditure_detail"]
    parts = ["<h2>The budget</h2>", "<h3>세출예산: department → policy → unit programme (area = 예산현액, "
             "colour = 집행률)</h3>", rate_legend(), expenditure_treemap(detail)]
    largest = dominant_item(detail)
    if largest is not None:
        parts += [f"<h3>The same without {escape(largest[1])} ({largest[2]:.0f}% of the budget)</h3>",
                  expenditure_treemap(detail, leave_out=largest[0], identifier="treemap-rest")]
    parts += ["<h3>세입예산 by type (예산현액 and 징수액)</h3>", revenue_bars(tables["revenue_detail"])]
    for section, svg in execution_bars(tables["program_execution"]):
        parts += [f"<h3>예산집행 현황 {escape(section)} (예산현액 and 지출액)</h3>", svg]
    return "\n".join(parts)
