"""The cache folder: entries written whole or not at all, and read back only when intact.

An entry is one file, `<kind>/<key[:2]>/<key>`, holding a mark, a digest of the rest, the
key it was written for and its payload. A torn write, a flipped bit, a file copied under
another key or written by another format is no entry: it is deleted and the caller
rebuilds it. Nothing here may fail a run: a cache folder that cannot be made or written
is a cache that is not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

MARK = b"sc-cli cache 1\n"  # a new layout of entries gets a new mark
DIGEST_SIZE = 32
# What the cache may take before the least recently used entries go.
DEFAULT_LIMIT = 2 * 1024**3
KINDS = ("read", "result")  # what a file read and a command's result are kept as
KEY = re.compile(r"[0-9a-f]{64}")
# Only names the store writes are ever removed: a cache folder set to a folder that holds
# other files (SC_CLI_CACHE_DIR=~, say) loses none of them.
_OWN = re.compile(r"[0-9a-f]{64}|\..*\.part")


def _digest(*parts: bytes | bytearray | memoryview) -> bytes:
    digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
    for part in parts:
        digest.update(part)
    return digest.digest()


@dataclass(frozen=True)
class Usage:
    entries: int
    size: int  # bytes


@dataclass(frozen=True)
class Store:
    """One cache folder (cache/__init__.py says which)."""

    folder: Path
    limit: int = DEFAULT_LIMIT

    def _path(self, kind: str, key: str) -> Path:
        assert kind in KINDS and KEY.fullmatch(key), (kind, key)
        return self.folder / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytearray | None:
        """The payload stored under `key`, or None; a damaged entry is removed."""
        path = self._path(kind, key)
        try:
            with path.open("rb") as stream:
                data = bytearray(stream.read())
        except OSError:
            return None
        head = len(MARK) + DIGEST_SIZE
        body = memoryview(data)[head:]
        named = key.encode("ascii") + b"\n"
        intact = (
            data.startswith(MARK)
            and bytes(data[len(MARK) : head]) == _digest(body)
            and bytes(body[: len(named)]) == named
        )
        if not intact:
            body.release()
            self._remove(path)
            return None
        body.release()
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        # A bytearray, not bytes: arrays made over it stay writable (cache/frames.py).
        return data[head + len(named) :]

    def holds(self, kind: str, key: str) -> bool:
        """Whether an entry is stored under `key` (not whether it is intact: get says)."""
        try:
            return self._path(kind, key).is_file()
        except OSError:  # a folder of the cache it may not look into: no entry then
            return False

    def put(self, kind: str, key: str, payload: bytes) -> bool:
        """Store `payload` under `key`, replacing any entry; False when it could not be."""
        path = self._path(kind, key)
        named = key.encode("ascii") + b"\n"
        try:
            # mkstemp makes the file readable by its owner only. Its folder is made when
            # it is missing, not looked for each time: a run writes hundreds of entries.
            try:
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
            except FileNotFoundError:
                self._make(path.parent)
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
            try:
                with os.fdopen(handle, "wb") as stream:
                    # In parts: an entry can be tens of megabytes, not worth a copy.
                    stream.writelines((MARK, _digest(named, payload), named, payload))
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            return False
        return True

    def _make(self, folder: Path) -> None:
        # It holds what the submissions hold: a folder it makes is its owner's only.
        if not self.folder.exists():
            self.folder.mkdir(parents=True, mode=0o700)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _remove(self, path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()

    def _entries(self) -> list[tuple[Path, os.stat_result]]:
        found = []
        for kind in KINDS:
            for path in self.folder.glob(f"{kind}/??/*"):
                if not _OWN.fullmatch(path.name):
                    continue
                with contextlib.suppress(OSError):
                    stat = path.lstat()
                    if path.is_file() and not path.is_symlink():
                        found.append((path, stat))
        return found

    def usage(self) -> Usage:
        entries = self._entries()
        return Usage(len(entries), sum(s.st_size for _, s in entries))

    def prune(self) -> None:
        """Remove the least recently used entries until the cache is within its limit."""
        entries = sorted(self._entries(), key=lambda e: e[1].st_mtime)
        size = sum(s.st_size for _, s in entries)
        for path, stat in entries:
            if size <= self.limit:
                break
            self._remove(path)
            size -= stat.st_size

    def clear(self) -> Usage:
        """Remove every entry (and what a torn write left); what was removed."""
        entries = self._entries()
        for path, _ in entries:
            self._remove(path)
        for kind in KINDS:
            for folder in [*self.folder.glob(f"{kind}/??"), self.folder / kind]:
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when empty
        return Usage(len(entries), sum(s.st_size for _, s in entries))
