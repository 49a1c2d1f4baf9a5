"""A reading worker: a process that reads submitted files one at a time, for workers.py.

    python -P -m shuangchuang_cli.reading.worker PARENT_PID

python-calamine aborts its process when a sheet's grid does not fit in memory, and a few
kilobytes can unfold into gigabytes; so files are read here, with the address space
capped at the file's `max_memory_mb`, and only sheets travel back (transfer.py). Whatever
happens to this process, the command loses one file and starts another worker.

Jobs come in on stdin and answers go out on stdout (wire.py); both are moved off file
descriptors 0 and 1 first, so that nothing a library prints can garble them. The worker
ends when the command does: its stdin ends (read on a thread of its own, so even while
a file is being parsed), and on Linux the kernel kills it when its parent dies.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def _limits_alone() -> None:
    """Load rules/limits.py (the Limits dataclass, standard library only) without the rules
    package, whose __init__ loads pydantic and every rules model: a tenth of a second
    that each worker would spend starting before it could read a file."""
    name = "shuangchuang_cli.rules.limits"
    spec = importlib.util.spec_from_file_location(
        name, Path(__file__).resolve().parents[1] / "rules" / "limits.py"
    )
    if name in sys.modules or spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


if __name__ == "__main__":  # a worker process (imported by a test, it changes nothing)
    _limits_alone()

from shuangchuang_cli.reading import wire  # noqa: E402
from shuangchuang_cli.reading.limits import UnreadableFile, too_large_once_read  # noqa: E402
from shuangchuang_cli.reading.readers import sheets_of  # noqa: E402
from shuangchuang_cli.reading.transfer import (  # noqa: E402
    EncodedSheet,
    columns_of,
    encode_column,
    encode_sheet,
)
from shuangchuang_cli.rules.limits import Limits  # noqa: E402

try:
    import resource
except ImportError:  # Windows: isolation by process alone
    resource = None  # type: ignore[assignment]

Job = tuple[int, str, Limits, str | None]  # id, path, limits, fault (tests only)
# id, kind (a piece's, "ready", or the end's), payload, whether the worker leaves after it
Answer = tuple[int, str, Any, bool]


def _die_with(parent: int) -> None:
    """On Linux, have the kernel kill this process when the command's process dies."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before that was in place
        os._exit(0)


def _cap_memory(limits: Limits) -> None:
    if resource is None:
        return
    wanted = int(limits.max_memory_mb * 1024 * 1024)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _address_space() -> int:
    """Bytes of address space in use (0 where /proc does not say)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def _fault(kind: str) -> None:
    """What a test asks a worker to do instead of reading (Faults in workers.py)."""
    if kind == "abort":
        os.abort()
    if kind == "hang":
        time.sleep(3600)
    if kind == "blow_up":
        hog = []
        while True:
            hog.append(bytearray(64 * 1024 * 1024))


# A sheet of this many cells or more goes column by column, each as soon as it is
# encoded, so that the command decodes one while the next is encoded; a smaller one goes
# whole (a region's thousands of small sheets would pay a message per column).
STREAMED = 50_000

# What a file's answer is made of: ("sheet", an encoded sheet), or ("head", (name, rows,
# columns)) followed by that many ("column", column); each sheet with merged areas then
# ("merged", its areas), and each of a workbook whose name says another format then
# ("read_as", the format it was read as), and each hidden sheet ("hidden", True); then the
# end: ("sheets", None) or ("unreadable", (reason, params)).
Piece = tuple[str, Any]


def pieces(path: Path, limits: Limits) -> Iterator[Piece]:
    """A file's sheets, encoded, in the pieces they travel in (raises for a bad file)."""
    for name, rows, merged, read_as, hidden in sheets_of(path, limits):
        if len(rows) * max(map(len, rows), default=0) < STREAMED:
            yield ("sheet", encode_sheet(name, rows))
        else:
            height, width, columns = columns_of(rows)
            del rows  # the columns hold the cells now
            yield ("head", (name, height, width))
            for j in range(width):
                cells, columns[j] = columns[j], ()  # each column let go once it is sent
                yield ("column", encode_column(cells))
        if merged:
            yield ("merged", merged)
        if read_as:
            yield ("read_as", read_as)
        if hidden:
            yield ("hidden", True)


def _why(exc: Exception, limits: Limits) -> Piece:
    """A file's end when reading it raised: why it cannot be read."""
    if isinstance(exc, MemoryError):
        exc = too_large_once_read(limits)
    if isinstance(exc, UnreadableFile):
        return ("unreadable", (exc.reason, exc.params))
    if isinstance(exc, PermissionError):
        return ("unreadable", ("no_access", {}))
    if isinstance(exc, OSError):
        return ("unreadable", ("corrupt", {"detail": exc.strerror or str(exc)}))
    # Whatever a crafted file sets off: that file alone is lost.
    return ("unreadable", ("reader_crashed", {"detail": f"{type(exc).__name__}: {exc}"[:200]}))


def read(path: Path, limits: Limits, fault: str | None = None) -> Piece:
    """One file's whole answer: ("sheets", its sheets encoded) or ("unreadable", why)."""
    sheets: list[EncodedSheet] = []
    try:
        if fault:
            _fault(fault)
        for kind, payload in pieces(path, limits):
            if kind == "sheet":
                sheets.append(payload)
            elif kind == "head":
                sheets.append((*payload, []))
            elif kind == "column":
                sheets[-1][3].append(payload)
    except Exception as exc:
        return _why(exc, limits)
    return ("sheets", sheets)


class _CommandGone(BaseException):
    """The answers pipe is closed: the command has gone, and so does this worker."""


def _send(out: IO[bytes], answer: Answer) -> None:
    try:
        wire.send(out, answer)
    except OSError:
        raise _CommandGone from None


def _answer(number: int, path: Path, limits: Limits, fault: str | None, out: IO[bytes]) -> Piece:
    """Send a file's sheets piece by piece; its end is returned, not sent."""
    try:
        if fault:
            _fault(fault)
        for piece in pieces(path, limits):
            _send(out, (number, *piece, False))
    except Exception as exc:
        return _why(exc, limits)
    return ("sheets", None)


def _receive(jobs: IO[bytes], inbox: queue.Queue[Job]) -> None:
    """Hand each job to the main thread; leave at once when the command has gone."""
    try:
        while (job := wire.receive(jobs)) is not None:
            inbox.put(job)
    except Exception:
        pass
    os._exit(0)


def main(argv: list[str]) -> None:
    # Ctrl-C reaches the whole process group: the command stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = int(argv[0]) if argv else os.getppid()
    _die_with(parent)
    jobs = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)  # a stray print goes to the error log, not into an answer
    inbox: queue.Queue[Job] = queue.Queue()
    threading.Thread(target=_receive, args=(jobs, inbox), daemon=True).start()
    try:
        _send(answers, (0, "ready", os.getpid(), False))
        while True:
            number, path, limits, fault = inbox.get()
            _cap_memory(limits)
            kind, payload = _answer(number, Path(path), limits, fault, answers)
            # A worker that ran out of memory, or came near it, starts afresh: what it
            # still holds would count against the next file's limit. It says so with its
            # answer, so that it is given no other file.
            ran_out = kind == "unreadable" and payload[0] == "too_large_once_read"
            leaving = ran_out or _address_space() > limits.max_memory_mb * 1024 * 1024 / 2
            _send(answers, (number, kind, payload, leaving))
            if leaving:
                break
    except _CommandGone:
        pass
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
