"""sc-cli cache: where the cache is and what it holds, or `cache clear` to empty it."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from shuangchuang_cli.cli.options import LangOpt
from shuangchuang_cli.cli.state import state_of


class Action(StrEnum):
    info = "info"
    clear = "clear"


def cache(
    ctx: typer.Context,
    action: Annotated[
        Action, typer.Argument(help="cli.arg.cache_action", metavar="cli.metavar.cache_action")
    ] = Action.info,
    lang: LangOpt = None,
) -> None:
    from shuangchuang_cli.cache import Store, cache_folder
    from shuangchuang_cli.output.tables import printable

    state = state_of(ctx)
    store = Store(cache_folder())
    folder = printable(store.folder)
    if action is Action.clear:
        removed = store.clear()
        state.say(state.text("cli.cache_cleared", folder=folder, entries=removed.entries))
        return
    usage = store.usage()
    size = f"{usage.size / 1024**2:.1f}"
    state.out.print(
        state.text("cli.cache_info", folder=folder, entries=usage.entries, size=size),
        highlight=False,
        markup=False,
    )
