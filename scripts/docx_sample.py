#!/usr/bin/env python3
"""Write a sample progress bulletin (通报) as a Word file, to look at the layout.

Usage: python scripts/docx_sample.py [OUT.docx]   (default: 双创工作进展通报_样例.docx)

Every number is invented; the indicator names are the plan's. Convert and look:
    soffice --headless --convert-to pdf OUT.docx && pdftoppm -png -r 70 OUT.pdf page
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from shuangchuang_cli.output.docx import (
    Attachment,
    Block,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    write_docx,
)
from shuangchuang_cli.output.docx_blocks import Series

INDICATORS = [
    ("新型孵化载体数量", "家", 6, 4),
    ("载体从业人员接受专业培训比例", "%", 50, 38),
    ("载体从业人员持创业导师证书比例", "%", 40, 22),
    ("提供精准化创业服务的载体比例", "%", 50, 50),
    ("具备法律、金融服务功能的载体比例", "%", 50, 33),
    ("累计新增孵化企业和创业团队", "个", 100, 61),
    ("累计新增创业导师", "个", 10, 7),
    ("累计认定高新技术企业", "家", 10, 4),
    ("累计科技型中小企业", "家", 15, 12),
    ("组织参加创业大赛场(次)", "场(次)", 15, 9),
    ("举办创业沙龙、训练营及创业培训场(次)", "场(次)", 20, 15),
    ("创新创业示范基地", "家", 2, 1),
]
PACE = 0.75  # expected by 2024-09-30 of a three-year plan, counted in days (invented)
QUARTERS = [f"{y}Q{q}" for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
ACTUAL = [3, 9, 15, 24, 28, 35, 43, 50, 61, None, None, None]
PLAN = [round(100 * (i + 1) / 12, 1) for i in range(12)]


NAMES = [name for name, _, _, _ in INDICATORS]
COMPLETION = [actual / target for _, _, target, actual in INDICATORS]


def indicator_table() -> Table:
    rows = [
        [
            str(i),
            name,
            unit,
            str(target),
            str(actual),
            f"{PACE * target:.1f}",
            f"{actual / target:.0%}",
            "达到序时进度" if actual / target >= PACE else "滞后",
        ]
        for i, (name, unit, target, actual) in enumerate(INDICATORS, start=1)
    ]
    return Table(
        headers=["序号", "指标", "单位", "目标", "实际", "序时进度", "完成率", "状态"],
        rows=rows,
        caption="表1　2024年双创工作量化指标完成情况",
        widths_mm=[12, 48, 14, 12, 12, 20, 16, 22],
        align=["center", "left", "center", "right", "right", "right", "right", "center"],
    )


def completion_chart(horizontal: bool) -> Chart:
    """Completion by indicator with the pace: sideways bars, or columns and a line."""
    pace = [PACE] * len(NAMES)
    if horizontal:
        return Chart(
            title="各项指标完成率与序时进度",
            categories=NAMES,
            series=[
                Series("完成率", COMPLETION, labels=True),
                Series("序时进度", pace, style="marker", colour="A5A5A5"),
            ],
            horizontal=True,
        )
    return Chart(
        title="各项指标完成率（柱）与序时进度（线）",
        categories=NAMES,
        series=[
            Series("完成率", COMPLETION, labels=True),
            Series("序时进度", pace, style="line", dashed=True),
        ],
        height_mm=110,
    )


def path_chart() -> Chart:
    return Chart(
        title="累计新增孵化企业和创业团队：实际与计划",
        categories=QUARTERS,
        series=[
            Series("实际累计", ACTUAL, style="line", labels=True),
            Series("计划进度", PLAN, style="line", dashed=True),
        ],
        number_format="0",
        height_mm=90,
    )


def sample() -> Document:
    table = indicator_table()
    body: list[Block] = [
        Heading("一、总体情况"),
        Paragraph(
            "截至2024年9月30日，全区12项量化指标中，5项达到或超过序时进度，7项滞后。"
            "“累计新增孵化企业和创业团队”完成61个，占三年目标的61%，较序时进度75%低14个百分点；"
            "“提供精准化创业服务的载体比例”已达到50%的目标。"
        ),
        Heading("（一）指标完成情况", level=2),
        Paragraph("各项指标的目标、实际完成、序时进度和完成率见表1、图1。"),
        table,
        completion_chart(horizontal=True),
        Heading("（二）孵化企业和创业团队", level=2),
        Paragraph("孵化企业和创业团队按季度累计的实际数与计划进度见下图。"),
        path_chart(),
        Heading("1.存在的问题", level=3),
        Paragraph("持证创业导师比例、高新技术企业认定两项指标与序时进度差距较大，需重点推进。"),
        PageBreak(),
        Heading("二、下一步工作"),
        Paragraph("各乡（镇）、街道、各部门要对照任务分解，逐项查找差距，确保完成全年目标任务。"),
        completion_chart(horizontal=False),
    ]
    return Document(
        title="关于2024年前三季度全区大众创业万众创新\n工作进展情况的通报",
        subtitle="达坂城区科学技术局　2024年10月10日",
        blocks=body,
        attachments=[
            Attachment("2024年双创工作量化指标完成情况明细表", [table]),
            Attachment("各单位任务分解完成情况", [Paragraph("（略）")]),
        ],
    )


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "双创工作进展通报_样例.docx")
    start = time.perf_counter()
    write_docx(sample(), target)
    print(f"{target}: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
