"""Count what the plan counts (SUBMISSIONS.md section 5), keeping the records behind each number.

Flow indicators count distinct keys among error-free records dated in the window up to the
as-of date; the first record of each key in read order is the one that counts. Carrier
indicators read the roster of the latest year folder that has one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from shuangchuang_cli.counting.dataset import Dataset
from shuangchuang_cli.rules import Indicator, Rules
from shuangchuang_cli.rules.sheet_types import SHEET_TYPES

CARRIERS = "孵化载体"


@dataclass(frozen=True)
class Measured:
    """One indicator's raw value and the records that make it."""

    indicator: Indicator
    actual: float | None
    numerator: float | None
    denominator: float | None
    records: pd.DataFrame  # counted records, each with its provenance


def window_end(rules: Rules, as_of: dt.date) -> dt.date:
    return min(as_of, rules.plan.end)


def counted_flow(
    dataset: Dataset, indicator: Indicator, rules: Rules, as_of: dt.date
) -> pd.DataFrame:
    """Error-free records in [window start, min(as_of, window end)], first of each key."""
    spec = indicator.compute
    assert spec.sheet is not None  # guaranteed by the rules model for count_keys
    frame = dataset.records(spec.sheet)
    sheet_date = _date_column(spec.sheet)
    dates = frame[sheet_date]
    keep = ~frame["_error"].astype(bool)
    keep &= dates.ge(pd.Timestamp(rules.plan.start)) & dates.le(
        pd.Timestamp(window_end(rules, as_of))
    )
    for column, allowed in spec.where.items():
        keep &= frame[column].isin(allowed)
    return frame[keep].drop_duplicates(subset="_key", keep="first")


def _date_column(sheet: str) -> str:
    column = SHEET_TYPES[sheet].date_column
    assert column is not None
    return column


def roster_year(dataset: Dataset, year: int) -> int | None:
    """The latest year folder <= year with at least one carrier record row (errors included)."""
    years = pd.to_numeric(dataset.records(CARRIERS)["_year"], errors="coerce")
    years = years[years.le(year)]
    return int(years.max()) if len(years) else None


def counted_carriers(dataset: Dataset, year: int, as_of: dt.date) -> pd.DataFrame:
    """Carriers of the roster year: error-free, 运营, founded by the as-of date, once each."""
    frame = dataset.records(CARRIERS)
    snapshot = roster_year(dataset, year)
    if snapshot is None:
        return frame.iloc[0:0]
    keep = pd.to_numeric(frame["_year"], errors="coerce").eq(snapshot)
    keep &= ~frame["_error"].astype(bool)
    keep &= frame["运营状态"].eq("运营") & frame["成立日期"].le(pd.Timestamp(as_of))
    return frame[keep].drop_duplicates(subset="_key", keep="first")


def measure(
    indicator: Indicator,
    dataset: Dataset,
    rules: Rules,
    year: int,
    as_of: dt.date,
    carriers: pd.DataFrame | None = None,
) -> Measured:
    spec = indicator.compute
    if spec.method == "count_keys":
        records = counted_flow(dataset, indicator, rules, as_of)
        return Measured(indicator, float(len(records)), None, None, records)
    pool = carriers if carriers is not None else counted_carriers(dataset, year, as_of)
    if spec.method == "count_carriers":
        records = pool[pool[spec.where_flag].astype(bool)] if spec.where_flag else pool
        return Measured(indicator, float(len(records)), None, None, records)
    if spec.method == "sum_ratio":
        assert spec.numerator and spec.denominator
        num = float(pool[spec.numerator].sum())
        den = float(pool[spec.denominator].sum())
        # A zero denominator has no ratio: null, never 0.
        return Measured(indicator, num / den if den else None, num, den, pool)
    offering = pool[spec.all_of].astype(bool).all(axis=1) if len(pool) else pool.index.isin([])
    num = float(offering.sum())
    den = float(len(pool))
    return Measured(indicator, num / den if den else None, num, den, pool.assign(_offers=offering))


def measure_all(dataset: Dataset, rules: Rules, year: int, as_of: dt.date) -> list[Measured]:
    carriers = counted_carriers(dataset, year, as_of)
    return [measure(ind, dataset, rules, year, as_of, carriers) for ind in rules.indicators]


def counted_total(measured: list[Measured]) -> int:
    """Records that enter any count: flow records plus counted carriers (each once).

    A record is a row of its sheet type's frame, so the union is taken on frame positions.
    """
    seen: dict[str, np.ndarray] = {}
    for m in measured:
        sheet = m.indicator.compute.sheet or CARRIERS
        rows = m.records.index.to_numpy()
        seen[sheet] = np.union1d(seen[sheet], rows) if sheet in seen else np.unique(rows)
    return sum(len(rows) for rows in seen.values())
