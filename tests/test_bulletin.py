"""The bulletin read back with python-docx: its page and type, its sections, and every
number in its text, tables and chart caches against the library's report, trend, scores
and issues for the same date."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph
from helpers import TODAY, invoke, rules_copy
from spread_data import spread_folder

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.counting.trend import expected_completion, previous_quarter_end
from shuangchuang_cli.i18n import Lang
from shuangchuang_cli.models import IndicatorValue, Progress, Severity, Status
from shuangchuang_cli.output import bulletin_text as say
from shuangchuang_cli.output.bulletin_attachments import TEXT_MM, indicator_table, trend_attachment
from shuangchuang_cli.output.docx import Table
from shuangchuang_cli.output.docx_tables import column_twips, least_twips
from shuangchuang_cli.output.views import fmt_value
from shuangchuang_cli.reading.discover import bundled_data_dir

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
HAN = re.compile(r"[\u4e00-\u9fff]")
TEXT_EMU = TEXT_MM * 36000
STATUS = {"achieved": "已完成", "on_track": "符合进度", "behind": "略有滞后", "at_risk": "明显滞后"}


def half_up(value: float, digits: int = 1, sign: str = "") -> str:
    """As Excel displays a number: from its 15 significant digits, a half away from 0."""
    exact = Decimal(f"{value:.15g}")
    return f"{exact.quantize(Decimal(10) ** -digits, rounding=ROUND_HALF_UP):{sign}f}"


def shown(value: float | None, unit: str, digits: int = 0) -> str:
    """A number as `report` shows it: shares with one decimal, counts whole, expected
    values with one decimal."""
    if value is None:
        return "—"
    if unit == "%":
        return half_up(value * 100) + "%"
    if digits == 0 and float(value).is_integer():
        return str(int(value))
    return half_up(value)


def write(*args: str | Path) -> WordDocument:
    done = invoke("bulletin", *args)
    assert done.exit_code == 0, done.output
    assert "Traceback" not in done.output
    target = Path(str(args[args.index("-o") + 1]))
    return docx.Document(str(target))


@pytest.fixture(scope="module")
def spread(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return spread_folder(tmp_path_factory.mktemp("spread"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> WordDocument:
    """`sc-cli bulletin 2024 -o 通报.docx` on the bundled sample data."""
    return write("2024", "-o", tmp_path_factory.mktemp("sample") / "通报.docx")


@pytest.fixture(scope="module")
def mid_year(spread: Path, tmp_path_factory: pytest.TempPathFactory) -> WordDocument:
    target = tmp_path_factory.mktemp("mid") / "通报.docx"
    return write("2024", "--as-of", "2024-09-30", "-o", target, "--data", spread)


def report_json(*args: str | Path) -> dict[str, Any]:
    done = invoke("report", *args, "--format", "json")
    assert done.exit_code == 0, done.output
    payload: dict[str, Any] = json.loads(done.stdout)
    return payload


def east_asian(paragraph: WordParagraph) -> set[str | None]:
    """The Chinese face of each run (python-docx's font.name is the Latin one)."""
    faces = set()
    for run in paragraph.runs:
        fonts = run.element.rPr.rFonts if run.element.rPr is not None else None
        faces.add(fonts.get(qn("w:eastAsia")) if fonts is not None else None)
    return faces


def texts(word: WordDocument) -> list[str]:
    return [p.text for p in word.paragraphs]


def table_with(word: WordDocument, first_header: str, second: str) -> WordTable:
    for table in word.tables:
        cells = [c.text for c in table.rows[0].cells]
        if cells[0] == first_header and cells[1] == second:
            return table
    raise AssertionError(f"no table headed {first_header}, {second}")


def rows(table: WordTable) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows[1:]]


def charts(word: WordDocument) -> list[ET.Element]:
    parts = {rid: r.target_part for rid, r in word.part.rels.items() if r.reltype == CHART_REL}
    order = word.element.body.xpath(".//c:chart/@r:id")
    return [ET.fromstring(parts[rid].blob) for rid in order]


