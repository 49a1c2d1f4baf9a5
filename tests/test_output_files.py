"""Output files and streams that cannot hurt: no temporary file left anywhere, the old file
whole until the new one is, and every problem of the machine a one-line exit 2.

Signals are tested on a real process (`python -m shuangchuang_cli`), sent SIGTERM or
SIGINT while its export is being written: the export of a folder big enough to take a
few seconds is the slow part, nothing in the library waits on purpose.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from helpers import invoke
from make_test_data import INCUBATED, incubated, table, write_csv

from shuangchuang_cli.output import files

# Wide enough that rich does not wrap a one-line message on a pipe.
QUIET = {"NO_COLOR": "1", "COLUMNS": "400"}
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def sc_cli(
    *args: str | Path, env: dict[str, str] | None = None, **kw: Any
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "shuangchuang_cli", *map(str, args)],
        env={**os.environ, **QUIET, **(env or {})},
        stdout=kw.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        **kw,
    )


NOTICE = ("注意：", "Note:")  # what a run states before its output (a roster missing, say)


def one_line(stderr: str) -> str:
    """The one line a failed run ends with (after any notice the run gave first)."""
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    said = [line for line in lines if not line.startswith(NOTICE)]
    assert len(said) == 1, stderr
    return said[0]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose export takes a few seconds to write (its 计入明细 sheet)."""
    root = tmp_path_factory.mktemp("big")
    rows = [incubated(f"团队{n:05d}", None, "2024-03-05") for n in range(25_000)]
    (root / "2024").mkdir()
    write_csv(root / "2024" / "孵化企业.csv", table(INCUBATED, rows).rows)
    return root


def leftovers(*folders: Path) -> list[str]:
    return [p.name for folder in folders for p in folder.iterdir()]


# --- signals ----------------------------------------------------------------------------------


@contextmanager
def exporting(
    big: Path, tmp_path: Path, *more: str
) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    out, private = tmp_path / "out", tmp_path / "tmp"
    out.mkdir(exist_ok=True)
    private.mkdir(exist_ok=True)
    proc = sc_cli(
        "export",
        "2024",
        "-o",
        out / "考核.xlsx",
        "--data",
        big,
        *more,
        env={"TMPDIR": str(private)},
    )
    try:
        yield proc, out
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def wait_for_spooling(proc: subprocess.Popen[bytes], out: Path) -> None:
    """Until the export's sheets are being written in the working folder beside the target."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        work = [p for p in out.glob(f"{files.WORK_PREFIX}*") if p.is_dir()]
        if work and any(p.name.startswith("openpyxl") for w in work for p in w.iterdir()):
            return
        time.sleep(0.01)
    raise AssertionError("the export never started writing")


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_while_writing_leaves_no_temporary_file_and_the_old_file_whole(
    big: Path, tmp_path: Path, sig: int, code: int
) -> None:
    target = tmp_path / "out" / "考核.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"last year's workbook")
    with exporting(big, tmp_path, "--force") as (proc, out):
        wait_for_spooling(proc, out)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err.decode()
    assert target.read_bytes() == b"last year's workbook"
    assert leftovers(out) == ["考核.xlsx"]
    assert leftovers(tmp_path / "tmp") == []  # nothing in the system temp folder either
    assert "已中断" in one_line(err.decode())


def test_a_finished_export_leaves_nothing_in_the_temp_folder(big: Path, tmp_path: Path) -> None:
    with exporting(big, tmp_path) as (proc, out):
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert leftovers(out) == ["考核.xlsx"]
    assert leftovers(tmp_path / "tmp") == []
    assert oct((out / "考核.xlsx").stat().st_mode & 0o777) != oct(0o600)  # a plain file's mode


# --- stdout ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_closed_stdout_is_exit_2_with_one_line(fmt: str) -> None:
    """`sc-cli report 2024 -f json | head -c 100` once head has gone (CSV goes out as
    bytes, past the text layer)."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte is written
    proc = sc_cli("report", "2024", "-f", fmt, stdout=write)
    os.close(write)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "标准输出已关闭" in one_line(err.decode())


UYGHUR = "ئۈرۈمچی"  # Urumqi in Uyghur: Arabic script, which GBK cannot write


