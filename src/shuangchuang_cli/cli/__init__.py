"""The sc-cli command line: parse options, call the library, render, map outcomes to exit codes.

No counting happens here. Data goes to stdout, messages and progress to stderr. Exit codes:
0 ran (validate: no error found), 1 validate found errors, 2 usage error (bad option,
missing path, unusable rules), 3 the tool itself failed (details with --debug).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from shuangchuang_cli import __version__
from shuangchuang_cli.errors import RulesError, UsageError
from shuangchuang_cli.i18n import Lang
from shuangchuang_cli.reading.discover import (
    SourceFile,
    bundled_data_dir,
    discover,
    starting_limits,
    year_files,
    year_of,
)
from shuangchuang_cli.reading.prefetch import Reading

if TYPE_CHECKING:
    from shuangchuang_cli.api import Workspace
    from shuangchuang_cli.rules import Rules

# The library (pandas and all) is imported inside the commands, after they have started
# reading the submissions: files are parsed on other threads while it loads, and --help,
# --version and shell completion answer at once.


def _argv_lang() -> Lang:
    """Help text is built before options are parsed, so --lang is looked up in argv."""
    argv = sys.argv[1:]
    for n, arg in enumerate(argv):
        if arg == "--lang" and n + 1 < len(argv):
            return "en" if argv[n + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "zh"
    return "zh"


HELP_LANG: Lang = _argv_lang()


def h(zh: str, en: str) -> str:
    return en if HELP_LANG == "en" else zh


app = typer.Typer(
    name="sc-cli",
    help=h(
        "达坂城区双创工作数据工具：校验报送表、对照方案目标看进度、年度考核与导出。",
        "Dabancheng 双创 data tool: check submissions, track the plan's targets, "
        "score units and export.",
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# Piped output would fall back to 80 columns and cut the Chinese names; a file or a pipe
# has room, so give it some unless COLUMNS says otherwise.
out = Console(soft_wrap=False)
if not out.is_terminal and "COLUMNS" not in os.environ:
    out = Console(soft_wrap=False, width=160)
err = Console(stderr=True)
_state: dict[str, object] = {"debug": False, "lang": "zh"}
# The reading the console entry point started from argv, before this module loaded.
_early: list[Reading] = []


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class IssueFormat(StrEnum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        out.print(f"sc-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help=h("显示版本并退出。", "Show the version and exit."),
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help=h("出错时显示完整的调用栈。", "Show a traceback on failure.")),
    ] = False,
    lang: LangOpt = None,
) -> None:
    _state["debug"] = debug
    _state["lang"] = lang or "zh"


DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help=h(
            "数据目录（含 2023/、2024/ 等年度子目录）；默认为自带的示例数据。",
            "Data folder with year sub-folders; default: the bundled sample data.",
        ),
        file_okay=False,
    ),
]
RulesOpt = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help=h(
            "规则目录；默认为自带的达坂城区规则。",
            "Rules folder; default: the bundled Dabancheng rules.",
        ),
        file_okay=False,
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang", help=h("输出语言：zh（默认）或 en。", "Output language: zh (default) or en.")
    ),
]
YearArg = Annotated[
    int,
    typer.Argument(help=h("填报年度，如 2024。", "Reporting year, e.g. 2024."), min=2000, max=2100),
]
AsOfOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help=h(
            "统计截止日期（默认为当年 12 月 31 日），如 2024-06-30。",
            "As-of date (default: Dec 31 of the year), e.g. 2024-06-30.",
        ),
    ),
]


def _lang(value: str | None) -> Lang:
    """The command's --lang, else the one given before the command, else Chinese."""
    value = value if value is not None else str(_state["lang"])
    if value not in ("zh", "en"):
        raise typer.BadParameter(h("只能是 zh 或 en。", "must be zh or en."), param_hint="--lang")
    return "en" if value == "en" else "zh"


def _fail(message: str, code: int) -> NoReturn:
    err.print(Text(message), style="red", highlight=False)
    raise typer.Exit(code)


