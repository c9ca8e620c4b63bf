"""What a table definition is, and the forms derived from it (pandas, Arrow, Table Schema)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pyarrow as pa

# A date is an ISO string in pandas and CSV, and a real date in Parquet.
Record = dict[str, Any]  # a table's row as the parsers build it, by column name
PANDAS_DTYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string",
                 "date": "string"}
ARROW_TYPES = {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "string": pa.string(),
               "date": pa.date32()}


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # "" for the table itself
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    title: str
    description: str
    required: bool = False
    unit_column: str | None = None
    enum: tuple[str, ...] | None = None
    minimum: float | None = None

    def arrow_metadata(self) -> dict[bytes, bytes]:
        described = {"title": self.title, "description": self.description}
        if self.unit_column:
            described["unit"] = f"in the row's `{self.unit_column}` column"
        return {key.encode(): value.encode("utf-8") for key, value in described.items()}

    def table_schema_field(self) -> dict[str, object]:
        """This column as a Frictionless Table Schema field."""
        described: dict[str, object] = {"name": self.name, "type": self.type, "title": self.title}
        described["description"] = self.description
        constraints: dict[str, object] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if constraints:
            described["constraints"] = constraints
        if self.type == "boolean":
            described["trueValues"] = ["true"]
            described["falseValues"] = ["false"]
        if self.unit_column:
            described["unit"] = {"column": self.unit_column}
        return described


@dataclass(frozen=True)
class TableSchema:
    name: str
    title: str
    description: str
    section: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ("fiscal_year", "row_id")
    foreign_keys: tuple[ForeignKey, ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def empty_frame(self) -> pd.DataFrame:
        return pd.DataFrame({c.name: pd.Series([], dtype=PANDAS_DTYPES[c.type]) for c in self.columns})

    def arrow_schema(self) -> pa.Schema:
        """The Parquet schema: each field with its Korean title, description and unit column as metadata."""
        return pa.schema(
            [pa.field(c.name, ARROW_TYPES[c.type], nullable=not c.required, metadata=c.arrow_metadata())
             for c in self.columns]
        )

    def table_schema(self) -> dict[str, object]:
        """The Frictionless Table Schema of this table's CSV file."""
        described: dict[str, object] = {
            "fields": [column.table_schema_field() for column in self.columns],
            "missingValues": [""],
        }
        if self.primary_key:
            described["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            described["foreignKeys"] = [
                {"fields": list(key.fields), "reference": {"resource": key.resource, "fields": list(key.reference)}}
                for key in self.foreign_keys
            ]
        return described


def table_frame(schema: TableSchema, records: list[Record], fiscal_year: int,
                **constants: object) -> pd.DataFrame:
    """A table's rows as a frame with the schema's columns, in its order: `records` are dicts by
    column name (a column missing from them is null); the key every table has (fiscal_year, then
    row_id from 1) and the `constants` (a column with one value for every row) are filled in."""
    frame = pd.DataFrame(records, columns=list(schema.column_names))
    frame["fiscal_year"] = fiscal_year
    frame["row_id"] = range(1, len(frame) + 1)
    for name, value in constants.items():
        frame[name] = value
    return frame


def conform(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """The frame with exactly the schema's columns, in its order, with its dtypes."""
    missing = [name for name in schema.column_names if name not in frame.columns]
    if missing:
        raise KeyError(f"{schema.name}: columns {missing} were not produced")
    return pd.DataFrame({c.name: _typed(frame[c.name], PANDAS_DTYPES[c.type]) for c in schema.columns}
                        ).reset_index(drop=True)


def _typed(values: pd.Series, dtype: str) -> pd.Series:
    return values if str(values.dtype) == dtype else values.astype(dtype)
