"""The frame around the commands in the user's language: help pages and usage errors.

typer 0.29 writes its frame in English, mostly in f-strings no translation catalogue
reaches ("Missing argument", "No such option", "Usage: ", the metavars) and partly in
module constants read at import (rich_utils' panel titles). So instead of patching typer,
the app's command classes (LocalCommand, LocalGroup, passed to typer as `cls`) write the
help page themselves, and run() writes every usage error from the exception's own data
(which parameter, which option, which value) with catalogue texts. Nothing global is
changed: the language is the run's State, found through the click context, so one
process can run a Chinese command and an English one in turn (the tests do).

Values are refused by the parsers in options.py, which raise BadValue with a catalogue
key; the few refusals that come from click itself (a missing argument, an unknown option,
an option without its value, an unknown command, extra arguments) are recognised by
their exception types.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import get_close_matches
from enum import Enum
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from typer._click import Context, HelpFormatter
from typer._click import exceptions as click_errors
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from shuangchuang_cli.cli.state import State, state_of
from shuangchuang_cli.i18n import Lang, has_text, text


class BadValue(click_errors.BadParameter):
    """A value a parser refused, with the catalogue key and parameters of why.

    Raised from a parser, it passes through typer's value conversion unchanged (it is not
    a ValueError), and click adds the parameter it was given for."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NoSuchCommand(click_errors.UsageError):
    def __init__(self, ctx: Context, name: str, matches: Sequence[str]) -> None:
        super().__init__(f"No such command {name!r}.", ctx)
        self.name = name
        self.matches = list(matches)


class ExtraArguments(click_errors.UsageError):
    def __init__(self, ctx: Context, extra: Sequence[str]) -> None:
        super().__init__(f"Got unexpected extra argument(s) ({' '.join(extra)})", ctx)
        self.extra = list(extra)


def _shown(value: object) -> str:
    from shuangchuang_cli.output.tables import printable

    return printable(value)


def escaped(params: dict[str, Any]) -> dict[str, Any]:
    """Message parameters as they may be shown: text and names with control characters
    as escapes (a folder, a file or a typed value may hold them); numbers as they are."""
    return {
        k: tuple(_shown(x) for x in v)
        if isinstance(v, list | tuple)
        else v
        if isinstance(v, int | float)
        else _shown(v)
        for k, v in params.items()
    }


# --- the help page ------------------------------------------------------------------------

# Help texts of the options typer and click add themselves, by parameter name.
_OWN_HELP = {
    "help": "cli.opt.help",
    "install_completion": "cli.opt.install_completion",
    "show_completion": "cli.opt.show_completion",
}


def param_name(param: Any, lang: Lang) -> str:
    """How an error or a usage line names a parameter: --as-of, or 年度 / YEAR."""
    if isinstance(param, TyperArgument):
        return str(param.metavar or param.name or "")
    opts = getattr(param, "opts", None) or [str(getattr(param, "name", ""))]
    return str(max(opts, key=len))


def _signature(param: TyperOption | TyperArgument, lang: Lang) -> str:
    if isinstance(param, TyperArgument):
        return param_name(param, lang) + ("…" if param.nargs != 1 else "")
    shorts = [o for o in param.opts if not o.startswith("--")]
    longs = [o for o in param.opts if o.startswith("--")]
    names = ", ".join([*shorts, *longs])
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    if not param.is_flag and param.metavar:
        names += " " + param.metavar
    return names


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    found = getattr(descriptor, "choices", None) or ()
    return [str(c.value if isinstance(c, Enum) else c) for c in found]


def _default(param: Any) -> str | None:
    if isinstance(param, TyperOption) and param.is_flag:
        if param.secondary_opts and isinstance(param.default, bool):
            return (param.opts if param.default else param.secondary_opts)[0]
        return None
    value = param.default
    if value is None or isinstance(param, TyperArgument):
        return None
    return str(value.value if isinstance(value, Enum) else value)


