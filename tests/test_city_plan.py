"""A second plan as a rules folder (tests/city_plan/, written from docs/RULES.md alone):
other units and kinds of unit, another window, filtered carrier counts, a stock with a
baseline over new records, a sum, an annual target limited to some kinds of unit, and a
sheet type of its own (科技创新券). Every expected number below is worked out by hand
from the records in `city_data`, not by the library.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from helpers import invoke
from make_test_data import Row, table, uscc, write_xlsx

from shuangchuang_cli.rules import load_rules

RULES = Path(__file__).resolve().parent / "city_plan"
TODAY = dt.date(2026, 6, 30)
PARK = "乌鲁木齐高新技术产业开发区"

CARRIER_COLUMNS = [
    "载体名称",
    "载体类型",
    "认定级别",
    "所属单位",
    "成立日期",
    "运营状态",
    "示范基地",
    "从业人员数",
    "接受专业培训人数",
]
HIGHTECH_COLUMNS = ["企业名称", "统一社会信用代码", "认定日期", "所属单位"]
EVENT_COLUMNS = ["活动名称", "活动类别", "活动日期", "所属单位", "参与人次"]
VOUCHER_COLUMNS = ["企业名称", "统一社会信用代码", "券额", "兑付日期", "所属单位"]


def code(n: int) -> str:
    return uscc(n, prefix="91650100MA")


def carrier(name: str, kind: str, level: str | None, unit: str, founded: str, **more: Any) -> Row:
    row: Row = {
        "载体名称": name,
        "载体类型": kind,
        "认定级别": level,
        "所属单位": unit,
        "成立日期": founded,
        "运营状态": "运营",
        "示范基地": "否",
    }
    return row | more


def event(name: str, category: str, date: str, unit: str, people: int) -> Row:
    return {
        "活动名称": name,
        "活动类别": category,
        "活动日期": date,
        "所属单位": unit,
        "参与人次": people,
    }


def voucher(firm: str, n: int, amount: float, date: str, unit: str) -> Row:
    return {
        "企业名称": firm,
        "统一社会信用代码": code(n),
        "券额": amount,
        "兑付日期": date,
        "所属单位": unit,
    }


def hightech(firm: str, n: int, date: str, unit: str) -> Row:
    return {"企业名称": firm, "统一社会信用代码": code(n), "认定日期": date, "所属单位": unit}


A = carrier("天山众创空间", "众创空间", "国家级", "天山区", "2020-05-01", 示范基地="是",
            从业人员数=10, 接受专业培训人数=6)  # fmt: skip
B = carrier("天山孵化器", "科技企业孵化器", "自治区级", "天山区", "2021-03-01",
            从业人员数=20, 接受专业培训人数=10)  # fmt: skip
C = carrier("天山星创天地", "星创天地", None, "天山区", "2019-01-01", 运营状态="停运",
            示范基地="是", 从业人员数=5, 接受专业培训人数=5)  # fmt: skip  # 停运: not counted
D = carrier("县众创空间", "众创空间", "市级", "乌鲁木齐县", "2023-01-01",
            从业人员数=8, 接受专业培训人数=2)  # fmt: skip
E = carrier("天山加速器", "加速器", "自治区级", "天山区", "2025-02-01",
            从业人员数=4, 接受专业培训人数=4)  # fmt: skip


def _write(path: Path, sheets: dict[str, tuple[list[str], list[Row]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_xlsx(path, [table(name, rows, header=cols) for name, (cols, rows) in sheets.items()])


@pytest.fixture(scope="module")
def city_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("city")
    _write(
        root / "2024" / "天山区.xlsx",
        {
            "孵化载体": (CARRIER_COLUMNS, [A, B, C]),
            "双创活动": (
                EVENT_COLUMNS,
                [
                    event("天山创业大赛", "参加创业大赛", "2024-04-10", "天山区", 120),
                    event("天山创业沙龙", "创业沙龙", "2024-06-01", "天山区", 80),
                    # the same event again: a duplicate, counted once (the first, 120)
                    event("天山创业大赛", "参加创业大赛", "2024-04-10", "天山区", 200),
                ],
            ),
            "科技创新券": (
                VOUCHER_COLUMNS,
                [
                    voucher("企业甲", 1, 12.5, "2024-03-01", "天山区"),
                    voucher("企业乙", 2, 30, "2024-11-20", "乌鲁木齐市天山区"),
                ],
            ),
        },
    )
    _write(
        root / "2024" / "乌鲁木齐县.xlsx",
        {
            "孵化载体": (CARRIER_COLUMNS, [D]),
            "科技创新券": (VOUCHER_COLUMNS, [voucher("企业丙", 3, 20, "2024-07-01", "乌鲁木齐县")]),
            "高新技术企业": (HIGHTECH_COLUMNS, [hightech("企业戊", 4, "2024-05-01", "乌鲁木齐县")]),
        },
    )
    _write(
        root / "2024" / "高新区.xlsx",
        {
            "高新技术企业": (
                HIGHTECH_COLUMNS,
                [
                    hightech("企业己", 5, "2024-02-02", "高新区"),
                    hightech("企业庚", 6, "2024-09-09", "高新区"),
                ],
            ),
            "科技创新券": (VOUCHER_COLUMNS, [voucher("企业丁", 7, 50, "2024-08-08", "高新区")]),
            "双创活动": (EVENT_COLUMNS, [event("高新区路演", "路演活动", "2024-10-10", PARK, 300)]),
        },
    )
    b_2025 = B | {"认定级别": "国家级"}
    _write(
        root / "2025" / "天山区.xlsx",
        {
            "孵化载体": (CARRIER_COLUMNS, [A, b_2025, E]),
            "科技创新券": (VOUCHER_COLUMNS, [voucher("企业甲", 1, 15, "2025-03-01", "天山区")]),
            "双创活动": (
                EVENT_COLUMNS,
                [event("天山创业大赛", "参加创业大赛", "2025-04-10", "天山区", 150)],
            ),
        },
    )
    # 乌鲁木齐县 sends no roster for 2025: its carrier D is not counted, and the report says so.
    _write(
        root / "2025" / "乌鲁木齐县.xlsx",
        {"高新技术企业": (HIGHTECH_COLUMNS, [hightech("企业辛", 8, "2025-06-06", "乌鲁木齐县")])},
    )
    _write(
        root / "2025" / "高新区.xlsx",
        {"科技创新券": (VOUCHER_COLUMNS, [voucher("企业壬", 9, 40, "2025-05-05", PARK)])},
    )
    return root


def run_json(*args: str | Path) -> Any:
    result = invoke(*args, "--rules", RULES, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_id(report: Any) -> dict[str, Any]:
    return {v["id"]: v for v in report["indicators"]}


def test_the_city_rules_pass_their_check() -> None:
    result = invoke("rules", "--check", "--rules", RULES)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rules_view_names_the_citys_kinds(lang: str) -> None:
    """`sc-cli rules` shows another plan's unit kinds and an annual indicator's targets."""
    result = invoke("--lang", lang, "rules", "--rules", RULES, width=160)
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "│" in line}
    kinds = {"zh": ("区", "园区", "年度"), "en": ("district", "park", "annual")}[lang]
    assert f"│ {kinds[0]} " in rows["天山区"]
    assert f"│ {kinds[1]} " in rows[PARK]
    separator = "、" if lang == "zh" else ", "
    assert (
        f"2024: 500万元{separator}2025: 600万元{separator}2026: 700万元" in rows["voucher_amount"]
    )
    assert f"│ {kinds[2]} " in rows["voucher_amount"]


def test_the_bulletin_quotes_no_sentence_of_another_plan(city_data: Path, tmp_path: Path) -> None:
    import docx

    target = tmp_path / "通报.docx"
    result = invoke("bulletin", "2024", "-o", target, "--data", city_data, "--rules", RULES)
    assert result.exit_code == 0, result.output
    body = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "乌鲁木齐市" in body and "现将" in body
    for dabancheng in ("定期通报工作进展情况", "完成较好的单位", "孵化载体建设的统计监测"):
        assert dabancheng not in body


def test_explain_heads_each_field_by_the_plans_own_column(city_data: Path) -> None:
    shown = invoke("explain", "carriers_national", "2024", "--data", city_data, "--rules", RULES)
    assert shown.exit_code == 0, shown.output
    header = next(line for line in shown.stdout.splitlines() if "文件" in line)
    assert "认定级别" in header and "level" not in header  # sheets.toml: explain = "level"
    assert "成立日期" in header


def test_the_carrier_review_is_named_as_the_rules_name_it(city_data: Path) -> None:
    scored = invoke("score", "2024", "--carriers", "--data", city_data, "--rules", RULES)
    assert scored.exit_code == 0, scored.output
    assert scored.stdout.startswith("2024 年度载体绩效考核")  # the city's scheme names none
    assert "众创空间绩效" not in scored.stdout and "从业人员数" not in scored.stdout
    bundled = invoke("score", "2024", "--carriers")
    assert bundled.stdout.startswith("2024 年度众创空间绩效考核")  # assessment.toml's name


def test_report_2024(city_data: Path) -> None:
    report = run_json("report", "2024", "--data", city_data)
    assert report["pace"] == pytest.approx(366 / 1096)
    shown = {k: (v["actual"], v["target"], v["status"]) for k, v in by_id(report).items()}
    assert shown == {
        "carriers_national": (2, 8, "at_risk"),  # A, B; expected 5 + 3 x 0.334 = 6.0
        "maker_spaces": (2, 6, "behind"),  # A, D (C 停运); expected 2.004
        "demo_bases": (1, 2, "on_track"),  # A; expected 0.668
        "trained_ratio": (pytest.approx(18 / 38), 0.6, "at_risk"),  # (6+10+2)/(10+20+8)
        "hightech_total": (853, 1100, "behind"),  # 850 + 3 new; expected 933.5
        "participants": (500, 5000, "at_risk"),  # 120 + 80 + 300
        "voucher_amount": (62.5, 500, "at_risk"),  # 12.5 + 30 + 20: the park's 50 is not a 区县's
        "voucher_firms": (4, 300, "at_risk"),
        "contests": (1, 30, "at_risk"),
    }
    ind = by_id(report)
    assert ind["hightech_total"]["expected"] == pytest.approx(850 + 250 * 366 / 1096)
    assert ind["voucher_amount"]["expected"] == 500  # the whole of 2024 has passed
    assert ind["demo_bases"]["target_max"] == 4
    assert report["notices"] == []


def test_report_2025_uses_the_2025_roster_and_says_what_went_missing(city_data: Path) -> None:
    report = run_json("report", "2025", "--data", city_data)
    actual = {k: v["actual"] for k, v in by_id(report).items()}
    assert actual == {
        "carriers_national": 3,  # A, B (now 国家级), E
        "maker_spaces": 1,  # A: 县众创空间 is in no 2025 roster
        "demo_bases": 1,
        "trained_ratio": pytest.approx(20 / 34),
        "hightech_total": 854,
        "participants": 650,
        "voucher_amount": 15,  # 2025's own records against 2025's target
        "voucher_firms": 6,  # 企业甲 twice, on two dates: two vouchers
        "contests": 2,
    }
    assert by_id(report)["voucher_amount"]["target"] == 600
    (notice,) = report["notices"]
    assert notice["key"] == "notice.roster_missing"
    assert notice["params"] | {} == {
        "unit": "乌鲁木齐县",
        "sheet": "孵化载体",
        "last_year": 2024,
        "year": 2025,
        "count": 1,
    }


def test_report_by_unit(city_data: Path) -> None:
    units = {
        u["name"]: u["actuals"]
        for u in run_json("report", "2024", "--by-unit", "--data", city_data)["units"]
    }
    assert units["天山区"] | {"trained_ratio": None} == {
        "carriers_national": 2,
        "maker_spaces": 1,
        "demo_bases": 1,
        "trained_ratio": None,
        "hightech_total": 0,  # the baseline is the city's, no unit's
        "participants": 200,
        "voucher_amount": 42.5,
        "voucher_firms": 2,
        "contests": 1,
    }
    assert units["天山区"]["trained_ratio"] == pytest.approx(16 / 30)
    assert (
        units["乌鲁木齐县"]["hightech_total"] == 1 and units["乌鲁木齐县"]["voucher_amount"] == 20
    )
    assert units[PARK]["voucher_amount"] == 0 and units[PARK]["voucher_firms"] == 1
    assert units[PARK]["trained_ratio"] is None  # no carrier
    assert units["市科技局"]["participants"] == 0


def test_score_ranks_each_group_apart(city_data: Path) -> None:
    scores = run_json("score", "2024", "--data", city_data)
    rows = {
        r["name"]: (r["group"], r["rank"], r["rank_overall"], r["score"], r["grade"])
        for r in scores["rows"]
    }
    assert rows == {
        # only a voucher task: its weight is scaled to 100; 1/1 and the bonus
        "乌鲁木齐县": ("区县", 1, 1, 105, "优秀"),
        # vouchers 2/2 -> 60, participants 200/250 -> 32
        "天山区": ("区县", 2, 2, 92, "优秀"),
        "沙依巴克区": ("区县", 3, 4, 0, "不合格"),
        # vouchers 1/2 -> 30, participants 300/200 -> 40
        PARK: ("园区部门", 1, 3, 70, "合格"),
        "市科技局": ("园区部门", 2, 4, 0, "不合格"),
    }
    items = {
        i["indicator"]: i
        for i in next(r for r in scores["rows"] if r["name"] == "乌鲁木齐县")["items"]
    }
    assert items["voucher_firms"]["weight"] == 100 and items["voucher_firms"]["plan_weight"] == 60


def test_score_carriers(city_data: Path) -> None:
    scores = run_json("score", "2024", "--carriers", "--data", city_data)
    rows = {r["name"]: (r["score"], r["rank"]) for r in scores["rows"]}
    assert rows == {"天山众创空间": (100, 1), "天山孵化器": (100, 1), "县众创空间": (50, 3)}


def test_explain_a_filtered_count_and_a_sum(city_data: Path) -> None:
    national = run_json("explain", "carriers_national", "2024", "--data", city_data)
    assert [(r["name"], r["level"]) for r in national["records"]] == [
        ("天山众创空间", "国家级"),
        ("天山孵化器", "自治区级"),
    ]
    amount = run_json("explain", "voucher_amount", "2024", "--data", city_data)
    assert amount["actual"] == 62.5
    # In the read order: 乌鲁木齐县.xlsx comes before 天山区.xlsx by code point.
    assert [(r["name"], r["券额"]) for r in amount["records"]] == [
        ("企业丙", 20),
        ("企业甲", 12.5),
        ("企业乙", 30),
    ]
    hightech = run_json("explain", "hightech_total", "2024", "--data", city_data)
    assert (hightech["actual"], hightech["baseline"], len(hightech["records"])) == (853, 850, 3)


def test_export_holds_the_same_numbers(city_data: Path, tmp_path: Path) -> None:
    target = tmp_path / "考核.xlsx"
    result = invoke("export", "2024", "-o", target, "--data", city_data, "--rules", RULES)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target, read_only=True)
    overview = list(book["总览"].iter_rows(values_only=True))
    at = next(n for n, r in enumerate(overview) if "编号" in r)  # under the title rows
    header = list(overview[at])
    actual = {r[header.index("编号")]: r[header.index("实际")] for r in overview[at + 1 :] if r[0]}
    assert actual["voucher_amount"] == 62.5 and actual["hightech_total"] == 853
    assert actual["carriers_national"] == 2
    units = [r for r in book["单位考核"].iter_rows(values_only=True)]
    assert {c for r in units for c in r} >= {"乌鲁木齐县", "天山区", PARK, "区县", "园区部门"}


def test_no_text_of_another_plan(city_data: Path, tmp_path: Path) -> None:
    shown = invoke("report", "2024", "--data", city_data, "--rules", RULES)
    assert shown.exit_code == 0, shown.output
    assert "乌鲁木齐市科技创新" in shown.stdout
    template = tmp_path / "模板.xlsx"
    made = invoke("template", "-o", template, "--rules", RULES)
    assert made.exit_code == 0, made.output
    book = openpyxl.load_workbook(template)
    assert book.sheetnames[1:] == ["孵化载体", "高新技术企业", "双创活动", "科技创新券"]
    texts = [
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    ]
    prompts = [
        dv.prompt or "" for ws in book.worksheets for dv in ws.data_validations.dataValidation
    ]
    for text in [shown.output, *texts, *prompts]:
        assert "达坂城" not in text and "乡镇" not in text and "双创工作" not in text


def test_the_rules_are_the_ones_written() -> None:
    rules = load_rules(RULES)
    assert [k.name for k in rules.unit_kinds] == ["区", "县", "园区", "部门"]
    assert rules.plan.days == 1096
    assert [i.id for i in rules.indicators][:3] == [
        "carriers_national",
        "maker_spaces",
        "demo_bases",
    ]


def city_rules_with(root: Path, part: str) -> Path:
    """The city's rules with only one part of its assessment: "units" or "carriers"."""
    folder = root / "rules"
    shutil.copytree(RULES, folder)
    toml = folder / "assessment.toml"
    written = toml.read_text(encoding="utf-8")
    grades, rest = written.split("[units]", 1)
    units, carriers = rest.split("[carriers]", 1)
    kept = "[units]" + units if part == "units" else "[carriers]" + carriers
    toml.write_text(grades + kept, encoding="utf-8")
    return folder


