"""What an entry's key is made of: a file's content, the tool's code, the rules."""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import shuangchuang_cli

if TYPE_CHECKING:
    from shuangchuang_cli.rules import Rules

_CHUNK = 1 << 20


def file_digest(path: Path) -> str | None:
    """The digest of the file's bytes (not its name, size or time: a copy, a touch or a
    re-save with the same bytes is the same file); None when it cannot be read, or is no
    regular file (a pipe named like a spreadsheet would wait forever for its writer)."""
    digest = hashlib.blake2b(digest_size=32)
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """The version and the package's own source files (name, size, time of change): an
    edited checkout never reads entries written by the code before the edit, though its
    version number did not move. Their times, not their bytes: this is paid every run."""
    digest = hashlib.blake2b(shuangchuang_cli.__version__.encode(), digest_size=16)
    package = Path(shuangchuang_cli.__file__).parent
    for source in sorted(package.rglob("*.py")):
        stat = source.stat()
        digest.update(
            f"{source.relative_to(package).as_posix()}:{stat.st_size}:{stat.st_mtime_ns};".encode()
        )
    return digest.hexdigest()


def rules_fingerprint(rules: Rules) -> str:
    """Every rule as loaded (whatever files or defaults gave it), less the folder's name:
    the same rules in another folder keep their entries."""
    dumped = rules.model_dump_json(exclude={"folder", "assessment_problems"})
    problems = repr(rules.assessment_problems).encode()
    digest = hashlib.blake2b(dumped.encode(), digest_size=16)
    digest.update(problems)
    return digest.hexdigest()
