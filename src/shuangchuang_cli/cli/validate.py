"""sc-cli validate: which cell of which file is wrong, why, and what is expected."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from shuangchuang_cli.cli.options import IssueFormat, LangOpt, RulesOpt
from shuangchuang_cli.cli.state import progress, state_of
from shuangchuang_cli.errors import UsageError


def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="cli.arg.paths")],
    fmt: Annotated[
        IssueFormat, typer.Option("--format", "-f", help="cli.opt.format")
    ] = IssueFormat.table,
    annotate_to: Annotated[
        Path | None, typer.Option("--annotate", dir_okay=False, help="cli.opt.annotate")
    ] = None,
    annotate_dir: Annotated[
        Path | None, typer.Option("--annotate-dir", file_okay=False, help="cli.opt.annotate_dir")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="cli.opt.force_output")] = False,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    if annotate_to is not None and annotate_dir is not None:
        raise UsageError("usage.annotate_both")
    if annotate_to is not None and (len(paths) != 1 or not paths[0].is_file()):
        raise UsageError("usage.annotate_one_file")
    if annotate_to is not None:
        from shuangchuang_cli.output.files import check_output

        check_output(annotate_to, force, inputs=paths)  # before the reading, not after
    if annotate_dir is not None:
        from shuangchuang_cli.output.send_back import refuse_into_inputs

        refuse_into_inputs(annotate_dir, paths)  # before minutes of reading
    from shuangchuang_cli.api import validate as check
    from shuangchuang_cli.rules import load_rules

    ruleset = load_rules(rules)
    with progress(state) as on_file:
        result = check(paths, ruleset, state.lang, on_file=on_file)
    if annotate_to is not None:
        from shuangchuang_cli.output.annotate import annotate  # openpyxl only when needed

        marked = annotate(
            paths[0], result.issues, annotate_to, ruleset.values.limits, force, state.lang
        )
        state.err.print(Text(state.text("cli.annotated", path=annotate_to, marked=marked)))
    if annotate_dir is not None:
        from shuangchuang_cli.output.send_back import annotate_folder

        sent = annotate_folder(
            paths, result.issues, annotate_dir, ruleset.values.limits, force, state.lang
        )
        done = state.text(
            "cli.annotated_dir", folder=annotate_dir, written=len(sent.written), clean=sent.clean
        )
        state.err.print(Text(done), highlight=False)
    from shuangchuang_cli.output import terminal as render

    if fmt is IssueFormat.json:
        from shuangchuang_cli.output.issues_json import write_validation

        write_validation(sys.stdout, result, state.lang)
    else:
        state.out.print(render.issues_view(result, state.lang))
    for notice in result.notices:
        state.err.print(Text(notice.message(state.lang)), style="yellow", highlight=False)
    raise typer.Exit(0 if result.valid else 1)
