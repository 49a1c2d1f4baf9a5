"""Score the carriers (众创空间年度绩效考核): each counted carrier of the year on its own
figures (staff shares, services offered) and on the year's records that name it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from shuangchuang_cli.assessment.scores import Scored, Scores, ranked, score_row, scored_item
from shuangchuang_cli.assessment.units import year_records
from shuangchuang_cli.counting.dataset import Dataset
from shuangchuang_cli.counting.indicators import Measured, counted_roster
from shuangchuang_cli.models import Source
from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.rules import Assessment, Rules
from shuangchuang_cli.rules.assessment import CarrierItem, CarrierScheme


def _named_counts(
    item: CarrierItem, by_id: dict[str, Measured], year: int, named_by: str
) -> pd.Series:
    """How many of the year's counted records name each carrier (by normalised name)."""
    frames = [year_records(by_id[ind], year)[named_by] for ind in item.indicators]
    named = pd.concat(frames, ignore_index=True).dropna().astype(str).map(key_text)
    return named.value_counts()


def _actual(
    item: CarrierItem, record: Mapping[Hashable, Any], named: dict[str, pd.Series]
) -> float | None:
    if item.measure == "share":
        assert item.numerator and item.denominator
        staff = float(record[item.denominator])
        return float(record[item.numerator]) / staff if staff else None
    if item.measure == "services":
        return float(sum(bool(record[c]) for c in item.columns))
    return float(named[item.id].get(str(record["_key"]), 0))


def _scored_items(
    plan: CarrierScheme, record: Mapping[Hashable, Any], named: dict[str, pd.Series]
) -> list[Scored]:
    """One carrier's items, each its actual against the item's benchmark."""
    return [
        scored_item(
            item.id,
            (item.name, item.name_en),
            (item.weight, item.weight),
            item.benchmark,
            _actual(item, record, named),
            "%" if item.measure == "share" else "",
        )
        for item in plan.items
    ]


def score_carriers(
    rules: Rules,
    scheme: Assessment,
    dataset: Dataset,
    measured: list[Measured],
    year: int,
    as_of: dt.date | None = None,
) -> Scores:
    """Every carrier counted as of `as_of` (Dec 31 of the year unless given), scored on its
    own figures and the records naming it; `measured` is of the same day."""
    plan = scheme.carriers
    assert plan is not None  # Workspace.score says when the scheme has no carrier part
    roster = rules.roster
    assert roster is not None and roster.unit_column is not None  # checked at load
    by_id = {m.indicator.id: m for m in measured}
    named = {
        i.id: _named_counts(i, by_id, year, plan.named_by)
        for i in plan.items
        if i.measure == "records"
    }
    pool = counted_roster(dataset, rules, roster, year, as_of or dt.date(year, 12, 31))
    figure_cols = [c for i in plan.items for c in (i.numerator, i.denominator) if c]
    offered_cols = [c for i in plan.items if i.measure == "services" for c in i.columns]
    rows = []
    for record in pool.to_dict("records"):
        items = _scored_items(plan, record, named)
        source = Source(
            file=str(record["_file"]), sheet=str(record["_sheet"]), row=int(record["_row"])
        )
        rows.append(
            score_row(
                str(record[roster.name_column]),
                items,
                scheme,
                plan.bonus,
                unit=record[roster.unit_column],
                source=source,
                figures={c: float(record[c]) for c in dict.fromkeys(figure_cols)},
                services=tuple(c for c in dict.fromkeys(offered_cols) if record[c]),
            )
        )
    return Scores(
        year=year,
        kind="carriers",
        bonus=plan.bonus,
        indicators=tuple(i.id for i in plan.items),
        rows=ranked(rows),
        name=plan.name,
        name_en=plan.name_en,
        roster=roster.name,
    )
