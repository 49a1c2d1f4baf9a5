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
from shuangchuang_cli.reading.limits import UnreadableFile  # noqa: E402
from shuangchuang_cli.reading.readers import sheets_of  # noqa: E402
from shuangchuang_cli.reading.transfer import encode_sheet  # noqa: E402
from shuangchuang_cli.rules.limits import Limits  # noqa: E402

try:
    import resource
except ImportError:  # Windows: isolation by process alone
    resource = None  # type: ignore[assignment]

Job = tuple[int, str, Limits, str | None]  # id, path, limits, fault (tests only)
# id, kind ("ready", "sheets", "unreadable"), payload, whether the worker leaves after it
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


def _unreadable(reason: str, **params: Any) -> tuple[str, Any]:
    return ("unreadable", (reason, params))


def read(path: Path, limits: Limits, fault: str | None = None) -> tuple[str, Any]:
    """One file's answer: its sheets encoded, or why it cannot be read (never raises)."""
    try:
        if fault:
            _fault(fault)
        return ("sheets", [encode_sheet(name, rows) for name, rows in sheets_of(path, limits)])
    except UnreadableFile as exc:
        return _unreadable(exc.reason, **exc.params)
    except MemoryError:
        return _unreadable("too_large_once_read", limit=f"{limits.max_memory_mb:g}")
    except PermissionError:
        return _unreadable("no_access")
    except OSError as exc:
        return _unreadable("corrupt", detail=exc.strerror or str(exc))
    except Exception as exc:  # whatever a crafted file sets off: that file alone is lost
        return _unreadable("reader_crashed", detail=f"{type(exc).__name__}: {exc}"[:200])


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
        wire.send(answers, (0, "ready", os.getpid(), False))
        while True:
            number, path, limits, fault = inbox.get()
            _cap_memory(limits)
            kind, payload = read(Path(path), limits, fault)
            # A worker that ran out of memory, or came near it, starts afresh: what it
            # still holds would count against the next file's limit. It says so with its
            # answer, so that it is given no other file.
            ran_out = kind == "unreadable" and payload[0] == "too_large_once_read"
            leaving = ran_out or _address_space() > limits.max_memory_mb * 1024 * 1024 / 2
            wire.send(answers, (number, kind, payload, leaving))
            del payload
            if leaving:
                break
    except (BrokenPipeError, OSError):
        pass
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
