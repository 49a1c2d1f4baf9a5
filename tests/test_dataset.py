"""Finding files, the read order and the duplicate rules (SUBMISSIONS.md sections 1, 4, 5)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from helpers import DATA, TODAY, check, rules, write_folder
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
    write_csv,
)

from shuangchuang_cli.counting.dataset import Dataset, load, record_keys
from shuangchuang_cli.models import Issue
from shuangchuang_cli.reading.discover import discover


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")


def test_read_order_is_years_then_paths_by_code_point(tmp_path: Path) -> None:
    touch(
        tmp_path,
        "2024/b.xlsx",
        "2023/盐湖街道.xlsx",
        "2023/东沟乡.xlsx",
        "2023/z/a.xlsx",
        "2023/a.xlsx",
        "2023/B.xlsx",
        "2023/~$a.xlsx",
        "2023/.hidden.xlsx",
        "2023/.git/x.xlsx",
        "2025/later.xlsx",
        "说明.xlsx",
        "其他/c.xlsx",
    )
    files = discover([tmp_path], up_to_year=2024)
    # B (U+0042) < a (U+0061) < z/… < 东 (U+4E1C) < 盐 (U+76D0): code points, not pinyin.
    assert [f.display for f in files] == [
        "2023/B.xlsx",
        "2023/a.xlsx",
        "2023/z/a.xlsx",
        "2023/东沟乡.xlsx",
        "2023/盐湖街道.xlsx",
        "2024/b.xlsx",
    ]
    assert [f.year for f in files] == [2023] * 5 + [2024]


def test_year_folders_sort_as_numbers_before_paths(tmp_path: Path) -> None:
    touch(tmp_path, "2024/a.xlsx", "2023/zz.xlsx")
    assert [f.display for f in discover([tmp_path], up_to_year=2030)] == [
        "2023/zz.xlsx",
        "2024/a.xlsx",
    ]


def test_validate_takes_any_folder_and_files_in_the_order_given(tmp_path: Path) -> None:
    touch(tmp_path, "收件/b.xlsx", "收件/a.csv", "c.xlsx")
    files = discover([tmp_path / "c.xlsx", tmp_path / "收件"])
    assert [Path(f.display).name for f in files] == ["c.xlsx", "a.csv", "b.xlsx"]
    assert all(f.year is None for f in files)


def test_year_folders_named_in_any_order_are_read_in_the_contracts_order(tmp_path: Path) -> None:
    touch(tmp_path, "2024/盐湖街道/a.xlsx", "2024/区科技局/b.csv", "2023/z.xlsx", "x.xlsx")
    named = [
        tmp_path / "2024" / "盐湖街道" / "a.xlsx",
        tmp_path / "2024",
        tmp_path / "x.xlsx",
        tmp_path / "2023",
    ]
    # 区 (U+533A) < 盐 (U+76D0); a file outside any year folder comes first.
    assert [Path(f.display).name for f in discover(named)] == [
        "x.xlsx",
        "z.xlsx",
        "b.csv",
        "a.xlsx",
        "a.xlsx",
    ]
    alone = discover([tmp_path / "2024" / "盐湖街道" / "a.xlsx", tmp_path / "2024" / "区科技局"])
    assert [Path(f.display).name for f in alone] == ["b.csv", "a.xlsx"]


def test_a_later_year_named_first_still_holds_the_duplicate() -> None:
    folder = DATA / "warning_duplicate_across_years"
    issues = check(folder / "2024", folder / "2023").issues
    (dup,) = [i for i in issues if i.code == "duplicate"]
    assert "/2024/" in dup.file.replace("\\", "/")
    assert "2023" in dup.message()


def test_a_file_named_on_its_own_knows_its_year_folder(tmp_path: Path) -> None:
    touch(tmp_path, "2024/盐湖/a.xlsx")
    (source,) = discover([tmp_path / "2024" / "盐湖" / "a.xlsx"])
    assert source.year == 2024


def test_records_keep_their_provenance() -> None:
    data = load(discover([DATA / "warning_duplicate_carriers"]), rules(), today=TODAY)
    carriers = data.records(CARRIER)
    assert carriers[["_year", "_row", "载体名称"]].values.tolist() == [
        [2023, 2, "盐湖众创空间"],
        [2023, 3, "东沟星创天地"],
        [2024, 2, "东沟星创天地"],
        [2024, 2, "盐湖众创空间"],
        [2024, 3, "东沟 星创天地"],
    ]
    assert carriers["_file"].str.endswith(".xlsx").all()
    assert set(carriers["_sheet"]) == {CARRIER}


# --- duplicates --------------------------------------------------------------------------


def duplicates(data: Dataset | list[Issue]) -> list[tuple[str, str, int | None, str | None]]:
    issues = data.issues if isinstance(data, Dataset) else data
    return [
        (Path(i.file).name, str(i.sheet), i.row, i.column) for i in issues if i.code == "duplicate"
    ]


def test_a_repeat_within_a_file_is_a_duplicate_of_the_first() -> None:
    result = check(DATA / "warning_duplicate_within_file.xlsx")
    dups = [i for i in result.issues if i.code == "duplicate" and i.sheet == HIGHTECH]
    assert [(i.row, i.params["first_row"]) for i in dups] == [(3, 2), (6, 5)]


def test_error_rows_are_neither_firsts_nor_duplicates(tmp_path: Path) -> None:
    code = uscc(1)
    write_folder(
        tmp_path,
        {
            "2024/a.xlsx": [
                (
                    TECHSME,
                    [
                        tech_sme("甲", code, "2024-02-30"),  # row 2: error
                        tech_sme("甲", code, "2024-03-01"),  # row 3: the first that counts
                        tech_sme("甲", code, "2024-13-01"),  # row 4: error, not warned
                        tech_sme("甲", code, "2024-03-02"),  # row 5: duplicate of row 3
                    ],
                )
            ]
        },
    )
    result = check(tmp_path)
    assert duplicates(result.issues) == [("a.xlsx", TECHSME, 5, "统一社会信用代码")]
    (dup,) = [i for i in result.issues if i.code == "duplicate"]
    assert dup.params["first_row"] == 3


def test_a_repeat_in_another_file_is_a_duplicate() -> None:
    data = load(discover([DATA / "warning_duplicate_across_files"]), rules(), today=TODAY)
    assert duplicates(data) == [("盐湖街道.xlsx", MENTOR, 2, "证书编号")]


def test_a_repeat_in_a_later_year_is_a_duplicate_but_a_roster_repeat_is_not() -> None:
    data = load(discover([DATA / "warning_duplicate_across_years"]), rules(), today=TODAY)
    assert duplicates(data) == [("区科技局.xlsx", TECHSME, 2, "统一社会信用代码")]
    (dup,) = [i for i in data.issues if i.code == "duplicate"]
    assert "/2024/" in dup.file.replace("\\", "/")
    assert "2023" in dup.message()


def test_carriers_repeat_across_years_but_not_within_one_year_folder() -> None:
    data = load(discover([DATA / "warning_duplicate_carriers"]), rules(), today=TODAY)
    # 东沟星创天地 is in 2023 and twice in 2024 (东沟乡.xlsx first, then 盐湖街道.xlsx with a
    # space in its name); 盐湖众创空间 is in both years once each.
    assert duplicates(data) == [("盐湖街道.xlsx", CARRIER, 3, "载体名称")]
    (dup,) = [i for i in data.issues if i.code == "duplicate"]
    assert str(dup.params["first_file"]).replace("\\", "/").endswith("2024/东沟乡.xlsx")


def test_a_carrier_twice_in_one_roster_file_is_a_duplicate(tmp_path: Path) -> None:
    write_folder(tmp_path, {"2024/a.xlsx": [(CARRIER, [carrier("甲"), carrier("甲 ")])]})
    assert duplicates(check(tmp_path).issues) == [("a.xlsx", CARRIER, 3, "载体名称")]


def test_keys_follow_the_contract(tmp_path: Path) -> None:
    code = uscc(2)
    write_folder(
        tmp_path,
        {
            "2024/a.xlsx": [
                (
                    INCUBATED,
                    [
                        incubated("星火", code, "2024-03-01"),  # 企业: by code
                        incubated("星火 公司", code.lower(), "2024-04-01"),  # same code
                        incubated("星火", None, "2024-03-01"),  # 团队: by name, not 企业
                        incubated("星火\u3000", None, "2024-05-01"),  # same team name
                    ],
                ),
                (
                    EVENT,
                    [
                        event("路演", "创业沙龙", "2024-03-01"),
                        event("路演", "创业沙龙", "2024/3/1", unit="盐湖街道"),  # same
                        event("路演", "创业培训", "2024-03-01"),  # another category
                        event("路演", "创业沙龙", "2024-03-02"),  # another day
                    ],
                ),
                (
                    HIGHTECH,
                    [
                        hightech("甲", code, "2024-03-01"),  # not the same as the 孵化企业
                    ],
                ),
            ]
        },
    )
    data = load(discover([tmp_path]), rules(), today=TODAY)
    # Issues come in read order: file, then sheet in workbook order, then row.
    assert duplicates(data) == [
        ("a.xlsx", INCUBATED, 3, "统一社会信用代码"),
        ("a.xlsx", INCUBATED, 5, "名称"),
        ("a.xlsx", EVENT, 3, "活动名称"),
    ]
    found, _ = record_keys(rules().sheet_types[INCUBATED], data.records(INCUBATED))
    keys = found.tolist()
    assert keys == [f"企业:{code}", f"企业:{code}", "团队:星火", "团队:星火"]


def test_mentor_key_is_the_normalised_certificate(tmp_path: Path) -> None:
    write_folder(
        tmp_path,
        {
            "2023/人社.xlsx": [(MENTOR, [mentor("王芳", "CM0001", "2023-03-01")])],
            "2024/人社.xlsx": [(MENTOR, [mentor("王 芳", "ｃｍ 0001", "2024-03-01")])],
        },
    )
    assert duplicates(check(tmp_path).issues) == [("人社.xlsx", MENTOR, 2, "证书编号")]


def test_csv_and_workbook_records_meet_in_one_set(tmp_path: Path) -> None:
    write_folder(tmp_path, {"2024/a.xlsx": [(MENTOR, [mentor("王芳", "CM1", "2024-03-01")])]})
    write_csv(
        tmp_path / "2024" / "b.csv",
        [["姓名", "证书编号", "所属单位", "聘任日期"], ["王芳", "cm1", "区人社局", "2024-03-01"]],
        encoding="gb18030",
    )
    data = load(discover([tmp_path], up_to_year=2024), rules(), today=TODAY)
    assert duplicates(data) == [("b.csv", MENTOR, 2, "证书编号")]
    assert data.records(MENTOR)["_sheet"].tolist() == [MENTOR, MENTOR]


def test_issues_come_in_read_order(tmp_path: Path) -> None:
    write_folder(
        tmp_path,
        {
            "2024/b.xlsx": [(MENTOR, [mentor("甲", "CM1", "2024-02-30")])],
            "2024/a.xlsx": [(MENTOR, [mentor("乙", "CM2", "bad"), mentor("丙", "CM3", "x")])],
            "2023/z.xlsx": [(MENTOR, [mentor("丁", "CM4", "2023-02-30")])],
        },
    )
    data = load(discover([tmp_path], up_to_year=2024), rules(), today=TODAY)
    assert [(i.file, i.row) for i in data.issues] == [
        ("2023/z.xlsx", 2),
        ("2024/a.xlsx", 2),
        ("2024/a.xlsx", 3),
        ("2024/b.xlsx", 2),
    ]


def test_no_records_still_gives_typed_empty_frames() -> None:
    data = load([], rules(), today=TODAY)
    for name in (CARRIER, INCUBATED, MENTOR, HIGHTECH, TECHSME, EVENT):
        assert data.records(name).empty
    assert str(data.records(MENTOR)["聘任日期"].dtype).startswith("datetime64")
    assert (data.errors, data.warnings) == (0, 0)


def _crafted(root: Path) -> Path:
    """Three years: a repeat within 2023, a 2024 record repeated in 2025 (a duplicate in
    2025's dataset only), a carrier in every year's roster and twice in 2024's, an error
    row, an unreadable file, and a CSV (a mentor) beside the workbooks."""
    a, b = uscc(11), uscc(12)
    write_folder(
        root,
        {
            "2023/东沟乡.xlsx": [
                (TECHSME, [tech_sme("甲", a, "2023-03-01"), tech_sme("甲", a, "2023-04-01")]),
                (CARRIER, [carrier("东沟星创天地")]),
            ],
            "2024/盐湖街道.xlsx": [
                (TECHSME, [tech_sme("乙", b, "2024-02-30"), tech_sme("乙", b, "2024-05-01")]),
                (CARRIER, [carrier("东沟星创天地"), carrier("东沟星创天地 ")]),
            ],
            "2025/区科技局.xlsx": [
                (TECHSME, [tech_sme("乙", b, "2025-01-05")]),
                (CARRIER, [carrier("东沟星创天地")]),
            ],
        },
    )
    touch(root, "2024/坏文件.xlsx")
    write_csv(
        root / "2024" / "人社.csv",
        [["姓名", "证书编号", "所属单位", "聘任日期"], ["王芳", "cm1", "区人社局", "2024-03-01"]],
        encoding="gb18030",
    )
    return root


def _same(narrowed: Dataset, read: Dataset) -> None:
    assert narrowed.files == read.files
    assert narrowed.frames.keys() == read.frames.keys()
    for name, frame in read.frames.items():
        pd.testing.assert_frame_equal(narrowed.frames[name], frame)
    assert narrowed.issues == read.issues
    assert narrowed.marked_copies == read.marked_copies


@pytest.mark.parametrize(
    "folder", ["sample", "warning_duplicate_across_years", "warning_duplicate_carriers", "crafted"]
)
def test_an_earlier_year_narrowed_from_a_later_one_is_as_read(
    folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trend's earlier years come from the later year's dataset, not read again: the
    same records, issues (the duplicates found anew among those files) and their order."""
    from shuangchuang_cli import api
    from shuangchuang_cli.reading.discover import bundled_data_dir

    if folder == "crafted":
        data = _crafted(tmp_path)
    else:
        data = bundled_data_dir() if folder == "sample" else DATA / folder
    years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())
    read = {y: api.Workspace(data, rules(), today=TODAY).dataset(y) for y in years[:-1]}
    later = api.Workspace(data, rules(), today=TODAY)
    later.dataset(years[-1])
    monkeypatch.setattr(api, "_load", _never_read)
    for year in reversed(years[:-1]):
        _same(later.dataset(year), read[year])


def _never_read(*args: object, **kwargs: object) -> Dataset:
    raise AssertionError("read again, not narrowed")
