"""Render report text into PDFs with real Korean fonts, for the tests (run by hand; the PDFs
it writes are committed, so the tests need no fonts).

    apt-get install fonts-nanum fonts-dejavu-core
    .venv/bin/python tests/make_pdf_fixtures.py

seoul_haengjeong_2023.pdf is the text laid out line by line (columns aligned by spaces only);
seoul_haengjeong_2023_ruled.pdf is the same report as a bureau's Hangul export, its tables as
ruled grids (tests/ruled_report.py, tests/ruled_pdf.py); ruled_cases.pdf is a small report of
grids with the cases the reference lacks (a table in 백만원, a grid whose rows cannot be read).

Pages break where the text has a run of blank lines (where the report's PDF pages broke, so
its tables restart their headers there), and wherever a page is full; each page carries its
number at the foot. NanumGothic sets the Korean text; DejaVu Sans the glyphs it lacks (‧ ‣
and the private-use glyph U+F000); a copy of NanumGothic patched with fontTools maps the
half-width forms neither has (｢ ｣ ･) to their full-width glyphs. Fonts are subset.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors import extract  # noqa: E402
from tests import ruled_pdf  # noqa: E402
from tests.ruled_cases import ruled_cases  # noqa: E402
from tests.ruled_pdf import BLANK_HEIGHT, BOTTOM, LEFT, LINE_HEIGHT, TOP  # noqa: E402
from tests.ruled_report import ruled_blocks  # noqa: E402

RULED_SEED = 1
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf"
PAGE_BREAK_BLANKS = 3


def pages_of(text: str) -> list[list[str]]:
    """The text's lines split into pages at runs of blank lines."""
    pages, page, blanks = [], [], 0
    for line in text.split("\n"):
        if not line.strip():
            blanks += 1
            page.append("")
            continue
        if blanks >= PAGE_BREAK_BLANKS and any(x.strip() for x in page):
            pages.append(page)
            page = []
        blanks = 0
        page.append(line)
    if any(x.strip() for x in page):
        pages.append(page)
    return pages


def render(text: str, target: Path, folder: Path, password: str | None = None) -> None:
    pdf = ruled_pdf.new_pdf(folder)
    for page in pages_of(text):
        ruled_pdf.new_page(pdf)
        for line in page:
            if not line.strip():
                pdf.set_y(pdf.get_y() + BLANK_HEIGHT)
                continue
            if pdf.get_y() + LINE_HEIGHT > BOTTOM:
                ruled_pdf.new_page(pdf)
            pdf.cell(0, LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    pdf.output(str(target))


def image_only(target: Path) -> None:
    """A page with shapes and no text layer, like a scanned report."""
    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    for row in range(20):
        pdf.rect(LEFT, TOP + row * 30, 400, 12, style="F")
    pdf.output(str(target))


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    reference = (ROOT / "raw" / "seoul_haengjeong_2023.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        render(reference, FIXTURES / "seoul_haengjeong_2023.pdf", Path(folder))
        first_pages = "\n".join(reference.split("\n")[:130])
        render(first_pages, FIXTURES / "encrypted.pdf", Path(folder), password="secret")
        extraction = extract(ROOT / "raw" / "seoul_haengjeong_2023.txt")
        ruled_pdf.render(ruled_blocks(reference, extraction), FIXTURES / "seoul_haengjeong_2023_ruled.pdf",
                         Path(folder), seed=RULED_SEED)
        ruled_pdf.render(ruled_cases(), FIXTURES / "ruled_cases.pdf", Path(folder), seed=RULED_SEED)
    image_only(FIXTURES / "image_only.pdf")
    for path in sorted(FIXTURES.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
