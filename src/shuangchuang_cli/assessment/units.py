"""Score the units (乡镇、街道、部门) against their yearly tasks (任务分解).

A unit's year actual for an indicator counts the keys (or sums the column) of the counted
records dated in that year, each key for the unit of its first counted record, so the
units' actuals add up to the district's. An indicator with no task for a unit is left
out and the unit's other weights are scaled back to 100.
"""

from __future__ import annotations

import pandas as pd

from shuangchuang_cli.assessment.scores import Scores, ranked, score_row, scored_item
from shuangchuang_cli.counting.dataset import Dataset
from shuangchuang_cli.counting.indicators import Measured
from shuangchuang_cli.rules import Assessment, Rules, Unit
from shuangchuang_cli.rules.assessment import UnitGroup, UnitScheme
from shuangchuang_cli.rules.compute import SumColumn


def year_records(m: Measured, year: int) -> pd.DataFrame:
    """The counted records of a flow indicator dated in `year`."""
    assert m.sheet.date is not None
    records: pd.DataFrame = m.records[m.records[m.sheet.date].dt.year.eq(year)]
    return records


def unit_actuals(m: Measured, year: int) -> pd.Series:
    """Each unit's year actual of one indicator: its keys counted, or its column summed."""
    records = year_records(m, year)
    unit = m.sheet.unit_column
    assert unit is not None
    spec = m.indicator.compute
    if isinstance(spec, SumColumn):
        summed: pd.Series = records.groupby(unit)[spec.column].sum()
        return summed
    return records[unit].value_counts()


def submitters(dataset: Dataset, rules: Rules, year: int) -> set[str]:
    """Units with any record row (errors included) in the year's own folder."""
    found: set[str] = set()
    for name, frame in dataset.frames.items():
        column = rules.sheet_types[name].unit_column
        if column is None:
            continue
        mine = frame[pd.to_numeric(frame["_year"], errors="coerce").eq(year)]
        found.update(mine[column].dropna().astype(str))
    return found


def group_of(unit: Unit, plan: UnitScheme) -> UnitGroup | None:
    return next((g for g in plan.groups if unit.kind in g.kinds), None)


def score_units(
    rules: Rules, scheme: Assessment, dataset: Dataset, measured: list[Measured], year: int
) -> Scores:
    """Every unit of the rules, scored against its tasks for the year (PRODUCT.md)."""
    plan = scheme.units
    assert plan is not None  # Workspace.score says when the scheme has no unit part
    tasks = plan.tasks.get(year, {})
    by_id = {m.indicator.id: m for m in measured}
    weighted = dict.fromkeys([*plan.weights, *(i for g in plan.groups for i in g.weights)])
    actuals = {ind: unit_actuals(by_id[ind], year) for ind in weighted}
    sent = submitters(dataset, rules, year)
    rows = []
    for unit in rules.units:
        group = group_of(unit, plan)
        weights = plan.weights_for(group)
        mine = tasks.get(unit.name, {})
        tasked = [ind for ind in weights if ind in mine]
        scale = 100 / sum(weights[ind] for ind in tasked) if tasked else 0.0
        items = [
            scored_item(
                ind,
                (by_id[ind].indicator.name, by_id[ind].indicator.name_en),
                (weights[ind] * scale, weights[ind]),
                mine[ind],
                float(actuals[ind].get(unit.name, 0)),
                short=(by_id[ind].indicator.short, by_id[ind].indicator.short_en),
            )
            for ind in tasked
        ]
        extra = {"group": group.name, "group_en": group.name_en} if group else {}
        rows.append(
            score_row(unit.name, items, scheme, plan.bonus, submitted=unit.name in sent, **extra)
        )
    groups = tuple(g.name for g in plan.groups)
    return Scores(
        year=year,
        kind="units",
        bonus=plan.bonus,
        indicators=tuple(weighted),
        rows=ranked(rows, groups),
        groups=groups,
    )