def test_a_scheme_with_only_a_unit_assessment(city_data: Path, tmp_path: Path) -> None:
    folder = city_rules_with(tmp_path, "units")
    assert invoke("rules", "--check", "--rules", folder).exit_code == 0
    scored = invoke("score", "2024", "--data", city_data, "--rules", folder)
    assert scored.exit_code == 0 and "乌鲁木齐县" in scored.stdout, scored.output
    carriers = invoke("score", "2024", "--carriers", "--data", city_data, "--rules", folder)
    assert carriers.exit_code == 2 and "没有载体绩效考核" in carriers.stderr, carriers.output
    shown = invoke("rules", "--rules", folder, width=160)
    assert shown.exit_code == 0 and "载体绩效考核：考核方案中没有此项" in shown.stdout
    target = tmp_path / "考核.xlsx"
    made = invoke("export", "2024", "-o", target, "--data", city_data, "--rules", folder)
    assert made.exit_code == 0, made.output
    book = openpyxl.load_workbook(target, read_only=True)
    note = [c for r in book["载体绩效"].iter_rows(values_only=True) for c in r if c]
    assert any("没有载体绩效考核" in str(c) for c in note), note
    assert "乌鲁木齐县" in {c for r in book["单位考核"].iter_rows(values_only=True) for c in r}


