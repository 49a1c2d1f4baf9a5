"""The frame around the commands (help pages, usage errors) is in the user's language:
no English word by default and no Chinese under --lang en, for every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from helpers import invoke
from typer.core import TyperGroup

from shuangchuang_cli import cli

HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
# What may stay in Latin letters in a Chinese text: options (--as-of), ids and file names
# (incubated_new, 收件/盐湖街道2024.xlsx), and these names.
LATIN_ALLOWED = {
    "sc",
    "cli",
    "Excel",
    "WPS",
    "UTF",
    "BOM",
    "CSV",
    "xlsx",
    "xlsm",
    "xlsb",
    "xls",
    "ods",
    "csv",
    "table",
    "json",
    "markdown",
    "zh",
    "en",
    "min",
    "info",
    "clear",
    "MB",
}
# What may stay in Chinese in an English text: folder names as people write them.
HAN_ALLOWED = ("2024年",)


def commands() -> list[str]:
    group = typer.main.get_command(cli.app)
    assert isinstance(group, TyperGroup)
    return sorted(group.commands)


def english_words(output: str) -> list[str]:
    words = []
    output = re.sub(r"(?<![A-Za-z])--?[A-Za-z][\w-]*", " ", output)  # options
    for token in output.split():
        if token.startswith("-") or re.search(r"[/._]", token):
            continue  # an option, a path, a file name, an id
        words += [w for w in re.findall(r"[A-Za-z]{2,}", token) if w not in LATIN_ALLOWED]
    names = {part for command in commands() for part in command.split("-")}
    return [w for w in words if w not in names]


def chinese(output: str) -> list[str]:
    for allowed in HAN_ALLOWED:
        output = output.replace(allowed, "")
    return HAN.findall(output)


@pytest.mark.parametrize("command", ["", *commands()])
@pytest.mark.parametrize("width", [80, 200])
def test_help_is_chinese_by_default_and_english_with_lang_en(command: str, width: int) -> None:
    args = [command] if command else []
    zh = invoke(*args, "--help", width=width)
    assert zh.exit_code == 0, zh.output
    assert english_words(zh.output) == [], zh.output
    assert "用法：sc-cli" in zh.stdout and "显示本帮助并退出" in zh.stdout
    en = invoke(*args, "--help", "--lang", "EN", width=width)
    assert en.exit_code == 0, en.output
    assert chinese(en.output) == [], en.output
    assert "Usage: sc-cli" in en.stdout and "Show this help and exit" in en.stdout


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help_ending_with_an_example(command: str) -> None:
    assert "示例：sc-cli " + command in invoke(command, "-h").stdout.replace("\n", " ")
    assert "Example: sc-cli " + command in invoke(command, "-h", "--lang", "en").stdout


USAGE_ERRORS: list[list[str]] = [
    ["repor"],
    ["--bogus"],
    ["--lang", "fr", "report", "2024"],
    ["report"],
    ["report", "2024", "--bogus"],
    ["report", "2024", "-f", "pdf"],
    ["report", "二〇二四"],
    ["report", "1999"],
    ["report", "2024", "--as-of", "x"],
    ["report", "2024", "--as-of", "2024-02-30"],
    ["report", "2024", "--as-of"],
    ["report", "2024", "extra"],
    ["report", "2024", "--by-unit=yes"],
    ["report", "2024", "--data", "/no/such/folder"],
    ["report", "2024", "--rules", "/no/such/rules"],
    ["validate"],
    ["validate", "/no/such/file.xlsx"],
    ["validate", "a.xlsx", "-f", "csv"],
    ["template"],
    ["template", "-o", "a.xlsx", "--year", "明年"],
    ["export", "2024"],
    ["export", "2024", "-o", "a.xlsx", "-f", "pdf"],
    ["score"],
    ["score", "2024", "--units", "--bogus"],
    ["explain"],
    ["explain", "incubated_new"],
    ["explain", "nope", "2024"],
    ["rules", "--bogus"],
    ["rules", "-f", "csv"],
    ["sample-data", "--bogus"],
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_are_in_the_users_language(args: list[str], tmp_path: Path) -> None:
    def said(output: str) -> str:
        """The output without what was typed (a message may quote it)."""
        for arg in sorted(args, key=len, reverse=True):
            output = re.sub(rf"(?<![\w-]){re.escape(arg)}(?![\w-])", " ", output)
        return output

    zh = invoke(*args, width=80)
    assert zh.exit_code == 2, zh.output
    assert "Traceback" not in zh.output
    assert english_words(said(zh.output)) == [], zh.output
    assert HAN.search(said(zh.stderr)), zh.output  # something was said, in Chinese
    en = invoke(*args, "--lang", "en", width=80)
    assert en.exit_code == 2, en.output
    assert chinese(said(en.output)) == [], en.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["report"], "缺少参数：年度。"),
        (["report", "2024", "--bogus"], "没有这个选项：--bogus。"),
        (
            ["report", "2024", "-f", "pdf"],
            "--format 不能是“pdf”；可选：table、json、csv、markdown。",
        ),
        (["report", "1999"], "年度“1999”不在 2000 到 2100 年之间。"),
        (["report", "2024", "--as-of", "2024-02-30"], "这一天不存在"),
        (["report", "2024", "--as-of", "2024年2月30日"], "这一天不存在"),
        (["report", "2024", "--as-of", "30/6/2024"], "不是能识别的日期"),
        (["report", "2024", "extra"], "多余的参数：extra。"),
        (["repor"], "没有这个命令：repor。是不是要写：report、export？"),
        (["export", "2024"], "缺少选项：--output。"),
    ],
)
def test_usage_error_messages(args: list[str], said: str) -> None:
    result = invoke(*args, width=200)
    assert result.exit_code == 2
    assert said in result.stderr
    assert "用法：sc-cli" in result.stderr and "查看帮助" in result.stderr


def _panel_text(stderr: str) -> str:
    """The error panel's words as one line: its border and line breaks taken out."""
    return "".join(line.strip("│ ╭╮╰╯─") for line in stderr.splitlines())


