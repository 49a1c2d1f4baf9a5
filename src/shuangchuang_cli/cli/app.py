"""The sc-cli command line: the typer app, its commands, and the one guard around a run.

Each command lives in its own module and only parses options, calls the library, hands
the result to output/ and picks the exit code. Exit codes: 0 ran (validate: no error
found), 1 validate found errors (rules --check: problems found), 2 usage error (a bad
option, a missing path, unusable rules, an output that cannot be written), 3 the tool
itself failed (one line; the traceback with --debug).
"""

from __future__ import annotations

import errno
import gc
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from contextlib import suppress
from types import FrameType
from typing import Annotated, Any, BinaryIO, TextIO

import typer
from rich.text import Text

# typer ships its own copy of click (typer._click) and no longer depends on click itself.
from typer._click import Command
from typer._click import exceptions as click_errors
from typer.core import TyperGroup

from shuangchuang_cli import __version__
from shuangchuang_cli.cache import aside
from shuangchuang_cli.cli.argv import started_early, switches_first
from shuangchuang_cli.cli.bulletin import bulletin
from shuangchuang_cli.cli.cache import cache
from shuangchuang_cli.cli.explain import explain
from shuangchuang_cli.cli.export import export
from shuangchuang_cli.cli.frame import (
    LocalCommand,
    LocalGroup,
    show_usage_error,
    tool_error_message,
)
from shuangchuang_cli.cli.options import LangOpt
from shuangchuang_cli.cli.report import report
from shuangchuang_cli.cli.rules import show_rules
from shuangchuang_cli.cli.sample_data import sample_data
from shuangchuang_cli.cli.score import score
from shuangchuang_cli.cli.state import State, state_of
from shuangchuang_cli.cli.template import template
from shuangchuang_cli.cli.validate import validate
from shuangchuang_cli.errors import OutputError, RulesError, ToolError, UsageError
from shuangchuang_cli.i18n import Lang, has_text, text


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        state_of(ctx).out.print(f"sc-cli {__version__}", highlight=False)
        raise typer.Exit()


app = typer.Typer(
    name="sc-cli",
    cls=LocalGroup,
    help="cli.app",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="cli.opt.version"),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="cli.opt.debug")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="cli.opt.no_cache")] = False,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)  # the run's State, made before parsing (run) or here (test runners)
    state.cached = not no_cache


for _name, _function in (
    ("report", report),
    ("validate", validate),
    ("template", template),
    ("export", export),
    ("bulletin", bulletin),
    ("score", score),
    ("explain", explain),
    ("rules", show_rules),
    ("sample-data", sample_data),
    ("cache", cache),
):
    _key = _name.replace("-", "_")
    app.command(_name, cls=LocalCommand, help=f"cli.cmd.{_key}", short_help=f"cli.short.{_key}")(
        _function
    )


def _localised(value: str | None, lang: Lang) -> str | None:
    if value is None or not has_text(value):
        return value
    return text(value, lang)


def localise(command: Command, lang: Lang) -> Command:
    """The command tree with every help text and metavar in `lang` (the app declares
    catalogue keys). The tree is built anew for every run, so nothing carries over."""
    command.help = _localised(command.help, lang)
    command.short_help = _localised(command.short_help, lang)
    for param in command.params:
        if hasattr(param, "help"):
            param.help = _localised(param.help, lang)
        param.metavar = _localised(param.metavar, lang)
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            localise(sub, lang)
    return command


def command(lang: Lang = "zh") -> Command:
    """The sc-cli command tree, its help in `lang`."""
    return localise(typer.main.get_command(app), lang)


class Terminated(SystemExit):
    """SIGTERM, raised into the normal path, so that every `finally` (the working folder
    of an output being written) runs before the process ends. A SystemExit, so that no
    `except Exception` in the library holds it up, and typer lets it through (it turns
    Ctrl-C's KeyboardInterrupt into exit 130 itself)."""


INTERRUPTED = 130  # 128 + SIGINT, as shells report it
TERMINATED = 143  # 128 + SIGTERM