def test_a_scheme_with_only_a_carrier_review(city_data: Path, tmp_path: Path) -> None:
    folder = city_rules_with(tmp_path, "carriers")
    assert invoke("rules", "--check", "--rules", folder).exit_code == 0
    assert invoke("report", "2024", "--data", city_data, "--rules", folder).exit_code == 0
    carriers = invoke("score", "2024", "--carriers", "--data", city_data, "--rules", folder)
    assert carriers.exit_code == 0 and "天山众创空间" in carriers.stdout, carriers.output
    units = invoke("score", "2024", "--units", "--data", city_data, "--rules", folder)
    assert units.exit_code == 2 and "没有单位考核" in units.stderr, units.output
    english = invoke("score", "2024", "--data", city_data, "--rules", folder, "--lang", "en")
    assert "has no unit assessment" in english.stderr, english.output
    shown = invoke("rules", "--rules", folder, width=160)
    assert shown.exit_code == 0 and "单位考核：考核方案中没有此项" in shown.stdout
    target = tmp_path / "通报.docx"
    made = invoke("bulletin", "2024", "-o", target, "--data", city_data, "--rules", folder)
    assert made.exit_code == 0, made.output
    said = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "本期不通报各单位任务完成情况" in said and "没有单位考核" in made.stderr


def test_a_mistake_in_the_scheme_stops_only_the_assessment(city_data: Path, tmp_path: Path) -> None:
    folder = city_rules_with(tmp_path, "units")
    toml = folder / "assessment.toml"
    written = toml.read_text(encoding="utf-8")
    toml.write_text(written.replace("bonus = 5", 'bonus = "五"'), encoding="utf-8")
    assert invoke("report", "2024", "--data", city_data, "--rules", folder).exit_code == 0
    scored = invoke("score", "2024", "--data", city_data, "--rules", folder)
    assert scored.exit_code == 2 and "units.bonus" in scored.stderr, scored.output
    assert invoke("rules", "--check", "--rules", folder).exit_code == 1
    # A weight for an indicator the plan does not have still stops every command, beside
    # a mistake in another section of the file.
    wrong = written.replace("min = 90", 'min = "九十"').replace(
        "[units.weights]", "[units.weights]\nnone_such = 1"
    )
    toml.write_text(wrong, encoding="utf-8")
    stopped = invoke("report", "2024", "--data", city_data, "--rules", folder)
    assert stopped.exit_code == 2 and "none_such" in stopped.stderr, stopped.output


