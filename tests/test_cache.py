"""The cache: a re-run reads no unchanged file and finds exactly what a fresh read finds;
a changed file, rules or code, a damaged or foreign entry, or another day that a check
of dates would see, is read again."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from helpers import DATA, TODAY, invoke, rules_copy, write_folder
from hypothesis import given
from hypothesis import strategies as st
from make_test_data import CARRIER, EVENT, carrier, event

from shuangchuang_cli import api
from shuangchuang_cli.cache import Store
from shuangchuang_cli.cache.frames import FileRead, NotKept, Packed, decode, encode, joined
from shuangchuang_cli.counting import dataset
from shuangchuang_cli.counting.dataset import Dataset
from shuangchuang_cli.models import Issue, progress_json
from shuangchuang_cli.reading import prefetch
from shuangchuang_cli.reading.discover import bundled_data_dir
from shuangchuang_cli.reading.readers import READABLE_SUFFIXES
from shuangchuang_cli.rules import load_rules


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files each load actually read (not taken from the cache)."""
    opened: list[str] = []
    real = prefetch.Reading

    def spy(files: list[Any], limits: Any, reader: Any = None) -> Any:
        opened.extend(f.display for f in files if f.path.suffix.lower() in READABLE_SUFFIXES)
        return real(files, limits, reader)

    monkeypatch.setattr(dataset, "Reading", spy)
    monkeypatch.setattr(prefetch, "Reading", spy)  # api.py starts the reading before load
    return opened


def same(a: Dataset, b: Dataset) -> None:
    assert a.frames.keys() == b.frames.keys()
    for name in a.frames:
        pd.testing.assert_frame_equal(a.frames[name], b.frames[name], check_exact=True)
    assert a.issues == b.issues
    assert a.marked_copies == b.marked_copies


def load(folder: Path, store: Store | None, year: int = 2025, **kw: Any) -> Dataset:
    ws = api.Workspace(folder, store=store, today=kw.pop("today", TODAY), **kw)
    return ws.dataset(year)


def test_bundled_sample_warm_equals_fresh_and_reads_nothing(
    tmp_path: Path, reads: list[str]
) -> None:
    store = Store(tmp_path / "cache")
    fresh = load(bundled_data_dir(), None)
    first = load(bundled_data_dir(), store)
    assert reads and store.usage().entries > 0
    reads.clear()
    warm = load(bundled_data_dir(), store)
    assert reads == []
    same(fresh, first)
    same(fresh, warm)
    ws = api.Workspace(bundled_data_dir(), store=store, today=TODAY)
    cold = api.Workspace(bundled_data_dir(), today=TODAY)
    assert progress_json(ws.report(2024)) == progress_json(cold.report(2024))


def test_validate_of_every_test_file_is_the_same_warm(tmp_path: Path, reads: list[str]) -> None:
    """Title rows, merged cells, GB18030, legacy xls, a corrupt file, an HTML file called
    .xls, duplicates across files and years: every issue comes back as it was."""
    rules = load_rules(None)
    store = Store(tmp_path / "cache")
    fresh = api.validate([DATA], rules, today=TODAY)
    api.validate([DATA], rules, today=TODAY, store=store)
    reads.clear()
    warm = api.validate([DATA], rules, today=TODAY, store=store)
    assert warm.issues == fresh.issues and warm.notices == fresh.notices
    # What could not be read is read again each time (a worker's timeout is no property
    # of the file); everything else came from the cache.
    unread = {i.file for i in fresh.issues if i.code == "unreadable_file"}
    assert unread and set(reads) == unread


