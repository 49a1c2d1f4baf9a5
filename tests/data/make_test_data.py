#!/usr/bin/env python3
"""Write the small hand-made input files under tests/data/, one tolerance or one defect each.

Usage: python tests/data/make_test_data.py   (rewrites the files next to this script)

The files are committed so the tests read real files; this script is how they were made
and how to remake them. The output is deterministic down to the bytes: fixed content,
fixed workbook properties and fixed zip timestamps, so re-running it leaves git clean.
The row builders below are also used by tests that build a data folder of their own.

Needs openpyxl and xlwt (dev dependencies).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE.parent.parent / "scripts"
if str(SCRIPTS) not in sys.path:  # the writer is the sample generator's (scripts/samplegen)
    sys.path.insert(0, str(SCRIPTS))

from samplegen import writer  # noqa: E402

FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
LOOK = writer.Look(creator="make_test_data.py", time=FIXED_TIME, styled=False)
TITLE = "达坂城区2024年双创工作统计表"

CARRIER, INCUBATED, MENTOR, HIGHTECH, TECHSME, EVENT = (
    "孵化载体",
    "孵化企业",
    "创业导师",
    "高新技术企业",
    "科技型中小企业",
    "双创活动",
)
SERVICES = ("政策咨询", "创业辅导", "财务代理", "项目申报", "知识产权管理", "法律服务", "金融服务")
# The columns of each sheet type in the contract's order (SUBMISSIONS.md section 2),
# restated here so the test data does not depend on the code under test.
COLUMNS: dict[str, tuple[str, ...]] = {
    CARRIER: (
        "载体名称",
        "载体类型",
        "认定级别",
        "所属单位",
        "运营主体统一社会信用代码",
        "成立日期",
        "运营状态",
        "示范基地",
        "从业人员数",
        "接受专业培训人数",
        "持创业导师证书人数",
        *SERVICES,
    ),
    INCUBATED: ("名称", "主体类型", "统一社会信用代码", "所在载体", "所属单位", "入孵日期"),
    MENTOR: ("姓名", "证书编号", "所在载体", "所属单位", "聘任日期"),
    HIGHTECH: ("企业名称", "统一社会信用代码", "证书编号", "认定日期", "所属单位"),
    TECHSME: ("企业名称", "统一社会信用代码", "入库登记编号", "入库日期", "所属单位"),
    EVENT: ("活动名称", "活动类别", "活动日期", "所属单位", "所在载体", "参与人次"),
}

Cell = object
Row = dict[str, Cell]


# ---------------------------------------------------------------------------------------
# Valid values and records
# ---------------------------------------------------------------------------------------


# GB 32100-2015, written here rather than taken from the code under test: 31 characters
# (no I, O, Z, S, V); position i weighs 3^i mod 31; the check character brings the
# weighted sum to a multiple of 31. test_parsers.py checks it against published codes.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return USCC_ALPHABET[-total % 31]


def uscc(n: int, prefix: str = "91650107MA") -> str:
    """A valid 统一社会信用代码: 17 characters plus the GB 32100-2015 check character."""
    first17 = f"{prefix}{n:07d}"
    return first17 + uscc_check_char(first17)


def wrong_check(code: str) -> str:
    """The same code with a check character that is not the right one."""
    return code[:17] + USCC_ALPHABET[(USCC_ALPHABET.index(code[17]) + 1) % len(USCC_ALPHABET)]


def carrier(name: str, unit: str = "盐湖街道", **over: Cell) -> Row:
    row: Row = {
        "载体名称": name,
        "载体类型": "众创空间",
        "认定级别": "区级",
        "所属单位": unit,
        "运营主体统一社会信用代码": uscc(900 + len(name)),
        "成立日期": "2022-05-01",
        "运营状态": "运营",
        "示范基地": "否",
        "从业人员数": 10,
        "接受专业培训人数": 5,
        "持创业导师证书人数": 4,
        **{s: "是" for s in SERVICES},
    }
    row.update(over)
    return row


def incubated(
    name: str | None, code: str | None, date: Cell, unit: str = "盐湖街道", **over: Cell
) -> Row:
    row: Row = {
        "名称": name,
        "主体类型": "企业" if code else "团队",
        "统一社会信用代码": code,
        "所在载体": "盐湖众创空间",
        "所属单位": unit,
        "入孵日期": date,
    }
    row.update(over)
    return row


def mentor(name: str, cert: str, date: Cell, unit: str = "区人社局", **over: Cell) -> Row:
    row: Row = {
        "姓名": name,
        "证书编号": cert,
        "所在载体": None,
        "所属单位": unit,
        "聘任日期": date,
    }
    row.update(over)
    return row


def hightech(name: str, code: str, date: Cell, unit: str = "区科技局", **over: Cell) -> Row:
    row: Row = {
        "企业名称": name,
        "统一社会信用代码": code,
        "证书编号": "GR2024650" + code[-6:-1],  # GR + year + province 65 + 6 digits
        "认定日期": date,
        "所属单位": unit,
    }
    row.update(over)
    return row


def tech_sme(name: str, code: str, date: Cell, unit: str = "区科技局", **over: Cell) -> Row:
    row: Row = {
        "企业名称": name,
        "统一社会信用代码": code,
        "入库登记编号": f"2024650107A{code[-6:-1]}",
        "入库日期": date,
        "所属单位": unit,
    }
    row.update(over)
    return row


def event(name: str, category: str, date: Cell, unit: str = "区人社局", **over: Cell) -> Row:
    row: Row = {
        "活动名称": name,
        "活动类别": category,
        "活动日期": date,
        "所属单位": unit,
        "所在载体": None,
        "参与人次": 30,
    }
    row.update(over)
    return row


# ---------------------------------------------------------------------------------------
# Sheets and writers
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """A sheet exactly as written: rows[0] is Excel row 1."""

    name: str
    rows: list[list[Cell]]
    merge_title: bool = False

    def grid(self) -> writer.Grid:
        """Only the first row is merged across the sheet, and only when asked."""
        return writer.Grid(self.name, self.rows, lines=frozenset({0} if self.merge_title else ()))


def table(
    name: str,
    records: Iterable[Row],
    kind: str | None = None,
    header: Sequence[str] | None = None,
    titles: Sequence[str] = (),
    after: Sequence[Sequence[Cell]] = (),
) -> Sheet:
    """A sheet of one type: title rows, the header, one row per record, then `after` rows."""
    columns = list(header if header is not None else COLUMNS[kind or name])
    rows: list[list[Cell]] = [[t, *[None] * (len(columns) - 1)] for t in titles]
    rows.append(list(columns))
    for record in records:
        rows.append([record.get(_plain(c)) for c in columns])
    rows.extend(list(r) for r in after)
    return Sheet(name, rows, merge_title=bool(titles))


def _plain(header: str) -> str:
    """The canonical column a decorated header stands for (for the writer's lookup only)."""
    return re.sub(r"[\s*＊\u3000]", "", header)


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    writer.write_xlsx(path, [sheet.grid() for sheet in sheets], LOOK)


def write_xls(path: Path, sheets: Sequence[Sheet]) -> None:
    writer.write_xls(path, [sheet.grid() for sheet in sheets], LOOK)


write_csv = writer.write_csv


def write_zip(path: Path, entries: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), data)
    path.write_bytes(buffer.getvalue())


