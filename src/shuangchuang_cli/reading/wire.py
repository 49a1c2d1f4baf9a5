"""Messages between the command and its reading workers: pickles behind a length.

Only the two ends of one sc-cli run write these pipes, so pickle's trust in its input is
the trust a process has in itself. Standard library only (a worker imports it first).
"""

from __future__ import annotations

import pickle
import struct
from typing import IO, Any

_LENGTH = struct.Struct("<Q")


def send(pipe: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(_LENGTH.pack(len(data)))
    pipe.write(data)
    pipe.flush()


def _exactly(pipe: IO[bytes], size: int) -> bytearray | None:
    """`size` bytes read straight into one buffer (a pipe hands them over 64 KB at a time)."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        n = pipe.readinto(view[got:])  # type: ignore[attr-defined]
        if not n:
            return None
        got += n
    return buffer


def receive(pipe: IO[bytes]) -> Any:
    """The next message; None when the other end has gone (end of the pipe)."""
    head = _exactly(pipe, _LENGTH.size)
    if head is None:
        return None
    data = _exactly(pipe, _LENGTH.unpack(head)[0])
    return None if data is None else pickle.loads(data)
