"""The command line as typed, before typer parses it: what run() needs to know first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typer._click import Command

if TYPE_CHECKING:
    from shuangchuang_cli.reading.workers import Reader

_ANYWHERE = ("--debug", "--no-cache")  # the tool's own switches, taken wherever they stand


def _command_word(group: Command, args: list[str]) -> tuple[int, str | None]:
    """Where the options end (a "--", or the end) and the first word before it that names
    one of the group's commands (None: no such word)."""
    end = args.index("--") if "--" in args else len(args)
    commands: dict[str, Command] = getattr(group, "commands", {})
    return end, next((a for a in args[:end] if a in commands), None)


def switches_first(group: Command, args: list[str]) -> list[str]:
    """`sc-cli validate 报表 --no-cache` read as `sc-cli --no-cache validate 报表`: the
    tool's own switches may follow the command, as --lang may. Not after a "--", and not
    as the value of an option that takes one (`--annotate --no-cache` names a file)."""
    end, word = _command_word(group, args)
    named = getattr(group, "commands", {})[word] if word is not None else None
    params = [*group.params, *(named.params if named is not None else [])]
    valued = {
        opt
        for p in params
        if p.param_type_name == "option" and not getattr(p, "is_flag", False)
        for opt in p.opts
    }
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
