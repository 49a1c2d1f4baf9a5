"""Hostile and broken files: one clear issue each, the other files still read, no traceback.

Every bad file sits in a year folder beside a good one. The bad file gets exactly one
`unreadable_file` error whose Chinese message names the problem; the good file's record
still counts; `validate --format json` exits 1 with valid JSON. Inputs are never changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import crafted
import pytest
from helpers import Run, invoke, rules_copy
from make_test_data import (
    MENTOR,
    Sheet,
    mentor,
    package,
    table,
    write_xls,
    write_xlsx,
    xlsx_by_hand,
)

from shuangchuang_cli.i18n import message
from shuangchuang_cli.reading import worker
from shuangchuang_cli.rules.limits import Limits

WIDTH = 400  # wide enough that no message is wrapped in the table view
CJK = re.compile(r"[\u4e00-\u9fff]")
HEADER = ["姓名", "证书编号", "所在载体", "所属单位", "聘任日期"]


def run(*args: str | Path) -> Run:
    result = invoke(*args)
    assert "Traceback" not in result.output + result.stderr
    return result


# --- building the files ------------------------------------------------------------------


def good_xlsx(path: Path, cert: str = "CM1") -> None:
    write_xlsx(path, [table(MENTOR, [mentor("王芳", cert, "2024-03-01")])])


def good_xlsx_bytes(tmp: Path) -> bytes:
    path = tmp / "source.xlsx"
    good_xlsx(path, "CM99")
    data = path.read_bytes()
    path.unlink()
    return data


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


MENTOR_CSV = csv_text([HEADER, ["李强", "CM2", "", "区人社局", "2024-03-01"]])

# Compound File Binary (OLE) constants: how Office stores a password-protected workbook.
_END, _FREE, _FATSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(
    name: str, kind: int, child: int = _NOSTREAM, right: int = _NOSTREAM, **at: int
) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(raw), kind, 1, _NOSTREAM, right, child)
        + bytes(16)
        + struct.pack("<IQQIQ", 0, 0, 0, at.get("start", _END), at.get("size", 0))
    )


def encrypted_ooxml() -> bytes:
    """A well-formed OLE container with the streams EncryptionInfo and EncryptedPackage.

    Sectors: 0 the FAT, 1 the directory, 2-9 EncryptionInfo, 10-17 EncryptedPackage
    (4096 bytes each, so no mini stream is needed).
    """
    fat = [_FATSECT, _END, *range(3, 10), _END, *range(11, 18), _END]
    fat += [_FREE] * (128 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack(
            "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, 1, 1, 0, 4096, _END, 0, _END, 0
        )
        + struct.pack("<109I", 0, *[_FREE] * 108)
    )
    directory = (
        _dir_entry("Root Entry", 5, child=1)
        + _dir_entry("EncryptionInfo", 2, right=2, start=2, size=4096)
        + _dir_entry("EncryptedPackage", 2, start=10, size=4096)
        + _dir_entry("", 0)
    )
    assert len(header) == len(directory) == 512
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00".ljust(4096, b"\x00")
    package = random.Random(7).randbytes(4096)
    return header + struct.pack("<128I", *fat) + directory + info + package


def truncated(tmp: Path) -> bytes:
    """The first half of a real workbook, as an interrupted download leaves it."""
    data = good_xlsx_bytes(tmp)
    return data[: len(data) // 2]


def garbage(_tmp: Path) -> bytes:
    return random.Random(2024).randbytes(3000)


def zip_bomb(_tmp: Path) -> bytes:
    """A small package whose one member inflates to 2 MB (zeros compress to almost nothing)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", bytes(2 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 10_000
    return data


ONE_MENTOR = (
    '<row r="1">'
    + "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for c, h in zip("ABCDE", HEADER, strict=True)
    )
    + '</row><row r="2"><c r="A2" t="inlineStr"><is><t>张敏</t></is></c>'
    + '<c r="B2" t="inlineStr"><is><t>CM7</t></is></c></row>'
)
FAR_CELL = (
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
)


def without_workbook() -> bytes:
    """A package that points at xl/workbook.xml without holding it."""
    with zipfile.ZipFile(io.BytesIO(xlsx_by_hand([MENTOR], ONE_MENTOR))) as whole:
        parts = {n: whole.read(n).decode() for n in whole.namelist() if n != "xl/workbook.xml"}
    return package(parts)


