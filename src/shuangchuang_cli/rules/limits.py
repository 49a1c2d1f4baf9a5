"""The reading limits of rules/values.toml [limits]: how much one submitted file may cost.

A plain dataclass and the standard library only: a reading worker loads it without
pydantic and the rest of the rules (reading/worker.py); the rules validate the same
fields again.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    """Reading limits (rules/values.toml [limits]): past any of them a file is refused whole.

    A plain dataclass, not a rules model, so that a reading worker starts without the rest
    of the rules (and pydantic); the rules validate the same fields again.
    """

    max_file_mb: float = 200
    max_inflated_mb: float = 1024
    max_rows: int = 1_000_000
    max_columns: int = 16_384  # Excel's own width (A to XFD)
    max_cells: int = 30_000_000  # rows x columns of a sheet's grid
    max_cell_chars: int = 32767
    # What reading one file may take, whatever the file says about itself. The limits
    # above are measured from a file's bytes before it is read, and a crafted file can
    # slip past such measuring (python-calamine then aborts its process, or a few
    # kilobytes unfold into gigabytes); these two are enforced on the worker process that
    # reads the file, so past either only that file is refused. A 100,000-row sheet takes
    # about 120 MB and under a second in a worker; with one worker per core (at most 4),
    # 1.5 GB each keeps an 8 GB machine usable.
    max_memory_mb: float = 1536  # address space of the worker process reading one file
    max_seconds: float = 30  # to read one file

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"{item.name} 应为正数")


def limits_in(values_toml: Path) -> Limits:
    """The limits a rules folder's values.toml sets, read without the rest of the rules:
    what a command starts reading with before it has loaded them (reading/prefetch.py
    read_ahead). The defaults when the file says nothing that makes limits; the loaded
    rules decide in the end, and a reading started with other limits is not used."""
    try:
        table = tomllib.loads(values_toml.read_bytes().decode("utf-8-sig")).get("limits", {})
        return Limits(**table)
    except (OSError, ValueError, TypeError, AttributeError):  # TOMLDecodeError is a ValueError
        return Limits()
