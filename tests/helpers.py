"""Small helpers shared by the tests: fixed dates, the bundled rules, issue summaries."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from shuangchuang_cli.api import Validation, validate
from shuangchuang_cli.models import Issue
from shuangchuang_cli.rules import Rules, bundled_rules_dir, load_rules

DATA = Path(__file__).resolve().parent / "data"
# A fixed "today" so future_date does not depend on when the tests run.
TODAY = dt.date(2025, 6, 30)

IssueKey = tuple[str, str, str | None, int | None, str | None]


@cache
def rules() -> Rules:
    return load_rules()


def check(*paths: Path, today: dt.date = TODAY) -> Validation:
    return validate(list(paths), rules(), today=today)


def summary(issues: Iterable[Issue]) -> list[IssueKey]:
    """(code, severity, sheet, row, column) of each issue, sorted: what a test compares."""
    return sorted(
        ((i.code, i.severity.value, i.sheet, i.row, i.column) for i in issues),
        key=lambda k: (str(k[2]), k[3] or 0, str(k[4]), k[0]),
    )


Records = list[dict[str, object]]


def write_folder(root: Path, files: dict[str, list[tuple[str, Records]]]) -> Path:
    """Write {relative path: [(sheet type, records), ...]} as workbooks under root."""
    from make_test_data import table, write_xlsx

    for rel, sheets in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(path, [table(kind, rows) for kind, rows in sheets])
    return root


Unit = tuple[str, str, Sequence[str]]  # name, kind, aliases


def rules_copy(root: Path, units: Iterable[Unit] = ()) -> Path:
    """The bundled rules copied to root/rules, with units added to units.toml."""
    folder = root / "rules"
    shutil.copytree(bundled_rules_dir(), folder)
    added = "".join(
        f"\n[[units]]\nname = {json.dumps(name, ensure_ascii=False)}\nkind = {json.dumps(kind)}\n"
        + (f"aliases = {json.dumps(list(aliases), ensure_ascii=False)}\n" if aliases else "")
        for name, kind, aliases in units
    )
    with (folder / "units.toml").open("a", encoding="utf-8") as fh:
        fh.write(added)
    return folder


@dataclass(frozen=True)
class Run:
    """One command line run through the real entry point (cli.run), as a user runs it."""

    exit_code: int
    stdout: str
    stderr: str
    output: str  # stdout and stderr as they interleaved on a terminal


WIDTH = 200


def invoke(*args: str | Path, width: int = WIDTH, env: dict[str, str] | None = None) -> Run:
    """`sc-cli ARGS` in-process, through the same guard and exit codes as the console
    entry point, at a fixed terminal width and without colour."""
    from typer.testing import CliRunner

    from shuangchuang_cli import cli

    settings = {"COLUMNS": str(width), "NO_COLOR": "1", "TERM": "dumb", **(env or {})}
    with CliRunner().isolation(env=settings) as (out, err, mixed):
        code = cli.run([str(a) for a in args])
        sys.stdout.flush()  # what the command wrote straight to the stream, not through rich
        sys.stderr.flush()
        return Run(
            code,
            out.getvalue().decode("utf-8", "replace"),
            err.getvalue().decode("utf-8", "replace"),
            mixed.getvalue().decode("utf-8", "replace"),
        )
