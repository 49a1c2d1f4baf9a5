"""Pace (序时进度), expected-by-now, gap, completion and status (SUBMISSIONS.md section 5)."""

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


def expected(indicator: Indicator, share: float) -> float:
    if indicator.kind == "cumulative":
        return indicator.target * share
    if indicator.kind == "ratio":
        return indicator.target
    # stock and range: from the baseline towards the target (a range's lower bound)
    return indicator.baseline + (indicator.target - indicator.baseline) * share


def status(
    actual: float | None, target: float, expected_now: float, at_risk_below: float
) -> Status | None:
    """First match wins, exactly as the contract orders them."""
    if actual is None:
        return None
    if actual >= target:
        return Status.ACHIEVED
    if actual >= expected_now:
        return Status.ON_TRACK
    if actual < expected_now * at_risk_below:
        return Status.AT_RISK
    return Status.BEHIND


def evaluate(measured: Measured, rules: Rules, share: float) -> IndicatorValue:
    ind = measured.indicator
    now = expected(ind, share)
    actual = measured.actual
    return IndicatorValue(
        id=ind.id,
        name=ind.name,
        name_en=ind.name_en,
        short=ind.short,
        short_en=ind.short_en,
        kind=ind.kind,
        unit=ind.unit,
        target=ind.target,
        target_max=ind.target_max,
        baseline=ind.baseline,
        actual=actual,
        expected=now,
        gap=None if actual is None else max(ind.target - actual, 0.0),
        completion=None if actual is None or not ind.target else actual / ind.target,
        status=status(actual, ind.target, now, rules.status.at_risk_below),
        numerator=measured.numerator,
        denominator=measured.denominator,
    )
