"""The worker processes that read submitted files: no single file can end a run.

A `Reader` starts its workers at once (one per core, at most 4), before any file is
known, so a command can start it first thing and hand it files later. Each worker is a
fresh interpreter (`python -P -m shuangchuang_cli.reading.worker`, started with
subprocess: the same on Linux, macOS and Windows, and never a fork of a process holding
threads) that reads one file at a time under the file's memory limit (worker.py).

Threads in this process watch them: one per worker reads its answers and notices when
it ends; one supervisor hands out files, stops a worker whose file takes longer than
`max_seconds`, and starts a fresh worker for every one that ended. A worker that dies
(python-calamine's abort, a crash, the time limit, the memory limit) costs the file it was
reading, which becomes that file's `unreadable_file`, and nothing else: it is not a
process pool that breaks when one of its processes dies.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from shuangchuang_cli.reading import wire
from shuangchuang_cli.reading.limits import UnreadableFile, too_large_once_read
from shuangchuang_cli.reading.tickets import ENDS, Cancelled, Faults, ReaderBroken, Ticket

if TYPE_CHECKING:
    # Not loaded at run time: a command starts its workers before it loads pydantic (which
    # the rules package does) or anything else it does not need yet.
    from shuangchuang_cli.reading.discover import SourceFile
    from shuangchuang_cli.reading.prefetch import Reading
    from shuangchuang_cli.rules.limits import Limits

# Workers that die before they ever answer mean no worker can start (a broken install):
# after this many in a row the reader gives up rather than start them forever.
_FAILED_STARTS = 3
_STDERR_TAIL = 4096
# A worker's Rust abort says why in one line (a backtrace would bury it); a few malloc
# arenas and one BLAS thread keep its address space, which the memory limit counts, small.
_WORKER_ENV = {"RUST_BACKTRACE": "0", "MALLOC_ARENA_MAX": "2", "OPENBLAS_NUM_THREADS": "1"}
# As many workers as cores, up to this many: past it the command's own work on what they
# read (one process) is what everything waits for, and each worker may take max_memory_mb.
MOST = 4


@dataclass(eq=False)
class _Job:
    number: int
    path: Path
    limits: Limits
    fault: str | None
    ticket: Ticket = field(default_factory=Ticket)
    deadline: float = 0.0


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    errors: IO[bytes]  # its stderr, kept to say why it died
    job: _Job | None = None
    ready: bool = False
    leaving: bool = False  # it said it ends after its last answer: no more files for it
    gone: bool = False  # its answers ended: it exited or was killed
    stopped_for: str = ""  # why this process stopped it, if it did
    exit_code: int | None = None
    last_words: str = ""
    listener: threading.Thread | None = None


def _command(parent: int) -> list[str]:
    # -P: the current folder (often the submissions' own) is not put on sys.path.
    return [sys.executable, "-P", "-m", "shuangchuang_cli.reading.worker", str(parent)]


def _why_it_died(worker: _Worker, limits: Limits) -> UnreadableFile:
    if worker.stopped_for == "took_too_long":
        return UnreadableFile("took_too_long", limit=f"{limits.max_seconds:g}")
    words = worker.last_words
    # Rust says "memory allocation of N bytes failed" before it aborts; Python, MemoryError.
    if "memory allocation of" in words or "MemoryError" in words:
        return too_large_once_read(limits)
    code = worker.exit_code
    if code is not None and code < 0:
        try:
            detail = signal.Signals(-code).name
        except ValueError:
            detail = f"signal {-code}"
    else:
        detail = f"exit code {code}"
    return UnreadableFile("reader_crashed", detail=detail)


class Reader:
    """Worker processes reading submitted files, started now; files are given later.

    `submit` queues one file and gives a Ticket for its answer (its sheets encoded, or
    its UnreadableFile); `read` gives a whole list of files back in read order, decoded
    (prefetch.py).
    `close` stops the workers; a Reader is a context manager that does so. A command
    starts one first thing, so that the workers start while its libraries load:

        reader = Reader()                      # in the CLI callback, say
        ctx.call_on_close(reader.close)
        ...
        for source, sheets in reader.read(files, limits):   # once the files are known
            ...
    """

    def __init__(self, workers: int | None = None, faults: Faults | None = None) -> None:
        self.size = self._sized(workers)
        self._faults = faults or Faults()
        self._lock = threading.Condition()
        self._queue: deque[_Job] = deque()
        self._workers: list[_Worker] = []
        self._numbers = iter(range(1, sys.maxsize))
        self._failed_starts = 0
        self._broken: ReaderBroken | None = None
        self._closed = False
        # Workers are started on the supervisor's thread, which lives as long as they do
        # (Linux kills a worker when the thread that started it ends).
        self._supervisor = threading.Thread(target=self._supervise, name="sc-read", daemon=True)
        self._supervisor.start()

    @staticmethod
    def default_size() -> int:
        """As many workers as cores this process may run on, up to MOST."""
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # not on macOS or Windows
            cores = os.cpu_count() or 1
        return max(1, min(cores, MOST))

    @classmethod
    def _sized(cls, workers: int | None) -> int:
        """The workers asked for: `workers`, at least one, or default_size() without."""
        return max(1, workers if workers is not None else cls.default_size())

    def grow(self, workers: int | None = None) -> None:
        """Have `workers` workers (default_size() without), where that is more than now:
        the command line starts one worker before its options are parsed, and the command
        asks for the rest once it knows what it reads."""
        wanted = self._sized(workers)
        with self._lock:
            if wanted > self.size:
                self.size = wanted
                self._lock.notify_all()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def read(self, files: list[SourceFile], limits: Limits) -> Reading:
        """The files' sheets in read order, a few files read ahead (see prefetch.Reading)."""
        from shuangchuang_cli.reading.prefetch import Reading

        return Reading(files, limits, self)

    def submit(self, path: Path, limits: Limits) -> Ticket:
        job = _Job(next(self._numbers), path, limits, self._faults.fault_for(path))
        with self._lock:
            if self._broken is not None:
                job.ticket.put("broken", self._broken)
            elif self._closed:
                job.ticket.put("cancelled", None)
            else:
                self._queue.append(job)
                self._lock.notify_all()
        return job.ticket

    def cancel(self, ticket: Ticket) -> None:
        """Drop a file not yet being read (one being read is read to its end)."""
        with self._lock:
            for job in self._queue:
                if job.ticket is ticket:
                    self._queue.remove(job)
                    job.ticket.put("cancelled", None)
                    return

    def close(self) -> None:
        """Stop every worker at once and wait for them; files not yet read are dropped."""
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        if self._supervisor is not threading.current_thread():
            self._supervisor.join()

    # --- the supervisor's thread -----------------------------------------------------

    def _supervise(self) -> None:
        try:
            with self._lock:
                while not self._closed:
                    self._bury()
                    self._start_workers()
                    self._hand_out()
                    self._lock.wait(self._overdue())
        finally:
            self._stop_all()

    def _start_workers(self) -> None:
        # One that is leaving is replaced at once, not once it has gone.
        while sum(not w.leaving for w in self._workers) < self.size and self._broken is None:
            errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed once the worker is gone)
            try:
                process = subprocess.Popen(
                    _command(os.getpid()),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=errors,
                    env={**os.environ, **_WORKER_ENV},
                    creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
                )
            except OSError as exc:
                errors.close()
                self._give_up(f"{type(exc).__name__}: {exc}")
                return
            worker = _Worker(process, errors)
            worker.listener = threading.Thread(
                target=self._listen, args=(worker,), name="sc-read-answers", daemon=True
            )
            self._workers.append(worker)
            worker.listener.start()

    def _give_up(self, why: str) -> None:
        self._broken = ReaderBroken(f"reading workers cannot start: {why}")
        while self._queue:
            self._queue.popleft().ticket.put("broken", self._broken)

    def _hand_out(self) -> None:
        for worker in self._workers:
            if not self._queue:
                return
            if not worker.ready or worker.leaving or worker.gone or worker.job is not None:
                continue
            job = self._queue.popleft()
            assert worker.process.stdin is not None
            try:
                wire.send(worker.process.stdin, (job.number, str(job.path), job.limits, job.fault))
            except OSError:  # it died a moment ago: the file goes to another worker
                self._queue.appendleft(job)
                continue
            job.deadline = time.monotonic() + job.limits.max_seconds
            worker.job = job

    def _overdue(self) -> float | None:
        """Stop the workers past their file's time limit; seconds to the next deadline."""
        now = time.monotonic()
        waits = []
        for worker in self._workers:
            job = worker.job
            if job is None or worker.stopped_for:
                continue
            if now >= job.deadline:
                worker.stopped_for = "took_too_long"
                worker.process.kill()
            else:
                waits.append(job.deadline - now)
        return min(waits, default=None)

    def _bury(self) -> None:
        """Answer for the file of every worker that ended, and forget the worker."""
        for worker in [w for w in self._workers if w.gone]:
            self._workers.remove(worker)
            if worker.listener is not None:
                worker.listener.join()
            job = worker.job
            if job is not None and not job.ticket.finished:
                job.ticket.put("unreadable", _why_it_died(worker, job.limits))
            if worker.ready:
                self._failed_starts = 0
            else:
                self._failed_starts += 1
                if self._failed_starts >= _FAILED_STARTS:
                    said = worker.last_words.strip().splitlines()
                    self._give_up(said[-1] if said else f"exit code {worker.exit_code}")

    def _stop_all(self) -> None:
        with self._lock:
            workers, self._workers = self._workers, []
            while self._queue:
                self._queue.popleft().ticket.put("cancelled", None)
        for worker in workers:
            worker.stopped_for = worker.stopped_for or "closed"
            worker.process.kill()
        for worker in workers:
            if worker.listener is not None:
                worker.listener.join()
            with self._lock:
                if worker.job is not None and not worker.job.ticket.finished:
                    worker.job.ticket.put("cancelled", None)

    # --- one thread per worker ---------------------------------------------------------

    def _listen(self, worker: _Worker) -> None:
        """Take the worker's answers until it ends, then see it gone (reaped, no zombie)."""
        pipe = worker.process.stdout
        assert pipe is not None
        while True:
            try:
                answer = wire.receive(pipe)
            except Exception:  # a garbled answer: the worker is not to be trusted further
                answer = None
            if answer is None:
                break
            self._answered(worker, answer)
        process = worker.process
        try:
            code = process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # it closed its answers but lives on
            process.kill()
            code = process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        last_words = _tail(worker.errors)
        with self._lock:
            worker.exit_code = code
            worker.last_words = last_words
            worker.gone = True
            self._lock.notify_all()

    def _answered(self, worker: _Worker, answer: tuple[int, str, Any, bool]) -> None:
        number, kind, payload, leaving = answer
        with self._lock:
            worker.leaving = leaving
            if kind == "ready":
                worker.ready = True
            else:
                job = worker.job
                if job is not None and job.number == number and not job.ticket.finished:
                    if kind == "unreadable":
                        payload = UnreadableFile(payload[0], **payload[1])
                    job.ticket.put(kind, payload)
                if job is not None and job.number == number and kind in ENDS:
                    worker.job = None
            self._lock.notify_all()


def _tail(errors: IO[bytes]) -> str:
    try:
        errors.seek(0, os.SEEK_END)
        size = errors.tell()
        errors.seek(max(0, size - _STDERR_TAIL))
        return errors.read().decode("utf-8", "replace")
    except (OSError, ValueError):
        return ""
    finally:
        errors.close()


__all__ = ["Cancelled", "Faults", "Reader", "ReaderBroken", "Ticket"]
