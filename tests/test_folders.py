"""Walking a data folder: links followed once, loops cut, any depth, unopened folders said.

A year folder may be a link to where the files really are (an inbox on another disk):
it is read. A link back up the tree, or a second link to a folder already read, is not
walked again. A folder that cannot be opened is an `unreadable_file` issue naming the
folder, since its files, whatever they hold, are not counted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import TODAY, invoke, rules
from make_test_data import MENTOR, mentor, table, write_xlsx

from shuangchuang_cli.counting.dataset import load
from shuangchuang_cli.reading.discover import discover, year_files


def mentor_file(path: Path, name: str = "王芳", cert: str = "CM1") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_xlsx(path, [table(MENTOR, [mentor(name, cert, "2024-03-01")])])
    return path


def test_a_year_folder_that_is_a_link_is_read(tmp_path: Path) -> None:
    mentor_file(tmp_path / "elsewhere" / "收件" / "盐湖.xlsx")
    data = tmp_path / "data"
    data.mkdir()
    (data / "2024").symlink_to(tmp_path / "elsewhere" / "收件", target_is_directory=True)
    files = year_files(data, 2024)
    assert [(f.display, f.year) for f in files] == [("2024/盐湖.xlsx", 2024)]


def test_links_back_up_or_twice_to_one_folder_are_walked_once(tmp_path: Path) -> None:
    year = tmp_path / "data" / "2024"
    mentor_file(year / "a" / "盐湖.xlsx")
    (year / "a" / "回到上级").symlink_to("..", target_is_directory=True)
    (year / "b").symlink_to(year / "a", target_is_directory=True)
    (year / "自己").symlink_to(".", target_is_directory=True)
    files = year_files(tmp_path / "data", 2024)
    assert [f.display for f in files] == ["2024/a/盐湖.xlsx"]


def test_a_dead_link_or_a_pipe_in_a_folder_is_said_not_skipped(tmp_path: Path) -> None:
    year = tmp_path / "data" / "2024"
    mentor_file(year / "盐湖.xlsx")
    (year / "东沟乡.xlsx").symlink_to(tmp_path / "已删除.xlsx")
    os.mkfifo(year / "西沟乡.csv")
    report = json.loads(invoke("validate", year, "--format", "json").stdout)
    assert report["files"] == 3  # not "2 files checked"
    said = {Path(i["file"]).name: i["reason"] for i in report["issues"]}
    assert said == {"东沟乡.xlsx": "broken_link", "西沟乡.csv": "not_a_file"}


def test_folders_any_depth_down(tmp_path: Path) -> None:
    deep = tmp_path / "data" / "2024"
    deep.mkdir(parents=True)
    for _ in range(1100):  # deeper than Python's recursion limit
        deep = deep / "d"
        os.mkdir(deep)
    try:
        mentor_file(deep / "盐湖.xlsx")
        files = year_files(tmp_path / "data", 2024)
        assert len(files) == 1 and files[0].display.endswith("/d/盐湖.xlsx")
        # validate's look at a named folder before reading walks the same way
        checked = invoke("validate", tmp_path / "data", "--format", "json")
        assert checked.exit_code == 0, checked.output
        assert json.loads(checked.stdout)["files"] == 1
    finally:  # from the bottom up: Python 3.11's rmtree would recurse as deep
        (deep / "盐湖.xlsx").unlink(missing_ok=True)
        while deep != tmp_path / "data" / "2024":
            deep.rmdir()
            deep = deep.parent


def unopenable(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Folders called `name` refuse to be listed, as for a user without permission (the
    tests may run as root, who can list any folder)."""
    real = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == name:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_opened_is_an_issue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    mentor_file(data / "2024" / "盐湖.xlsx")
    mentor_file(data / "2024" / "锁住" / "东沟.xlsx", "李强", "CM2")
    with monkeypatch.context() as patched:
        unopenable(patched, "锁住")
        files = year_files(data, 2024)
    assert [(f.display, f.unreadable) for f in files] == [
        ("2024/盐湖.xlsx", None),
        ("2024/锁住", "Permission denied"),
    ]
    found = load(files, rules(), today=TODAY)
    (issue,) = found.issues
    assert (issue.code, issue.file) == ("unreadable_file", "2024/锁住")
    assert "无法打开该文件夹" in issue.message() and "Permission denied" in issue.message()
    assert list(found.records("创业导师")["姓名"]) == ["王芳"]


def test_an_unopened_folder_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "收件"
    mentor_file(folder / "盐湖.xlsx")
    (folder / "锁住").mkdir()
    unopenable(monkeypatch, "锁住")
    result = invoke("validate", folder, "--format", "json", "--lang", "en")
    assert result.exit_code == 1, result.stderr
    (issue,) = json.loads(result.stdout)["issues"]
    assert (issue["code"], issue["file"]) == ("unreadable_file", f"{folder}/锁住")
    assert "folder cannot be opened" in issue["message"]


def test_a_named_path_that_is_not_there_gives_nothing(tmp_path: Path) -> None:
    assert discover([tmp_path / "不存在"]) == []


def test_a_filter_on_a_code_column_reads_codes_as_cells_are_read(tmp_path: Path) -> None:
    from helpers import rules_copy

    mentor_file(tmp_path / "data" / "2024" / "人社局.xlsx", cert="CM1")
    folder = rules_copy(tmp_path)
    plan = folder / "plan.toml"
    counted = 'compute = { method = "count_keys", sheet = "创业导师" }'
    text = plan.read_text(encoding="utf-8")
    assert counted in text
    filtered = counted.replace(" }", ', where = { "证书编号" = ["ｃｍ 1"] } }')
    plan.write_text(text.replace(counted, filtered, 1), encoding="utf-8")
    run = invoke("report", "2024", "--data", tmp_path / "data", "--rules", folder, "-f", "json")
    assert run.exit_code == 0, run.output
    mentors = next(i for i in json.loads(run.stdout)["indicators"] if i["id"] == "mentors_new")
    assert mentors["actual"] == 1  # the cell reads CM1, the filter ｃｍ 1: the same code