# 万元 tasks for the annual voucher amount, to the cent: 2026's add up to 699.9999999999999
# in floats, which is 700.
AMOUNT_TASKS = {
    "2024": {"天山区": 42.25, "沙依巴克区": 300.1, "乌鲁木齐县": 157.65},
    "2025": {"天山区": 200.1, "沙依巴克区": 200.2, "乌鲁木齐县": 199.7},
    "2026": {"天山区": 300.01, "沙依巴克区": 300.07, "乌鲁木齐县": 99.92},
}


def city_rules_with_amount_tasks(root: Path, firms_task: str = "2") -> Path:
    """The city's rules with the voucher amount weighted and tasked in 万元."""
    folder = root / "rules"
    shutil.copytree(RULES, folder)
    toml = folder / "assessment.toml"
    written = toml.read_text(encoding="utf-8").replace(
        "voucher_firms = 60", "voucher_firms = 30\nvoucher_amount = 30"
    )
    for year, tasks in AMOUNT_TASKS.items():
        head, rest = written.split(f"[units.tasks.{year}]\n", 1)
        for unit, task in tasks.items():
            rest = rest.replace(f'"{unit}" = {{ ', f'"{unit}" = {{ voucher_amount = {task}, ', 1)
        written = f"{head}[units.tasks.{year}]\n{rest}"
    written = written.replace(
        '"天山区" = { voucher_amount = 42.25, voucher_firms = 2,',
        f'"天山区" = {{ voucher_amount = 42.25, voucher_firms = {firms_task},',
    )
    toml.write_text(written, encoding="utf-8")
    return folder