def test_one_changed_file_is_the_only_one_read(tmp_path: Path, reads: list[str]) -> None:
    folder = write_folder(
        tmp_path / "data",
        {
            f"2024/{unit}.xlsx": [
                (CARRIER, [carrier(f"{unit}众创空间", unit)]),
                (EVENT, [event("沙龙", "创业沙龙", "2024-03-01", unit=unit)] * 2),
            ]
            for unit in ("盐湖街道", "东沟乡", "阿克苏乡")
        },
    )
    store = Store(tmp_path / "cache")
    load(folder, store, 2024)
    # 东沟乡 (read first) now lists 盐湖街道's carrier too.
    again = [carrier("东沟孵化器", "东沟乡"), carrier("盐湖街道众创空间", "盐湖街道")]
    write_folder(folder, {"2024/东沟乡.xlsx": [(CARRIER, again)]})
    reads.clear()
    mixed = load(folder, store, 2024)
    assert reads == ["2024/东沟乡.xlsx"]
    same(mixed, load(folder, None, 2024))
    # Duplicates are found across every file, read now or kept.
    across = [
        (i.file, i.params["first_file"])
        for i in mixed.issues
        if i.code == "duplicate" and i.sheet == CARRIER
    ]
    assert across == [("2024/盐湖街道.xlsx", "2024/东沟乡.xlsx")]


def test_a_moved_or_copied_file_keeps_its_entry_under_its_new_name(
    tmp_path: Path, reads: list[str]
) -> None:
    folder = tmp_path / "data"
    (folder / "2024").mkdir(parents=True)
    shutil.copy(DATA / "error_bad_date.xlsx", folder / "2024" / "甲.xlsx")
    store = Store(tmp_path / "cache")
    before = load(folder, store, 2024)
    (folder / "2024" / "甲.xlsx").rename(folder / "2024" / "乙.xlsx")
    reads.clear()
    after = load(folder, store, 2024)
    assert reads == []
    assert {i.file for i in after.issues} == {"2024/乙.xlsx"}
    assert set().union(*(set(f["_file"]) for f in after.frames.values())) == {"2024/乙.xlsx"}
    same(after, load(folder, None, 2024))
    assert [i.code for i in after.issues] == [i.code for i in before.issues]


def test_edited_rules_are_not_answered_from_entries_of_the_old_ones(
    tmp_path: Path, reads: list[str]
) -> None:
    folder = write_folder(
        tmp_path / "data", {"2024/a.xlsx": [(CARRIER, [carrier("新苑众创空间", "新苑社区")])]}
    )
    store = Store(tmp_path / "cache")
    before = load(folder, store, 2024)
    assert [i.code for i in before.issues] == ["unknown_unit"]
    edited = rules_copy(tmp_path, units=[("新苑社区", "street", ())])
    reads.clear()
    after = load(folder, store, 2024, rules_dir=edited)
    assert reads == ["2024/a.xlsx"] and after.issues == []


