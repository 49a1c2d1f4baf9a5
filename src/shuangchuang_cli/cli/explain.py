"""sc-cli explain: the records behind one indicator's number, each with its file, sheet, row."""

from __future__ import annotations

from typing import Annotated

import typer

from shuangchuang_cli.cli.options import (
    AsOfOpt,
    DataOpt,
    IssueFormat,
    LangOpt,
    RulesOpt,
    YearArg,
    day,
    print_json,
    workspace,
)
from shuangchuang_cli.cli.state import progress, state_of


def explain(
    ctx: typer.Context,
    indicator: Annotated[str, typer.Argument(metavar="ID", help="cli.arg.indicator")],
    year: YearArg,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        IssueFormat, typer.Option("--format", "-f", help="cli.opt.format")
    ] = IssueFormat.table,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    with progress(state) as on_file:
        ws = workspace(state, data, rules, on_file)
        result = ws.explain(indicator, year, day(as_of))
    from shuangchuang_cli.counting.explain import explanation_json
    from shuangchuang_cli.output import terminal as render

    if fmt is IssueFormat.json:
        print_json(explanation_json(result))
    else:
        state.out.print(render.explain_view(result, state.lang))