def many_rows_xlsx(tmp: Path) -> bytes:
    path = tmp / "source.xlsx"
    write_xlsx(
        path, [table(MENTOR, [mentor(f"导师{n}", f"CM{n + 10}", "2024-03-01") for n in range(9)])]
    )
    data = path.read_bytes()
    path.unlink()
    return data


@dataclass(frozen=True)
class Case:
    name: str  # the bad file's name
    build: Callable[[Path], bytes]
    says: str  # what the message must say
    limits: dict[str, float] = field(default_factory=dict)  # lowered [limits] in a rules copy


CASES = [
    Case("empty.xlsx", lambda _: b"", "文件为空"),
    Case("empty.csv", lambda _: b"", "文件为空"),
    Case("truncated.xlsx", truncated, "损坏或不完整"),
    Case("encrypted.xlsx", lambda _: encrypted_ooxml(), "设有密码"),
    Case("encrypted.xlsm", lambda _: encrypted_ooxml(), "设有密码"),
    Case("encrypted_renamed.xls", lambda _: encrypted_ooxml(), "设有密码"),
    Case(
        "web_page.xls",
        lambda _: (
            "<html><body><table><tr><td>姓名</td><td>证书编号</td></tr></table></body></html>".encode()
        ),
        "网页（HTML）",
    ),
    Case("workbook.csv", good_xlsx_bytes, "Excel 工作簿，却以 .csv 命名"),
    Case("garbage.xlsx", garbage, "不是 Excel/WPS 表格"),
    Case("garbage.xls", garbage, "不是 Excel/WPS 表格"),
    Case("garbage.csv", garbage, "不是文本表格"),
    Case(
        "high_bytes.csv",  # no NUL byte, but no text encoding reads it either
        lambda _: bytes(0x80 + b % 0x80 for b in random.Random(9).randbytes(3000)),
        "无法识别文件编码",
    ),
    Case(
        "nul_bytes.csv", lambda _: MENTOR_CSV.replace("李强", "李\x00强").encode(), "不是文本表格"
    ),
    Case(
        "long_cell.csv",
        lambda _: csv_text(
            [HEADER, ["李强", "CM2", "x" * 2_000_000, "区人社局", "2024-03-01"]]
        ).encode(),
        "超过 32767 个字符的上限",
    ),
    Case("bomb.xlsx", zip_bomb, "解压后达 2.0 MB，超过 1 MB 的上限", {"max_inflated_mb": 1}),
    Case(
        "big.csv",
        lambda _: (MENTOR_CSV + "\r\n" * 12_000).encode(),
        "超过 0.01 MB 的上限",
        {"max_file_mb": 0.01},
    ),
    Case("many_rows.xlsx", many_rows_xlsx, "有 10 行，超过 5 行的上限", {"max_rows": 5}),
    # A cell at XFD1048576 would make python-calamine ask for 512 GiB and abort the process.
    Case("far_cell.xlsx", lambda _: xlsx_by_hand([MENTOR], FAR_CELL), "超过 1000000 行的上限"),
    Case("two_names.xlsx", lambda _: xlsx_by_hand([MENTOR, MENTOR], ONE_MENTOR), "同名的工作表"),
    # Far cells however written, in every format: refused before they are parsed.
    Case("lower_case.xlsx", lambda _: crafted.xlsx_far("xfd1048576"), "超过 1000000 行的上限"),
    Case("odd_parts.xlsx", lambda _: crafted.xlsx_odd_relationship(), "超过 1000000 行的上限"),
    Case(
        "far_cell.xlsb",
        lambda _: crafted.xlsb([(0, 0, "姓名"), (1048575, 16383, 2.0)], (1, 1)),
        "超过 1000000 行的上限",
    ),
    Case("declared.xls", lambda _: crafted.xls_dimensions(1048576, 16384), "超过 1000000 行的上限"),
    Case("far_cell.xls", lambda _: crafted.xls_far_cell(), "超过 16384 列的上限"),
    Case("quoted.ods", lambda _: crafted.ods_single_quotes(), "超过 1000000 行的上限"),
    Case("spaces.ods", lambda _: crafted.ods_spaces(), "读入后所需内存超过 1536 MB"),
    Case("wide.csv", lambda _: crafted.csv_wide(20_000), "有 20000 列，超过 16384 列的上限"),
    # Past what the preflight measures (over 16 KB of XML, a <dimension> that lies): the
    # worker reading it runs out of memory, and only it.
    Case(
        "lying.xlsx",
        lambda _: crafted.xlsx_far(dimension="A1:B400", filler=400),
        "读入后所需内存超过 1536 MB",
    ),
    Case("no_workbook.xlsx", lambda _: without_workbook(), "没有工作表"),
    Case(
        "many_rows.csv",
        lambda _: csv_text(
            [HEADER] + [["李强", f"CM{n + 10}", "", "区人社局", "2024-03-01"] for n in range(9)]
        ).encode(),
        "有 10 行，超过 5 行的上限",
        {"max_rows": 5},
    ),
]


