"""The command line as typed, before typer parses it: what run() needs to know first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from typer._click import Command

if TYPE_CHECKING:
    from shuangchuang_cli.reading.prefetch import Reading
    from shuangchuang_cli.reading.workers import Reader

# A reading started before the options were parsed, with what it was started for: the
# paths and the --rules folder as typed (cli/state.py start_reading takes it or drops it).
Early = tuple[list[Path], Path | None, "Reading"]

_ANYWHERE = ("--debug", "--no-cache")  # the tool's own switches, taken wherever they stand


def _command_word(group: Command, args: list[str]) -> tuple[int, str | None]:
    """Where the options end (a "--", or the end) and the first word before it that names
    one of the group's commands (None: no such word)."""
    end = args.index("--") if "--" in args else len(args)
    commands: dict[str, Command] = getattr(group, "commands", {})
    return end, next((a for a in args[:end] if a in commands), None)


def _valued(group: Command, word: str | None) -> set[str]:
    """The options of the group and of its command `word` that take a value."""
    named = getattr(group, "commands", {})[word] if word is not None else None
    params = [*group.params, *(named.params if named is not None else [])]
    return {
        opt
        for p in params
        if p.param_type_name == "option" and not getattr(p, "is_flag", False)
        for opt in p.opts
    }


def switches_first(group: Command, args: list[str]) -> list[str]:
    """`sc-cli validate 报表 --no-cache` read as `sc-cli --no-cache validate 报表`: the
    tool's own switches may follow the command, as --lang may. Not after a "--", and not
    as the value of an option that takes one (`--annotate --no-cache` names a file)."""
    end, word = _command_word(group, args)
    valued = _valued(group, word)
    moved = [
        n
        for n, a in enumerate(args[:end])
        if a in _ANYWHERE and (n == 0 or args[n - 1] not in valued)
    ]
    return [args[n] for n in moved] + [a for n, a in enumerate(args) if n not in moved]


# The commands that read submissions: each calls cli/state.py's start_reading before
# anything slow (tests/test_isolation.py checks that these start their worker early).
_READING = frozenset({"validate", "report", "score", "explain", "export", "bulletin"})


def reads_files(group: Command, args: list[str]) -> bool:
    """Whether the command line runs a command that reads submissions, not its help."""
    end, named = _command_word(group, args)
    return named in _READING and not {"-h", "--help", "--version"} & set(args[:end])


def first_worker(group: Command, args: list[str]) -> Reader | None:
    """For a command that reads submissions, one reading worker started now, before typer
    parses the options (a tenth of a second, most of it loading pydantic): a single big
    file is parsed that much sooner. The command asks for the others (cli/state.py,
    start_reading) and stops them as it ends; run() stops them when no command ran (a
    command line that fails to parse has started its worker for nothing: a few
    milliseconds of the other core)."""
    if not reads_files(group, args):
        return None
    from shuangchuang_cli.reading.workers import Reader

    return Reader(1)


def validated_paths(group: Command, args: list[str]) -> tuple[list[Path], Path | None] | None:
    """What `sc-cli validate` is asked to read, as typed: its paths and its --rules folder
    (None for the bundled rules), for run() to start reading them before typer parses the
    options (a tenth of a second: typer's own work on the options). None for any other
    command line, and for one with a "--": the command then starts its reading itself.
    A reading started on a wrong guess is dropped (cli/state.py start_reading)."""
    end, word = _command_word(group, args)
    if word != "validate" or end < len(args) or not reads_files(group, args):
        return None
    valued = _valued(group, word)
    paths: list[Path] = []
    rules: Path | None = None
    words = iter(args[args.index(word) + 1 :])
    for arg in words:
        option, equals, value = arg.partition("=")
        if arg.startswith("-") and option in valued and not equals:
            value = next(words, "")
        if option == "--rules" and value:
            rules = Path(value)
        elif not arg.startswith("-"):
            paths.append(Path(arg))
    return (paths, rules) if paths else None


def started_early(group: Command, args: list[str]) -> tuple[Reader | None, Early | None]:
    """What run() starts before typer parses the options: the first worker of a command
    that reads (first_worker) and, for validate, the reading of its files (read_early)."""
    reader = first_worker(group, args)
    return reader, read_early(group, args, reader) if reader is not None else None


def read_early(group: Command, args: list[str], reader: Reader) -> Early | None:
    """validate's files handed to the worker run() started, before typer parses the
    options; None when the command line is not such a validate, or names a path that
    does not exist (the command says so)."""
    asked = validated_paths(group, args)
    if asked is None:
        return None
    from shuangchuang_cli.reading.prefetch import read_ahead

    reading = read_ahead(*asked, reader)
    return None if reading is None else (*asked, reading)
