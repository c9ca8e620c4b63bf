"""The rules a table definition states, each once: required values, minimums, allowed values and a
unique key, as the rows that break them. Both checkers read them from here: `violations` (pandas,
for fast checks such as the fuzz tests) and the run's Great Expectations suite (checks/suites.py:
a column per rule holding each row's breaking of it, which an expectation requires to be 0
everywhere). The columns and their order are the definition's `column_names`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from schemas.model import PANDAS_DTYPES, TableSchema

RULE_COLUMN_PREFIX = "check__"


@dataclass(frozen=True)
class Rule:
    name: str  # short, a column name once prefixed: "required"
    says: str  # as a person reads it: "minimums: chapter ≥ 1"
    breaking: Callable[[pd.DataFrame], pd.Series]  # per row: True where the row breaks the rule

    @property
    def column(self) -> str:
        return RULE_COLUMN_PREFIX + self.name


def rules_of(schema: TableSchema) -> list[Rule]:
    """The table definition's rules on its rows, in a fixed order."""
    rules = []
    required = [c.name for c in schema.columns if c.required]
    if required:
        rules.append(Rule("required", f"required columns: {', '.join(required)}",
                          lambda frame: frame[required].isna().any(axis=1)))
    minimums = {c.name: c.minimum for c in schema.columns if c.minimum is not None}
    if minimums:
        rules.append(Rule("minimum", f"minimums: {', '.join(f'{n} ≥ {m:g}' for n, m in minimums.items())}",
                          lambda frame: _any_row([frame[n].lt(m).fillna(False) for n, m in minimums.items()], frame)))
    allowed = {c.name: c.enum for c in schema.columns if c.enum}
    if allowed:
        says = "; ".join(f"{name} in {', '.join(values)}" for name, values in allowed.items())
        rules.append(Rule("allowed", f"allowed values: {says}", lambda frame: _any_row(
            [frame[n].notna() & ~frame[n].isin(list(values)) for n, values in allowed.items()], frame)))
    key = list(schema.primary_key)
    if key:
        rules.append(Rule("unique", f"unique key: {', '.join(key)}",
                          lambda frame: frame.duplicated(key, keep=False)))
    return rules


def violations(frame: pd.DataFrame, schema: TableSchema) -> list[str]:
    """What in a frame breaks its table definition: its columns, their dtypes, and each rule."""
    if list(frame.columns) != schema.column_names:
        return [f"{schema.name}: columns {list(frame.columns)} are not {schema.column_names}"]
    found = [f"{schema.name}.{c.name}: dtype {frame[c.name].dtype}, not {PANDAS_DTYPES[c.type]}"
             for c in schema.columns if len(frame) and str(frame[c.name].dtype) != PANDAS_DTYPES[c.type]]
    for rule in rules_of(schema):
        broken = int(rule.breaking(frame).sum())
        if broken:
            found.append(f"{schema.name}: {rule.says}: {broken} rows break it")
    return found


def _any_row(conditions: list[pd.Series], frame: pd.DataFrame) -> pd.Series:
    """Per row: does any of the conditions hold."""
    found = pd.Series(False, index=frame.index)
    for condition in conditions:
        found |= condition.astype(bool)
    return found