# ---------------------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------------------

C = [uscc(n) for n in range(1, 40)]  # valid codes C[0], C[1], ...
D = dt.date(2024, 3, 5)


def tolerances(out: Path) -> None:
    write_xlsx(
        out / "tolerance_title_rows.xlsx",
        [
            table(
                INCUBATED,
                [
                    incubated("天山新材料有限公司", C[0], "2024-03-05"),
                    incubated("逐梦团队", None, D),
                ],
                titles=[TITLE, "填报单位：盐湖街道    填报日期：2024年12月31日"],
            )
        ],
    )
    write_xlsx(
        out / "tolerance_fullwidth_digits.xlsx",
        [
            table(
                CARRIER,
                [
                    carrier("盐湖众创空间", 从业人员数="1,234", 接受专业培训人数="１２"),
                    carrier("柴窝堡星创天地", 从业人员数="１，０２４", 持创业导师证书人数=" 8 "),
                    carrier("东沟孵化器", 从业人员数=12.0, 接受专业培训人数="3"),
                ],
            ),
            table(
                HIGHTECH,
                [
                    hightech(
                        "达坂城风电科技有限公司",
                        "".join(chr(ord(ch) + 0xFEE0) for ch in C[1]),  # full-width
                        "２０２４－０３－０５",
                        证书编号="ＧＲ２０２４６５０００１２３",
                    )
                ],
            ),
        ],
    )
    serial = (D - dt.date(1899, 12, 30)).days  # 45356, Excel's serial of 2024-03-05
    forms: list[Cell] = [
        "2024-03-05",
        "2024/3/5",
        "2024.3.5",
        "2024年3月5日",
        "20240305",
        D,
        serial,
        str(serial),
        20240305,
        dt.datetime(2024, 3, 5, 14, 30),
    ]
    write_xlsx(
        out / "tolerance_date_forms.xlsx",
        [table(MENTOR, [mentor(f"导师{n}", f"CM2024{n:04d}", f) for n, f in enumerate(forms)])],
    )
    pairs: list[tuple[Cell, Cell]] = [
        ("是", "否"),
        ("有", "无"),
        ("Y", "N"),
        ("y", "n"),
        ("√", "×"),
        ("✓", "✗"),
        ("TRUE", "FALSE"),
        ("1", "0"),
        (1, 0),
        (True, False),
    ]
    write_xlsx(
        out / "tolerance_yes_no_forms.xlsx",
        [
            table(
                CARRIER,
                [
                    carrier(
                        f"载体{n}",
                        示范基地=yes,
                        政策咨询=yes,
                        创业辅导=no,
                        财务代理=None,  # blank means 否
                        法律服务=f" {yes} " if isinstance(yes, str) else yes,
                        金融服务=no,
                    )
                    for n, (yes, no) in enumerate(pairs)
                ],
            )
        ],
    )
    numbered = table(
        EVENT,
        [
            {"序号": 1, **event("创业沙龙第一期", "创业沙龙", "2024-04-01")},
            {"序号": 2, **event("创业培训班", "创业培训", "2024-05-01")},
        ],
        header=("序号", *COLUMNS[EVENT]),
        after=[[n, *[None] * len(COLUMNS[EVENT])] for n in range(3, 9)],
    )
    write_xlsx(out / "tolerance_prenumbered_blank_rows.xlsx", [numbered])
    width = len(COLUMNS[INCUBATED])
    footers: list[list[Cell]] = [
        ["合计", None, None, None, None, 2],
        ["总计：2"],
        [None, "小计", 2],  # the first non-blank cell need not be in column A
        ["填表人：张三", None, None, "联系电话：0991-1234567"],
        ["审核人：李四"],
        ["填报说明：1. 入孵日期填写实际入驻日期。"],
        ["注:团队无需填写统一社会信用代码"],
        ["注：本表由乡镇街道填报"],
    ]
    write_xlsx(
        out / "tolerance_footer_rows.xlsx",
        [
            table(
                INCUBATED,
                [incubated("天山新材料有限公司", C[2], D), incubated("逐梦团队", None, D)],
                after=[r + [None] * (width - len(r)) for r in footers],
            )
        ],
    )
    decorated = (
        "*企业名称",
        "＊统一社会\n信用代码",
        "入库登记编号*",
        "入库\u3000日期",
        " 所属单位 ＊",
        "序　号",
    )
    write_xlsx(
        out / "tolerance_header_normalisation.xlsx",
        [
            table(
                TECHSME,
                [
                    {**tech_sme("达坂城智能装备有限公司", C[3], D), "序号": 1},
                    {**tech_sme("盐湖化工科技有限公司", C[4], D), "序号": 2},
                ],
                header=decorated,
            )
        ],
    )
    write_xlsx(
        out / "tolerance_header_only_recognition.xlsx",
        [
            table(
                "Sheet1",
                [event("参加自治区创业大赛", "参加创业大赛", D)],
                kind=EVENT,
                titles=["2024年双创活动台账"],
            )
        ],
    )
    write_csv(
        out / "tolerance_gb18030.csv",
        [
            list(COLUMNS[INCUBATED]),
            ["天山新材料有限公司", "企业", C[5], "盐湖众创空间", "盐湖街道", "2024年3月5日"],
            # 㐀 (CJK extension A) is in GB18030 but not in GBK: the decoder must be GB18030.
            ["㐀星团队", "团队", "", "", "东沟乡", "2024/3/5"],
        ],
        encoding="gb18030",
    )
    write_csv(
        out / "tolerance_utf8_bom.csv",
        [
            list(COLUMNS[MENTOR]),
            ["王芳", "CM20240001", "盐湖众创空间", "区人社局", "2024-03-05"],
            ["李强", "cm 2024 0002", "", "人社局", "20240305"],
        ],
        encoding="utf-8-sig",
    )
    # The clerk left 入孵日期 out: the header alone matches no type, the file name says
    # 孵化企业, so the clerk is told which column is missing rather than "unknown sheet".
    write_csv(
        out / "tolerance_type_from_filename_孵化企业.csv",
        [
            ["名称", "主体类型", "统一社会信用代码", "所属单位"],
            ["天山新材料有限公司", "企业", C[6], "盐湖街道"],
        ],
    )
    legacy = table(
        HIGHTECH,
        [
            hightech("达坂城风电科技有限公司", C[7], "2024-03-05"),
            hightech("盐湖新能源有限公司", C[8], D, 证书编号="GR202465000999"),
        ],
        titles=[TITLE],
    )
    write_xls(out / "legacy.xls", [legacy])