def test_many_extra_arguments_are_counted_not_listed() -> None:
    """A shell wildcard hands over every file name: the first few are shown, then a count."""
    result = invoke("report", "2024", *(f"多余{i}" for i in range(1, 241)), width=80)
    assert result.exit_code == 2
    said = _panel_text(result.stderr)
    assert "多余的参数：多余1 多余2 多余3 等，共 240 个。" in said
    assert "多余4" not in result.stderr
    assert "--data" not in said.split("。", 1)[1]  # the words name no file


def test_files_given_to_a_folder_command_get_told_about_data(tmp_path: Path) -> None:
    files = [tmp_path / f"单位{i:03d}.xlsx" for i in range(1, 6)]
    for file in files:
        file.write_bytes(b"")
    result = invoke("explain", "incubated_new", "2024", *map(str, files), width=200)
    assert result.exit_code == 2
    said = _panel_text(result.stderr)
    assert "等，共5个。" in said.replace(" ", "")
    assert "请写 --data 文件夹" in said
    assert str(files[3]) not in said
    english = invoke("report", "2024", str(files[0]), "--lang", "en", width=200).stderr
    assert "write --data FOLDER" in _panel_text(english)


def test_english_usage_error_messages() -> None:
    result = invoke("report", "--lang", "en", width=200)
    assert "Usage: sc-cli report [OPTIONS] YEAR" in result.stderr
    assert "Try 'sc-cli report -h' for help." in result.stderr
    assert "Missing argument YEAR." in result.stderr
    assert "Error" in result.stderr


@pytest.mark.parametrize(
    ("typed", "as_of"),
    [
        ("2024-06-30", "2024-06-30"),
        ("2024/6/30", "2024-06-30"),
        ("2024.6.30", "2024-06-30"),
        ("2024年6月30日", "2024-06-30"),
        ("20240630", "2024-06-30"),
        ("２０２４－０６－３０", "2024-06-30"),
    ],
)
def test_as_of_takes_every_date_form_a_submission_takes(typed: str, as_of: str) -> None:
    result = invoke("report", "2024", "--as-of", typed, "-f", "json")
    assert result.exit_code == 0, result.output
    assert f'"as_of": "{as_of}"' in result.stdout


@pytest.mark.parametrize("typed", ["2024年", "２０２４", "2024年度"])
def test_a_year_may_be_typed_the_chinese_way(typed: str) -> None:
    result = invoke("report", typed, "-f", "json")
    assert result.exit_code == 0, result.output
    assert '"year": 2024' in result.stdout


def test_the_language_is_a_function_of_the_run() -> None:
    """No state survives between runs in one process: Chinese, English, Chinese."""
    for _ in range(2):
        assert "用法" in invoke("report", "-h").stdout
        assert "Usage" in invoke("report", "-h", "--lang", "en").stdout
    assert "缺少参数" in invoke("report").stderr


def test_no_args_shows_the_help() -> None:
    result = invoke()
    assert result.exit_code == 0
    assert "用法：sc-cli [选项] 命令 [参数]…" in result.stdout


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("incubated_new", "incubated_new"),
        ("累计新增孵化企业和创业团队", "incubated_new"),
        ("孵化企业", "incubated_new"),
        ("Incubated", "incubated_new"),
        ("6", "incubated_new"),
        ("６", "incubated_new"),
        ("高企", "hightech_recognized"),
        ("demo bases", "demo_bases"),
        ("12", "demo_bases"),
    ],
)
def test_explain_takes_an_id_a_name_a_short_name_or_a_row_number(query: str, found: str) -> None:
    result = invoke("explain", query, "2024", "-f", "json")
    assert result.exit_code == 0, result.output
    assert f'"id": "{found}"' in result.stdout


@pytest.mark.parametrize("query", ["0", "13", "nope"])
def test_explain_on_a_wrong_indicator_lists_them_all(query: str) -> None:
    result = invoke("explain", query, "2024")
    assert result.exit_code == 2
    listed = result.stderr
    assert f"没有指标“{query}”" in listed
    for shown in ("carriers_total", "孵化企业", "demo_bases", "创新创业示范基地", "12"):
        assert shown in listed
