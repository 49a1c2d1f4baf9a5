"""Progress over time (统计监测): every indicator at each quarter end of the plan window,
against its planned path, with the pace of the last four quarters and where it leads.

A point of the trend is a report, nothing else: the point at a date D of year y is
`report min(y, YEAR) --as-of D`, with YEAR the year the trend is asked for. A quarter of
an earlier year reads the year folders up to that year, as that year's own report did
(and as the bulletin of that quarter said); a date in YEAR or later reads the folders up
to YEAR, as `report YEAR` does. So every number of a trend can be checked against
`report --as-of` of its date.

The dates are the quarter ends from the window start up to the as-of date, and the as-of
date itself when it is not a quarter end.

Pace (change per quarter) is measured from the latest point at least four quarters
before the last one; with less history, from the earliest point. A count over the
window (cumulative) starts from zero at the window start, so that start is a point too;
an annual target counts within its own year, so only that year's points (and zero at
its start) enter its pace. Time is measured in quarters: a quarter end is a whole number
of quarters, a date inside a quarter the share of that quarter's days elapsed.

The projection carries the last value on at that pace to the window end (an annual
target: to the end of its year); counts are kept at zero or above. A ratio (a share of
the counted carriers, or of their staff) is not carried on itself: its numerator and
denominator are, each at its own pace, and the projection is their ratio. A share
falls when carriers open without a service, but only as far as the counts allow, and it
stays between 0 and 100%. Its value moves when a year's roster arrives, so its pace is
in effect the change from one roster to the next, spread over the quarters between.

The outlook is `likely` (预计可完成) when the projection
reaches the target (at or below it where lower is better; a range's lower bound),
`unlikely` (预计难以完成) otherwise, and none when there is no value or no pace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import StrEnum

from shuangchuang_cli.i18n import Lang, worded
from shuangchuang_cli.models import (
    Frozen,
    IndicatorValue,
    PlanLabel,
    Progress,
    Status,
    number,
)

QUARTERS_BACK = 4  # the pace is that of the last four quarters


class Outlook(StrEnum):
    LIKELY = "likely"
    UNLIKELY = "unlikely"


class TrendPoint(Frozen):
    """One indicator in the report of one date."""

    date: dt.date
    report_year: int  # the year whose report this is (the folders it read)
    actual: float | None
    expected: float | None
    completion: float | None
    status: Status | None
    pace: float | None  # the share of the window (annual: of its year) elapsed
    numerator: float | None = None  # a ratio's parts
    denominator: float | None = None


class IndicatorTrend(Frozen):
    id: str
    name: str
    name_en: str = ""
    short: str = ""
    short_en: str = ""
    kind: str
    unit: str
    direction: str = "higher"
    target: float | None
    target_max: float | None = None
    points: tuple[TrendPoint, ...]
    pace_per_quarter: float | None  # change per quarter; None: too little history
    pace_quarters: float | None  # the quarters the pace was measured over
    horizon: dt.date  # the date the projection is for
    projected: float | None
    outlook: Outlook | None

    def label(self, lang: Lang) -> str:
        return worded(lang, self.name, self.name_en)

    def short_label(self, lang: Lang) -> str:
        return (self.short_en if lang == "en" else self.short) or self.label(lang)

    @property
    def last(self) -> TrendPoint:
        return self.points[-1]


class Trend(Frozen):
    year: int
    as_of: dt.date
    window_start: dt.date
    window_end: dt.date
    dates: tuple[dt.date, ...]
    indicators: tuple[IndicatorTrend, ...]
    plan: PlanLabel | None = None


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the quarter `day` lies in."""
    month = 3 * ((day.month - 1) // 3) + 3
    following = dt.date(day.year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def is_quarter_end(day: dt.date) -> bool:
    return quarter_end(day) == day


def previous_quarter_end(day: dt.date) -> dt.date:
    """The last quarter end strictly before `day`."""
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first - dt.timedelta(days=1)


def quarter_position(day: dt.date) -> float:
    """Time in quarters: a quarter end is a whole number (2023-03-31 is 4 x 2023 + 1),
    a day inside a quarter adds the share of the quarter's days elapsed."""
    index = (day.month - 1) // 3
    first = dt.date(day.year, 3 * index + 1, 1)
    days = (quarter_end(day) - first).days + 1
    return 4 * day.year + index + ((day - first).days + 1) / days


def trend_dates(start: dt.date, end: dt.date, as_of: dt.date) -> list[dt.date]:
    """The quarter ends from the window start up to the as-of date (and the window end),
    then the as-of date when it is not one of them."""
    dates: list[dt.date] = []
    day = quarter_end(start)
    last = min(as_of, end)
    while day <= last:
        dates.append(day)
        day = quarter_end(day + dt.timedelta(days=1))
    if not dates or dates[-1] != as_of:
        dates.append(as_of)
    return dates


def report_year(day: dt.date, year: int) -> int:
    """The year whose report gives the trend's value at `day` (module docstring)."""
    return min(day.year, year)


Report = Callable[[int, dt.date], Progress]


def trend(report: Report, year: int, as_of: dt.date, start: dt.date, end: dt.date) -> Trend:
    """The trend of every indicator, each point from `report(report_year, date)`."""
    dates = trend_dates(start, end, as_of)
    reports = [report(report_year(day, year), day) for day in dates]
    last = reports[-1]
    indicators = tuple(
        _indicator([r.indicators[n] for r in reports], dates, [r.year for r in reports], start, end)
        for n in range(len(last.indicators))
    )
    return Trend(
        year=year,
        as_of=as_of,
        window_start=start,
        window_end=end,
        dates=tuple(dates),
        indicators=indicators,
        plan=last.plan,
    )


def _indicator(
    values: Sequence[IndicatorValue],
    dates: Sequence[dt.date],
    years: Sequence[int],
    start: dt.date,
    end: dt.date,
) -> IndicatorTrend:
    points = tuple(
        TrendPoint(
            date=day,
            report_year=y,
            actual=v.actual,
            expected=v.expected,
            completion=v.completion,
            status=v.status,
            pace=v.pace,
            numerator=v.numerator,
            denominator=v.denominator,
        )
        for v, day, y in zip(values, dates, years, strict=True)
    )
    now = values[-1]
    horizon = min(dt.date(dates[-1].year, 12, 31), end) if now.kind == "annual" else end
    ahead = max(quarter_position(horizon) - quarter_position(dates[-1]), 0.0)
    history = _History(now.kind, points, start)
    per_quarter, span = history.pace(_actual)
    if now.unit == "%":
        projected = _ratio_projected(history, ahead)
    elif per_quarter is None or points[-1].actual is None:
        projected = None
    else:
        projected = max(points[-1].actual + per_quarter * ahead, 0.0)
    return IndicatorTrend(
        id=now.id,
        name=now.name,
        name_en=now.name_en,
        short=now.short,
        short_en=now.short_en,
        kind=now.kind,
        unit=now.unit,
        direction=now.direction,
        target=now.target,
        target_max=now.target_max,
        points=points,
        pace_per_quarter=per_quarter,
        pace_quarters=span,
        horizon=horizon,
        projected=projected,
        outlook=_outlook(now, projected),
    )


Value = Callable[[TrendPoint], float | None]


class _History:
    """The points a pace is measured over: those of the indicator's period, and zero at
    its start for a count that starts there (module docstring)."""

    def __init__(self, kind: str, points: Sequence[TrendPoint], start: dt.date) -> None:
        self.last = points[-1]
        self.earlier = list(points[:-1])
        self.origin: dt.date | None = None
        if kind == "annual":
            year = self.last.date.year
            self.earlier = [p for p in self.earlier if p.date.year == year]
            self.origin = max(dt.date(year, 1, 1), start)
        elif kind == "cumulative":
            self.origin = start

    def pace(self, value: Value) -> tuple[float | None, float | None]:
        """(change of `value` per quarter, the quarters it was measured over)."""
        now = value(self.last)
        if now is None:
            return None, None
        known = [(quarter_position(p.date), v) for p in self.earlier if (v := value(p)) is not None]
        if self.origin is not None:
            known.insert(0, (quarter_position(self.origin - dt.timedelta(days=1)), 0.0))
        at = quarter_position(self.last.date)
        back = [(q, v) for q, v in known if q <= at - QUARTERS_BACK]
        if not back and not known:
            return None, None
        q0, v0 = back[-1] if back else known[0]
        span = at - q0
        if span <= 0:
            return None, None
        return (now - v0) / span, span


def _numerator(point: TrendPoint) -> float | None:
    return point.numerator


def _denominator(point: TrendPoint) -> float | None:
    return point.denominator


def _actual(point: TrendPoint) -> float | None:
    return point.actual


def _ratio_projected(history: _History, ahead: float) -> float | None:
    """A share projected as its projected numerator over its projected denominator, each
    carried on at its own pace: the share of carriers offering a service falls as new
    carriers without it open, but never past what the counts allow."""
    parts = []
    for value in (_numerator, _denominator):
        per_quarter, _ = history.pace(value)
        now = value(history.last)
        if per_quarter is None or now is None:
            return None
        parts.append(max(now + per_quarter * ahead, 0.0))
    numerator, denominator = parts
    if not denominator:
        return None
    return min(max(numerator / denominator, 0.0), 1.0)


def _outlook(now: IndicatorValue, projected: float | None) -> Outlook | None:
    if projected is None or now.target is None:
        return None
    # A hair of float error (8.5 x 4 + 58 = 92.00000000000001) must not decide.
    reached = (
        projected <= now.target + 1e-9
        if now.direction == "lower"
        else projected >= now.target - 1e-9
    )
    return Outlook.LIKELY if reached else Outlook.UNLIKELY


def trend_json(result: Trend) -> dict[str, object]:
    """The `report --trend --format json` contract (SUBMISSIONS.md section 6)."""
    return {
        "year": result.year,
        "as_of": result.as_of.isoformat(),
        "window": {"start": result.window_start.isoformat(), "end": result.window_end.isoformat()},
        "dates": [d.isoformat() for d in result.dates],
        "indicators": [
            {
                "id": ind.id,
                "name": ind.name,
                "kind": ind.kind,
                "unit": ind.unit,
                "target": number(ind.target),
                **({"target_max": number(ind.target_max)} if ind.target_max is not None else {}),
                "points": [
                    {
                        "date": p.date.isoformat(),
                        "report_year": p.report_year,
                        "actual": number(p.actual),
                        "expected": p.expected,
                        "completion": p.completion,
                        "status": None if p.status is None else p.status.value,
                        "pace": p.pace,
                        "numerator": number(p.numerator),
                        "denominator": number(p.denominator),
                    }
                    for p in ind.points
                ],
                "pace_per_quarter": ind.pace_per_quarter,
                "pace_quarters": ind.pace_quarters,
                "projected_to": ind.horizon.isoformat(),
                "projected": ind.projected,
                "outlook": None if ind.outlook is None else ind.outlook.value,
            }
            for ind in result.indicators
        ],
    }


def expected_completion(value: IndicatorValue) -> float | None:
    """The completion the pace asks for by now (序时进度 on the completion scale): the
    expected value measured as pace.py measures the actual one. A cumulative indicator's
    is the pace itself; a ratio's is 100% (its target is expected at every date)."""
    target, now = value.target, value.expected
    if target is None or now is None:
        return None
    if value.direction == "lower":
        if value.baseline > target:
            return (value.baseline - now) / (value.baseline - target)
        return target / now if now else 1.0
    return now / target if target else None