def test_entries_of_other_code_are_not_read(
    tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from shuangchuang_cli import cache

    store = Store(tmp_path / "cache")
    load(bundled_data_dir(), store)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version")
    reads.clear()
    load(bundled_data_dir(), store)
    assert reads  # every file read again


def _entries(store: Store) -> list[Path]:
    return sorted(p for p in (store.folder / "read").glob("*/*") if p.is_file())


@pytest.mark.parametrize("damage", ["flip", "truncate", "foreign", "empty", "garbage"])
def test_a_damaged_or_foreign_entry_is_ignored_and_rebuilt(
    tmp_path: Path, reads: list[str], damage: str
) -> None:
    store = Store(tmp_path / "cache")
    fresh = load(bundled_data_dir(), None)
    load(bundled_data_dir(), store)
    entries = _entries(store)
    victim, other = entries[0], entries[1]
    data = victim.read_bytes()
    if damage == "flip":
        victim.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    elif damage == "truncate":
        victim.write_bytes(data[: len(data) // 2])
    elif damage == "foreign":  # another file's entry, intact, under this file's key
        victim.write_bytes(other.read_bytes())
    elif damage == "empty":
        victim.write_bytes(b"")
    else:
        victim.write_bytes(os.urandom(len(data)))
    reads.clear()
    again = load(bundled_data_dir(), store)
    assert len(reads) == 1  # only the file whose entry was damaged
    same(fresh, again)
    assert victim.read_bytes() == data  # rebuilt as it was


def test_an_entry_answers_another_day_only_when_no_date_check_could_differ(
    tmp_path: Path, reads: list[str]
) -> None:
    folder = write_folder(
        tmp_path / "data",
        {
            "2024/past.xlsx": [(EVENT, [event("沙龙", "创业沙龙", "2024-03-01")])],
            "2024/later.xlsx": [(EVENT, [event("大赛", "参加创业大赛", "2024-09-01")])],
        },
    )
    store = Store(tmp_path / "cache")
    june = load(folder, store, 2024, today=dt.date(2024, 6, 30))
    assert [(i.file, i.code) for i in june.issues] == [("2024/later.xlsx", "future_date")]
    reads.clear()
    july = load(folder, store, 2024, today=dt.date(2024, 7, 31))
    # past.xlsx holds no date after June 30: July sees it as June did. later.xlsx's
    # September date was in the future in June and still is in July, but only a read
    # can tell (the message names the day): it is read again.
    assert reads == ["2024/later.xlsx"]
    same(july, load(folder, None, 2024, today=dt.date(2024, 7, 31)))
    reads.clear()
    october = load(folder, store, 2024, today=dt.date(2024, 10, 1))
    assert reads == ["2024/later.xlsx"]
    assert october.issues == []


def test_a_cache_that_cannot_be_written_is_a_run_without_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    store = Store(blocked / "cache")
    same(load(bundled_data_dir(), store), load(bundled_data_dir(), None))


def test_the_cache_folder_is_its_owners_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    load(bundled_data_dir(), store)
    assert (store.folder.stat().st_mode & 0o777) == 0o700
    assert all((p.stat().st_mode & 0o077) == 0 for p in _entries(store))


def test_a_store_makes_its_folders_when_it_first_writes_into_them(tmp_path: Path) -> None:
    """Entries under two prefixes, in a cache folder that does not exist yet: each write
    makes what it lacks (the owner's only), and each entry reads back whole."""
    store = Store(tmp_path / "not yet" / "cache")
    payloads = {"ab" + "0" * 62: bytes(range(256)) * 4099, "cd" + "1" * 62: b""}
    for key, payload in payloads.items():
        assert store.put("read", key, payload)
        assert store.put("read", key, payload)  # again, over it, into the folder made
    assert (store.folder.stat().st_mode & 0o777) == 0o700
    assert {p.parent.name for p in _entries(store)} == {"ab", "cd"}
    got = {key: store.get("read", key) for key in payloads}
    assert {key: None if data is None else bytes(data) for key, data in got.items()} == payloads


def test_the_cli_keeps_entries_in_sc_cli_cache_dir_and_not_with_no_cache(
    tmp_path: Path, _own_cache: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    listing = sorted(p.relative_to(data) for p in data.rglob("*"))
    assert invoke("--no-cache", "report", "2024", "--data", data).exit_code == 0
    assert Store(_own_cache).usage().entries == 0
    first = invoke("report", "2024", "--data", data, "--format", "json")
    assert first.exit_code == 0 and Store(_own_cache).usage().entries > 0
    second = invoke("report", "2024", "--data", data, "--format", "json")
    assert second.stdout == first.stdout
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == listing  # nothing added
    info = invoke("cache")
    assert info.exit_code == 0 and str(_own_cache) in info.stdout


def test_no_cache_and_debug_may_follow_the_command(tmp_path: Path, _own_cache: Path) -> None:
    """The tool's own switches are taken after the command too, as --lang is (a clerk
    adds them at the end of the line), but not after a "--"."""
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    after = invoke("validate", data, "--no-cache", "--format", "json")
    before = invoke("--no-cache", "validate", data, "--format", "json")
    assert after.exit_code == before.exit_code == 1, after.output  # the sample has errors
    assert after.stdout == before.stdout
    assert Store(_own_cache).usage().entries == 0
    assert invoke("report", "2024", "--data", data, "--debug").exit_code == 0
    kept = invoke("validate", "--", data / "--no-cache")  # a path after "--" stays a path
    assert kept.exit_code == 2 and "--no-cache" in kept.stderr


def test_a_switch_given_as_an_options_value_stays_its_value(tmp_path: Path) -> None:
    """`--annotate --no-cache a.xlsx b.xlsx` names the file --no-cache as the copy to write,
    and two files to check: refused as before, and a.xlsx is not written over."""
    files = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for file in files:
        shutil.copy(DATA / "error_bad_date.xlsx", file)
    before = files[0].read_bytes()
    result = invoke("validate", "--annotate", "--no-cache", *files, "--force")
    assert result.exit_code == 2, result.output
    assert files[0].read_bytes() == before


def test_cache_clear_removes_entries_and_nothing_else(tmp_path: Path, _own_cache: Path) -> None:
    assert invoke("report", "2024").exit_code == 0
    entries = Store(_own_cache).usage().entries
    mine = _own_cache / "read" / "notes.txt"
    mine.write_text("kept")
    (_own_cache / "other.txt").write_text("kept")
    cleared = invoke("cache", "clear")
    assert cleared.exit_code == 0 and f"{entries}" in cleared.stderr
    assert Store(_own_cache).usage().entries == 0
    assert mine.read_text() == "kept" and (_own_cache / "other.txt").read_text() == "kept"
    english = invoke("--lang", "en", "cache")
    assert "0 entries" in english.stdout


def test_least_recently_used_entries_go_past_the_limit(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache", limit=1)
    load(bundled_data_dir(), store)
    assert store.usage().entries <= 1


# --- the format, value for value ------------------------------------------------------------

texts = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"))
cells = st.one_of(texts, st.none(), st.just(float("nan")))


@given(
    rows=st.lists(
        st.tuples(
            cells,
            st.one_of(st.integers(-(2**40), 2**40), st.none()),
            st.floats(allow_nan=True),
            st.booleans(),
            st.one_of(st.none(), st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1))),
            st.sampled_from(["盐湖街道", "东沟乡", None]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_records_come_back_value_for_value(rows: list[tuple[Any, ...]]) -> None:
    text, year, number, flag, day, unit = zip(*rows, strict=True)
    columns = {
        "text": np.array(text, dtype=object),
        "year": np.array(year, dtype=object),
        "number": np.array(number, dtype=np.float64),
        "flag": np.array(flag, dtype=bool),
        "day": pd.to_datetime(pd.Series(day)).to_numpy().astype("datetime64[us]"),
        "unit": np.array(unit, dtype=object),
    }
    issue = Issue.of("bad_date", "a.xlsx", "双创活动", 3, "活动日期", value="2024-02-30")
    read = FileRead({"双创活动": columns}, [issue], ("双创活动", None))
    back = decode(bytearray(encode(read, TODAY)), TODAY)
    assert back is not None
    assert back.issues == [issue] and back.sheets == ("双创活动", None)
    for name, values in columns.items():
        got = back.records["双创活动"][name]
        assert got.dtype == values.dtype
        assert [_cell(v) for v in got] == [_cell(v) for v in values], name


def _cell(value: Any) -> Any:
    """NaN equals NaN here, and None stays apart from it."""
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, np.datetime64) and np.isnat(value):
        return "NaT"
    return (type(value), value)


_PIECES: list[list[Any]] = [  # a column is kept as text or whole numbers, blanks in either
    ["甲", None, np.nan, ""],
    [None, None],
    [],
    ["乙\u3000", "丙"],
    [7, None, 2**40],
    [np.nan],
]


def _entry(values: list[Any]) -> bytearray:
    return bytearray(encode(FileRead({"t": {"c": np.array(values, dtype=object)}}, []), TODAY))


def test_text_columns_of_many_entries_decode_together_as_each_alone() -> None:
    """A region's files give each text column in pieces: decoded in one pass (`joined`),
    with pieces read this run among them, the column is what each piece gives alone."""
    packed = []
    for values in _PIECES:
        read = decode(_entry(values), TODAY, packed=True)
        assert read is not None
        packed.append(read.records["t"]["c"])
    assert all(isinstance(p, Packed) for p in packed)
    fresh = np.array(["新读的", None], dtype=object)
    got = joined([packed[0], packed[1], fresh, *packed[2:]])
    expected = [*_PIECES[0], *_PIECES[1], "新读的", None, *(v for p in _PIECES[2:] for v in p)]
    assert got.dtype == object
    assert [_cell(v) for v in got] == [_cell(v) for v in expected]
    assert [_cell(v) for v in joined(packed)] == [_cell(v) for p in _PIECES for v in p]


def _with_byte(payload: bytearray, part: str, at: int, byte: int) -> bytearray:
    """The entry with one byte of its text column's `part` replaced, the rest as written."""
    import json
    import struct

    (length,) = struct.unpack_from("<Q", payload)
    meta = json.loads(bytes(payload[8 : 8 + length]))
    offset, _ = meta["records"]["t"]["columns"][0][part]
    changed = bytearray(payload)
    changed[8 + length + offset + at] = byte
    return changed


def _with_tag(payload: bytearray, row: int, tag: int) -> bytearray:
    """The entry with one cell's tag replaced, its parts otherwise as written."""
    return _with_byte(payload, "tags", row, tag)


def test_an_entry_whose_text_is_no_utf8_is_not_taken() -> None:
    payload = _with_byte(_entry(_PIECES[0]), "text", 0, 0xFF)
    for packed in (False, True):
        with pytest.raises(ValueError):
            decode(bytearray(payload), TODAY, packed=packed)


@pytest.mark.parametrize(("piece", "row", "tag"), [(0, 0, 1), (0, 1, 0), (4, 0, 1), (0, 2, 9)])
def test_an_entry_whose_tags_disagree_with_its_values_is_not_taken(
    piece: int, row: int, tag: int
) -> None:
    """A text cell made blank, a blank made text, an int made blank, a tag no code
    writes: the entry is not one this code wrote, and the file is read again."""
    payload = _with_tag(_entry(_PIECES[piece]), row, tag)
    for packed in (False, True):
        with pytest.raises(ValueError):
            decode(bytearray(payload), TODAY, packed=packed)


def test_a_value_the_format_does_not_keep_keeps_no_entry() -> None:
    for values in (
        np.array(["a\x00b"], dtype=object),
        np.array([dt.date(2024, 1, 1)], dtype=object),
        np.array([pd.NaT], dtype=object),
        np.array([None, pd.NA, np.nan], dtype=object),  # a blank that is neither
        np.array([1, np.int64(2)], dtype=object),  # numpy's int is not Python's
        np.array([1, True], dtype=object),
    ):
        with pytest.raises(NotKept):
            encode(FileRead({"t": {"c": values}}, []), TODAY)


def test_numpys_nan_is_kept_as_nan_and_none_as_none() -> None:
    values = np.array(["a", np.float64("nan"), None, np.nan], dtype=object)
    back = decode(bytearray(encode(FileRead({"t": {"c": values}}, []), TODAY)), TODAY)
    assert back is not None
    assert [_cell(v) for v in back.records["t"]["c"]] == [
        "NaN" if i in (1, 3) else _cell(v) for i, v in enumerate(values)
    ]


def test_a_cache_folder_it_may_not_look_into_holds_no_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing in the store may fail a run: a folder it cannot search is no entry."""

    def refused(self: Path) -> bool:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "is_file", refused)
    assert not Store(tmp_path).holds("read", "0" * 64)


def test_a_pipe_named_like_a_workbook_is_not_waited_for(tmp_path: Path) -> None:
    from shuangchuang_cli.cache.keys import file_digest

    pipe = tmp_path / "导师.csv"
    os.mkfifo(pipe)
    assert file_digest(pipe) is None
    assert file_digest(tmp_path) is None
    assert file_digest(tmp_path / "absent.xlsx") is None


# --- a command's result ----------------------------------------------------------------------


def test_a_report_of_unchanged_files_is_the_one_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    store = Store(tmp_path / "cache")
    first = api.Workspace(data, store=store, today=TODAY).report(2024)
    fresh = api.Workspace(data, today=TODAY).report(2024)
    assert first == fresh

    def no_counting(self: api.Workspace, year: int) -> Dataset:
        raise AssertionError("counted again")

    monkeypatch.setattr(api.Workspace, "dataset", no_counting)
    again = api.Workspace(data, store=store, today=TODAY).report(2024)
    assert again == fresh and progress_json(again) == progress_json(fresh)
    # Another date, another year: each its own report.
    with pytest.raises(AssertionError, match="counted again"):
        api.Workspace(data, store=store, today=TODAY).report(2024, dt.date(2024, 9, 30))
    monkeypatch.undo()
    # A changed file: counted again, and the report says what the file says now.
    victim = next(p for p in sorted((data / "2024").rglob("*.xlsx")) if p.name[0] != "~")
    victim.write_bytes((DATA / "error_bad_date.xlsx").read_bytes())
    changed = api.Workspace(data, store=store, today=TODAY).report(2024)
    assert changed == api.Workspace(data, today=TODAY).report(2024) and changed != fresh


def test_a_damaged_report_entry_is_counted_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    fresh = api.Workspace(bundled_data_dir(), store=store, today=TODAY).report(2024)
    (entry,) = (p for p in (store.folder / "result").glob("*/*") if p.is_file())
    entry.write_bytes(entry.read_bytes()[:-10])
    again = api.Workspace(bundled_data_dir(), store=store, today=TODAY).report(2024)
    assert again == fresh
    # A report entry whose digest holds but whose text is no report: counted again too.
    key = entry.name
    store.put("result", key, b'{"year": "not a report"}')
    assert api.Workspace(bundled_data_dir(), store=store, today=TODAY).report(2024) == fresh


def test_a_kept_report_loads_no_pandas(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "SC_CLI_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "shuangchuang_cli", "report", "2024", "--format", "json"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    probe = (
        "import sys, runpy; sys.argv = ['sc-cli', 'report', '2024', '--format', 'json'];"
        "from shuangchuang_cli.cli import run; code = run(sys.argv[1:]);"
        "sys.stderr.write('pandas' if 'pandas' in sys.modules else 'none')"
    )
    second = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert second.stdout == first.stdout
    assert second.stderr.endswith("none")


def test_a_renamed_csv_is_read_again_for_its_name_decides_its_type(
    tmp_path: Path, reads: list[str]
) -> None:
    """A CSV's sheet is named after the file, and its type told by that name when its
    header does not tell it: the same bytes under another name are another submission."""
    folder = tmp_path / "data"
    (folder / "2024").mkdir(parents=True)
    text = (
        "企业名称,统一社会信用代码,证书编号,所属单位\n"
        "乙企业,91650107MA77XY12AB,GR202465000999,盐湖街道\n"
    )
    (folder / "2024" / "附件1.csv").write_text(text, encoding="utf-8")
    store = Store(tmp_path / "cache")
    before = load(folder, store, 2024)
    assert [(i.code, i.sheet) for i in before.issues] == [("unknown_sheet", "附件1")]
    (folder / "2024" / "附件1.csv").rename(folder / "2024" / "高新技术企业.csv")
    reads.clear()
    after = load(folder, store, 2024)
    assert reads == ["2024/高新技术企业.csv"]
    assert [(i.code, i.sheet) for i in after.issues] == [("missing_column", "高新技术企业")]
    same(after, load(folder, None, 2024))


def test_a_copied_csv_under_the_same_name_keeps_its_entry(tmp_path: Path, reads: list[str]) -> None:
    folder = tmp_path / "data"
    (folder / "2024" / "乡镇").mkdir(parents=True)
    shutil.copy(DATA / "tolerance_gb18030.csv", folder / "2024" / "乡镇" / "孵化企业.csv")
    store = Store(tmp_path / "cache")
    load(folder, store, 2024)
    (folder / "2024" / "乡镇").rename(folder / "2024" / "街道")
    reads.clear()
    load(folder, store, 2024)
    assert reads == []