def rules_with(root: Path, limits: dict[str, float]) -> Path | None:
    """A copy of the bundled rules with some [limits] lowered (None: the bundled rules)."""
    if not limits:
        return None
    folder = rules_copy(root)
    values = folder / "values.toml"
    text = values.read_text(encoding="utf-8")
    for key, value in limits.items():
        text, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
        assert n == 1, key
    values.write_text(text, encoding="utf-8")
    return folder


def folder_with(root: Path, case: Case) -> Path:
    """data/2024/ holding a good workbook and the bad file."""
    year = root / "data" / "2024"
    year.mkdir(parents=True)
    good_xlsx(year / "good.xlsx")
    (year / case.name).write_bytes(case.build(root))
    return root / "data"


def issues_of(result: Run) -> list[dict[str, Any]]:
    payload = json.loads(result.stdout)
    assert set(payload) >= {"files", "errors", "warnings", "issues"}
    issues: list[dict[str, Any]] = payload["issues"]
    return issues


def with_rules(rules: Path | None) -> list[str | Path]:
    return ["--rules", rules] if rules else []


def mentors_counted(data: Path, rules: Path | None) -> int:
    result = run("report", "2024", "--data", data, "-f", "json", *with_rules(rules))
    assert result.exit_code == 0, result.output
    by_id = {i["id"]: i for i in json.loads(result.stdout)["indicators"]}
    actual: int = by_id["mentors_new"]["actual"]
    return actual


# --- one issue per bad file, the good file still counts -----------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_bad_file_is_one_clear_issue_and_the_run_goes_on(tmp_path: Path, case: Case) -> None:
    data = folder_with(tmp_path, case)
    rules = rules_with(tmp_path, case.limits)
    result = run("validate", data, "--format", "json", *with_rules(rules))
    assert result.exit_code == 1, result.output
    issues = issues_of(result)
    assert json.loads(result.stdout)["files"] == 2
    (issue,) = issues  # nothing about the good file, one issue about the bad one
    assert issue["file"].endswith(f"2024/{case.name}")
    assert (issue["code"], issue["severity"]) == ("unreadable_file", "error")
    assert (issue["sheet"], issue["row"], issue["column"]) == (None, None, None)
    assert case.says in issue["message"], issue["message"]
    assert CJK.search(issue["message"])
    assert "Traceback" not in issue["message"]
    assert mentors_counted(data, rules) == 1  # the good file's record


def test_the_cell_limit_names_the_limit_it_uses(tmp_path: Path) -> None:
    rules = rules_with(tmp_path, {"max_cell_chars": 100})
    path = tmp_path / "导师.csv"
    path.write_bytes(
        csv_text([HEADER, ["李强", "CM2", "x" * 101, "区人社局", "2024-03-01"]]).encode()
    )
    (issue,) = issues_of(run("validate", path, "-f", "json", "--rules", str(rules)))
    assert issue["code"] == "unreadable_file"
    assert "超过 100 个字符的上限" in issue["message"]


def test_a_size_just_over_the_limit_reads_as_over_it(tmp_path: Path) -> None:
    # 0.0107 MB against a 0.01 MB limit: "0.0 MB, over 0.01 MB" would contradict itself.
    rules = rules_with(tmp_path, {"max_file_mb": 0.01})
    path = tmp_path / "导师.csv"
    path.write_bytes((MENTOR_CSV + " " * 11_000).encode())
    (issue,) = issues_of(run("validate", path, "-f", "json", "--rules", str(rules)))
    size = float(re.findall(r"文件 ([\d.]+) MB", issue["message"])[0])
    assert size > 0.01, issue["message"]


def test_a_sheet_of_exactly_max_rows_is_read(tmp_path: Path) -> None:
    rules = rules_with(tmp_path, {"max_rows": 5})
    path = tmp_path / "导师.xlsx"
    write_xlsx(
        path, [table(MENTOR, [mentor(f"导师{n}", f"CM{n}", "2024-03-01") for n in range(4)])]
    )
    result = run("validate", path, "-f", "json", "--rules", str(rules))
    assert (result.exit_code, issues_of(result)) == (0, [])