@contextmanager
def _guard() -> Iterator[None]:
    """Turn the library's exceptions into one clean line and an exit code."""
    try:
        yield
    except (RulesError, UsageError) as exc:
        _fail(str(exc), 2)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if _state["debug"]:
            raise
        _fail(
            h(
                f"sc-cli 内部错误：{type(exc).__name__}: {exc}（加 --debug 查看详情）",
                f"sc-cli failed: {type(exc).__name__}: {exc} (use --debug for details)",
            ),
            3,
        )


@contextmanager
def _progress() -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on stderr when many files are read and stderr is a terminal."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = bar.add_task(h("读取报送文件", "Reading files"), total=None)

    def on_file(done: int, total: int, _name: str) -> None:
        if total >= 5:
            bar.update(task, completed=done, total=total)

    with bar:
        yield on_file


def _workspace(
    data: Path | None,
    rules: Path | None,
    lang: Lang,
    on_file: Callable[[int, int, str], None] | None,
    year: int,
) -> Workspace:
    """The data folder with its rules, its files for `year` already being read."""
    folder = data if data is not None else bundled_data_dir()
    if _is_lone_year_folder(folder):
        raise UsageError(
            h(
                f"--data 指向的是年度目录 {folder}：请改为包含 2023/、2024/ 等年度子目录的"
                f"目录，如 {folder.parent}。",
                f"--data points at a year folder ({folder}); give the folder that holds "
                f"the year folders, such as {folder.parent}.",
            )
        )
    ruleset, reading = _read_while_loading(year_files(folder, year), rules)
    from shuangchuang_cli.api import Workspace

    return Workspace(
        data_dir=folder, rules=ruleset, lang=lang, on_file=on_file, reading=(year, reading)
    )


def _is_lone_year_folder(folder: Path) -> bool:
    """A year folder (2024/) given as the data folder: its records would all be missed."""
    if year_of(folder.resolve().name) is None or not folder.is_dir():
        return False
    return not any(p.is_dir() and year_of(p.name) is not None for p in folder.iterdir())


def _read_while_loading(files: list[SourceFile], rules: Path | None) -> tuple[Rules, Reading]:
    """Start reading the files, then load the rules and the library meanwhile.

    Parsing runs on other threads; the rules' limits are read on their own first. The
    entry point may have started this very reading already (launch.py). Should the full
    rules say otherwise (they do not unless the file is broken), reading starts again
    with theirs.
    """
    limits = starting_limits(rules)
    early = _early.pop() if _early else None
    if early is not None and early.serves(files, limits):
        reading = early
    else:
        if early is not None:
            early.close()
        reading = Reading(files, limits)
    from shuangchuang_cli.rules import load_rules

    try:
        ruleset = load_rules(rules)
    except RulesError:
        reading.close()
        raise
    if ruleset.values.limits != limits:
        reading.close()
        reading = Reading(files, ruleset.values.limits)
    return ruleset, reading


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command(
    "report",
    help=h(
        "对照方案 12 项量化目标的进度表（目标、实际、序时应达、差距、完成度、状态）。"
        "\n\n示例：sc-cli report 2024 --as-of 2024-06-30",
        "Progress against the plan's 12 quantitative targets: target, actual, expected by "
        "now (序时进度), gap, completion, status."
        "\n\nExample: sc-cli report 2024 --as-of 2024-06-30",
    ),
)
def report(
    year: YearArg,
    as_of: AsOfOpt = None,
    by_unit: Annotated[
        bool,
        typer.Option(
            "--by-unit", help=h("按单位列出各指标的实际值。", "Show each unit's actual values.")
        ),
    ] = False,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help=h("输出格式。", "Output format."))
    ] = Format.table,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    language = _lang(lang)
    with _guard(), _progress() as on_file:
        ws = _workspace(data, rules, language, on_file, year)
        day = as_of.date() if as_of else None
        progress = ws.report(year, day)
        units = ws.by_unit(year, day) if by_unit else []
    from shuangchuang_cli.models import progress_json
    from shuangchuang_cli.output import terminal as render

    names_en = {i.id: i.name_en for i in ws.rules.indicators}
    if fmt is Format.json:
        payload = progress_json(progress)
        if by_unit:
            payload["units"] = [{"name": u.unit, "actuals": u.actuals} for u in units]
        _print_json(payload)
        return
    headers, rows = render.progress_rows(progress, language, names_en)
    shorts = {
        i.id: (i.short_en if language == "en" else i.short) or i.name for i in ws.rules.indicators
    }
    if fmt is Format.csv:
        # One table per CSV: with --by-unit, the unit table (units x indicators).
        table = render.unit_rows(progress, units, language, shorts) if by_unit else (headers, rows)
        sys.stdout.write(render.to_csv(*table))
    elif fmt is Format.markdown:
        sys.stdout.write(render.to_markdown(headers, rows, render.caption(progress, language)))
        if by_unit:
            sys.stdout.write(
                "\n" + render.to_markdown(*render.unit_rows(progress, units, language, shorts))
            )
    else:
        out.print(render.progress_table(progress, language, names_en))
        if by_unit:
            out.print(render.unit_table(progress, units, language, shorts))


