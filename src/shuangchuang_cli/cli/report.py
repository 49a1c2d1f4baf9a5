"""sc-cli report: where the district stands against every target of the plan."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from shuangchuang_cli.cli.options import (
    AsOfOpt,
    DataOpt,
    Format,
    LangOpt,
    RulesOpt,
    YearArg,
    day,
    print_json,
    workspace,
)
from shuangchuang_cli.cli.state import progress, state_of


def report(
    ctx: typer.Context,
    year: YearArg,
    as_of: AsOfOpt = None,
    by_unit: Annotated[bool, typer.Option("--by-unit", help="cli.opt.by_unit")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="cli.opt.format")] = Format.table,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    language = state.lang
    with progress(state) as on_file:
        ws = workspace(state, data, rules, on_file)
        result = ws.report(year, day(as_of))
        units = ws.by_unit(year, day(as_of)) if by_unit else []
    from shuangchuang_cli.models import progress_json
    from shuangchuang_cli.output import terminal as render

    names_en = {i.id: i.name_en for i in ws.rules.indicators}
    state.notify(result.notices)
    if fmt is Format.json:
        payload = progress_json(result, language)
        if by_unit:
            payload["units"] = [{"name": u.unit, "actuals": u.actuals} for u in units]
        print_json(payload)
        return
    headers, rows = render.progress_rows(result, language, names_en)
    shorts = {
        i.id: (i.short_en if language == "en" else i.short) or i.name for i in ws.rules.indicators
    }
    if fmt is Format.csv:
        # One table per CSV: with --by-unit, the unit table (units x indicators).
        table = render.unit_rows(result, units, language, shorts) if by_unit else (headers, rows)
        sys.stdout.write(render.to_csv(*table))
    elif fmt is Format.markdown:
        sys.stdout.write(render.to_markdown(headers, rows, render.caption(result, language)))
        if by_unit:
            sys.stdout.write(
                "\n" + render.to_markdown(*render.unit_rows(result, units, language, shorts))
            )
    else:
        state.out.print(render.progress_table(result, language, names_en))
        if by_unit:
            state.out.print(render.unit_table(result, units, language, shorts))
