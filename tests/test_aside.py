"""Cache entries written by a forked copy of the process (cache/aside.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shuangchuang_cli.cache import aside

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the copy is forked on Linux")


@pytest.fixture
def allowed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(aside, "_allowed", False)
    monkeypatch.setattr(aside, "_copies", [])
    aside.allow()
    yield
    aside.finish(wait_seconds=5)


def _note_pid(path: Path) -> None:
    path.write_text(str(os.getpid()))


def test_unless_allowed_the_work_is_done_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aside, "_allowed", False)
    aside.write(lambda: _note_pid(tmp_path / "pid"))
    assert (tmp_path / "pid").read_text() == str(os.getpid())


@linux_only
def test_the_copy_does_the_work_and_finish_waits_for_it(tmp_path: Path, allowed: None) -> None:
    def slow() -> None:
        time.sleep(0.3)
        _note_pid(tmp_path / "pid")

    aside.write(slow)
    assert not (tmp_path / "pid").exists()  # the command goes on meanwhile
    aside.finish()
    written = int((tmp_path / "pid").read_text())
    assert written != os.getpid()
    with pytest.raises(ChildProcessError):
        os.waitpid(written, os.WNOHANG)  # waited for: no copy is left behind


@linux_only
def test_a_failing_copy_says_nothing_and_leaves_the_process_as_it_was(
    tmp_path: Path, allowed: None, capfd: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        print("from the copy")
        raise RuntimeError("no room for the entry")

    aside.write(broken)
    aside.finish()
    assert capfd.readouterr() == ("", "")
    aside.write(lambda: _note_pid(tmp_path / "pid"))  # and the next copy still works
    aside.finish()
    assert (tmp_path / "pid").exists()


@linux_only
def test_a_copy_that_does_not_end_is_stopped(allowed: None) -> None:
    aside.write(lambda: time.sleep(60))
    (pid,) = aside._copies
    started = time.monotonic()
    aside.finish(wait_seconds=0.2)
    assert time.monotonic() - started < 10
    assert aside._copies == []
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@linux_only
def test_the_copy_does_not_hold_the_pipes_of_the_process(allowed: None) -> None:
    """A reading worker stops when its pipe closes: a copy holding the pipe would keep it."""
    worker = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    aside.write(lambda: time.sleep(2))
    assert worker.stdin is not None
    worker.stdin.close()
    assert worker.wait(timeout=1.5) == 0  # ended before the copy did
