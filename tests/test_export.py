"""The assessment workbook: read back by value and compared with report, score and validate."""

from __future__ import annotations

import datetime as dt
import errno
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import invoke, rules_copy, write_folder
from make_test_data import (
    CARRIER,
    EVENT,
    HIGHTECH,
    INCUBATED,
    MENTOR,
    carrier,
    event,
    hightech,
    incubated,
    mentor,
    uscc,
)
from openpyxl.writer.excel import ExcelWriter

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.assessment.scores import ScoreKind, scores_json
from shuangchuang_cli.errors import OutputError, UsageError
from shuangchuang_cli.models import Severity
from shuangchuang_cli.output import xlsx_tables as workbook
from shuangchuang_cli.output.export import export_workbook
from shuangchuang_cli.output.export_scores import balanced_lines
from shuangchuang_cli.output.xlsx import save_atomic
from shuangchuang_cli.reading.discover import bundled_data_dir
from shuangchuang_cli.rules import load_rules

STATUS_LABEL = {
    "achieved": "已完成",
    "on_track": "符合进度",
    "behind": "略有滞后",
    "at_risk": "明显滞后",
    None: "无数据",
}
SHEETS = ["总览", "趋势", "单位考核", "载体绩效", "数据问题", "计入明细", "说明"]
INJECTIONS = ['=HYPERLINK("http://example.com","点我")', "+1", "-1", "@SUM(A1)"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two years of a small district, with formula-like names and a few faulty rows."""
    root = tmp_path_factory.mktemp("data")
    write_folder(
        root,
        {
            "2023/盐湖街道.xlsx": [
                (CARRIER, [carrier("盐湖众创空间")]),
                (INCUBATED, [incubated("新疆甲有限公司", uscc(1), "2023-05-01")]),
            ],
            "2024/盐湖街道.xlsx": [
                (
                    CARRIER,
                    [
                        carrier(INJECTIONS[0], 示范基地="是"),
                        carrier("@SUM(A1)", unit="达坂城镇", 法律服务="否"),
                        carrier("停运空间", 运营状态="停运"),
                        carrier("坏载体", 从业人员数=2),  # count_exceeds_staff
                    ],
                ),
                (
                    INCUBATED,
                    [
                        incubated("+1", None, "2024-03-05", 所在载体="@SUM(A1)"),
                        incubated("-1", None, "2024-04-05", unit="达坂城镇"),
                        incubated("新疆乙有限公司", uscc(2), "2024-06-30"),
                        incubated("新疆丙有限公司", uscc(3), "2024-02-30"),  # bad_date
                        incubated("新疆丁有限公司", uscc(4), "2024-07-01", unit="=A1"),
                    ],
                ),
                (MENTOR, [mentor("-王芳", "CM001", "2024-03-01", unit="盐湖街道")]),
                (HIGHTECH, [hightech("新疆戊有限公司", uscc(5), "2024-09-01")]),
                (
                    EVENT,
                    [
                        event("=1+1", "创业沙龙", "2024-05-01", unit="盐湖街道"),
                        event("大赛", "参加创业大赛", "2024-08-01"),
                    ],
                ),
            ],
        },
    )
    # A team whose name carries a control character (openpyxl refuses those when writing).
    (root / "2024" / "孵化企业补报.csv").write_text(
        "名称,主体类型,所属单位,入孵日期\n响铃\x07团队,团队,东沟乡,2024-10-01\n", encoding="utf-8"
    )
    # A sheet named like a formula: it comes back in 数据问题 as an unknown sheet.
    book = openpyxl.Workbook()
    book.active.title = "=SUM(1)"
    book.save(root / "2024" / "其他.xlsx")
    return root


@pytest.fixture(scope="module")
def exported(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("out") / "2024年度考核.xlsx"
    result = invoke("export", "2024", "-o", str(target), "--data", str(data))
    assert result.exit_code == 0, result.output
    return target


def header_row(sheet: Any) -> int:
    """The header of a sheet's table is the first row of its filter (总览 has a title and
    the as-of date above it)."""
    return int(sheet.auto_filter.ref.split(":")[0][1:])


def _table(path: Path, sheet: str) -> list[dict[str, Any]]:
    found = openpyxl.load_workbook(path)[sheet]
    last = int(found.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    rows = list(found.iter_rows(min_row=header_row(found), max_row=last, values_only=True))
    width = len([h for h in rows[0] if h is not None])
    return [dict(zip(rows[0][:width], r[:width], strict=True)) for r in rows[1:]]


def _workspace(data: Path) -> Workspace:
    return Workspace(data_dir=data, rules=load_rules())


def test_the_sheets_with_frozen_headers_filters_and_charts(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    assert book.sheetnames == SHEETS
    for sheet in book:
        header = header_row(sheet)
        # 趋势 keeps its indicator; the assessment sheets, their unit or carrier.
        kept = {"趋势": "D2", "单位考核": "D2", "载体绩效": "C2"}
        frozen = kept.get(sheet.title, f"A{header + 1}")
        assert sheet.freeze_panes == frozen, sheet.title
        assert sheet.auto_filter.ref.startswith(f"A{header}:"), sheet.title
        assert sheet.column_dimensions["A"].width, sheet.title
    overview = book["总览"]
    assert header_row(overview) == 3
    assert len(overview._charts) == 1
    chart = overview._charts[0]
    assert chart.type == "col"
    rules = [r for cf in overview.conditional_formatting for r in cf.rules]
    assert [r.type for r in rules] == ["dataBar"]
    assert len(book["趋势"]._charts) == 1


def test_overview_equals_report_json(data: Path, exported: Path) -> None:
    result = invoke("report", "2024", "--data", str(data), "--format", "json")
    report = json.loads(result.stdout)
    rows = _table(exported, "总览")
    assert [r["编号"] for r in rows] == [i["id"] for i in report["indicators"]]
    for row, ind in zip(rows, report["indicators"], strict=True):
        assert row["指标"] == ind["name"]
        assert row["目标"] == ind["target"]
        assert row["目标上限"] == ind.get("target_max")
        for column, key in (("实际", "actual"), ("序时应达", "expected"), ("差距", "gap")):
            assert row[column] == ind[key], (ind["id"], column)
        assert row["完成度"] == ind["completion"]
        assert row["分子"] == ind["numerator"] and row["分母"] == ind["denominator"]
        assert row["状态"] == STATUS_LABEL[ind["status"]]
    book = openpyxl.load_workbook(exported)
    assert book["总览"]["K4"].number_format == "0.0%"
    ratio_row = next(n for n, r in enumerate(rows, start=4) if r["编号"] == "staff_trained_ratio")
    assert book["总览"][f"H{ratio_row}"].number_format == "0.0%"


def test_as_of_moves_the_overview_as_it_moves_the_report(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "mid.xlsx"
    common = ["--data", str(data), "--as-of", "2024-06-30"]
    done = invoke("export", "2024", "-o", str(target), *common)
    assert done.exit_code == 0, done.output
    report = json.loads(invoke("report", "2024", *common, "-f", "json").stdout)
    rows = _table(target, "总览")
    assert [(r["实际"], r["序时应达"], r["完成度"]) for r in rows] == [
        (i["actual"], i["expected"], i["completion"]) for i in report["indicators"]
    ]
    about = {r["项目"]: r["内容"] for r in _table(target, "说明")}
    assert about["截止日期"].date().isoformat() == "2024-06-30"


def test_the_assessment_sheets_are_of_the_overviews_date(tmp_path: Path) -> None:
    """With --as-of in the year, the scores are those of that day, as the bulletin's are:
    a carrier founded after it is neither in 总览's count nor scored in 载体绩效."""
    data = bundled_data_dir()
    target = tmp_path / "mid.xlsx"
    done = invoke("export", "2024", "-o", str(target), "--data", str(data), "--as-of", "2024-06-30")
    assert done.exit_code == 0, done.output
    ws = _workspace(data)
    mid = dt.date(2024, 6, 30)
    kinds: list[tuple[str, ScoreKind, str]] = [
        ("单位考核", "units", "单位"),
        ("载体绩效", "carriers", "载体名称"),
    ]
    for sheet, kind, name in kinds:
        then = [(r.name, round(r.score, 2)) for r in ws.score(2024, kind, mid).rows]
        assert [(r[name], r["总分"]) for r in _table(target, sheet)] == then
    carriers = _table(target, "载体绩效")
    overview = {r["编号"]: r["实际"] for r in _table(target, "总览")}
    assert len(carriers) == overview["carriers_total"] < len(ws.score(2024, "carriers").rows)