def cached(series: ET.Element, kind: str) -> list[str]:
    found = series.find(f"{C}{kind}")
    assert found is not None
    return [p.findtext(f"{C}v") or "" for p in found.iter(f"{C}pt")]


# --- the page and the type ---------------------------------------------------------------


def test_the_body_ends_with_the_issuer_and_the_date_written(sample: WordDocument) -> None:
    """7.3.5.2: after the list of attachments, an empty line, then the office and the
    date, right-aligned two characters in; the attachments follow on their own pages."""
    texts = [p.text for p in sample.paragraphs]
    at = texts.index("达坂城区科学技术局")
    assert texts[at - 1] == "" and texts[at - 2].startswith("2.")  # the attachment list
    assert re.fullmatch(r"20\d\d年\d{1,2}月\d{1,2}日", texts[at + 1])
    for line in sample.paragraphs[at : at + 2]:
        assert line.paragraph_format.alignment == 2  # right
        assert line.paragraph_format.right_indent == Pt(2 * (16 - 0.25))  # two 3号 characters
    assert texts.index("附件1") > at + 1


def test_the_page_is_a4_with_the_margins_of_gb_t_9704(sample: WordDocument) -> None:
    section = sample.sections[-1]
    sizes = [section.page_width, section.page_height]
    margins = [section.top_margin, section.left_margin, section.right_margin]
    assert [round(v / 36000) for v in sizes if v is not None] == [210, 297]
    assert [round(v / 36000) for v in margins if v is not None] == [37, 28, 26]


def test_the_title_body_and_headings_take_the_official_faces(sample: WordDocument) -> None:
    title = sample.paragraphs[0]
    assert title.text == "关于2024年度达坂城区双创工作\n进展情况的通报"
    assert {r.font.size.pt for r in title.runs if r.font.size} == {22.0}
    fonts = east_asian(title)
    assert fonts == {"方正小标宋简体"}
    addressee = sample.paragraphs[3]  # 主送机关, flush left (GB/T 9704-2012, 7.3.2)
    assert addressee.text == "各乡（镇）、街道，区直有关部门："
    assert addressee.paragraph_format.first_line_indent == 0
    lead = sample.paragraphs[4]
    assert lead.text.startswith(
        "为贯彻落实《达坂城区推进大众创业万众创新工作实施方案（2023—2025年）》"
    )
    assert "“定期通报工作进展情况”" in lead.text  # the plan's own words, 四(三)
    assert east_asian(lead) == {"仿宋_GB2312"}
    assert {r.font.size.pt for r in lead.runs if r.font.size} == {16.0}
    headings = [p.text for p in sample.paragraphs if re.match("^[一二三四五六]、", p.text)]
    assert headings == [
        "一、总体进展",
        "二、各项指标完成情况",
        "三、进展变化",
        "四、各单位任务完成情况",
        "五、数据质量",
        "六、下一步工作",
    ]
    heading = next(p for p in sample.paragraphs if p.text == "一、总体进展")
    assert east_asian(heading) == {"黑体"}
    assert "附件1" in texts(sample) and "附件2" in texts(sample)


# --- every number is the report's -----------------------------------------------------------


def test_the_lead_counts_the_statuses_of_the_report(sample: WordDocument) -> None:
    report = report_json("2024")
    statuses = [i["status"] for i in report["indicators"]]
    behind = statuses.count("behind") + statuses.count("at_risk")
    expected = (
        f"截至2024年12月31日，方案期（2023年1月1日至2025年12月31日）已过"
        f"{report['pace'] * 100:.1f}%。{len(statuses)}项量化指标中，"
        f"已完成{statuses.count('achieved')}项、符合序时进度{statuses.count('on_track')}项、"
        f"滞后{behind}项（其中明显滞后{statuses.count('at_risk')}项）。"
    )
    assert expected in texts(sample)
    # Written out, so that the wiring above cannot hide a change in the numbers.
    assert expected.endswith(
        "已过66.7%。12项量化指标中，已完成3项、符合序时进度4项、滞后5项（其中明显滞后2项）。"
    )
    counted = report["records"]
    records = f"本期计入有效记录{counted['counted']}条，因数据错误未计入{counted['excluded']}条。"
    assert any(t.startswith(records) for t in texts(sample))


