"""Each file of tests/data gives exactly the issues it was made to show (SUBMISSIONS.md s. 4).

An issue is compared as (code, severity, sheet, Excel row, canonical column). Tolerance
files must give none: nothing valid is ever called an error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from helpers import DATA, TODAY, IssueKey, check, rules, summary
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from make_test_data import COLUMNS, SERVICES, uscc

from shuangchuang_cli.api import validate
from shuangchuang_cli.checking.columns import check_sheet
from shuangchuang_cli.checking.headers import recognise
from shuangchuang_cli.checking.sheets import Context
from shuangchuang_cli.counting.dataset import load
from shuangchuang_cli.errors import UsageError
from shuangchuang_cli.models import Issue
from shuangchuang_cli.reading.discover import discover
from shuangchuang_cli.reading.readers import RawSheet

E, W = "error", "warning"

EXPECTED: dict[str, list[IssueKey]] = {
    # --- tolerances: no issue at all ---------------------------------------------------
    "tolerance_title_rows.xlsx": [],
    "tolerance_fullwidth_digits.xlsx": [],
    "tolerance_date_forms.xlsx": [],
    "tolerance_yes_no_forms.xlsx": [],
    "tolerance_prenumbered_blank_rows.xlsx": [],
    "tolerance_footer_rows.xlsx": [],
    "tolerance_header_normalisation.xlsx": [],
    "tolerance_header_only_recognition.xlsx": [],
    "tolerance_gb18030.csv": [],
    "tolerance_utf8_bom.csv": [],
    "legacy.xls": [],
    # The header lacks 入孵日期: only the file name says 孵化企业, so the clerk learns which
    # column is missing instead of reading "unknown sheet".
    "tolerance_type_from_filename_孵化企业.csv": [
        ("missing_column", E, "孵化企业", None, "入孵日期"),
    ],
    # --- one code each -------------------------------------------------------------------
    "error_missing_value.xlsx": [
        ("missing_value", E, "孵化企业", 4, "名称"),
        ("missing_value", E, "孵化企业", 5, "统一社会信用代码"),  # 企业 without a code
        ("missing_value", E, "孵化企业", 7, "所属单位"),  # one issue per blank cell
        ("missing_value", E, "孵化企业", 7, "入孵日期"),
        ("missing_value", E, "孵化企业", 8, "主体类型"),
    ],
    "error_bad_date.xlsx": [
        ("bad_date", E, "创业导师", row, "聘任日期") for row in (3, 4, 5, 6, 7, 9)
    ],
    "error_bad_number.xlsx": [
        ("bad_number", E, "孵化载体", 2, "从业人员数"),
        ("bad_number", E, "孵化载体", 3, "接受专业培训人数"),
        ("bad_number", E, "孵化载体", 4, "持创业导师证书人数"),
        ("bad_number", E, "双创活动", 2, "参与人次"),
        ("bad_number", E, "双创活动", 3, "参与人次"),
    ],
    "error_bad_bool.xlsx": [
        ("bad_bool", E, "孵化载体", 2, "示范基地"),
        ("bad_bool", E, "孵化载体", 3, "法律服务"),
        ("bad_bool", E, "孵化载体", 4, "金融服务"),
    ],
    "error_bad_enum.xlsx": [
        ("bad_enum", E, "孵化载体", 2, "载体类型"),
        ("bad_enum", E, "孵化载体", 3, "运营状态"),
        ("bad_enum", E, "孵化载体", 4, "认定级别"),
        ("bad_enum", E, "孵化企业", 2, "主体类型"),
        ("bad_enum", E, "双创活动", 2, "活动类别"),
    ],
    "error_unknown_unit.xlsx": [
        ("unknown_unit", E, "双创活动", 2, "所属单位"),
        ("unknown_unit", E, "双创活动", 6, "所属单位"),
    ],
    "error_bad_uscc.xlsx": [
        ("bad_uscc", E, "孵化载体", 2, "运营主体统一社会信用代码"),
        *(("bad_uscc", E, "科技型中小企业", row, "统一社会信用代码") for row in range(4, 11)),
        ("bad_uscc", E, "科技型中小企业", 12, "统一社会信用代码"),
    ],
    "error_count_exceeds_staff.xlsx": [
        ("count_exceeds_staff", E, "孵化载体", 2, "接受专业培训人数"),  # both in one row:
        ("count_exceeds_staff", E, "孵化载体", 2, "持创业导师证书人数"),  # two issues
        ("count_exceeds_staff", E, "孵化载体", 3, "接受专业培训人数"),
    ],
    "error_missing_column.xlsx": [
        ("missing_column", E, "孵化企业", None, "主体类型"),
        ("missing_column", E, "孵化企业", None, "入孵日期"),
    ],
    "error_no_header.xlsx": [("no_header", E, "创业导师", None, None)],
    "error_csv_row_numbers.csv": [("bad_date", E, "双创活动", 5, "活动日期")],
    "warning_unknown_sheet.xlsx": [
        ("unknown_sheet", W, "填报说明", None, None),
        ("unknown_sheet", W, "汇总", None, None),
    ],
    # A CSV of no known type is named by its file stem.
    "warning_unknown_sheet_csv.csv": [
        ("unknown_sheet", W, "warning_unknown_sheet_csv", None, None),
    ],
    "warning_unknown_column.xlsx": [
        ("unknown_column", W, "创业导师", None, None),
        ("unknown_column", W, "创业导师", None, None),
    ],
    "warning_bad_certificate.xlsx": [
        ("bad_certificate", W, "高新技术企业", 3, "证书编号"),
        ("bad_certificate", W, "高新技术企业", 4, "证书编号"),
    ],
    "warning_future_date.xlsx": [("future_date", W, "双创活动", 2, "活动日期")],
    "warning_duplicate_within_file.xlsx": [
        ("duplicate", W, "高新技术企业", 3, "统一社会信用代码"),
        ("bad_date", E, "高新技术企业", 4, "认定日期"),
        # Row 4 has an error, so row 5 is the first error-free one and only row 6 repeats it.
        ("duplicate", W, "高新技术企业", 6, "统一社会信用代码"),
        ("duplicate", W, "孵化企业", 3, "名称"),
        ("duplicate", W, "双创活动", 3, "活动名称"),
    ],
    "warning_duplicate_across_files": [("duplicate", W, "创业导师", 2, "证书编号")],
    "warning_duplicate_across_years": [
        ("duplicate", W, "科技型中小企业", 2, "统一社会信用代码"),
        # the carrier repeated in the 2024 roster is not a duplicate
    ],
    "warning_duplicate_carriers": [("duplicate", W, "孵化载体", 3, "载体名称")],
    # --- whole files ---------------------------------------------------------------------
    "unsupported.docx": [("unsupported_file", W, None, None, None)],
    "corrupt.xlsx": [("unreadable_file", E, None, None, None)],
    "html_as.xls": [("unreadable_file", E, None, None, None)],
    "~$lock.xlsx": [],  # ignored without complaint
}

TYPES = rules().sheet_types


def test_every_file_of_tests_data_has_its_expected_issues() -> None:
    made = {p.name for p in DATA.iterdir() if p.suffix != ".py" and p.name != "__pycache__"}
    assert made == set(EXPECTED)


# A lock file named alone leaves nothing to check (a usage error, see below).
@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if not n.startswith("~$")))
def test_file_gives_exactly_the_expected_issues(name: str) -> None:
    result = check(DATA / name)
    assert summary(result.issues) == summary_of(EXPECTED[name])


def summary_of(keys: list[IssueKey]) -> list[IssueKey]:
    return sorted(keys, key=lambda k: (str(k[2]), k[3] or 0, str(k[4]), k[0]))


# The file-name tolerance shows recognition by file name; its missing column is the point.
TOLERANCES = [n for n in EXPECTED if n.startswith("tolerance_") and "from_filename" not in n]


@pytest.mark.parametrize("name", TOLERANCES)
def test_tolerated_forms_are_never_errors(name: str) -> None:
    assert check(DATA / name).valid


def test_a_lock_file_is_skipped_even_when_named_on_the_command_line() -> None:
    result = check(DATA / "~$lock.xlsx", DATA / "legacy.xls")
    assert (result.files, result.issues) == (1, [])
    (notice,) = result.notices
    assert notice.key == "notice.skipped_lock_file"
    assert notice.params == {"path": str(DATA / "~$lock.xlsx")}
    with pytest.raises(UsageError) as refused:
        check(DATA / "~$lock.xlsx")
    assert refused.value.key == "usage.nothing_to_check"


def test_issues_name_the_file_and_carry_a_message() -> None:
    (issue,) = check(DATA / "warning_future_date.xlsx").issues
    assert issue.file == str(DATA / "warning_future_date.xlsx")
    assert (issue.params["value"], issue.params["today"]) == ("2099-01-01", TODAY.isoformat())
    assert "2099-01-01" in issue.message() and TODAY.isoformat() in issue.message()


def messages(name: str) -> dict[tuple[int | None, str | None], str]:
    return {(i.row, i.column): i.message() for i in check(DATA / name).issues}


def test_bad_enum_says_what_is_allowed_and_the_closest_value() -> None:
    text = messages("error_bad_enum.xlsx")[(2, "载体类型")]
    assert "众创空问" in text
    assert "专业孵化器、众创空间、星创天地、科技企业孵化器、加速器、其他" in text
    assert "最接近的是“众创空间”" in text


def test_unknown_unit_lists_the_units_of_the_rules() -> None:
    text = messages("error_unknown_unit.xlsx")[(2, "所属单位")]
    assert "火星乡" in text and "盐湖街道" in text and "区科技局" in text


def test_bad_uscc_tells_the_right_check_character() -> None:
    from make_test_data import uscc

    text = messages("error_bad_uscc.xlsx")[(4, "统一社会信用代码")]
    right = uscc(17)  # the code that row spoiled
    assert f"应为“{right[17]}”" in text


def test_a_code_stored_as_a_number_is_told_as_lost_digits_not_a_typo() -> None:
    """126501074570000003 typed into a General cell keeps 15 digits (a double cannot hold
    it either): the clerk must retype it as text, not hunt for a typo. A number that
    still is a valid code (an exact integer from another program) passes."""
    from make_test_data import uscc

    head = ["企业名称", "统一社会信用代码", "入库登记编号", "入库日期", "所属单位"]
    codes: list[object] = [126501074570000000.0, 126501074570000003, uscc(4)[:17] + "0"]
    rows: list[list[object]] = [[*head]]
    rows += [[f"企业{n}", c, f"202465{n}", "2024-03-05", "盐湖街道"] for n, c in enumerate(codes)]
    found = [(i.code, i.row, i.message()) for i in sheet_of("科技型中小企业", rows)]
    assert [(code, row) for code, row, _ in found] == [("bad_uscc", 2), ("bad_uscc", 4)]
    assert "存成了数字" in found[0][2] and "设为文本" in found[0][2]
    assert "抄错" not in found[0][2]
    assert "校验位错误" in found[1][2]


def test_count_exceeds_staff_names_the_count_and_both_numbers() -> None:
    text = messages("error_count_exceeds_staff.xlsx")[(2, "持创业导师证书人数")]
    assert "持创业导师证书人数（7）" in text and "（5）" in text


def test_duplicate_names_where_the_first_one_is() -> None:
    (issue,) = check(DATA / "warning_duplicate_across_files").issues
    assert issue.file.endswith("盐湖街道.xlsx")
    assert issue.params["first_file"].endswith("东沟乡.xlsx")  # type: ignore[union-attr]
    assert issue.params["first_row"] == 2
    assert "东沟乡.xlsx" in issue.message() and "第 2 行" in issue.message()


def test_missing_column_names_the_header_row() -> None:
    text = messages("error_missing_column.xlsx")[(None, "入孵日期")]
    assert "第 1 行" in text


def test_messages_in_english() -> None:
    result = validate([DATA / "error_bad_date.xlsx"], rules(), lang="en", today=TODAY)
    assert "'2024-02-30'" in result.issues[0].message("en")
    assert "expected a real date" in result.issues[0].message("en")


# --- recognition and the header ----------------------------------------------------------

CTX = Context(rules(), "zh", TODAY)


def sheet_of(name: str, rows: list[list[object]], from_csv: bool = False) -> list[Issue]:
    _, issues = check_sheet(RawSheet.from_rows(name, rows), "f.xlsx", CTX, from_csv)
    return issues


def mentor_rows() -> list[list[object]]:
    return [["姓名", "证书编号", "所属单位", "聘任日期"], ["王芳", "CM1", "区人社局", "2024-03-05"]]


def test_sheet_names_match_after_normalisation() -> None:
    sheet_type, _ = recognise(RawSheet.from_rows(" 创业\u3000导师＊", mentor_rows()), False, TYPES)
    assert sheet_type is not None and sheet_type.name == "创业导师"


def test_a_header_holding_two_types_required_columns_is_not_recognised() -> None:
    header = ["企业名称", "统一社会信用代码", "证书编号", "认定日期", "入库登记编号", "入库日期"]
    sheet_type, _ = recognise(RawSheet.from_rows("Sheet1", [[*header, "所属单位"]]), False, TYPES)
    assert sheet_type is None


def test_the_header_is_looked_for_in_the_first_ten_rows_only() -> None:
    titles: list[list[object]] = [[f"说明 {n}"] for n in range(10)]
    assert summary(sheet_of("创业导师", titles + mentor_rows())) == [
        ("no_header", E, "创业导师", None, None)
    ]
    assert sheet_of("创业导师", titles[:9] + mentor_rows()) == []


def test_a_partial_header_is_the_row_with_most_columns() -> None:
    rows: list[list[object]] = [
        ["姓名"],
        ["姓名", "证书编号", "聘任日期"],
        ["王芳", "CM1", "2024-03-05"],
    ]
    (issue,) = sheet_of("创业导师", rows)
    assert (issue.code, issue.column) == ("missing_column", "所属单位")
    assert "第 2 行" in issue.message()


def test_records_carry_excel_rows_and_an_error_flag() -> None:
    data = load(discover([DATA / "error_missing_value.xlsx"]), rules(), today=TODAY)
    frame = data.records("孵化企业")
    assert frame["_row"].tolist() == [3, 4, 5, 6, 7, 8]
    assert frame["_error"].tolist() == [False, True, True, False, True, True]


def test_skipped_rows_keep_later_row_numbers_right() -> None:
    data = load(discover([DATA / "tolerance_footer_rows.xlsx"]), rules(), today=TODAY)
    assert data.records("孵化企业")["_row"].tolist() == [2, 3]
    numbered = load(discover([DATA / "tolerance_prenumbered_blank_rows.xlsx"]), rules())
    assert numbered.records("双创活动")["_row"].tolist() == [2, 3]
    titled = load(discover([DATA / "tolerance_title_rows.xlsx"]), rules())
    assert titled.records("孵化企业")["_row"].tolist() == [4, 5]


def test_a_total_row_typed_with_spaces_is_a_total_row() -> None:
    for total in ("合 计", "总  计", "合\u3000计", " 小 计："):
        rows: list[list[object]] = [*mentor_rows(), [total, "", "", ""]]
        assert sheet_of("创业导师", rows) == [], total


def test_a_header_repeated_under_a_continued_title_is_skipped_with_one_warning() -> None:
    header: list[object] = ["企业名称", "统一社会信用代码", "证书编号", "认定日期", "所属单位"]
    rows: list[list[object]] = [
        ["达坂城区2024年高新技术企业统计表", "", "", "", ""],
        header,
        ["天山新材料有限公司", uscc(1), "GR202465000001", "2024-03-05", "盐湖街道"],
        ["达坂城区2024年高新技术企业统计表（续表）", "", "", "", ""],
        ["", "", "", "", ""],
        ["企业名称\n", "*统一社会信用代码", "证书编号", "认定日期", "所属单位"],
        ["博达科技有限公司", uscc(2), "GR202465000002", "2024-04-01", "盐湖街道"],
    ]
    (issue,) = sheet_of("高新技术企业", rows)
    assert (issue.code, issue.severity, issue.row, issue.column) == ("repeated_header", W, 6, None)
    assert "第 4 行" in issue.message() and "续表" in issue.message()
    records, _ = check_sheet(RawSheet.from_rows("高新技术企业", rows), "f.xlsx", CTX)
    assert records is not None and records["_row"].tolist() == [3, 7]


def test_tolerated_values_are_read_as_meant() -> None:
    data = load(discover([DATA / "tolerance_fullwidth_digits.xlsx"]), rules(), today=TODAY)
    carriers = data.records("孵化载体")
    assert carriers["从业人员数"].tolist() == [1234, 1024, 12]
    assert carriers["接受专业培训人数"].tolist() == [12, 5, 3]
    assert carriers["持创业导师证书人数"].tolist() == [4, 8, 4]
    (code,) = data.records("高新技术企业")["统一社会信用代码"]
    assert code.isascii() and len(code) == 18
    assert data.records("高新技术企业")["证书编号"].tolist() == ["GR202465000123"]


def test_every_date_form_is_the_same_day() -> None:
    data = load(discover([DATA / "tolerance_date_forms.xlsx"]), rules(), today=TODAY)
    days = data.records("创业导师")["聘任日期"]
    assert len(days) == 10
    assert (days == pd.Timestamp("2024-03-05")).all()


def test_every_yes_no_form_is_read() -> None:
    data = load(discover([DATA / "tolerance_yes_no_forms.xlsx"]), rules(), today=TODAY)
    carriers = data.records("孵化载体")
    assert carriers["示范基地"].all() and carriers["政策咨询"].all()
    assert carriers["法律服务"].all()  # padded with spaces
    assert not carriers["创业辅导"].any() and not carriers["金融服务"].any()
    assert not carriers["财务代理"].any()  # blank means 否


def test_blank_recognition_level_means_not_recognised() -> None:
    data = load(discover([DATA / "error_bad_enum.xlsx"]), rules(), today=TODAY)
    carriers = data.records("孵化载体")
    assert carriers.loc[carriers["_row"] == 5, "认定级别"].tolist() == ["未认定"]
    assert carriers.loc[carriers["_row"] == 5, "载体类型"].tolist() == ["众创空间"]


def test_unit_aliases_become_the_unit() -> None:
    data = load(discover([DATA / "error_unknown_unit.xlsx"]), rules(), today=TODAY)
    units = data.records("双创活动")["所属单位"].fillna("—").tolist()
    assert units == ["—", "盐湖街道", "盐湖街道", "区科技局", "—"]


def test_recognised_by_header_keeps_the_sheet_name() -> None:
    data = load(discover([DATA / "tolerance_header_only_recognition.xlsx"]), rules())
    events = data.records("双创活动")
    assert events["_sheet"].tolist() == ["Sheet1"]
    assert events["_row"].tolist() == [3]


def test_a_missing_column_skips_only_its_sheet() -> None:
    data = load(discover([DATA / "error_missing_column.xlsx"]), rules(), today=TODAY)
    assert data.records("孵化企业").empty
    assert len(data.records("创业导师")) == 1


def test_unreadable_file_does_not_stop_the_others(tmp_path: Path) -> None:
    for name in ("corrupt.xlsx", "tolerance_title_rows.xlsx"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    result = check(tmp_path)
    assert [i.code for i in result.issues] == ["unreadable_file"]
    data = load(discover([tmp_path]), rules(), today=TODAY)
    assert len(data.records("孵化企业")) == 2


def test_a_formula_looking_text_is_kept_as_text(tmp_path: Path) -> None:
    from make_test_data import INCUBATED, incubated, table, uscc, write_xlsx

    path = tmp_path / "f.xlsx"
    write_xlsx(path, [table(INCUBATED, [incubated("=天山公司", uscc(1), "2024-03-05")])])
    data = load(discover([path]), rules(), today=TODAY)
    assert data.records("孵化企业")["名称"].tolist() == ["=天山公司"]


@pytest.mark.parametrize("dates", [["2024-02-30"], ["待定", "不详"], [None, " "]])
def test_a_sheet_whose_dates_are_all_unreadable_or_blank_is_still_checked(
    dates: list[object],
) -> None:
    # Regression: the future-date check crashed when no date of a sheet could be read.
    rows: list[list[object]] = [["姓名", "证书编号", "所属单位", "聘任日期"]]
    rows += [[f"导师{n}", f"CM{n}", "区人社局", d] for n, d in enumerate(dates)]
    issues = sheet_of("创业导师", rows)
    expected = "missing_value" if dates[0] is None else "bad_date"
    assert [(i.code, i.row) for i in issues] == [(expected, n + 2) for n in range(len(dates))]


# --- nothing valid is an error, whatever accepted spelling it comes in --------------------

_HALF = "0123456789,-/.ABCDEFGHJKLMNPQRTUWXYabcdefghjklmnpqrtuwxy"
FULL = str.maketrans(_HALF, "".join(chr(ord(c) + 0xFEE0) for c in _HALF))  # full-width forms
EXCEL_EPOCH = dt.date(1899, 12, 30)
ALLOWED = rules().values.enums
UNIT_FORMS = sorted({f for u in rules().units for f in (u.name, *u.aliases)})


@st.composite
def spaced(draw: st.DrawFn, text: str) -> str:
    """The text with white space where people put it: around and inside."""
    at = draw(st.integers(0, len(text)))
    inner = draw(st.sampled_from(["", " ", "\u3000"]))
    outer = draw(st.sampled_from(["", " ", "\u3000", "\t"]))
    return outer + text[:at] + inner + text[at:] + outer


@st.composite
def date_cell(draw: st.DrawFn) -> object:
    day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY))
    forms: list[object] = [
        day,
        dt.datetime(day.year, day.month, day.day, 9, 30),
        (day - EXCEL_EPOCH).days,
        float((day - EXCEL_EPOCH).days),
        day.strftime("%Y-%m-%d"),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
        day.strftime("%Y-%m-%d").translate(FULL),
    ]
    return draw(st.sampled_from(forms))


def count_cell(n: int) -> st.SearchStrategy[object]:
    return st.sampled_from([n, float(n), str(n), f"{n:,}", f"{n:,}".translate(FULL), f" {n} "])


@st.composite
def code_cell(draw: st.DrawFn) -> str:
    code = uscc(draw(st.integers(0, 9_999_999)))
    spelling = draw(st.sampled_from(["plain", "lower", "spaced", "full"]))
    if spelling == "lower":
        return code.lower()
    if spelling == "spaced":
        return code[:6] + " " + code[6:12] + "\u3000" + code[12:]
    return code.translate(FULL) if spelling == "full" else code


YES_NO_TEXT = ["是", "否", "有", "无", "Y", "n", "√", "×", "✓", "✗", "TRUE", "false", "1", "0"]
# Blank, text, and numbers and real booleans as Excel stores them.
bool_cell = st.sampled_from([None, *YES_NO_TEXT, 1, 0, True, False])


def enum_cell(column: str) -> st.SearchStrategy[str]:
    return st.sampled_from(ALLOWED[column]).flatmap(spaced)


unit_cell = st.sampled_from(UNIT_FORMS).flatmap(spaced)
name_cell = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1)


@st.composite
def carrier_row(draw: st.DrawFn) -> dict[str, object]:
    staff = draw(st.integers(0, 5000))
    return {
        "载体名称": draw(name_cell),
        "载体类型": draw(enum_cell("载体类型")),
        "认定级别": draw(st.one_of(st.none(), enum_cell("认定级别"))),
        "所属单位": draw(unit_cell),
        "运营主体统一社会信用代码": draw(st.one_of(st.none(), code_cell())),
        "成立日期": draw(date_cell()),
        "运营状态": draw(enum_cell("运营状态")),
        "示范基地": draw(bool_cell),
        "从业人员数": draw(count_cell(staff)),
        "接受专业培训人数": draw(st.integers(0, staff).flatmap(count_cell)),
        "持创业导师证书人数": draw(st.integers(0, staff).flatmap(count_cell)),
        **{s: draw(bool_cell) for s in SERVICES},
    }


@st.composite
def incubated_row(draw: st.DrawFn) -> dict[str, object]:
    firm = draw(st.booleans())
    return {
        "名称": draw(name_cell),
        "主体类型": draw(spaced("企业" if firm else "团队")),
        "统一社会信用代码": draw(code_cell()) if firm else draw(st.one_of(st.none(), code_cell())),
        "所在载体": draw(st.one_of(st.none(), name_cell)),
        "所属单位": draw(unit_cell),
        "入孵日期": draw(date_cell()),
    }


@st.composite
def event_row(draw: st.DrawFn) -> dict[str, object]:
    return {
        "活动名称": draw(name_cell),
        "活动类别": draw(enum_cell("活动类别")),
        "活动日期": draw(date_cell()),
        "所属单位": draw(unit_cell),
        "所在载体": draw(st.one_of(st.none(), name_cell)),
        "参与人次": draw(st.one_of(st.none(), st.integers(0, 10**6).flatmap(count_cell))),
    }


def errors_in(kind: str, records: list[dict[str, object]]) -> list[str]:
    rows: list[list[object]] = [list(COLUMNS[kind])]
    rows += [[r.get(c) for c in COLUMNS[kind]] for r in records]
    return [f"{i.code} {i.row} {i.column}" for i in sheet_of(kind, rows) if i.severity == "error"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(carrier_row(), min_size=1, max_size=4))
def test_any_valid_carrier_in_any_accepted_spelling_is_error_free(
    records: list[dict[str, object]],
) -> None:
    assert errors_in("孵化载体", records) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(incubated_row(), min_size=1, max_size=4))
def test_any_valid_incubated_record_is_error_free(records: list[dict[str, object]]) -> None:
    assert errors_in("孵化企业", records) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event_row(), min_size=1, max_size=4))
def test_any_valid_event_is_error_free(records: list[dict[str, object]]) -> None:
    assert errors_in("双创活动", records) == []


def test_a_misplaced_thousands_separator_is_a_bad_number() -> None:
    from make_test_data import carrier

    record = carrier("甲", 从业人员数="1,2345")
    rows: list[list[object]] = [
        list(COLUMNS["孵化载体"]),
        [record.get(c) for c in COLUMNS["孵化载体"]],
    ]
    assert [(i.code, i.column) for i in sheet_of("孵化载体", rows)] == [
        ("bad_number", "从业人员数")
    ]


def test_a_row_holding_only_a_zero_or_false_is_a_record() -> None:
    """0 and False are filled cells (a clerk typed them); "" and None are not."""
    header: list[object] = ["序号", "姓名", "证书编号", "所属单位", "聘任日期"]
    rows: list[list[object]] = [
        header,
        [1, 0, "", None, ""],
        [2, "", None, False, ""],
        [3, "", None, "", None],
    ]
    found = summary(i for i in sheet_of("创业导师", rows) if i.code == "missing_value")
    assert {(row, column) for _, _, _, row, column in found} == {
        (2, "证书编号"),
        (2, "所属单位"),
        (2, "聘任日期"),
        (3, "姓名"),
        (3, "证书编号"),
        (3, "聘任日期"),
    }


def test_characters_that_show_as_nothing_are_not_there() -> None:
    """Zero-width spaces and joiners come along when text is pasted from a web page."""
    zw = "\u200b"
    rows: list[list[object]] = [
        ["姓名", "证书编号", f"所属{zw}单位", "聘任日期"],
        ["王芳", f"CM{zw}1", f"盐湖{zw}街道\u2060", f"2024-03-05{zw}"],
    ]
    records, issues = check_sheet(RawSheet.from_rows("创业导师", rows), "f.xlsx", CTX)
    assert issues == []
    assert records is not None
    assert records[["证书编号", "所属单位"]].values.tolist() == [["CM1", "盐湖街道"]]
    assert records["聘任日期"].tolist() == [pd.Timestamp("2024-03-05")]


def test_messages_show_cells_as_excel_does_and_cut_long_headers() -> None:
    header: list[object] = ["姓名", "证书编号", "所属单位", "聘任日期", "说明" * 5000]
    rows: list[list[object]] = [header, ["王芳", "CM1", True, "2024-03-05", ""]]
    found = {i.code: i.message() for i in sheet_of("创业导师", rows)}
    assert "“TRUE”" in found["unknown_unit"]
    assert len(found["unknown_column"]) < 200


def test_a_note_in_brackets_after_a_column_or_sheet_name_is_not_part_of_it() -> None:
    """从业人员数（人）, 聘任日期(格式:2024-03-05): forms explain their columns in brackets."""
    header: list[object] = [
        "姓名",
        "证书编号（CM开头）",
        "所属单位(乡镇/街道)",
        "聘任日期（年-月-日）",
    ]
    rows: list[list[object]] = [header, ["王芳", "CM1", "区人社局", "2024-03-05"]]
    records, issues = check_sheet(RawSheet.from_rows("创业导师（2024年）", rows), "f.xlsx", CTX)
    assert issues == []
    assert records is not None
    assert records[["证书编号", "所属单位"]].values.tolist() == [["CM1", "区人社局"]]
    # A note after an unknown name, or a name that is not a column, stays as written.
    sheet_type, headers = recognise(
        RawSheet.from_rows("创业导师", [["姓名(x)(y)", "备注（人）"]]), False, TYPES
    )
    assert sheet_type is not None and headers[0] == ["姓名(x)(y)", "备注(人)"]


def _hightech(head: list[str]) -> list[list[object]]:
    row = {"企业名称": "天山公司", "统一社会信用代码": uscc(5), "证书编号": "GR202465000123"}
    row |= {"认定日期": "2024-03-05", "所属单位": "盐湖街道"}
    return [[*head], [row[c] for c in head]]


def test_a_sheet_that_nearly_is_a_type_names_the_type_and_what_it_lacks() -> None:
    """Sheet1 holding a 高新技术企业 header without 认定日期 is that sheet with a column
    missing: the warning says so, not only "none of the types"."""
    head = ["企业名称", "统一社会信用代码", "证书编号", "所属单位"]
    (issue,) = sheet_of("Sheet1", _hightech(head))
    assert (issue.code, issue.params["like"], issue.params["missing"]) == (
        "unknown_sheet",
        "高新技术企业",
        ("认定日期",),
    )
    assert "像“高新技术企业”" in issue.message() and "认定日期" in issue.message()
    (unrelated,) = sheet_of("Sheet1", [["序号", "备注"], [1, "无"]])
    assert unrelated.code == "unknown_sheet" and "like" not in unrelated.params


def test_a_file_of_unknown_sheets_is_not_called_a_blank_template(tmp_path: Path) -> None:
    path = tmp_path / "附件1.csv"
    rows = _hightech(["企业名称", "统一社会信用代码", "证书编号", "所属单位"])
    path.write_text("\n".join(",".join(map(str, r)) for r in rows), encoding="utf-8")
    result = check(path)
    assert [i.code for i in result.issues] == ["unknown_sheet"]
    assert [n.key for n in result.notices] == ["notice.no_known_sheet"]


def test_a_column_given_twice_is_told_as_repeated_not_unknown() -> None:
    header, record = _hightech(["企业名称", "统一社会信用代码", "证书编号", "认定日期", "所属单位"])
    rows = [[*header, "所属单位"], [*record, "外星"]]
    (issue,) = sheet_of("高新技术企业", rows)
    assert issue.code == "unknown_column"
    assert "出现了不止一次" in issue.message() and "未知" not in issue.message()


def test_a_header_below_the_first_ten_rows_is_said_with_its_row() -> None:
    """Eleven rows of instructions above a 高新技术企业 header: the sheet is not read (the
    header belongs in the first 10 rows), and the message says where the header is."""
    notes: list[list[object]] = [[f"填报说明第 {n} 条", None, None, None, None] for n in range(11)]
    rows = notes + _hightech(["企业名称", "统一社会信用代码", "证书编号", "认定日期", "所属单位"])
    (issue,) = sheet_of("Sheet1", rows)
    assert (issue.code, issue.params["like"], issue.params["header_row"]) == (
        "unknown_sheet",
        "高新技术企业",
        12,
    )
    assert "第 12 行是“高新技术企业”的表头" in issue.message()
    (named,) = sheet_of("高新技术企业", rows)
    assert named.code == "no_header" and "表头在第 12 行" in named.message()


def test_a_hidden_sheet_is_counted_with_a_warning(tmp_path: Path) -> None:
    """Records nobody sees when opening the file are counted, and the analyst is told."""
    import openpyxl

    book = openpyxl.Workbook()
    shown = book.active
    assert shown is not None
    shown.title = "创业导师"
    for row in mentor_rows():
        shown.append(row)
    for title, state in (("双创活动", "hidden"), ("孵化企业", "veryHidden")):
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        sheet.append(
            ["活动名称", "活动类别", "活动日期", "所属单位"]
            if title == "双创活动"
            else ["企业名称"]
        )
        if title == "双创活动":
            sheet.append(["创业沙龙", "创业沙龙", "2024-05-06", "区人社局"])
            sheet.append(["创业训练营", "创业训练营", "2024-06-07", "区人社局"])
    book.create_sheet("下拉选项").sheet_state = "hidden"  # lists for drop-downs: no records
    path = tmp_path / "隐藏工作表.xlsx"
    book.save(path)
    result = check(path)
    hidden = [i for i in result.issues if i.code == "hidden_sheet"]
    assert [(i.sheet, i.severity.value, i.row) for i in hidden] == [("双创活动", W, None)]
    assert "2 行记录照常计入" in hidden[0].message()
    assert "2 records are counted" in hidden[0].message("en")
    data = load(discover([path]), rules(), today=TODAY)
    assert len(data.records("双创活动")) == 2 and len(data.records("创业导师")) == 1