def test_assessment_sheets_equal_the_scores(data: Path, exported: Path) -> None:
    ws = _workspace(data)
    kinds: list[tuple[str, ScoreKind, str, str]] = [
        ("单位考核", "units", "单位", "组内排名"),
        ("载体绩效", "carriers", "载体名称", "排名"),
    ]
    shorts = {i.id: i.short for i in ws.rules.indicators}
    for sheet, kind, name, rank in kinds:
        scores = ws.score(2024, kind)
        payload: list[dict[str, Any]] = scores_json(scores)["rows"]  # type: ignore[assignment]
        rows = _table(exported, sheet)
        assert len(rows) == len(payload) > 0
        for row, score, typed in zip(rows, payload, scores.rows, strict=True):
            assert (row[rank], row[name], row["总分"], row["等级"], row["加分"]) == (
                score["rank"],
                score["name"],
                score["score"],
                score["grade"],
                score["bonus"],
            )
            if kind == "units":
                assert (row["分组"], row["总排名"]) == (score["group"], score["rank_overall"])
            for item, named in zip(score["items"], typed.items, strict=True):
                # A long name is on balanced lines in its header (DECISIONS.md, printing).
                label = shorts[named.indicator] if kind == "units" else balanced_lines(named.name)
                columns = [("权重", "plan_weight"), ("实际", "actual"), ("得分", "points")]
                if kind == "units":
                    columns.append(("折算权重", "weight"))
                for word, key in columns:
                    assert row[f"{label}\n{word}"] == item[key], (score["name"], key)
                assert row[f"{label}\n" + ("任务" if kind == "units" else "基准")] == item["task"]
    units = _table(exported, "单位考核")
    assert {r["单位"] for r in units} == {u.name for u in load_rules().units}


