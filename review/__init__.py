"""Pages for the person who reviews a run: every finding beside the printed lines it comes from,
and the budget as pictures; self-contained HTML, no request to any network.

    report_page(extraction, findings, manifest, reviews_file)   page.py    output/<stem>/review.html
    index_page(reports)                                         index.py   output/_all/review.html
"""

from review.index import index_page
from review.page import paste_line, report_page

__all__ = ["index_page", "paste_line", "report_page"]
