"""Pace, expected-by-now and status (SUBMISSIONS.md section 5)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers import rules
from hypothesis import given
from hypothesis import strategies as st

from shuangchuang_cli.counting.indicators import Measured
from shuangchuang_cli.counting.pace import evaluate, expected, pace, status
from shuangchuang_cli.models import Status
from shuangchuang_cli.rules import Indicator
from shuangchuang_cli.rules.compute import CountCarriers, CountKeys

COUNT = CountKeys(method="count_keys", sheet="创业导师")
CARRIERS = CountCarriers(method="count_carriers")
YEAR_END = dt.date(2024, 12, 31)


def indicator(kind: str, target: float, baseline: float = 0.0, **extra: object) -> Indicator:
    return Indicator.model_validate(
        {
            "id": "x",
            "name": "测试指标",
            "kind": kind,
            "unit": "%" if kind == "ratio" else "个",
            "target": target,
            "baseline": baseline,
            "compute": COUNT if kind == "cumulative" else CARRIERS,
            **extra,
        }
    )


# --- pace --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "share"),
    [
        (dt.date(2024, 12, 31), 731 / 1096),  # the contract's own example
        (dt.date(2023, 1, 1), 1 / 1096),
        (dt.date(2023, 12, 31), 365 / 1096),
        (dt.date(2024, 6, 30), 547 / 1096),  # 365 + 182 days (2024 is a leap year)
        (dt.date(2025, 12, 31), 1.0),
        (dt.date(2026, 6, 30), 1.0),  # capped at 1
        (dt.date(2022, 12, 31), 0.0),  # before the window
    ],
)
def test_pace_is_the_share_of_days_elapsed(day: dt.date, share: float) -> None:
    assert pace(rules(), day) == pytest.approx(share)


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_pace_is_between_zero_and_one_and_never_falls(day: dt.date) -> None:
    share = pace(rules(), day)
    assert 0.0 <= share <= 1.0
    assert pace(rules(), day + dt.timedelta(days=1)) >= share


def test_the_window_comes_from_the_rules() -> None:
    plan = rules().plan
    assert (plan.start, plan.end, plan.days) == (dt.date(2023, 1, 1), dt.date(2025, 12, 31), 1096)


# --- expected-by-now ---------------------------------------------------------------------

SHARE = 731 / 1096


def test_cumulative_expected_is_target_times_pace() -> None:
    assert expected(indicator("cumulative", 100), SHARE) == pytest.approx(100 * 731 / 1096)


def test_stock_expected_runs_from_the_baseline() -> None:
    assert expected(indicator("stock", 6), SHARE) == pytest.approx(6 * 731 / 1096)
    assert expected(indicator("stock", 6, baseline=2), SHARE) == pytest.approx(2 + 4 * 731 / 1096)


def test_range_expected_aims_at_its_lower_bound() -> None:
    demo = indicator("range", 1, target_max=2)
    assert expected(demo, SHARE) == pytest.approx(731 / 1096)
    assert expected(demo, 1.0) == 1


def test_ratio_expected_is_its_target_at_any_time() -> None:
    for share in (0.0, SHARE, 1.0):
        assert expected(indicator("ratio", 0.5), share) == 0.5


def test_the_bundled_targets() -> None:
    targets = {i.id: (i.kind, i.target, i.target_max) for i in rules().indicators}
    assert targets == {
        "carriers_total": ("stock", 6, None),
        "staff_trained_ratio": ("ratio", 0.5, None),
        "staff_mentor_certified_ratio": ("ratio", 0.4, None),
        "carriers_full_service_ratio": ("ratio", 0.5, None),
        "carriers_legal_finance_ratio": ("ratio", 0.5, None),
        "incubated_new": ("cumulative", 100, None),
        "mentors_new": ("cumulative", 10, None),
        "hightech_recognized": ("cumulative", 10, None),
        "tech_sme_registered": ("cumulative", 15, None),
        "contest_participations": ("cumulative", 15, None),
        "training_events": ("cumulative", 20, None),
        "demo_bases": ("range", 1, 2),
    }
    assert rules().status.at_risk_below == 0.8


# --- status ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "result"),
    [
        (10, Status.ACHIEVED),  # = target
        (12, Status.ACHIEVED),
        (5, Status.ON_TRACK),  # = expected
        (6, Status.ON_TRACK),
        (4.5, Status.BEHIND),  # below expected, not below 80 % of it
        (4, Status.BEHIND),  # exactly 80 %: not below it
        (3.99, Status.AT_RISK),
        (0, Status.AT_RISK),
        (None, None),
    ],
)
def test_status_first_match_wins(actual: float | None, result: Status | None) -> None:
    assert status(actual, target=10, expected_now=5, at_risk_below=0.8) == result


def test_achieved_wins_even_when_expected_is_higher() -> None:
    # A range target reached early, or a target below expected by a high baseline.
    assert status(2, target=2, expected_now=3, at_risk_below=0.8) == Status.ACHIEVED


def test_a_ratio_is_either_achieved_behind_or_at_risk() -> None:
    assert status(0.5, 0.5, 0.5, 0.8) == Status.ACHIEVED
    assert status(0.45, 0.5, 0.5, 0.8) == Status.BEHIND
    assert status(0.39, 0.5, 0.5, 0.8) == Status.AT_RISK


def test_the_at_risk_fraction_comes_from_the_rules() -> None:
    assert status(4.5, 10, 5, at_risk_below=0.95) == Status.AT_RISK
    assert status(4.5, 10, 5, at_risk_below=0.8) == Status.BEHIND


@given(
    st.floats(0, 1000, allow_nan=False),
    st.floats(1, 1000, allow_nan=False),
    st.floats(0, 1),
)
def test_status_is_monotonic_in_the_actual(actual: float, target: float, share: float) -> None:
    order = [Status.AT_RISK, Status.BEHIND, Status.ON_TRACK, Status.ACHIEVED]
    now = target * share
    lower = status(actual, target, now, 0.8)
    higher = status(actual + 1, target, now, 0.8)
    assert lower is not None and higher is not None
    assert order.index(higher) >= order.index(lower)


# --- one indicator's value ---------------------------------------------------------------


def measured(ind: Indicator, actual: float | None) -> Measured:
    sheet = rules().sheet_types["创业导师"]
    return Measured(ind, sheet, actual, None, None, pd.DataFrame())


def test_evaluate_fills_gap_completion_and_status() -> None:
    value = evaluate(measured(indicator("cumulative", 100), 40), rules(), SHARE, 2024, YEAR_END)
    assert value.expected == pytest.approx(100 * 731 / 1096)
    assert value.gap == 60
    assert value.completion == pytest.approx(0.4)
    assert value.status == Status.AT_RISK  # 40 < 0.8 x 66.7


def test_evaluate_a_reached_target_has_no_gap() -> None:
    value = evaluate(measured(indicator("cumulative", 10), 12), rules(), SHARE, 2024, YEAR_END)
    assert (value.gap, value.status) == (0, Status.ACHIEVED)


def test_evaluate_a_null_ratio() -> None:
    value = evaluate(measured(indicator("ratio", 0.5), None), rules(), SHARE, 2024, YEAR_END)
    assert (value.actual, value.gap, value.completion, value.status) == (None, None, None, None)
    assert value.expected == 0.5


def test_evaluate_a_range_keeps_both_bounds() -> None:
    value = evaluate(
        measured(indicator("range", 1, target_max=2), 1), rules(), SHARE, 2024, YEAR_END
    )
    assert (value.target, value.target_max, value.status) == (1, 2, Status.ACHIEVED)


# --- lower is better, annual targets ------------------------------------------------------


def test_lower_is_better_reads_the_status_the_other_way() -> None:
    # From 20 down to 10: by the window's middle 15 is expected.
    assert status(9, 10, 15, 0.8, lower_is_better=True) == Status.ACHIEVED
    assert status(14, 10, 15, 0.8, lower_is_better=True) == Status.ON_TRACK
    assert status(18, 10, 15, 0.8, lower_is_better=True) == Status.BEHIND  # 18 x 0.8 < 15
    assert status(19, 10, 15, 0.8, lower_is_better=True) == Status.AT_RISK  # 19 x 0.8 > 15


def test_lower_is_better_gap_and_completion_run_from_the_baseline() -> None:
    down = indicator("stock", 10, baseline=20, direction="lower")
    value = evaluate(measured(down, 14), rules(), 0.5, 2024, YEAR_END)
    assert value.expected == 15 and value.status == Status.ON_TRACK
    assert value.gap == 4 and value.completion == pytest.approx(0.6)  # (20-14)/(20-10)


def test_an_annual_target_is_measured_against_its_own_year() -> None:
    yearly = indicator("annual", 0, targets={2024: 40, 2025: 60})
    mid_2024 = dt.date(2024, 7, 1)  # day 183 of 366
    value = evaluate(measured(yearly, 30), rules(), pace(rules(), mid_2024), 2024, mid_2024)
    assert value.target == 40 and value.pace == pytest.approx(183 / 366)
    assert value.expected == pytest.approx(40 * 183 / 366)
    assert value.status == Status.ON_TRACK
    later = evaluate(measured(yearly, 50), rules(), 1.0, 2025, dt.date(2025, 12, 31))
    assert (later.target, later.expected, later.status) == (60, 60, Status.BEHIND)


def test_an_annual_pace_counts_only_the_days_of_the_year_inside_the_window() -> None:
    from shuangchuang_cli.counting.pace import year_pace

    start, end = dt.date(2024, 7, 1), dt.date(2027, 6, 30)  # a plan from 1 July
    assert year_pace(2024, dt.date(2024, 7, 31), start, end) == pytest.approx(31 / 184)
    assert year_pace(2024, dt.date(2024, 12, 31), start, end) == 1.0
    assert year_pace(2027, dt.date(2027, 3, 31), start, end) == pytest.approx(90 / 181)
    assert year_pace(2027, dt.date(2027, 6, 30), start, end) == 1.0  # the window's end
    assert year_pace(2025, dt.date(2025, 6, 30), start, end) == pytest.approx(181 / 365)
    assert year_pace(2023, dt.date(2023, 12, 31), start, end) == 0.0  # before the window
    assert year_pace(2028, dt.date(2028, 3, 31), start, end) == 1.0  # after it
