"""What a file handed to the reading workers gives back (workers.py): its answer piece
by piece, or why there is none; and the test seam that makes a worker misbehave."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shuangchuang_cli.reading.limits import UnreadableFile
from shuangchuang_cli.reading.transfer import EncodedSheet

ENDS = ("sheets", "unreadable")
Outcome = list[EncodedSheet] | UnreadableFile
Piece = tuple[str, Any]  # see worker.pieces; an end is ("sheets", None) or ("unreadable", why)


class ReaderBroken(RuntimeError):
    """No reading worker could be started: the tool cannot read at all."""


class Cancelled(Exception):
    """The file was dropped unread (`Reader.cancel`, or the reader was closed)."""


@dataclass(frozen=True)
class Faults:
    """A test seam: files a worker does something else with, by file name.

    `abort` calls os.abort() in the worker, `hang` sleeps, `blow_up` allocates until the
    memory limit stops it. Given to a Reader, never set anywhere else.
    """

    abort: frozenset[str] = frozenset()
    hang: frozenset[str] = frozenset()
    blow_up: frozenset[str] = frozenset()

    def fault_for(self, path: Path) -> str | None:
        for kind in ("abort", "hang", "blow_up"):
            if path.name in getattr(self, kind):
                return kind
        return None


class Ticket:
    """A file handed to the workers: its answer, piece by piece as it arrives (a large
    sheet column by column), so that the command can decode while a worker encodes."""

    def __init__(self) -> None:
        self._inbox: queue.SimpleQueue[Piece] = queue.SimpleQueue()
        self.finished = False  # its end is in (set under the reader's lock)
        self._cancelled = False

    def put(self, kind: str, payload: Any) -> None:
        if kind in ENDS or kind in ("cancelled", "broken"):
            self.finished = True
            self._cancelled = kind == "cancelled"
        self._inbox.put((kind, payload))

    def cancelled(self) -> bool:
        return self._cancelled

    def pieces(self) -> Iterator[Piece]:
        """The answer's pieces up to and including its end; the end of an unreadable
        file carries its UnreadableFile. Raises Cancelled for a file dropped by `cancel`
        or `close`, ReaderBroken when no worker can start."""
        while True:
            kind, payload = self._inbox.get()
            if kind == "cancelled":
                raise Cancelled
            if kind == "broken":
                raise payload
            yield kind, payload
            if kind in ENDS:
                return

    def outcome(self) -> Outcome:
        """The whole answer at once: the file's sheets encoded, or why it is unreadable."""
        sheets: list[EncodedSheet] = []
        for kind, payload in self.pieces():
            if kind == "unreadable":
                return payload  # type: ignore[no-any-return]
            if kind == "sheet":
                sheets.append(payload)
            elif kind == "head":
                sheets.append((*payload, []))
            elif kind == "column":
                sheets[-1][3].append(payload)
        return sheets
