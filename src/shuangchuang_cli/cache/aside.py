"""Cache entries written on the other core while the command goes on.

Encoding and writing the entries of a region's files takes about half a second, and
nothing a command shows depends on them: on Linux, the console entry (cli/app.main)
lets them be written by a forked copy of the process while the command lays out and
prints its answer, and waits for that copy before it exits. A command so never leaves
work running behind it, and the next one finds every entry.

Everywhere else the entries are written in turn: by run() called on its own (the tests,
a program using the tool), and on other systems, where fork is not a safe way to copy a
process. The copy touches nothing the process shares with its threads (the reading
workers' pipes are closed in it, its output goes nowhere), so the threads it does not
have cannot hold it up; a copy that still has not ended after `WAIT_SECONDS` is stopped,
and its entries are the ones a next run writes (an entry is written whole or not at all,
cache/store.py).
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import time
from collections.abc import Callable

WAIT_SECONDS = 120.0

_allowed = False
_copies: list[int] = []


def allow() -> None:
    """Let `write` fork from now on (the console entry calls it, on Linux only)."""
    global _allowed
    _allowed = sys.platform == "linux"


def write(work: Callable[[], object]) -> None:
    """Do `work` (it writes cache entries) in a forked copy when allowed, else now."""
    if not _allowed:
        work()
        return
    try:
        pid = os.fork()
    except OSError:  # no memory or processes left for a copy: write them here
        work()
        return
    if pid == 0:
        _in_the_copy(work)
    _copies.append(pid)


def _in_the_copy(work: Callable[[], object]) -> None:
    """Run `work` and leave at once, whatever happens: the copy prints nothing, flushes
    none of the buffers it inherited and runs none of the process's clean-up."""
    try:
        # No cycle collection: it could finalize an inherited file object whose number,
        # closed below, a new file has taken.
        gc.disable()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, 1)
        os.dup2(nowhere, 2)
        # The reading workers stop when their pipes close: the copy must not hold them.
        for fd in sorted(map(int, os.listdir("/proc/self/fd")), reverse=True):
            if fd > 2:
                with contextlib.suppress(OSError):
                    os.close(fd)
        work()
    finally:
        os._exit(0)


def finish(wait_seconds: float = WAIT_SECONDS) -> None:
    """Wait for every copy to end; stop one that takes longer than `wait_seconds`."""
    deadline = time.monotonic() + wait_seconds
    while _copies:
        pid = _copies.pop()
        try:
            while not os.waitpid(pid, os.WNOHANG)[0]:
                if time.monotonic() >= deadline:
                    _stop(pid)
                    break
                time.sleep(0.01)
        except ChildProcessError:
            pass
        except BaseException:  # Ctrl-C while waiting: the entries are not worth more
            _stop(pid)


def _stop(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