def errors(out: Path) -> None:
    write_xlsx(
        out / "error_missing_value.xlsx",
        [
            table(
                INCUBATED,
                [
                    incubated("天山新材料有限公司", C[10], D),  # row 3: valid
                    incubated(None, C[11], D),  # row 4: no 名称
                    incubated("无码企业", None, D, 主体类型="企业"),  # row 5: 企业 without code
                    incubated("逐梦团队", None, D),  # row 6: a team needs no code
                    incubated("缺单位企业", C[12], None, 所属单位=None),  # row 7: two blanks
                    incubated("缺类型企业", C[13], D, 主体类型=" "),  # row 8: blank 主体类型
                ],
                titles=[TITLE],
            )
        ],
    )
    write_xlsx(
        out / "error_bad_date.xlsx",
        [
            table(
                MENTOR,
                [
                    mentor("甲", "CM1", "2024-02-30"),  # row 3
                    mentor("乙", "CM2", "2023.2.29"),  # row 4: 2023 is not a leap year
                    mentor("丙", "CM3", "2024/13/01"),  # row 5
                    mentor("丁", "CM4", "去年三月"),  # row 6
                    mentor("戊", "CM5", 5),  # row 7: not a plausible serial
                    mentor("己", "CM6", "2024-03-05"),  # row 8: valid
                    mentor("庚", "CM7", "20240230"),  # row 9
                    mentor("辛", "CM8", "2024年2月29日"),  # row 10: valid, leap year
                ],
                titles=[TITLE],
            )
        ],
    )
    write_xlsx(
        out / "error_bad_number.xlsx",
        [
            table(
                CARRIER,
                [
                    carrier("甲载体", 从业人员数=-3),  # row 2
                    carrier("乙载体", 接受专业培训人数=12.5),  # row 3
                    carrier("丙载体", 持创业导师证书人数="约20"),  # row 4
                    carrier("丁载体", 从业人员数="1,234"),  # row 5: valid
                ],
            ),
            table(
                EVENT,
                [
                    event("沙龙一", "创业沙龙", D, 参与人次="50人"),  # row 2
                    event("沙龙二", "创业沙龙", D, 参与人次="-1"),  # row 3
                    event("沙龙三", "创业沙龙", D, 参与人次=None),  # row 4: optional, blank
                ],
            ),
        ],
    )
    write_xlsx(
        out / "error_bad_bool.xlsx",
        [
            table(
                CARRIER,
                [
                    carrier("甲载体", 示范基地="可能"),  # row 2
                    carrier("乙载体", 法律服务=2),  # row 3
                    carrier("丙载体", 金融服务="是的"),  # row 4
                    carrier("丁载体", 示范基地="√"),  # row 5: valid
                ],
            )
        ],
    )
    write_xlsx(
        out / "error_bad_enum.xlsx",
        [
            table(
                CARRIER,
                [
                    carrier("甲载体", 载体类型="众创空问"),  # row 2: a typo
                    carrier("乙载体", 运营状态="正常"),  # row 3
                    carrier("丙载体", 认定级别="省级"),  # row 4
                    carrier("丁载体", 认定级别=None, 载体类型=" 众创 空间 "),  # row 5: valid
                ],
            ),
            table(INCUBATED, [incubated("甲公司", C[14], D, 主体类型="公司")]),  # row 2
            table(EVENT, [event("大赛", "创业大赛", D)]),  # row 2
        ],
    )
    write_xlsx(
        out / "error_unknown_unit.xlsx",
        [
            table(
                EVENT,
                [
                    event("沙龙一", "创业沙龙", D, 所属单位="火星乡"),  # row 2
                    event("沙龙二", "创业沙龙", D, 所属单位="盐湖街道办事处"),  # row 3: alias
                    event("沙龙三", "创业沙龙", D, 所属单位="乌鲁木齐市达坂城区盐湖街道"),
                    event("沙龙四", "创业沙龙", D, 所属单位=" 区 科技局 "),  # row 5: spaces
                    event("沙龙五", "创业沙龙", D, 所属单位="达坂城区"),  # row 6: not a unit
                ],
            )
        ],
    )
    write_xlsx(
        out / "error_bad_uscc.xlsx",
        [
            table(
                TECHSME,
                [
                    tech_sme("甲公司", C[15], D),  # row 3: valid
                    tech_sme("乙公司", wrong_check(C[16]), D),  # row 4: wrong check character
                    tech_sme("丙公司", C[17][:17], D),  # row 5: 17 characters
                    *(
                        # rows 6-10: a letter outside the alphabet, check char recomputed
                        tech_sme(f"{letter}公司", _with_letter(C[18 + n], letter), D)
                        for n, letter in enumerate("IOZSV")
                    ),
                    # row 11: valid once upper-cased and without the space
                    tech_sme("丁公司", C[35][:8].lower() + " " + C[35][8:].lower(), D),
                    tech_sme("戊公司", C[23] + "1", D),  # row 12: 19 characters
                ],
                titles=[TITLE],
            ),
            table(CARRIER, [carrier("甲载体", 运营主体统一社会信用代码=wrong_check(C[24]))]),
        ],
    )
    write_xlsx(
        out / "error_count_exceeds_staff.xlsx",
        [
            table(
                CARRIER,
                [
                    carrier("甲载体", 从业人员数=5, 接受专业培训人数=6, 持创业导师证书人数=7),
                    carrier("乙载体", 从业人员数=5, 接受专业培训人数=6, 持创业导师证书人数=5),
                    carrier("丙载体", 从业人员数=5, 接受专业培训人数=5, 持创业导师证书人数=5),
                    carrier("丁载体", 从业人员数=0, 接受专业培训人数=0, 持创业导师证书人数=0),
                ],
            )
        ],
    )
    short = tuple(c for c in COLUMNS[INCUBATED] if c not in ("主体类型", "入孵日期"))
    write_xlsx(
        out / "error_missing_column.xlsx",
        [
            table(INCUBATED, [incubated("天山新材料有限公司", C[25], D)], header=short),
            table(MENTOR, [mentor("王芳", "CM20240001", D)]),  # still read
        ],
    )
    write_xlsx(
        out / "error_no_header.xlsx",
        [
            Sheet(
                MENTOR,
                [
                    [TITLE],
                    ["王芳", "CM20240001", None, "区人社局", D],
                    ["李强", "CM20240002", None, "区人社局", D],
                ],
            )
        ],
    )