@app.command(
    "validate",
    help=h(
        "检查报送文件：逐个指出哪个单元格有误、为什么、应当怎样填。有错误时退出码为 1。"
        "\n\n示例：sc-cli validate 收件/盐湖街道2024.xlsx "
        "--annotate 退回/盐湖街道2024_问题标注.xlsx",
        "Check submissions: which cell is wrong, why, and what is expected. Exit code 1 "
        "when an error is found."
        "\n\nExample: sc-cli validate inbox/盐湖街道2024.xlsx "
        "--annotate back/盐湖街道2024_marked.xlsx",
    ),
)
def validate_cmd(
    paths: Annotated[
        list[Path], typer.Argument(help=h("要检查的文件或文件夹。", "Files or folders to check."))
    ],
    fmt: Annotated[
        IssueFormat, typer.Option("--format", "-f", help=h("输出格式。", "Output format."))
    ] = IssueFormat.table,
    annotate_to: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            dir_okay=False,
            help=h(
                "另存一份标注副本（.xlsx）：问题单元格标色并附批注，另加问题清单；原文件不动。"
                "只能用于单个文件。",
                "Write a marked-up copy (.xlsx) with problem cells highlighted and commented, "
                "plus an issues sheet; the original is untouched. One file only.",
            ),
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help=h("覆盖已有的输出文件。", "Overwrite an existing output.")),
    ] = False,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    language = _lang(lang)
    with _guard(), _progress() as on_file:
        if annotate_to is not None and (len(paths) != 1 or not paths[0].is_file()):
            raise UsageError(
                h("--annotate 只能用于单个文件。", "--annotate takes exactly one file.")
            )
        ruleset, reading = _read_while_loading(discover(paths), rules)
        from shuangchuang_cli.api import validate

        result = validate(paths, ruleset, language, on_file=on_file, reading=reading)
        if annotate_to is not None:
            from shuangchuang_cli.output.annotate import annotate  # openpyxl only when needed

            marked = annotate(
                paths[0], result.issues, annotate_to, ruleset.values.limits, force, language
            )
            err.print(
                Text(
                    h(
                        f"已写入标注副本 {annotate_to}（标注 {marked} 个单元格）。",
                        f"Wrote {annotate_to} ({marked} cells marked).",
                    )
                )
            )
    from shuangchuang_cli.output import terminal as render

    if fmt is IssueFormat.json:
        _print_json(result.as_json())
    else:
        out.print(render.issues_view(result, language))
    raise typer.Exit(0 if result.valid else 1)


OutputOpt = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help=h("要写入的 .xlsx 文件。", "The .xlsx file to write."),
        dir_okay=False,
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help=h("覆盖已存在的文件。", "Overwrite an existing file.")),
]


@app.command(
    "template",
    help=h(
        "生成空白报送模板：六张表、下拉选项、日期与整数校验、填写提示和填报说明。"
        "\n\n示例：sc-cli template -o 盐湖街道2024年双创报送表.xlsx --unit 盐湖街道 --year 2024",
        "Write a blank submission workbook: the six sheets, dropdowns, date and whole-number "
        "checks, input hints and instructions."
        "\n\nExample: sc-cli template -o 盐湖街道2024.xlsx --unit 盐湖街道 --year 2024",
    ),
)
def template_cmd(
    output: OutputOpt,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            help=h(
                "填报单位（写在说明页和填写提示中，不预填数据行）。",
                "Reporting unit, named in the instructions and hints (no data row is filled).",
            ),
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help=h("填报年度。", "Reporting year."), min=2000, max=2100),
    ] = None,
    force: ForceOpt = False,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    from shuangchuang_cli.output.template import write_template  # openpyxl only when needed

    language = _lang(lang)
    with _guard():
        from shuangchuang_cli.rules import load_rules

        path = write_template(output, load_rules(rules), unit, year, language, force)
    err.print(Text(h(f"已生成模板：{path}", f"Template written: {path}")), highlight=False)


