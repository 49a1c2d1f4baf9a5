"""The blank submission template: its shape, its checks, and that a filled one is counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from helpers import TODAY, check, invoke, rules, rules_copy
from make_test_data import uscc

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.errors import UsageError
from shuangchuang_cli.i18n import Lang
from shuangchuang_cli.marks import TEMPLATE_INSTRUCTIONS
from shuangchuang_cli.output.template import INSTRUCTIONS, LISTS, write_template
from shuangchuang_cli.output.xlsx import display_width
from shuangchuang_cli.rules import load_rules
from shuangchuang_cli.rules.sheet_types import Kind

SHEET_TYPES = load_rules().sheet_types


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    return write_template(tmp_path / "模板.xlsx", rules(), unit="盐湖", year=2024)


def _validations(sheet: object) -> dict[str, object]:
    """Validation of each column letter, read from the sqref 'X2:X1048576'."""
    found: dict[str, object] = {}
    for dv in sheet.data_validations.dataValidation:  # type: ignore[attr-defined]
        ref = str(dv.sqref)
        found[ref.split(":")[0].rstrip("0123456789")] = dv
    return found


def test_one_sheet_per_type_in_contract_order_after_the_instructions(blank: Path) -> None:
    book = openpyxl.load_workbook(blank)
    assert book.sheetnames == [INSTRUCTIONS, *SHEET_TYPES]
    assert book.active.title == INSTRUCTIONS
    for name, sheet_type in SHEET_TYPES.items():
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        assert header == [("*" if c.required else "") + c.name for c in sheet_type.columns]
        assert sheet.max_row == 1, "no example rows: they would be counted"
        assert sheet.freeze_panes == "A2"


def test_every_column_has_a_hint_and_the_right_check(blank: Path) -> None:
    book = openpyxl.load_workbook(blank)
    ruleset = rules()
    units = ",".join(u.name for u in ruleset.units)
    for name, sheet_type in SHEET_TYPES.items():
        checks = _validations(book[name])
        for j, column in enumerate(sheet_type.columns):
            letter = openpyxl.utils.get_column_letter(j + 1)
            dv = checks[letter]
            assert dv.prompt and dv.showInputMessage  # type: ignore[attr-defined]
            assert str(dv.sqref) == f"{letter}2:{letter}1048576"  # type: ignore[attr-defined]
            kind, formula = dv.type, dv.formula1  # type: ignore[attr-defined]
            if column.kind is Kind.ENUM:
                allowed = ruleset.values.enums[column.name]
                assert (kind, formula) == ("list", '"' + ",".join(allowed) + '"')
            elif column.kind is Kind.BOOL:
                assert (kind, formula) == ("list", '"是,否"')
            elif column.kind is Kind.UNIT:
                assert (kind, formula) == ("list", f'"{units}"')
                assert "盐湖街道" in dv.prompt  # type: ignore[attr-defined]
            elif column.kind is Kind.DATE:
                assert kind == "date"
            elif column.kind is Kind.COUNT:
                assert (kind, dv.operator, formula) == ("whole", "greaterThanOrEqual", "0")  # type: ignore[attr-defined]
            else:
                assert kind is None  # free text: a hint only
            width = book[name].column_dimensions[letter].width
            assert width >= display_width(("*" if column.required else "") + column.name)


def test_code_columns_are_text_so_digits_survive(blank: Path) -> None:
    sheet = openpyxl.load_workbook(blank)["高新技术企业"]
    assert sheet.column_dimensions["B"].number_format == "@"  # 统一社会信用代码
    assert sheet.column_dimensions["D"].number_format == "yyyy-mm-dd"  # 认定日期


def test_instructions_name_the_unit_year_and_date_forms(blank: Path) -> None:
    sheet = openpyxl.load_workbook(blank)[INSTRUCTIONS]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "2024 年度" in text and "填报单位：盐湖街道" in text
    assert "2024年3月5日" in text and "20240305" in text
    for name in SHEET_TYPES:
        assert name in text


@pytest.mark.parametrize(
    ("lang", "outside"), [("zh", "不用本模板"), ("en", "without this template")]
)
def test_date_forms_the_template_refuses_are_said_to_be_read_outside_it(
    tmp_path: Path, lang: Lang, outside: str
) -> None:
    # The date columns' stop-style check refuses 2024.3.5 and 20240305 when typed, so the
    # instructions must not promise them for the template itself.
    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", rules(), lang=lang))
    lines = [str(c.value) for row in book[INSTRUCTIONS].iter_rows() for c in row if c.value]
    step = next(line for line in lines if "20240305" in line)
    typed, read_elsewhere = step.split(outside)
    assert "2024-03-05" in typed and "20240305" not in typed
    assert "2024.3.5" in read_elsewhere and "20240305" in read_elsewhere
    dv = _validations(book["高新技术企业"])["D"]  # 认定日期
    assert dv.type == "date"  # type: ignore[attr-defined]
    assert dv.errorStyle in (None, "stop")  # type: ignore[attr-defined]  # None is stop


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sheets_table_rows_are_high_enough_for_their_wrapped_text(
    tmp_path: Path, lang: Lang
) -> None:
    # LibreOffice shows a wrapped cell in a row without a height on one line, cut off.
    sheet = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", rules(), lang=lang))[
        INSTRUCTIONS
    ]
    rows = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value in SHEET_TYPES]
    assert len(rows) == len(SHEET_TYPES)
    for r in rows:
        height = sheet.row_dimensions[r].height
        assert height is not None and height % 16 == 0, r
        for column in "BCD":
            width = sheet.column_dimensions[column].width
            value = str(sheet[f"{column}{r}"].value or "")
            assert height / 16 * (width - 2) >= display_width(value), (r, column)


def test_a_blank_template_validates_silently_and_says_it_holds_no_record(blank: Path) -> None:
    result = check(blank)
    assert (result.errors, result.issues) == (0, [])
    assert [n.key for n in result.notices] == ["notice.no_records"]
    run = invoke("validate", blank)
    assert run.exit_code == 0, run.output
    assert "没有任何记录行" in run.stderr and "填报说明" not in run.output


def test_the_instructions_sheet_carries_the_mark_in_a_hidden_column(blank: Path) -> None:
    sheet = openpyxl.load_workbook(blank)[INSTRUCTIONS]
    assert sheet["F1"].value == TEMPLATE_INSTRUCTIONS
    assert sheet.column_dimensions["F"].hidden


def test_an_instructions_sheet_of_an_older_template_is_known_too(tmp_path: Path) -> None:
    """Templates made before the mark: known by the sheet's name and its last instruction."""
    path = tmp_path / "old.xlsx"
    write_template(path, rules())
    book = openpyxl.load_workbook(path)
    book[INSTRUCTIONS]["F1"].value = None
    book.save(path)
    assert check(path).issues == []
    book[INSTRUCTIONS].title = "说明"  # renamed: no longer known, so warned about
    book.save(path)
    assert [i.code for i in check(path).issues] == ["unknown_sheet"]


