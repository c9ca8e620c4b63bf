"""Write a run's files, derived from the table definitions, and swap them in atomically."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from checks.findings import printed_value
from schemas.columns import UNIT_SCALES_TO_KRW
from schemas.model import TableSchema
from schemas.tables import FINDINGS, TABLES, UNPARSED_LINES

CSV_ENCODING = "utf-8-sig"
# Write errors that no retry can heal: no space, a read-only file system, no permission.
PERMANENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})
# A spreadsheet runs a cell as a formula when it starts with one of these (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STAGING_MARK = ".staging-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(Exception):
    """The output cannot be written, and retrying will not help; the message names the output folder."""


def csv_bytes(frame: pd.DataFrame, schema: TableSchema) -> bytes:
    """The table as CSV (UTF-8 with BOM): empty cell for null, `true`/`false`, formulas defused."""
    cells = pd.DataFrame(index=frame.index)
    for column in schema.columns:
        values = frame[column.name]
        if column.type == "boolean":
            cells[column.name] = values.map(lambda v: "" if pd.isna(v) else ("true" if v else "false"))
        elif column.type == "string":
            cells[column.name] = values.map(lambda v: "" if pd.isna(v) else defuse_formula(v))
        else:
            cells[column.name] = values
    text = cells.to_csv(index=False, lineterminator="\n", na_rep="")
    return text.encode(CSV_ENCODING)


def defuse_formula(text: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading `'`; numbers stay as they are."""
    if len(text) >= 2 and text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def parquet_table(frame: pd.DataFrame, schema: TableSchema) -> pa.Table:
    typed = frame.copy()
    for column in schema.columns:
        if column.type == "date":
            typed[column.name] = pd.to_datetime(typed[column.name], format="%Y-%m-%d").dt.date
    return pa.Table.from_pandas(typed, schema=schema.arrow_schema(), preserve_index=False)




def datapackage(report_id: str, title: str) -> dict:
    """The Frictionless Data Package describing every CSV file a run writes."""
    resources = [_resource(schema) for schema in (*TABLES.values(), FINDINGS, UNPARSED_LINES)]
    return _package(package_name(report_id), title, resources)


def combined_datapackage(schemas: dict[str, TableSchema]) -> dict:
    """The data package of the combined files in output/_all/."""
    return _package("all-reports", "Every report processed, table by table",
                    [_resource(schema) for schema in schemas.values()])


def _package(name: str, title: str, resources: list[dict]) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "unitScales": {
            "description": "Amounts are integers in the row's `unit`; multiply by the unit's scale for won (KRW).",
            "currency": "KRW",
            "scales": UNIT_SCALES_TO_KRW,
        },
        "resources": resources,
    }


def write_outputs(
    target: Path,
    tables: dict[str, pd.DataFrame],
    unparsed: pd.DataFrame | None,
    extra_csv: dict[str, bytes],
    json_files: dict[str, dict],
    before_json: Callable[[Path], None] | None = None,
    parquet: dict[str, pa.Table] | None = None,
) -> None:
    """Write every file into a staging folder beside `target`, then swap it in whole.
    `before_json(staging)` may add files (and fill in the JSON documents) before they are written."""
    target = Path(target)
    try:
        _write_outputs(target, tables, unparsed, extra_csv, json_files, before_json, parquet)
    except OSError as error:
        if error.errno in PERMANENT_ERRNOS:
            raise OutputError(f"cannot write {target}: {error.strerror} ({errno.errorcode[error.errno]})") from None
        raise


def _write_outputs(target, tables, unparsed, extra_csv, json_files, before_json, parquet) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(target)
    staging = target.parent / f".{target.name}{STAGING_MARK}{os.getpid()}"
    try:
        staging.mkdir()
        for name, frame in tables.items():
            schema = TABLES[name]
            (staging / f"{name}.csv").write_bytes(csv_bytes(frame, schema))
            pq.write_table(parquet_table(frame, schema), staging / f"{name}.parquet")
        if unparsed is not None:
            (staging / "unparsed_lines.csv").write_bytes(csv_bytes(unparsed, UNPARSED_LINES))
        for name, table in (parquet or {}).items():
            pq.write_table(table, staging / f"{name}.parquet")
        for file_name, content in extra_csv.items():
            (staging / file_name).write_bytes(content)
        if before_json is not None:
            before_json(staging)
        for file_name, document in json_files.items():
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            (staging / file_name).write_text(text, encoding="utf-8")
        _fsync_tree(staging)
        swap_in(staging, target)
    finally:
        _remove_even_when_interrupted(staging)


def _remove_even_when_interrupted(folder: Path) -> None:
    """A Ctrl-C that lands while the staging folder is being removed must not leave half of it:
    the removal is finished first, then the interrupt goes on."""
    try:
        shutil.rmtree(folder, ignore_errors=True)
    except KeyboardInterrupt:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def swap_in(staging: Path, target: Path) -> None:
    """Make `staging` the new `target` in one step; what was there ends up in `staging`."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        return
    parked = target.parent / f".{target.name}{STAGING_MARK}old-{os.getpid()}"
    os.rename(target, parked)
    os.rename(staging, target)
    os.rename(parked, staging)


def remove_stale_staging(target: Path) -> None:
    """Staging folders left by a run that was killed are removed by the next one; a live run's
    (its process still there) are left alone."""
    for stale in target.parent.glob(f".{target.name}{STAGING_MARK}*"):
        owner = stale.name.rsplit("-", 1)[-1]
        if not owner.isdigit() or not _alive(int(owner)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftover from an attempt that failed: ours to remove
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exchange(first: Path, second: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both names swap atomically. False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def _resource(schema: TableSchema) -> dict:
    resource = {
        "name": schema.name,
        "path": f"{schema.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": schema.title,
        "description": schema.description,
        "schema": schema.table_schema(),
    }
    measures = {c.name: {"source": c.name, "currency": "KRW", "unitColumn": c.unit_column,
                         "factor": "unitScales.scales[unit]"}
                for c in schema.columns if c.unit_column}
    if measures:
        resource["model"] = {"measures": measures}
        if "direction" in schema.extra:
            resource["model"]["direction"] = schema.extra["direction"]
            for measure in measures.values():
                measure["direction"] = schema.extra["direction"]
    return resource


def package_name(report_id: str) -> str:
    """A data package's name (lower-case ASCII, `-_.`): the stem lower-cased where it is all ASCII;
    else its ASCII part (if any), `-`, and 8 hex digits of its sha256, so two stems never share a
    name: "행정국 2023" → "2023-1a2b3c4d", "행정국" → "report-…"."""
    lowered = report_id.lower()
    if lowered.isascii():
        name = "".join(c if c.isalnum() or c in "-_." else "-" for c in lowered).strip("-")
        if name:
            return name
    ascii_part = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in lowered)
    ascii_part = "-".join(part for part in ascii_part.split("-") if part) or "report"
    return f"{ascii_part}-{hashlib.sha256(report_id.encode()).hexdigest()[:8]}"


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


# The compared values of a finding: an amount or a count is written as an integer.
VALUE_COLUMNS = ("expected", "actual", "difference")

def findings_csv(findings: pd.DataFrame, schema=FINDINGS) -> bytes:
    """findings.csv: amounts and counts written as integers."""
    written = findings.copy()
    for name in VALUE_COLUMNS:
        written[name] = [printed_value(value, column) for value, column in
                         zip(findings[name], findings["column"].fillna(""), strict=True)]
    return csv_bytes(written, schema)