def _uyghur_names(folder: Path) -> None:
    """A year folder whose file and record names GBK cannot write, with one error."""
    rows = [incubated(f"{UYGHUR}团队", None, "2024-03-05"), incubated("团队二", None, "2024-02-30")]
    (folder / "2024").mkdir()
    write_csv(folder / "2024" / f"{UYGHUR}孵化企业.csv", table(INCUBATED, rows).rows)


@pytest.mark.parametrize("command", ["validate", "explain"])
def test_json_is_utf8_whatever_the_console_encoding(command: str, tmp_path: Path) -> None:
    """`> 问题.json` where stdout is GBK (Chinese Windows): the JSON is UTF-8, and a name
    GBK cannot write is in it as it was typed."""
    name = UYGHUR
    _uyghur_names(tmp_path)
    args = (
        ("validate", tmp_path, "-f", "json")
        if command == "validate"
        else ("explain", "incubated_new", "2024", "--data", tmp_path, "-f", "json")
    )
    proc = sc_cli(*args, env={"PYTHONIOENCODING": "gbk"})
    out, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 1), err.decode("gbk", "replace")
    shown = json.loads(out.decode("utf-8"))
    found = shown["issues"] if command == "validate" else shown["records"]
    assert name in json.dumps(found, ensure_ascii=False)


@pytest.mark.parametrize("command", ["validate", "explain"])
def test_a_gbk_console_shows_what_it_cannot_write_as_escapes(command: str, tmp_path: Path) -> None:
    """A table on a GBK console: the names GBK has no character for are shown as escapes
    (\\u0626), as control characters are, and the run ends as usual, not in an error."""
    _uyghur_names(tmp_path)
    args = (
        ("validate", tmp_path)
        if command == "validate"
        else ("explain", "incubated_new", "2024", "--data", tmp_path)
    )
    proc = sc_cli(*args, env={"PYTHONIOENCODING": "gbk"})
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == (1 if command == "validate" else 0), err.decode("gbk", "replace")
    shown = out.decode("gbk")
    assert "\\u0626\\u06c8" in shown and "孵化企业" in shown
    if command == "explain":  # escaped before the table is laid out: its rows stay in line
        from rich.cells import cell_len

        drawn = [line for line in shown.splitlines() if line.startswith(("+", "|"))]
        assert len(drawn) >= 4 and len({cell_len(line) for line in drawn}) == 1, shown


def _pipe_read_by_head() -> tuple[int, Any]:
    """A pipe whose reader takes 100 bytes and leaves, as `| head -c 100` does."""
    import threading

    read, write = os.pipe()

    def head() -> None:
        os.read(read, 100)
        os.close(read)

    reader = threading.Thread(target=head)
    reader.start()
    return write, reader


@pytest.mark.parametrize("layer", ["text", "bytes"])
def test_a_pipe_closed_midway_through_a_long_output_is_an_error(layer: str) -> None:
    """`explain ... -f json | head -c 100` on 40 MB: the reader leaves while the rest is
    written. One big write comes back short with no error (the text layer drops the
    rest), so a long text is written piece by piece, and bytes (CSV) until all are
    taken: the loss is seen either way."""
    from shuangchuang_cli.cli.app import _Stdout
    from shuangchuang_cli.errors import OutputError

    write, reader = _pipe_read_by_head()
    stream = open(write, "w", encoding="utf-8")  # noqa: SIM115 (closed below, whatever fails)
    try:
        out = _Stdout(stream)
        with pytest.raises(OutputError) as caught:
            if layer == "text":
                out.write("记录" * 2_000_000)
            else:
                out.buffer.write(b"x" * 4_000_000)
        assert caught.value.key == "output.stdout_closed"
    finally:
        reader.join()
        with contextlib.suppress(OSError):
            stream.close()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_stdout_is_exit_2_with_one_line() -> None:
    with open("/dev/full", "wb") as full:
        proc = sc_cli("validate", Path(__file__).parent / "data", "-f", "json", stdout=full)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "磁盘空间不足" in one_line(err.decode())


# --- the machine refusing a write ----------------------------------------------------------------


def template(target: Path, *more: str) -> tuple[int, str]:
    result = invoke("template", "-o", target, *more)
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


@pytest.mark.skipif(ROOT, reason="root writes into a read-only folder all the same")
def test_a_read_only_folder_is_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, err = template(folder / "t.xlsx")
    finally:
        folder.chmod(0o700)
    assert code == 2 and "没有写入" in err
    assert leftovers(folder) == []


