"""A run's files as bytes, derived from the table definitions: CSV, Parquet, JSON and the data package."""

from __future__ import annotations

import hashlib
import json
import os

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from checks.findings import printed_value
from schemas.columns import UNIT_SCALES_TO_KRW
from schemas.model import TableSchema
from schemas.tables import FINDINGS, TABLES, UNPARSED_LINES

CSV_ENCODING = "utf-8-sig"
# Korean public data is published under a 공공누리 (KOGL) type; type 1: free use, the source named.
LICENSE_VARIABLE = "REPORT_PIPELINE_LICENSE"
DEFAULT_LICENSE = "KOGL-Type1"
LICENSES = {
    "KOGL-Type1": {"title": "공공누리 제1유형: 출처표시", "path": "https://www.kogl.or.kr/info/licenseType1.do"},
    "KOGL-Type2": {"title": "공공누리 제2유형: 출처표시, 상업적 이용금지",
                   "path": "https://www.kogl.or.kr/info/licenseType2.do"},
    "KOGL-Type3": {"title": "공공누리 제3유형: 출처표시, 변경금지", "path": "https://www.kogl.or.kr/info/licenseType3.do"},
    "KOGL-Type4": {"title": "공공누리 제4유형: 출처표시, 상업적 이용금지, 변경금지",
                   "path": "https://www.kogl.or.kr/info/licenseType4.do"},
    "CC-BY-4.0": {"title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"},
}
# A spreadsheet runs a cell as a formula when it starts with one of these (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


def json_bytes(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def table_files(tables: dict[str, pd.DataFrame], unparsed: pd.DataFrame | None = None) -> dict[str, bytes]:
    """`<table>.csv` and `<table>.parquet` of every table of the contract, and unparsed_lines.csv."""
    files = {}
    for name, frame in tables.items():
        files[f"{name}.csv"] = csv_bytes(frame, TABLES[name])
        files[f"{name}.parquet"] = parquet_bytes(parquet_table(frame, TABLES[name]))
    if unparsed is not None:
        files["unparsed_lines.csv"] = csv_bytes(unparsed, UNPARSED_LINES)
    return files




def datapackage(report_id: str, title: str, published: dict | None = None) -> dict:
    """The Frictionless Data Package describing every CSV file a run writes; `published`: what a
    portal needs (publishing_metadata)."""
    resources = [_resource(schema) for schema in (*TABLES.values(), FINDINGS, UNPARSED_LINES)]
    return _package(package_name(report_id), title, resources, published)


def combined_datapackage(schemas: dict[str, TableSchema], published: dict | None = None) -> dict:
    """The data package of the combined files in output/_all/."""
    return _package("all-reports", "Every report processed, table by table",
                    [_resource(schema) for schema in schemas.values()], published)


def publishing_metadata(sources: list[dict], created: str, version: str) -> dict:
    """The licence (KOGL type 1 unless REPORT_PIPELINE_LICENSE names another), the sources (each
    input's name, sha256 and publisher), when the package was made and by which version."""
    name = os.environ.get(LICENSE_VARIABLE) or DEFAULT_LICENSE
    return {"licenses": [{"name": name, **LICENSES.get(name, {})}], "sources": sources, "created": created,
            "version": version}


def _package(name: str, title: str, resources: list[dict], published: dict | None = None) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        **(published or {}),
        "unitScales": {
            "description": "Amounts are integers in the row's `unit`; multiply by the unit's scale for won (KRW).",
            "currency": "KRW",
            "scales": UNIT_SCALES_TO_KRW,
        },
        "resources": resources,
    }


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
    name: "기획국 2023" → "2023-1a2b3c4d", "기획국" → "report-…"."""
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
