"""The data folder as a newcomer lays it out: read correctly, refused with exit 2 and a
message naming what is wrong, or stated as a notice; never a quiet table of zeros."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, invoke, write_folder
from make_test_data import CARRIER, MENTOR, carrier, mentor

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.errors import UsageError
from shuangchuang_cli.models import Notice
from shuangchuang_cli.reading.discover import year_of
from shuangchuang_cli.reading.layout import data_layout, year_notices

TWO_MENTORS = [(MENTOR, [mentor("王芳", "CM1", "2024-03-01"), mentor("李强", "CM2", "2024-04-01")])]


def report_json(*args: str | Path) -> tuple[dict[str, Any], str]:
    result = invoke("report", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload, result.stderr


def actual(payload: dict[str, Any], indicator: str) -> object:
    return next(i["actual"] for i in payload["indicators"] if i["id"] == indicator)


def keys(payload: dict[str, Any]) -> list[str]:
    return [n["key"] for n in payload["notices"]]


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("2024", 2024),
        ("2024年", 2024),
        ("2024年度", 2024),
        ("2024年报送", 2024),
        ("2024年度报送", 2024),
        ("２０２４", 2024),
        ("２０２４年", 2024),
        ("2024 年", 2024),
        ("收件", None),
        ("20245", None),
        ("2024-2025", None),
        ("2024年数据", None),
    ],
)
def test_year_folder_names(name: str, year: int | None) -> None:
    assert year_of(name) == year


@pytest.mark.parametrize("folder", ["2024年", "2024年度", "2024年报送", "２０２４"])
def test_a_year_folder_named_the_chinese_way_is_read(tmp_path: Path, folder: str) -> None:
    data = write_folder(tmp_path, {f"{folder}/区人社局.xlsx": TWO_MENTORS})
    payload, stderr = report_json("2024", "--data", data)
    assert actual(payload, "mentors_new") == 2
    assert keys(payload) == ["notice.no_roster"]  # no carrier sheet: said, not hidden
    assert "孵化载体" in stderr


def test_a_data_folder_without_year_folders_is_a_usage_error_listing_its_files(
    tmp_path: Path,
) -> None:
    for n in range(8):
        (tmp_path / f"乡镇{n}.xlsx").write_bytes(b"")
    result = invoke("report", "2024", "--data", tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr.replace("\n", "")
    assert str(tmp_path) in message
    assert "没有年度目录" in message and "找到 8 个文件" in message
    assert "乡镇0.xlsx、乡镇1.xlsx、乡镇2.xlsx、乡镇3.xlsx、乡镇4.xlsx……另有 3 个" in message
    assert "乡镇5.xlsx" not in message
    english = invoke("report", "2024", "--data", tmp_path, "--lang", "en")
    assert english.exit_code == 2
    assert "has no year folder" in english.stderr and "...and 3 more" in english.stderr


def test_an_empty_data_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("score", "2024", "--data", tmp_path)
    assert result.exit_code == 2
    assert "是空的" in result.stderr and str(tmp_path) in result.stderr.replace("\n", "")


def test_a_file_given_as_the_data_folder_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "盐湖街道.xlsx"
    path.write_bytes(b"")
    result = invoke("report", "2024", "--data", path)
    assert result.exit_code == 2
    assert "sc-cli validate" in result.stderr and "是一个文件" in result.stderr


def test_a_year_folder_named_2024年_given_as_the_data_folder_is_a_usage_error(
    tmp_path: Path,
) -> None:
    data = write_folder(tmp_path, {"2024年/a.xlsx": TWO_MENTORS})
    result = invoke("report", "2024", "--data", data / "2024年")
    assert result.exit_code == 2
    assert "年度目录" in result.stderr


def test_files_beside_the_year_folders_are_stated(tmp_path: Path) -> None:
    data = write_folder(tmp_path, {"2024/a.xlsx": TWO_MENTORS, "盐湖街道.xlsx": TWO_MENTORS})
    (data / "其他").mkdir()
    (data / "其他" / "东沟乡.csv").write_text("x\n", encoding="utf-8")
    (data / "README.md").write_text("说明\n", encoding="utf-8")  # ignored, as ever
    payload, stderr = report_json("2024", "--data", data)
    (outside, *_) = payload["notices"]
    assert outside["key"] == "notice.outside_files"
    assert outside["params"] == {"count": 2, "names": ["其他/东沟乡.csv", "盐湖街道.xlsx"]}
    assert actual(payload, "mentors_new") == 2  # the loose copy is not read
    assert "2 个文件不在年度目录里，未读取：其他/东沟乡.csv、盐湖街道.xlsx" in stderr


def test_a_year_without_its_folder_is_stated_not_guessed(tmp_path: Path) -> None:
    data = write_folder(
        tmp_path,
        {
            "2023/a.xlsx": [(CARRIER, [carrier("盐湖众创空间")])],
            "2024/a.xlsx": TWO_MENTORS,
        },
    )
    payload, stderr = report_json("2025", "--data", data)
    assert payload["as_of"] == "2025-12-31"
    missing = payload["notices"][0]
    assert missing["key"] == "notice.no_year_folder"
    assert missing["params"] == {"year": 2025, "years": ["2023", "2024"], "latest": 2024}
    assert "没有 2025 年的年度目录（只有：2023、2024）" in stderr
    # the carriers come from 2023's roster: that is said too
    assert keys(payload) == ["notice.no_year_folder", "notice.roster_from_earlier"]
    table = invoke("report", "2025", "--data", data)
    assert table.exit_code == 0
    assert "没有 2025 年的年度目录" in table.stderr and "按 2023 年的名册计算" in table.stderr


def test_a_year_before_every_folder_and_the_plan_is_stated(tmp_path: Path) -> None:
    data = write_folder(tmp_path, {"2024/a.xlsx": TWO_MENTORS})
    payload, stderr = report_json("2022", "--data", data)
    assert actual(payload, "mentors_new") == 0
    assert keys(payload) == ["notice.no_folder_up_to", "notice.before_plan"]
    assert "没有读取任何报送文件" in stderr
    assert "方案期（2023-01-01 至 2025-12-31）之前" in stderr


def test_a_year_after_the_plan_is_stated(tmp_path: Path) -> None:
    data = write_folder(tmp_path, {"2024/a.xlsx": TWO_MENTORS})
    payload, stderr = report_json("2030", "--data", data, "--lang", "en")
    assert payload["pace"] == 1.0
    assert "notice.after_plan" in keys(payload)
    assert "2030 is after the plan window (2023-01-01 to 2025-12-31)" in stderr


def test_an_as_of_date_outside_the_year_is_stated(tmp_path: Path) -> None:
    data = write_folder(tmp_path, {"2024/a.xlsx": TWO_MENTORS})
    payload, stderr = report_json("2024", "--as-of", "2025-03-31", "--data", data)
    assert "notice.as_of_outside_year" in keys(payload)
    assert "截止日期 2025-03-31 不在 2024 年内" in stderr
    assert "2025 --as-of 2025-03-31" in stderr


def test_the_library_layout_and_notices(tmp_path: Path) -> None:
    (tmp_path / "2023").mkdir()
    (tmp_path / "2024年度").mkdir()
    (tmp_path / "说明.docx").write_bytes(b"")
    layout = data_layout(tmp_path)
    assert (layout.years, layout.outside) == ((2023, 2024), ("说明.docx",))
    found = year_notices(
        layout, 2026, dt.date(2026, 12, 31), dt.date(2023, 1, 1), dt.date(2025, 12, 31)
    )
    assert [n.key for n in found] == [
        "notice.outside_files",
        "notice.no_year_folder",
        "notice.after_plan",
    ]
    with pytest.raises(UsageError) as refused:
        data_layout(tmp_path / "nowhere")
    assert refused.value.key == "usage.data_missing"


def test_notices_reach_score_and_explain_json(tmp_path: Path) -> None:
    data = write_folder(tmp_path, {"2024/a.xlsx": TWO_MENTORS, "loose.xlsx": TWO_MENTORS})
    score = invoke("score", "2024", "--data", data, "-f", "json")
    assert score.exit_code == 0, score.output
    assert [n["key"] for n in json.loads(score.stdout)["notices"]] == ["notice.outside_files"]
    assert "loose.xlsx" in score.stderr
    explain = invoke("explain", "mentors_new", "2024", "--data", data, "-f", "json")
    assert explain.exit_code == 0, explain.output
    assert [n["key"] for n in json.loads(explain.stdout)["notices"]] == ["notice.outside_files"]


def test_a_notice_is_written_in_the_language_it_is_shown_in() -> None:
    notice = Notice(key="notice.no_year_folder", params={"year": 2025, "years": ("2023", "2024")})
    with pytest.raises(KeyError):  # every placeholder is needed
        notice.message("zh")
    notice = Notice(
        key="notice.no_year_folder",
        params={"year": 2025, "years": ("2023", "2024"), "latest": 2024},
    )
    assert "（只有：2023、2024）" in notice.message("zh")
    assert "(only: 2023, 2024)" in notice.message("en")


# --- validate -------------------------------------------------------------------------------


def test_validate_on_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert "空目录" in result.stderr and str(tmp_path) in result.stderr.replace("\n", "")


def test_validate_on_a_folder_without_a_spreadsheet_names_what_it_found(tmp_path: Path) -> None:
    (tmp_path / "报送函.docx").write_bytes(b"")
    (tmp_path / "扫描件.pdf").write_bytes(b"")
    result = invoke("validate", tmp_path, "--lang", "en")
    assert result.exit_code == 2
    message = result.stderr.replace("\n", " ")
    assert (
        "holds no spreadsheet" in message and "扫描件.pdf, 报送函.docx" in message
    )  # in code-point order


def test_validate_mentions_a_named_file_it_skips() -> None:
    result = invoke("validate", DATA / "~$lock.xlsx", DATA / "legacy.xls", "-f", "json")
    assert result.exit_code == 0, result.output
    (notice,) = json.loads(result.stdout)["notices"]
    assert notice["key"] == "notice.skipped_lock_file"
    assert "锁定文件" in result.stderr and "~$lock.xlsx" in result.stderr
    alone = invoke("validate", DATA / "~$lock.xlsx")
    assert alone.exit_code == 2
    assert "没有可检查的文件" in alone.stderr


def test_validate_mentions_a_named_readme(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("说明\n", encoding="utf-8")
    result = invoke("validate", readme, DATA / "legacy.xls")
    assert result.exit_code == 0, result.output
    assert "已跳过" in result.stderr and "README.md" in result.stderr


def test_the_sample_data_needs_no_notice() -> None:
    payload, stderr = report_json("2024")
    assert payload["notices"] == []
    assert stderr == ""
    assert Workspace().notices(2024) == ()
