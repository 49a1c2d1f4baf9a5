"""Count what the plan counts (SUBMISSIONS.md section 5), keeping the records behind each number.

An indicator reads one sheet type (rules/plan.toml `compute.sheet`). A flow sheet's
records count when error-free and dated within the period (the window up to the as-of
date; an annual target's own year), the first record of each key in read order. A
roster's rows count from the roster of the latest year folder that has one, when
error-free, founded by the as-of date and matching the sheet's `counted_when`. The
compute kind then measures that pool (rules/compute.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from shuangchuang_cli.checking.codes import parse_codes
from shuangchuang_cli.counting.dataset import Dataset
from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.rules import Indicator, Rules, SheetType
from shuangchuang_cli.rules.sheet_types import FilterLike, Kind


@dataclass(frozen=True)
class Measured:
    """One indicator's raw value and the records that make it."""

    indicator: Indicator
    sheet: SheetType  # the sheet type it counts
    actual: float | None
    numerator: float | None
    denominator: float | None
    records: pd.DataFrame  # counted records, each with its provenance
    baseline: float = 0.0  # added to the records' count (a stock over new records)


def window_end(rules: Rules, as_of: dt.date) -> dt.date:
    return min(as_of, rules.plan.end)


def period(
    rules: Rules, indicator: Indicator, year: int, as_of: dt.date
) -> tuple[dt.date, dt.date]:
    """The dates whose records count: the window up to as-of; an annual target's own year."""
    start, end = rules.plan.start, window_end(rules, as_of)
    if indicator.kind == "annual":
        start, end = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
    return start, end


def matching(frame: pd.DataFrame, where: FilterLike, sheet: SheetType, rules: Rules) -> pd.Series:
    """Rows whose filter columns hold one of the given values (checked at load to be
    values a cell of that column can hold)."""
    keep = pd.Series(True, index=frame.index)
    yes = {key_text(f).upper() for f in rules.values.yes_no.yes}
    for column, values in where.items():
        kind = sheet.column(column).kind
        cells = frame[column]
        if kind is Kind.BOOL:
            wanted = {v if isinstance(v, bool) else key_text(v).upper() in yes for v in values}
            keep &= cells.astype(bool).isin(wanted)
        elif kind is Kind.TEXT:
            keep &= cells.map(lambda v: key_text(v) if isinstance(v, str) else v).isin(
                {key_text(str(v)) for v in values}
            )
        elif kind is Kind.CODE:
            # Cells hold codes as normalised when read (C39, not c39 or ｃ３９): so do the
            # filter's values.
            keep &= cells.isin(set(parse_codes(pd.Series(list(values), dtype=object))))
        else:
            keep &= cells.isin(values)
    return keep


def counted_flow(
    dataset: Dataset,
    rules: Rules,
    sheet: SheetType,
    where: FilterLike,
    start: dt.date,
    end: dt.date,
) -> pd.DataFrame:
    """Error-free records dated in [start, end] matching `where`, first of each key."""
    frame = dataset.records(sheet.name)
    assert sheet.date is not None  # a flow sheet has a date (checked at load)
    dates = frame[sheet.date]
    keep = ~frame["_error"].astype(bool)
    keep &= dates.ge(pd.Timestamp(start)) & dates.le(pd.Timestamp(end))
    keep &= matching(frame, _not_units(where, sheet), sheet, rules)
    counted = _firsts(frame, keep)
    # A filter on 所属单位 keeps the keys whose first record belongs to those units.
    return counted[matching(counted, _units(where, sheet), sheet, rules)]


