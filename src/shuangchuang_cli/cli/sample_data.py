"""sc-cli sample-data: where the bundled sample data is, or a copy of it to try things on."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from shuangchuang_cli.cli.options import LangOpt
from shuangchuang_cli.cli.state import state_of
from shuangchuang_cli.errors import UsageError


def sample_data(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="cli.opt.sample_output", metavar="cli.metavar.folder"),
    ] = None,
    lang: LangOpt = None,
) -> None:
    from shuangchuang_cli.reading.discover import bundled_data_dir  # not loaded for --help

    state = state_of(ctx)
    folder = bundled_data_dir()
    if output is None:
        sys.stdout.write(f"{folder.resolve()}\n")
        return
    if output.exists():
        raise UsageError("usage.sample_target_exists", path=str(output))
    shutil.copytree(folder, output)
    files = sum(1 for p in output.rglob("*") if p.is_file())
    from shuangchuang_cli.output.tables import printable

    state.say(state.text("cli.sample_copied", path=printable(output), count=files))
