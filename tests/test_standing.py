"""What an output folder stands at, for a scheduler and a person: reports left unreviewed keep
saying so, a refused file unchanged since is refused once, a report whose input left is listed as
removed and no longer combined."""

import json
import shutil
from datetime import UTC, datetime

from flows.cli import main
from flows.scan import new_or_changed
from flows.standing import status_lines
from flows.writing.combined import publish_combined
from tests.conftest import REFERENCE


def write_manifest(folder, **fields):
    folder.mkdir(parents=True)
    manifest = {"input_file": f"{folder.name}.txt", "status": "ok", "findings": {"unreviewed_errors": 0},
                "finished": "2026-12-01T06:00:00+00:00", "files": ["manifest.json"], **fields}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_status_lists_each_report_and_exits_3_while_one_needs_review(tmp_path, capsys):
    write_manifest(tmp_path / "a")
    write_manifest(tmp_path / "b", status="needs_review", findings={"unreviewed_errors": 2})
    lines, code = status_lines(tmp_path, now=datetime(2026, 12, 3, 7, tzinfo=UTC))
    assert code == 3
    assert lines == ["a: ok, 0 unreviewed errors, written 2 days ago from a.txt",
                     "b: needs_review, 2 unreviewed errors, written 2 days ago from b.txt"]
    assert main(["status", str(tmp_path)]) == 3 and "b: needs_review" in capsys.readouterr().out
    (tmp_path / "b" / "manifest.json").unlink()
    assert main(["status", str(tmp_path)]) == 0
    assert main(["status", str(tmp_path / "nowhere")]) == 2


def test_a_refused_file_is_refused_once_until_it_changes(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    out.mkdir()
    memo = raw / "메모.txt"
    memo.write_text("회의 메모\n", encoding="utf-8")
    first = new_or_changed(raw, out)
    assert list(first.refused) == ["메모.txt"] and first.still_refused == {}
    publish_combined(out, first.refused, first.sha256, first.present)
    second = new_or_changed(raw, out)
    assert second.refused == {} and second.still_refused == first.refused
    lines, code = status_lines(out)
    assert code == 0 and lines == [f"메모.txt: refused: {first.refused['메모.txt']}"]
    memo.write_text("다른 메모\n", encoding="utf-8")
    assert list(new_or_changed(raw, out).refused) == ["메모.txt"]


def test_a_report_whose_input_left_is_kept_listed_as_removed_and_not_combined(tmp_path, reference):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for name in ("kept", "gone"):
        shutil.copy(REFERENCE, raw / f"{name}.txt")
    assert main(["run", str(raw), "--out", str(out), "--workers", "1"]) in (0, 3)
    (raw / "gone.txt").unlink()
    assert main(["run", str(raw), "--out", str(out)]) in (0, 3)
    manifest = json.loads((out / "_all" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["removed"] == ["gone"] and [r["folder"] for r in manifest["reports"]] == ["kept"]
    assert (out / "gone" / "manifest.json").exists()
    combined = (out / "_all" / "org_units.csv").read_text(encoding="utf-8-sig")
    assert "\ngone," not in combined and combined.count("\nkept,") == len(reference.tables["org_units"])
