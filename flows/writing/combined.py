"""The combined files: every table of every report processed, concatenated into output/_all/."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from flows.provenance import now, pipeline_version
from flows.writing.files import (
    combined_datapackage,
    csv_bytes,
    findings_csv,
    json_bytes,
    parquet_bytes,
    parquet_table,
    publishing_metadata,
)
from flows.writing.lineage import DETAIL_TABLES, ReportRows, link_reports
from flows.writing.owned import COMBINED
from flows.writing.swap import write_outputs
from review import index_page
from schemas import FINDINGS, TABLES, conform
from schemas.combined import BUDGET_BY_YEAR, COMBINED_TABLES, LINEAGE, REPORT_ID
from schemas.model import ForeignKey, TableSchema


def combined_schema(schema: TableSchema) -> TableSchema:
    """A table's definition with `report_id` first, in its keys too: (report_id, row_id)."""
    key = ("report_id", *(column for column in schema.primary_key if column != "fiscal_year"))
    key = key if len(key) > 1 else ()
    # A composite key with a null part (a root row's parent_id) fails Frictionless's check, so
    # only keys over required fields are declared; parent_id refers within the same report_id.
    required = {column.name for column in schema.columns if column.required}
    foreign = tuple(ForeignKey(("report_id", *k.fields), k.resource, ("report_id", *k.reference))
                    for k in schema.foreign_keys if set(k.fields) <= required)
    return TableSchema(schema.name, schema.title, schema.description, schema.section,
                       (REPORT_ID, *schema.columns), primary_key=key, foreign_keys=foreign, extra=schema.extra)


def publish_combined(out_root: Path, refused: dict[str, str] | None = None,
                     refused_sha256: dict[str, str] | None = None, present: set[str] | None = None) -> Path:
    """Rebuild out_root/_all from the report folders in out_root (atomically, like a report's): those
    of the reports `present` in the input folder (all, where not given); every table concatenated;
    the items of a bureau's reports linked across years (lineage.csv, budget_by_year.csv, their
    warnings in findings.csv); a manifest listing the folders it combines with their status, the
    bureaus linked, the reports refused (with their sha256, so that an unchanged one is not refused
    again) and the report folders whose input is gone (kept, not combined)."""
    written = sorted(p for p in out_root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                     and (p / "manifest.json").exists())
    folders = [folder for folder in written if present is None or folder.name in present]
    removed = [folder.name for folder in written if folder not in folders]
    manifests = [{"folder": folder.name, **json.loads((folder / "manifest.json").read_text(encoding="utf-8"))}
                 for folder in folders]
    schemas = {name: combined_schema(schema) for name, schema in {**TABLES, "findings": FINDINGS}.items()}
    tables = {name: _combined(folders, name, schema) for name, schema in schemas.items()}
    linked = link_reports([_report_rows(tables, manifest) for manifest in manifests])
    tables["findings"] = conform(pd.concat([tables["findings"], _frame(linked.warnings, schemas["findings"])],
                                           ignore_index=True), schemas["findings"])
    tables["lineage"] = _frame(linked.lineage, LINEAGE)
    tables["budget_by_year"] = _frame(linked.budget_by_year, BUDGET_BY_YEAR)
    schemas |= COMBINED_TABLES
    files = {f"{name}.csv": (findings_csv if name == "findings" else csv_bytes)(frame, schemas[name])
             for name, frame in tables.items()}
    files["review.html"] = index_page(manifests).encode("utf-8")
    manifest = {"built": now(), "reports": [_summary(m) for m in manifests], "refused": refused or {},
                "refused_sha256": refused_sha256 or {}, "removed": removed,
                "lineage": {"bureaus": linked.bureaus, "not_linked": linked.not_linked},
                "review_page": "review.html"}
    target = out_root / COMBINED
    files |= {f"{name}.parquet": parquet_bytes(parquet_table(frame, schemas[name])) for name, frame in tables.items()}
    sources = [{"title": m.get("input_file"), "path": f"{m['folder']}/datapackage.json",
                "sha256": m.get("input_sha256")} for m in manifests]
    files["datapackage.json"] = json_bytes(combined_datapackage(schemas, publishing_metadata(
        sources, manifest["built"], pipeline_version())))
    manifest["files"] = sorted([*files, "manifest.json"])
    files["manifest.json"] = json_bytes(manifest)
    write_outputs(target, files)
    return target


def _combined(folders: list[Path], name: str, schema: TableSchema) -> pd.DataFrame:
    parts = [part for part in (_read(folder, name) for folder in folders) if part is not None]
    return conform(pd.concat(parts, ignore_index=True) if parts else _frame([], schema), schema)


def _frame(rows: list[dict], schema: TableSchema) -> pd.DataFrame:
    return conform(pd.DataFrame(rows, columns=schema.column_names), schema)


def _report_rows(tables: dict[str, pd.DataFrame], manifest: dict) -> ReportRows:
    """One report's detail tables, out of the combined ones."""
    own = {name: tables[name][tables[name]["report_id"] == manifest["folder"]].drop(columns="report_id")
           .reset_index(drop=True) for name in DETAIL_TABLES}
    return ReportRows(manifest["folder"], int(manifest["fiscal_year"]), own)


def _summary(manifest: dict) -> dict:
    return {"folder": manifest["folder"], "input_file": manifest.get("input_file"),
            "fiscal_year": manifest.get("fiscal_year"), "status": manifest.get("status"),
            "finished": manifest.get("finished")}


def _read(folder: Path, name: str) -> pd.DataFrame | None:
    path = folder / f"{name}.parquet"
    if path.exists():
        frame = pq.read_table(path).to_pandas()
    elif (folder / f"{name}.csv").exists():
        frame = pd.read_csv(folder / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        frame = frame.replace("", pd.NA)
    else:
        return None
    frame.insert(0, "report_id", folder.name)
    return frame
