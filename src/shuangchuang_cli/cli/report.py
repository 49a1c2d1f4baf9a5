"""sc-cli report: where the district stands against every target of the plan."""

from __future__ import annotations

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
from shuangchuang_cli.cli.state import progress, state_of

FormatOpt = Annotated[Format, format_option(Format)]


def report(
    ctx: typer.Context,
    year: YearArg,
    as_of: AsOfOpt = None,
    by_unit: Annotated[bool, typer.Option("--by-unit", help="cli.opt.by_unit")] = False,
    fmt: FormatOpt = Format.table,
    bom: BomOpt = True,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
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