@pytest.mark.parametrize("case", ["sample", "mid_year"])
def test_the_attached_table_is_report_json(
    case: str, sample: WordDocument, mid_year: WordDocument, spread: Path
) -> None:
    word, args = (
        (sample, ["2024"])
        if case == "sample"
        else (
            mid_year,
            ["2024", "--as-of", "2024-09-30", "--data", str(spread)],
        )
    )
    report = report_json(*args)
    table = table_with(word, "序号", "指标")
    expected = []
    for n, ind in enumerate(report["indicators"], start=1):
        unit = ind["unit"]
        target = shown(ind["target"], unit)
        if "target_max" in ind:
            target += "–" + shown(ind["target_max"], unit)
        expected.append(
            [
                str(n),
                ind["name"],
                target,
                shown(ind["actual"], unit),
                shown(ind["expected"], unit, 1),
                shown(ind["gap"], unit),
                "—" if ind["completion"] is None else f"{ind['completion'] * 100:.1f}%",
                STATUS[ind["status"]] if ind["status"] else "无数据",
            ]
        )
    assert rows(table) == expected


def test_the_attached_table_written_out(sample: WordDocument) -> None:
    table = rows(table_with(sample, "序号", "指标"))
    assert table[5] == [
        "6",
        "累计新增孵化企业和创业团队",
        "100",
        "58",
        "66.7",
        "42",
        "58.0%",
        "略有滞后",
    ]
    assert table[2][2:] == ["40.0%", "30.0%", "40.0%", "10.0%", "75.0%", "明显滞后"]
    assert table[11][2] == "1–2"


def test_each_indicator_sentence_carries_its_numbers(sample: WordDocument) -> None:
    report = report_json("2024")
    paragraphs = texts(sample)
    for ind in report["indicators"]:
        unit = ind["unit"]
        sentence = next(t for t in paragraphs if t.startswith(ind["name"] + "："))
        suffix = "" if unit == "%" else unit
        assert f"实际{shown(ind['actual'], unit)}{suffix}" in sentence, ind["id"]
        if ind["status"] != "achieved":
            assert f"序时应达{shown(ind['expected'], unit, 1)}{suffix}" in sentence, ind["id"]
        assert f"完成度{ind['completion'] * 100:.1f}%" in sentence, ind["id"]
    behind = next(t for t in paragraphs if t.startswith("累计新增孵化企业和创业团队："))
    assert behind == (
        "累计新增孵化企业和创业团队：实际58个，序时应达66.7个，低于序时进度8.7个；"
        "目标100个，距目标尚差42个，完成度58.0%，略有滞后。"
    )


def test_the_change_table_is_the_report_of_each_date(mid_year: WordDocument, spread: Path) -> None:
    ws = Workspace(spread, today=TODAY)
    now = ws.report(2024, dt.date(2024, 9, 30))
    previous = ws.report(2024, previous_quarter_end(dt.date(2024, 9, 30)))
    last_year = ws.report(2023, dt.date(2023, 9, 30))
    table = rows(table_with(mid_year, "指标", "本期"))
    assert [r[0] for r in table] == [v.short for v in now.indicators]

    def change(a: float | None, b: float | None, unit: str) -> str:
        assert a is not None and b is not None
        delta = (a - b) * (100 if unit == "%" else 1)
        if delta == 0:
            return "0"
        return half_up(delta, 0 if unit != "%" and delta.is_integer() else 1, "+")

    for row, v, p, y in zip(
        table, now.indicators, previous.indicators, last_year.indicators, strict=True
    ):
        assert row[1:] == [
            shown(v.actual, v.unit),
            shown(p.actual, v.unit),
            change(v.actual, p.actual, v.unit),
            shown(y.actual, v.unit),
            change(v.actual, y.actual, v.unit),
        ], v.id
    texts_ = texts(mid_year)
    assert any(t.startswith("与上季度末（2024年6月30日）相比，") for t in texts_)
    assert any(t.startswith("与去年同期（2023年9月30日）相比，") for t in texts_)


