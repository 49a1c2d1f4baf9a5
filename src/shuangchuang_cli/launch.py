"""The console entry point: start reading the submissions, then load the command line.

Loading typer, rich and pydantic and parsing the options takes about a tenth of a second
before a command could start reading; a big workbook takes seconds to parse with the
interpreter lock released. So the files a command line names are guessed from argv
with nothing but the standard library and python-calamine loaded, and reading starts at
once. The guess is only a head start: the command works out its files and limits
properly and takes this reading over only when they are exactly the same (anything else,
a wrong guess included, is dropped unread). See cli._read_while_loading.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shuangchuang_cli.reading.discover import (
    bundled_data_dir,
    discover,
    starting_limits,
    year_files,
)
from shuangchuang_cli.reading.prefetch import Reading

# Options that take a value, of every command (tests check this against the real ones).
VALUE_OPTIONS = frozenset(
    {
        "--annotate",
        "--as-of",
        "--data",
        "--format",
        "-f",
        "--lang",
        "--output",
        "-o",
        "--rules",
        "--unit",
        "--year",
    }
)
# Commands that read one year of a data folder (`report 2024 --data D`).
YEAR_COMMANDS = frozenset({"report", "score", "explain", "export"})
_HELP = frozenset({"--help", "-h", "--version"})


def _split(argv: list[str]) -> tuple[list[str], dict[str, str]] | None:
    """Positional words and option values; None for anything that will not read files."""
    words: list[str] = []
    options: dict[str, str] = {}
    args = iter(argv)
    for arg in args:
        if arg == "--":
            words.extend(args)
        elif arg in _HELP:
            return None
        elif arg.startswith("-") and len(arg) > 1:
            name, equals, value = arg.partition("=")
            if name in VALUE_OPTIONS:
                options[name] = value if equals else next(args, "")
        else:
            words.append(arg)
    return words, options


def read_ahead(argv: list[str]) -> Reading | None:
    """The reading the command line will most likely start, started now; None if unsure."""
    split = _split(argv)
    if split is None or not split[0]:
        return None
    (command, *rest), options = split
    rules = Path(options["--rules"]) if options.get("--rules") else None
    if command == "validate" and rest:
        files = discover([Path(p) for p in rest])
    elif command in YEAR_COMMANDS and rest and rest[0].isdigit():
        folder = Path(options["--data"]) if options.get("--data") else bundled_data_dir()
        files = year_files(folder, int(rest[0]))
    else:
        return None
    return Reading(files, starting_limits(rules)) if files else None


def main() -> None:
    try:
        early = read_ahead(sys.argv[1:])
    except Exception:  # a guess may fail (a path that is not there): the command will say so
        early = None
    from shuangchuang_cli import cli

    cli.main(early)
