"""Files are read in worker processes: one that aborts, hangs or blows up costs only itself.

Faults (a Reader's test seam) make a worker abort, hang or allocate without end instead
of reading a file of a given name; the other files of the same run are still read and
counted, and the worker that died is replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import crafted
import numpy as np
import pytest
from helpers import TODAY, rules
from make_test_data import MENTOR, mentor, table, write_xlsx

from shuangchuang_cli.counting.dataset import load
from shuangchuang_cli.reading.discover import SourceFile, discover
from shuangchuang_cli.reading.limits import UnreadableFile
from shuangchuang_cli.reading.prefetch import Reading
from shuangchuang_cli.reading.prefetch import _sheets as prefetch_sheets
from shuangchuang_cli.reading.readers import _calamine_error, read_workbook
from shuangchuang_cli.reading.transfer import decode_grid, encode_sheet
from shuangchuang_cli.reading.worker import STREAMED
from shuangchuang_cli.reading.workers import Faults, Reader, Ticket
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.limits import Limits

LIMITS = rules().values.limits
# The address-space limit holds on Linux; elsewhere a blow-up is stopped by the machine.
LINUX = pytest.mark.skipif(sys.platform != "linux", reason="address-space limit, /proc, ps")


def folder_of(root: Path, names: list[str]) -> list[SourceFile]:
    """A year folder with one mentor workbook per name, in read order."""
    year = root / "2024"
    year.mkdir(parents=True)
    for n, name in enumerate(names):
        write_xlsx(year / name, [table(MENTOR, [mentor(f"导师{n}", f"CM{n}", "2024-03-01")])])
    return discover([root])


def outcomes(files: list[SourceFile], limits: Limits, reader: Reader) -> dict[str, object]:
    return {
        source.path.name: sheets.reason if isinstance(sheets, UnreadableFile) else len(sheets or [])
        for source, sheets in reader.read(files, limits)
    }


def with_limits(limits: Limits) -> Rules:
    bundled = rules()
    values = bundled.values.model_copy(update={"limits": limits})
    return bundled.model_copy(update={"values": values})


def test_an_abort_costs_one_file_and_the_worker_is_replaced(tmp_path: Path) -> None:
    files = folder_of(tmp_path, ["a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"])
    with Reader(workers=1, faults=Faults(abort=frozenset({"b.xlsx"}))) as reader:
        found = outcomes(files, LIMITS, reader)
    # One worker only: c and d were read by the worker started after b's aborted.
    assert found == {"a.xlsx": 1, "b.xlsx": "reader_crashed", "c.xlsx": 1, "d.xlsx": 1}


def test_an_aborting_file_is_its_issue_and_the_others_are_counted(tmp_path: Path) -> None:
    files = folder_of(tmp_path, ["a.xlsx", "b.xlsx", "c.xlsx"])
    with Reader(faults=Faults(abort=frozenset({"b.xlsx"}))) as reader:
        data = load(files, rules(), today=TODAY, reader=reader)
    (issue,) = data.issues
    assert (issue.code, issue.file) == ("unreadable_file", files[1].display)
    assert "SIGABRT" in issue.message() or "exit code" in issue.message()
    assert sorted(data.records("创业导师")["姓名"]) == ["导师0", "导师2"]


def test_a_hanging_file_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    files = folder_of(tmp_path, ["a.xlsx", "b.xlsx", "c.xlsx"])
    limits = Limits(max_seconds=1)
    start = time.monotonic()
    with Reader(faults=Faults(hang=frozenset({"a.xlsx"}))) as reader:
        data = load(files, with_limits(limits), today=TODAY, reader=reader)
    assert time.monotonic() - start < 20
    (issue,) = data.issues
    assert (issue.code, issue.file) == ("unreadable_file", files[0].display)
    assert "1 秒" in issue.message()
    assert sorted(data.records("创业导师")["姓名"]) == ["导师1", "导师2"]


@LINUX
def test_a_blow_up_is_stopped_at_the_memory_limit(tmp_path: Path) -> None:
    files = folder_of(tmp_path, ["a.xlsx", "b.xlsx", "c.xlsx"])
    limits = Limits(max_memory_mb=300)
    with Reader(workers=1, faults=Faults(blow_up=frozenset({"c.xlsx"}))) as reader:
        found = outcomes(files, limits, reader)
        # The worker that ran out leaves; the next file gets a fresh one.
        again = outcomes(files[:1], limits, reader)
    assert found == {"a.xlsx": 1, "b.xlsx": 1, "c.xlsx": "too_large_once_read"}
    assert again == {"a.xlsx": 1}


def test_a_reader_started_before_its_files_are_known(tmp_path: Path) -> None:
    with Reader() as reader:  # a command starts it first thing
        files = folder_of(tmp_path, ["a.xlsx", "b.xlsx"])
        assert outcomes(files, LIMITS, reader) == {"a.xlsx": 1, "b.xlsx": 1}
        assert outcomes(files, LIMITS, reader) == {"a.xlsx": 1, "b.xlsx": 1}  # used twice


def test_a_reader_grown_reads_past_a_hanging_file(tmp_path: Path) -> None:
    """The command line starts one worker before its options are parsed; the command then
    asks for as many as it reads with, and they read while the first one hangs."""
    files = folder_of(tmp_path, ["a.xlsx", "b.xlsx"])
    with Reader(workers=1, faults=Faults(hang=frozenset({"a.xlsx"}))) as reader:
        reader.grow(1)  # no fewer than it has
        assert reader.size == 1
        reader.grow(2)
        hanging = reader.submit(files[0].path, LIMITS)
        answered = reader.submit(files[1].path, LIMITS)
        assert reader.size == 2
        sheets = prefetch_sheets(answered)  # read by the second worker
        assert isinstance(sheets, list) and len(sheets) == 1
        assert not hanging.finished


def test_closing_stops_every_worker(tmp_path: Path) -> None:
    files = folder_of(tmp_path, ["a.xlsx"])
    reader = Reader(workers=2, faults=Faults(hang=frozenset({"a.xlsx"})))
    ticket = reader.submit(files[0].path, LIMITS)
    time.sleep(0.5)
    pids = [w.process.pid for w in reader._workers]
    reader.close()
    assert ticket.cancelled()
    for pid in pids:  # gone and reaped: no zombie left
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_reading_left_half_way_drops_the_rest(tmp_path: Path) -> None:
    files = folder_of(tmp_path, [f"{n}.xlsx" for n in range(12)])
    reading = Reading(files, LIMITS)
    for _ in zip(range(2), reading, strict=False):
        pass
    reading.close()  # its own workers are stopped with it
    assert reading._reader is not None and not reading._reader._workers


@LINUX
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_command_leaves_no_worker_behind(tmp_path: Path, stop: signal.Signals) -> None:
    """Ctrl-C (SIGINT to the process group) or SIGTERM while a file hangs a worker."""
    files = folder_of(tmp_path, ["a.xlsx", "b.xlsx"])
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from shuangchuang_cli.reading.discover import discover\n"
        "from shuangchuang_cli.reading.workers import Faults, Reader\n"
        "from shuangchuang_cli.rules.limits import Limits\n"
        "reader = Reader(faults=Faults(hang=frozenset({'a.xlsx', 'b.xlsx'})))\n"
        "files = discover([Path(sys.argv[1])])\n"
        "try:\n"
        "    for _ in reader.read(files, Limits()): pass\n"
        "finally:\n"
        "    reader.close()\n"
    )
    command = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], start_new_session=True
    )
    time.sleep(2)
    workers = _children(command.pid)
    assert len(workers) == 2
    if stop == signal.SIGINT:
        os.killpg(command.pid, signal.SIGINT)  # what the terminal does
    else:
        command.send_signal(signal.SIGTERM)
    command.wait(timeout=20)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert files  # (read nothing: both files hang)


def _children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # Reparented to init and reaped, or a zombie waiting for it: /proc says which.
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_what_a_worker_sends_is_what_it_read(tmp_path: Path) -> None:
    """Cells come back as the same objects an in-process read gives, kind for kind."""
    from make_test_data import Sheet

    path = tmp_path / "mixed.xlsx"
    rows: list[list[object]] = [
        ["姓名", "日期", "数", "是否", "时刻"],
        ["王芳", dt.date(1900, 3, 1), 1.5, True, dt.datetime(2024, 3, 5, 8, 30, 1)],
        ["", dt.date(2024, 3, 5), 3, False, ""],
        ["李强", "", -2.0, "x", dt.datetime(2099, 12, 31, 23, 59, 59)],
    ]
    write_xlsx(path, [Sheet("表", rows)])
    (expected,) = read_workbook(path, LIMITS)
    ((_, sheets),) = list(Reading(discover([path]), LIMITS))
    assert isinstance(sheets, list)
    assert same_cells(sheets[0].grid, expected.rows)


def test_a_large_sheet_travels_column_by_column_as_read(tmp_path: Path) -> None:
    """Past STREAMED cells a sheet comes column by column; it arrives the same."""
    from make_test_data import Sheet

    rows: list[list[object]] = [["序号", "名称", "日期"]]
    rows += [[float(n), f"企业{n}", dt.date(2024, 1, 1 + n % 28)] for n in range(STREAMED // 3)]
    path = tmp_path / "big.xlsx"
    write_xlsx(path, [Sheet("甲", [["小表"]]), Sheet("表", rows)])
    expected = list(read_workbook(path, LIMITS))
    ((_, sheets),) = list(Reading(discover([path]), LIMITS))
    assert isinstance(sheets, list) and [s.name for s in sheets] == ["甲", "表"]
    assert all(same_cells(a.grid, b.rows) for a, b in zip(sheets, expected, strict=True))


def test_a_file_that_fails_after_a_sheet_has_come_is_not_half_read() -> None:
    ticket = Ticket()
    for piece in [
        ("sheet", encode_sheet("甲", [["a"]])),
        ("head", ("乙", 2, 1)),
        ("column", encode_sheet("乙", [["b"], ["c"]])[3][0]),
        ("unreadable", UnreadableFile("too_many_cells_in_file", limit=1)),
    ]:
        ticket.put(*piece)
    found = prefetch_sheets(ticket)
    assert isinstance(found, UnreadableFile) and found.reason == "too_many_cells_in_file"


def same_cells(grid: np.ndarray, rows: list[list[object]]) -> bool:
    got = grid.tolist()
    return len(got) == len(rows) and all(
        len(a) == len(b) and all(type(x) is type(y) and x == y for x, y in zip(a, b, strict=True))
        for a, b in zip(got, rows, strict=True)
    )


@pytest.mark.parametrize(
    "column",
    [
        ["a", "b\x00c", "\x1f", ""],  # text holding the first separators
        ["\x00", "\x1f", "\x01", "\ufdd0", "\U0010fffe", "x"],  # every separator: pickled
        [1.5, 2.0, float("inf")],
        [1, 2**70, -3],  # an int too large for int64
        [True, False],
        [dt.date(1, 1, 1), dt.date(9999, 12, 31)],
        [dt.datetime(2024, 3, 5, 8, 30, 0, 123456), dt.datetime(1, 1, 1)],
        ["序号", 1.0, "", 2.0, dt.date(2024, 1, 1), True, 7, dt.time(8, 30), dt.timedelta(1)],
        [dt.time(8, 30), dt.timedelta(hours=1), (1, 2)],
        ["标题", "", "序号", *[float(n) for n in range(30)]],  # one kind under a header
        ["", (1, 2), *[dt.date(2024, 1, n) for n in range(1, 20)]],
    ],
)
def test_every_kind_of_cell_travels_as_itself(column: list[object]) -> None:
    rows = [[cell, "同行"] for cell in column]
    assert same_cells(decode_grid(pickle.loads(pickle.dumps(encode_sheet("s", rows)))), rows)


def test_ragged_rows_travel_padded_with_blanks() -> None:
    rows: list[list[object]] = [["a"], ["b", "c", "d"], []]
    grid = decode_grid(encode_sheet("s", rows))
    assert grid.tolist() == [["a", "", ""], ["b", "c", "d"], ["", "", ""]]
    assert decode_grid(encode_sheet("s", [])).shape == (0, 0)


class _Counted(Reader):
    """A Reader that records how many workers it was asked for and whether it was closed."""

    made: list[_Counted] = []  # noqa: RUF012 (a test's record, reset by the test)

    def __init__(self, workers: int | None = None, faults: Faults | None = None) -> None:
        super().__init__(workers, faults)
        self.asked, self.closed = workers, False
        self.by = sys._getframe(1).f_code.co_name  # the function that started it
        _Counted.made.append(self)

    def close(self) -> None:
        self.closed = True
        super().close()


def test_a_command_starts_its_workers_first_and_every_reading_uses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """validate and report start one worker before their options are parsed (cli/app.py
    run) and the others before the rules load (cli/state.py start_reading), the reading
    uses those rather than starting its own, and they are stopped when the command ends."""
    from helpers import invoke

    import shuangchuang_cli.reading.prefetch as prefetch
    import shuangchuang_cli.reading.workers as workers

    # Both names: a reading that started workers of its own would be counted too.
    monkeypatch.setattr(workers, "Reader", _Counted)
    monkeypatch.setattr(prefetch, "Reader", _Counted)
    _Counted.made = []
    one = tmp_path / "导师.xlsx"
    write_xlsx(one, [table(MENTOR, [mentor("导师1", "CM1", "2024-03-01")])])
    assert invoke("validate", one).exit_code == 0
    made = [(r.by, r.asked, r.size, r.closed) for r in _Counted.made]
    assert made == [("first_worker", 1, 1, True)]
    _Counted.made = []
    assert invoke("report", "2024").exit_code == 0  # the bundled sample data
    grown = Reader.default_size()  # as many as cores: the one run() started, and the rest
    made = [(r.by, r.asked, r.size, r.closed) for r in _Counted.made]
    assert made == [("first_worker", 1, grown, True)]


def test_validate_reads_ahead_and_uses_that_reading_unless_the_cache_holds_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is being read before the rules load (prefetch.read_ahead): a first run
    uses that reading and starts no other; a second, answered by the cache, drops it."""
    from helpers import invoke

    import shuangchuang_cli.reading.prefetch as prefetch
    import shuangchuang_cli.rules.load as rules_load

    events: list[str] = []

    class Recorded(prefetch.Reading):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            events.append("reading started")

        def __iter__(self) -> Iterator[tuple[SourceFile, prefetch.Sheets]]:
            events.append("reading used")
            return super().__iter__()

    real_load = rules_load.load_rules

    def load_rules(folder: Path | None = None) -> Rules:
        events.append("rules loaded")
        return real_load(folder)

    monkeypatch.setattr(prefetch, "Reading", Recorded)
    monkeypatch.setattr(rules_load, "load_rules", load_rules)
    one = tmp_path / "导师.xlsx"
    write_xlsx(one, [table(MENTOR, [mentor("导师1", "CM1", "2024-03-01")])])
    first = invoke("validate", one, "--format", "json")
    assert first.exit_code == 0
    assert events == ["reading started", "rules loaded", "reading used"]
    events.clear()
    again = invoke("validate", one, "--format", "json")
    assert again.stdout == first.stdout
    assert events == ["reading started", "rules loaded"]  # the cache answered: dropped


