"""The entry point's head start: it guesses the files from argv, and a wrong guess costs nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from helpers import DATA
from typer.core import TyperGroup
from typer.testing import CliRunner

from shuangchuang_cli import cli
from shuangchuang_cli.launch import VALUE_OPTIONS, YEAR_COMMANDS, read_ahead
from shuangchuang_cli.reading.discover import (
    bundled_data_dir,
    discover,
    starting_limits,
    year_files,
)

BAD_DATE = DATA / "error_bad_date.xlsx"


def test_validate_is_guessed_with_its_files_and_rules(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "values.toml").write_text("[limits]\nmax_rows = 50\n", encoding="utf-8")
    argv = ["--lang", "en", "validate", "-f", "json", str(BAD_DATE), f"--rules={rules}"]
    reading = read_ahead(argv)
    assert reading is not None
    try:
        assert reading.serves(discover([BAD_DATE]), starting_limits(rules))
        assert not reading.serves(discover([BAD_DATE]), starting_limits(None))
    finally:
        reading.close()


@pytest.mark.parametrize("command", sorted(YEAR_COMMANDS))
def test_a_year_command_is_guessed_with_its_data_folder(command: str) -> None:
    reading = read_ahead([command, "2024", "--format", "json"])
    assert reading is not None
    try:
        assert reading.serves(year_files(bundled_data_dir(), 2024), starting_limits(None))
        assert not reading.serves(year_files(bundled_data_dir(), 2023), starting_limits(None))
    finally:
        reading.close()


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["validate", "--help"],
        ["report", "2024", "-h"],
        ["--version"],
        ["template", "-o", "x.xlsx"],
        ["rules", "--check"],
        ["report", "this-year"],
        ["validate"],
        ["validate", "/no/such/folder"],
    ],
)
def test_no_guess_when_nothing_will_be_read(argv: list[str]) -> None:
    assert read_ahead(argv) is None


def test_the_guess_knows_every_option_that_takes_a_value() -> None:
    """Else an option's value would be taken for a path, and the head start lost."""
    group = typer.main.get_command(cli.app)
    assert isinstance(group, TyperGroup)
    valued, flags = set(), set()
    for command in [group, *group.commands.values()]:
        for param in command.params:
            names = set(param.opts) | set(param.secondary_opts)
            if getattr(param, "is_flag", False) or param.param_type_name == "argument":
                flags |= {n for n in names if n.startswith("-")}
            else:
                valued |= names
    assert valued == VALUE_OPTIONS
    assert not flags & VALUE_OPTIONS


def test_the_command_takes_over_the_reading_it_would_start() -> None:
    files = discover([BAD_DATE])
    early = read_ahead(["validate", str(BAD_DATE)])
    assert early is not None
    cli._early[:] = [early]
    _, reading = cli._read_while_loading(files, None)
    assert reading is early
    reading.close()
    assert cli._early == []


def test_a_wrong_guess_is_dropped_for_the_real_files() -> None:
    other = discover([DATA / "error_bad_enum.xlsx"])
    early = read_ahead(["validate", str(BAD_DATE)])
    assert early is not None
    cli._early[:] = [early]
    _, reading = cli._read_while_loading(other, None)
    assert reading is not early
    assert [f for f, _ in reading] == other


def test_the_console_entry_gives_what_the_command_gives() -> None:
    """The whole path a user takes (launch, then cli), against the command run in-process."""
    shell = subprocess.run(
        [sys.executable, "-m", "shuangchuang_cli", "validate", str(BAD_DATE), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    direct = CliRunner().invoke(cli.app, ["validate", str(BAD_DATE), "-f", "json"])
    assert shell.returncode == direct.exit_code == 1, shell.stderr
    assert json.loads(shell.stdout) == json.loads(direct.stdout)
    assert json.loads(shell.stdout)["errors"] >= 1