class BulletinFormat(StrEnum):
    csv = "csv"
    markdown = "markdown"


@app.command(
    "export",
    help=h(
        "导出年度考核工作簿：总览、单位考核、载体绩效、数据问题、计入明细、说明。"
        "\n\n示例：sc-cli export 2024 -o 2024年度考核.xlsx",
        "Write the annual assessment workbook: overview, unit scores, carrier scores, data "
        "issues, counted records, about.\n\nExample: sc-cli export 2024 -o 2024年度考核.xlsx",
    ),
)
def export_cmd(
    year: YearArg,
    output: OutputOpt,
    as_of: AsOfOpt = None,
    force: ForceOpt = False,
    fmt: Annotated[
        BulletinFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=h(
                "另把总览作为通报打印到标准输出（csv 或 markdown），便于粘贴到文稿。",
                "Also print the overview as a bulletin on stdout (csv or markdown).",
            ),
        ),
    ] = None,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    language = _lang(lang)
    with _guard(), _progress() as on_file:
        ws = _workspace(data, rules, language, on_file, year)
        from shuangchuang_cli.output.export import export_workbook  # openpyxl, after reading starts

        day = as_of.date() if as_of else None
        summary = export_workbook(ws, year, output, day, language, force)
        progress = ws.report(year, day) if fmt else None
    for note in summary.notes:
        err.print(Text(note), style="yellow", highlight=False)
    err.print(
        Text(
            h(
                f"已导出 {summary.path}（计入明细 {summary.counted_rows} 行，"
                f"数据问题 {summary.issues} 条）。",
                f"Wrote {summary.path} ({summary.counted_rows} counted rows, "
                f"{summary.issues} issues).",
            )
        ),
        highlight=False,
    )
    if progress is not None and fmt is not None:
        from shuangchuang_cli.output import terminal as render

        names_en = {i.id: i.name_en for i in ws.rules.indicators}
        district = ws.rules.plan.district
        sys.stdout.write(render.bulletin(progress, language, names_en, fmt.value, district))


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command(
    "score",
    help=h(
        "年度考核：乡镇、街道、部门（--units，默认）或众创空间（--carriers）的得分、等级、加分、"
        "名次，以及每项的任务、实际数和得分。没有报送的单位也列出（0 分，注明未报送）。"
        "\n\n示例：sc-cli score 2024 --carriers --format csv > 2024年载体绩效.csv",
        "Year-end assessment of the units (--units, the default) or the maker spaces "
        "(--carriers): score, grade, bonus, rank and each item's task, actual and points. "
        "Units that sent nothing are listed too (0 points, marked)."
        "\n\nExample: sc-cli score 2024 --carriers --format csv > carriers-2024.csv",
    ),
)
def score_cmd(
    year: YearArg,
    units: Annotated[
        bool,
        typer.Option(
            "--units/--carriers",
            help=h(
                "考核乡镇、街道、部门（默认）或众创空间等孵化载体。",
                "Score the units (default) or the carriers.",
            ),
        ),
    ] = True,
    fmt: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help=h("输出格式。", "Output format."))
    ] = ScoreFormat.table,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    language = _lang(lang)
    with _guard(), _progress() as on_file:
        scores = _workspace(data, rules, language, on_file, year).score(
            year, "units" if units else "carriers"
        )
    from shuangchuang_cli.assessment.scores import scores_json
    from shuangchuang_cli.output import terminal as render

    if fmt is ScoreFormat.json:
        _print_json(scores_json(scores))
    elif fmt is ScoreFormat.csv:
        sys.stdout.write(render.to_csv(*render.score_rows(scores, language)))
    else:
        out.print(render.score_table(scores, language))


