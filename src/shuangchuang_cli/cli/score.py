"""sc-cli score: the year-end assessment of the units or the carriers."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from shuangchuang_cli.cli.options import (
    DataOpt,
    LangOpt,
    RulesOpt,
    ScoreFormat,
    YearArg,
    print_json,
    workspace,
)
from shuangchuang_cli.cli.state import progress, state_of


def score(
    ctx: typer.Context,
    year: YearArg,
    units: Annotated[
        bool, typer.Option("--units/--carriers", help="cli.opt.units_carriers")
    ] = True,
    fmt: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="cli.opt.format")
    ] = ScoreFormat.table,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    with progress(state) as on_file:
        ws = workspace(state, data, rules, on_file)
        scores = ws.score(year, "units" if units else "carriers")
    from shuangchuang_cli.assessment.scores import scores_json
    from shuangchuang_cli.output import terminal as render

    state.notify(scores.notices)
    if fmt is ScoreFormat.json:
        print_json(scores_json(scores, state.lang))
    elif fmt is ScoreFormat.csv:
        sys.stdout.write(render.to_csv(*render.score_rows(scores, state.lang)))
    else:
        state.out.print(render.score_table(scores, state.lang))