# --- files that look odd but must be read --------------------------------------------------


def test_utf16_csv_with_bom_is_read_and_counts(tmp_path: Path) -> None:
    year = tmp_path / "data" / "2024"
    year.mkdir(parents=True)
    good_xlsx(year / "good.xlsx")
    (year / "创业导师.csv").write_bytes(MENTOR_CSV.encode("utf-16"))  # BOM + UTF-16LE
    assert (year / "创业导师.csv").read_bytes()[:2] == b"\xff\xfe"
    result = run("validate", tmp_path / "data", "-f", "json")
    assert (result.exit_code, issues_of(result)) == (0, [])
    assert mentors_counted(tmp_path / "data", None) == 2


def test_ragged_csv_rows(tmp_path: Path) -> None:
    year = tmp_path / "data" / "2024"
    year.mkdir(parents=True)
    good_xlsx(year / "good.xlsx")
    (year / "创业导师.csv").write_text(
        "姓名,证书编号,所在载体,所属单位,聘任日期\r\n"
        "王强,CM7\r\n"  # short: the missing cells are blanks
        "李强,CM8,,区人社局,2024-03-01,多余,多余2\r\n",  # long: the extra cells are ignored
        encoding="utf-8",
    )
    result = run("validate", tmp_path / "data", "-f", "json")
    assert result.exit_code == 1
    found = [(i["code"], i["sheet"], i["row"], i["column"]) for i in issues_of(result)]
    assert found == [
        ("missing_value", "创业导师", 2, "所属单位"),
        ("missing_value", "创业导师", 2, "聘任日期"),
    ]
    assert mentors_counted(tmp_path / "data", None) == 2  # good.xlsx and the long row


# --- never a traceback, from a real process ----------------------------------------------