_CHUNK = 1 << 16  # characters per write of a long text


class _Stdout:
    """sys.stdout, with a failed write turned into an OutputError.

    A closed pipe (`| head -c 100`) or a full disk (`> /dev/full`) must end the run with
    one line and exit 2, not a traceback, and not exit 0 with the data cut. (rich turns
    a BrokenPipeError into exit 1 by itself, which means "errors found" here.)
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.failed = False

    def _fail(self, exc: OSError) -> OutputError:
        self.failed = True
        if exc.errno in (errno.EPIPE, errno.ECONNRESET) or isinstance(exc, BrokenPipeError):
            return OutputError("output.stdout_closed")
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return OutputError("output.stdout_full")
        return OutputError("output.stdout_failed", reason=exc.strerror or str(exc))

    def write(self, text: str) -> int:
        if self.failed:
            return len(text)  # already said; nothing more can reach the reader
        try:
            if len(text) <= _CHUNK:
                return self._stream.write(text)
            # A long text is written piece by piece, each flushed: the text layer ignores
            # a short write of the layer below (a pipe closed by `head` midway), so one
            # big write would lose the rest without an error and exit 0.
            for start in range(0, len(text), _CHUNK):
                self._stream.write(text[start : start + _CHUNK])
                self._stream.flush()
            return len(text)
        except OSError as exc:
            raise self._fail(exc) from None

    def flush(self) -> None:
        if self.failed:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._fail(exc) from None

    @property
    def buffer(self) -> _StdoutBytes:
        """The byte layer (CSV goes out as UTF-8 bytes), with its failures said alike."""
        return _StdoutBytes(self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _StdoutBytes:
    """sys.stdout.buffer of a _Stdout: every byte written, or an OutputError."""

    def __init__(self, owner: _Stdout) -> None:
        self._owner = owner
        self._stream: BinaryIO = owner._stream.buffer

    def write(self, data: bytes) -> int:
        if self._owner.failed:
            return len(data)
        left = memoryview(data)
        try:
            # A write that comes back short (a pipe closed midway) is followed by one
            # that fails: the loss is an error, not output silently cut.
            while left:
                left = left[self._stream.write(left) :]
        except OSError as exc:
            raise self._owner._fail(exc) from None
        return len(data)

    def flush(self) -> None:
        if self._owner.failed:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._owner._fail(exc) from None


# Errors of the machine the user can fix (a folder's permissions, a full disk), wherever
# they come from: exit 2 with one line, like a usage error.
_ENVIRONMENT = {
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENOSPC,
    errno.EDQUOT,
    errno.ENAMETOOLONG,
    errno.EFBIG,
}


def _say(state: State, line: str) -> None:
    with suppress(Exception):  # stderr itself may be closed: the exit code still tells
        state.err.print(Text(line), style="red", highlight=False)


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit code; nothing raises past this point.

    Everything the command does, rendering included, happens inside this one guard, and
    so does the last flush of stdout (a closed pipe is an error of the run).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    real_stdout = sys.stdout
    stdout = _Stdout(real_stdout)
    sys.stdout = stdout
    state = State.from_argv(args)
    try:
        if "" in args:
            # An unset shell variable ($DIR) hands over an empty word, which a path would
            # read as the current folder: refused instead of checking the wrong place.
            raise UsageError("usage.empty_argument", position=args.index("") + 1)
        group = command(state.lang)
        state.reader, state.early = started_early(group, args)
        code = group.main(
            args=switches_first(group, args), prog_name="sc-cli", standalone_mode=False, obj=state
        )
        if code == INTERRUPTED:  # typer's answer to Ctrl-C (KeyboardInterrupt)
            _say(state, state.text("cli.interrupted"))
            return INTERRUPTED
        sys.stdout.flush()
        return code if isinstance(code, int) else 0
    except ToolError as exc:
        if isinstance(exc, RulesError) and exc.problems:
            # Each problem names a rules file and a place in it: escaped line by line.
            said = tool_error_message(exc.render(state.lang), {}, state.lang)
        else:
            said = tool_error_message(exc.key, exc.params, state.lang)
        if isinstance(exc, RulesError) and not exc.problems and not has_text(exc.key):
            said = text("cli.rules_unusable", state.lang, detail=said)
        _say(state, said)
        return 2
    except click_errors.NoArgsIsHelpError as exc:
        state.out.print(Text.from_ansi(exc.format_message()), highlight=False)
        return 0
    except click_errors.ClickException as exc:
        show_usage_error(exc, state)
        return 2
    except (typer.Abort, KeyboardInterrupt, Terminated) as exc:
        _say(state, state.text("cli.interrupted"))
        return TERMINATED if isinstance(exc, Terminated) else INTERRUPTED
    except SystemExit as done:  # shell completion leaves through sys.exit
        return done.code if isinstance(done.code, int) else 0
    except OSError as exc:
        if exc.errno not in _ENVIRONMENT or state.debug:
            return _internal(state, exc)
        where = exc.filename if exc.filename is not None else ""
        failed = OutputError("output.failed", path=where, reason=exc.strerror)
        _say(state, failed.render(state.lang))
        return 2
    except Exception as exc:
        return _internal(state, exc)
    finally:
        state.stop_reading()  # stopped already, unless no command ran
        sys.stdout = real_stdout


def _internal(state: State, exc: BaseException) -> int:
    if state.debug:
        traceback.print_exc()
    else:
        from shuangchuang_cli.output.tables import printable

        error = printable(f"{type(exc).__name__}: {exc}")
        _say(state, text("cli.internal_error", state.lang, error=error))
    return 3


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    # Once: a second signal while the first one's clean-up runs must not cut it short.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, signal.SIG_IGN)
    raise Terminated(TERMINATED) if signum == signal.SIGTERM else KeyboardInterrupt()


def _escape_what_the_console_cannot_show() -> None:
    """A console in GBK (Chinese Windows, a redirect there) cannot write every name a
    submission holds (Uyghur in Arabic script): such a character is shown as its escape
    (\\u0626), as control characters are, instead of ending the run. JSON and CSV go out
    as UTF-8 bytes and hold it as it is."""
    for stream in (sys.stdout, sys.stderr):
        # Only a strict one: under the C locale Python writes undecodable bytes of file
        # names back as they were (surrogateescape), which `cd $(sc-cli sample-data)` needs.
        if getattr(stream, "errors", None) == "strict":
            with suppress(AttributeError, OSError, ValueError):
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    if getattr(sys.stdout, "errors", None) == "backslashreplace":
        from shuangchuang_cli.output.tables import show_on

        show_on(getattr(sys.stdout, "encoding", None))  # cells escaped before tables are laid out


def collect_rarely() -> None:
    """Run Python's cycle collector a hundred times less often than by default.

    A command makes millions of small objects (cells, records, issues, lines of a table)
    that live until it ends, and almost none is in a reference cycle: collecting every 700
    new objects walks the survivors again and again (explain's table of a region: 0.4 s of
    3.5). Cycles are still collected, only in larger sweeps."""
    gc.set_threshold(70_000, 10, 10)


def main() -> None:
    """The console entry point: run, flush, and leave without Python's teardown.

    A big run holds millions of small objects; freeing them one by one at exit takes a
    tenth of a second that the operating system does at once. Leaving by os._exit skips
    Python's clean-up (atexit, open files), so nothing may depend on it: SIGTERM and
    Ctrl-C are raised into the run as exceptions, every output file is written in a
    working folder that a `finally` removes, and everything written is flushed first.
    """
    signal.signal(signal.SIGTERM, _raise_terminated)
    signal.signal(signal.SIGINT, _raise_terminated)
    _escape_what_the_console_cannot_show()
    collect_rarely()
    aside.allow()
    code = run()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # already reported by run() when it matters
            stream.flush()
    aside.finish()  # the cache entries written alongside the command's last steps
    os._exit(code)
