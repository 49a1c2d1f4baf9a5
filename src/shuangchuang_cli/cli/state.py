"""What a command run knows besides its options: the language, --debug and the consoles.

Made once per run, before any option is parsed, and handed to the commands through
click's context (`ctx.obj`): nothing here is a module global.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text
from typer._click import Context

from shuangchuang_cli.i18n import Lang, language, text

if TYPE_CHECKING:
    from shuangchuang_cli.cache import Store
    from shuangchuang_cli.cli.argv import Early
    from shuangchuang_cli.models import Notice
    from shuangchuang_cli.output.tables import Block
    from shuangchuang_cli.reading.prefetch import Reading
    from shuangchuang_cli.reading.workers import Reader

# Output to a file would fall back to 80 columns and cut the Chinese names; a file has
# room, so give it some unless COLUMNS says otherwise.
PIPE_WIDTH = 160


def _viewing_width() -> int | None:
    """The width of the terminal a pipe ends in (sc-cli ... | less, | head): stdout is a
    pipe and stderr still the terminal it is read in; None otherwise."""
    try:
        if not stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode):
            return None
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return None


def _out() -> Console:
    console = Console(soft_wrap=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(soft_wrap=False, width=_viewing_width() or PIPE_WIDTH)
    return console


@dataclass
class State:
    """One run's settings; `lang` is known before any message is written."""

    lang: Lang = "zh"
    debug: bool = False
    cached: bool = True  # --no-cache turns it off
    reader: Reader | None = None  # the reading workers, once run() or the command starts them
    early: Early | None = None  # validate's reading, started by run() (cli/argv.py)
    out: Console = field(default_factory=_out)
    err: Console = field(default_factory=lambda: Console(stderr=True))

    @classmethod
    def from_argv(cls, argv: Sequence[str]) -> State:
        """--lang and --debug looked up in the command line as typed, wherever they stand:
        the help and any usage error must already be in the chosen language."""
        lang: Lang = "zh"
        debug = False
        args = list(argv)
        for n, arg in enumerate(args):
            if arg == "--":
                break
            if arg == "--debug":
                debug = True
            value = None
            if arg == "--lang" and n + 1 < len(args):
                value = args[n + 1]
            elif arg.startswith("--lang="):
                value = arg.split("=", 1)[1]
            lang = language(value) or lang
        return cls(lang=lang, debug=debug)

    def store(self) -> Store | None:
        """The cache the run reads and writes (cache/), unless --no-cache said not to."""
        if not self.cached:
            return None
        from shuangchuang_cli.cache import Store, cache_folder

        return Store(cache_folder())

    def stop_reading(self) -> None:
        """Stop the reading workers, if they were started (again: nothing more). A Ctrl-C
        or a SIGTERM (app.py's Terminated, a SystemExit) while they go is let pass: the
        run's exit code is known by then, and it must not end in a traceback."""
        if self.reader is not None:
            with suppress(KeyboardInterrupt, SystemExit):
                self.reader.close()

    def text(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    def show(self, blocks: Sequence[Block] | Block) -> None:
        """Tables and lines on stdout, laid out for the terminal's width."""
        from shuangchuang_cli.output.terminal import render

        # Laid out for the width already (terminal.py): not measured again to be cropped,
        # which for a long table costs more than drawing it.
        self.out.print(render(blocks, self.out.width, self.lang), crop=False)

    def say(self, message: str, style: str = "") -> None:
        """One message on stderr; text from outside the tool in it is already escaped."""
        self.err.print(Text(message, style=style), highlight=False)

    def notify(self, notices: Iterable[Notice]) -> None:
        """Each notice as a yellow warning line on stderr, above what goes to stdout."""
        for notice in notices:
            from shuangchuang_cli.output.tables import printable

            said = self.text("cli.notice", message=printable(notice.message(self.lang)))
            self.say(said, "yellow")


def state_of(ctx: Context) -> State:
    state = ctx.find_root().obj
    if not isinstance(state, State):  # run() always passes one; typer's test runner may not
        state = ctx.find_root().obj = State()
    return state


OnFile = Callable[[int, int, str], None]


def start_reading(
    ctx: Context,
    workers: int | None = None,
    paths: list[Path] | None = None,
    rules: Path | None = None,
) -> Reading | None:
    """Start the reading workers (state.reader), or the rest of them where run() started
    one (cli/argv.py), stopped when the command ends: a command that reads files calls
    this before anything slow, so that they start while it loads the rules and pandas.
    Given the `paths` it will read (and the --rules folder), they start reading them at
    once too (prefetch.read_ahead): that reading is returned, for the command to use if
    the cache does not hold the files (a single big file is then parsed some 0.1 s
    sooner). For validate, run() may have started it already, on the paths as typed
    (cli/argv.py read_early): it is taken when typer found the same paths and rules,
    dropped otherwise."""
    from shuangchuang_cli.reading.prefetch import read_ahead
    from shuangchuang_cli.reading.workers import Reader

    state = state_of(ctx)
    if state.reader is None:
        state.reader = Reader(workers)
    else:  # started by run() before the options were parsed (cli/argv.py first_worker)
        state.reader.grow(workers)
    # Stopped as the command ends, where typer turns a Ctrl-C into exit 130 (run() stops
    # them again, to no effect, or after a usage error, when no command ran).
    ctx.find_root().call_on_close(state.reader.close)
    early, state.early = state.early, None
    if early is not None:
        if paths is not None and early[:2] == (paths, rules):
            return early[2]  # run() guessed the paths and --rules right, as typed
        early[2].close()
    return read_ahead(paths, rules, state.reader) if paths else None


@contextmanager
def progress(state: State) -> Iterator[OnFile]:
    """A progress bar on stderr when many files are read and stderr is a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn  # not for --help

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=state.err,
        transient=True,
        disable=not state.err.is_terminal,
    )
    task = bar.add_task(state.text("cli.reading_files"), total=None)

    def on_file(done: int, total: int, _name: str) -> None:
        if total >= 5:
            bar.update(task, completed=done, total=total)

    with bar:
        yield on_file