@pytest.mark.parametrize(
    ("error", "says"),
    [(errno.EACCES, "没有写入"), (errno.EROFS, "只读"), (errno.ENOSPC, "磁盘空间不足")],
)
def test_a_folder_the_system_refuses_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int, says: str
) -> None:
    """What root (or a read-only mount) meets when the working folder cannot be made."""

    def refused(*args: object, **kw: object) -> str:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    code, err = template(tmp_path / "t.xlsx")
    assert code == 2 and says in err, err
    assert leftovers(tmp_path) == []


FILLS_UP = """
class _FillsUp:
    # A file that takes `room` bytes, then fails as a full disk does.
    def __init__(self, handle, room):
        self._handle, self._room = handle, room

    def write(self, data):
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)
"""


def test_a_full_disk_during_export_is_one_line_and_leaves_the_old_file(tmp_path: Path) -> None:
    """Run as a process, so that a ZipFile finishing itself when collected would show."""
    target = tmp_path / "考核.xlsx"
    target.write_bytes(b"old")
    script = (
        FILLS_UP
        + f"""
import contextlib, errno, gc, sys
from shuangchuang_cli.output import files
from shuangchuang_cli.cli import run
opened = files._opened
@contextlib.contextmanager
def full(path):
    with opened(path) as handle:
        yield _FillsUp(handle, 20_000)
files._opened = full
code = run(["export", "2024", "-o", {str(target)!r}, "--force"])
gc.collect()
sys.exit(code)
"""
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, **QUIET},
    )
    assert proc.returncode == 2, proc.stderr.decode()
    assert "磁盘空间不足" in one_line(proc.stderr.decode())
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["考核.xlsx"]


def test_names_and_paths_too_long_are_exit_2(tmp_path: Path) -> None:
    code, err = template(tmp_path / ("名" * 90 + ".xlsx"))  # 270 bytes
    assert code == 2 and "文件名过长" in err
    deep = tmp_path / "/".join(["d" * 200] * 21) / "t.xlsx"
    code, err = template(deep)
    assert code == 2 and "路径过长" in err


def test_a_missing_output_folder_is_exit_2(tmp_path: Path) -> None:
    code, err = template(tmp_path / "nowhere" / "t.xlsx")
    assert code == 2 and "输出目录不存在" in err


def test_errors_are_written_in_the_language_asked_for(tmp_path: Path) -> None:
    code, err = template(tmp_path / "nowhere" / "t.xlsx", "--lang", "en")
    assert code == 2 and "does not exist" in err


# --- names that are not UTF-8 --------------------------------------------------------------------

GBK_NAME = "盐湖街道2024".encode("gbk")  # a zip made on Chinese Windows, unpacked on Linux


def test_gbk_file_names_are_shown_decoded_in_every_output(tmp_path: Path) -> None:
    import json

    import openpyxl
    from make_test_data import MENTOR, mentor, write_xlsx

    folder = os.fsencode(tmp_path) + b"/" + "数据".encode("gbk")
    year = folder + b"/2024"
    os.makedirs(year)
    path = Path(os.fsdecode(year + b"/" + GBK_NAME + b".xlsx"))
    rows = [mentor("王芳", "CM1", "2024-03-05"), mentor("李强", "CM2", "2024-13-05")]
    write_xlsx(path, [table(MENTOR, rows)])
    data = Path(os.fsdecode(folder))
    out = tmp_path / "考核.xlsx"
    result = invoke("export", "2024", "-o", out, "--data", data)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)  # opens: no undecodable text inside
    cells = [c.value for s in book.worksheets for r in s.iter_rows() for c in r]
    assert "2024/盐湖街道2024.xlsx" in cells
    assert any(isinstance(v, str) and v.endswith("数据") for v in cells)  # the data folder
    checked = invoke("validate", data, "--format", "json")
    issues = json.loads(checked.stdout.encode("utf-8"))["issues"]
    # Read, not refused: the one issue is the bad date the file holds.
    assert [(i["code"], i["file"].endswith("盐湖街道2024.xlsx")) for i in issues] == [
        ("bad_date", True)
    ]
    back = tmp_path / "退回"
    sent = invoke("validate", data, "--annotate-dir", back)
    assert sent.exit_code == 1, sent.output
    assert [p.name for p in (back / "2024").iterdir()] == ["盐湖街道2024_问题标注.xlsx"]
