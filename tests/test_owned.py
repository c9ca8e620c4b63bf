"""The output folder is the pipeline's own: a run never deletes, truncates or replaces what it did
not write (a user's files, the report, its reviews), through --out, the lock or a staging name."""

import json
import os
import shutil
import subprocess
import unicodedata

import pytest

from extractors import ReportError
from flows.cli import main
from flows.lock import LOCK_NAME, OutputBusy, output_lock
from flows.writing.owned import check_report_folder, check_root_folder
from schemas.manifest import MANIFEST_KEYS
from tests.conftest import REFERENCE


def files_in(folder):
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_an_out_folder_holding_a_users_files_is_refused_and_left_whole(tmp_path, capsys):
    out = tmp_path / "thesis"
    (out / "sub").mkdir(parents=True)
    (out / "thesis.docx").write_bytes(b"four years of work")
    (out / "sub" / "notes.txt").write_text("notes")
    before = files_in(out)
    assert main(["run", str(REFERENCE), "--out", str(out)]) == 2
    err = one_line_error(capsys)
    assert str(out) in err and "'sub'" in err and "did not write" in err and "another --out" in err
    assert files_in(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_the_reports_own_folder_as_out_is_refused_with_the_report_and_its_reviews(tmp_path, capsys):
    report = tmp_path / REFERENCE.name
    shutil.copy(REFERENCE, report)
    (tmp_path / f"{REFERENCE.stem}.reviewed.csv").write_text("key,note\nx,checked by hand\n", encoding="utf-8")
    before = files_in(tmp_path)
    assert main(["run", str(report), "--out", str(tmp_path)]) == 2
    assert str(tmp_path) in one_line_error(capsys)
    assert files_in(tmp_path) == before
    assert main(["run", str(tmp_path), "--out", str(tmp_path)]) == 2  # a folder run into its own input folder
    assert files_in(tmp_path) == before


def test_a_folder_the_pipeline_wrote_is_written_again_and_lists_its_files(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(REFERENCE), "--out", str(out)]) in (0, 3)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(p.name for p in out.iterdir() if p.name != LOCK_NAME)
    assert {"manifest.json", "findings.csv", "review.html", "org_units.parquet"} <= set(manifest["files"])
    assert manifest["control_characters_removed"] == 0
    assert set(manifest) == set(MANIFEST_KEYS)  # every key in the data dictionary, and no other
    check_report_folder(out)
    assert main(["run", str(REFERENCE), "--out", str(out)]) in (0, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing beside it


def test_an_older_output_without_the_list_is_ours_when_every_file_has_a_contract_name(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"report_id": "r"}), encoding="utf-8")
    (out / "org_units.csv").write_text("a\n")
    check_report_folder(out)
    (out / "my_notes.csv").write_text("a\n")
    with pytest.raises(ReportError, match="holds 'my_notes.csv'"):
        check_report_folder(out)


def test_a_folder_runs_root_holds_only_report_folders_all_and_the_lock(tmp_path):
    root = tmp_path / "out"
    (root / "_all").mkdir(parents=True)
    (root / "a").mkdir()
    (root / "a" / "manifest.json").write_text(json.dumps({"files": ["x.csv"]}), encoding="utf-8")
    (root / "a" / "x.csv").write_text("1\n")
    (root / LOCK_NAME).write_text("")
    check_root_folder(root)
    (root / "a" / "y.csv").write_text("1\n")
    with pytest.raises(ReportError, match="holds 'a/y.csv'"):
        check_root_folder(root)


def test_a_symlinked_lock_is_never_followed(tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).symlink_to(victim)
    with pytest.raises(OutputBusy, match="symlink"), output_lock(out):
        pass
    assert main(["run", str(REFERENCE), "--out", str(out)]) == 2
    one_line_error(capsys)
    assert victim.read_text() == "keep me" and (out / LOCK_NAME).is_symlink()


def test_a_symlinked_out_is_written_where_it_points(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    assert main(["run", str(REFERENCE), "--out", str(link)]) in (0, 3)
    assert link.is_symlink() and (real / "manifest.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


def test_a_report_named_all_is_refused(tmp_path, capsys):
    report = tmp_path / "_all.txt"
    shutil.copy(REFERENCE, report)
    assert main(["run", str(report), "--out", str(tmp_path / "out")]) == 2
    assert "'_all'" in one_line_error(capsys)
    assert not (tmp_path / "out").exists()


def test_two_names_equal_in_nfc_are_both_refused(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    name = "행정국_2023"
    shutil.copy(REFERENCE, raw / f"{unicodedata.normalize('NFC', name)}.txt")
    shutil.copy(REFERENCE, raw / f"{unicodedata.normalize('NFD', name)}.txt")
    assert main(["run", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("Unicode NFC") == 2 and "Traceback" not in err


def test_an_nfd_name_gives_the_nfc_id_and_finds_its_reviews(tmp_path):
    name = unicodedata.normalize("NFD", "행정국")
    report = tmp_path / f"{name}.txt"
    shutil.copy(REFERENCE, report)
    (tmp_path / f"{name}.reviewed.csv").write_text("key,note\nnot|a|finding|,x\n", encoding="utf-8")
    out = tmp_path / "out"
    main(["run", str(report), "--out", str(out)])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["report_id"] == unicodedata.normalize("NFC", name) and manifest["reviews_file"]


@pytest.fixture
def small_tmpfs(tmp_path):
    """A folder on a tmpfs of 1 MiB (the tests run as root: chmod does not stop writes)."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_read_only_output_folder_is_one_line_exit_1(small_tmpfs, capsys):
    subprocess.run(["mount", "-o", "remount,ro", str(small_tmpfs)], check=True)
    assert main(["run", str(REFERENCE), "--out", str(small_tmpfs / "out")]) == 1
    err = one_line_error(capsys)
    assert str(small_tmpfs) in err and "Read-only" in err


def test_a_full_output_folder_is_one_line_exit_1_and_leaves_nothing(small_tmpfs, capsys):
    (small_tmpfs / "filler").write_bytes(b"\0" * (1024 * 1024 - 64 * 1024))  # about 64 KiB left
    out = small_tmpfs / "out"
    assert main(["run", str(REFERENCE), "--out", str(out)]) == 1
    err = one_line_error(capsys)
    assert str(out) in err and "ENOSPC" in err
    assert sorted(p.name for p in small_tmpfs.iterdir()) == ["filler"]


def test_a_mount_point_as_out_is_refused_in_one_line(small_tmpfs, capsys):
    assert main(["run", str(REFERENCE), "--out", str(small_tmpfs)]) == 2
    assert "mount point" in one_line_error(capsys)
    assert os.listdir(small_tmpfs) == []