def _firsts(frame: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    """The kept rows, the first of each key: frame[keep].drop_duplicates("_key"), taking
    the rows once (a trend's twelve reports took every column twice per indicator)."""
    rows = np.flatnonzero(keep.to_numpy(dtype=bool))
    later = frame["_key"].iloc[rows].duplicated(keep="first").to_numpy()
    return frame.take(rows[~later])


def _units(where: FilterLike, sheet: SheetType) -> FilterLike:
    return {c: v for c, v in where.items() if c == sheet.unit_column}


def _not_units(where: FilterLike, sheet: SheetType) -> FilterLike:
    return {c: v for c, v in where.items() if c != sheet.unit_column}


def roster_year(dataset: Dataset, sheet: SheetType, year: int) -> int | None:
    """The latest year folder <= year with at least one roster record row (errors included)."""
    years = pd.to_numeric(dataset.records(sheet.name)["_year"], errors="coerce")
    years = years[years.le(year)]
    return int(years.max()) if len(years) else None


def counted_roster(
    dataset: Dataset, rules: Rules, sheet: SheetType, year: int, as_of: dt.date
) -> pd.DataFrame:
    """Roster rows of the roster year: error-free, counted (运营), founded by as-of, once each."""
    frame = dataset.records(sheet.name)
    snapshot = roster_year(dataset, sheet, year)
    if snapshot is None:
        return frame.iloc[0:0]
    keep = pd.to_numeric(frame["_year"], errors="coerce").eq(snapshot)
    keep &= ~frame["_error"].astype(bool)
    keep &= matching(frame, sheet.counted_when, sheet, rules)
    if sheet.date is not None:
        keep &= frame[sheet.date].le(pd.Timestamp(as_of))
    return frame[keep].drop_duplicates(subset="_key", keep="first")


class Pools:
    """The counted rosters of one report, read once for all the indicators that use them."""

    def __init__(self, dataset: Dataset, rules: Rules, year: int, as_of: dt.date) -> None:
        self.dataset, self.rules, self.year, self.as_of = dataset, rules, year, as_of
        self._rosters: dict[str, pd.DataFrame] = {}

    def roster(self, sheet: SheetType) -> pd.DataFrame:
        if sheet.name not in self._rosters:
            self._rosters[sheet.name] = counted_roster(
                self.dataset, self.rules, sheet, self.year, self.as_of
            )
        return self._rosters[sheet.name]

    def pool(self, indicator: Indicator) -> pd.DataFrame:
        """The records an indicator measures: counted, filtered, of the units it is for."""
        sheet = self.rules.source_sheet(indicator)
        spec = indicator.compute
        if sheet.is_roster:
            frame = self.roster(sheet)
            frame = frame[matching(frame, spec.where, sheet, self.rules)]
        else:
            start, end = period(self.rules, indicator, self.year, self.as_of)
            frame = counted_flow(self.dataset, self.rules, sheet, spec.where, start, end)
        if indicator.unit_kinds and sheet.unit_column:
            units = self.rules.units_of_kinds(indicator.unit_kinds)
            frame = frame[frame[sheet.unit_column].isin(units)]
        return frame


def measure(indicator: Indicator, pools: Pools) -> Measured:
    sheet = pools.rules.source_sheet(indicator)
    pool = pools.pool(indicator)
    found = indicator.compute.measure(pool)
    # A stock counted from new records starts from its baseline (高企总数 = 基数 + 新认定).
    baseline = indicator.baseline if indicator.kind == "stock" and not sheet.is_roster else 0.0
    actual = None if found.actual is None else found.actual + baseline
    records = indicator.compute.marked(pool)
    return Measured(indicator, sheet, actual, found.numerator, found.denominator, records, baseline)


def measure_all(dataset: Dataset, rules: Rules, year: int, as_of: dt.date) -> list[Measured]:
    pools = Pools(dataset, rules, year, as_of)
    return [measure(ind, pools) for ind in rules.indicators]


def measure_one(
    dataset: Dataset, rules: Rules, indicator: Indicator, year: int, as_of: dt.date
) -> Measured:
    """One indicator as measure_all measures it, the others left uncounted (explain)."""
    return measure(indicator, Pools(dataset, rules, year, as_of))


def counted_total(measured: list[Measured]) -> int:
    """Records that enter any count: flow records plus counted roster rows (each once).

    A record is a row of its sheet type's frame (its label is its position there), so the
    union is taken on positions: marked in one array per sheet type, not sorted and merged
    (np.union1d) indicator by indicator.
    """
    rows_of: dict[str, list[np.ndarray]] = {}
    for m in measured:
        rows_of.setdefault(m.sheet.name, []).append(m.records.index.to_numpy())
    total = 0
    for parts in rows_of.values():
        size = max((int(rows.max()) + 1 for rows in parts if len(rows)), default=0)
        marked = np.zeros(size, dtype=bool)
        for rows in parts:
            marked[rows] = True
        total += int(marked.sum())
    return total