def test_issues_sheet_holds_every_issue_once(data: Path, exported: Path) -> None:
    issues = _workspace(data).dataset(2024).issues
    rows = _table(exported, "数据问题")
    label = {Severity.ERROR: "错误", Severity.WARNING: "警告"}
    assert [
        (r["级别"], r["代码"], r["文件"], r["工作表"], r["行"], r["列"], r["说明"]) for r in rows
    ] == [
        (label[i.severity], i.code, i.file, i.sheet, i.row, i.column, i.message()) for i in issues
    ]
    codes = {r["代码"] for r in rows}
    assert {"bad_date", "unknown_unit", "count_exceeds_staff", "unknown_sheet"} <= codes


def test_counted_records_list_every_record_behind_every_indicator(
    data: Path, exported: Path
) -> None:
    measured = _workspace(data).measured(2024)
    expected = sorted(
        (m.indicator.id, f, s, int(r))
        for m in measured
        for f, s, r in zip(m.records["_file"], m.records["_sheet"], m.records["_row"], strict=True)
    )
    rows = _table(exported, "计入明细")
    assert sorted((r["指标编号"], r["文件"], r["工作表"], r["行"]) for r in rows) == expected
    names = {r["名称（按报送原文）"] for r in rows}
    assert {"+1", "-1", "-王芳", "=1+1", INJECTIONS[0], "@SUM(A1)"} <= names
    assert "响铃\\x07团队" in names  # the control character is shown as an escape, not lost


