"""The command line: exit codes, clean usage errors, and (one wiring test) `--format json`
== the library's result; golden files pin the values."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest
import typer
from helpers import DATA, Run, invoke, rules_copy, write_folder
from make_test_data import CARRIER, EVENT, MENTOR, carrier, event, mentor
from typer.core import TyperGroup

from shuangchuang_cli import __version__, cli
from shuangchuang_cli.api import Workspace
from shuangchuang_cli.models import progress_json
from shuangchuang_cli.rules import load_rules

WIDTH = 200


def run(*args: str | Path) -> Run:
    return invoke(*args)


def no_traceback(result: Run) -> None:
    assert "Traceback" not in result.output + result.stderr


def as_json(data: object) -> Any:
    """What the library's result looks like once printed as JSON and read back."""
    return json.loads(json.dumps(data, ensure_ascii=False))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two years of a little data, with one error and one warning in 2024."""
    root = tmp_path_factory.mktemp("data")
    return write_folder(
        root,
        {
            "2023/盐湖街道.xlsx": [
                (CARRIER, [carrier("盐湖众创空间", 示范基地="是")]),
                (MENTOR, [mentor("王芳", "CM1", "2023-03-01")]),
            ],
            "2024/盐湖街道.xlsx": [
                (CARRIER, [carrier("盐湖众创空间"), carrier("东沟孵化器", "东沟乡")]),
                (
                    EVENT,
                    [
                        event("创业沙龙", "创业沙龙", "2024-03-01"),
                        event("创业沙龙", "创业沙龙", "2024-03-01"),  # duplicate: a warning
                        event("大赛", "参加创业大赛", "2024-02-30"),  # bad_date: an error
                    ],
                ),
            ],
        },
    )


# --- report ------------------------------------------------------------------------------


def test_report_json_is_the_library_result(data_dir: Path) -> None:
    result = run("report", "2024", "--data", data_dir, "--format", "json")
    assert result.exit_code == 0, result.output
    library = Workspace(data_dir=data_dir, rules=load_rules()).report(2024)
    assert json.loads(result.stdout) == as_json(progress_json(library))


def test_report_json_with_as_of_counts_the_days_to_that_date(data_dir: Path) -> None:
    result = run("report", "2024", "--as-of", "2024-02-29", "--data", data_dir, "-f", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["as_of"] == "2024-02-29"
    assert payload["pace"] == pytest.approx(425 / 1096)  # 365 days of 2023, 60 of 2024


def test_report_json_has_the_contract_keys(data_dir: Path) -> None:
    payload = json.loads(run("report", "2024", "--data", data_dir, "-f", "json").stdout)
    assert {"year", "as_of", "indicators", "issues"} <= set(payload)
    assert (payload["year"], payload["as_of"]) == (2024, "2024-12-31")
    assert payload["issues"] == {"errors": 1, "warnings": 1}
    for item in payload["indicators"]:
        assert {"id", "name", "target", "actual", "expected", "status"} <= set(item)
    by_id = {i["id"]: i for i in payload["indicators"]}
    assert by_id["demo_bases"]["target"] == 1 and by_id["demo_bases"]["target_max"] == 2
    assert by_id["carriers_total"]["actual"] == 2
    assert 0 <= by_id["staff_trained_ratio"]["actual"] <= 1


def test_report_exits_zero_however_many_errors_the_data_has(data_dir: Path) -> None:
    for fmt in ("table", "csv", "markdown", "json"):
        result = run("report", "2024", "--data", data_dir, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.output)
        assert "新型孵化载体数量" in result.stdout


def test_report_on_the_bundled_sample_data() -> None:
    result = run("report", "2024", "-f", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["indicators"]) == 12


@pytest.mark.parametrize(
    "args",
    [
        ["report", "2024", "--data", "/no/such/folder"],
        ["report", "2024", "--lang", "fr"],
        ["report", "2024", "--format", "pdf"],
        ["report", "2024", "--bogus"],
        ["report", "1999"],
        ["report", "二〇二四"],
        ["report", "2024", "--as-of", "30/06/2024"],
        ["report", "2024", "--as-of", "2024-02-30"],
        ["report", "2024", "--rules", "/no/such/rules"],
        ["report"],
    ],
)
def test_report_usage_errors_exit_2_without_a_traceback(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    no_traceback(result)


def test_unusable_rules_exit_2_with_the_file_named(tmp_path: Path, data_dir: Path) -> None:
    rules_dir = rules_copy(tmp_path)
    (rules_dir / "plan.toml").write_text("[plan\nname = ", encoding="utf-8")
    result = run("report", "2024", "--data", data_dir, "--rules", rules_dir)
    assert result.exit_code == 2
    no_traceback(result)
    assert "plan.toml" in result.stderr


# --- validate ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("tolerance_date_forms.xlsx", 0),
        ("warning_unknown_column.xlsx", 0),  # warnings allowed
        ("error_bad_date.xlsx", 1),
        ("corrupt.xlsx", 1),
        ("unsupported.docx", 0),
    ],
)
def test_validate_exit_codes(name: str, code: int) -> None:
    assert run("validate", DATA / name).exit_code == code


@pytest.mark.parametrize(
    ("args", "reads"),
    [
        (["validate", "a.xlsx"], True),
        (["--lang", "en", "report", "2024"], True),
        (["score", "2024", "--no-cache"], True),
        (["report", "--help"], False),
        (["rules"], False),
        (["report", "--data", "validate", "2024"], True),
        (["template", "-o", "validate"], False),  # a value that names a command
        (["--", "validate"], False),
        (["validate", "a.xlsx", "-h"], False),
        (["--version", "validate"], False),
    ],
)
def test_a_worker_starts_before_the_options_only_for_a_command_that_reads(
    args: list[str], reads: bool
) -> None:
    from shuangchuang_cli.cli.app import command
    from shuangchuang_cli.cli.argv import reads_files

    assert reads_files(command("zh"), args) is reads


@pytest.mark.parametrize(
    ("args", "asked"),
    [
        (["validate", "a.xlsx"], (["a.xlsx"], None)),
        (["validate", "a.xlsx", "报表", "--rules", "R"], (["a.xlsx", "报表"], "R")),
        (["--lang", "en", "validate", "--rules=R", "a.xlsx", "--no-cache"], (["a.xlsx"], "R")),
        (["validate", "--format", "json", "a.xlsx", "--force"], (["a.xlsx"], None)),
        (["validate", "a.xlsx", "--annotate", "b.xlsx"], (["a.xlsx"], None)),
        (["validate", "--annotate-dir", "out", "报表"], (["报表"], None)),
        (["validate"], None),  # no path: typer says so
        (["validate", "--", "-a.xlsx"], None),  # left to typer
        (["validate", "a.xlsx", "--help"], None),
        (["report", "2024"], None),  # reads, but not paths it is given
    ],
)
def test_validates_paths_are_known_before_the_options_are_parsed(
    args: list[str], asked: tuple[list[str], str | None] | None
) -> None:
    """What run() reads ahead for validate: the paths and --rules as typed; an option's
    value is neither (--annotate names where a copy goes, not a file to read)."""
    from shuangchuang_cli.cli.app import command
    from shuangchuang_cli.cli.argv import validated_paths

    found = validated_paths(command("zh"), args)
    if asked is None:
        assert found is None
    else:
        assert found == ([Path(p) for p in asked[0]], None if asked[1] is None else Path(asked[1]))


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit])
def test_a_stop_while_the_workers_go_is_let_pass(stop: type[BaseException]) -> None:
    """Ctrl-C, or SIGTERM (a SystemExit), as run() stops the workers: the run's exit code
    is known by then, and nothing may raise past run()."""
    from shuangchuang_cli.cli.state import State

    closed = []

    class Stopped:
        def close(self) -> None:
            closed.append(True)
            raise stop

    state = State()
    state.reader = Stopped()  # type: ignore[assignment]
    state.stop_reading()
    assert closed == [True]


def test_validate_json_is_the_library_result() -> None:
    paths = [DATA / "error_bad_uscc.xlsx", DATA / "warning_duplicate_across_years"]
    result = run("validate", *paths, "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["files"] == 3
    found = [(i["code"], i["row"], i["column"]) for i in payload["issues"]]
    assert ("duplicate", 2, "统一社会信用代码") in found
    assert {c for c, _, _ in found} == {"bad_uscc", "duplicate"}
    # The contract's keys, plus the reason and parameters each message is written from.
    assert set(payload["issues"][0]) == {
        "severity",
        "code",
        "file",
        "sheet",
        "row",
        "column",
        "message",
        "reason",
        "params",
    }


def test_validate_json_file_level_issues_have_null_row_and_column() -> None:
    payload = json.loads(run("validate", DATA / "corrupt.xlsx", "-f", "json").stdout)
    (issue,) = payload["issues"]
    assert (issue["code"], issue["sheet"], issue["row"], issue["column"]) == (
        "unreadable_file",
        None,
        None,
        None,
    )


def test_validate_english_messages() -> None:
    result = run("validate", DATA / "error_bad_date.xlsx", "-f", "json", "--lang", "en")
    assert result.exit_code == 1
    assert "expected a real date" in json.loads(result.stdout)["issues"][0]["message"]


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "/no/such/file.xlsx"],
        ["validate", str(DATA / "legacy.xls"), "/no/such/file.xlsx"],
        ["validate", str(DATA / "legacy.xls"), "--lang", "fr"],
        ["validate", str(DATA / "legacy.xls"), "--format", "csv"],
        ["validate"],
    ],
)
def test_validate_usage_errors_exit_2_without_a_traceback(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    no_traceback(result)


def test_validate_table_names_file_row_and_column() -> None:
    result = run("validate", DATA / "error_count_exceeds_staff.xlsx")
    assert result.exit_code == 1
    assert "error_count_exceeds_staff.xlsx" in result.stdout
    assert "持创业导师证书人数" in result.stdout
    assert "count_exceeds_staff" in result.stdout


# --- markup-looking text is text -----------------------------------------------------------

MARKUP_UNIT = "[/bold]乡"
MARKUP_ALIAS = "[red]x[/red]"
MARKUP_NAME = "[red]x[/red]载体[/bold]"


@pytest.fixture(scope="module")
def markup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("markup")
    rules_dir = rules_copy(root, [(MARKUP_UNIT, "township", [MARKUP_ALIAS])])
    plan = rules_dir / "plan.toml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            'name = "新型孵化载体数量"', f'name = "{MARKUP_NAME}"'
        ),
        encoding="utf-8",
    )
    data = write_folder(
        root / "data",
        {"2024/a.xlsx": [(MENTOR, [mentor("王芳", "CM1", "2024-03-01", MARKUP_ALIAS)])]},
    )
    return data, rules_dir


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "json"])
def test_markup_in_names_prints_literally(markup: tuple[Path, Path], fmt: str) -> None:
    data, rules_dir = markup
    result = run("report", "2024", "--data", data, "--rules", rules_dir, "-f", fmt, "--by-unit")
    assert result.exit_code == 0, result.output
    no_traceback(result)
    if fmt == "json":
        payload = json.loads(result.stdout)
        assert payload["indicators"][0]["name"] == MARKUP_NAME
        assert MARKUP_UNIT in [u["name"] for u in payload["units"]]
    elif fmt == "csv":
        # With --by-unit a CSV holds the one unit table (units by indicator).
        assert MARKUP_UNIT in result.stdout
    else:
        assert MARKUP_NAME in result.stdout
        assert MARKUP_UNIT in result.stdout


def test_markup_in_cell_values_prints_literally(tmp_path: Path) -> None:
    path = write_folder(
        tmp_path, {"a.xlsx": [(MENTOR, [mentor("王芳", "CM1", "[/bold]", "[red]x[/red]")])]}
    )
    for fmt in ("table", "json"):
        result = run("validate", path, "-f", fmt)
        assert result.exit_code == 1
        no_traceback(result)
        assert "“[/bold]”" in result.stdout
        assert "“[red]x[/red]”" in result.stdout


# --- the whole tool ------------------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"sc-cli {__version__}"


def test_python_dash_m_runs_the_tool() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shuangchuang_cli", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"sc-cli {__version__}"


def commands() -> list[str]:
    group = typer.main.get_command(cli.app)
    assert isinstance(group, TyperGroup)
    return sorted(group.commands)


def test_the_core_commands_exist() -> None:
    assert {"report", "validate"} <= set(commands())


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help_ending_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "示例" in result.stdout


def test_top_level_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in commands():
        assert command in result.stdout


def test_help_loads_neither_pandas_nor_the_readers() -> None:
    """What --help waits on is the command line alone: the libraries that read and count
    are loaded by the commands that read and count."""
    probe = (
        "import sys; from shuangchuang_cli.cli import run;"
        "run(['--help']); run(['report', '--help']);"
        "heavy = [m for m in ('pandas', 'numpy', 'python_calamine', 'openpyxl', 'rich.progress',"
        " 'shuangchuang_cli.reading', 'shuangchuang_cli.rules.load') if m in sys.modules];"
        "sys.stderr.write(repr(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("[]"), done.stderr[-300:]


def test_the_command_collects_cycles_rarely() -> None:
    """The console entry point raises the collector's threshold before the command runs
    (a region's millions of cells are walked again at every collection otherwise)."""
    probe = (
        "import gc, importlib, sys; app = importlib.import_module('shuangchuang_cli.cli.app');"
        "app.run = lambda: sys.stdout.write(repr(gc.get_threshold())) and 0; app.main()"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip("()").split(",")[0]) >= 50_000, done.stdout


def test_lang_before_the_command_applies_to_it() -> None:
    english = run("--lang", "en", "report", "2024")
    assert english.exit_code == 0, english.output
    assert "Indicator" in english.stdout and "指标" not in english.stdout
    # The command's own --lang wins over the one before it.
    chinese = run("--lang", "en", "report", "2024", "--lang", "zh")
    assert "指标" in chinese.stdout
    assert run("--lang", "fr", "report", "2024").exit_code == 2


def test_csv_output_keeps_formula_like_names_from_running_in_excel(tmp_path: Path) -> None:
    rules_dir = rules_copy(tmp_path, [("=HYPERLINK(1)", "department", [])])
    result = run("report", "2024", "--rules", rules_dir, "--by-unit", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert "\n'=HYPERLINK(1)," in result.stdout


@pytest.mark.parametrize("command", ["report", "score", "export", "explain"])
def test_a_year_folder_given_as_the_data_folder_is_a_usage_error(
    command: str, data_dir: Path, tmp_path: Path
) -> None:
    data: list[str | Path] = ["--data", data_dir / "2024"]
    args: dict[str, list[str | Path]] = {
        "report": ["2024", *data],
        "score": ["2024", *data],
        "export": ["2024", *data, "-o", tmp_path / "x.xlsx"],
        "explain": ["mentors_new", "2024", *data],
    }
    result = run(command, *args[command])
    assert result.exit_code == 2, result.output
    assert "年度目录" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_a_long_issue_table_lists_the_first_thousand_rows_a_file_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "双创活动.csv"
    lines = ["活动名称,活动类别,活动日期,所属单位,参与人次"]
    # A different unit on every row: 1005 issues that no line can group.
    lines += [f"沙龙{n},创业沙龙,2024-03-05,某某乡{n},3" for n in range(1005)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout.count("unknown_unit") == 1000
    assert "另有 5 个问题未列出" in result.stdout
    assert "1005 个错误" in result.stdout
    listed = json.loads(run("validate", path, "--format", "json").stdout)["issues"]
    assert len(listed) == 1005


def _broken(*_: object, **__: object) -> NoReturn:
    raise RuntimeError("a deliberate fault")


@pytest.mark.parametrize(
    ("module", "view", "args"),
    [
        ("shuangchuang_cli.output.views", "progress_view", ["report", "2024"]),
        ("shuangchuang_cli.output.check_views", "issues_view", ["validate", DATA / "legacy.xls"]),
        ("shuangchuang_cli.output.views", "score_view", ["score", "2024"]),
        (
            "shuangchuang_cli.output.explain_view",
            "explain_view",
            ["explain", "mentors_new", "2024"],
        ),
        ("shuangchuang_cli.output.check_views", "rules_view", ["rules"]),
        ("shuangchuang_cli.output.terminal", "render", ["report", "2024"]),
        ("shuangchuang_cli.output.export", "build_export", ["export", "2024", "-o", "x.xlsx"]),
    ],
)
def test_a_crash_while_rendering_exits_3_with_one_line(
    module: str,
    view: str,
    args: list[str | Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(importlib.import_module(module), view, _broken)
    result = invoke(*args)
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "RuntimeError: a deliberate fault" in lines[0]
    debug = invoke("--debug", *args)
    assert debug.exit_code == 3
    assert "Traceback" in debug.stderr and "a deliberate fault" in debug.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_an_empty_argument_is_refused_not_read_as_the_current_folder() -> None:
    # `sc-cli validate "$INBOX"` with INBOX unset: Path("") would be ".".
    result = invoke("validate", "")
    assert result.exit_code == 2
    assert "第 2 个参数是空的" in result.stderr and result.stdout == ""
    assert invoke("report", "2024", "--data", "").exit_code == 2


def test_output_piped_to_a_pager_takes_the_terminals_width() -> None:
    import fcntl
    import os
    import pty
    import struct
    import termios
    import unicodedata

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 70, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    try:
        # `sc-cli explain ... | less`: stdout a pipe, stderr the terminal it is read in.
        run = subprocess.run(
            [sys.executable, "-m", "shuangchuang_cli", "explain", "staff_trained_ratio", "2024"],
            stdout=subprocess.PIPE,
            stderr=follower,
            env=env,
            check=False,
            timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert run.returncode == 0
    lines = run.stdout.decode("utf-8").splitlines()

    def width(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    assert lines and max(width(line) for line in lines) <= 70


def test_a_file_given_where_a_folder_or_a_document_is_wanted_is_named_so(tmp_path: Path) -> None:
    from shuangchuang_cli.reading.discover import bundled_data_dir

    book = tmp_path / "东沟乡.xlsx"
    book.write_bytes((bundled_data_dir() / "2024" / "东沟乡2024年双创工作统计表.xlsx").read_bytes())
    before = book.read_bytes()
    rules = invoke("report", "2024", "--rules", book)
    assert rules.exit_code == 2 and "是一个文件，不是规则目录" in rules.stderr
    check = invoke("rules", "--check", "--rules", book)
    assert check.exit_code == 1 and "不是规则目录" in check.stdout
    itself = invoke("validate", book, "--annotate", book)
    assert itself.exit_code == 2 and "是要检查的文件本身" in itself.stderr
    template = invoke("bulletin", "2024", "-o", tmp_path / "通报.docx", "--template", book)
    assert template.exit_code == 2 and "不是 Word 文档" in template.stderr
    assert "KeyError" not in template.stderr and book.read_bytes() == before
