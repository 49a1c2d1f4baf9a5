"""sc-cli report: where the district stands against every target of the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from shuangchuang_cli.cli.options import (
    AsOfOpt,
    BomOpt,
    DataOpt,
    Format,
    LangOpt,
    RulesOpt,
    YearArg,
    format_option,
    print_json,
    workspace,
    write_csv,
    write_markdown,
)
from shuangchuang_cli.cli.state import State, progress, start_reading, state_of
from shuangchuang_cli.errors import UsageError

FormatOpt = Annotated[Format, format_option(Format)]


def report(
    ctx: typer.Context,
    year: YearArg,
    as_of: AsOfOpt = None,
    by_unit: Annotated[bool, typer.Option("--by-unit", help="cli.opt.by_unit")] = False,
    trend: Annotated[bool, typer.Option("--trend", help="cli.opt.trend")] = False,
    fmt: FormatOpt = Format.table,
    bom: BomOpt = True,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    start_reading(ctx)
    if trend:
        if by_unit:
            raise UsageError("usage.trend_by_unit")
        _trend(state, year, as_of, fmt, bom, (data, rules))
        return
    with progress(state) as on_file:
        ws = workspace(state, data, rules, on_file)
        result = ws.report(year, as_of)
        units = ws.by_unit(year, as_of) if by_unit else []
    from shuangchuang_cli.models import progress_json
    from shuangchuang_cli.output import views

    state.notify(result.notices)
    if fmt is Format.json:
        payload = progress_json(result, state.lang)
        if by_unit:
            payload["units"] = [{"name": u.unit, "actuals": u.actuals} for u in units]
        print_json(payload)
        return
    district = ws.rules.plan.district
    table = views.progress_view(result, state.lang, district)
    unit_table = views.unit_view(result, units, state.lang) if by_unit else None
    if fmt is Format.csv:
        # One table per CSV: with --by-unit, the unit table (units x indicators).
        write_csv(state, unit_table or table, bom)
    elif fmt is Format.markdown:
        write_markdown([table] if unit_table is None else [table, unit_table])
    else:
        state.show([table] if unit_table is None else [table, unit_table])


def _trend(
    state: State,
    year: int,
    as_of: dt.date | None,
    fmt: Format,
    bom: bool,
    folders: tuple[Path | None, Path | None],
) -> None:
    """report --trend: every indicator at each quarter end (counting/trend.py)."""
    with progress(state) as on_file:
        ws = workspace(state, *folders, on_file)
        result = ws.trend(year, as_of)
        notices = ws.notices(year, as_of)
    from shuangchuang_cli.counting.trend import trend_json
    from shuangchuang_cli.output.trend import trend_view

    state.notify(notices)
    if fmt is Format.json:
        print_json(trend_json(result))
        return
    view = trend_view(result, state.lang)
    if fmt is Format.csv:
        write_csv(state, view, bom)
    elif fmt is Format.markdown:
        write_markdown([view])
    else:
        state.show(view)