def test_validate_reads_its_own_files_when_the_paths_read_ahead_were_not_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """run() starts reading the paths it finds in the command line as typed, before typer
    parses it; where typer finds others, that reading is dropped and the command reads
    its own, with the same result."""
    from helpers import invoke

    import shuangchuang_cli.cli.argv as argv
    import shuangchuang_cli.reading.prefetch as prefetch

    read: list[list[str]] = []
    dropped: list[list[str]] = []
    started_by: list[str] = []

    class Recorded(prefetch.Reading):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            started_by.append(sys._getframe(2).f_code.co_name)  # read_ahead's caller

        def __iter__(self) -> Iterator[tuple[SourceFile, prefetch.Sheets]]:
            read.append([f.path.name for f in self.files])
            return super().__iter__()

        def close(self) -> None:
            if not read or read[-1] != [f.path.name for f in self.files]:
                dropped.append([f.path.name for f in self.files])
            super().close()

    monkeypatch.setattr(prefetch, "Reading", Recorded)
    right, wrong = tmp_path / "导师.xlsx", tmp_path / "别的.xlsx"
    write_xlsx(right, [table(MENTOR, [mentor("导师1", "CM1", "2024-13-01")])])
    write_xlsx(wrong, [table(MENTOR, [mentor("导师2", "CM2", "2024-03-01")])])
    expected = invoke("validate", right, "--format", "json", "--no-cache")
    assert expected.exit_code == 1 and read == [["导师.xlsx"]] and dropped == []
    assert started_by == ["read_early"]  # by run(), before typer parsed the options
    read.clear()
    started_by.clear()
    monkeypatch.setattr(argv, "validated_paths", lambda group, args: ([wrong], None))
    guessed = invoke("validate", right, "--format", "json", "--no-cache")
    assert guessed.stdout == expected.stdout
    assert read == [["导师.xlsx"]]
    assert dropped == [["别的.xlsx"]]
    assert started_by == ["read_early", "start_reading"]


