"""sc-cli score: the year-end assessment of the units or the carriers."""

from __future__ import annotations

from typing import Annotated

import typer

from shuangchuang_cli.cli.options import (
    BomOpt,
    DataOpt,
    LangOpt,
    RulesOpt,
    ScoreFormat,
    YearArg,
    format_option,
    print_json,
    workspace,
    write_csv,
)
from shuangchuang_cli.cli.state import progress, start_reading, state_of


def score(
    ctx: typer.Context,
    year: YearArg,
    units: Annotated[
        bool, typer.Option("--units/--carriers", help="cli.opt.units_carriers")
    ] = True,
    fmt: Annotated[ScoreFormat, format_option(ScoreFormat)] = ScoreFormat.table,
    bom: BomOpt = True,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    start_reading(ctx)
    with progress(state) as on_file:
        ws = workspace(state, data, rules, on_file)
        scores = ws.score(year, "units" if units else "carriers")
        notices = ws.notices(year, carriers=not units)
    from shuangchuang_cli.assessment.scores import scores_json
    from shuangchuang_cli.output.tables import Table
    from shuangchuang_cli.output.views import score_view

    state.notify(notices)
    if fmt is ScoreFormat.json:
        print_json({**scores_json(scores), "notices": [n.as_json(state.lang) for n in notices]})
        return
    if fmt is ScoreFormat.csv:
        blocks = score_view(scores, state.lang, one_table=True)
        write_csv(state, next(b for b in blocks if isinstance(b, Table)), bom)
        return
    state.show(score_view(scores, state.lang))