def test_a_task_in_ten_thousand_yuan_may_hold_decimals(city_data: Path, tmp_path: Path) -> None:
    folder = city_rules_with_amount_tasks(tmp_path)
    checked = invoke("rules", "--check", "--rules", folder)
    assert checked.exit_code == 0, checked.output
    args = ("score", "2024", "--data", city_data, "--rules", folder)
    scores = json.loads(invoke(*args, "--format", "json").stdout)
    tianshan = next(r for r in scores["rows"] if r["name"] == "天山区")
    amount = next(i for i in tianshan["items"] if i["indicator"] == "voucher_amount")
    # 12.5 + 30 万元 against a task of 42.25: met in full
    assert (amount["task"], amount["actual"], amount["points"]) == (42.25, 42.5, 30)
    shown = invoke(*args, width=200)
    assert "42.5/42.25 → 30.00" in shown.stdout, shown.stdout
    target = tmp_path / "考核.xlsx"
    assert (
        invoke("export", "2024", "-o", target, "--data", city_data, "--rules", folder).exit_code
        == 0
    )
    sheet = openpyxl.load_workbook(target)["单位考核"]
    task = next(c for row in sheet.iter_rows() for c in row if c.value == 42.25)
    assert task.number_format == "0.00"
    listed = invoke("rules", "--rules", folder, width=200)
    assert "42.25" in listed.stdout and "699.99" not in listed.stdout