def _with_letter(code: str, letter: str) -> str:
    return code[:9] + letter + code[10:]


def warnings(out: Path) -> None:
    write_xlsx(
        out / "warning_unknown_sheet.xlsx",
        [
            Sheet(
                "填报说明", [["填报说明"], ["1. 每个单位填写一份。"], ["2. 日期写作 2024-03-05。"]]
            ),
            table(EVENT, [event("创业沙龙第一期", "创业沙龙", D)]),
            Sheet("汇总", [["单位", "活动场次"], ["盐湖街道", 3]]),
        ],
    )
    write_csv(
        out / "warning_unknown_sheet_csv.csv",
        [["单位", "活动场次"], ["盐湖街道", "3"]],
    )
    write_xlsx(
        out / "warning_unknown_column.xlsx",
        [
            table(
                MENTOR,
                [{"序号": 1, "联系电话": "13800000000", **mentor("王芳", "CM20240001", D)}],
                header=("序号", *COLUMNS[MENTOR], "联系电话", "备注"),
            )
        ],
    )
    write_xlsx(
        out / "warning_bad_certificate.xlsx",
        [
            table(
                HIGHTECH,
                [
                    hightech("甲公司", C[26], D, 证书编号="GR202465000123"),  # row 2: valid
                    hightech("乙公司", C[27], D, 证书编号="GR2024650001"),  # row 3: short
                    hightech("丙公司", C[28], D, 证书编号="HT202465000125"),  # row 4
                    hightech("丁公司", C[29], D, 证书编号="gr 2024 65 000126"),  # row 5: valid
                ],
            )
        ],
    )
    write_xlsx(
        out / "warning_future_date.xlsx",
        [
            table(
                EVENT,
                [
                    event("未来沙龙", "创业沙龙", "2099-01-01"),  # row 2: after any test's today
                    event("往期沙龙", "创业沙龙", D),  # row 3
                ],
            )
        ],
    )
    write_xlsx(
        out / "warning_duplicate_within_file.xlsx",
        [
            table(
                HIGHTECH,
                [
                    hightech("甲公司", C[30], D),  # row 2: first
                    hightech("甲公司", " ".join([C[30][:9], C[30][9:]]).lower(), D),  # row 3
                    hightech("乙公司", C[31], "2024-02-30"),  # row 4: error, so not a first
                    hightech("乙公司", C[31], D),  # row 5: first error-free occurrence
                    hightech("乙公司", C[31], D),  # row 6: duplicate of row 5
                ],
            ),
            table(
                INCUBATED,
                [
                    incubated("星火 团队", None, D),  # row 2
                    incubated("星火团队", None, D, 所属单位="东沟乡"),  # row 3: same key
                    incubated("星火团队", C[30], D),  # row 4: an enterprise, keyed by code
                ],
            ),
            table(
                EVENT,
                [
                    event("创业沙龙", "创业沙龙", D),  # row 2
                    event("创业 沙龙", "创业沙龙", "2024/3/5", 所属单位="盐湖街道"),  # row 3
                    event("创业沙龙", "创业沙龙", "2024-03-06"),  # row 4: another day
                    event("创业沙龙", "创业培训", D),  # row 5: another category
                ],
            ),
        ],
    )
    across_files = out / "warning_duplicate_across_files"
    across_files.mkdir(exist_ok=True)
    # 东 (U+4E1C) sorts before 盐 (U+76D0): 东沟乡.xlsx is read first.
    write_xlsx(across_files / "盐湖街道.xlsx", [table(MENTOR, [mentor("王芳", "cm 2024 0001", D)])])
    write_xlsx(across_files / "东沟乡.xlsx", [table(MENTOR, [mentor("王芳", "CM20240001", D)])])
    across_years = out / "warning_duplicate_across_years"
    for year, date in ((2023, "2023-06-01"), (2024, "2024-06-01")):
        folder = across_years / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        write_xlsx(
            folder / "区科技局.xlsx",
            [
                table(TECHSME, [tech_sme("甲公司", C[32], date)]),
                # Each year's roster repeats the carriers: not a duplicate.
                table(CARRIER, [carrier("盐湖众创空间")]),
            ],
        )
    carriers = out / "warning_duplicate_carriers"
    for year_folder, name, rows in (
        ("2023", "盐湖街道.xlsx", [carrier("盐湖众创空间"), carrier("东沟星创天地")]),
        ("2024", "东沟乡.xlsx", [carrier("东沟星创天地", "东沟乡")]),
        ("2024", "盐湖街道.xlsx", [carrier("盐湖众创空间"), carrier("东沟 星创天地")]),
    ):
        (carriers / year_folder).mkdir(parents=True, exist_ok=True)
        write_xlsx(carriers / year_folder / name, [table(CARRIER, rows)])


