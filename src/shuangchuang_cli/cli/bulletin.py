"""sc-cli bulletin: the progress bulletin (工作进展情况通报) as a Word document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shuangchuang_cli.cli.options import (
    AsOfOpt,
    DataOpt,
    ForceOpt,
    LangOpt,
    RulesOpt,
    YearArg,
    workspace,
)
from shuangchuang_cli.cli.state import progress, start_reading, state_of


def bulletin(
    ctx: typer.Context,
    year: YearArg,
    output: Annotated[
        # A folder is refused by check_output, with what to do instead.
        Path, typer.Option("--output", "-o", help="cli.opt.output_docx")
    ],
    as_of: AsOfOpt = None,
    force: ForceOpt = False,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="cli.opt.template_docx"),
    ] = None,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    state = state_of(ctx)
    start_reading(ctx)
    from shuangchuang_cli.output.bulletin import check_template, write_bulletin
    from shuangchuang_cli.output.files import check_output
    from shuangchuang_cli.output.tables import printable

    with progress(state) as on_file:
        ws = workspace(state, data, rules, on_file)
        # Refused before the (slow) reading, so a wrong path fails at once.
        check_output(output, force, inputs=[ws.data_dir, Path(ws.rules.folder)], suffix=".docx")
        if template is not None:
            check_template(template)
        state.notify(ws.notices(year, as_of))
        _, unscorable = write_bulletin(ws, year, output, as_of, state.lang, force, template)
    if unscorable:
        said = state.text("bulletin.units_left_out", reason=printable(unscorable))
        state.say(state.text("cli.notice", message=said), "yellow")
    state.say(state.text("bulletin.written", path=printable(output)))
