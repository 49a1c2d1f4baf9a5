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
    format_option,
    print_json,
    workspace,
)
from shuangchuang_cli.cli.state import progress, start_reading, state_of


def explain(
    ctx: typer.Context,
    indicator: Annotated[
        str, typer.Argument(help="cli.arg.indicator", metavar="cli.metavar.indicator")
    ],
    year: YearArg,
    as_of: AsOfOpt = None,
    fmt: Annotated[IssueFormat, format_option(IssueFormat)] = IssueFormat.table,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    start_reading(ctx)
    from shuangchuang_cli.api import find_indicator
    from shuangchuang_cli.output.explain_view import explain_view, indicator_list
    from shuangchuang_cli.output.tables import printable
    from shuangchuang_cli.output.terminal import render

    with progress(state) as on_file:
        ws = workspace(state, data, rules, on_file)
        found = find_indicator(ws.rules.indicators, indicator)
        if found is None:
            state.say(state.text("usage.no_such_indicator", query=printable(indicator)), "red")
            listing = indicator_list(ws.rules.indicators, state.lang)
            state.err.print(render(listing, state.err.width, state.lang))
            raise typer.Exit(2)
        result = ws.explain(found.id, year, as_of)
        carrier = ws.rules.source_sheet(found).is_roster
        notices = ws.notices(year, as_of, carriers=carrier)
    from shuangchuang_cli.counting.explain import explanation_json

    state.notify(notices)
    if fmt is IssueFormat.json:
        notes = [n.as_json(state.lang) for n in notices]
        print_json({**explanation_json(result), "notices": notes})
    else:
        state.show(explain_view(result, state.lang))
