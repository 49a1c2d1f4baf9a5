"""What a report must say besides its numbers: rosters that went missing.

A roster (孵化载体) is a year-end snapshot: the carrier indicators read the roster of the
latest year folder that has one (SUBMISSIONS.md section 5). A unit that sent a roster in
an earlier year but none in that year has its carriers uncounted; last year's roster does
not stand in for it (carriers close, and a count the unit did not confirm is not one),
so the report says so, naming the unit and how many carriers are not counted.
"""

from __future__ import annotations

import pandas as pd

from shuangchuang_cli.counting.dataset import Dataset
from shuangchuang_cli.counting.indicators import matching, roster_year
from shuangchuang_cli.models import Notice
from shuangchuang_cli.rules import Rules, SheetType


def _missing(dataset: Dataset, rules: Rules, sheet: SheetType, year: int) -> list[Notice]:
    snapshot = roster_year(dataset, sheet, year)
    if snapshot is None:
        return [Notice(key="notice.no_roster", params={"sheet": sheet.name, "year": year})]
    if sheet.unit_column is None:
        return []
    frame = dataset.records(sheet.name)
    years = pd.to_numeric(frame["_year"], errors="coerce")
    notices = []
    if snapshot != year:
        notices.append(
            Notice(
                key="notice.roster_from_earlier",
                params={"sheet": sheet.name, "year": year, "roster_year": snapshot},
            )
        )
    counted = frame[
        ~frame["_error"].astype(bool) & matching(frame, dict(sheet.counted_when), sheet, rules)
    ]
    now = set(frame.loc[years.eq(snapshot), sheet.unit_column].dropna())
    earlier = counted[years.loc[counted.index].lt(snapshot)]
    for unit, rows in earlier.groupby(sheet.unit_column, sort=False):
        if unit in now:
            continue
        last = int(pd.to_numeric(rows["_year"]).max())
        count = rows.loc[pd.to_numeric(rows["_year"]).eq(last), "_key"].nunique()
        notices.append(
            Notice(
                key="notice.roster_missing",
                params={
                    "unit": str(unit),
                    "sheet": sheet.name,
                    "last_year": last,
                    "year": snapshot,
                    "count": int(count),
                },
            )
        )
    return notices


def roster_notices(dataset: Dataset, rules: Rules, year: int) -> list[Notice]:
    """Every roster sheet's missing rosters for a report of `year`."""
    return [n for s in rules.sheets if s.is_roster for n in _missing(dataset, rules, s, year)]
