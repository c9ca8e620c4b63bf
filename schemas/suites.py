"""Great Expectations suites derived from the table definitions, and the run that validates a
report's tables with them (the only module that imports Great Expectations).

Each table's suite holds the schema's own rules (columns in order, required values, unique
keys, allowed values, minimums) and, for each arithmetic rule, one helper column computed in
pandas (`gap__<check>__<column>`: printed − computed) that must be 0. So the Data Docs show
every disagreement the findings list, and the two are checked against each other.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .model import TableSchema
from .rules import Comparison

GAP_PREFIX = "gap__"
SITE_NAME = "run"


@dataclass(frozen=True)
class Validation:
    success: bool
    evaluated: int
    failed: int
    # (table, gap column) → row_ids whose gap is not 0, as Great Expectations saw them
    failing_rows: dict[tuple[str, str], list[int]]
    docs_index: str | None


def gap_column(check: str, column: str) -> str:
    return f"{GAP_PREFIX}{check}__{column or 'row'}"


def with_gaps(frame: pd.DataFrame, table: str, comparisons: list[Comparison]) -> pd.DataFrame:
    """The table with one helper column per rule: printed − computed where the rule applies,
    infinite where nothing could be computed, empty where the rule does not apply."""
    gaps: dict[str, dict[int, float]] = {}
    for comparison in comparisons:
        if comparison.table != table or pd.isna(comparison.row["row_id"]):
            continue
        values = gaps.setdefault(gap_column(comparison.check, comparison.column), {})
        if comparison.computable and comparison.actual is not None:
            gap = round(comparison.actual - comparison.expected, 10)
        else:
            gap = float("inf")
        values[int(comparison.row["row_id"])] = gap
    augmented = frame.copy()
    for name, values in gaps.items():
        augmented[name] = augmented["row_id"].map(values).astype("float64")
    return augmented


def expectations_for(schema: TableSchema, gap_columns: list[str]) -> list:
    import great_expectations.expectations as gxe

    found: list = [gxe.ExpectTableColumnsToMatchOrderedList(column_list=schema.column_names + gap_columns)]
    for column in schema.columns:
        if column.required:
            found.append(gxe.ExpectColumnValuesToNotBeNull(column=column.name))
        if column.enum:
            found.append(gxe.ExpectColumnValuesToBeInSet(column=column.name, value_set=list(column.enum)))
        if column.minimum is not None:
            found.append(gxe.ExpectColumnValuesToBeBetween(column=column.name, min_value=column.minimum))
    if len(schema.primary_key) > 1:
        found.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(schema.primary_key)))
    elif schema.primary_key:
        found.append(gxe.ExpectColumnValuesToBeUnique(column=schema.primary_key[0]))
    for name in gap_columns:
        found.append(gxe.ExpectColumnValuesToBeBetween(column=name, min_value=0, max_value=0))
    return found


def validate(
    frames: dict[str, tuple[TableSchema, pd.DataFrame]],
    comparisons: list[Comparison],
    docs_dir: Path | None = None,
) -> Validation:
    """Validate every table with its suite in one ephemeral, offline checkpoint; write Data Docs."""
    gx = _quiet_gx()
    context = gx.get_context(mode="ephemeral")
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    if docs_dir is not None:
        context.add_data_docs_site(site_name=SITE_NAME, site_config=_site_config(docs_dir))
    source = context.data_sources.add_pandas("report")
    definitions, batches, row_ids = [], {}, {}
    for name, (schema, frame) in frames.items():
        augmented = with_gaps(frame, name, comparisons)
        gaps = [c for c in augmented.columns if c.startswith(GAP_PREFIX)]
        suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations_for(schema, gaps)))
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
        definitions.append(context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch,
                                                                                        suite=suite)))
        batches[name] = augmented
        row_ids[name] = augmented["row_id"].tolist() if "row_id" in augmented else []
    results = []
    for definition in definitions:
        outcome = definition.run(batch_parameters={"dataframe": batches[definition.name]},
                                 result_format={"result_format": "COMPLETE"})
        results.extend((definition.name, result) for result in outcome.results)
    if docs_dir is not None:
        context.build_data_docs(site_names=[SITE_NAME])
    return _summarise(results, row_ids, docs_dir)


def _summarise(results, row_ids, docs_dir) -> Validation:
    failing: dict[tuple[str, str], list[int]] = {}
    for table, result in results:
        column = result.expectation_config.kwargs.get("column", "")
        if column.startswith(GAP_PREFIX) and not result.success:
            indexes = result.result.get("unexpected_index_list") or []
            failing[(table, column)] = sorted(int(row_ids[table][i]) for i in indexes)
    failed = sum(1 for _, result in results if not result.success)
    index = docs_dir / "index.html" if docs_dir is not None else None
    return Validation(failed == 0, len(results), failed, failing,
                      str(index) if index is not None and index.exists() else None)


def _site_config(docs_dir: Path) -> dict:
    return {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }


def _quiet_gx():
    """Great Expectations, offline: no usage statistics, no progress bars, no info chatter."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    return gx