@app.command(
    "explain",
    help=h(
        "列出某项指标背后的记录：每条来自哪个文件、哪张表、哪一行。计数类指标每个计入的键一条"
        "（条数等于实际数）；载体类指标列出计入的载体及参与计算的数字。"
        "\n\n示例：sc-cli explain incubated_new 2024 --as-of 2024-06-30",
        "The records behind one indicator: file, sheet and row of each. For a count, one "
        "record per counted key (as many as the actual value); for a carrier indicator, the "
        "counted carriers with the figures that enter it."
        "\n\nExample: sc-cli explain incubated_new 2024 --as-of 2024-06-30",
    ),
)
def explain_cmd(
    indicator: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help=h(
                "指标编号，如 incubated_new（sc-cli rules 列出全部编号）。",
                "Indicator id, e.g. incubated_new (sc-cli rules lists them all).",
            ),
        ),
    ],
    year: YearArg,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        IssueFormat, typer.Option("--format", "-f", help=h("输出格式。", "Output format."))
    ] = IssueFormat.table,
    data: DataOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    language = _lang(lang)
    with _guard(), _progress() as on_file:
        ws = _workspace(data, rules, language, on_file, year)
        result = ws.explain(indicator, year, as_of.date() if as_of else None)
    from shuangchuang_cli.assessment.scores import explanation_json
    from shuangchuang_cli.output import terminal as render

    if fmt is IssueFormat.json:
        _print_json(explanation_json(result))
    else:
        out.print(render.explain_view(result, language))


@app.command(
    "rules",
    help=h(
        "显示正在使用的规则：方案目标、单位及别名、考核权重与任务分解。加 --check 只检查规则目录"
        "（含各单位任务之和是否等于方案目标），有问题时退出码为 1。"
        "\n\n示例：sc-cli rules --check --rules 我的规则",
        "Show the rules in force: targets, units and aliases, assessment weights and tasks. "
        "With --check, only check the rules folder (including whether the tasks add up to "
        "the plan's targets); exit 1 on any problem."
        "\n\nExample: sc-cli rules --check --rules my-rules",
    ),
)
def rules_cmd(
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help=h("检查规则目录，有问题时退出码为 1。", "Check the folder; exit 1 on problems."),
        ),
    ] = False,
    fmt: Annotated[
        IssueFormat, typer.Option("--format", "-f", help=h("输出格式。", "Output format."))
    ] = IssueFormat.table,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    from shuangchuang_cli.output import terminal as render
    from shuangchuang_cli.rules.assessment import check_assessment, rules_overview

    language = _lang(lang)
    from shuangchuang_cli.rules import load_rules

    with _guard():
        ruleset = load_rules(rules)
        problems = check_assessment(ruleset, language)
        overview = rules_overview(ruleset, language)
    if check:
        if fmt is IssueFormat.json:
            _print_json({"folder": ruleset.folder, "valid": not problems, "problems": problems})
        else:
            out.print(render.rules_check_view(ruleset.folder, problems, language))
        raise typer.Exit(1 if problems else 0)
    if fmt is IssueFormat.json:
        _print_json(overview)
    else:
        out.print(render.rules_view(overview, language))
    if problems:
        err.print(
            Text(
                h(
                    f"考核方案有 {len(problems)} 个问题，运行 sc-cli rules --check 查看。",
                    f"{len(problems)} problems in the assessment; run sc-cli rules --check.",
                )
            ),
            style="yellow",
        )


def main(early: Reading | None = None) -> None:
    """Run the command, then leave without Python's teardown (launch.py calls this).

    `early` is the reading launch.py started from argv, if any; the command takes it
    over when it names the same files.

    A big run holds millions of small objects; freeing them one by one at exit takes a
    tenth of a second that the operating system does at once. Everything the commands
    write is flushed first, and they clean up their own temporary files before returning.
    """
    _early[:] = [early] if early is not None else []
    try:
        app()
        code: int = 0
    except SystemExit as done:
        if isinstance(done.code, str):
            sys.stderr.write(done.code + "\n")
        code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    for stream in (sys.stdout, sys.stderr):
        with suppress(BrokenPipeError, ValueError):  # a closed pipe (sc-cli ... | head)
            stream.flush()
    os._exit(code)
