"""Reading: encodings, line endings, and the one-line errors for what is not a report."""

import codecs

import pytest

from extractors import ReportError, extract
from extractors.read import read_lines

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)

# What a report written in CP949 prints where the reference uses characters CP949 lacks.
CP949_LOOKALIKES = str.maketrans("‣․‧‵◦\uf000｢｣･", "▶··`○■「」·")


@pytest.mark.parametrize(
    ("variant", "encode"),
    [
        ("utf8-bom.txt", lambda text: codecs.BOM_UTF8 + text.encode("utf-8")),
        ("crlf.txt", lambda text: text.replace("\n", "\r\n").encode("utf-8")),
        ("cp949.txt", lambda text: text.translate(CP949_LOOKALIKES).encode("cp949")),
    ],
)
def test_every_accepted_encoding_gives_the_same_tables(tmp_path, reference, reference_text, variant, encode):
    path = tmp_path / variant
    path.write_bytes(encode(reference_text))
    tables = extract(path).tables
    for name, frame in reference.tables.items():
        if "level" in frame:
            columns = ["budget", "actual", "level", "source_line"]
            assert tables[name][columns].equals(frame[columns]), name
        else:
            assert tables[name]["source_line"].equals(frame["source_line"]), name


def test_line_numbers_are_those_of_the_input(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("첫 줄\r\n\r\n셋째 줄\r\n", encoding="utf-8")
    lines = read_lines(path)
    assert [(line.number, line.text) for line in lines] == [(1, "첫 줄"), (2, ""), (3, "셋째 줄")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("blank.txt", b"\n \n\t\n", "blank.txt: the file holds no text"),
        ("junk.txt", b"\x00\x01\x02\xff" * 64, "junk.txt: binary data, not a text report"),
        ("latin.txt", b"\xff\xfe caf\xe9 \xff", "latin.txt: unknown text encoding"),
        ("note.txt", "회의록\n참석자: 홍길동\n".encode(), "note.txt: not an audit work report"),
        ("table.csv", b"a,b\n1,2\n", "table.csv: unsupported file type .csv"),
    ],
)
def test_bad_input_raises_one_line_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReportError) as caught:
        extract(path)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_missing_file(tmp_path):
    with pytest.raises(ReportError, match="no such file"):
        extract(tmp_path / "absent.txt")


def test_a_row_whose_numbers_stop_short_is_an_error_finding_and_the_rest_is_written(tmp_path, reference_text):
    broken = reference_text.replace(
        "개·보수 392,400 392,400 - - 38,653 9.9%", "개·보수 392,400 392,400 -"
    )
    path = tmp_path / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    extraction = extract(path)
    assert [(g.check, g.table, g.name, g.level, g.line.number) for g in extraction.gaps] == [
        ("table_not_read", "expenditure_detail", "세출예산 (’23. 9. 30. 기준, 단위 : 천원, %)", "error", 982)
    ]
    assert len(extraction.tables["expenditure_detail"]) == 148 and len(extraction.tables["revenue_detail"]) == 91
    assert "개·보수 392,400 392,400 -" in extraction.unparsed["text"].tolist()


def test_a_missing_section_leaves_its_tables_empty_and_is_named(tmp_path, reference_text):
    start = reference_text.index("Ⅲ. 2023 세입·세출예산")
    end = reference_text.index("Ⅳ. 2022 행정사무감사")
    path = tmp_path / "no-detail.txt"
    path.write_text(reference_text[:start] + reference_text[end:], encoding="utf-8")
    extraction = extract(path)
    assert extraction.missing_sections == ["budget_detail"]
    assert len(extraction.tables["revenue_detail"]) == 0
    assert list(extraction.tables["revenue_detail"].columns)[:3] == ["fiscal_year", "row_id", "parent_id"]
    assert len(extraction.tables["revenue_summary"]) == 17
