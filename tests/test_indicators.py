"""What the plan counts (SUBMISSIONS.md section 5), on small folders written by each test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import TODAY, Records, rules, write_folder
from make_test_data import (
    CARRIER,
    EVENT,
    HIGHTECH,
    INCUBATED,
    MENTOR,
    TECHSME,
    carrier,
    event,
    hightech,
    incubated,
    mentor,
    tech_sme,
    uscc,
)

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.counting.indicators import counted_roster, roster_year

NO_SERVICES = {s: "否" for s in ("政策咨询", "创业辅导", "财务代理", "项目申报", "知识产权管理")}

ROSTER = rules().sheet_types["孵化载体"]


def actuals(root: Path, year: int, as_of: dt.date | None = None) -> dict[str, float | None]:
    ws = Workspace(data_dir=root, rules=rules(), today=TODAY)
    return {v.id: v.actual for v in ws.report(year, as_of).indicators}


def one_sheet(root: Path, kind: str, rows: Records, year: int = 2024) -> Path:
    return write_folder(root, {f"{year}/a.xlsx": [(kind, rows)]})


# --- carriers ----------------------------------------------------------------------------


def test_carriers_come_from_the_latest_year_folder_with_a_roster(tmp_path: Path) -> None:
    write_folder(
        tmp_path,
        {
            "2023/a.xlsx": [(CARRIER, [carrier("甲"), carrier("乙")])],
            "2024/a.xlsx": [(MENTOR, [mentor("王芳", "CM1", "2024-03-01")])],
        },
    )
    # 2024 has no roster, so the 2023 one stands.
    assert actuals(tmp_path, 2024)["carriers_total"] == 2
    ws = Workspace(data_dir=tmp_path, rules=rules(), today=TODAY)
    assert roster_year(ws.dataset(2024), ROSTER, 2024) == 2023


def test_a_roster_of_error_rows_is_still_the_latest_roster(tmp_path: Path) -> None:
    write_folder(
        tmp_path,
        {
            "2023/a.xlsx": [(CARRIER, [carrier("甲"), carrier("乙")])],
            "2024/a.xlsx": [(CARRIER, [carrier("甲", 从业人员数="十")])],  # an error row
        },
    )
    values = actuals(tmp_path, 2024)
    assert values["carriers_total"] == 0
    assert values["staff_trained_ratio"] is None
    # The 2023 report still reads the 2023 roster.
    assert actuals(tmp_path, 2023)["carriers_total"] == 2


def test_a_later_year_folder_is_not_read(tmp_path: Path) -> None:
    write_folder(
        tmp_path,
        {
            "2023/a.xlsx": [(CARRIER, [carrier("甲")])],
            "2024/a.xlsx": [(CARRIER, [carrier("甲"), carrier("乙"), carrier("丙")])],
        },
    )
    assert actuals(tmp_path, 2023)["carriers_total"] == 1
    assert actuals(tmp_path, 2024)["carriers_total"] == 3


def test_only_error_free_operating_carriers_founded_by_the_date_count(tmp_path: Path) -> None:
    one_sheet(
        tmp_path,
        CARRIER,
        [
            carrier("运营中"),
            carrier("停运了", 运营状态="停运"),
            carrier("撤销了", 运营状态="撤销"),
            carrier("年底成立", 成立日期="2024-12-31"),
            carrier("明年成立", 成立日期="2025-01-01"),
            carrier("有错误", 接受专业培训人数=99),  # count_exceeds_staff
            carrier("运营中"),  # the same carrier twice: once
        ],
    )
    ws = Workspace(data_dir=tmp_path, rules=rules(), today=TODAY)
    counted = counted_roster(ws.dataset(2024), rules(), ROSTER, 2024, dt.date(2024, 12, 31))
    assert counted["载体名称"].tolist() == ["运营中", "年底成立"]
    assert actuals(tmp_path, 2024)["carriers_total"] == 2
    assert actuals(tmp_path, 2024, dt.date(2024, 12, 30))["carriers_total"] == 1


def test_staff_ratios_are_sums_over_counted_carriers(tmp_path: Path) -> None:
    one_sheet(
        tmp_path,
        CARRIER,
        [
            carrier("甲", 从业人员数=10, 接受专业培训人数=6, 持创业导师证书人数=4),
            carrier("乙", 从业人员数=30, 接受专业培训人数=9, 持创业导师证书人数=3),
            carrier("停运", 运营状态="停运", 从业人员数=100, 接受专业培训人数=100),
        ],
    )
    values = actuals(tmp_path, 2024)
    assert values["staff_trained_ratio"] == pytest.approx(15 / 40)  # (6 + 9) / (10 + 30)
    assert values["staff_mentor_certified_ratio"] == pytest.approx(7 / 40)  # (4 + 3) / 40


def test_a_ratio_over_zero_staff_has_no_value(tmp_path: Path) -> None:
    one_sheet(
        tmp_path,
        CARRIER,
        [carrier("甲", 从业人员数=0, 接受专业培训人数=0, 持创业导师证书人数=0)],
    )
    ws = Workspace(data_dir=tmp_path, rules=rules(), today=TODAY)
    by_id = {v.id: v for v in ws.report(2024).indicators}
    assert by_id["carriers_total"].actual == 1
    for ratio in ("staff_trained_ratio", "staff_mentor_certified_ratio"):
        assert by_id[ratio].actual is None
        assert by_id[ratio].status is None
        assert by_id[ratio].completion is None
    assert by_id["carriers_full_service_ratio"].actual == 1.0  # one carrier, all five


def test_no_carrier_at_all_gives_null_ratios_and_zero_counts(tmp_path: Path) -> None:
    one_sheet(tmp_path, MENTOR, [mentor("王芳", "CM1", "2024-03-01")])
    values = actuals(tmp_path, 2024)
    assert values["carriers_total"] == 0
    assert values["demo_bases"] == 0
    for ratio in (
        "staff_trained_ratio",
        "staff_mentor_certified_ratio",
        "carriers_full_service_ratio",
        "carriers_legal_finance_ratio",
    ):
        assert values[ratio] is None


def test_service_shares_and_demo_bases(tmp_path: Path) -> None:
    one_sheet(
        tmp_path,
        CARRIER,
        [
            carrier("全部服务", 示范基地="是"),  # all seven services
            carrier("缺知识产权", 知识产权管理="否", 示范基地="√"),
            carrier("只有法律", 金融服务=None),  # blank means 否
            carrier("什么都没有", **NO_SERVICES, 法律服务="否", 金融服务="否"),
            carrier("停运示范", 运营状态="停运", 示范基地="是"),
        ],
    )
    values = actuals(tmp_path, 2024)
    assert values["carriers_total"] == 4
    assert values["carriers_full_service_ratio"] == 0.5  # 全部服务, 只有法律
    assert values["carriers_legal_finance_ratio"] == 0.5  # 全部服务, 缺知识产权
    assert values["demo_bases"] == 2


# --- flow records ------------------------------------------------------------------------


def test_records_outside_the_window_or_after_the_date_are_not_counted(tmp_path: Path) -> None:
    one_sheet(
        tmp_path,
        MENTOR,
        [
            mentor("窗口前", "CM0", "2022-12-31"),
            mentor("窗口首日", "CM1", "2023-01-01"),
            mentor("年中", "CM2", "2024-06-30"),
            mentor("年中后", "CM3", "2024-07-01"),
            mentor("年底", "CM4", "2024-12-31"),
            mentor("次年", "CM5", "2025-01-02"),
        ],
    )
    ws = Workspace(data_dir=tmp_path, rules=rules(), today=TODAY)
    progress = ws.report(2024)
    # 窗口首日, 年中, 年中后, 年底
    assert {v.id: v.actual for v in progress.indicators}["mentors_new"] == 4
    # Not counted is not an issue.
    assert (progress.errors, progress.warnings) == (0, 0)
    assert actuals(tmp_path, 2024, dt.date(2024, 6, 30))["mentors_new"] == 2  # 窗口首日, 年中


def test_nothing_after_the_window_end_counts(tmp_path: Path) -> None:
    one_sheet(
        tmp_path,
        MENTOR,
        [mentor("末日", "CM1", "2025-12-31"), mentor("窗口后", "CM2", "2026-01-01")],
        year=2026,
    )
    assert actuals(tmp_path, 2026)["mentors_new"] == 1


def test_a_late_report_counts_from_the_year_it_is_filed(tmp_path: Path) -> None:
    write_folder(
        tmp_path,
        {
            "2023/a.xlsx": [(HIGHTECH, [hightech("甲", uscc(1), "2023-05-01")])],
            # Recognised in 2023, reported only in the 2024 folder.
            "2024/a.xlsx": [(HIGHTECH, [hightech("乙", uscc(2), "2023-11-20")])],
        },
    )
    assert actuals(tmp_path, 2023)["hightech_recognized"] == 1
    assert actuals(tmp_path, 2024)["hightech_recognized"] == 2


def test_the_same_key_in_two_units_counts_once_for_the_first(tmp_path: Path) -> None:
    write_folder(
        tmp_path,
        {
            "2024/东沟乡.xlsx": [(TECHSME, [tech_sme("甲", uscc(1), "2024-03-01", "东沟乡")])],
            "2024/盐湖街道.xlsx": [
                (TECHSME, [tech_sme("甲公司", uscc(1).lower(), "2024-04-01", "盐湖街道")])
            ],
        },
    )
    ws = Workspace(data_dir=tmp_path, rules=rules(), today=TODAY)
    (measured,) = [m for m in ws.measured(2024) if m.indicator.id == "tech_sme_registered"]
    assert measured.actual == 1
    assert measured.records["所属单位"].tolist() == ["东沟乡"]
    assert measured.records["_file"].tolist() == ["2024/东沟乡.xlsx"]


def test_a_first_record_outside_the_window_leaves_a_later_one_to_count(tmp_path: Path) -> None:
    one_sheet(
        tmp_path,
        INCUBATED,
        [incubated("甲", uscc(1), "2022-06-01"), incubated("甲", uscc(1), "2024-06-01")],
    )
    assert actuals(tmp_path, 2024)["incubated_new"] == 1


def test_error_records_are_not_counted(tmp_path: Path) -> None:
    one_sheet(
        tmp_path,
        INCUBATED,
        [
            incubated("甲", uscc(1), "2024-03-01"),
            incubated("乙", uscc(2)[:17] + "0", "2024-03-01"),  # a wrong check character...
            incubated("丙", None, "2024-03-01", 主体类型="企业"),  # ...or no code for 企业
            incubated("丁团队", None, "2024-03-01", 所属单位="火星乡"),
            incubated("戊团队", None, "2024-03-01"),
        ],
    )
    assert actuals(tmp_path, 2024)["incubated_new"] == 2


def test_events_split_into_contests_and_trainings(tmp_path: Path) -> None:
    one_sheet(
        tmp_path,
        EVENT,
        [
            event("大赛甲", "参加创业大赛", "2024-03-01"),
            event("大赛乙", "参加创业大赛", "2024-04-01"),
            event("沙龙", "创业沙龙", "2024-03-01"),
            event("训练营", "创业训练营", "2024-03-01"),
            event("培训", "创业培训", "2024-03-01"),
            event("培训", "创业培训", "2024/3/1", unit="盐湖街道"),  # the same event
            event("培训", "创业培训", "2024-03-02"),  # another day: another event
        ],
    )
    values = actuals(tmp_path, 2024)
    assert values["contest_participations"] == 2
    assert values["training_events"] == 4


def test_incubated_enterprises_by_code_and_teams_by_name(tmp_path: Path) -> None:
    one_sheet(
        tmp_path,
        INCUBATED,
        [
            incubated("星火", uscc(1), "2024-03-01"),
            incubated("星火（更名）", uscc(1), "2024-03-02"),  # renamed: same code
            incubated("星火", None, "2024-03-01"),  # a team with an enterprise's name
            incubated("星 火", None, "2024-05-01"),  # the same team
            incubated("燎原", None, "2024-05-01"),
        ],
    )
    assert actuals(tmp_path, 2024)["incubated_new"] == 3


def test_report_reads_every_year_folder_up_to_the_year(tmp_path: Path) -> None:
    write_folder(
        tmp_path,
        {
            "2023/a.xlsx": [(MENTOR, [mentor("甲", "CM1", "2023-03-01")])],
            "2024/a.xlsx": [(MENTOR, [mentor("乙", "CM2", "2024-03-01")])],
            "2025/a.xlsx": [(MENTOR, [mentor("丙", "CM3", "2024-05-01")])],  # not in 2024
        },
    )
    assert actuals(tmp_path, 2023)["mentors_new"] == 1
    assert actuals(tmp_path, 2024)["mentors_new"] == 2
    assert actuals(tmp_path, 2025)["mentors_new"] == 3