def test_submitted_text_never_becomes_a_formula(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    seen: set[str] = set()
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen.add(cell.value)
    assert set(INJECTIONS) | {"=1+1", "=SUM(1)", "-王芳"} <= seen
    # The cells Excel could take for formulas carry Excel's text marker as well.
    details = book["计入明细"]
    marked = [c for row in details.iter_rows(min_col=4, max_col=4) for c in row]
    risky = [c for c in marked if str(c.value).startswith(("=", "+", "-", "@"))]
    assert len(risky) >= 5 and all(c.quotePrefix for c in risky)


def test_about_sheet_says_where_the_numbers_come_from(data: Path, exported: Path) -> None:
    about = {r["项目"]: r["内容"] for r in _table(exported, "说明")}
    assert about["数据目录"] == str(data)
    assert about["统计年度"] == 2024
    assert about["截止日期"].date().isoformat() == "2024-12-31"
    assert about["工具版本"].startswith("sc-cli ")
    assert about["规则目录"] and about["生成时间"]
    # Numbers and dates sit flush left beside their labels, as the text does.
    sheet = openpyxl.load_workbook(exported)["说明"]
    numbers = [r[1] for r in sheet.iter_rows(min_row=2) if not isinstance(r[1].value, str)]
    assert len(numbers) >= 7 and {c.alignment.horizontal for c in numbers} == {"left"}


def test_the_about_sheet_keeps_what_the_run_said(data: Path, tmp_path: Path) -> None:
    """A year with no folder yet is said on stderr and kept in the workbook too."""
    target = tmp_path / "2025.xlsx"
    result = invoke("export", "2025", "-o", target, "--data", data)
    assert result.exit_code == 0, result.output
    said = [r["内容"] for r in _table(target, "说明") if r["项目"] == "注意"]
    assert said and all(line in result.stderr for line in said)
    assert any("2025" in line for line in said)
    assert [
        r["内容"] for r in _table(_exported_2024(data, tmp_path), "说明") if r["项目"] == "注意"
    ] == []


def _exported_2024(data: Path, tmp_path: Path) -> Path:
    target = tmp_path / "2024.xlsx"
    assert invoke("export", "2024", "-o", target, "--data", data).exit_code == 0
    return target


def test_overwrite_needs_force_and_leaves_no_stray_files(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"the analyst's previous workbook")
    refused = invoke("export", "2024", "-o", str(target), "--data", str(data))
    assert refused.exit_code == 2
    assert "文件已存在" in refused.output and "--force" in refused.output
    assert target.read_bytes() == b"the analyst's previous workbook"
    forced = invoke("export", "2024", "-o", str(target), "--data", str(data), "--force")
    assert forced.exit_code == 0, forced.output
    assert openpyxl.load_workbook(target).sheetnames == SHEETS
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_failed_save_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    book = openpyxl.Workbook()

    def broken(self: Any) -> None:
        self._archive.writestr("half.xml", "half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ExcelWriter, "save", broken)
    with pytest.raises(OutputError) as caught:
        save_atomic(book, target, force=True, lang="zh")
    assert caught.value.key == "output.disk_full"
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_full_disk_while_the_sheets_are_written_is_exit_2(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl's write-only rows stream to disk through lxml, which reports a full disk
    as its own SerialisationError("IO_ENOSPC"), not as an OSError."""
    from lxml import etree

    from shuangchuang_cli.output import export

    def full(*args: object, **kwargs: object) -> None:
        raise etree.SerialisationError("IO_ENOSPC")

    monkeypatch.setattr(export, "build_export", full)
    target = tmp_path / "考核.xlsx"
    result = invoke("export", "2024", "-o", target, "--data", data)
    assert result.exit_code == 2, result.output
    assert "磁盘" in result.stderr and "内部错误" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_never_writes_into_the_data_folder(data: Path) -> None:
    target = data / "2024" / "考核.xlsx"
    result = invoke("export", "2024", "-o", str(target), "--data", str(data))
    assert result.exit_code == 2
    assert "输入目录" in result.output
    assert not target.exists()
    with pytest.raises(UsageError):
        export_workbook(_workspace(data), 2024, data / "x.xlsx")


def test_bulletin_on_stdout(data: Path, tmp_path: Path) -> None:
    md = invoke(
        "export", "2024", "-o", str(tmp_path / "a.xlsx"), "--data", str(data), "-f", "markdown"
    )
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("# ") and "通报" in md.stdout
    assert "| carriers_total |" in md.stdout
    csv = invoke("export", "2024", "-o", str(tmp_path / "b.xlsx"), "--data", str(data), "-f", "csv")
    assert csv.exit_code == 0
    assert csv.stdout.splitlines()[0].startswith("\ufeff编号,指标,目标")  # BOM for Excel
    assert len(csv.stdout.splitlines()) == 1 + len(load_rules().indicators)


def test_a_year_without_tasks_still_exports_with_a_note(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "2026.xlsx"
    result = invoke("export", "2026", "-o", str(target), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "2026" in result.stderr
    note = _table(target, "单位考核")
    assert "2026" in str(note[0])
    assert _table(target, "载体绩效")  # carriers are still scored


@pytest.mark.parametrize(("title", "name"), [("单位考核", "单位"), ("载体绩效", "载体名称")])
def test_the_wide_assessment_sheets_keep_their_name_column_in_view(
    exported: Path, title: str, name: str
) -> None:
    sheet = openpyxl.load_workbook(exported)[title]
    assert sheet.max_column > 30
    split = openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)
    last_frozen = openpyxl.utils.column_index_from_string(split[0]) - 1
    assert split[1] == 2
    assert sheet.cell(1, last_frozen).value == name


def test_no_english_header_word_is_wider_than_its_column(tmp_path: Path) -> None:
    # A fixed 8-wide column wrapped Numerator as Numera/tor.
    target = export_workbook(
        Workspace(data_dir=bundled_data_dir(), rules=load_rules()),
        2024,
        tmp_path / "en.xlsx",
        lang="en",
    ).path
    for sheet in openpyxl.load_workbook(target):
        header = header_row(sheet)
        for cell in sheet[header]:
            width = sheet.column_dimensions[cell.column_letter].width
            for word in re.split(r"[\s·]+", str(cell.value or "")):
                assert len(word) <= width - 2, (sheet.title, cell.value, width)


@pytest.mark.parametrize("sheet_name", ["单位考核", "载体绩效"])
def test_no_chinese_header_line_of_an_item_breaks_mid_word(exported: Path, sheet_name: str) -> None:
    # 大赛·权/重: an item's header is its name over its part, each on a line that fits.
    from shuangchuang_cli.output.xlsx import display_width

    sheet = openpyxl.load_workbook(exported)[sheet_name]
    items = [c for c in sheet[header_row(sheet)] if "\n" in str(c.value or "")]
    assert items
    for cell in items:
        width = sheet.column_dimensions[cell.column_letter].width
        for line in str(cell.value).split("\n"):
            assert display_width(line) <= width - 1, (cell.value, width)


def test_a_table_longer_than_a_sheet_continues_on_the_next(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "MAX_DATA_ROWS", 10)
    target = export_workbook(_workspace(data), 2024, tmp_path / "long.xlsx").path
    book = openpyxl.load_workbook(target)
    parts = [n for n in book.sheetnames if n.startswith("计入明细")]
    assert parts[0] == "计入明细" and parts[1] == "计入明细（续2）"
    rows = [r for n in parts for r in _table(target, n)]
    assert all(book[n].max_row <= 11 and book[n].freeze_panes == "A2" for n in parts)
    measured = _workspace(data).measured(2024)
    assert len(rows) == sum(len(m.records) for m in measured)


def test_english_headers(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "en.xlsx"
    result = invoke("export", "2024", "-o", str(target), "--data", str(data), "--lang", "en")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == SHEETS
    assert [c.value for c in book["总览"][3]][:3] == ["id", "Indicator", "Short name"]
    assert book["数据问题"]["A1"].value == "Severity"
    # A counting word is no unit in English (家 carriers: a count); a share keeps its %.
    units = {r[0]: r[4] for r in book["总览"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert units["carriers_total"] == "count" and units["staff_trained_ratio"] == "%"


def test_a_formatted_column_keeps_its_format_on_every_row(tmp_path: Path) -> None:
    """One cell of the column's format serves every row: a date in a column of whole
    numbers (which openpyxl would give a date format) leaves the next rows as they were."""
    import datetime as dt

    book = workbook.TableBook()
    columns = [
        workbook.Col("数", number_format="#,##0"),
        workbook.Col("日", number_format="yyyy-mm-dd"),
    ]
    rows: list[list[object]] = [
        [1200, dt.date(2024, 3, 5)],
        [dt.date(2024, 1, 2), None],
        [3400, dt.date(2024, 4, 6)],
    ]
    workbook.add_table(book, "表", columns, rows)
    path = tmp_path / "t.xlsx"
    book.save(path)
    sheet = openpyxl.load_workbook(path)["表"]
    assert [sheet.cell(r, 1).number_format for r in (2, 3, 4)] == ["#,##0"] * 3
    assert [sheet.cell(r, 2).number_format for r in (2, 4)] == ["yyyy-mm-dd"] * 2
    assert sheet["A4"].value == 3400 and sheet["B4"].value == dt.datetime(2024, 4, 6)


def _fonts_without_a_face(path: Path) -> int:
    import zipfile
    from xml.etree import ElementTree as ET

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as book:
        styles = ET.fromstring(book.read("xl/styles.xml"))
    fonts = styles.iter(f"{main}font")
    return sum(font.find(f"{main}name") is None for font in fonts)


def test_every_font_names_its_face(exported: Path, tmp_path: Path) -> None:
    # A bold header without a face name prints in a serif fallback in LibreOffice and WPS.
    assert _fonts_without_a_face(exported) == 0
    template = tmp_path / "模板.xlsx"
    assert invoke("template", "-o", template).exit_code == 0
    assert _fonts_without_a_face(template) == 0


def test_a_lower_is_better_target_is_shown_and_explained_so(tmp_path: Path) -> None:
    folder = rules_copy(tmp_path)
    plan = folder / "plan.toml"
    carriers = 'target = 6\nbaseline = 0\ncompute = { method = "count_carriers" }'
    fewer = carriers.replace("baseline = 0", 'baseline = 10\ndirection = "lower"')
    plan.write_text(plan.read_text(encoding="utf-8").replace(carriers, fewer, 1), encoding="utf-8")
    target = tmp_path / "out.xlsx"
    assert invoke("export", "2024", "--rules", folder, "-o", target).exit_code == 0
    about = [str(r[1]) for r in openpyxl.load_workbook(target)["说明"].iter_rows(values_only=True)]
    assert any(t.startswith("越低越好的指标（新型孵化载体数量）反向判定") for t in about)
    assert "│ ≤6 │" in " ".join(invoke("report", "2024", "--rules", folder).stdout.split())
