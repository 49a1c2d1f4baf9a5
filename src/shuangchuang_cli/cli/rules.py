"""sc-cli rules: the targets, units and weights in force, and a check of the rules folder."""

from __future__ import annotations

from typing import Annotated

import typer

from shuangchuang_cli.cli.options import (
    IssueFormat,
    LangOpt,
    RulesOpt,
    format_option,
    print_json,
    rules_folder,
)
from shuangchuang_cli.cli.state import state_of


def show_rules(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option("--check", help="cli.opt.check")] = False,
    fmt: Annotated[IssueFormat, format_option(IssueFormat)] = IssueFormat.table,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    from shuangchuang_cli.output.check_views import rules_check_view, rules_view
    from shuangchuang_cli.rules import load_rules
    from shuangchuang_cli.rules.assessment import check_assessment, rules_overview

    ruleset = load_rules(rules_folder(rules))
    problems = check_assessment(ruleset, state.lang)
    if check:
        if fmt is IssueFormat.json:
            print_json({"folder": ruleset.folder, "valid": not problems, "problems": problems})
        else:
            state.show(rules_check_view(ruleset.folder, problems, state.lang))
        raise typer.Exit(1 if problems else 0)
    overview = rules_overview(ruleset, state.lang)
    if fmt is IssueFormat.json:
        print_json(overview)
    else:
        state.show(rules_view(overview, state.lang))
    if problems:
        state.say(state.text("cli.rules_problems", count=len(problems)), "yellow")
