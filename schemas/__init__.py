"""The output contract's tables, defined once: everything else is derived from here."""

from schemas.model import Column, Record, TableSchema, conform, table_frame
from schemas.rules import violations
from schemas.tables import FINDINGS, TABLES, UNPARSED_LINES

__all__ = ["FINDINGS", "TABLES", "UNPARSED_LINES", "Column", "Record", "TableSchema", "conform", "table_frame",
           "violations"]