def test_a_run_over_a_folder_partly_in_the_cache_reads_ahead_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The analyst fixes one file of a folder and validates the folder again: the reading
    started before the rules loaded is kept, narrowed to the file the cache does not hold."""
    from helpers import invoke

    import shuangchuang_cli.reading.prefetch as prefetch

    read: list[list[str]] = []

    class Recorded(prefetch.Reading):
        def __iter__(self) -> Iterator[tuple[SourceFile, prefetch.Sheets]]:
            read.append([f.path.name for f in self.files])
            return super().__iter__()

    monkeypatch.setattr(prefetch, "Reading", Recorded)
    folder = tmp_path / "报表"
    folder.mkdir()
    for n in (1, 2, 3):
        rows = [mentor(f"导师{n}", f"CM{n}", "2024-03-01")]
        write_xlsx(folder / f"单位{n}.xlsx", [table(MENTOR, rows)])
    first = invoke("validate", folder, "--format", "json")
    assert first.exit_code == 0, first.output
    assert read == [["单位1.xlsx", "单位2.xlsx", "单位3.xlsx"]]
    read.clear()
    rows = [mentor("导师2", "CM2", "2024-03-01"), mentor("导师9", "CM9", "2024-13-01")]
    write_xlsx(folder / "单位2.xlsx", [table(MENTOR, rows)])
    again = invoke("validate", folder, "--format", "json")
    assert again.exit_code == 1, again.output  # the new row's date does not exist
    assert read == [["单位2.xlsx"]]  # one reading, of the changed file alone
    issues = json.loads(again.stdout)["issues"]
    found = [(Path(i["file"]).name, i["params"]["value"]) for i in issues]
    assert found == [("单位2.xlsx", "2024-13-01")]


def test_a_reading_narrows_to_some_of_its_files_in_order_with_its_limits(
    tmp_path: Path,
) -> None:
    files = folder_of(tmp_path, ["单位1.xlsx", "单位2.xlsx", "单位3.xlsx"])
    limits = rules().values.limits
    with Reader(1) as reader:
        reading = Reading(files, limits, reader)
        assert not reading.narrow([files[2], files[0]], limits)  # not in its order
        assert not reading.narrow([files[1]], Limits(max_rows=10))
        other = SourceFile(tmp_path / "别的.xlsx", "别的.xlsx", None)
        assert not reading.narrow([files[0], other], limits)
        assert reading.files == files  # nothing changed by a refusal
        assert reading.narrow([files[0], files[2]], limits)
        got = [(source, sheets) for source, sheets in reading]
    assert [source for source, _ in got] == [files[0], files[2]]
    assert all(isinstance(sheets, list) and sheets for _, sheets in got)


def test_a_reading_does_not_narrow_once_begun_or_with_a_file_twice(tmp_path: Path) -> None:
    """Its tickets are told apart by file and handed out in order: a reading that lists a
    file twice, or has handed out a file already, keeps what it reads."""
    files = folder_of(tmp_path, ["单位1.xlsx", "单位2.xlsx"])
    limits = rules().values.limits
    with Reader(1) as reader:
        twice = Reading([files[0], files[1], files[0]], limits, reader)
        assert not twice.narrow([files[1], files[0]], limits)
        twice.close()
        begun = Reading(files, limits, reader)
        handed = iter(begun)
        first, _ = next(handed)
        assert first == files[0]
        assert not begun.narrow([files[1]], limits)
        assert [source for source, _ in handed] == [files[1]]


def test_the_limits_read_ahead_are_those_the_rules_load(tmp_path: Path) -> None:
    """prefetch.read_ahead reads values.toml's [limits] alone: the same limits as the
    loaded rules for the bundled folder and an edited one; the defaults for a broken file
    (the rules then refuse it, and the reading started with them is not used)."""
    from helpers import rules_copy

    from shuangchuang_cli.rules import bundled_rules_dir, load_rules
    from shuangchuang_cli.rules.limits import limits_in

    assert limits_in(bundled_rules_dir() / "values.toml") == load_rules(None).values.limits
    folder = rules_copy(tmp_path)
    values = folder / "values.toml"
    values.write_text(
        values.read_text(encoding="utf-8").replace("max_rows = 1000000", "max_rows = 5000"),
        encoding="utf-8",
    )
    edited = load_rules(folder).values.limits
    assert edited.max_rows == 5000 and limits_in(values) == edited
    values.write_text("[limits\nmax_rows = 5000", encoding="utf-8")
    assert limits_in(values) == Limits()
    assert limits_in(tmp_path / "none.toml") == Limits()


@LINUX
def test_a_large_ods_past_memory_is_refused_by_its_worker(tmp_path: Path) -> None:
    """A content.xml too large to walk before it is read (preflight/ods.py) that unfolds
    into a million rows of 16,384 values: the worker's memory limit refuses it alone."""
    padding = crafted.ods_names()
    year = tmp_path / "2024"
    year.mkdir()
    crafted.write(year / "far.ods", crafted.ods(padding + crafted.MILLION_ROWS))
    crafted.write(year / "near.ods", crafted.ods(padding))
    with Reader(workers=1) as reader:
        found = outcomes(discover([tmp_path]), Limits(max_memory_mb=300), reader)
    assert found == {"far.ods": "too_large_once_read", "near.ods": 1}


def test_running_out_of_memory_while_cells_become_objects_is_said_so() -> None:
    """python-calamine's PyO3 panics when an object it makes is missing for want of
    memory (the MemoryError itself is printed, not raised): that is the file's size, not
    a damaged file. Any other panic is."""
    panic = type("PanicException", (BaseException,), {})
    limits = Limits(max_memory_mb=300)
    size = ("too_large_once_read", {"limit": "300"})
    for exc, said in [
        (panic("PyObject pointer is null"), size),
        (MemoryError(), size),
        (panic("index out of bounds"), ("corrupt", {"detail": "index out of bounds"})),
    ]:
        error = _calamine_error(exc, limits)
        assert (error.reason, error.params) == said
