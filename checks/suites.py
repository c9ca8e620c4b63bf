"""Great Expectations suites derived from the table definitions, and the run that validates a
report's tables with them (the only module that imports Great Expectations).

Each table's suite holds the schema's own rules (schemas/rules.py, where each is stated once):
its columns in order, then one expectation per rule (required values, minimums, allowed values,
a unique key) that the rule's helper column, each row's breaking of it, is 0 everywhere (an
expectation costs Great Expectations ~20 ms, so a rule over many columns is one expectation). The arithmetic
rules are validated as one more table, the comparisons (one row per printed value that other
printed values determine, `gap` = printed − computed), whose suite requires every gap to be 0:
the rows it finds failing must be exactly the findings.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from checks.rules import Comparison
from schemas.model import TableSchema
from schemas.rules import rules_of

COMPARISONS = "comparisons"
QUIET_LOGGERS = ("great_expectations.data_context.types.base",)


@dataclass(frozen=True)
class Validation:
    success: bool
    evaluated: int
    failed: int
    # (check, table, name, column) of every comparison Great Expectations found not to hold
    failing: set[tuple[str, str, str, str]]
    # every expectation on a table's own schema that failed, as `table: expectation(column)`
    broken: tuple[str, ...] = ()


def comparisons_frame(comparisons: list[Comparison]) -> pd.DataFrame:
    """One row per comparison: printed − computed in `gap` (infinite where nothing could be computed)."""
    from checks.findings import row_name

    rows = []
    for comparison in comparisons:
        gap = comparison.gap if comparison.gap is not None else float("inf")
        rows.append({"check": comparison.check, "table": comparison.table, "name": row_name(comparison.row),
                     "column": comparison.column, "gap": gap})
    frame = pd.DataFrame(rows, columns=["check", "table", "name", "column", "gap"])
    return frame.astype({"check": "string", "table": "string", "name": "string", "column": "string",
                         "gap": "float64"})


def with_schema_checks(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """The table with a helper column per rule of its definition: 1 where the row breaks it."""
    augmented = frame.copy()
    for rule in rules_of(schema):
        augmented[rule.column] = rule.breaking(frame).astype("int64")
    return augmented


def expectations_for(schema: TableSchema) -> list[Any]:
    import great_expectations.expectations as gxe

    rules = rules_of(schema)
    found: list[Any] = [gxe.ExpectTableColumnsToMatchOrderedList(
        column_list=schema.column_names + [rule.column for rule in rules])]
    found += [gxe.ExpectColumnValuesToBeBetween(column=rule.column, min_value=0, max_value=0, meta={"rule": rule.says})
              for rule in rules]
    return found


def comparison_expectations() -> list[Any]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectTableColumnsToMatchOrderedList(column_list=["check", "table", "name", "column", "gap"]),
        gxe.ExpectColumnValuesToBeBetween(column="gap", min_value=0, max_value=0,
                                          meta={"rule": "every printed value equals what the other printed "
                                                        "values give (printed − computed = 0)"}),
    ]


def validate(frames: dict[str, tuple[TableSchema, pd.DataFrame]], comparisons: list[Comparison]) -> Validation:
    """Validate every table with its suite, and the comparisons with theirs, in one ephemeral,
    offline context. No Data Docs are built: their pages load styles and scripts from CDNs and
    are unusable offline; review.html (review/) shows every finding instead."""
    gx = _quiet_gx()
    context = gx.get_context(mode="ephemeral")
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("report")
    batches = {name: (expectations_for(schema), with_schema_checks(frame, schema))
               for name, (schema, frame) in frames.items()}
    compared = comparisons_frame(comparisons)
    batches[COMPARISONS] = (comparison_expectations(), compared)
    results: list[tuple[str, Any]] = []
    for name, (expectations, frame) in batches.items():
        suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        outcome = definition.run(batch_parameters={"dataframe": frame}, result_format={"result_format": "COMPLETE"})
        results.extend((name, result) for result in outcome.results)
    return _summarise(results, compared)


def _summarise(results: list[tuple[str, Any]], compared: pd.DataFrame) -> Validation:
    failing: set[tuple[str, str, str, str]] = set()
    for table, result in results:
        if table == COMPARISONS and result.expectation_config.kwargs.get("column") == "gap" and not result.success:
            for index in result.result.get("unexpected_index_list") or []:
                row = compared.loc[index]
                failing.add((row["check"], row["table"], row["name"], row["column"]))
    failed = sum(1 for _, result in results if not result.success)
    broken = tuple(f"{table}: {_named(result.expectation_config)}" for table, result in results
                   if table != COMPARISONS and not result.success)
    return Validation(failed == 0, len(results), failed, failing, broken)


def _named(expectation: Any) -> str:
    """The expectation as a person reads it: its rule where it has one (`minimums: chapter ≥ 1`)."""
    rule = (expectation.meta or {}).get("rule")
    column = expectation.kwargs.get("column")
    return rule if rule else f"{expectation.type}({column})" if column else expectation.type


def _quiet_gx() -> Any:
    """Great Expectations, offline: no usage statistics, no progress bars, no info chatter."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    import great_expectations.data_context.types.base  # noqa: F401  (sets its logger to INFO on import)

    # GE sets some of its modules' loggers to INFO itself ("Created temporary directory … for
    # ephemeral docs site"): quiet them one by one.
    for name in ("great_expectations", *QUIET_LOGGERS):
        logging.getLogger(name).setLevel(logging.WARNING)
    return gx
