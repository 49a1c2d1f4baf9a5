"""A command's files read by the worker processes, handed out in the contract's read order."""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from shuangchuang_cli.reading.discover import SourceFile, discover
from shuangchuang_cli.reading.limits import UnreadableFile
from shuangchuang_cli.reading.readers import READABLE_SUFFIXES, RawSheet
from shuangchuang_cli.reading.transfer import decode_grid, empty_grid, fill_column
from shuangchuang_cli.reading.workers import Reader, Ticket
from shuangchuang_cli.rules.folder import bundled_rules_dir
from shuangchuang_cli.rules.limits import Limits, limits_in

Sheets = list[RawSheet] | UnreadableFile | None  # None: not a spreadsheet at all


class Reading:
    """Files being read by worker processes, from the moment this is made.

    Iterating gives each file with its sheets, in read order. The workers stay a few
    files ahead of the one handed out (what they read waits compactly, as sent), so memory
    stays bounded however many files there are. Without a `reader`, the reading starts
    its own workers and stops them when it is done or closed.
    """

    def __init__(
        self, files: list[SourceFile], limits: Limits, reader: Reader | None = None
    ) -> None:
        self.files = files
        self._limits = limits
        readable = [f for f in files if _readable(f)]
        self._owned = reader is None and bool(readable)
        # Its own workers: as many as cores, but never more than there are files.
        own = Reader(min(len(readable), Reader.default_size())) if self._owned else None
        self._reader = reader if reader is not None else own
        self._ahead = 2 * self._reader.size + 2 if self._reader is not None else 0
        self._queue = iter(readable)
        self._pending: deque[tuple[SourceFile, Ticket]] = deque()
        self._started = False  # handing out files: narrow() no longer may
        self._fill()

    def _fill(self) -> None:
        while len(self._pending) < self._ahead and (ahead := next(self._queue, None)) is not None:
            assert self._reader is not None
            self._pending.append((ahead, self._reader.submit(ahead.path, self._limits)))

    def __iter__(self) -> Iterator[tuple[SourceFile, Sheets]]:
        self._started = True
        try:
            for source in self.files:
                if source.unreadable is not None:
                    yield source, UnreadableFile("folder_unreadable", detail=source.unreadable)
                    continue
                if not _readable(source):
                    yield source, None
                    continue
                self._fill()
                _, ticket = self._pending.popleft()
                self._fill()
                yield source, _sheets(ticket)
        finally:
            self.close()

    def serves(self, files: list[SourceFile], limits: Limits) -> bool:
        """Whether this is the reading a command of `files` and `limits` would start."""
        return self.files == files and self._limits == limits

    def narrow(self, files: list[SourceFile], limits: Limits) -> bool:
        """Read only `files` from now on, when they are some of this reading's files (in
        its order) and `limits` are its limits: the others are dropped, those not yet
        being read at no cost. It is how a command keeps the reading it started early
        once the cache has said which files it still needs. False, and nothing changed,
        when they are not; when the iteration has begun; and when this reading lists a
        file twice (its tickets are told apart by file)."""
        remaining = iter(self.files)
        if (
            limits != self._limits
            or self._started
            or len(set(self.files)) != len(self.files)
            or not all(f in remaining for f in files)
        ):
            return False
        needed = set(files)
        for source, ticket in self._pending:
            if source not in needed:
                assert self._reader is not None
                self._reader.cancel(ticket)
        self._pending = deque(item for item in self._pending if item[0] in needed)
        self._queue = (source for source in self._queue if source in needed)
        self.files = files
        self._fill()
        return True

    def close(self) -> None:
        """Drop what is not yet read; stop the workers if this reading started them."""
        if self._reader is None:
            return
        for _, ticket in self._pending:
            self._reader.cancel(ticket)
        self._pending.clear()
        self._queue = iter(())
        if self._owned:
            self._reader.close()


def read_ahead(paths: list[Path], rules: Path | None, reader: Reader) -> Reading | None:
    """The files under `paths` already being read, before the command loads pandas and
    the rules (a third of a second a single big file would otherwise wait): with the
    limits the rules folder's values.toml sets (`rules`; None: the bundled rules). The
    command narrows this reading to the files the cache does not hold (`Reading.narrow`),
    or closes it when the rules' limits turn out to differ.
    None when a path does not exist (the command refuses it)."""
    if not all(path.exists() for path in paths):
        return None
    folder = rules if rules is not None else bundled_rules_dir()
    return Reading(discover(paths), limits_in(folder / "values.toml"), reader)


def _sheets(ticket: Ticket) -> list[RawSheet] | UnreadableFile:
    """A file's sheets decoded as their pieces arrive, or why it cannot be read (what
    came of it before it failed is dropped: no file is half read)."""
    sheets: list[RawSheet] = []
    column = 0
    for kind, payload in ticket.pieces():
        if kind == "unreadable":
            unreadable: UnreadableFile = payload
            return unreadable
        if kind == "sheet":
            sheets.append(RawSheet(payload[0], decode_grid(payload)))
        elif kind == "head":
            name, height, width = payload
            sheets.append(RawSheet(name, empty_grid(height, width)))
            column = 0
        elif kind == "column":
            fill_column(sheets[-1].grid, column, payload)
            column += 1
        elif kind == "merged":
            sheets[-1] = dataclasses.replace(sheets[-1], merged=tuple(payload))
        elif kind == "read_as":
            sheets[-1] = dataclasses.replace(sheets[-1], read_as=payload)
        elif kind == "hidden":
            sheets[-1] = dataclasses.replace(sheets[-1], hidden=True)
    return sheets


def _readable(source: SourceFile) -> bool:
    return source.unreadable is None and source.path.suffix.lower() in READABLE_SUFFIXES