def _param_help(param: Any, lang: Lang) -> str:
    name = str(getattr(param, "name", ""))
    own = _OWN_HELP.get(name)
    said = text(own, lang) if own else str(getattr(param, "help", "") or "")
    notes = []
    choices = _choices(param)
    if choices:
        notes.append(text("cli.help.choices", lang, choices=tuple(choices)))
    default = _default(param)
    if default is not None:
        notes.append(text("cli.help.default", lang, value=default))
    if param.required:
        notes.append(text("cli.help.required", lang))
    if notes:
        joined = text("cli.help.note_separator", lang).join(notes)
        said += text("cli.help.notes", lang, notes=joined)
    return said


def usage_line(command: Any, ctx: Context, lang: Lang) -> str:
    pieces = [ctx.command_path]
    if any(isinstance(p, TyperOption) for p in command.get_params(ctx)):
        pieces.append(text("cli.help.options_piece", lang))
    for param in command.params:
        if isinstance(param, TyperArgument):
            shown = param_name(param, lang) + ("…" if param.nargs != 1 else "")
            pieces.append(shown if param.required else f"[{shown}]")
    if isinstance(command, TyperGroup):
        pieces.append(text("cli.help.command_piece", lang))
    return " ".join(pieces)


def _rows(rows: Sequence[tuple[str, str]], width: int) -> Table:
    """Two columns: a name never broken, its text wrapped to what is left."""
    from shuangchuang_cli.output.terminal_wrap import wrap

    left = max((len(name) for name, _ in rows), default=0)
    left = min(left, max(width // 3, 12))
    grid = Table.grid(padding=(0, 2), expand=False)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    room = max(width - left - 4 - 4, 20)
    for name, said in rows:
        grid.add_row(Text(name, style="bold cyan"), Text("\n".join(wrap(said, room))))
    return grid


def help_page(command: Any, ctx: Context, lang: Lang, width: int) -> RenderableType:
    """The whole help of a command or of the app, every word in `lang`."""
    from shuangchuang_cli.output.terminal_wrap import wrap

    parts: list[RenderableType] = [
        Text(text("cli.help.usage", lang, usage=usage_line(command, ctx, lang)), style="bold"),
        Text(""),
    ]
    for paragraph in (command.help or "").split("\n\n"):
        parts += [Text("\n".join(wrap(paragraph.strip(), width - 1))), Text("")]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [
        (_signature(p, lang), _param_help(p, lang)) for p in params if isinstance(p, TyperArgument)
    ]
    options = [
        (_signature(p, lang), _param_help(p, lang)) for p in params if isinstance(p, TyperOption)
    ]
    sections = [("cli.help.arguments", arguments), ("cli.help.options", options)]
    if isinstance(command, TyperGroup):
        listed = [
            (name, sub.short_help or (sub.help or "").split("\n\n")[0])
            for name, sub in command.commands.items()
            if not sub.hidden
        ]
        sections.append(("cli.help.commands", listed))
    for key, rows in sections:
        if rows:
            parts.append(
                Panel(
                    _rows(rows, width),
                    title=text(key, lang),
                    title_align="left",
                    border_style="dim",
                )
            )
    return Group(*parts)


class _Localised:
    """What LocalCommand and LocalGroup share: a help page and a usage line in the run's
    language."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        lang = state_of(ctx).lang
        formatter.write(text("cli.help.usage", lang, usage=usage_line(self, ctx, lang)) + "\n")

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        state = state_of(ctx)
        with state.out.capture() as captured:
            state.out.print(help_page(self, ctx, state.lang, state.out.width))
        formatter.write(captured.get())


class LocalCommand(_Localised, TyperCommand):
    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        # click refuses extra arguments with an English sentence; collect them instead.
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise ExtraArguments(ctx, rest)
        return rest


class LocalGroup(_Localised, TyperGroup):
    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            if name.startswith("-"):
                self.parse_args(ctx, args)  # an unknown option: NoSuchOption
            raise NoSuchCommand(ctx, name, get_close_matches(name, list(self.commands)))
        return super().resolve_command(ctx, args)


# --- usage errors -----------------------------------------------------------------------


def error_message(exc: click_errors.ClickException, lang: Lang) -> str:
    """What went wrong on the command line, in `lang`."""
    param = getattr(exc, "param", None)
    name = _shown(param_name(param, lang)) if param is not None else ""
    if isinstance(exc, BadValue):
        return text(exc.key, lang, param=name, **escaped(exc.params))
    if isinstance(exc, click_errors.MissingParameter):
        kind = "argument" if isinstance(param, TyperArgument) else "option"
        return text(f"cli.error.missing_{kind}", lang, name=name)
    if isinstance(exc, click_errors.NoSuchOption):
        said = text("cli.error.no_such_option", lang, option=_shown(exc.option_name))
        if exc.possibilities:
            said += text("cli.error.did_you_mean", lang, names=tuple(sorted(exc.possibilities)))
        return said
    if isinstance(exc, click_errors.BadOptionUsage):
        option = _shown(exc.option_name)
        if "does not take a value" in exc.message:
            return text("cli.error.takes_no_value", lang, option=option)
        return text("cli.error.needs_value", lang, option=option)
    if isinstance(exc, NoSuchCommand):
        said = text("cli.error.no_such_command", lang, name=_shown(exc.name))
        if exc.matches:
            said += text("cli.error.did_you_mean", lang, names=tuple(exc.matches))
        return said
    if isinstance(exc, ExtraArguments):
        return _extra_arguments(exc, lang)
    if isinstance(exc, click_errors.BadParameter):
        return text("cli.error.bad_value", lang, param=name)
    if exc.message == "Missing command.":
        return text("cli.error.missing_command", lang)
    return text("cli.error.usage", lang, detail=_shown(exc.format_message()))


_EXTRA_SHOWN = 3  # a shell wildcard can hand over hundreds of file names


def _extra_arguments(exc: ExtraArguments, lang: Lang) -> str:
    """The first few extra words and how many there are; and, when they name files or
    folders and the command reads its folder from --data, how to give it one."""
    shown = " ".join(exc.extra[:_EXTRA_SHOWN])
    if len(exc.extra) > _EXTRA_SHOWN:
        said = text("cli.error.extra_args_many", lang, args=_shown(shown), count=len(exc.extra))
    else:
        said = text("cli.error.extra_args", lang, args=_shown(shown))
    ctx: Context | None = exc.ctx
    takes_data = ctx is not None and any(
        "--data" in getattr(param, "opts", ()) for param in ctx.command.params
    )
    if takes_data and any(_names_a_path(word) for word in exc.extra):
        said += "\n" + text("cli.error.extra_paths", lang)
    return said


def _names_a_path(word: str) -> bool:
    try:
        return Path(word).exists()
    except (OSError, ValueError):  # a name too long, or with a NUL in it
        return False


def show_usage_error(exc: click_errors.ClickException, state: State) -> None:
    """The usage line, where to find help, and what went wrong, on stderr."""
    from shuangchuang_cli.output.terminal_wrap import wrap

    lang = state.lang
    ctx: Context | None = getattr(exc, "ctx", None)
    if ctx is not None:
        command = ctx.command
        state.err.print(
            Text(text("cli.help.usage", lang, usage=usage_line(command, ctx, lang))),
            highlight=False,
        )
        if command.get_help_option(ctx) is not None:
            hint = text(
                "cli.error.try_help",
                lang,
                command=ctx.command_path,
                option=ctx.help_option_names[0],
            )
            state.err.print(Text(hint, style="dim"), highlight=False)
    said = "\n".join(wrap(error_message(exc, lang), max(state.err.width - 4, 20)))
    state.err.print(
        Panel(
            Text(said), title=text("cli.error.title", lang), title_align="left", border_style="red"
        ),
        highlight=False,
    )


def tool_error_message(key: str, params: dict[str, Any], lang: Lang) -> str:
    """A library error (errors.ToolError) with every parameter escaped: a folder or an
    option may hold control characters."""
    if has_text(key):
        return text(key, lang, **escaped(params))
    return "\n".join(_shown(line) for line in key.splitlines())
