"""The neutral table and its writers: CSV, Markdown and the terminal, with written-out
expected values; escapes for text that would steer a terminal; grouped issue lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import invoke, rules_copy, write_folder
from hypothesis import given
from hypothesis import strategies as st
from make_test_data import MENTOR, mentor
from rich.console import Console

from shuangchuang_cli.api import Validation
from shuangchuang_cli.models import Issue
from shuangchuang_cli.output import terminal_wrap
from shuangchuang_cli.output.check_views import issue_lines, issues_view
from shuangchuang_cli.output.delimited import to_csv
from shuangchuang_cli.output.issues_json import json_bytes, safe_json
from shuangchuang_cli.output.markdown import to_markdown
from shuangchuang_cli.output.tables import Cell, Column, Line, Table, printable, table
from shuangchuang_cli.output.terminal import render
from shuangchuang_cli.output.terminal_wrap import wrap

SMALL = table(
    [Column("序号", "right", data=False), Column("名称", wrap=True), Column("数量", "right")],
    [["1", "=HYPERLINK(1)", "-5"], ["2", "a,b\rc", "3"], ["3", 'say "hi"|x', "+1"]],
    title="标题",
    caption="说明",
)


def shown(blocks: Table | list[Table | Line], width: int) -> str:
    console = Console(width=width, color_system=None, force_terminal=False)
    with console.capture() as captured:
        console.print(render(blocks, width, "zh"))
    return captured.get()


# --- CSV ------------------------------------------------------------------------------------


def test_csv_starts_with_a_bom_ends_lines_in_crlf_and_quotes_what_needs_it() -> None:
    assert to_csv(SMALL) == (
        '\ufeff名称,数量\r\n\'=HYPERLINK(1),-5\r\n"a,b\rc",3\r\n"say ""hi""|x",+1\r\n'
    )


def test_csv_without_a_bom_reads_back_as_written() -> None:
    body = to_csv(SMALL, bom=False)
    assert not body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows == [
        ["名称", "数量"],
        ["'=HYPERLINK(1)", "-5"],
        ["a,b\rc", "3"],
        ['say "hi"|x', "+1"],
    ]


@pytest.mark.parametrize(
    ("value", "written"),
    [("=1+1", "'=1+1"), ("+86 991", "'+86 991"), ("-x", "'-x"), ("@a", "'@a"), ("-5", "-5")],
)
def test_formula_like_text_is_guarded(value: str, written: str) -> None:
    one = table([Column("a")], [[value]])
    assert to_csv(one, bom=False).splitlines()[1] == written


def test_report_csv_has_a_bom_by_default_and_none_with_no_bom() -> None:
    with_bom = invoke("report", "2024", "-f", "csv")
    assert with_bom.exit_code == 0
    assert with_bom.stdout.startswith("\ufeff编号,指标,目标,实际,序时应达,差距,完成度,状态\r\n")
    assert "\r\ncarriers_total,新型孵化载体数量,6,5,4.0,1,83.3%,符合进度\r\n" in with_bom.stdout
    without = invoke("report", "2024", "-f", "csv", "--no-bom")
    assert without.stdout.startswith("编号,指标,")
    score = invoke("score", "2024", "-f", "csv", "--no-bom")
    # Groups ranked apart, and each indicator's task, actual and points as numbers.
    assert score.stdout.startswith(
        "名次,分组,单位,总分,等级,加分,报送,总名次,累计新增孵化企业和创业团队 任务,"
        "累计新增孵化企业和创业团队 实际,累计新增孵化企业和创业团队 得分,"
    )
    assert "\r\n1,乡镇街道,乌拉泊街道,105.00,优秀,5,已报送,1,4,4,54.55," in score.stdout


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_escapes_pipes_line_breaks_and_control_characters() -> None:
    odd = table([Column("名称"), Column("数", "right")], [["a|b\nc", "1"], ["\x1b[31m红", "2"]])
    assert to_markdown(odd) == ("| 名称 | 数 |\n|---|--:|\n| a\\|b c | 1 |\n| \\x1b[31m红 | 2 |\n")


def test_markdown_of_a_heading_a_line_and_a_table() -> None:
    assert to_markdown([Line("通报"), Line("正文"), SMALL], heading=True) == (
        "# 通报\n\n正文\n\n**标题**\n\n| 序号 | 名称 | 数量 |\n|--:|---|--:|\n"
        '| 1 | =HYPERLINK(1) | -5 |\n| 2 | a,b c | 3 |\n| 3 | say "hi"\\|x | +1 |\n\n说明\n'
    )


# --- the terminal -------------------------------------------------------------------------------


def test_wrap_breaks_chinese_anywhere_but_never_inside_a_date_or_a_code() -> None:
    text = "统一社会信用代码“91650107MA79Q5XW2T”校验位错误，日期2024-03-05晚于今天。"
    lines = wrap(text, 24)
    assert "".join(lines) == text
    assert any("91650107MA79Q5XW2T”" in line for line in lines)
    assert any("2024-03-05" in line for line in lines)
    assert all(not line.startswith(("，", "。", "”")) for line in lines)


@given(
    # No joiner (U+200D): there the loop measures each line as rich does and may split a
    # text the one-line shortcut keeps whole, as it always has (both fit the width).
    st.text(alphabet="达坂城区科技有限公司（）、，。A1 -\n", max_size=40),
    st.integers(min_value=1, max_value=30),
)
def test_wrap_gives_what_wrapping_token_by_token_gives(value: str, width: int) -> None:
    # wrap takes shortcuts for the usual texts (a short one, a Chinese name): each must
    # give the lines the token-by-token loop gives.
    assert wrap(value, width) == terminal_wrap._by_tokens(value, width)


def test_a_chinese_name_wraps_in_lines_of_whole_characters() -> None:
    assert wrap("乌鲁木齐通盛农业科技有限公司", 9) == ["乌鲁木齐", "通盛农业", "科技有限", "公司"]
    # Punctuation sticks to what it closes: not cut off by the shortcut.
    assert wrap("达坂（东沟）科技", 6) == ["达坂", "（东", "沟）科", "技"]


def test_a_token_wider_than_the_line_is_folded_not_lost() -> None:
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("\u202eexe.xslx", "\\u202eexe.xslx"),
        ("x\ry\nz\tw\x07", "x\\ry\\nz\\tw\\x07"),
        ("\x9b", "\\x9b"),
        ("正常文本", "正常文本"),
    ],
)
def test_printable_shows_control_characters_as_escapes(raw: str, escaped: str) -> None:
    assert printable(raw) == escaped


def test_a_table_that_fits_keeps_its_frame_and_values() -> None:
    out = shown(SMALL, 40)
    assert out.splitlines()[0] == "标题"
    assert "│    1 │ =HYPERLINK(1) │   -5 │" in out
    assert "a,b\\rc" in out  # the lone CR shown, not obeyed


def test_a_table_too_wide_for_the_screen_stacks_its_rows() -> None:
    wide = table(
        [Column("单位", key=True, bare=True), *(Column(f"指标{n}", "right") for n in range(9))],
        [["盐湖街道", *(f"{n}/{n} → 10.00" for n in range(9))]],
    )
    out = shown(wide, 40)
    assert out.splitlines()[0] == "盐湖街道"
    for n in range(9):
        assert f"指标{n}：{n}/{n} → 10.00" in out
    assert all(len(line) <= 40 for line in out.splitlines())


def test_short_forms_are_used_only_when_the_full_ones_do_not_fit() -> None:
    names = table(
        [Column("指标", wrap=True), Column("实际", "right")],
        [[Cell("累计新增孵化企业和创业团队", short="孵化企业"), "58"]],
    )
    assert "累计新增孵化企业和创业团队" in shown(names, 80)
    narrow = shown(names, 24)
    assert "孵化企业" in narrow and "累计" not in narrow


def test_markup_and_escapes_in_a_cell_print_as_text() -> None:
    out = shown(table([Column("名称")], [["[/bold][red]x\x1b[0m"]]), 40)
    assert "[/bold][red]x\\x1b[0m" in out


# --- issue lines --------------------------------------------------------------------------------


def bad_unit(row: int, value: str = "某某乡", sheet: str = "双创活动") -> Issue:
    return Issue.of(
        "unknown_unit", "a.csv", sheet, row, "所属单位", value=value, allowed="x", closest="y"
    )


def test_identical_issues_on_consecutive_rows_are_one_line() -> None:
    issues = [bad_unit(r) for r in range(5, 1134)] + [bad_unit(1140), bad_unit(1141, "别的乡")]
    lines = issue_lines(issues)
    assert [(x.issue.row, x.last_row, x.rows()) for x in lines] == [
        (5, 1133, "5–1133"),
        (1140, None, "1140"),
        (1141, None, "1141"),
    ]


def test_interleaved_issues_of_two_columns_group_by_column() -> None:
    dates = [Issue.of("bad_date", "a.csv", "双创活动", r, "活动日期", value="x") for r in (2, 3)]
    issues = [dates[0], bad_unit(2), dates[1], bad_unit(3)]
    assert sorted(x.rows() for x in issue_lines(issues)) == ["2–3", "2–3"]


def test_the_validate_table_groups_rows_and_json_keeps_every_issue(tmp_path: Path) -> None:
    path = tmp_path / "双创活动.csv"
    rows = [f"沙龙{n},创业沙龙,2024-03-05,某某乡,3" for n in range(1129)]
    path.write_text("活动名称,活动类别,活动日期,所属单位,参与人次\n" + "\n".join(rows), "utf-8")
    result = invoke("validate", path, width=200)
    assert result.exit_code == 1
    assert result.stdout.count("unknown_unit") == 1
    assert "2–1130" in result.stdout
    assert "1129 个错误" in result.stdout
    english = invoke("validate", path, "--lang", "en", width=200)
    assert "2–1130" in english.stdout and "1129 errors" in english.stdout
    listed = json.loads(invoke("validate", path, "-f", "json").stdout)["issues"]
    assert [i["row"] for i in listed] == list(range(2, 1131))


def test_the_issue_view_counts_issues_not_lines() -> None:
    result = Validation(1, [bad_unit(r) for r in (2, 3, 4)])
    blocks = issues_view(result, "zh")
    heading = blocks[0]
    assert isinstance(heading, Line)
    assert heading.text == "a.csv：" and heading.parts[0].text == "3 个错误，0 个警告"
    assert isinstance(blocks[1], Table) and len(blocks[1].rows) == 1


# --- text from outside never steers the terminal --------------------------------------------------


def test_a_file_name_with_escape_sequences_is_shown_escaped(tmp_path: Path) -> None:
    path = write_folder(tmp_path, {"\x1b[2J\u202e坏.xlsx": [(MENTOR, [mentor("王芳", "", "x")])]})
    result = invoke("validate", path)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "\\x1b[2J\\u202e坏.xlsx" in result.stdout


def test_a_unit_name_with_control_characters_is_escaped_in_every_view(tmp_path: Path) -> None:
    unit = "恶意\x1b]0;title\x07乡"
    rules = rules_copy(tmp_path, [(unit, "township", [])])
    data = tmp_path / "data"
    (data / "2024").mkdir(parents=True)
    (data / "2024" / "创业导师.csv").write_text(
        f"姓名,证书编号,所属单位,聘任日期\n王芳,C1,{unit},2024-03-01\n", encoding="utf-8"
    )
    for fmt in ("table", "markdown"):
        result = invoke("report", "2024", "--by-unit", "--rules", rules, "--data", data, "-f", fmt)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "恶意\\x1b]0;title\\x07乡" in result.stdout
    score = invoke("score", "2024", "--rules", rules, "--data", data)
    assert "\x1b" not in score.output


def test_an_option_value_with_control_characters_is_escaped_in_errors() -> None:
    result = invoke("report", "2024", "--format", "x\x1b[31m")
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "x\\x1b[31m" in result.stderr
    missing = invoke("report", "2024", "--data", "/no/\x1b[2Jsuch")
    assert missing.exit_code == 2
    assert "\x1b" not in missing.output and "\\x1b[2Jsuch" in missing.stderr


def test_json_writes_what_would_steer_a_terminal_as_escapes(tmp_path: Path) -> None:
    name = "\u202e\x9b坏.xlsx"
    path = write_folder(tmp_path, {name: [(MENTOR, [mentor("王芳", "", "x")])]})
    result = invoke("validate", path, "-f", "json")
    assert "\u202e" not in result.stdout and "\x9b" not in result.stdout
    assert "\\u202e\\u009b坏.xlsx" in result.stdout
    assert json.loads(result.stdout)["issues"][0]["file"] == str(path / name)  # the same data


_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=8)
)
_JSON_KEYS = st.text(max_size=4) | st.integers(min_value=-(2**63), max_value=2**63 - 1)


def _json(scalars: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(_JSON_KEYS | st.booleans(), inner, max_size=4)
        ),
        max_leaves=20,
    )


def test_printable_escapes_what_the_console_cannot_write() -> None:
    from shuangchuang_cli.output.tables import printable, show_on

    name = "ئۈرۈمچی团队\x1b[31m"
    try:
        show_on("gbk")
        assert printable(name) == "\\u0626\\u06c8\\u0631\\u06c8\\u0645\\u0686\\u06cc团队\\x1b[31m"
        assert printable("😀·—") == "\\U0001f600·—"  # GBK has · and —
        show_on("UTF-8")
        assert printable(name) == "ئۈرۈمچی团队\\x1b[31m"
    finally:
        show_on(None)
    assert printable(name) == "ئۈرۈمچی团队\\x1b[31m"


def json_text(value: object) -> str:
    return json_bytes(value).decode("utf-8")


def test_the_bytes_escaped_are_the_characters_escaped() -> None:
    """json_bytes escapes on UTF-8 bytes what safe_json escapes in text: every character
    the text pattern takes, and no other."""
    from shuangchuang_cli.output.issues_json import _UNSAFE_UTF8, JSON_UNSAFE

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # no UTF-8 form
        # Between neighbours whose bytes it could be mistaken for part of (é is C3 A9).
        text = "a" + chr(code) + "é"
        found = _UNSAFE_UTF8.search(text.encode("utf-8"))
        expected = JSON_UNSAFE.search(text)
        assert (found and found.group().decode("utf-8")) == (expected and expected.group()), code


def test_json_bytes_escapes_what_steers_a_terminal_and_keeps_the_rest() -> None:
    text = json_text({"名称": "阿不都·热合曼\u202e科技\x9b31m—“公司”\x7f"})
    assert "\\u202e" in text and "\\u009b" in text and "\\u007f" in text
    assert "阿不都·热合曼" in text and "—“公司”" in text
    assert json.loads(text) == {"名称": "阿不都·热合曼\u202e科技\x9b31m—“公司”\x7f"}


@given(_json(_JSON_SCALARS))
def test_json_text_is_what_json_dumps_gives(value: object) -> None:
    """print_json's text is json.dumps(indent=2)'s, terminal-safe, for any JSON value
    without floats (orjson writes it; its floats differ in form only, below)."""
    assert json_text(value) == safe_json(json.dumps(value, ensure_ascii=False, indent=2))


@given(_json(_JSON_SCALARS | st.floats(allow_nan=False, allow_infinity=False)))
def test_json_text_holds_every_value_json_dumps_holds(value: object) -> None:
    """With floats, the same values (an exponent may be written 1e16 or 1e+16)."""
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert json.loads(json_text(value)) == json.loads(expected)


def test_json_text_writes_no_nan_and_takes_any_int() -> None:
    """NaN and infinities are null, so the text is JSON; an int past 64 bits (which
    orjson refuses) is written as json writes it."""
    text = json_text({"share": float("nan"), "top": float("inf"), "n": 3})
    assert json.loads(text) == {"share": None, "top": None, "n": 3}
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(json_text({"big": [10**30, -(10**30)]})) == {"big": [10**30, -(10**30)]}


def test_a_styled_line_broken_over_several_keeps_its_style() -> None:
    from shuangchuang_cli.output.tables import Line
    from shuangchuang_cli.output.terminal import render_line

    shown = render_line(Line("warning " * 12, style="strong"), 40)
    assert len(shown.plain.split("\n")) == 3
    assert shown.spans and all(span.style == "bold" for span in shown.spans)
    assert sum(span.end - span.start for span in shown.spans) == len(shown.plain) - 2


def test_json_text_takes_numpy_scalars_and_str_like_keys_as_json_does() -> None:
    import enum

    import numpy as np

    class Kind(enum.StrEnum):
        FLOW = "flow"

    value = {Kind.FLOW: [np.float64(1.5), np.int64(3)], "n": np.float64("nan")}
    assert json.loads(json_text(value)) == {"flow": [1.5, 3], "n": None}
    # and where orjson refuses the whole value (an int past 64 bits), the same key
    assert json.loads(json_text({Kind.FLOW: 10**30})) == {"flow": 10**30}


def test_a_target_shows_which_way_it_is_met() -> None:
    from shuangchuang_cli.models import IndicatorValue
    from shuangchuang_cli.output.views import fmt_target

    def value(unit: str, direction: str, target: float) -> IndicatorValue:
        return IndicatorValue(
            id="x", name="x", kind="ratio" if unit == "%" else "stock", unit=unit,
            direction=direction, target=target, baseline=0, actual=None, expected=None,
            gap=None, completion=None, status=None,
        )  # fmt: skip

    assert fmt_target(value("%", "higher", 0.5)) == "≥50.0%"
    assert fmt_target(value("%", "lower", 0.3)) == "≤30.0%"  # not ≥: less is better
    assert fmt_target(value("家", "lower", 5)) == "≤5"
    assert fmt_target(value("家", "higher", 6)) == "6"
