"""PDF input: the reference report rendered to PDF gives the tables of its text; bad PDFs are refused."""

import pytest

from extractors import ReportError, extract
from extractors.read.pdf import page_lines
from flows.cli import main
from tests.conftest import ROOT

PDFS = ROOT / "tests" / "fixtures" / "pdf"
PROVENANCE = ["source_page", "source_line"]


@pytest.fixture(scope="module")
def from_pdf():
    return extract(PDFS / "seoul_haengjeong_2023.pdf")


def test_the_pdf_gives_the_same_tables_as_the_text(reference, from_pdf):
    for name, frame in reference.tables.items():
        assert from_pdf.tables[name].drop(columns=PROVENANCE).equals(frame.drop(columns=PROVENANCE)), name
    assert from_pdf.unparsed["text"].tolist() == reference.unparsed["text"].tolist()
    assert from_pdf.fiscal_year == 2023 and from_pdf.missing_sections == []


def test_pdf_provenance_is_page_and_line_within_the_page(from_pdf):
    detail = from_pdf.tables["expenditure_detail"]
    root = detail.iloc[0]
    assert (root["name"], root["source_page"], root["source_line"]) == ("행정국", 24, 3)
    wrapped = detail[detail["name"] == "행정운영경비(시민협력과)"].iloc[0]
    assert (wrapped["budget"], wrapped["source_page"], wrapped["source_line"]) == (60263, 27, 27)
    assert detail["source_page"].is_monotonic_increasing
    assert from_pdf.tables["audit_findings"]["source_page"].notna().all()


def test_a_page_number_at_the_foot_or_head_of_a_page_is_dropped():
    lines = page_lines("- 3 -\n계 1,234\n\n12", page=3)
    assert [(line.number, line.text) for line in lines] == [(1, ""), (2, "계 1,234"), (3, ""), (4, "")]
    assert page_lines("2023\n예산현액", page=1)[0].text == "2023"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("encrypted.pdf", "encrypted.pdf: the PDF is encrypted: it needs a password"),
        ("image_only.pdf", "image_only.pdf: the PDF has no text layer and no scanned page (an image of print) to read"),
    ],
)
def test_bad_pdfs_are_refused_with_one_line(name, problem):
    with pytest.raises(ReportError) as caught:
        extract(PDFS / name)
    assert str(caught.value) == problem


def test_a_truncated_pdf_and_a_fake_one(tmp_path):
    data = (PDFS / "seoul_haengjeong_2023.pdf").read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 3])
    with pytest.raises(ReportError, match=r"^truncated.pdf: corrupt or truncated PDF"):
        extract(truncated)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    with pytest.raises(ReportError, match=r"^fake.pdf: corrupt or truncated PDF"):
        extract(fake)


@pytest.mark.parametrize("name", ["encrypted.pdf", "image_only.pdf", "truncated.pdf"])
def test_the_command_line_exits_2_on_a_bad_pdf(tmp_path, capsys, name):
    source = PDFS / name
    if name == "truncated.pdf":
        source = tmp_path / name
        source.write_bytes((PDFS / "seoul_haengjeong_2023.pdf").read_bytes()[:50_000])
    out = tmp_path / "out"
    assert main(["run", str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"report-pipeline: error: {name}: ") and err.count("\n") == 1 and not out.exists()


@pytest.mark.parametrize("name", ["seoul_haengjeong_2023.pdf", "seoul_haengjeong_2023_ruled.pdf"])
def test_pages_read_on_a_pool_give_the_sequential_read(name):
    """A long PDF's pages are read on a pool of processes; the lines are those of one process."""
    from extractors.read import ReadOptions, pdf
    from flows.runners import PagePool

    path = PDFS / name
    sequential = pdf.read_lines(path)
    pool = PagePool(workers=2)
    assert pool.workers_for(51) == 2
    pooled = pdf.read_lines(path, ReadOptions(pages=pool))
    assert [(line.text, line.number, line.page) for line in pooled] == [
        (line.text, line.number, line.page) for line in sequential]
