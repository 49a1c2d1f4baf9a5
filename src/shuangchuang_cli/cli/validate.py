"""sc-cli validate: which cell of which file is wrong, why, and what is expected."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shuangchuang_cli.cli.options import (
    IssueFormat,
    LangOpt,
    RulesOpt,
    format_option,
    print_json,
    rules_folder,
)
from shuangchuang_cli.cli.state import progress, state_of
from shuangchuang_cli.errors import UsageError


def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="cli.arg.paths", metavar="cli.metavar.paths")],
    fmt: Annotated[IssueFormat, format_option(IssueFormat)] = IssueFormat.table,
    annotate_to: Annotated[
        Path | None,
        typer.Option("--annotate", help="cli.opt.annotate", metavar="cli.metavar.file"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="cli.opt.force_output")] = False,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    if annotate_to is not None and (len(paths) != 1 or not paths[0].is_file()):
        raise UsageError("usage.annotate_one_file")
    from shuangchuang_cli.api import validate as check
    from shuangchuang_cli.rules import load_rules

    ruleset = load_rules(rules_folder(rules))
    with progress(state) as on_file:
        result = check(paths, ruleset, state.lang, on_file=on_file)
    state.notify(result.notices)
    if annotate_to is not None:
        from shuangchuang_cli.output.annotate import annotate  # openpyxl only when needed

        marked = annotate(paths[0], result.issues, annotate_to, ruleset, force, state.lang)
        from shuangchuang_cli.output.tables import printable

        state.say(state.text("cli.annotated", path=printable(annotate_to), marked=marked))
    if fmt is IssueFormat.json:
        print_json(result.as_json(state.lang))
    else:
        from shuangchuang_cli.output.check_views import issues_view

        state.show(issues_view(result, state.lang))
    raise typer.Exit(0 if result.valid else 1)