def _fill(path: Path) -> None:
    """What a clerk would type, one row per sheet, with real Excel dates and numbers."""
    book = openpyxl.load_workbook(path)
    rows = {
        "孵化载体": [
            "=盐湖众创空间",  # a name that looks like a formula must stay text
            "众创空间",
            "区级",
            "盐湖街道",
            uscc(901),
            dt.date(2022, 5, 1),
            "运营",
            "是",
            10,
            6,
            5,
            *["是"] * 7,
        ],
        "孵化企业": [
            "新疆甲科技有限公司",
            "企业",
            uscc(1),
            "盐湖众创空间",
            "盐湖街道",
            dt.date(2024, 3, 5),
        ],
        "创业导师": ["王芳", "CM2024001", "盐湖众创空间", "盐湖街道", dt.date(2024, 4, 1)],
        "高新技术企业": [
            "新疆乙科技有限公司",
            uscc(2),
            "GR202465000123",
            dt.date(2024, 5, 6),
            "盐湖街道",
        ],
        "科技型中小企业": [
            "新疆丙科技有限公司",
            uscc(3),
            "2024650107A00001",
            dt.date(2024, 6, 7),
            "盐湖街道",
        ],
        "双创活动": [
            "盐湖创业沙龙",
            "创业沙龙",
            dt.date(2024, 7, 8),
            "盐湖街道",
            "盐湖众创空间",
            30,
        ],
    }
    for name, values in rows.items():
        sheet = book[name]
        for j, value in enumerate(values, start=1):
            cell = sheet.cell(2, j)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
    book.save(path)


def test_a_filled_template_validates_clean_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "data" / "2024" / "盐湖街道.xlsx"
    path.parent.mkdir(parents=True)
    write_template(path, rules(), unit="盐湖街道", year=2024)
    _fill(path)
    result = check(path)
    assert result.errors == 0, [i.message() for i in result.issues]
    assert result.issues == [] and result.notices == ()
    ws = Workspace(data_dir=tmp_path / "data", rules=rules(), today=TODAY)
    actual = {v.id: v.actual for v in ws.report(2024).indicators}
    assert actual["carriers_total"] == 1
    assert actual["demo_bases"] == 1
    assert actual["staff_trained_ratio"] == 0.6
    for counted in ("incubated_new", "mentors_new", "hightech_recognized", "tech_sme_registered"):
        assert actual[counted] == 1
    assert actual["training_events"] == 1
    names = ws.measured(2024)[0].records["载体名称"].tolist()
    assert names == ["=盐湖众创空间"]


