"""The options the commands share, and the small steps every command takes.

Help texts are catalogue keys here; app.localise() puts them into the user's language
once the command tree is built.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from shuangchuang_cli.cli.state import OnFile, State
from shuangchuang_cli.errors import UsageError
from shuangchuang_cli.reading.discover import bundled_data_dir, year_of

if TYPE_CHECKING:
    from shuangchuang_cli.api import Workspace


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


# The language itself is read from the command line before parsing (State.from_argv):
# the option is here so that it parses, and so that a wrong value is refused.
LangOpt = Annotated[
    LangChoice | None, typer.Option("--lang", help="cli.opt.lang", case_sensitive=False)
]
DataOpt = Annotated[Path | None, typer.Option("--data", help="cli.opt.data", file_okay=False)]
RulesOpt = Annotated[Path | None, typer.Option("--rules", help="cli.opt.rules", file_okay=False)]
YearArg = Annotated[int, typer.Argument(help="cli.arg.year", min=2000, max=2100)]
AsOfOpt = Annotated[
    dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="cli.opt.as_of")
]
OutputOpt = Annotated[
    Path, typer.Option("--output", "-o", help="cli.opt.output_xlsx", dir_okay=False)
]
ForceOpt = Annotated[bool, typer.Option("--force", help="cli.opt.force")]


def day(as_of: dt.datetime | None) -> dt.date | None:
    return as_of.date() if as_of is not None else None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _is_lone_year_folder(folder: Path) -> bool:
    """A year folder (2024/) given as the data folder: its records would all be missed."""
    if year_of(folder.resolve().name) is None or not folder.is_dir():
        return False
    return not any(p.is_dir() and year_of(p.name) is not None for p in folder.iterdir())


def workspace(
    state: State, data: Path | None, rules: Path | None, on_file: OnFile | None
) -> Workspace:
    """The data folder with its rules (api.Workspace; imported here, after typer has parsed
    the options, so that --help and --version answer without loading pandas)."""
    folder = data if data is not None else bundled_data_dir()
    if _is_lone_year_folder(folder):
        raise UsageError("usage.lone_year_folder", folder=folder, parent=folder.parent)
    from shuangchuang_cli.api import Workspace
    from shuangchuang_cli.rules import load_rules

    return Workspace(data_dir=folder, rules=load_rules(rules), lang=state.lang, on_file=on_file)
