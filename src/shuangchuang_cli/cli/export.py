"""sc-cli export: the annual assessment workbook to hand in."""

from __future__ import annotations

from typing import Annotated

import typer

from shuangchuang_cli.cli.options import (
    AsOfOpt,
    BomOpt,
    BulletinFormat,
    DataOpt,
    ForceOpt,
    LangOpt,
    OutputOpt,
    RulesOpt,
    YearArg,
    format_option,
    workspace,
    write_csv,
    write_markdown,
)
from shuangchuang_cli.cli.state import progress, start_reading, state_of


def export(
    ctx: typer.Context,
    year: YearArg,
    output: OutputOpt,
    as_of: AsOfOpt = None,
    force: ForceOpt = False,
    fmt: Annotated[
        BulletinFormat | None, format_option(BulletinFormat, "cli.opt.export_format")
    ] = None,
    bom: BomOpt = True,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    start_reading(ctx)
    with progress(state) as on_file:
        ws = workspace(state, data, rules, on_file)
        state.notify(ws.notices(year, as_of))
        from shuangchuang_cli.output.export import export_workbook  # openpyxl, when needed

        summary = export_workbook(ws, year, output, as_of, state.lang, force)
    from shuangchuang_cli.output.tables import printable

    for note in summary.notes:
        state.say(printable(note), "yellow")
    done = state.text(
        "cli.exported",
        path=printable(summary.path),
        counted=summary.counted_rows,
        issues=summary.issues,
    )
    state.say(done)
    if fmt is not None:
        from shuangchuang_cli.output.tables import Table
        from shuangchuang_cli.output.views import bulletin_view

        result = ws.report(year, as_of)
        blocks = bulletin_view(result, state.lang, ws.rules.plan.district)
        if fmt is BulletinFormat.csv:
            write_csv(state, next(b for b in blocks if isinstance(b, Table)), bom)
        else:
            write_markdown(blocks, heading=True)
