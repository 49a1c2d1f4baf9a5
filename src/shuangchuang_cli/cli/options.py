"""The options the commands share, their parsers, and the small steps every command takes.

Help texts and metavars are catalogue keys here; app.localise() puts them into the
user's language once the command tree is built. Values are parsed by the functions
below, not by typer's types, so that a wrong one is refused in the user's language
(frame.BadValue carries a catalogue key) and so that the forms people type are accepted:
a year as 2024, ２０２４ or 2024年; a date in every form a submission may use.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, TypeVar

import typer

from shuangchuang_cli.cli.frame import BadValue
from shuangchuang_cli.cli.state import OnFile, State
from shuangchuang_cli.errors import UsageError

if TYPE_CHECKING:
    from shuangchuang_cli.api import Workspace
    from shuangchuang_cli.output.tables import Block, Table


class LangChoice(StrEnum):
    zh = "zh"
    en = "en"


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class IssueFormat(StrEnum):
    table = "table"
    json = "json"


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class BulletinFormat(StrEnum):
    csv = "csv"
    markdown = "markdown"


E = TypeVar("E", bound=StrEnum)

# The years a command accepts: the plan's and any other a district may use the tool for.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def choice(kind: type[E]) -> Callable[[str], E]:
    """A parser for one of an enum's values, whatever its case."""

    def parse(value: str) -> E:
        folded = value.strip().lower()
        for member in kind:
            if member.value == folded:
                return member
        raise BadValue("cli.error.not_a_choice", value=value, choices=tuple(m.value for m in kind))

    return parse


def parse_year(value: str) -> int:
    """2024, ２０２４, 2024年 or 2024年度 -> 2024, within FIRST_YEAR..LAST_YEAR."""
    # The reading modules (what `discover` brings) are not loaded for --help.
    from shuangchuang_cli.reading.discover import year_of

    year = year_of(value)
    if year is None:
        raise BadValue("cli.error.bad_year", value=value, low=FIRST_YEAR, high=LAST_YEAR)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadValue("cli.error.year_range", value=value, low=FIRST_YEAR, high=LAST_YEAR)
    return year


def parse_date(value: str) -> dt.date:
    """A date in any form a submission's date cell accepts (checking/parsers.py):
    2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, 20240630. A date of the right form
    that does not exist (2024-02-30) is refused as such."""
    import pandas as pd

    # The submissions' own grammar, so that --as-of takes exactly what a cell takes.
    from shuangchuang_cli.checking.parsers import _DATE_FORMS, parse_dates

    parsed, bad = parse_dates(pd.Series([value], dtype=object))
    day = parsed.iloc[0]
    if not bad.iloc[0] and not pd.isna(day):
        return dt.date(day.year, day.month, day.day)
    folded = unicodedata.normalize("NFKC", value).strip()
    if any(re.fullmatch(form, folded) for form in _DATE_FORMS):
        raise BadValue("cli.error.no_such_date", value=value)
    raise BadValue("cli.error.bad_date", value=value)


def format_option(kind: type[StrEnum], help_key: str = "cli.opt.format") -> Any:
    """The --format option for one set of formats."""
    return typer.Option(
        "--format", "-f", help=help_key, metavar="cli.metavar.format", parser=choice(kind)
    )


# The language itself is read from the command line before parsing (State.from_argv):
# the option is here so that it parses, and so that a wrong value is refused.
LangOpt = Annotated[
    LangChoice | None,
    typer.Option(
        "--lang", help="cli.opt.lang", metavar="cli.metavar.lang", parser=choice(LangChoice)
    ),
]
DataOpt = Annotated[
    Path | None, typer.Option("--data", help="cli.opt.data", metavar="cli.metavar.folder")
]
RulesOpt = Annotated[
    Path | None, typer.Option("--rules", help="cli.opt.rules", metavar="cli.metavar.folder")
]
YearArg = Annotated[
    int, typer.Argument(help="cli.arg.year", metavar="cli.metavar.year", parser=parse_year)
]
AsOfOpt = Annotated[
    dt.date | None,
    typer.Option("--as-of", help="cli.opt.as_of", metavar="cli.metavar.date", parser=parse_date),
]
OutputOpt = Annotated[
    Path, typer.Option("--output", "-o", help="cli.opt.output_xlsx", metavar="cli.metavar.file")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="cli.opt.force")]
BomOpt = Annotated[bool, typer.Option("--bom/--no-bom", help="cli.opt.bom")]


@contextmanager
def stdout_bytes() -> Iterator[BinaryIO]:
    """stdout's byte layer, for output that is UTF-8 whatever the console's encoding (JSON,
    CSV): the text written before goes first, and every byte is out when the block ends."""
    sys.stdout.flush()
    yield sys.stdout.buffer
    sys.stdout.buffer.flush()


def print_json(data: Any) -> None:
    """JSON on stdout as UTF-8 bytes (issues_json.py)."""
    from shuangchuang_cli.output.issues_json import json_bytes

    with stdout_bytes() as out:
        out.write(json_bytes(data))
        out.write(b"\n")


def write_csv(state: State, table: Table, bom: bool) -> None:
    """A table as CSV on stdout, as UTF-8 bytes whatever the console's encoding (so that
    `> 进度.csv` on Chinese Windows gives a file Excel opens correctly)."""
    from shuangchuang_cli.output.delimited import to_csv
    from shuangchuang_cli.output.tables import printable

    body = to_csv(table, bom)
    if state.out.is_terminal:  # read on screen, not saved: nothing may steer the terminal
        body = "\n".join(printable(line) for line in body.split("\r\n"))
    with stdout_bytes() as out:
        out.write(body.encode("utf-8"))


def write_markdown(blocks: list[Block], heading: bool = False) -> None:
    from shuangchuang_cli.output.markdown import to_markdown

    sys.stdout.write(to_markdown(blocks, heading))


def rules_folder(rules: Path | None) -> Path | None:
    """--rules as given, refused in the user's language when it is not a folder."""
    if rules is not None and not rules.is_dir():
        which = "usage.rules_not_a_folder" if rules.exists() else "usage.rules_missing"
        raise UsageError(which, folder=str(rules))
    return rules


def workspace(
    state: State, data: Path | None, rules: Path | None, on_file: OnFile | None
) -> Workspace:
    """The data folder with its rules (api.Workspace; imported here, after typer has parsed
    the options, so that --help and --version answer without loading pandas). The
    folder's layout is checked before the rules are read."""
    from shuangchuang_cli.api import Workspace
    from shuangchuang_cli.reading.discover import bundled_data_dir

    folder = data if data is not None else bundled_data_dir()
    return Workspace(
        data_dir=folder,
        rules_dir=rules_folder(rules),
        lang=state.lang,
        on_file=on_file,
        store=state.store(),
        reader=state.reader,
    )
