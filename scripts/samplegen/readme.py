"""sample_data/README.md, written from the scenario: what the data are, what each file
holds, the planted mistakes, and the totals the oracle worked out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from samplegen import oracle
from samplegen.contract import FLOW_INDICATOR, TARGETS, WINDOW_END, WINDOW_START
from samplegen.layout import sheet_name
from samplegen.scenario import Scenario

YEARS = (2023, 2024)
FLOWS = (*FLOW_INDICATOR.values(), "contest_participations", "training_events")

HEAD = """# 示例数据 / Sample data

<!-- 本文件由 scripts/make_sample_data.py 按 scripts/sample_scenario.toml 生成，请勿手改。
     Written by scripts/make_sample_data.py from scripts/sample_scenario.toml: do not edit. -->

## 中文

**本目录中的数据全部是虚构的。** 企业名称、统一社会信用代码、高新技术企业证书编号、
科技型中小企业入库登记编号、创业导师姓名和证书编号、活动名称与日期、载体的从业人员数等
都是编造的，与真实企业和个人无关（如有重名纯属巧合）；
只有所属单位（乌鲁木齐市达坂城区的乡镇、街道和部门）是真实名称。不含身份证号、手机号等个人信息；
“联系电话”一列只有打码的虚构座机号。统一社会信用代码的校验位按 GB 32100-2015 计算，
全部正确（下表列为故意写错的除外）。

这些文件模拟达坂城区《推进大众创业万众创新工作实施方案（2023—2025年）》执行中各乡镇、街道、部门报来的年度统计表：
2023/ 和 2024/ 两个年度文件夹，截至2024年末全区处于规划中期（序时进度 731/1096 ≈ 66.7%），
有的指标领先、有的落后。文件里有意保留了真实报表常见的各种写法（标题行、序号、合计行、落款、全角数字、
五种日期写法、是/否的多种写法、别名、旧版 .xls、GB18030 和带 BOM 的 UTF-8 CSV、子文件夹），
也故意埋了少量错误，供 `sc-cli validate` 检出（见下表）。

每个文件、每条记录、每个埋设的错误（文件、工作表、行、列、代码）都逐条写在场景文件
`scripts/sample_scenario.toml` 里。所有日期都是写定的，以规划期（{start} 至 {end}）为参照，
与运行当天无关；唯一晚于规划期的日期是埋设的 `future_date`（2099年），它在2099年以前始终晚于“今天”。

重新生成：

    python scripts/make_sample_data.py            # 写到仓库的 sample_data/
    python scripts/make_sample_data.py OUT_DIR    # 写到别处

结果逐字节可复现（固定的工作簿时间戳）；生成器会删除并重写 OUT_DIR 下的年度文件夹和本 README。
写文件之前，生成器按 SUBMISSIONS.md 第4、5节的规则、用与写文件相同的版式，把场景逐条读一遍
（不依赖 sc-cli 的代码）：文件中会有的问题必须恰好是场景里埋设的那些，否则停止；下文的“应计数”
也由此算出。测试（tests/test_golden.py）再核对 `sc-cli validate` 报出的正是这些问题。

## English

**Everything in this folder is synthetic.** Enterprise names, unified social credit codes
(USCC), high-tech certificate numbers, tech-SME registration numbers, mentor names and
certificate numbers, events and dates, carrier staff figures are invented; any match with a
real enterprise or person is a coincidence. Only the unit names (the townships, streets and
departments of Dabancheng District, Urumqi) are real. There are no ID-card or mobile numbers;
the one 联系电话 column holds masked, invented landlines. Every USCC has the right GB
32100-2015 check character, except where a mistake is planted on purpose (see below).

The files imitate the yearly returns that the district's units send in under the 2023-2025
双创 plan: year folders 2023/ and 2024/; at the end of 2024 the district is mid-plan (pace
731/1096 = 66.7%), ahead on some indicators and behind on others. They keep the forms real
returns take (title rows, 序号, 合计 rows, footers, full-width digits, five date styles,
several yes/no styles, unit aliases, a legacy .xls, GB18030 and UTF-8-with-BOM CSV, a
sub-folder) and a few planted mistakes for `sc-cli validate` to find (table below).

