"""sc-cli report: where the district stands against every target of the plan."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
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
from shuangchuang_cli.cli.state import State, progress, state_of
from shuangchuang_cli.errors import UsageError


def report(
    ctx: typer.Context,
    year: YearArg,
    as_of: AsOfOpt = None,
    by_unit: Annotated[bool, typer.Option("--by-unit", help="cli.opt.by_unit")] = False,
    trend: Annotated[bool, typer.Option("--trend", help="cli.opt.trend")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="cli.opt.format")] = Format.table,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    language = state.lang
    if trend:
        if by_unit:
            raise UsageError("usage.trend_by_unit")
        _trend(state, year, as_of, fmt, data, rules)
        return
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


def _trend(
    state: State,
    year: int,
    as_of: dt.datetime | None,
    fmt: Format,
    data: Path | None,
    rules: Path | None,
) -> None:
    """report --trend: every indicator at each quarter end (counting/trend.py)."""
    with progress(state) as on_file:
        ws = workspace(state, data, rules, on_file)
        result = ws.trend(year, day(as_of))
        notices = ws.report(year, day(as_of)).notices
    from shuangchuang_cli.counting.trend import trend_json
    from shuangchuang_cli.output import terminal as render
    from shuangchuang_cli.output import trend as view
    from shuangchuang_cli.output.terminal_trend import trend_table

    state.notify(notices)
    if fmt is Format.json:
        print_json(trend_json(result))
    elif fmt is Format.csv:
        sys.stdout.write(render.to_csv(*view.trend_rows(result, state.lang)))
    elif fmt is Format.markdown:
        caption = view.trend_caption(result, state.lang)
        sys.stdout.write(render.to_markdown(*view.trend_rows(result, state.lang), caption))
    else:
        state.out.print(trend_table(result, state.lang, state.out.width))
