"""The `.hwp` reader reads an HWP 5 file's records itself (extractors/read/hwp5.py). python-hwpx,
which shares no code with it, converts the same file into the XML an `.hwpx` holds, which the
`.hwpx` reader reads: both readings give the same lines, line for line, for the reference report
(tests/test_hangul.py), for random reports with a grouping column, footnotes, a text box and a page header, and for a
sample saved by Hangul itself."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from extractors.form.lines import FOOTNOTE, LABEL
from extractors.read import read_lines
from tests.random_report import rendered
from tests.random_report.model import Report, reports
from tests.random_report.rendered import Layout

SAMPLES = Path(__file__).parent / "fixtures" / "hangul"


def read_as(path: Path) -> list[tuple[str, str | None]]:
    return [(line.text, line.role) for line in read_lines(path)]


def converted_by_python_hwpx(hwp: Path, folder: Path) -> Path:
    """The `.hwp` as the `.hwpx` python-hwpx's own HWP 5 parser makes of it, written in `folder`."""
    from hwpx.hwp5.package import convert

    files = convert(hwp.read_bytes()).files
    target = folder / f"{hwp.stem}.converted.hwpx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", files.get("mimetype", b"application/hwp+zip"), zipfile.ZIP_STORED)
        for name, data in files.items():
            if name != "mimetype":
                package.writestr(name, data)
    return target


def as_hwp(hwpx: Path) -> Path:
    from hwpx import HwpxDocument

    target = hwpx.with_suffix(".hwp")
    HwpxDocument.open(hwpx).save_to_path(str(target))
    return target


def test_a_sample_saved_by_hangul_reads_as_python_hwpx_converts_it(tmp_path):
    hwp = SAMPLES / "sample_document.hwp"
    assert read_as(hwp) == read_as(converted_by_python_hwpx(hwp, tmp_path)) == read_as(hwp.with_suffix(".hwpx"))


@pytest.mark.parametrize("grouped", [False, True])
def test_notes_boxes_and_grouping_labels_read_as_python_hwpx_converts_them(grouped, tmp_path_factory):
    layout = Layout(seed=3, indent_step=1, first_level_indented=True, jitter=0.0, wrap=0.3, number_wrap=0.0,
                    page_rows=0, grouped=grouped, page_header=True, footnote=True, text_box=True)
    folder = tmp_path_factory.mktemp("hwp5")

    @settings(max_examples=3, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture])
    @given(report=reports())
    def both_readings_agree(report: Report):
        hwp = as_hwp(rendered.hwpx(report, layout, folder / "report.hwpx"))
        ours = read_as(hwp)
        assert ours == read_as(converted_by_python_hwpx(hwp, folder))
        assert ours == read_as(folder / "report.hwpx")  # and as the file it was saved from
        roles = {role for _, role in ours}
        assert FOOTNOTE in roles and (LABEL in roles) == grouped

    both_readings_agree()
