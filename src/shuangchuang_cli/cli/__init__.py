"""The command line: a thin typer skin over the library (one module per command)."""

from shuangchuang_cli.cli.app import app, command, main, run

__all__ = ["app", "command", "main", "run"]