def test_the_chart_caches_hold_the_library_numbers(mid_year: WordDocument, spread: Path) -> None:
    ws = Workspace(spread, today=TODAY)
    report = ws.report(2024, dt.date(2024, 9, 30))
    trend = ws.trend(2024, dt.date(2024, 9, 30))
    completion, path = charts(mid_year)
    done, pace = completion.iter(f"{C}ser")
    assert cached(done, "cat") == [v.short for v in report.indicators]
    assert cached(done, "val") == [repr(float(v.completion or 0)) for v in report.indicators]
    assert cached(pace, "val") == [
        repr(float(expected_completion(v) or 0)) for v in report.indicators
    ]
    lines = list(path.iter(f"{C}ser"))
    cumulative = [i for i in trend.indicators if i.kind == "cumulative"]
    assert len(lines) == 1 + len(cumulative)
    assert cached(lines[0], "cat") == [
        "2023Q1",
        "2023Q2",
        "2023Q3",
        "2023Q4",
        "2024Q1",
        "2024Q2",
        "2024Q3",
    ]
    assert cached(lines[0], "val") == [repr(float(p.pace or 0)) for p in cumulative[0].points]
    for series, ind in zip(lines[1:], cumulative, strict=True):
        assert cached(series, "val") == [repr(float(p.completion or 0)) for p in ind.points]


def test_the_texts_round_a_half_up_as_the_workbook_shows_the_figure() -> None:
    # Python's format rounds half to even: 0.25 read 0.2 here and 0.3 in the workbook.
    assert say.plain(0.25, "家", 1) == fmt_value(0.25, "家", 1) == "0.3"
    assert say.plain(0.0125, "%") == fmt_value(0.0125, "%") == "1.3%"
    assert say.percent(0.0125) == "1.3%"
    assert say.points(0.0125, "zh") == "1.3个百分点"
    assert say.signed(0.0125, "%") == "+1.3" and say.signed(-0.25, "家") == "-0.3"
    assert say.shows_as_zero(0.05, "家") is False and say.shows_as_zero(0.0499, "家")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_attachment_column_is_too_narrow_for_its_longest_word(lang: Lang) -> None:
    # 季/均/变/化, 序/号, "outloo k", "Comple tion": a column narrower than its longest
    # word breaks it; the indicator names, which wrap anyway, give up the room.
    ws = Workspace(bundled_data_dir(), today=TODAY)
    trend = trend_attachment(ws.trend(2024), lang)[1]
    for table in (indicator_table(ws.report(2024), lang), trend):
        assert isinstance(table, Table)
        widths = column_twips(table, TEXT_EMU)
        assert all(w >= low for w, low in zip(widths, least_twips(table), strict=True))
        assert sum(widths) == TEXT_EMU // 635
    assert isinstance(trend, Table)
    assert "季均\n变化" in trend.headers if lang == "zh" else "per qtr" in trend.headers


def test_the_quarterly_attachment_is_the_trend(mid_year: WordDocument, spread: Path) -> None:
    trend = Workspace(spread, today=TODAY).trend(2024, dt.date(2024, 9, 30))
    table = table_with(mid_year, "指标", "2023\nQ1")
    for row, ind in zip(rows(table), trend.indicators, strict=True):
        assert row[0] == ind.short
        cells = row[1 : 1 + len(trend.dates)]
        assert cells == [
            f"{shown(p.actual, ind.unit)}\n{shown(p.expected, ind.unit, 1)}" for p in ind.points
        ]
        assert row[-2] == shown(ind.projected, ind.unit, 1)


# --- units and data --------------------------------------------------------------------------


