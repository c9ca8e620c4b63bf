"""The combined files: every table of every report processed, concatenated into output/_all/."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from review import index_page
from schemas import FINDINGS, TABLES, conform
from schemas.findings import findings_csv
from schemas.model import Column, ForeignKey, TableSchema
from schemas.writers import combined_datapackage, csv_bytes, parquet_table, write_outputs

from .run import now

COMBINED = "_all"
REPORT_ID = Column("report_id", "string", "보고서", "The report's id: its input file's stem.", required=True)


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


def publish_combined(out_root: Path, refused: dict[str, str] | None = None) -> Path:
    """Rebuild out_root/_all from every report folder in out_root (atomically, like a report's);
    its manifest lists the folders it combines, with their status, and the reports this run refused."""
    folders = sorted(p for p in out_root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                     and (p / "manifest.json").exists())
    schemas = {name: combined_schema(schema) for name, schema in {**TABLES, "findings": FINDINGS}.items()}
    files: dict[str, bytes] = {}
    tables = {}
    for name, schema in schemas.items():
        parts = [_read(folder, name) for folder in folders]
        frame = pd.concat([p for p in parts if p is not None], ignore_index=True) if any(
            p is not None for p in parts) else pd.DataFrame({c: [] for c in schema.column_names})
        tables[name] = conform(frame, schema)
        files[f"{name}.csv"] = (findings_csv(tables[name], schema) if name == "findings"
                                else csv_bytes(tables[name], schema))
    target = out_root / COMBINED
    manifests = [{"folder": folder.name, **json.loads((folder / "manifest.json").read_text(encoding="utf-8"))}
                 for folder in folders]
    manifest = {"built": now(), "reports": [_summary(m) for m in manifests], "refused": refused or {},
                "review_page": "review.html"}
    files["review.html"] = index_page(manifests).encode("utf-8")
    write_outputs(target, {}, None, files, {"datapackage.json": combined_datapackage(schemas),
                                            "manifest.json": manifest},
                  parquet={name: parquet_table(frame, schemas[name]) for name, frame in tables.items()})
    return target


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
