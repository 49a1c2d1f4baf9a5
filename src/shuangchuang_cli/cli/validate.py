"""sc-cli validate: which cell of which file is wrong, why, and what is expected."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shuangchuang_cli.cli.options import (
    IssueFormat,
    LangOpt,
    RulesOpt,
    format_option,
    rules_folder,
    stdout_bytes,
)
from shuangchuang_cli.cli.state import State, progress, start_reading, state_of
from shuangchuang_cli.errors import UsageError

if TYPE_CHECKING:
    from shuangchuang_cli.models import Issue
    from shuangchuang_cli.rules import Rules


def _refuse_copies(
    paths: list[Path], annotate_to: Path | None, annotate_dir: Path | None, force: bool
) -> None:
    """Marked copies that cannot be written are refused before the reading, not after."""
    if annotate_to is not None and annotate_dir is not None:
        raise UsageError("usage.annotate_both")
    if annotate_to is not None and (len(paths) != 1 or not paths[0].is_file()):
        raise UsageError("usage.annotate_one_file")
    if annotate_to is not None:
        from shuangchuang_cli.output.files import check_output

        check_output(annotate_to, force, inputs=paths)
    if annotate_dir is not None:
        from shuangchuang_cli.output.send_back import refuse_into_inputs

        if annotate_dir.exists() and not annotate_dir.is_dir():
            raise UsageError("usage.annotate_dir_is_file", path=annotate_dir)

        refuse_into_inputs(annotate_dir, paths)  # before minutes of reading


def _write_copies(
    state: State,
    paths: list[Path],
    issues: list[Issue],
    rules: Rules,
    to: tuple[Path | None, Path | None],
    force: bool,
) -> None:
    """The marked copies --annotate (one file) or --annotate-dir (a folder) asked for."""
    from shuangchuang_cli.output.tables import printable

    annotate_to, annotate_dir = to
    if annotate_to is not None:
        from shuangchuang_cli.output.annotate import annotate  # openpyxl only when needed

        marked = annotate(paths[0], issues, annotate_to, rules, force, state.lang)
        state.say(state.text("cli.annotated", path=printable(annotate_to), marked=marked))
    if annotate_dir is not None:
        from shuangchuang_cli.output.send_back import annotate_folder

        sent = annotate_folder(paths, issues, annotate_dir, rules, force, state.lang)
        done = state.text(
            "cli.annotated_dir",
            folder=printable(annotate_dir),
            written=len(sent.written),
            clean=sent.clean,
        )
        state.say(done)


def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="cli.arg.paths", metavar="cli.metavar.paths")],
    fmt: Annotated[IssueFormat, format_option(IssueFormat)] = IssueFormat.table,
    annotate_to: Annotated[
        Path | None,
        typer.Option("--annotate", help="cli.opt.annotate", metavar="cli.metavar.file"),
    ] = None,
    annotate_dir: Annotated[
        Path | None,
        typer.Option(
            "--annotate-dir",
            help="cli.opt.annotate_dir",
            metavar="cli.metavar.folder",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="cli.opt.force_output")] = False,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    _refuse_copies(paths, annotate_to, annotate_dir, force)
    ahead = start_reading(ctx, 1 if len(paths) == 1 and paths[0].is_file() else None, paths, rules)
    from shuangchuang_cli.api import validate as check
    from shuangchuang_cli.rules import load_rules

    ruleset = load_rules(rules_folder(rules))
    with progress(state) as on_file:
        result = check(
            paths,
            ruleset,
            state.lang,
            on_file=on_file,
            store=state.store(),
            reader=state.reader,
            ahead=ahead,
        )
    state.notify(result.notices)
    _write_copies(state, paths, result.issues, ruleset, (annotate_to, annotate_dir), force)
    if fmt is IssueFormat.json:
        from shuangchuang_cli.output.issues_json import write_validation

        with stdout_bytes() as out:
            write_validation(out, result, state.lang)
    else:
        from shuangchuang_cli.output.check_views import issues_view

        state.show(issues_view(result, state.lang))
    raise typer.Exit(0 if result.valid else 1)