def test_units_are_ranked_within_their_groups_as_of_the_date(
    mid_year: WordDocument, spread: Path
) -> None:
    scores = Workspace(spread, today=TODAY).score(2024, "units", dt.date(2024, 9, 30))
    for number, group in ((2, "乡镇街道"), (3, "部门")):
        caption = f"表{number}　{group}任务完成情况"
        assert caption in texts(mid_year)
        mine = [r for r in scores.rows if r.group == group]
        table = rows(next(t for t in mid_year.tables if _caption_of(mid_year, t) == caption))
        assert [(r[0], r[1]) for r in table] == [(str(s.rank), s.name) for s in mine]
        assert [r[5] for r in table] == ["是" if s.submitted else "否" for s in mine]
    assert any("按截至2024年9月30日的数据，年终考核以全年数据为准" in t for t in texts(mid_year))


def _caption_of(word: WordDocument, table: WordTable) -> str:
    before = table._tbl.getprevious()
    return WordParagraph(before, word.part).text if before is not None else ""


def test_units_that_sent_nothing_are_named(mid_year: WordDocument, spread: Path) -> None:
    scores = Workspace(spread, today=TODAY).score(2024)
    unsent = [r.name for r in scores.rows if r.submitted is False]
    assert "东沟乡" in unsent and "乌拉泊街道" in unsent
    line = next(t for t in texts(mid_year) if "尚未报送任何数据" in t)
    assert line == (
        f"截至2024年9月30日，以下{len(unsent)}个单位本年度尚未报送任何数据："
        f"{'、'.join(unsent)}。请抓紧报送。"
    )


def test_data_quality_counts_the_issues_per_file(mid_year: WordDocument, spread: Path) -> None:
    issues = Workspace(spread, today=TODAY).dataset(2024).issues
    table = rows(table_with(mid_year, "文件", "报送单位"))
    tally = {
        f: (
            sum(i.file == f and i.severity is Severity.ERROR for i in issues),
            sum(i.file == f and i.severity is Severity.WARNING for i in issues),
        )
        for f in {i.file for i in issues}
    }
    assert {r[0]: (int(r[2]), int(r[3])) for r in table} == tally
    senders = {r[0]: r[1] for r in table}
    assert senders["2024/乌拉泊街道2024.xlsx"] == "—"  # unreadable: no record names a unit
    assert senders["2024/区科技局2024.xlsx"] == "区科技局"
    returned = next(t for t in texts(mid_year) if "修改后重新报送。" in t and "请退回" in t)
    for file, (errors, _) in tally.items():
        if not errors:
            assert file not in returned
        elif senders[file] == "—":  # no record names a unit: the file itself is named
            assert file in returned and "个文件读不出报送单位，请核实后退回：" in returned
        else:  # the unit it goes back to is named; the file is in the table
            assert all(u in returned for u in senders[file].split("、"))
            assert file not in returned


def test_a_year_without_tasks_says_so_in_the_units_section(tmp_path: Path) -> None:
    done = invoke("bulletin", "2026", "-o", tmp_path / "2026.docx")
    assert done.exit_code == 0, done.output
    word = docx.Document(str(tmp_path / "2026.docx"))
    # The document says only that the units are not reported; why (the tool's own words,
    # which name the rules) goes to the analyst on stderr.
    assert "本期不通报各单位任务完成情况。" in texts(word)
    assert not any("规则" in t or "sc-cli" in t for t in texts(word) if "任务" in t)
    assert "通报中没有各单位任务完成情况：规则中没有 2026 年的任务分解" in done.stderr
    assert not any("年度任务分解" in t for t in texts(word))  # 六、下一步: no tasks to cite
    assert not any(t.rows[0].cells[0].text == "名次" for t in word.tables)


QUOTED = (
    "定期通报工作进展情况",
    "对完成较好的单位年终考核给予加分",
    "加强对孵化载体建设的统计监测工作",
)


def test_the_plans_sentences_it_quotes_are_those_of_the_rules(
    sample: WordDocument, tmp_path: Path
) -> None:
    body = "\n".join(texts(sample))
    for words in QUOTED:
        assert f"“{words}”" in body
    # The same plan with [plan.quotes] taken out: the same sections, in plain words.
    folder = rules_copy(tmp_path)
    plan = folder / "plan.toml"
    head, rest = plan.read_text(encoding="utf-8").split("[plan.quotes]", 1)
    plan.write_text(head + "[status]" + rest.split("[status]", 1)[1], encoding="utf-8")
    plain = "\n".join(texts(write("2024", "-o", tmp_path / "通报.docx", "--rules", folder)))
    assert not any(words in plain for words in QUOTED)
    assert "根据《达坂城区推进大众创业万众创新工作实施方案（2023—2025年）》，现将" in plain
    assert "完成全部年度任务的单位加5分。" in plain
    assert "按季度跟踪各项指标进展" in plain


