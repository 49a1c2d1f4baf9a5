"""sc-cli template: a blank submission workbook a clerk can fill in without a manual."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from shuangchuang_cli.cli.options import ForceOpt, LangOpt, OutputOpt, RulesOpt
from shuangchuang_cli.cli.state import state_of


def template(
    ctx: typer.Context,
    output: OutputOpt,
    unit: Annotated[str | None, typer.Option("--unit", help="cli.opt.template_unit")] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="cli.opt.template_year", min=2000, max=2100)
    ] = None,
    force: ForceOpt = False,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    from shuangchuang_cli.output.template import write_template  # openpyxl only when needed
    from shuangchuang_cli.rules import load_rules

    path = write_template(output, load_rules(rules), unit, year, state.lang, force)
    state.err.print(Text(state.text("cli.template_written", path=path)), highlight=False)
