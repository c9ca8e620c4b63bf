"""Output files: CSV for spreadsheets, typed Parquet, the data package, and the atomic swap."""

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from flows.writing import swap
from flows.writing.files import csv_bytes, datapackage, defuse_formula, json_bytes, table_files
from flows.writing.owned import STAGING_MARKER
from flows.writing.swap import write_outputs
from schemas import TABLES

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+82 2 120", "'+82 2 120"),
        ("-지역 간 교류", "'-지역 간 교류"),
        ("@user", "'@user"),
        ("\tcmd", "'\tcmd"),
        ("-1,234", "-1,234"),
        ("-5.3", "-5.3"),
        ("-", "-"),
        ("행정국 > 총무과", "행정국 > 총무과"),
    ],
)
def test_formulas_are_defused_and_numbers_kept(cell, written):
    assert defuse_formula(cell) == written


def test_csv_opens_in_excel_with_empty_cells_for_missing_values(reference):
    frame = reference.tables["revenue_detail"]
    data = csv_bytes(frame, TABLES["revenue_detail"])
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == TABLES["revenue_detail"].column_names
    assert lines[1] == "2023,1,,0,행정국,행정국,21385346,17177261,-4208085,-19.7,false,14968730,87.1,천원,,771"
    new_item = next(line for line in lines if line.split(",")[4] == "NPO 입주협업공간 임대수입")
    assert ",,26130,26130,,true,9089,34.8," in new_item


def test_outputs_are_typed_described_and_swapped_in_whole(tmp_path, reference):
    target = tmp_path / "out"
    package = datapackage("seoul_haengjeong_2023", "test")
    write_outputs(target, files_of(reference, datapackage=package))
    table = pq.read_table(target / "expenditure_detail.parquet")
    assert str(table.schema.field("budget").type) == "int64"
    assert str(table.schema.field("change_rate").type) == "double"
    assert str(table.schema.field("is_new").type) == "bool"
    assert table.to_pandas(types_mapper=pd.ArrowDtype).shape == reference.tables["expenditure_detail"].shape
    described = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in described["resources"]}
    assert fields["revenue_summary"] == TABLES["revenue_summary"].column_names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_write_leaves_the_previous_output_untouched(tmp_path, reference, monkeypatch):
    target = tmp_path / "out"
    write_outputs(target, files_of(reference, manifest={"run": 1}))
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    written = []

    def broken(path, content):
        written.append(path)
        if len(written) == 3:
            raise OSError("disk full")
        path.write_bytes(content)

    monkeypatch.setattr(swap, "write_file", broken)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(target, files_of(reference, manifest={"run": 2}))
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_staging_folder_left_by_a_killed_run_is_cleared_by_the_next(tmp_path, reference):
    target = tmp_path / "out"
    (tmp_path / ".out.staging-999").mkdir()
    (tmp_path / ".out.staging-999" / "half.csv").write_text("x")
    (tmp_path / ".out.staging-999" / STAGING_MARKER).write_text("")
    write_outputs(target, files_of(reference))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("name", [".out.staging-mine", ".out.staging-999", ".out.staging-1"])
def test_a_folder_named_like_staging_without_the_marker_is_never_removed(tmp_path, reference, name):
    target = tmp_path / "out"
    (tmp_path / name).mkdir()
    (tmp_path / name / "a.txt").write_text("a user's file")
    write_outputs(target, files_of(reference))
    assert (tmp_path / name / "a.txt").read_text() == "a user's file"
    assert STAGING_MARKER not in {p.name for p in target.iterdir()}


def test_a_ctrl_c_during_the_cleanup_still_leaves_only_the_new_output(tmp_path, reference, monkeypatch):
    target = tmp_path / "out"
    write_outputs(target, files_of(reference, manifest={"run": 1}))
    real_remove = swap.remove_staging
    calls = []

    def interrupted_once(path):
        calls.append(path)
        if len(calls) == 1:
            next(path.iterdir()).unlink()  # part of the old output is gone, then Ctrl-C
            raise KeyboardInterrupt
        real_remove(path)

    monkeypatch.setattr(swap, "remove_staging", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(target, files_of(reference, manifest={"run": 2}))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert json.loads((target / "manifest.json").read_text(encoding="utf-8")) == {"run": 2}


def test_a_staging_folder_killed_while_it_is_removed_is_still_recognised_and_removed(tmp_path, reference):
    """Its marker goes in first and out last: wherever the removal stops, the folder stays ours."""
    target = tmp_path / "out"
    write_outputs(target, files_of(reference))
    for kept in (3, 1, 0):  # the removal stopped with this many files of an old output left
        stale = tmp_path / ".out.staging-999"
        stale.mkdir()
        (stale / STAGING_MARKER).write_text("")
        for name in list(files_of(reference))[:kept]:
            (stale / name).write_text("x")
        write_outputs(target, files_of(reference))
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_two_writes_of_the_same_tables_are_byte_identical(tmp_path, reference):
    for name in ("a", "b"):
        write_outputs(tmp_path / name, files_of(reference))
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


@pytest.mark.parametrize("document", ["data-dictionary.md", "checks.md"])
def test_the_generated_docs_are_up_to_date(document):
    from schemas.docs import COMMAND, with_generated
    from tests.conftest import ROOT

    text = (ROOT / "docs" / document).read_text(encoding="utf-8")
    assert "start (generated by" in text
    assert text == with_generated(text), f"run: .venv/bin/{COMMAND}"


def files_of(reference, **documents) -> dict[str, bytes]:
    """The reference's table files, and `name.json` for each JSON document given."""
    return {**table_files(reference.tables, reference.unparsed),
            **{f"{name}.json": json_bytes(document) for name, document in documents.items()}}
