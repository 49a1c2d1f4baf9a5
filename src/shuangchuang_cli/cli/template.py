"""sc-cli template: a blank submission workbook a clerk can fill in without a manual."""

from __future__ import annotations

from typing import Annotated

import typer

from shuangchuang_cli.cli.options import (
    ForceOpt,
    LangOpt,
    OutputOpt,
    RulesOpt,
    parse_year,
    rules_folder,
)
from shuangchuang_cli.cli.state import state_of


def template(
    ctx: typer.Context,
    output: OutputOpt,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="cli.opt.template_unit", metavar="cli.metavar.unit"),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="cli.opt.template_year", metavar="cli.metavar.year", parser=parse_year
        ),
    ] = None,
    force: ForceOpt = False,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    from shuangchuang_cli.models import Notice
    from shuangchuang_cli.output.tables import printable
    from shuangchuang_cli.output.template import write_template  # openpyxl only when needed
    from shuangchuang_cli.rules import load_rules

    ruleset = load_rules(rules_folder(rules))
    window = ruleset.plan
    if year is not None and year not in window.years:
        # Written all the same (a plan may be extended), but its records would not count.
        outside = {"year": year, "start": window.start.isoformat(), "end": window.end.isoformat()}
        state.notify([Notice(key="notice.template_outside_plan", params=outside)])
    path = write_template(output, ruleset, unit, year, state.lang, force)
    state.say(state.text("cli.template_written", path=printable(path)))