def test_a_folder_of_bad_files_from_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "收件"
    folder.mkdir()
    good_xlsx(folder / "good.xlsx")
    bad = [c for c in CASES if not c.limits]
    for case in bad:
        (folder / case.name).write_bytes(case.build(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "shuangchuang_cli", "validate", str(folder), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    payload = json.loads(done.stdout)
    assert payload["files"] == len(bad) + 1
    per_file = {Path(i["file"]).name: i["code"] for i in payload["issues"]}
    assert per_file == {c.name: "unreadable_file" for c in bad}
    assert payload["errors"] == len(bad) and payload["warnings"] == 0


# --- inputs are never modified -----------------------------------------------------------


def fingerprint(root: Path) -> dict[str, tuple[str, int, int]]:
    return {
        p.relative_to(root).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
            p.stat().st_size,
        )
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_inputs_are_never_modified(tmp_path: Path) -> None:
    year = tmp_path / "data" / "2024"
    year.mkdir(parents=True)
    good_xlsx(year / "good.xlsx")
    write_xls(year / "legacy.xls", [table(MENTOR, [mentor("赵敏", "CM3", "2024-13-01")])])
    (year / "导师.csv").write_text(MENTOR_CSV.replace("区人社局", "火星乡"), encoding="utf-8")
    for case in CASES:
        if not case.limits:
            (year / case.name).write_bytes(case.build(tmp_path))
    before = fingerprint(tmp_path / "data")
    out = tmp_path / "out"
    out.mkdir()
    assert run("validate", tmp_path / "data").exit_code == 1
    assert run("validate", tmp_path / "data", "-f", "json").exit_code == 1
    assert run("report", "2024", "--data", tmp_path / "data", "--by-unit").exit_code == 0
    for n, path in enumerate(sorted(year.iterdir())):
        result = run("validate", path, "--annotate", out / f"{n}.xlsx")
        assert result.exit_code in (0, 1), result.output
        assert (out / f"{n}.xlsx").is_file()
    assert fingerprint(tmp_path / "data") == before  # same files, bytes and times; none added


# --- markup-looking text prints as it is -------------------------------------------------

MARKUP_SHEET = "[/bold]"
MARKUP_UNIT = "[red]x[/red]"
MARKUP_FILE = "[bold]盐湖[red].xlsx"  # a file name cannot hold "/"


def markup_workbook(path: Path) -> None:
    """A mentor sheet named "[/bold]" (Excel refuses such a name: patched into the package)."""
    write_xlsx(
        path,
        [
            Sheet(
                "PLACEHOLDER",
                table(MENTOR, [mentor("[/bold]王芳", "CM1", "2024-03-01", MARKUP_UNIT)]).rows,
            ),
            Sheet("填报说明", [["请按模板填写。"]]),  # an unknown sheet: a warning
        ],
    )
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info.filename)) for info in zf.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data.replace(b"PLACEHOLDER", MARKUP_SHEET.encode()))
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_markup_in_file_sheet_and_unit_prints_literally(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / MARKUP_FILE
    markup_workbook(path)
    result = run("validate", path, "-f", fmt)
    assert result.exit_code == 1, result.output
    if fmt == "json":
        (issue, warning) = issues_of(result)
        assert issue["file"] == str(path)
        assert (issue["code"], issue["sheet"], issue["column"]) == (
            "unknown_unit",
            MARKUP_SHEET,
            "所属单位",
        )
        assert f"“{MARKUP_UNIT}”" in issue["message"]
        assert warning["code"] == "unknown_sheet"
    else:
        assert MARKUP_FILE in result.stdout
        assert f" {MARKUP_SHEET} " in result.stdout
        assert f"“{MARKUP_UNIT}”" in result.stdout


def test_markup_in_a_unit_name_prints_literally_by_unit(tmp_path: Path) -> None:
    rules = rules_copy(tmp_path, [(f"{MARKUP_SHEET}乡", "township", [MARKUP_UNIT])])
    (tmp_path / "data" / "2024").mkdir(parents=True)
    markup_workbook(tmp_path / "data" / "2024" / MARKUP_FILE)
    table_view = run("report", "2024", "--data", tmp_path / "data", "--rules", rules, "--by-unit")
    assert table_view.exit_code == 0, table_view.output
    assert f"{MARKUP_SHEET}乡" in table_view.stdout
    as_json = run(
        "report", "2024", "--data", tmp_path / "data", "--rules", rules, "--by-unit", "-f", "json"
    )
    units_json = {u["name"]: u["actuals"] for u in json.loads(as_json.stdout)["units"]}
    assert units_json[f"{MARKUP_SHEET}乡"]["mentors_new"] == 1
    validated = run("validate", tmp_path / "data", "--rules", rules)
    assert validated.exit_code == 0, validated.output  # the alias is a unit now
    assert MARKUP_FILE in validated.stdout  # named by the 填报说明 warning


def test_a_pipe_named_like_a_csv_is_not_opened(tmp_path: Path) -> None:
    """Opening a FIFO waits for a writer that never comes: it is refused unopened."""
    fifo = tmp_path / "导师.csv"
    os.mkfifo(fifo)
    result = run("validate", fifo, "--format", "json")
    assert result.exit_code == 1
    (issue,) = issues_of(result)
    assert issue["code"] == "unreadable_file"
    assert "不是普通文件" in issue["message"]


def test_a_file_that_cannot_be_opened_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "导师.csv"
    path.write_text(MENTOR_CSV, encoding="utf-8")

    def refused(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Files are read in worker processes; this is what a worker answers for such a file.
    monkeypatch.setattr(worker, "sheets_of", refused)
    kind, (reason, params) = worker.read(path, Limits())
    assert (kind, reason) == ("unreadable", "no_access")
    assert "没有读取该文件的权限" in message(f"unreadable_file.{reason}", "zh", **params)


def test_a_gbk_file_name_from_a_windows_zip_is_shown_as_written(tmp_path: Path) -> None:
    """Unpacked on Linux, the name keeps its GBK bytes: shown decoded, never a crash."""
    name = os.fsdecode("盐湖街道导师.csv".encode("gbk"))
    (tmp_path / name).write_text(MENTOR_CSV.replace("区人社局", "某某乡"), encoding="utf-8")
    for fmt in ("json", "table"):
        result = run("validate", tmp_path, "--format", fmt)
        assert result.exit_code == 1
        assert "盐湖街道导师.csv" in result.stdout
        result.stdout.encode("utf-8")  # printable as UTF-8


def test_control_characters_in_a_file_name_are_shown_not_obeyed(tmp_path: Path) -> None:
    path = tmp_path / "a\x1b[31m\u202eb.csv"
    path.write_text(MENTOR_CSV.replace("区人社局", "某某乡"), encoding="utf-8")
    result = run("validate", path)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "a\\x1b[31m\\u202eb.csv" in result.stdout