def others(out: Path) -> None:
    write_zip(out / "unsupported.docx", {"word/document.xml": b"<w:document/>"})
    # An Excel lock file: the owner's name, padded; never a workbook.
    (out / "~$lock.xlsx").write_bytes(b"\x05zhang" + b" " * 48)
    # A workbook cut off half-way, as an interrupted download leaves it.
    whole = (out / "tolerance_title_rows.xlsx").read_bytes()
    (out / "corrupt.xlsx").write_bytes(whole[: len(whole) // 2])
    (out / "html_as.xls").write_bytes(
        "<html><head><meta charset='utf-8'></head><body><table>"
        "<tr><td>活动名称</td><td>活动类别</td><td>活动日期</td><td>所属单位</td></tr>"
        "<tr><td>创业沙龙</td><td>创业沙龙</td><td>2024-03-05</td><td>盐湖街道</td></tr>"
        "</table></body></html>".encode()
    )
    # A CSV whose record 4 holds a line break inside a quoted cell: spreadsheet rows, not
    # physical lines, are what the issue must name.
    write_csv(
        out / "error_csv_row_numbers.csv",
        [
            [TITLE],
            list(COLUMNS[EVENT]),
            ["沙龙一", "创业沙龙", "2024-03-05", "盐湖街道", "", "30"],
            ["沙龙二\n（下午场）", "创业沙龙", "2024-03-06", "盐湖街道", "", "30"],
            ["沙龙三", "创业沙龙", "2024-02-30", "盐湖街道", "", "30"],
        ],
    )


def main(out: Path = HERE) -> None:
    tolerances(out)
    errors(out)
    warnings(out)
    others(out)


if __name__ == "__main__":
    main()


def package(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buffer.getvalue()


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def xlsx_by_hand(
    names: list[str],
    sheet_xml: str,
    dimension: str | None = None,
    shared: Sequence[str] = (),
    shared_xml: str | None = None,
) -> bytes:
    """A workbook whose sheets (one part each, all alike) are written by hand, for files
    no spreadsheet library would write: far cells, lying or missing dimensions, twin names.
    `shared`: plain shared strings; `shared_xml`: the shared-strings part as written."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1)
    )
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(names) + 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{sheets}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS_NS}">{relations}</Relationships>'
        ),
    }
    for n in range(1, len(names) + 1):
        parts[f"xl/worksheets/sheet{n}.xml"] = (
            f'<worksheet xmlns="{MAIN_NS}">{dim}<sheetData>{sheet_xml}</sheetData></worksheet>'
        )
    if shared:
        items = "".join(f"<si><t>{text}</t></si>" for text in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN_NS}">{items}</sst>'
    if shared_xml is not None:
        parts["xl/sharedStrings.xml"] = shared_xml
    return package(parts)
