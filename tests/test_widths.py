"""Every table readable at 80, 100 and 200 columns: no line wider than the terminal, no
value cut (names, scores, grades, dates, credit codes, codes appear whole), the
completion bar only where there is room."""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from typing import Any

import pytest
from helpers import DATA, invoke
from rich.cells import cell_len

from shuangchuang_cli.i18n import text
from shuangchuang_cli.reading.discover import bundled_data_dir
from shuangchuang_cli.rules import load_rules

WIDTHS = [80, 100, 200]
LANGS = ["zh", "en"]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pieces(output: str) -> set[str]:
    """Everything the output shows whole: each line, each two lines read on (a paragraph
    wrapped once), and each cell of a framed table with its wrapped lines joined."""
    lines = output.splitlines()
    found = {squash(line) for line in lines}
    found |= {squash(a + b) for a, b in itertools.pairwise(lines)}
    row: list[str] = []
    for line in lines:
        if not line.startswith("│"):
            row = []
            continue
        cells = line.split("│")[1:-1]
        # Every cell shows something (— for nothing): a line with an empty cell is the
        # next line of a row whose longer cells wrapped.
        if row and len(row) == len(cells) and not all(c.strip() for c in cells):
            row = [a + b for a, b in zip(row, cells, strict=True)]
        else:
            row = cells
        found |= {squash(c) for c in row}
    return found


def whole(value: str, output: str) -> bool:
    wanted = squash(value)
    return any(wanted in piece for piece in pieces(output))


def check_lines(output: str, width: int) -> None:
    for line in output.splitlines():
        assert cell_len(line) <= width, line
    for line in output.splitlines():  # nothing cut with an ellipsis
        if not line.startswith(("用法：", "Usage: ")):
            assert not re.search(r"(?<!…)…(?!…)\s*([│┃]|$)", line), line


@cache
def run(*args: str, width: int) -> tuple[str, str]:
    result = invoke(*args, width=width)
    assert result.exit_code in (0, 1), result.output
    return result.stdout, result.stderr


@cache
def as_json(*args: str) -> Any:
    return json.loads(invoke(*args, "--format", "json").stdout)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_report_shows_every_indicator_and_status_whole(width: int, lang: str) -> None:
    out, _ = run("report", "2024", "--lang", lang, width=width)
    check_lines(out, width)
    for ind in load_rules().indicators:
        names = (ind.name_en, ind.short_en) if lang == "en" else (ind.name, ind.short)
        assert any(whole(n, out) for n in names), (ind.id, out)
    statuses = ("已完成", "符合进度", "略有滞后", "明显滞后")
    shown = ("achieved", "on track", "behind", "at risk") if lang == "en" else statuses
    assert all(whole(s, out) for s in shown)
    for item in as_json("report", "2024")["indicators"]:
        if item["unit"] != "%":
            assert whole(str(item["actual"]), out)


@pytest.mark.parametrize("lang", LANGS)
def test_report_uses_short_names_and_drops_the_bar_at_80_columns(lang: str) -> None:
    out, _ = run("report", "2024", "--lang", lang, width=80)
    assert "█" not in out
    assert whole("培训比例" if lang == "zh" else "Trained", out)
    wide, _ = run("report", "2024", "--lang", lang, width=200)
    assert "█" in wide and whole("staff_mentor_certified_ratio", wide)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["--units", "--carriers"])
def test_score_never_cuts_names_totals_or_grades(width: int, lang: str, kind: str) -> None:
    out, _ = run("score", "2024", kind, "--lang", lang, width=width)
    check_lines(out, width)
    data = as_json("score", "2024", kind)
    grades = {"优秀": "excellent", "良好": "good", "合格": "pass", "不合格": "fail"}
    for row in data["rows"]:
        assert whole(row["name"], out), row["name"]
        assert whole(f"{row['score']:.2f}", out), row["score"]
        assert whole(grades[row["grade"]] if lang == "en" else row["grade"], out)
        for item in row["items"]:
            assert whole(f"{item['points']:.2f}", out)


def test_score_at_100_columns_shows_105_and_its_grade_whole() -> None:
    """The regression seen before: `105.…` and `不合…` at 100 columns."""
    out, _ = run("score", "2024", width=100)
    assert "105.00" in out and "优秀" in out and "不合格" in out
    assert "105.…" not in out and "不合…" not in out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "indicator", ["hightech_recognized", "incubated_new", "staff_trained_ratio"]
)
def test_explain_never_breaks_dates_or_credit_codes(width: int, indicator: str) -> None:
    out, _ = run("explain", indicator, "2024", width=width)
    check_lines(out, width)
    for record in as_json("explain", indicator, "2024")["records"]:
        for key in ("date", "founded"):
            if record.get(key):
                assert re.search(rf"(?<![\d-]){record[key]}(?![\d-])", out), record[key]
        assert whole(str(record["key"]), out), record["key"]
        for code in re.findall(r"[0-9A-Z]{18}", str(record["key"])):
            assert code in out, code  # a credit code on one line, never split
        assert whole(str(record["name"]), out), record["name"]
        assert whole(str(record["file"]), out), record["file"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_validate_shows_every_code_column_and_row_whole(width: int, lang: str) -> None:
    folder = str(bundled_data_dir())
    out, _ = run("validate", folder, "--lang", lang, width=width)
    check_lines(out, width)
    for issue in as_json("validate", folder)["issues"]:
        assert whole(issue["code"], out)
        if issue["column"]:
            assert whole(issue["column"], out), issue["column"]
        if issue["row"]:
            assert re.search(rf"(?<!\d){issue['row']}(?!\d)", out)


@pytest.mark.parametrize("width", WIDTHS)
def test_validate_of_many_issues_fits(width: int) -> None:
    out, _ = run("validate", str(DATA / "error_bad_uscc.xlsx"), width=width)
    check_lines(out, width)
    for issue in as_json("validate", str(DATA / "error_bad_uscc.xlsx"))["issues"]:
        assert whole(issue["code"], out)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_command_list_is_one_line_a_command(width: int, lang: str) -> None:
    out, _ = run("--help", "--lang", lang, width=width)
    check_lines(out, width)
    listed = [line for line in out.splitlines() if re.match(r"│ [a-z][a-z-]* {2,}\S", line)]
    for line in listed:  # the whole summary on the command's own line
        command = line.split()[1]
        assert text(f"cli.short.{command.replace('-', '_')}", lang) in line  # type: ignore[arg-type]
    assert [line.split()[1] for line in listed] == [
        "report",
        "validate",
        "template",
        "export",
        "bulletin",
        "score",
        "explain",
        "rules",
        "sample-data",
        "cache",
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_rules_and_by_unit_fit(width: int) -> None:
    for args in (("rules",), ("report", "2024", "--by-unit")):
        out, _ = run(*args, width=width)
        check_lines(out, width)
        for unit in ("艾维尔沟街道", "区市场监管局"):
            assert whole(unit, out)


def test_rules_tasks_are_a_table_of_short_names_at_80_columns() -> None:
    """One line a unit and year under short headers (孵化企业 (30)), not a block of
    indicator ids for each of them."""
    out, _ = run("rules", width=80)
    section = out[out.index("权重与任务分解") :]
    rows = [line for line in section.splitlines() if line.startswith("│ 2024 │")]
    assert len(rows) == len(as_json("rules")["assessment"]["units"]["tasks"]["2024"]) > 10
    assert "孵化企业" in section and "incubated_new" not in section