# --- options, refusals, languages -----------------------------------------------------------


def test_a_template_comes_first_and_keeps_its_header(tmp_path: Path) -> None:
    letterhead = docx.Document()
    letterhead.sections[0].header.paragraphs[0].text = "达坂城区科学技术局（信笺）"
    letterhead.add_paragraph("达坂城区科学技术局")
    letterhead.save(str(tmp_path / "信笺.docx"))
    word = write("2024", "-o", tmp_path / "通报.docx", "--template", tmp_path / "信笺.docx")
    assert word.paragraphs[0].text == "达坂城区科学技术局"
    assert word.sections[0].header.paragraphs[0].text == "达坂城区科学技术局（信笺）"
    assert any(t.startswith("关于2024年度") for t in texts(word))
    # A header but no footer: the page numbers are added, on every page alike, so that
    # the letterhead's one header is not lost on even pages.
    footer = word.sections[0].footer
    assert not footer.is_linked_to_previous and "— " in footer.paragraphs[0].text
    assert not word.settings.odd_and_even_pages_header_footer


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.docx", b"not a zip", "无法作为通报模板打开"),
        ("missing.docx", None, "找不到"),
        ("信笺", "folder", "应为 .docx 文件"),
    ],
)
def test_an_unusable_template_is_a_usage_error(
    tmp_path: Path, name: str, content: bytes | str | None, message: str
) -> None:
    if content == "folder":
        (tmp_path / name).mkdir()
    elif isinstance(content, bytes):
        (tmp_path / name).write_bytes(content)
    done = invoke("bulletin", "2024", "-o", tmp_path / "a.docx", "--template", tmp_path / name)
    assert done.exit_code == 2 and message in done.stderr
    assert not (tmp_path / "a.docx").exists()


def test_a_template_folder_is_refused_before_the_files_are_read(tmp_path: Path) -> None:
    """Before the run's notices (a file outside the year folders here) and the reading."""
    data = tmp_path / "data"
    (data / "2024").mkdir(parents=True)
    (data / "说明.xlsx").write_bytes(b"not read: outside the year folders")
    (tmp_path / "信笺").mkdir()
    args = ("bulletin", "2024", "-o", tmp_path / "a.docx", "--data", data)
    done = invoke(*args, "--template", tmp_path / "信笺")
    assert done.exit_code == 2 and "应为 .docx 文件" in done.stderr
    assert "注意" not in done.stderr, done.stderr
    assert "注意" in invoke(*args).stderr  # the notice a run without the template gives


