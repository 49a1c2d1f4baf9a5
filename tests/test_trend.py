"""Progress over time: each point is the report of its date, the pace, the projection."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from helpers import TODAY, invoke, rules_copy
from spread_data import spread_folder

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.counting.trend import (
    Outlook,
    Trend,
    previous_quarter_end,
    quarter_end,
    quarter_position,
    report_year,
    trend_dates,
    trend_json,
)
from shuangchuang_cli.output.numbers import fixed
from shuangchuang_cli.rules import load_rules

START, END = dt.date(2023, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def spread(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return spread_folder(tmp_path_factory.mktemp("spread"))


def by_id(result: Trend) -> dict[str, list[float | None]]:
    return {i.id: [p.actual for p in i.points] for i in result.indicators}


# --- dates ---------------------------------------------------------------------------------


def test_quarter_ends_run_from_the_window_start_to_the_as_of_date() -> None:
    assert trend_dates(START, END, dt.date(2024, 12, 31)) == [
        dt.date(2023, 3, 31),
        dt.date(2023, 6, 30),
        dt.date(2023, 9, 30),
        dt.date(2023, 12, 31),
        dt.date(2024, 3, 31),
        dt.date(2024, 6, 30),
        dt.date(2024, 9, 30),
        dt.date(2024, 12, 31),
    ]


def test_an_as_of_date_inside_a_quarter_is_the_last_point() -> None:
    dates = trend_dates(START, END, dt.date(2024, 11, 15))
    assert dates[-2:] == [dt.date(2024, 9, 30), dt.date(2024, 11, 15)]
    assert trend_dates(START, END, dt.date(2023, 2, 1)) == [dt.date(2023, 2, 1)]


def test_dates_stop_at_the_window_end() -> None:
    dates = trend_dates(START, END, dt.date(2026, 3, 31))
    assert dates[-2:] == [dt.date(2025, 12, 31), dt.date(2026, 3, 31)]


def test_quarters_are_whole_numbers_at_quarter_ends() -> None:
    assert quarter_position(dt.date(2023, 3, 31)) == 4 * 2023 + 1
    assert quarter_position(dt.date(2025, 12, 31)) == 4 * 2025 + 4
    # 2024-11-15 is day 46 of the 92 days of the fourth quarter.
    assert quarter_position(dt.date(2024, 11, 15)) == 4 * 2024 + 3.5
    assert quarter_end(dt.date(2024, 2, 29)) == dt.date(2024, 3, 31)
    assert previous_quarter_end(dt.date(2024, 12, 31)) == dt.date(2024, 9, 30)
    assert previous_quarter_end(dt.date(2024, 1, 1)) == dt.date(2023, 12, 31)


def test_a_quarter_reads_the_folders_of_its_own_year_up_to_the_year_asked() -> None:
    assert report_year(dt.date(2023, 9, 30), 2024) == 2023
    assert report_year(dt.date(2024, 9, 30), 2024) == 2024
    assert report_year(dt.date(2025, 3, 31), 2024) == 2024


# --- every point is a report ---------------------------------------------------------------


@pytest.mark.parametrize("data", ["sample", "spread"])
def test_each_quarter_equals_report_as_of_that_quarter_end(data: str, spread: Path) -> None:
    folder = spread if data == "spread" else None
    result = Workspace(folder, today=TODAY).trend(2024)
    fresh = Workspace(folder, today=TODAY)  # another workspace: nothing shared but the files
    assert len(result.dates) == 8
    for n, day in enumerate(result.dates):
        report = fresh.report(day.year, day)
        for ind, value in zip(result.indicators, report.indicators, strict=True):
            point = ind.points[n]
            assert ind.id == value.id
            assert point.report_year == day.year
            assert (point.actual, point.expected, point.completion, point.status) == (
                value.actual,
                value.expected,
                value.completion,
                value.status,
            ), (ind.id, day)


def test_a_record_sent_late_counts_from_the_year_of_its_folder(spread: Path) -> None:
    """卯公司 is in the 2024 folder, dated 2023-12-15: report 2023 never saw it, so the
    trend's 2023Q4 is 5 and 2024Q1 adds it together with the quarter's own record."""
    ws = Workspace(spread, today=TODAY)
    result = ws.trend(2024)
    assert by_id(result)["incubated_new"] == [1, 3, 4, 5, 7, 8, 9, 10]
    assert ws.report(2023, dt.date(2023, 12, 31)).indicators[5].actual == 5
    assert ws.report(2024, dt.date(2023, 12, 31)).indicators[5].actual == 6


def test_the_written_out_trend_of_the_spread_folder(spread: Path) -> None:
    result = Workspace(spread, today=TODAY).trend(2024)
    values = by_id(result)
    assert values["carriers_total"] == [1, 1, 2, 2, 2, 3, 3, 3]
    assert values["tech_sme_registered"] == [1, 1, 2, 2, 3, 3, 3, 4]
    assert values["training_events"] == [0, 1, 1, 1, 1, 1, 3, 3]
    incubated = next(i for i in result.indicators if i.id == "incubated_new")
    # The last four quarters: (10 - 5) / 4; four quarters to go: 10 + 1.25 x 4.
    assert incubated.pace_per_quarter == 1.25 and incubated.pace_quarters == 4
    assert incubated.projected == 15 and incubated.outlook is Outlook.UNLIKELY
    assert incubated.horizon == END


def test_with_less_than_four_quarters_a_count_is_paced_from_the_window_start(
    spread: Path,
) -> None:
    result = Workspace(spread, today=TODAY).trend(2023, dt.date(2023, 6, 30))
    incubated = next(i for i in result.indicators if i.id == "incubated_new")
    # 3 since 2023-01-01, two quarters: 1.5 a quarter, ten quarters to go.
    assert incubated.pace_per_quarter == 1.5 and incubated.pace_quarters == 2
    assert incubated.projected == 3 + 1.5 * 10
    carriers = next(i for i in result.indicators if i.id == "carriers_total")
    # A stock has no known start: paced from its first quarter end.
    assert carriers.pace_per_quarter == 0 and carriers.pace_quarters == 1


def test_a_single_point_of_a_stock_has_no_pace(spread: Path) -> None:
    result = Workspace(spread, today=TODAY).trend(2023, dt.date(2023, 3, 31))
    carriers = next(i for i in result.indicators if i.id == "carriers_total")
    assert carriers.pace_per_quarter is None and carriers.projected is None
    assert carriers.outlook is None


def test_a_ratio_is_projected_from_its_numerator_and_denominator(spread: Path) -> None:
    result = Workspace(spread, today=TODAY).trend(2024)
    share = next(i for i in result.indicators if i.id == "carriers_full_service_ratio")
    # 2023Q4: 2 of 2 carriers; 2024Q4: 2 of 3. Four quarters on: 2 of 4.
    assert [p.numerator for p in share.points][3::4] == [2, 2]
    assert [p.denominator for p in share.points][3::4] == [2, 3]
    assert share.projected == 0.5 and share.outlook is Outlook.LIKELY
    # The share itself fell 33 points in four quarters; carried on it would be below zero.
    assert share.pace_per_quarter == pytest.approx((2 / 3 - 1) / 4)


def test_an_annual_target_is_paced_and_projected_within_its_year(
    tmp_path: Path, spread: Path
) -> None:
    folder = rules_copy(tmp_path)
    with (folder / "plan.toml").open("a", encoding="utf-8") as fh:
        fh.write(
            '\n[[indicators]]\nid = "incubated_year"\nname = "当年新增孵化企业"\n'
            'kind = "annual"\nunit = "个"\ntargets = { 2023 = 5, 2024 = 6, 2025 = 6 }\n'
            'compute = { method = "count_keys", sheet = "孵化企业" }\n'
        )
    ws = Workspace(spread, rules=load_rules(folder), today=TODAY)
    result = ws.trend(2024, dt.date(2024, 6, 30))
    annual = result.indicators[-1]
    assert annual.id == "incubated_year"
    # An annual count takes its own year's dates only: 1 by 2024Q1 (the late record dated
    # 2023 is not 2024's), 2 by Q2; two quarters from zero, two more to the year end.
    assert [p.actual for p in annual.points][-2:] == [1, 2]
    assert annual.horizon == dt.date(2024, 12, 31)
    assert annual.pace_per_quarter == 1 and annual.projected == 4
    assert annual.outlook is Outlook.UNLIKELY


# --- the command line ----------------------------------------------------------------------


def test_trend_json_is_the_library_result(spread: Path) -> None:
    run = invoke("report", "2024", "--trend", "--data", spread, "--format", "json")
    assert run.exit_code == 0, run.output
    expected = trend_json(Workspace(spread).trend(2024))
    assert json.loads(run.stdout) == json.loads(json.dumps(expected, ensure_ascii=False))


def test_trend_csv_and_markdown_have_a_column_per_date(spread: Path) -> None:
    csv_run = invoke("report", "2024", "--trend", "--data", spread, "-f", "csv")
    assert csv_run.exit_code == 0, csv_run.output
    header, first = csv_run.stdout.splitlines()[:2]
    assert header.startswith("\ufeff编号,指标,2023Q1 实际,2023Q1 序时应达,2023Q2 实际")
    assert first.startswith("carriers_total,新型孵化载体数量,1,0.5,1,1.0,2,1.5,")
    assert "预计" in first
    md = invoke("report", "2024", "--trend", "--data", spread, "-f", "markdown", "--lang", "en")
    assert md.exit_code == 0 and "| 2024Q4 actual |" in md.stdout


def test_trend_table_drops_early_quarters_on_a_narrow_terminal(spread: Path) -> None:
    wide = invoke("report", "2024", "--trend", "--data", spread, width=200)
    assert wide.exit_code == 0, wide.output
    assert "2023Q2" in wide.stdout and "2024Q4" in wide.stdout  # all but the earliest
    narrow = invoke("report", "2024", "--trend", "--data", spread, width=80)
    assert "23Q2" not in narrow.stdout and "24Q4" in narrow.stdout  # the latest, short
    assert "--format csv" in narrow.stdout
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80 * 2


@pytest.mark.parametrize(
    ("value", "digits", "options", "shown"),
    [
        (0.25, 1, {"sign": True}, "+0.3"),
        (-0.25, 1, {"sign": True}, "-0.3"),
        (1.75, 1, {}, "1.8"),
        (2.675, 2, {}, "2.68"),  # stored as 2.67499…, shown by Excel from 15 digits
        (0.0125, 1, {"percent": True}, "1.3"),
        (0.5555, 1, {"percent": True}, "55.6"),
        (5.0, 1, {"sign": True}, "+5.0"),
    ],
)
def test_a_figure_rounds_a_half_up_as_excel_displays_it(
    value: float, digits: int, options: dict[str, bool], shown: str
) -> None:
    assert fixed(value, digits, **options) == shown


def test_the_pace_column_reads_as_the_workbooks_pace_with_one_decimal() -> None:
    # The bundled data: 示范基地 gains 0.25 a quarter, which the workbook's +0.0 shows as
    # +0.3; whole paces (+1 导师, +5 points) are written +1.0, +5.0 as the workbook does.
    run = invoke("report", "2024", "--trend", "-f", "csv")
    assert run.exit_code == 0, run.output
    header, *body = list(csv.reader(io.StringIO(run.stdout.lstrip("\ufeff"))))
    j = header.index("季均变化（比例：百分点）")
    paces = {row[0]: row[j] for row in body}
    assert paces["demo_bases"] == "+0.3"
    assert paces["mentors_new"] == "+1.0" and paces["carriers_legal_finance_ratio"] == "+5.0"
    assert paces["carriers_full_service_ratio"] == "-10.0"
    assert all(re.fullmatch(r"[+-]\d+\.\d|0|—", p) for p in paces.values()), paces


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_80_column_trend_shows_several_quarters_under_short_headers(lang: str) -> None:
    # 季均变化（比例：百分点） and 预计难以完成 left room for 24Q4 alone.
    run = invoke("--lang", lang, "report", "2024", "--trend", width=80)
    assert run.exit_code == 0, run.output
    assert all(q in run.stdout for q in ("24Q2", "24Q3", "24Q4")), run.stdout
    assert max(len(line) for line in run.stdout.splitlines()) <= 80 * 2
    if lang == "zh":
        assert "季均变化 ┃" in run.stdout and "（比例：百分点）" not in run.stdout
    wide = invoke("--lang", lang, "report", "2024", "--trend", width=250)
    assert "2023Q2" in wide.stdout and ("预计难以完成" in wide.stdout or lang == "en")


def test_the_english_trend_caption_is_sentences_apart(spread: Path) -> None:
    shown = invoke("report", "2024", "--trend", "--data", spread, "--lang", "en", width=400)
    caption = " ".join(shown.stdout.split())
    assert "A narrow terminal" in caption
    assert not re.search(r"\.[A-Z]", caption), caption  # "pace.A narrow terminal"


def test_trend_with_by_unit_is_a_usage_error() -> None:
    run = invoke("report", "2024", "--trend", "--by-unit")
    assert run.exit_code == 2
    assert "--trend" in run.stderr
