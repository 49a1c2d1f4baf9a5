"""Pace (序时进度), expected-by-now, gap, completion and status (SUBMISSIONS.md section 5).

The window's pace applies to every indicator but an annual one, whose pace is the share
of its own year elapsed. Where lower is better (direction = "lower"), the path runs down
from the baseline to the target and the status reads the other way.
"""

from __future__ import annotations

import datetime as dt

from shuangchuang_cli.counting.indicators import Measured
from shuangchuang_cli.models import IndicatorValue, Status
from shuangchuang_cli.rules import Indicator, Rules


def pace(rules: Rules, as_of: dt.date) -> float:
    """Share of the plan window elapsed at as_of, in days, between 0 and 1.

    Both ends count: at 2024-12-31 it is 731/1096.
    """
    elapsed = (as_of - rules.plan.start).days + 1
    return min(max(elapsed / rules.plan.days, 0.0), 1.0)


def year_pace(year: int, as_of: dt.date, start: dt.date, end: dt.date) -> float:
    """Share of `year` elapsed at as_of, in days (an annual target's own pace).

    Only the days of the year inside the window [start, end] count, as only the records
    dated in them do: a plan starting 1 July has its first year's target paced over
    July to December.
    """
    first, last = max(dt.date(year, 1, 1), start), min(dt.date(year, 12, 31), end)
    if last < first:  # the year lies outside the window
        return 0.0 if as_of < first else 1.0
    elapsed = (as_of - first).days + 1
    return min(max(elapsed / ((last - first).days + 1), 0.0), 1.0)


def expected(indicator: Indicator, share: float, target: float | None = None) -> float:
    """Where the indicator should stand by now; `target` is the year's for an annual one."""
    target = target if target is not None else indicator.target or 0.0
    if indicator.kind in ("cumulative", "annual"):
        return target * share
    if indicator.kind == "ratio":
        return target
    # stock and range: from the baseline towards the target (a range's lower bound)
    return indicator.baseline + (target - indicator.baseline) * share


def status(
    actual: float | None,
    target: float,
    expected_now: float,
    at_risk_below: float,
    lower_is_better: bool = False,
) -> Status | None:
    """First match wins, exactly as the contract orders them."""
    if actual is None:
        return None
    if lower_is_better:
        # The mirror image: at risk when more than expected ÷ at_risk_below (25% over at 0.8).
        if actual <= target:
            return Status.ACHIEVED
        if actual <= expected_now:
            return Status.ON_TRACK
        return Status.AT_RISK if actual * at_risk_below > expected_now else Status.BEHIND
    if actual >= target:
        return Status.ACHIEVED
    if actual >= expected_now:
        return Status.ON_TRACK
    if actual < expected_now * at_risk_below:
        return Status.AT_RISK
    return Status.BEHIND


def _gap_and_completion(
    ind: Indicator, actual: float | None, target: float
) -> tuple[float | None, float | None]:
    if actual is None:
        return None, None
    if ind.direction == "lower":
        gap = max(actual - target, 0.0)
        if ind.baseline > target:
            return gap, (ind.baseline - actual) / (ind.baseline - target)
        return gap, target / actual if actual else 1.0
    return max(target - actual, 0.0), actual / target if target else None


def evaluate(
    measured: Measured, rules: Rules, share: float, year: int, as_of: dt.date
) -> IndicatorValue:
    ind = measured.indicator
    target = ind.target_for(year)
    window = rules.plan
    own = year_pace(year, as_of, window.start, window.end) if ind.kind == "annual" else share
    actual = measured.actual
    if target is None:  # an annual indicator with no target for this year
        now = gap = completion = None
        state = None
    else:
        now = expected(ind, own, target)
        gap, completion = _gap_and_completion(ind, actual, target)
        lower = ind.direction == "lower"
        state = status(actual, target, now, rules.status.at_risk_below, lower)
    return IndicatorValue(
        id=ind.id,
        name=ind.name,
        name_en=ind.name_en,
        short=ind.short,
        short_en=ind.short_en,
        kind=ind.kind,
        unit=ind.unit,
        direction=ind.direction,
        target=target,
        target_max=ind.target_max,
        baseline=ind.baseline,
        actual=actual,
        expected=now,
        gap=gap,
        completion=completion,
        status=state,
        numerator=measured.numerator,
        denominator=measured.denominator,
        pace=own,
    )