def test_outputs_are_refused_as_export_refuses_them(tmp_path: Path, spread: Path) -> None:
    target = tmp_path / "通报.docx"
    target.write_bytes(b"the analyst's last bulletin")
    refused = invoke("bulletin", "2024", "-o", target)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_bytes() == b"the analyst's last bulletin"
    assert invoke("bulletin", "2024", "-o", target, "--force").exit_code == 0
    assert invoke("bulletin", "2024", "-o", tmp_path / "a.xlsx").exit_code == 2
    inside = invoke("bulletin", "2024", "-o", spread / "2024" / "通报.docx", "--data", spread)
    assert inside.exit_code == 2 and "输入目录" in inside.stderr
    assert not (spread / "2024" / "通报.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["通报.docx"]
    (tmp_path / "旧" / "通报.docx").mkdir(parents=True)  # a folder named like the output
    folder = invoke("bulletin", "2024", "-o", tmp_path / "旧" / "通报.docx")
    assert folder.exit_code == 2 and "是一个目录" in folder.stderr, folder.stderr
    assert list((tmp_path / "旧" / "通报.docx").iterdir()) == []
    plain = invoke("bulletin", "2024", "-o", tmp_path / "旧")  # whatever its name ends in
    assert plain.exit_code == 2 and "是一个目录" in plain.stderr, plain.stderr


def test_the_english_bulletin_has_no_chinese_but_the_data(tmp_path: Path) -> None:
    word = write("2024", "-o", tmp_path / "en.docx", "--lang", "en")
    assert word.paragraphs[0].text == (
        "Progress of Dabancheng District innovation and entrepreneurship work: the year 2024"
    )
    headings = [p.text for p in word.paragraphs if re.match(r"^\d\. [A-Z]", p.text)]
    assert headings[0] == "1. Overall progress" and len(headings) == 6
    assert not any(HAN.search(h) for h in headings)
    table = rows(table_with(word, "No.", "Indicator"))
    assert table[5][7] == "behind"
    # The lead counts the statuses with the words the table and the sentences use.
    statuses = {row[7] for row in table[1:]}
    lead = next(p.text for p in word.paragraphs if "quantitative indicators" in p.text)
    assert "at risk" in statuses and "of them at risk)" in lead, lead


def status_counts(progress: Progress) -> dict[Status | None, int]:
    return {s: sum(v.status is s for v in progress.indicators) for s in (*Status, None)}


def test_the_library_composes_without_writing(spread: Path) -> None:
    """compose() is a Document of blocks: the CLI writes it, tests can read it."""
    from shuangchuang_cli.output.bulletin import compose, gather

    ws = Workspace(spread, today=TODAY)
    document = compose(gather(ws, 2024, dt.date(2024, 6, 30), "zh"), "zh")
    assert document.title.startswith("关于2024年上半年")
    assert [a.title for a in document.attachments][1] == "各项指标分季度进展情况表"
    counts = status_counts(ws.report(2024, dt.date(2024, 6, 30)))
    assert sum(counts.values()) == 12


def test_many_files_to_send_back_are_counted_not_named(
    spread: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shuangchuang_cli.output import bulletin_units
    from shuangchuang_cli.output.bulletin import compose, gather
    from shuangchuang_cli.output.docx import Paragraph

    monkeypatch.setattr(bulletin_units, "NAMED_FILES", 2)
    document = compose(gather(Workspace(spread, today=TODAY), 2024, None, "zh"), "zh")
    said = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert "共3个文件有错误（见表4中错误数不为0的文件），请退回报送单位修改后重新报送。" in said
    assert not any("2024/区科技局2024.xlsx" in t for t in said)


def test_a_roster_gone_missing_is_said_under_data_quality(tmp_path: Path) -> None:
    from helpers import write_folder
    from make_test_data import CARRIER, MENTOR, carrier, mentor

    data = write_folder(
        tmp_path / "data",
        {
            "2023/东沟乡.xlsx": [(CARRIER, [carrier("东沟孵化器", "东沟乡")])],
            "2024/盐湖街道.xlsx": [
                (CARRIER, [carrier("盐湖众创空间")]),
                (MENTOR, [mentor("王芳", "CM1", "2024-03-01", "盐湖街道")]),
            ],
        },
    )
    word = write("2024", "-o", tmp_path / "通报.docx", "--data", data)
    notice = Workspace(data).report(2024).notices[0]
    assert notice.message("zh") in texts(word)
    assert "东沟乡" in notice.message("zh")


def _behind(actual: float, expected: float, unit: str) -> IndicatorValue:
    return IndicatorValue(
        id="contest_participations",
        name="组织参加创业大赛场(次)",
        kind="cumulative",
        unit=unit,
        target=15,
        baseline=0,
        actual=actual,
        expected=expected,
        gap=15 - actual,
        completion=actual / 15,
        status=Status.BEHIND,
    )


def test_a_shortfall_too_small_to_write_is_said_in_words_not_as_zero() -> None:
    from shuangchuang_cli.output.bulletin_sections import item

    small = item(_behind(3, 3.04, "场次"), "behind", "zh")
    assert "略低于序时进度；" in small and "0.0场次" not in small
    assert "低于序时进度1.5场次" in item(_behind(3, 4.5, "场次"), "behind", "zh")
    share = item(_behind(0.5, 0.5003, "%"), "behind", "zh")
    assert "略低于序时进度；" in share and "低于序时进度0.0" not in share
    assert "slightly short of the pace" in item(_behind(3, 3.04, "场次"), "behind", "en")


def test_indicators_that_cannot_be_projected_yet_are_counted_apart(tmp_path: Path) -> None:
    word = write("2023", "--as-of", "2023-03-31", "-o", tmp_path / "通报.docx")
    trend = report_json("2023", "--as-of", "2023-03-31", "--trend")
    unjudged = [i["name"] for i in trend["indicators"] if i["outlook"] is None]
    assert unjudged  # the first quarter: a stock or a share has a single point, no pace
    # One quarter in: the pace is that of the quarters there are, not of the last four.
    line = next(t for t in texts(word) if t.startswith("按已有各季度的平均进度推算"))
    assert "可以推算的指标均预计难以完成：" in line  # not "预计可完成的指标0项"
    assert f"另有{len(unjudged)}项（{unjudged[0]}" in line
    assert "各项指标预计均可完成" not in line


def test_every_indicator_is_said_likely_only_when_every_one_was_projected() -> None:
    from shuangchuang_cli.counting.trend import Outlook
    from shuangchuang_cli.output.bulletin_sections import _outlook
    from shuangchuang_cli.output.docx import Paragraph

    trend = Workspace(today=TODAY).trend(2024)
    first, *rest = trend.indicators
    likely = tuple(i.model_copy(update={"outlook": Outlook.LIKELY}) for i in rest)
    one_short = trend.model_copy(
        update={"indicators": (first.model_copy(update={"outlook": None}), *likely)}
    )
    said = _outlook(one_short, "zh")[0]
    assert isinstance(said, Paragraph)
    assert f"可以推算的{len(likely)}项指标到2025年12月31日预计均可完成" in said.text
    assert f"另有1项（{first.name}）" in said.text
    every = trend.model_copy(
        update={"indicators": (first.model_copy(update={"outlook": Outlook.LIKELY}), *likely)}
    )
    all_said = _outlook(every, "zh")[0]
    assert isinstance(all_said, Paragraph) and "各项指标预计均可完成" in all_said.text


def test_english_sentences_that_open_with_a_rules_word_are_capitalised(tmp_path: Path) -> None:
    word = write("2024", "-o", tmp_path / "en.docx", "--lang", "en")
    said = [p.text for p in word.paragraphs if p.text.strip()]
    # The group and the topic are given in lower case, for use inside a sentence.
    assert any(t.startswith("Townships and streets: ") for t in said)
    assert any(t.startswith("Innovation and entrepreneurship indicators in 2024") for t in said)
    assert not any(t.startswith(("townships and", "innovation and")) for t in said)


def test_english_lists_end_with_and_and_counts_read_as_english(tmp_path: Path) -> None:
    word = write("2023", "--as-of", "2023-03-31", "-o", tmp_path / "en.docx", "--lang", "en")
    said = " ".join(p.text for p in word.paragraphs)
    assert "Every township, street and department should" in said
    assert "quantitative indicators: 1 achieved, 1 on track" in said  # not "1 are achieved"
    assert "At the average pace of the quarters so far, none of the indicators" in said


def test_a_count_says_its_counting_word_in_chinese_and_a_quantity_its_unit_in_both() -> None:
    from shuangchuang_cli.output.bulletin_text import amount, difference

    assert (amount(58, "个", "zh"), amount(58, "个", "en")) == ("58个", "58")
    assert (amount(15, "场次", "en"), amount(1.5, "家", "en", 1)) == ("15", "1.5")
    # 500万元 is five million yuan: "500" alone in English would say five hundred.
    assert (amount(500, "万元", "zh"), amount(500, "万元", "en")) == ("500万元", "500万元")
    assert difference(-20, "亩", "en") == amount(-20, "亩", "en") == "-20亩"
    assert amount(0.55, "%", "en") == "55.0%" and amount(None, "万元", "en") == "—"
