"""output/_all/review.html: one line per report combined, with its status and counts, linking to
each report's own page."""

from __future__ import annotations

from html import escape

from review.page import _head


def index_page(reports: list[dict]) -> str:
    """`reports`: each report folder's manifest, with its folder name under "folder"."""
    rows = []
    for report in reports:
        counts = report.get("findings", {})
        rows.append(f"<tr><td><a href=\"../{escape(report['folder'])}/review.html\">{escape(report['folder'])}</a>"
                    f"</td><td>{escape(str(report.get('fiscal_year', '')))}</td>"
                    f"<td class=\"{escape(report.get('status', ''))}\">{escape(report.get('status', ''))}</td>"
                    f"<td>{counts.get('error', '')}</td><td>{counts.get('unreviewed_errors', '')}</td>"
                    f"<td>{counts.get('warning', '')}</td></tr>")
    return (_head("Report pipeline: every report") + "<h1>Every report</h1>"
            '<table id="reports"><tr><th>report</th><th>fiscal year</th><th>status</th><th>errors</th>'
            "<th>not reviewed</th><th>warnings</th></tr>" + "".join(rows) + "</table></body></html>")