def _rules_with_many_units(tmp_path: Path, count: int) -> Path:
    return rules_copy(
        tmp_path, [(f"示例经济技术开发区第{n:03d}社区", "street", []) for n in range(count)]
    )


def test_a_long_unit_list_goes_through_a_hidden_sheet(tmp_path: Path) -> None:
    ruleset = load_rules(_rules_with_many_units(tmp_path, 40))
    path = write_template(tmp_path / "t.xlsx", ruleset)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-1] == LISTS
    assert book[LISTS].sheet_state == "hidden"
    units = [c.value for c in book[LISTS]["A"]]
    assert units == [u.name for u in ruleset.units]
    dv = _validations(book["孵化企业"])["E"]  # 所属单位
    assert dv.formula1 == f"'{LISTS}'!$A$1:$A${len(units)}"  # type: ignore[attr-defined]
    # Short lists stay inline even then.
    assert _validations(book["孵化企业"])["B"].formula1 == '"企业,团队"'  # type: ignore[attr-defined]
    # The list sheet carries the template's mark too: no warning for either.
    result = check(path)
    assert result.issues == []


def test_english_instructions_keep_the_chinese_sheets_and_headers(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", rules(), lang="en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[1:] == list(SHEET_TYPES)
    assert "How to fill in" in [c.value for c in book[INSTRUCTIONS]["A"]]
    assert book["创业导师"]["A1"].value == "*姓名"


def test_an_unknown_unit_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="火星"):
        write_template(tmp_path / "t.xlsx", rules(), unit="火星")
    assert not (tmp_path / "t.xlsx").exists()


# --- the command ---------------------------------------------------------------------------


def test_cli_writes_refuses_to_overwrite_and_forces(tmp_path: Path) -> None:
    target = tmp_path / "模板.xlsx"
    first = invoke("template", "-o", str(target), "--unit", "盐湖街道")
    assert first.exit_code == 0, first.output
    before = target.read_bytes()
    again = invoke("template", "-o", str(target))
    assert again.exit_code == 2
    assert "已存在" in again.output and "--force" in again.output
    assert target.read_bytes() == before
    forced = invoke("template", "-o", str(target), "--force", "--year", "2025")
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["模板.xlsx"]  # no temp files left


@pytest.mark.parametrize(
    "args",
    [
        ["template", "-o", "t.xls"],
        ["template", "-o", "missing/t.xlsx"],
        ["template", "-o", "t.xlsx", "--unit", "火星"],
        ["template", "-o", "t.xlsx", "--lang", "fr"],
    ],
)
def test_cli_usage_errors_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_template_for_a_year_outside_the_plan_says_so(tmp_path: Path) -> None:
    from helpers import invoke

    made = invoke("template", "-o", tmp_path / "2030.xlsx", "--year", "2030")
    assert made.exit_code == 0 and (tmp_path / "2030.xlsx").exists()
    assert "2030 年不在方案期（2023-01-01 至 2025-12-31）内" in made.stderr
    inside = invoke("template", "-o", tmp_path / "2024.xlsx", "--year", "2024")
    assert "不在方案期" not in inside.stderr


def test_the_credit_code_step_is_said_only_where_a_sheet_has_one() -> None:
    from shuangchuang_cli.output.template_text import instruction_lines
    from shuangchuang_cli.rules.sheet_types import Kind

    bundled = rules()
    said = [t for _, t in instruction_lines(bundled, None, None, "zh")]
    assert any(t.startswith("7. 统一社会信用代码为 18 位") for t in said)
    plain = [s for s in bundled.sheets if all(c.kind is not Kind.USCC for c in s.columns)]
    without = bundled.model_copy(update={"sheets": plain})
    said = [t for _, t in instruction_lines(without, None, None, "zh")]
    assert not any("统一社会信用代码" in t for t in said)
    assert any(t.startswith("7. 代码、编号列已设为文本格式") for t in said)


def test_the_instructions_title_row_is_as_high_as_its_font(blank: Path) -> None:
    sheet = openpyxl.load_workbook(blank)[INSTRUCTIONS]
    title = sheet.cell(1, 1)
    assert title.font.sz == 14
    assert sheet.row_dimensions[1].height >= title.font.sz * 1.4  # 16 pt cut its foot
    said = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "（有/无、Y/N 等写法也能识别）" in said  # the other forms, not 是 again
