"""The output contract's tables, defined once: everything else is derived from here."""

from .model import Column, TableSchema, conform
from .tables import TABLES, UNPARSED_LINES

__all__ = ["TABLES", "UNPARSED_LINES", "Column", "TableSchema", "conform"]
