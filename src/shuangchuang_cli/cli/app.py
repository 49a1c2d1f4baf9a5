"""The sc-cli command line: the typer app, its commands, and the one guard around a run.

Each command lives in its own module and only parses options, calls the library, hands
the result to output/ and picks the exit code. Exit codes: 0 ran (validate: no error
found), 1 validate found errors (rules --check: problems found), 2 usage error (a bad
option, a missing path, unusable rules, an output that cannot be written), 3 the tool
itself failed (one line; the traceback with --debug).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from contextlib import suppress
from typing import Annotated

import typer
from rich.text import Text
from typer import rich_utils

# typer ships its own copy of click (typer._click) and no longer depends on click itself.
from typer._click import Command
from typer._click import exceptions as click_errors
from typer.core import TyperGroup

from shuangchuang_cli import __version__
from shuangchuang_cli.cli.bulletin import bulletin
from shuangchuang_cli.cli.explain import explain
from shuangchuang_cli.cli.export import export
from shuangchuang_cli.cli.options import LangOpt
from shuangchuang_cli.cli.report import report
from shuangchuang_cli.cli.rules import show_rules
from shuangchuang_cli.cli.score import score
from shuangchuang_cli.cli.state import State, state_of
from shuangchuang_cli.cli.template import template
from shuangchuang_cli.cli.validate import validate
from shuangchuang_cli.errors import ToolError
from shuangchuang_cli.i18n import Lang, has_text, text

# The plan's number of indicators, for the help of `report` (the bundled rules' count;
# a help text cannot wait for --rules to be read).
INDICATORS_IN_HELP = 12


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        state_of(ctx).out.print(f"sc-cli {__version__}", highlight=False)
        raise typer.Exit()


app = typer.Typer(
    name="sc-cli",
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
    lang: LangOpt = None,
) -> None:
    state_of(ctx)  # the run's State, made before parsing (run) or here (test runners)


app.command("report", help="cli.cmd.report")(report)
app.command("validate", help="cli.cmd.validate")(validate)
app.command("template", help="cli.cmd.template")(template)
app.command("export", help="cli.cmd.export")(export)
app.command("bulletin", help="cli.cmd.bulletin")(bulletin)
app.command("score", help="cli.cmd.score")(score)
app.command("explain", help="cli.cmd.explain")(explain)
app.command("rules", help="cli.cmd.rules")(show_rules)


def _localised(value: str | None, lang: Lang) -> str | None:
    if value is None or not has_text(value):
        return value
    return text(value, lang, count=INDICATORS_IN_HELP)


def localise(command: Command, lang: Lang) -> Command:
    """The command tree with every help text in `lang` (the app declares catalogue keys)."""
    command.help = _localised(command.help, lang)
    for param in command.params:
        if hasattr(param, "help"):
            param.help = _localised(param.help, lang)
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            localise(sub, lang)
    return command


def command(lang: Lang = "zh") -> Command:
    """The sc-cli command tree, its help in `lang`."""
    return localise(typer.main.get_command(app), lang)


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit code; nothing raises past this point.

    Everything the command does, rendering included, happens inside this one guard.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    state = State.from_argv(args)
    try:
        code = command(state.lang).main(
            args=args, prog_name="sc-cli", standalone_mode=False, obj=state
        )
        return code if isinstance(code, int) else 0
    except ToolError as exc:
        state.err.print(Text(exc.render(state.lang)), style="red", highlight=False)
        return 2
    except click_errors.NoArgsIsHelpError:
        return 0  # the help is already shown
    except click_errors.ClickException as exc:
        rich_utils.rich_format_error(exc)
        return 2
    except (typer.Abort, KeyboardInterrupt):
        return 130
    except SystemExit as done:  # shell completion leaves through sys.exit
        return done.code if isinstance(done.code, int) else 0
    except Exception as exc:
        if state.debug:
            traceback.print_exc()
        else:
            error = f"{type(exc).__name__}: {exc}"
            line = Text(text("cli.internal_error", state.lang, error=error))
            state.err.print(line, style="red", highlight=False)
        return 3


def main() -> None:
    """The console entry point: run, flush, and leave without Python's teardown.

    A big run holds millions of small objects; freeing them one by one at exit takes a
    tenth of a second that the operating system does at once. Everything the commands
    write is flushed first, and they clean up their own temporary files before returning.
    """
    code = run()
    for stream in (sys.stdout, sys.stderr):
        with suppress(BrokenPipeError, ValueError):  # a closed pipe (sc-cli ... | head)
            stream.flush()
    os._exit(code)
