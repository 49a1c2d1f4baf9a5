"""sc-cli export: the annual assessment workbook to hand in."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.text import Text

from shuangchuang_cli.cli.options import (
    AsOfOpt,
    BulletinFormat,
    DataOpt,
    ForceOpt,
    LangOpt,
    OutputOpt,
    RulesOpt,
    YearArg,
    day,
    workspace,
)
from shuangchuang_cli.cli.state import progress, state_of


def export(
    ctx: typer.Context,
    year: YearArg,
    output: OutputOpt,
    as_of: AsOfOpt = None,
    force: ForceOpt = False,
    fmt: Annotated[
        BulletinFormat | None, typer.Option("--format", "-f", help="cli.opt.export_format")
    ] = None,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    with progress(state) as on_file:
        ws = workspace(state, data, rules, on_file)
        from shuangchuang_cli.output.export import export_workbook  # openpyxl, when needed

        summary = export_workbook(ws, year, output, day(as_of), state.lang, force)
    state.notify(ws.notices(year))
    for note in summary.notes:
        state.err.print(Text(note), style="yellow", highlight=False)
    done = state.text(
        "cli.exported", path=summary.path, counted=summary.counted_rows, issues=summary.issues
    )
    state.err.print(Text(done), highlight=False)
    if fmt is not None:
        from shuangchuang_cli.output import terminal as render

        names_en = {i.id: i.name_en for i in ws.rules.indicators}
        result = ws.report(year, day(as_of))
        district = ws.rules.plan.district
        sys.stdout.write(render.bulletin(result, state.lang, names_en, fmt.value, district))
