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
    from shuangchuang_cli.rules import check_rules, load_rules
    from shuangchuang_cli.rules.folder import bundled_rules_dir
    from shuangchuang_cli.rules.overview import rules_json

    if check:
        # Finding problems is this command's job: every one, a folder that does not load
        # included, is reported and exits 1.
        _, problems = check_rules(rules)
        folder = str(rules if rules is not None else bundled_rules_dir())
        messages = [p.message(state.lang) for p in problems]
        if fmt is IssueFormat.json:
            print_json(
                {
                    "folder": folder,
                    "valid": not problems,
                    "problems": messages,
                    "details": [
                        {
                            "file": p.file,
                            "where": p.place(state.lang),
                            "key": p.key,
                            "params": dict(p.params),
                            "message": m,
                        }
                        for p, m in zip(problems, messages, strict=True)
                    ],
                }
            )
        else:
            state.show(rules_check_view(folder, messages, state.lang))
        raise typer.Exit(1 if problems else 0)
    overview = rules_json(load_rules(rules_folder(rules)))
    if fmt is IssueFormat.json:
        print_json(overview)
    else:
        state.show(rules_view(overview, state.lang))