def test_a_count_task_must_be_whole(city_data: Path, tmp_path: Path) -> None:
    folder = city_rules_with_amount_tasks(tmp_path, firms_task="2.5")
    checked = invoke("rules", "--check", "--rules", folder)
    assert checked.exit_code == 1 and "任务应为整数，不能写 2.5" in checked.stdout, checked.output
    assert invoke("report", "2024", "--data", city_data, "--rules", folder).exit_code == 0
    assert invoke("score", "2024", "--data", city_data, "--rules", folder).exit_code == 2


def test_the_projection_says_how_far_an_annual_indicator_is_carried(
    city_data: Path, tmp_path: Path
) -> None:
    # An annual target is the year's: 2025's voucher amount is carried to the end of 2025,
    # the plan's other indicators to its end, 2026; the words say both.
    trend = run_json("report", "2025", "--trend", "--data", city_data)
    horizons = {i["id"]: i["projected_to"] for i in trend["indicators"]}
    assert horizons["voucher_amount"] == "2025-12-31" and horizons["participants"] == "2026-12-31"
    args = ("report", "2025", "--trend", "--data", city_data, "--rules", RULES)
    header = invoke(*args, "--format", "csv").stdout.splitlines()[0]
    assert "按此速度到2026年末（年度指标到2025年末）" in header, header
    english = invoke(*args, "--format", "csv", "--lang", "en").stdout.splitlines()[0]
    assert "end of 2026 (annual indicators: end of 2025)" in english, english
    last_year = invoke(
        "report", "2026", "--trend", "--format", "csv", "--data", city_data, "--rules", RULES
    ).stdout.splitlines()[0]
    assert "按此速度到2026年末" in last_year and "年度指标" not in last_year, last_year
    target = tmp_path / "通报.docx"
    made = invoke("bulletin", "2025", "-o", target, "--data", city_data, "--rules", RULES)
    assert made.exit_code == 0, made.output
    said = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "到2026年12月31日（年度指标到2025年12月31日）预计" in said, said