Every file, every record and every planted mistake (file, sheet, row, column, code) is
written out in the scenario, `scripts/sample_scenario.toml`. Dates are fixed, set against
the plan window ({start} to {end}), never against the day the tool runs; the one
date after the window is the planted `future_date`, in 2099, so it stays in the future.

Regenerate with `python scripts/make_sample_data.py [OUT_DIR]` (default: this folder). The
output is reproducible to the byte (fixed workbook timestamps); the script deletes and
rewrites the year folders of OUT_DIR and this README. Before writing, it reads the scenario
through the same layout the writer is given, by the rules of SUBMISSIONS.md sections 4 and 5
and independently of sc-cli's code: the issues the files will hold must be exactly the
planted ones, or it stops; the totals below come from the same reading. The tests
(tests/test_golden.py) then check that `sc-cli validate` reports exactly these issues.
"""

ISSUES_NOTE = (
    "\n行号为 Excel 中看到的行号（标题行、表头行都计入；CSV 为行号，表头是第1行）。"
    "CSV 的“工作表”是识别出的类型名。`duplicate` 需要同时读到 2023 和 2024 文件夹才会出现。"
    "`unknown_column`、`unknown_sheet` 是表级问题，行和列为 null（列名写在说明里）。"
    "`.docx` 的 `unsupported_file` 没有工作表和行号。锁文件 `~$…` 不应产生任何问题。"
    "本 README 不是报送文件，sc-cli 不读它。\n\n"
    "Rows are as Excel shows them (title and header rows counted; for CSV the line number, "
    "header = line 1). A CSV's sheet is its recognised type. The `duplicate` only shows when "
    "both year folders are read. `unknown_column` and `unknown_sheet` are sheet-level: row and "
    "column null (the column's name is in the note). The lock file `~$...` must yield no "
    "issue. This README is not a submission: sc-cli does not read it.\n"
)

TOTALS_NOTE = (
    "\n按 SUBMISSIONS.md 第5节：流量类指标为截至年末、规划期内（2023-01-01 起）"
    "无错误记录的不同键个数；载体类指标取该年文件夹的载体名册，无错误、运营、"
    "成立日期不晚于年末者计入。2023 列为 `sc-cli report 2023`（只读 2023/），"
    "2024 列为 `sc-cli report 2024`（累计）。“预期”“状态”按默认规则"
    "（基数 0、低于预期的 0.8 为 at_risk）计算，仅供参考。\n\n"
    "Per SUBMISSIONS.md section 5: flow indicators are distinct keys among error-free "
    "records dated from 2023-01-01 to the year end; carrier indicators use that year's "
    "roster (error-free, 运营, established by the year end). Expected and status assume "
    "the default rules (baseline 0, at_risk below 0.8 x expected).\n"
)

UNITS_NOTE = (
    "\n每个单位在该年内（记录日期在该年）新增的不同键数，键只算给第一次出现的单位"
    "（PRODUCT.md 年度考核）。补报的2023年12月记录不计入任何单位的2024年数。\n\n"
    "Distinct keys dated in the year, each counted once for the unit of its first "
    "occurrence (PRODUCT.md assessment). The late-reported December 2023 record counts "
    "for no unit in 2024.\n"
)


def md_table(header: list[str], rows: list[list[object]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(out)


def files_table(scenario: Scenario, out: Path) -> str:
    rows: list[list[object]] = []
    for f in scenario.files:
        sheets = ", ".join(sheet_name(f, s) for s in f.sheets if f.format != "text") or "—"
        planted = ", ".join(f"`{m.code}`" for m in f.mistakes) or "—"
        size = f"{(out / f.path).stat().st_size:,} B"
        rows.append([f"`{f.path}`", size, sheets, f"{f.about_zh}<br>{f.about_en}", planted])
    header = [
        "文件 file",
        "大小 size",
        "工作表 sheets",
        "内容与写法 what it shows",
        "埋设问题 planted",
    ]
    return md_table(header, rows)


def issues_table(scenario: Scenario) -> str:
    mistakes = scenario.mistakes
    rows: list[list[object]] = []
    for n, m in enumerate(mistakes, start=1):
        place = [f"`{m.file}`", m.sheet or "—", m.row or "—", m.column or "—"]
        rows.append([n, *place, f"`{m.code}`", m.severity, f"{m.note_zh}<br>{m.note_en}"])
    header = ["#", "文件 file", "工作表 sheet", "行 row", "列 column", "code", "severity"]
    errors = sum(m.severity == "error" for m in mistakes)
    per_year = []
    for year in YEARS:
        mine = [m for m in mistakes if m.file.startswith(f"{year}/")]
        e = sum(m.severity == "error" for m in mine)
        per_year.append(f"{year}/: {e} errors, {len(mine) - e} warnings")
    return (
        md_table([*header, "说明 note"], rows)
        + f"\n\n合计 / total: **{errors} errors, {len(mistakes) - errors} warnings** "
        + f"({len(mistakes)} issues). By folder: {'; '.join(per_year)}.\n"
    )


def shown(actual: int | oracle.Share) -> str:
    if actual is None:
        return "null"
    if isinstance(actual, tuple):
        return f"{actual[0]}/{actual[1]} = {actual[0] / actual[1]:.4f}"
    return str(actual)


def totals_table(scenario: Scenario) -> str:
    totals = {year: oracle.totals(scenario, year) for year in YEARS}
    rows: list[list[object]] = []
    for indicator, (target, kind, name) in TARGETS.items():
        row: list[object] = [f"`{indicator}`", name]
        row.append(f"{target:.0%}" if kind == "ratio" else "1–2" if kind == "range" else target)
        for year in YEARS:
            actual = totals[year][indicator]
            expected, status = oracle.status(indicator, actual, year)
            if expected is None:
                text = "—"
            else:
                text = f"{expected:.0%}" if kind == "ratio" else f"{expected:.2f}"
            row += [shown(actual), text, status]
        rows.append(row)
    header = ["id", "指标", "target"]
    for year, what in zip(YEARS, ("", " (cumulative)"), strict=True):
        header += [f"{year} actual{what}", f"{year} expected", f"{year} status"]
    counted = "; ".join(
        f"{year}: "
        + "、".join(str(c.get("载体名称")) for c in oracle.carriers(scenario, year, as_of))
        for year in YEARS
        for as_of in [min(WINDOW_END, dt.date(year, 12, 31))]
    )
    return md_table(header, rows) + f"\n\n计入的载体 / counted carriers: {counted}.\n"


def units_table(scenario: Scenario) -> str:
    actuals = {year: oracle.by_unit(scenario, year) for year in YEARS}
    rows: list[list[object]] = []
    for unit in scenario.units:
        cells = [
            " / ".join(str(actuals[y].get(unit, {}).get(flow, 0)) for y in YEARS) for flow in FLOWS
        ]
        rows.append([unit, *cells])
    return md_table(["单位 unit (2023 / 2024)", *FLOWS], rows)


def readme(scenario: Scenario, out: Path) -> str:
    head = HEAD.replace("{start}", WINDOW_START.isoformat()).replace(
        "{end}", WINDOW_END.isoformat()
    )
    parts = [
        head,
        "## 文件一览 / Files\n",
        files_table(scenario, out),
        "\n## 应报问题 / Expected issues (`sc-cli validate sample_data`)",
        ISSUES_NOTE,
        issues_table(scenario),
        "## 应计数 / Expected indicator totals",
        TOTALS_NOTE,
        totals_table(scenario),
        "## 各单位当年数 / Year actuals by unit (assessment input)",
        UNITS_NOTE,
        units_table(scenario),
    ]
    return "\n".join(parts) + "\n"
