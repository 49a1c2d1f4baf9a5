#!/usr/bin/env python3
"""Write the synthetic sample submissions of the Dabancheng District 双创 plan.

Usage: python scripts/make_sample_data.py [OUT_DIR]   (default: sample_data/ in the repo)

Everything is invented (enterprises, codes, people, events) except the names of the
district's units. The output is deterministic: a fixed random seed, fixed workbook
timestamps. The generator knows what it wrote and which rows it spoiled on purpose, so it
also computes, independently of sc-cli, the issues `sc-cli validate` should report and the
indicator totals `sc-cli report` should show (SUBMISSIONS.md sections 4 and 5). Both go to
OUT_DIR/README.md and to stdout.

Needs openpyxl and xlwt (dev dependency); only the standard library otherwise.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import shutil
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

SEED = 20231025
FIXED_TIME = dt.datetime(2025, 1, 10, 9, 0, 0)
TODAY = dt.date.today()
WINDOW_START = dt.date(2023, 1, 1)
WINDOW_END = dt.date(2025, 12, 31)

# --------------------------------------------------------------------------------------
# The data contract (SUBMISSIONS.md section 2), restated here on purpose: the generator
# must not depend on the project's code.
# --------------------------------------------------------------------------------------
CARRIER, INCUBATED, MENTOR, HIGHTECH, TECHSME, ACTIVITY = (
    "孵化载体",
    "孵化企业",
    "创业导师",
    "高新技术企业",
    "科技型中小企业",
    "双创活动",
)
SERVICES = ["政策咨询", "创业辅导", "财务代理", "项目申报", "知识产权管理", "法律服务", "金融服务"]
FULL_SERVICE = SERVICES[:5]
COLUMNS: dict[str, list[str]] = {
    CARRIER: [
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
    ],
    INCUBATED: ["名称", "主体类型", "统一社会信用代码", "所在载体", "所属单位", "入孵日期"],
    MENTOR: ["姓名", "证书编号", "所在载体", "所属单位", "聘任日期"],
    HIGHTECH: ["企业名称", "统一社会信用代码", "证书编号", "认定日期", "所属单位"],
    TECHSME: ["企业名称", "统一社会信用代码", "入库登记编号", "入库日期", "所属单位"],
    ACTIVITY: ["活动名称", "活动类别", "活动日期", "所属单位", "所在载体", "参与人次"],
}
REQUIRED: dict[str, set[str]] = {
    CARRIER: {
        "载体名称",
        "载体类型",
        "所属单位",
        "成立日期",
        "运营状态",
        "从业人员数",
        "接受专业培训人数",
        "持创业导师证书人数",
    },
    INCUBATED: {"名称", "主体类型", "所属单位", "入孵日期"},
    MENTOR: {"姓名", "证书编号", "所属单位", "聘任日期"},
    HIGHTECH: {"企业名称", "统一社会信用代码", "证书编号", "认定日期", "所属单位"},
    TECHSME: {"企业名称", "统一社会信用代码", "入库登记编号", "入库日期", "所属单位"},
    ACTIVITY: {"活动名称", "活动类别", "活动日期", "所属单位"},
}
SEVERITY = {
    "unreadable_file": "error",
    "no_header": "error",
    "missing_column": "error",
    "unknown_sheet": "warning",
    "unsupported_file": "warning",
    "unknown_column": "warning",
    "missing_value": "error",
    "bad_date": "error",
    "bad_number": "error",
    "bad_bool": "error",
    "bad_enum": "error",
    "unknown_unit": "error",
    "bad_uscc": "error",
    "count_exceeds_staff": "error",
    "bad_certificate": "warning",
    "duplicate": "warning",
    "future_date": "warning",
}
CONTEST = "参加创业大赛"
TRAININGS = ("创业沙龙", "创业训练营", "创业培训")
TOWNSHIPS = [
    "艾维尔沟街道",
    "乌拉泊街道",
    "盐湖街道",
    "达坂城镇",
    "东沟乡",
    "西沟乡",
    "阿克苏乡",
    "柴窝堡管委会",
]
DEPARTMENTS = ["区科技局", "区人社局", "区工信局", "区农业农村局", "区市场监管局"]

# --------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 check character over the first 17 characters."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    c = 31 - total % 31
    return USCC_ALPHABET[0 if c == 31 else c]


def org_check_char(body8: str) -> str:
    """GB 11714-1997 check character of the 8-character organisation code body."""
    total = sum(int(c, 36) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc_is_valid(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in USCC_ALPHABET for c in code)
        and uscc_check_char(code[:17]) == code[17]
    )


def nk(text: str) -> str:
    """Names used as keys: NFKC, all white space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def ncode(text: str) -> str:
    return nk(text).upper()


def serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def fmt_date(d: dt.date, style: str) -> Any:
    """A date as a clerk would have typed it. 'cell' -> a real date cell."""
    return {
        "cell": d,
        "iso": d.isoformat(),
        "slash": f"{d.year}/{d.month}/{d.day}",
        "dot": f"{d.year}.{d.month}.{d.day}",
        "cn": f"{d.year}年{d.month}月{d.day}日",
        "compact": d.strftime("%Y%m%d"),
        "serial": serial(d),
    }[style]


# --------------------------------------------------------------------------------------
# Records and sheets
# --------------------------------------------------------------------------------------
@dataclass
class Issue:
    code: str
    column: str | None
    note_zh: str
    note_en: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None

    @property
    def severity(self) -> str:
        return SEVERITY[self.code]


@dataclass
class Rec:
    kind: str
    cells: dict[str, Any]  # column -> value as written in the file
    key: Any  # counting key (section 5), already normalised
    date: dt.date | None  # the record's date as it should be read
    unit: str | None  # canonical unit, None when unknown
    issues: list[Issue] = field(default_factory=list)
    carrier: dict[str, Any] | None = None  # for 孵化载体: figures entering the ratios
    year: int = 0
    path: str = ""
    sheet: str = ""
    row: int = 0

    @property
    def has_error(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    def plant(self, code: str, column: str | None, zh: str, en: str) -> Rec:
        self.issues.append(Issue(code, column, zh, en))
        return self


@dataclass
class Sheet:
    name: str
    kind: str | None  # None: not a data sheet (instructions)
    records: list[Rec] = field(default_factory=list)
    columns: list[str] | None = None  # canonical columns to write, in order
    labels: dict[str, str] = field(default_factory=dict)  # column -> header text override
    seq: bool = True  # write a 序号 column first
    title: list[str] = field(default_factory=list)  # rows above the header
    extra: dict[str, list[str]] = field(default_factory=dict)  # unknown columns -> values
    total: dict[str, Any] | None = None  # a 合计 row after the records
    blank_numbered: int = 0  # pre-numbered empty template rows
    footer: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # text of a non-data sheet
    issues: list[Issue] = field(default_factory=list)  # sheet-level planted issues


@dataclass
class SubFile:
    year: int
    path: str  # relative to the year folder, '/' separated
    fmt: str  # xlsx | xls | csv-gb18030 | csv-utf8-sig | raw
    sheets: list[Sheet] = field(default_factory=list)
    raw: bytes = b""
    about_zh: str = ""
    about_en: str = ""
    issues: list[Issue] = field(default_factory=list)  # file-level planted issues
    counted: bool = True  # False for lock files and unsupported files

    @property
    def rel(self) -> str:
        return f"{self.year}/{self.path}"


# --------------------------------------------------------------------------------------
# Invented names
# --------------------------------------------------------------------------------------
BRANDS = [
    "风驰",
    "瀚风",
    "盐泽",
    "博峰",
    "雪岭",
    "沙枣",
    "驼道",
    "白杨",
    "天韵",
    "碧湖",
    "凌云",
    "砾岩",
    "晨曦",
    "绿源",
    "丰沃",
    "金穗",
    "云杉",
    "青岚",
    "鸿野",
    "岚山",
    "润泽",
    "峰谷",
    "星垣",
    "沐风",
    "长风",
    "远帆",
    "恒达",
    "嘉禾",
    "昊天",
    "瑞丰",
    "弘泰",
    "耕源",
    "泓川",
    "畅源",
    "锦程",
    "宏盛",
    "益农",
    "智汇",
    "拓疆",
    "天驰",
    "和熙",
    "启明",
    "聚力",
    "朗月",
    "牧歌",
    "清川",
    "驰远",
    "曙光",
    "恒信",
    "达峰",
    "盐晶",
    "岩松",
    "雁鸣",
    "北庭",
    "卓远",
    "欣禾",
    "蓝湖",
    "翰林",
    "博瑞",
    "安澜",
    "华岳",
    "丝路",
    "骏驰",
    "云岭",
    "映雪",
    "泉涌",
    "松涛",
    "景澄",
    "新垣",
    "鼎泰",
    "乐耕",
    "铭远",
]
INDUSTRIES_GENERAL = [
    "农业科技",
    "生态农业开发",
    "文化旅游开发",
    "电子商务",
    "餐饮管理",
    "物流",
    "建材科技",
    "食品",
    "畜牧科技",
    "光伏技术服务",
    "信息技术",
    "节能环保科技",
    "新能源科技",
    "商贸",
]
INDUSTRIES_TECH = [
    "风能科技",
    "新能源科技",
    "新材料科技",
    "盐化工科技",
    "信息技术",
    "节能环保科技",
    "智能装备",
    "数字科技",
    "检测技术",
    "生物科技",
    "光伏技术",
]
PREFIXES = ["乌鲁木齐达坂城", "新疆", "乌鲁木齐", "乌鲁木齐市达坂城区"]
TEAMS = [
    "风干肉电商直播",
    "柴窝堡辣子鸡预制菜",
    "光伏组件清洗服务",
    "盐湖矿物护肤品研发",
    "民族刺绣手工艺",
    "文旅短视频推广",
    "风电运维无人机巡检",
    "冷水鱼生态养殖",
    "牛羊肉冷链配送",
    "大学生农产品直播",
    "农机维修服务",
    "乡村民宿运营",
    "戈壁徒步研学",
    "马铃薯种薯繁育",
    "设施蔬菜种植",
    "花卉育苗",
    "手工馕坊",
    "旅游骑行服务",
    "蜂蜜电商",
    "沙棘饮品研发",
]
MENTOR_NAMES = [
    "王建军",
    "阿不都热合曼·买买提",
    "李秀梅",
    "古丽娜尔·吐尔逊",
    "张志强",
    "艾尔肯·阿不力孜",
    "刘海燕",
    "热依拉·艾买提",
    "陈晓东",
    "叶尔兰·哈力别克",
    "马德福",
    "买买提江·吾斯曼",
]


class Gen:
    """Deterministic source of invented names and identifiers."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.brands = list(BRANDS)
        self.rng.shuffle(self.brands)
        self.teams = list(TEAMS)
        self.rng.shuffle(self.teams)
        self.mentors = list(MENTOR_NAMES)
        self.codes: set[str] = set()
        self.numbers: set[str] = set()
        self.names: set[str] = set()

    def company(self, tech: bool = False) -> str:
        while True:
            brand = self.brands.pop()
            industry = self.rng.choice(INDUSTRIES_TECH if tech else INDUSTRIES_GENERAL)
            prefix = self.rng.choice(PREFIXES[:3] if tech else PREFIXES)
            name = f"{prefix}{brand}{industry}有限公司"
            if name not in self.names:
                self.names.add(name)
                return name

    def team(self, place: str) -> str:
        name = f"{place}{self.teams.pop()}创业团队"
        self.names.add(name)
        return name

    def mentor(self) -> str:
        return self.mentors.pop(0)

    def uscc(self, admin: str = "650107") -> str:
        while True:
            if self.rng.random() < 0.7:  # codes assigned since 2015: "MA" + 6 characters
                body = "MA" + "".join(
                    self.rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6)
                )
            else:  # an older organisation code, digits only
                body = "".join(self.rng.choice("0123456789") for _ in range(8))
            first17 = "91" + admin + body + org_check_char(body)
            code = first17 + uscc_check_char(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def unique_number(self, make: Any) -> str:
        while True:
            value = make()
            if value not in self.numbers:
                self.numbers.add(value)
                return value

    def hightech_cert(self, year: int) -> str:
        return self.unique_number(lambda: f"GR{year}65{self.rng.randint(100, 2999):06d}")

    def sme_number(self, year: int) -> str:
        return self.unique_number(lambda: f"{year}650107A{self.rng.randint(100, 9999):07d}")

    def date(self, start: dt.date, end: dt.date, weekday: bool = False) -> dt.date:
        d = start + dt.timedelta(days=self.rng.randint(0, (end - start).days))
        if weekday and d.weekday() >= 5:
            d -= dt.timedelta(days=d.weekday() - 4)  # back to Friday
            if d < start:
                d += dt.timedelta(days=3)
        return d

    def dates(self, n: int, start: dt.date, end: dt.date) -> list[dt.date]:
        return sorted(self.date(start, end) for _ in range(n))


# --------------------------------------------------------------------------------------
# Record builders
# --------------------------------------------------------------------------------------
def carrier(
    name: str,
    ctype: str,
    level: str,
    unit_written: str,
    unit: str | None,
    operator: str,
    established: dt.date,
    est_style: str,
    status: str,
    demo: bool,
    staff: int,
    trained: int,
    certified: int,
    services: set[str],
    yes_no: tuple[str, str],
    raw: dict[str, Any] | None = None,
) -> Rec:
    yes, no = yes_no
    cells: dict[str, Any] = {
        "载体名称": name,
        "载体类型": ctype,
        "认定级别": level,
        "所属单位": unit_written,
        "运营主体统一社会信用代码": operator,
        "成立日期": fmt_date(established, est_style),
        "运营状态": status,
        "示范基地": yes if demo else no,
        "从业人员数": staff,
        "接受专业培训人数": trained,
        "持创业导师证书人数": certified,
    }
    for s in SERVICES:
        cells[s] = yes if s in services else no
    cells.update(raw or {})
    figures = {
        "status": status,
        "established": established,
        "staff": staff,
        "trained": trained,
        "certified": certified,
        "services": set(services),
        "demo": demo,
        "written_name": name,
    }
    return Rec(CARRIER, cells, nk(name), established, unit, carrier=figures)


def incubated(
    name: str,
    team: bool,
    code: str,
    carrier_name: str,
    unit_written: str,
    unit: str | None,
    d: dt.date,
    style: str,
) -> Rec:
    cells = {
        "名称": name,
        "主体类型": "团队" if team else "企业",
        "统一社会信用代码": code,
        "所在载体": carrier_name,
        "所属单位": unit_written,
        "入孵日期": fmt_date(d, style),
    }
    key = ("团队", nk(name)) if team else ("企业", ncode(code))
    return Rec(INCUBATED, cells, key, d, unit)


def mentor(
    name: str, cert: str, carrier_name: str, unit_written: str, unit: str, d: dt.date, style: str
) -> Rec:
    cells = {
        "姓名": name,
        "证书编号": cert,
        "所在载体": carrier_name,
        "所属单位": unit_written,
        "聘任日期": fmt_date(d, style),
    }
    return Rec(MENTOR, cells, ncode(cert), d, unit)


def hightech(
    name: str, code: str, cert: str, d: dt.date, style: str, unit_written: str, unit: str
) -> Rec:
    cells = {
        "企业名称": name,
        "统一社会信用代码": code,
        "证书编号": cert,
        "认定日期": fmt_date(d, style),
        "所属单位": unit_written,
    }
    return Rec(HIGHTECH, cells, ncode(code), d, unit)


def techsme(
    name: str, code: str, number: str, d: dt.date, style: str, unit_written: str, unit: str
) -> Rec:
    cells = {
        "企业名称": name,
        "统一社会信用代码": code,
        "入库登记编号": number,
        "入库日期": fmt_date(d, style),
        "所属单位": unit_written,
    }
    return Rec(TECHSME, cells, ncode(code), d, unit)


def activity(
    name: str,
    category: str,
    d: dt.date,
    style: str,
    unit_written: str,
    unit: str | None,
    carrier_name: str = "",
    people: Any = None,
) -> Rec:
    cells = {
        "活动名称": name,
        "活动类别": category,
        "活动日期": fmt_date(d, style),
        "所属单位": unit_written,
        "所在载体": carrier_name,
        "参与人次": people,
    }
    return Rec(ACTIVITY, cells, (nk(name), d, category), d, unit)


def incubated_batch(
    g: Gen,
    n: int,
    team_share: float,
    place: str,
    carrier_name: str,
    unit_written: str,
    unit: str,
    start: dt.date,
    end: dt.date,
    style: str | list[str],
) -> list[Rec]:
    out = []
    for i, d in enumerate(g.dates(n, start, end)):
        team = g.rng.random() < team_share
        st = style if isinstance(style, str) else style[i % len(style)]
        if team:
            out.append(incubated(g.team(place), True, "", carrier_name, unit_written, unit, d, st))
        else:
            out.append(
                incubated(g.company(), False, g.uscc(), carrier_name, unit_written, unit, d, st)
            )
    return out


def with_seq_title(unit: str, year: int, what: str = "双创工作统计表") -> list[str]:
    return [f"达坂城区{year}年{what}（{unit}）"]


FOOTER = "填表人：{a}　　审核人：{b}　　填报日期：{d}"

INSTRUCTIONS = [
    "填报说明",
    "一、本表由各乡（镇）、街道及有关部门填报，年度数据于次年1月10日前报区科技局。",
    "二、带*的栏目为必填项；日期统一填写为“2023-06-01”格式。",
    "三、“孵化载体”表填写截至年末仍在统计范围内的全部载体（存量），其余各表只填写本年度新增情况。",
    "四、主体类型填“企业”或“团队”；企业须填写18位统一社会信用代码，创业团队可不填。",
    "五、活动类别限填：参加创业大赛、创业沙龙、创业训练营、创业培训。",
    "六、各项服务栏目填“是”或“否”，未提供的服务可留空。",
]


# --------------------------------------------------------------------------------------
# The submissions
# --------------------------------------------------------------------------------------
C1, C2, C3 = "达坂城区风电产业众创空间", "盐湖化工专业孵化器", "达坂城镇星创天地"
C4, C5, C6 = "柴窝堡湖文旅众创空间", "乌拉泊科技企业孵化器", "西沟乡特色农业星创天地"


def build(g: Gen) -> list[SubFile]:
    files: list[SubFile] = []
    y23 = (dt.date(2023, 1, 5), dt.date(2023, 12, 22))
    y24 = (dt.date(2024, 1, 5), dt.date(2024, 12, 20))
    ops = {c: g.uscc("650107" if c != C1 else "650100") for c in (C1, C2, C3, C4, C5, C6)}

    # ================================ 2023 ===========================================
    # 盐湖街道: instructions sheet, merged title, 序号, 合计 row, footer.
    inc = incubated_batch(g, 6, 0.3, "盐湖", C2, "盐湖街道办事处", "盐湖街道", *y23, "cell")
    files.append(
        SubFile(
            2023,
            "盐湖街道2023年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    "填报说明",
                    None,
                    lines=INSTRUCTIONS,
                    issues=[
                        Issue(
                            "unknown_sheet",
                            None,
                            "说明页不是数据表，忽略并提示",
                            "instructions sheet, not a data sheet: ignored with a warning",
                        )
                    ],
                ),
                Sheet(
                    CARRIER,
                    CARRIER,
                    [
                        carrier(
                            C2,
                            "专业孵化器",
                            "区级",
                            "盐湖街道办事处",
                            "盐湖街道",
                            ops[C2],
                            dt.date(2020, 9, 1),
                            "cell",
                            "运营",
                            False,
                            8,
                            3,
                            2,
                            set(FULL_SERVICE),
                            ("是", "否"),
                        )
                    ],
                    title=with_seq_title("盐湖街道", 2023),
                ),
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    inc,
                    title=with_seq_title("盐湖街道", 2023),
                    total={"名称": f"{len(inc)}个"},
                    footer=[FOOTER.format(a="马丽", b="周海涛", d="2024年1月8日")],
                ),
                Sheet(
                    MENTOR,
                    MENTOR,
                    [
                        mentor(
                            g.mentor(),
                            "WLMQCYDS2023014",
                            C2,
                            "盐湖街道办事处",
                            "盐湖街道",
                            dt.date(2023, 5, 16),
                            "cell",
                        )
                    ],
                    title=with_seq_title("盐湖街道", 2023),
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    acts := [
                        activity(
                            "2023年“红山创客周”创新创业大赛",
                            CONTEST,
                            dt.date(2023, 9, 14),
                            "cell",
                            "盐湖街道办事处",
                            "盐湖街道",
                            C2,
                            12,
                        ),
                        activity(
                            "盐湖化工产业链创业沙龙",
                            "创业沙龙",
                            dt.date(2023, 6, 28),
                            "cell",
                            "盐湖街道办事处",
                            "盐湖街道",
                            C2,
                            35,
                        ),
                    ],
                    title=with_seq_title("盐湖街道", 2023),
                    total={"参与人次": sum(a.cells["参与人次"] for a in acts)},
                    footer=[FOOTER.format(a="马丽", b="周海涛", d="2024年1月8日")],
                ),
            ],
            about_zh=(
                "说明页（填报说明）、合并单元格标题行、序号列、合计行与填表人/审核人落款；所属单"
                "位写作别名“盐湖街道办事处”；真实日期单元格。"
            ),
            about_en="instructions sheet, merged title row, 序号 column, 合计 and 填表人/审核人 "
            "footer rows; unit alias 盐湖街道办事处; real date cells.",
        )
    )

    # 达坂城镇: '*' and line breaks in headers, pre-numbered blank rows.
    star = {
        "载体名称": "*载体\n名称",
        "载体类型": "*载体\n类型",
        "所属单位": "＊所属　单位",
        "成立日期": "*成立\n日期",
        "运营状态": "*运营\n状态",
        "从业人员数": "*从业\n人员数",
        "接受专业培训人数": "*接受专业\n培训人数",
        "持创业导师证书人数": "*持创业导师\n证书人数",
        "运营主体统一社会信用代码": "运营主体\n统一社会信用代码",
        "名称": "*名称",
        "主体类型": "*主体\n类型",
        "统一社会信用代码": "统一社会\n信用代码",
        "入孵日期": "*入孵\n日期",
        "活动名称": "*活动\n名称",
        "活动类别": "*活动\n类别",
        "活动日期": "*活动\n日期",
        "参与人次": "参与\n人次",
        "所在载体": "所在\n载体",
    }
    c3_2023 = carrier(
        C3,
        "星创天地",
        "自治区级",
        "达坂城镇",
        "达坂城镇",
        ops[C3],
        dt.date(2018, 11, 8),
        "cell",
        "运营",
        False,
        6,
        7,
        2,
        {"政策咨询", "创业辅导", "项目申报"},
        ("是", "否"),
    )
    c3_2023.plant(
        "count_exceeds_staff",
        "接受专业培训人数",
        "接受专业培训人数 7 大于从业人员数 6",
        "7 trained staff but only 6 staff",
    )
    files.append(
        SubFile(
            2023,
            "达坂城镇2023年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    CARRIER,
                    CARRIER,
                    [c3_2023],
                    labels=star,
                    title=with_seq_title("达坂城镇", 2023),
                    blank_numbered=3,
                ),
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    incubated_batch(
                        g, 6, 0.5, "达坂城镇", C3, "达坂城镇", "达坂城镇", *y23, "cell"
                    ),
                    labels=star,
                    title=with_seq_title("达坂城镇", 2023),
                    blank_numbered=14,
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "2023年农村劳动力SYB创业培训班",
                            "创业培训",
                            dt.date(2023, 4, 20),
                            "cell",
                            "达坂城镇",
                            "达坂城镇",
                            C3,
                            40,
                        ),
                    ],
                    labels=star,
                    title=with_seq_title("达坂城镇", 2023),
                    blank_numbered=9,
                ),
            ],
            about_zh=(
                "表头带“*”“＊”必填标记、单元格内换行和全角空格；模板预先编好序号的空行（只有序号"
                "）。"
            ),
            about_en="headers with * / ＊ marks, line breaks and an ideographic space inside "
            "cells; pre-numbered blank template rows (only 序号 filled).",
        )
    )

    # 柴窝堡管委会: dotted text dates, a typo in 载体类型.
    c4_2023 = carrier(
        C4,
        "众创空问",
        "",
        "柴窝堡管委会",
        "柴窝堡管委会",
        ops[C4],
        dt.date(2021, 5, 20),
        "dot",
        "运营",
        False,
        4,
        2,
        1,
        {"政策咨询", "创业辅导"},
        ("是", "否"),
    )
    c4_2023.plant(
        "bad_enum",
        "载体类型",
        "载体类型“众创空问”不在允许值内（应为“众创空间”）",
        "载体类型 '众创空问' is a typo of 众创空间",
    )
    files.append(
        SubFile(
            2023,
            "柴窝堡管委会2023年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(CARRIER, CARRIER, [c4_2023], title=with_seq_title("柴窝堡管委会", 2023)),
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    incubated_batch(
                        g, 4, 0.25, "柴窝堡", C4, "柴窝堡管委会", "柴窝堡管委会", *y23, "dot"
                    ),
                    title=with_seq_title("柴窝堡管委会", 2023),
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "柴窝堡湖文旅创业训练营",
                            "创业训练营",
                            dt.date(2023, 7, 12),
                            "dot",
                            "柴窝堡管委会",
                            "柴窝堡管委会",
                            C4,
                            28,
                        ),
                    ],
                    title=with_seq_title("柴窝堡管委会", 2023),
                ),
            ],
            about_zh="日期写作“2023.6.12”文本；认定级别留空（视为未认定）。",
            about_en="dates typed as text 2023.6.12; blank 认定级别 (= 未认定).",
        )
    )

    # 乌拉泊街道, 艾维尔沟街道, 东沟乡: plain township files.
    files.append(
        SubFile(
            2023,
            "乌拉泊街道2023年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    incubated_batch(
                        g, 4, 0.25, "乌拉泊", "", "乌拉泊街道", "乌拉泊街道", *y23, "cell"
                    ),
                    title=with_seq_title("乌拉泊街道", 2023),
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "2023年乌鲁木齐市“红山双创”微视频大赛",
                            CONTEST,
                            dt.date(2023, 10, 18),
                            "cell",
                            "乌拉泊街道",
                            "乌拉泊街道",
                            "",
                            6,
                        ),
                    ],
                    title=with_seq_title("乌拉泊街道", 2023),
                ),
            ],
            about_zh="普通街道报表（无载体）。",
            about_en="a plain street file (no carrier).",
        )
    )
    files.append(
        SubFile(
            2023,
            "艾维尔沟街道2023年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    incubated_batch(
                        g, 2, 0.0, "艾维尔沟", "", "艾维尔沟街道", "艾维尔沟街道", *y23, "cell"
                    ),
                    title=with_seq_title("艾维尔沟街道", 2023),
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "2023年“创客中国”乌鲁木齐市中小企业创新创业大赛",
                            CONTEST,
                            dt.date(2023, 8, 24),
                            "cell",
                            "艾维尔沟街道",
                            "艾维尔沟街道",
                            "",
                            4,
                        ),
                    ],
                    title=with_seq_title("艾维尔沟街道", 2023),
                ),
            ],
            about_zh="普通街道报表。",
            about_en="a plain street file.",
        )
    )
    files.append(
        SubFile(
            2023,
            "东沟乡2023年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    incubated_batch(g, 2, 0.5, "东沟乡", "", "东沟乡", "东沟乡", *y23, "cn"),
                    title=with_seq_title("东沟乡", 2023),
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "东沟乡电商直播创业培训",
                            "创业培训",
                            dt.date(2023, 11, 9),
                            "cn",
                            "东沟乡",
                            "东沟乡",
                            "",
                            32,
                        ),
                    ],
                    title=with_seq_title("东沟乡", 2023),
                ),
            ],
            about_zh="日期写作“2023年6月12日”文本。",
            about_en="dates typed as text 2023年6月12日.",
        )
    )

    # 区科技局 2023: carrier C1, mentors (one appointed before the window), high-tech, SMEs.
    ht2023 = [
        (g.company(tech=True), g.uscc(), g.hightech_cert(2023), d)
        for d in (dt.date(2023, 10, 16), dt.date(2023, 11, 29), dt.date(2023, 12, 12))
    ]
    sme2023 = [
        (g.company(tech=True), g.uscc(), g.sme_number(2023), d)
        for d in g.dates(5, dt.date(2023, 3, 1), dt.date(2023, 11, 30))
    ]
    kj = "达坂城区科学技术局"
    pre_window = mentor(
        g.mentor(), "WLMQCYDS2022031", C1, kj, "区科技局", dt.date(2022, 9, 1), "cell"
    )
    files.append(
        SubFile(
            2023,
            "区科技局2023年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    CARRIER,
                    CARRIER,
                    [
                        carrier(
                            C1,
                            "众创空间",
                            "市级",
                            kj,
                            "区科技局",
                            ops[C1],
                            dt.date(2019, 6, 18),
                            "cell",
                            "运营",
                            False,
                            10,
                            5,
                            3,
                            set(SERVICES) - {"金融服务"},
                            ("是", "否"),
                        )
                    ],
                    title=with_seq_title("区科技局", 2023),
                ),
                Sheet(
                    MENTOR,
                    MENTOR,
                    [
                        mentor(
                            g.mentor(),
                            "WLMQCYDS2023006",
                            C1,
                            kj,
                            "区科技局",
                            dt.date(2023, 4, 11),
                            "cell",
                        ),
                        pre_window,
                        mentor(
                            g.mentor(),
                            "WLMQCYDS2023022",
                            C1,
                            kj,
                            "区科技局",
                            dt.date(2023, 9, 25),
                            "cell",
                        ),
                    ],
                    title=with_seq_title("区科技局", 2023),
                ),
                Sheet(
                    HIGHTECH,
                    HIGHTECH,
                    [hightech(n, c, cert, d, "cell", kj, "区科技局") for n, c, cert, d in ht2023],
                    title=with_seq_title("区科技局", 2023),
                ),
                Sheet(
                    TECHSME,
                    TECHSME,
                    [techsme(n, c, num, d, "cell", kj, "区科技局") for n, c, num, d in sme2023],
                    title=with_seq_title("区科技局", 2023),
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "组织参加第十二届中国创新创业大赛（新疆赛区）",
                            CONTEST,
                            dt.date(2023, 7, 6),
                            "cell",
                            kj,
                            "区科技局",
                            C1,
                            9,
                        ),
                    ],
                    title=with_seq_title("区科技局", 2023),
                ),
            ],
            about_zh=(
                "部门报表，所属单位写全称“达坂城区科学技术局”；创业导师表中一名导师聘任日期为202"
                "2年（在规划期之前：不计入，也不报问题）。"
            ),
            about_en="department file, unit written in full (达坂城区科学技术局); one mentor "
            "appointed in 2022, before the plan window: not counted, not an issue.",
        )
    )

    files.append(
        SubFile(
            2023,
            "区人社局2023年创业培训统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "2023年创业担保贷款政策宣讲暨创业培训",
                            "创业培训",
                            dt.date(2023, 5, 25),
                            "cell",
                            "区人社局",
                            "区人社局",
                            "",
                            56,
                        ),
                        activity(
                            "2023年“中国创翼”创业创新大赛乌鲁木齐市选拔赛",
                            CONTEST,
                            dt.date(2023, 6, 15),
                            "cell",
                            "区人社局",
                            "区人社局",
                            "",
                            5,
                        ),
                    ],
                    seq=False,
                    title=["达坂城区人社局2023年创业培训及大赛参与情况"],
                ),
            ],
            about_zh="部门报表，无序号列。",
            about_en="department file without a 序号 column.",
        )
    )

    # ================================ 2024 ===========================================
    # 盐湖街道: two rows above the header, ISO text dates mixed with date cells, √ marks,
    # a wrong USCC check character, "约20" in 参与人次.
    yh = "乌鲁木齐市达坂城区盐湖街道"
    title_yh = [
        "达坂城区2024年双创工作统计表（盐湖街道）",
        "填报单位（盖章）：乌鲁木齐市达坂城区盐湖街道办事处　　　　填报日期：2025年1月9日",
    ]
    inc = incubated_batch(g, 7, 0.3, "盐湖", C2, yh, "盐湖街道", *y24, ["iso", "cell"])
    bad = inc[3]
    if bad.cells["主体类型"] != "企业":  # make sure the spoiled one is an enterprise
        bad = next(r for r in inc if r.cells["主体类型"] == "企业")
    good = bad.cells["统一社会信用代码"]
    wrong = USCC_ALPHABET[(USCC_ALPHABET.index(good[-1]) + 7) % 31]
    bad.cells["统一社会信用代码"] = good[:-1] + wrong
    bad.plant(
        "bad_uscc",
        "统一社会信用代码",
        f"校验位应为 {good[-1]}，填写为 {wrong}",
        f"check character should be {good[-1]}",
    )
    people = activity(
        "盐湖街道青年创业培训班",
        "创业培训",
        dt.date(2024, 5, 22),
        "iso",
        yh,
        "盐湖街道",
        C2,
        "约20",
    )
    people.plant("bad_number", "参与人次", "参与人次“约20”不是整数", "'约20' is not a whole number")
    files.append(
        SubFile(
            2024,
            "盐湖街道2024年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    CARRIER,
                    CARRIER,
                    [
                        carrier(
                            C2,
                            "专业孵化器",
                            "区级",
                            yh,
                            "盐湖街道",
                            ops[C2],
                            dt.date(2020, 9, 1),
                            "iso",
                            "运营",
                            False,
                            8,
                            4,
                            2,
                            set(FULL_SERVICE),
                            ("√", ""),
                        )
                    ],
                    title=title_yh,
                ),
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    inc,
                    title=title_yh,
                    footer=[FOOTER.format(a="马丽", b="周海涛", d="2025年1月9日")],
                ),
                Sheet(
                    MENTOR,
                    MENTOR,
                    [
                        mentor(
                            g.mentor(),
                            "WLMQCYDS2024009",
                            C2,
                            yh,
                            "盐湖街道",
                            dt.date(2024, 6, 3),
                            "iso",
                        )
                    ],
                    title=title_yh,
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "新能源产业链创业沙龙",
                            "创业沙龙",
                            dt.date(2024, 4, 18),
                            "cell",
                            yh,
                            "盐湖街道",
                            C2,
                            41,
                        ),
                        people,
                    ],
                    title=title_yh,
                ),
            ],
            about_zh=(
                "表头上方两行（标题＋填报单位/日期）；日期为“2024-03-05”文本与日期单元格混用；服"
                "务栏目用“√”和空白；所属单位写作“乌鲁木齐市达坂城区盐湖街道”。"
            ),
            about_en="two rows above the header (title + 填报单位 line); dates as text "
            "2024-03-05 mixed with date cells; services marked √ or left blank; unit "
            "alias 乌鲁木齐市达坂城区盐湖街道.",
        )
    )
    files.append(
        SubFile(
            2024,
            "~$盐湖街道2024年双创工作统计表.xlsx",
            "raw",
            raw=b"\x0cAdministrator" + b"\x00" * 40,
            counted=False,
            about_zh="Excel 锁文件（几十个字节），应被静默忽略。",
            about_en="an Excel lock file (a few bytes): must be ignored silently.",
        )
    )

    # 达坂城镇: 2024/3/5 text dates, 有/无, full-width digits, a late report from 2023.
    db = "达坂城区达坂城镇"
    inc = incubated_batch(g, 5, 0.5, "达坂城镇", C3, db, "达坂城镇", *y24, "slash")
    late = incubated(
        g.company(), False, g.uscc(), C3, db, "达坂城镇", dt.date(2023, 12, 26), "slash"
    )
    files.append(
        SubFile(
            2024,
            "达坂城镇2024年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    CARRIER,
                    CARRIER,
                    [
                        carrier(
                            C3,
                            "星创天地",
                            "自治区级",
                            db,
                            "达坂城镇",
                            ops[C3],
                            dt.date(2018, 11, 8),
                            "slash",
                            "运营",
                            False,
                            12,
                            6,
                            3,
                            set(FULL_SERVICE),
                            ("有", "无"),
                            raw={"从业人员数": "１２", "接受专业培训人数": "６"},
                        )
                    ],
                    title=with_seq_title("达坂城镇", 2024),
                ),
                Sheet(INCUBATED, INCUBATED, [late, *inc], title=with_seq_title("达坂城镇", 2024)),
                Sheet(
                    MENTOR,
                    MENTOR,
                    [
                        mentor(
                            g.mentor(),
                            "WLMQCYDS2024017",
                            C3,
                            db,
                            "达坂城镇",
                            dt.date(2024, 7, 9),
                            "slash",
                        )
                    ],
                    title=with_seq_title("达坂城镇", 2024),
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "2024年农牧民创业培训班",
                            "创业培训",
                            dt.date(2024, 3, 5),
                            "slash",
                            db,
                            "达坂城镇",
                            C3,
                            "１２０",
                        ),
                        activity(
                            "2024年自治区农村创新创业项目创意大赛",
                            CONTEST,
                            dt.date(2024, 8, 27),
                            "slash",
                            db,
                            "达坂城镇",
                            C3,
                            3,
                        ),
                    ],
                    title=with_seq_title("达坂城镇", 2024),
                ),
            ],
            about_zh=(
                "日期写作“2024/3/5”；服务栏目用“有/无”；从业人员数等用全角数字（１２）；孵化企业"
                "第一条是2023年12月入孵、2024年才补报的记录（计入2024年累计，不计入2023年报告）"
                "。"
            ),
            about_en="dates typed 2024/3/5; services as 有/无; full-width digits (１２, １２０); "
            "the first 孵化企业 row was incubated in December 2023 and reported late in "
            "2024 (counts in the 2024 cumulative total, not in the 2023 report).",
        )
    )

    # 柴窝堡管委会: carrier stopped, 2024.3.5 dates, an unknown unit, a bad 活动类别.
    cw = "柴窝堡管委会"
    inc = incubated_batch(g, 4, 0.25, "柴窝堡", "", cw, cw, *y24, "dot")
    stray = incubated(
        g.company(), False, g.uscc(), "", "红山街道", None, dt.date(2024, 6, 24), "dot"
    )
    stray.plant(
        "unknown_unit",
        "所属单位",
        "“红山街道”不是本区单位",
        "红山街道 is not a unit of the district",
    )
    lecture = activity(
        "文旅产业创业政策宣讲", "创业讲座", dt.date(2024, 5, 16), "dot", cw, cw, "", 45
    )
    lecture.plant(
        "bad_enum",
        "活动类别",
        "活动类别“创业讲座”不在允许值内",
        "'创业讲座' is not an allowed 活动类别",
    )
    files.append(
        SubFile(
            2024,
            "柴窝堡管委会2024年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    CARRIER,
                    CARRIER,
                    [
                        carrier(
                            C4,
                            "众创空间",
                            "",
                            cw,
                            cw,
                            ops[C4],
                            dt.date(2021, 5, 20),
                            "dot",
                            "停运",
                            False,
                            3,
                            1,
                            0,
                            {"政策咨询"},
                            ("是", "否"),
                        )
                    ],
                    title=with_seq_title(cw, 2024),
                ),
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    [*inc[:2], stray, *inc[2:]],
                    title=with_seq_title(cw, 2024),
                ),
                Sheet(ACTIVITY, ACTIVITY, [lecture], title=with_seq_title(cw, 2024)),
            ],
            about_zh="载体“柴窝堡湖文旅众创空间”2024年停运（名册中保留，不计数）；日期写作“2024.3.5”。",
            about_en="carrier 柴窝堡湖文旅众创空间 is 停运 in 2024 (listed, not counted); dates "
            "typed 2024.3.5.",
        )
    )

    # 乌拉泊街道: new carrier, extra 联系电话 column, Y/N, a mentor without 聘任日期.
    wl = "乌拉泊街道"
    c5_open = dt.date(2024, 4, 16)
    nodate = mentor(g.mentor(), "WLMQCYDS2024023", C5, wl, wl, dt.date(2024, 10, 8), "cell")
    nodate.cells["聘任日期"] = None
    nodate.date = None
    nodate.plant("missing_value", "聘任日期", "必填的聘任日期为空", "required 聘任日期 is blank")
    files.append(
        SubFile(
            2024,
            "乌拉泊街道2024年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    CARRIER,
                    CARRIER,
                    [
                        carrier(
                            C5,
                            "科技企业孵化器",
                            "未认定",
                            wl,
                            wl,
                            ops[C5],
                            c5_open,
                            "cell",
                            "运营",
                            False,
                            6,
                            3,
                            2,
                            {"政策咨询", "项目申报", "法律服务"},
                            ("Y", "N"),
                        )
                    ],
                    title=with_seq_title(wl, 2024),
                    extra={"联系电话": ["0991-5xxxxxx"]},
                    issues=[
                        Issue(
                            "unknown_column",
                            None,
                            "表头第2行多出“联系电话”列，忽略并提示",
                            "extra column 联系电话 (header row 2): ignored with a warning",
                        )
                    ],
                ),
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    incubated_batch(g, 4, 0.25, "乌拉泊", C5, wl, wl, c5_open, y24[1], "cell"),
                    title=with_seq_title(wl, 2024),
                ),
                Sheet(
                    MENTOR,
                    MENTOR,
                    [
                        mentor(
                            g.mentor(), "WLMQCYDS2024015", C5, wl, wl, dt.date(2024, 6, 20), "cell"
                        ),
                        nodate,
                    ],
                    title=with_seq_title(wl, 2024),
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "2024年“红山创客周”创新创业大赛",
                            CONTEST,
                            dt.date(2024, 9, 12),
                            "cell",
                            wl,
                            wl,
                            C5,
                            "1,050",
                        ),
                    ],
                    title=with_seq_title(wl, 2024),
                ),
            ],
            about_zh=(
                "新设载体；多出一列“联系电话”（虚构、打码的座机号）；是否栏目用 Y/N；参与人次带"
                "千位分隔符（1,050）。"
            ),
            about_en="a new carrier; an extra 联系电话 column (masked, invented landline); Y/N "
            "for yes/no; a thousands separator in 参与人次 (1,050).",
        )
    )

    # 西沟乡: legacy .xls with real date cells and a bare Excel serial number.
    xg = "西沟乡"
    c6_open = dt.date(2024, 8, 23)
    inc = incubated_batch(g, 4, 0.5, "西沟乡", C6, xg, xg, c6_open, y24[1], ["cell", "serial"])
    files.append(
        SubFile(
            2024,
            "西沟乡2024年双创工作统计表.xls",
            "xls",
            [
                Sheet(
                    CARRIER,
                    CARRIER,
                    [
                        carrier(
                            C6,
                            "星创天地",
                            "区级",
                            xg,
                            xg,
                            ops[C6],
                            c6_open,
                            "cell",
                            "运营",
                            False,
                            4,
                            2,
                            1,
                            {"政策咨询", "创业辅导"},
                            ("Y", ""),
                        )
                    ],
                    title=with_seq_title(xg, 2024),
                ),
                Sheet(INCUBATED, INCUBATED, inc, title=with_seq_title(xg, 2024)),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "西沟乡特色种植创业训练营",
                            "创业训练营",
                            dt.date(2024, 10, 24),
                            "cell",
                            xg,
                            xg,
                            C6,
                            26,
                        ),
                    ],
                    title=with_seq_title(xg, 2024),
                ),
            ],
            about_zh=(
                "旧版 .xls（xlwt 写出）：日期单元格与裸的 Excel 序列号（5位整数，如 45610 = 2024"
                "-11-15）混用；是否栏目用“Y”和空白。"
            ),
            about_en="legacy .xls (written with xlwt): date cells mixed with bare Excel serial "
            "numbers (5-digit integers, e.g. 45610 = 2024-11-15); Y or blank for yes/no.",
        )
    )

    # 艾维尔沟街道: 2024年3月5日 text dates, an impossible date.
    aw = "艾维尔沟街道"
    inc = incubated_batch(g, 2, 0.0, "艾维尔沟", "", aw, aw, *y24, "cn")
    feb30 = incubated(g.company(), False, g.uscc(), "", aw, aw, dt.date(2024, 2, 29), "cn")
    feb30.cells["入孵日期"] = "2024-02-30"
    feb30.date = None
    feb30.plant("bad_date", "入孵日期", "2024年2月没有30日", "2024-02-30 does not exist")
    files.append(
        SubFile(
            2024,
            "艾维尔沟街道2024年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    INCUBATED, INCUBATED, [inc[0], feb30, inc[1]], title=with_seq_title(aw, 2024)
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "2024年乌鲁木齐市“红山双创”微视频大赛",
                            CONTEST,
                            dt.date(2024, 10, 15),
                            "cn",
                            aw,
                            aw,
                            "",
                            4,
                        ),
                    ],
                    title=with_seq_title(aw, 2024),
                ),
            ],
            about_zh="日期写作“2024年3月5日”；一个不存在的日期。",
            about_en="dates typed 2024年3月5日; one impossible date.",
        )
    )

    # 东沟乡: alias, a team without a code (valid), a date in 2027.
    dg = "东沟乡人民政府"
    ent = incubated(g.company(), False, g.uscc(), "", dg, "东沟乡", dt.date(2024, 4, 30), "cn")
    team = incubated(g.team("东沟乡"), True, "", "", dg, "东沟乡", dt.date(2024, 7, 16), "cell")
    future = activity(
        "东沟乡返乡青年创业培训", "创业培训", dt.date(2027, 4, 18), "cell", dg, "东沟乡", "", 30
    )
    future.plant(
        "future_date",
        "活动日期",
        "活动日期2027-04-18晚于今天（多半是把2024误写成2027）",
        "2027-04-18 is after today (2024 mistyped)",
    )
    files.append(
        SubFile(
            2024,
            "东沟乡2024年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    sorted([ent, team], key=lambda r: r.date or TODAY),
                    title=with_seq_title("东沟乡", 2024),
                ),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "乡村旅游创业沙龙",
                            "创业沙龙",
                            dt.date(2024, 6, 27),
                            "cn",
                            dg,
                            "东沟乡",
                            "",
                            22,
                        ),
                        future,
                    ],
                    title=with_seq_title("东沟乡", 2024),
                ),
            ],
            about_zh=(
                "所属单位写作“东沟乡人民政府”；创业团队不填统一社会信用代码（合规）；日期单元格"
                "与“2024年3月5日”混用。"
            ),
            about_en="unit alias 东沟乡人民政府; a startup team without a USCC (valid); date "
            "cells mixed with 2024年3月5日 text.",
        )
    )

    # 阿克苏乡: UTF-8 with BOM CSV, 20240305 dates, an enterprise without its code.
    ak = "阿克苏乡"
    inc = incubated_batch(g, 3, 0.34, "阿克苏乡", "", ak, ak, *y24, "compact")
    nocode = incubated(g.company(), False, "", "", ak, ak, dt.date(2024, 9, 10), "compact")
    nocode.plant(
        "missing_value",
        "统一社会信用代码",
        "主体类型为企业，统一社会信用代码必填",
        "a 企业 needs its 统一社会信用代码",
    )
    files.append(
        SubFile(
            2024,
            "阿克苏乡孵化企业名单.csv",
            "csv-utf8-sig",
            [
                Sheet(INCUBATED, INCUBATED, [*inc[:2], nocode, *inc[2:]]),
            ],
            about_zh="UTF-8（带 BOM）CSV，仅一种表（孵化企业），第一行即表头；日期写作“20240305”。",
            about_en="UTF-8 CSV with BOM, one sheet type (孵化企业), header on line 1; dates "
            "typed 20240305.",
        )
    )

    # ------------------------------ 2024/部门/ ------------------------------------------
    # 区科技局 high-tech list, GB18030 CSV. Two of the three were tech SMEs in 2023.
    bad_cert = g.company(tech=True), g.uscc(), "GR2024650012", dt.date(2024, 12, 5)
    ht2024 = [
        (sme2023[1][0], sme2023[1][1], g.hightech_cert(2024), dt.date(2024, 11, 14)),
        (sme2023[3][0], sme2023[3][1], g.hightech_cert(2024), dt.date(2024, 11, 14)),
        bad_cert,
    ]
    ht_recs = [hightech(n, c, cert, d, "slash", kj, "区科技局") for n, c, cert, d in ht2024]
    ht_recs[2].plant(
        "bad_certificate",
        "证书编号",
        "证书编号“GR2024650012”少了数字（应为GR+4位年份+65+6位数字）",
        "GR2024650012 is too short (GR + year + 65 + 6 digits)",
    )
    files.append(
        SubFile(
            2024,
            "部门/区科技局_高新技术企业.csv",
            "csv-gb18030",
            [
                Sheet(HIGHTECH, HIGHTECH, ht_recs),
            ],
            about_zh=(
                "GB18030 编码的 CSV，表类型只体现在文件名和表头里；日期写作“2024/11/14”；其中两"
                "家2023年已入库科技型中小企业（同一代码出现在不同表类型中，不算重复）。"
            ),
            about_en="GB18030 CSV; the type is only in the file name and header; dates typed "
            "2024/11/14; two of the enterprises were 2023 tech SMEs (the same code in "
            "another sheet type is not a duplicate).",
        )
    )

    # 区科技局 workbook: demo base carrier, mentor, SMEs (lower-case / spaced codes).
    inc2023 = [
        r
        for f in files
        if f.year == 2023
        for s in f.sheets
        for r in s.records
        if r.kind == INCUBATED and r.cells["主体类型"] == "企业"
    ]
    techy = [r for r in inc2023 if "科技" in r.cells["名称"] or "技术" in r.cells["名称"]]
    sme_from_inc = techy[:2]
    sme2024 = [(r.cells["名称"], r.cells["统一社会信用代码"]) for r in sme_from_inc]
    sme2024 += [(g.company(tech=True), g.uscc()) for _ in range(5)]
    sme_dates = g.dates(7, dt.date(2024, 3, 1), dt.date(2024, 11, 29))
    sme_recs = []
    for i, ((name, code), d) in enumerate(zip(sme2024, sme_dates, strict=True)):
        written = code
        if i == 2:
            written = code.lower()
        elif i == 4:
            written = f"{code[:8]} {code[8:]}"
        sme_recs.append(
            techsme(
                name,
                written,
                g.sme_number(2024),
                d,
                "cell",
                "科技局" if i % 2 else "区科技局",
                "区科技局",
            )
        )
    files.append(
        SubFile(
            2024,
            "部门/区科技局2024年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(
                    CARRIER,
                    CARRIER,
                    [
                        carrier(
                            C1,
                            "众创空间",
                            "市级",
                            "区科技局",
                            "区科技局",
                            ops[C1],
                            dt.date(2019, 6, 18),
                            "cell",
                            "运营",
                            True,
                            10,
                            7,
                            4,
                            set(SERVICES),
                            ("是", "否"),
                        )
                    ],
                    title=with_seq_title("区科技局", 2024),
                ),
                Sheet(
                    MENTOR,
                    MENTOR,
                    [
                        mentor(
                            g.mentor(),
                            "WLMQCYDS2024004",
                            C1,
                            "区科技局",
                            "区科技局",
                            dt.date(2024, 3, 26),
                            "cell",
                        )
                    ],
                    title=with_seq_title("区科技局", 2024),
                ),
                Sheet(TECHSME, TECHSME, sme_recs, title=with_seq_title("区科技局", 2024)),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "组织参加第十三届中国创新创业大赛（新疆赛区）",
                            CONTEST,
                            dt.date(2024, 7, 10),
                            "cell",
                            "区科技局",
                            "区科技局",
                            C1,
                            7,
                        ),
                        activity(
                            "科技型中小企业评价入库辅导训练营",
                            "创业训练营",
                            dt.date(2024, 3, 21),
                            "cell",
                            "区科技局",
                            "区科技局",
                            C1,
                            48,
                        ),
                    ],
                    title=with_seq_title("区科技局", 2024),
                ),
            ],
            about_zh=(
                "示范基地（唯一一个“是”）所在报表；统一社会信用代码一个写成小写、一个中间有空格"
                "（规范化后有效）；所属单位写作“区科技局”“科技局”；其中两家科技型中小企业是2023"
                "年的孵化企业（跨表类型，不算重复）。"
            ),
            about_en="holds the only 示范基地=是 carrier; one USCC typed in lower case and one "
            "with a space inside (valid once normalised); units written 区科技局 and "
            "科技局; two tech SMEs were 2023 incubated enterprises (another sheet type, "
            "not a duplicate).",
        )
    )

    # 区工信局: re-reports a 2023 high-tech enterprise (duplicate), joins 创客中国.
    gx = "达坂城区工业和信息化局"
    n, c, cert, d = ht2023[1]
    dup = hightech(n, c, cert, d, "cell", gx, "区工信局")
    dup.plant(
        "duplicate",
        "统一社会信用代码",
        "该企业已由区科技局在2023年报表中报过（2023/区科技局2023年双创工作统计表.xlsx，高新技术企业）",
        "already reported by 区科技局 in its 2023 file",
    )
    files.append(
        SubFile(
            2024,
            "部门/区工信局2024年双创工作统计表.xlsx",
            "xlsx",
            [
                Sheet(HIGHTECH, HIGHTECH, [dup], title=with_seq_title("区工信局", 2024)),
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "2024年“创客中国”新疆区域赛",
                            CONTEST,
                            dt.date(2024, 6, 13),
                            "cell",
                            gx,
                            "区工信局",
                            "",
                            5,
                        ),
                    ],
                    title=with_seq_title("区工信局", 2024),
                ),
            ],
            about_zh="把区科技局2023年已报的一家高新技术企业又报了一次（重复提示）。",
            about_en="re-reports a high-tech enterprise 区科技局 already reported in 2023 "
            "(duplicate warning).",
        )
    )

    # 区人社局: sheet not named after a type (recognised by its header), ISO text dates.
    rs = "达坂城区人力资源和社会保障局"
    files.append(
        SubFile(
            2024,
            "部门/区人社局2024年创业培训及大赛情况.xlsx",
            "xlsx",
            [
                Sheet(
                    "创业培训及大赛",
                    ACTIVITY,
                    [
                        activity(
                            "2024年SYB创业培训班（第一期）",
                            "创业培训",
                            dt.date(2024, 4, 9),
                            "iso",
                            rs,
                            "区人社局",
                            "",
                            60,
                        ),
                        activity(
                            "2024年“中国创翼”创业创新大赛乌鲁木齐市选拔赛",
                            CONTEST,
                            dt.date(2024, 6, 20),
                            "iso",
                            rs,
                            "区人社局",
                            "",
                            6,
                        ),
                    ],
                    seq=False,
                    title=["达坂城区人社局2024年创业培训及大赛参与情况"],
                ),
            ],
            about_zh=(
                "工作表名为“创业培训及大赛”，不是类型名，靠表头识别为双创活动；无序号列；日期为“"
                "2024-03-05”文本。"
            ),
            about_en="the sheet is named 创业培训及大赛, not a type name: recognised as 双创活动 "
            "by its header; no 序号; dates as text 2024-03-05.",
        )
    )

    # 区农业农村局: rural startup teams in the 西沟乡 星创天地.
    ny = "达坂城区农业农村局"
    files.append(
        SubFile(
            2024,
            "部门/区农业农村局2024年农村创业团队情况.xlsx",
            "xlsx",
            [
                Sheet(
                    INCUBATED,
                    INCUBATED,
                    incubated_batch(
                        g, 3, 1.0, "达坂城", C6, ny, "区农业农村局", c6_open, y24[1], "cell"
                    ),
                    title=with_seq_title("区农业农村局", 2024, "农村创业团队入孵情况表"),
                ),
            ],
            about_zh="只有创业团队（均无统一社会信用代码）。",
            about_en="startup teams only (no codes).",
        )
    )

    # 区市场监管局: one salon.
    files.append(
        SubFile(
            2024,
            "部门/区市场监管局2024年双创活动统计.xlsx",
            "xlsx",
            [
                Sheet(
                    ACTIVITY,
                    ACTIVITY,
                    [
                        activity(
                            "知识产权保护与品牌建设创业沙龙",
                            "创业沙龙",
                            dt.date(2024, 9, 26),
                            "cell",
                            "达坂城区市场监督管理局",
                            "区市场监管局",
                            "",
                            38,
                        ),
                    ],
                    title=with_seq_title("区市场监管局", 2024),
                ),
            ],
            about_zh="所属单位写全称“达坂城区市场监督管理局”。",
            about_en="unit written in full (达坂城区市场监督管理局).",
        )
    )

    files.append(
        SubFile(
            2024,
            "报送函.docx",
            "raw",
            counted=False,
            raw=(
                "关于报送达坂城区2024年双创工作统计数据的函（占位文件，非真实 Word 文档）\n"
            ).encode(),
            issues=[
                Issue(
                    "unsupported_file",
                    None,
                    "不支持的文件类型，忽略并提示",
                    "not a readable format: ignored with a warning",
                )
            ],
            about_zh="封面函（小的占位文本，扩展名 .docx）。",
            about_en="a cover letter (a tiny text placeholder named .docx).",
        )
    )
    return files


# --------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------
def sheet_layout(sheet: Sheet) -> tuple[list[str], list[str]]:
    """Return (keys, header texts) of the columns written, 序号 first when wanted."""
    assert sheet.kind is not None
    keys = (["序号"] if sheet.seq else []) + list(sheet.columns or COLUMNS[sheet.kind])
    keys += list(sheet.extra)
    return keys, [sheet.labels.get(k, k) for k in keys]


def sheet_rows(sheet: Sheet, csv_mode: bool) -> tuple[list[list[Any]], int]:
    """All rows of a data sheet; assigns each record its row as Excel shows it.

    Returns (rows, number of rows above the header)."""
    keys, header = sheet_layout(sheet)
    rows: list[list[Any]] = [] if csv_mode else [[t] for t in sheet.title]
    rows.append(header)
    for i, rec in enumerate(sheet.records, start=1):
        values = []
        for k in keys:
            if k == "序号":
                values.append(i)
            elif k in sheet.extra:
                values.append(sheet.extra[k][i - 1])
            else:
                values.append(rec.cells.get(k))
        rows.append(values)
        rec.row = len(rows)
    n = len(sheet.records)
    if sheet.total is not None:
        rows.append(["合计" if k == keys[0] else sheet.total.get(k) for k in keys])
    for j in range(sheet.blank_numbered):
        rows.append([n + j + 1 if k == "序号" else None for k in keys])
    for line in sheet.footer:
        rows.append([line])
    return rows, (0 if csv_mode else len(sheet.title))


def fix_zip(path: Path) -> None:
    """Make an .xlsx byte-for-byte reproducible (fixed timestamps inside and out)."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def write_xlsx(path: Path, f: SubFile) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "Administrator"
    wb.properties.created = FIXED_TIME
    bold = Font(bold=True)
    for sheet in f.sheets:
        ws = wb.create_sheet(sheet.name)
        if sheet.kind is None:
            for r, line in enumerate(sheet.lines, start=1):
                ws.cell(r, 1, line).font = bold if r == 1 else Font()
            ws.column_dimensions["A"].width = 100
            continue
        rows, above = sheet_rows(sheet, csv_mode=False)
        width = len(rows[above])
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(r, c, value)
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                if r == above + 1:
                    cell.font = bold
                    cell.alignment = Alignment(
                        wrap_text=True, horizontal="center", vertical="center"
                    )
            if r <= above or (len(values) == 1 and r > above + 1):  # title / footer lines
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
                if r == 1:
                    ws.cell(r, 1).font = Font(bold=True, size=14)
                    ws.cell(r, 1).alignment = Alignment(horizontal="center")
        for c, text in enumerate(rows[above], start=1):
            longest = max(len(part) for part in str(text).split("\n"))
            ws.column_dimensions[get_column_letter(c)].width = max(6, min(34, longest * 2 + 2))
        if any("\n" in str(t) for t in rows[above]):
            ws.row_dimensions[above + 1].height = 32
    wb.save(path)
    fix_zip(path)


def write_xls(path: Path, f: SubFile) -> None:
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    head = xlwt.easyxf("font: bold on; align: horiz center, wrap on")
    title = xlwt.easyxf("font: bold on, height 280; align: horiz center")
    for sheet in f.sheets:
        ws = wb.add_sheet(sheet.name)
        rows, above = sheet_rows(sheet, csv_mode=False)
        width = len(rows[above])
        for r, values in enumerate(rows):
            if r < above or (len(values) == 1 and r > above):
                style = title if r == 0 else xlwt.Style.default_style
                ws.write_merge(r, r, 0, width - 1, values[0], style)
                continue
            for c, value in enumerate(values):
                if value is None or value == "":
                    continue
                if isinstance(value, dt.date):
                    ws.write(r, c, value, date_style)
                elif r == above:
                    ws.write(r, c, value, head)
                else:
                    ws.write(r, c, value)
        for c, text in enumerate(rows[above]):
            ws.col(c).width = 256 * max(6, min(34, len(str(text)) * 2 + 2))
    wb.save(str(path))


def write_csv(path: Path, f: SubFile, encoding: str) -> None:
    (sheet,) = f.sheets
    rows, _ = sheet_rows(sheet, csv_mode=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for values in rows:
        writer.writerow(["" if v is None else v for v in values])
    path.write_bytes(buf.getvalue().encode(encoding))


def write_all(files: list[SubFile], out: Path) -> None:
    for year in sorted({f.year for f in files}):
        target = out / str(year)
        if target.exists():
            shutil.rmtree(target)
    for f in files:
        path = out / f.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if f.fmt == "xlsx":
            write_xlsx(path, f)
        elif f.fmt == "xls":
            write_xls(path, f)
        elif f.fmt == "csv-gb18030":
            write_csv(path, f, "gb18030")
        elif f.fmt == "csv-utf8-sig":
            write_csv(path, f, "utf-8-sig")
        else:
            path.write_bytes(f.raw)
        for sheet in f.sheets:
            sheet_name = sheet.kind if f.fmt.startswith("csv") and sheet.kind else sheet.name
            for rec in sheet.records:
                rec.year, rec.path, rec.sheet = f.year, f.rel, sheet_name
                for issue in rec.issues:
                    issue.file, issue.sheet, issue.row = f.rel, sheet_name, rec.row
            for issue in sheet.issues:  # sheet-level: no row, no column
                issue.file, issue.sheet = f.rel, sheet_name
        for issue in f.issues:
            issue.file = f.rel


# --------------------------------------------------------------------------------------
# Expected results, from what was written (independent of sc-cli)
# --------------------------------------------------------------------------------------
def read_order(files: list[SubFile], up_to: int) -> list[Rec]:
    """Year ascending, then path relative to the year folder by code point, sheets, rows."""
    out: list[Rec] = []
    for f in sorted(
        (f for f in files if f.counted and f.year <= up_to), key=lambda f: (f.year, f.path)
    ):
        for sheet in f.sheets:
            out.extend(sheet.records)
    return out


def check_planted(files: list[SubFile]) -> list[Issue]:
    """Collect planted issues and verify the derived ones are exactly the planted ones."""
    recs = read_order(files, 9999)
    seen: dict[tuple[Any, ...], Rec] = {}
    found_dups = []
    for rec in recs:
        if rec.has_error:
            continue
        scope: tuple[Any, ...] = (rec.kind, rec.year) if rec.kind == CARRIER else (rec.kind,)
        if (*scope, rec.key) in seen:
            found_dups.append(rec)
        else:
            seen[(*scope, rec.key)] = rec
    planted_dups = [r for r in recs if any(i.code == "duplicate" for i in r.issues)]
    assert found_dups == planted_dups, (found_dups, planted_dups)
    futures = [r for r in recs if r.date and r.date > TODAY]
    planted_futures = [r for r in recs if any(i.code == "future_date" for i in r.issues)]
    assert futures == planted_futures, futures
    for rec in recs:  # every written USCC is valid unless spoiled on purpose
        for col in ("统一社会信用代码", "运营主体统一社会信用代码"):
            code = rec.cells.get(col)
            if code:
                spoiled = any(i.code == "bad_uscc" and i.column == col for i in rec.issues)
                assert uscc_is_valid(ncode(code)) != spoiled, (rec.path, rec.row, code)
        if rec.kind == HIGHTECH:
            ok = re.fullmatch(r"GR\d{4}\d{2}\d{6}", ncode(rec.cells["证书编号"])) is not None
            assert ok != any(i.code == "bad_certificate" for i in rec.issues)
    issues: list[Issue] = []
    for f in sorted(files, key=lambda f: (f.year, f.path)):
        issues.extend(f.issues)
        for sheet in f.sheets:
            issues.extend(sheet.issues)
            for rec in sheet.records:
                issues.extend(rec.issues)
    return issues


def totals(files: list[SubFile], year: int) -> dict[str, Any]:
    as_of = min(dt.date(year, 12, 31), WINDOW_END)
    recs = [r for r in read_order(files, year) if not r.has_error]

    def count(kind: str, cats: tuple[str, ...] | None = None) -> int:
        keys = {
            r.key
            for r in recs
            if r.kind == kind
            and r.date is not None
            and WINDOW_START <= r.date <= as_of
            and (cats is None or r.cells["活动类别"] in cats)
        }
        return len(keys)

    roster_year = max(
        (
            y
            for y in range(2000, year + 1)
            if any(r.kind == CARRIER and r.year == y for r in read_order(files, year))
        ),
        default=None,
    )
    roster = [r for r in read_order(files, year) if r.kind == CARRIER and r.year == roster_year]
    counted = [
        r.carrier
        for r in roster
        if not r.has_error
        and r.carrier
        and r.carrier["status"] == "运营"
        and r.carrier["established"] <= as_of
    ]
    n = len(counted)
    staff = sum(c["staff"] for c in counted)

    def share(num: int, den: int) -> tuple[int, int] | None:
        return (num, den) if den else None

    return {
        "carriers_total": n,
        "staff_trained_ratio": share(sum(c["trained"] for c in counted), staff),
        "staff_mentor_certified_ratio": share(sum(c["certified"] for c in counted), staff),
        "carriers_full_service_ratio": share(
            sum(set(FULL_SERVICE) <= c["services"] for c in counted), n
        ),
        "carriers_legal_finance_ratio": share(
            sum({"法律服务", "金融服务"} <= c["services"] for c in counted), n
        ),
        "incubated_new": count(INCUBATED),
        "mentors_new": count(MENTOR),
        "hightech_recognized": count(HIGHTECH),
        "tech_sme_registered": count(TECHSME),
        "contest_participations": count(ACTIVITY, (CONTEST,)),
        "training_events": count(ACTIVITY, TRAININGS),
        "demo_bases": sum(c["demo"] for c in counted),
        "_carriers": [c["written_name"] for c in counted],
    }


def by_unit(files: list[SubFile], year: int) -> dict[str, dict[str, int]]:
    """Year actuals per unit (PRODUCT.md assessment): distinct keys among error-free
    records dated in the year, a key counted once, for the unit of its first occurrence."""
    first: dict[tuple[Any, ...], str] = {}
    for r in read_order(files, year):
        if r.has_error or r.kind == CARRIER or r.date is None or r.date.year != year:
            continue
        ind = {
            INCUBATED: "incubated_new",
            MENTOR: "mentors_new",
            HIGHTECH: "hightech_recognized",
            TECHSME: "tech_sme_registered",
        }.get(r.kind)
        if ind is None:
            ind = "contest_participations" if r.cells["活动类别"] == CONTEST else "training_events"
        first.setdefault((ind, r.key), r.unit or "")
    out: dict[str, dict[str, int]] = {}
    for (ind, _), unit in first.items():
        out.setdefault(unit, {}).setdefault(ind, 0)
        out[unit][ind] += 1
    return out


TARGETS = {
    "carriers_total": (6, "stock", "新型孵化载体数量"),
    "staff_trained_ratio": (0.5, "ratio", "载体从业人员接受专业培训比例"),
    "staff_mentor_certified_ratio": (0.4, "ratio", "载体从业人员持创业导师证书比例"),
    "carriers_full_service_ratio": (0.5, "ratio", "提供精准化创业服务的载体比例"),
    "carriers_legal_finance_ratio": (0.5, "ratio", "具备法律、金融服务功能的载体比例"),
    "incubated_new": (100, "cumulative", "累计新增孵化企业和创业团队"),
    "mentors_new": (10, "cumulative", "累计新增创业导师"),
    "hightech_recognized": (10, "cumulative", "累计认定高新技术企业"),
    "tech_sme_registered": (15, "cumulative", "累计科技型中小企业"),
    "contest_participations": (15, "cumulative", "组织参加创业大赛场(次)"),
    "training_events": (20, "cumulative", "举办创业沙龙、训练营及创业培训场(次)"),
    "demo_bases": (1, "range", "创新创业示范基地"),
}


def status(ind: str, actual: Any, year: int) -> tuple[str, str]:
    """Expected-by-now and status under the default rules (baseline 0, at_risk below 0.8)."""
    target, kind, _ = TARGETS[ind]
    if actual is None:
        return "—", "null"
    as_of = min(dt.date(year, 12, 31), WINDOW_END)
    share = min(1.0, ((as_of - WINDOW_START).days + 1) / ((WINDOW_END - WINDOW_START).days + 1))
    expected = target if kind == "ratio" else target * share
    value = actual[0] / actual[1] if isinstance(actual, tuple) else actual
    if value >= target:
        st = "achieved"
    elif value >= expected:
        st = "on_track"
    elif value < expected * 0.8:
        st = "at_risk"
    else:
        st = "behind"
    shown = f"{expected:.0%}" if kind == "ratio" else f"{expected:.2f}"
    return shown, st


def show(actual: Any) -> str:
    if actual is None:
        return "null"
    if isinstance(actual, tuple):
        return f"{actual[0]}/{actual[1]} = {actual[0] / actual[1]:.4f}"
    return str(actual)


# --------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------
README_HEAD = """# 示例数据 / Sample data

## 中文

**本目录中的数据全部是虚构的。** 企业名称、统一社会信用代码、高新技术企业证书编号、
科技型中小企业入库登记编号、创业导师姓名和证书编号、活动名称与日期、载体的从业人员数等
都是编造的，与真实企业和个人无关（如有重名纯属巧合）；
只有所属单位（乌鲁木齐市达坂城区的乡镇、街道和部门）是真实名称。不含身份证号、手机号等个人信息；
“联系电话”一列只有打码的虚构座机号。统一社会信用代码按 GB 32100-2015 规则生成
（校验位正确，除非下文列为故意写错）。

这些文件模拟达坂城区《推进大众创业万众创新工作实施方案（2023—2025年）》执行中各乡镇、街道、部门报来的年度统计表：
2023/ 和 2024/ 两个年度文件夹，截至2024年末全区处于规划中期（序时进度 731/1096 ≈ 66.7%），
有的指标领先、有的落后。文件里有意保留了真实报表常见的各种写法（标题行、序号、合计行、落款、全角数字、
五种日期写法、是/否的多种写法、别名、旧版 .xls、GB18030 和带 BOM 的 UTF-8 CSV、子文件夹），
也故意埋了少量错误，供 `sc-cli validate` 检出（见下表）。

重新生成：

    python scripts/make_sample_data.py            # 写到仓库的 sample_data/
    python scripts/make_sample_data.py OUT_DIR    # 写到别处

生成器使用固定随机种子和固定时间戳，结果可复现；它会删除并重写 OUT_DIR/2023 和
OUT_DIR/2024，并重写本 README。下文的“应报问题”和“应计数”由生成器根据它写入的内容、
按 SUBMISSIONS.md 第4、5节的规则独立算出，不依赖 sc-cli 的代码。

## English

**Everything in this folder is synthetic.** Enterprise names, unified social credit codes
(USCC), high-tech certificate numbers, tech-SME registration numbers, mentor names and
certificate numbers, events and dates, carrier staff figures are invented; any match with a
real enterprise or person is a coincidence. Only the unit names (the townships, streets and
departments of Dabancheng District, Urumqi) are real. There are no ID-card or mobile numbers;
the one 联系电话 column holds masked, invented landlines. USCCs follow GB 32100-2015 (valid
check characters, except where a mistake is planted on purpose, see below).

The files imitate the yearly returns that the district's units send in under the 2023-2025
双创 plan: year folders 2023/ and 2024/; at the end of 2024 the district is mid-plan (pace
731/1096 = 66.7%), ahead on some indicators and behind on others. They keep the forms real
returns take (title rows, 序号, 合计 rows, footers, full-width digits, five date styles,
several yes/no styles, unit aliases, a legacy .xls, GB18030 and UTF-8-with-BOM CSV, a
sub-folder) and a few planted mistakes for `sc-cli validate` to find (table below).

Regenerate with `python scripts/make_sample_data.py [OUT_DIR]` (default: this folder). The
seed and the workbook timestamps are fixed, so the output is reproducible; the script
deletes and rewrites OUT_DIR/2023 and OUT_DIR/2024 and this README. The expected issues and
totals below are computed by the generator from what it wrote, following SUBMISSIONS.md
sections 4 and 5, independently of sc-cli's code.
"""


def md_table(header: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(out)


def readme(
    files: list[SubFile],
    issues: list[Issue],
    tot: dict[int, dict[str, Any]],
    units: dict[int, dict[str, dict[str, int]]],
    out: Path,
) -> str:
    parts = [README_HEAD]
    by_file: dict[str, list[Issue]] = {}
    for i in issues:
        by_file.setdefault(i.file, []).append(i)
    rows = []
    for f in sorted(files, key=lambda f: (f.year, f.path)):
        kinds = ", ".join(s.name for s in f.sheets) or "—"
        planted = ", ".join(f"`{i.code}`" for i in by_file.get(f.rel, [])) or "—"
        size = (out / f.rel).stat().st_size
        rows.append([f"`{f.rel}`", f"{size:,} B", kinds, f"{f.about_zh}<br>{f.about_en}", planted])
    parts.append("## 文件一览 / Files\n")
    parts.append(
        md_table(
            [
                "文件 file",
                "大小 size",
                "工作表 sheets",
                "内容与写法 what it shows",
                "埋设问题 planted",
            ],
            rows,
        )
    )

    parts.append("\n## 应报问题 / Expected issues (`sc-cli validate sample_data`)\n")
    parts.append(
        "行号为 Excel 中看到的行号（标题行、表头行都计入；CSV 为行号，表头是第1行）。"
        "CSV 的“工作表”是识别出的类型名。`duplicate` 需要同时读到 2023 和 2024 文件夹才会出现。"
        "`unknown_column`、`unknown_sheet` 是表级问题，行和列为 null（列名写在说明里）。"
        "`.docx` 的 `unsupported_file` 没有工作表和行号。锁文件 `~$…` 不应产生任何问题。\n\n"
        "Rows are as Excel shows them (title and header rows counted; for CSV the line number, "
        "header = line 1). A CSV's sheet is its recognised type. The `duplicate` only shows "
        "when both year folders are read. `unknown_column` and `unknown_sheet` are sheet-level: "
        "row and column null (the column's name is in the note). The lock file `~$...` must "
        "yield no issue.\n\n"
        "另：对整个 `sample_data` 运行 `sc-cli validate` 时，本 README.md 位于年度文件夹之外，"
        "也可能被报为 `unsupported_file`（不是埋设的问题，不计入下表）；`sc-cli report` 不读它。\n"
        "Note: `sc-cli validate sample_data` may also list this README.md (outside the year "
        "folders) as `unsupported_file`; it is not a planted issue and is not counted below; "
        "`sc-cli report` does not read it.\n"
    )
    irows = [
        [
            n,
            f"`{i.file}`",
            i.sheet or "—",
            i.row or "—",
            i.column or "—",
            f"`{i.code}`",
            i.severity,
            f"{i.note_zh}<br>{i.note_en}",
        ]
        for n, i in enumerate(issues, start=1)
    ]
    parts.append(
        md_table(
            [
                "#",
                "文件 file",
                "工作表 sheet",
                "行 row",
                "列 column",
                "code",
                "severity",
                "说明 note",
            ],
            irows,
        )
    )
    errors = sum(i.severity == "error" for i in issues)
    per_year = []
    for y in (2023, 2024):
        mine = [i for i in issues if i.file.startswith(f"{y}/")]
        e = sum(i.severity == "error" for i in mine)
        per_year.append(f"{y}/: {e} errors, {len(mine) - e} warnings")
    parts.append(
        f"\n合计 / total: **{errors} errors, {len(issues) - errors} warnings** "
        f"({len(issues)} issues). By folder: " + "; ".join(per_year) + ".\n"
    )

    parts.append("## 应计数 / Expected indicator totals\n")
    parts.append(
        "按 SUBMISSIONS.md 第5节：流量类指标为截至年末、规划期内（2023-01-01 起）"
        "无错误记录的不同键个数；"
        "载体类指标取该年文件夹的载体名册，无错误、运营、成立日期不晚于年末者计入。"
        "2023 列为 `sc-cli report 2023`（只读 2023/），2024 列为 `sc-cli report 2024`（累计）。"
        "“预期”“状态”按默认规则（基数 0、低于预期的 0.8 为 at_risk）计算，仅供参考。\n\n"
        "Per SUBMISSIONS.md section 5: flow indicators are distinct keys among error-free records "
        "dated from 2023-01-01 to the year end; carrier indicators use that year's roster "
        "(error-free, 运营, established by the year end). Expected and status assume the default "
        "rules (baseline 0, at_risk below 0.8 x expected).\n"
    )
    trows = []
    for ind, (target, kind, name) in TARGETS.items():
        a23, a24 = tot[2023][ind], tot[2024][ind]
        exp23, st23 = status(ind, a23, 2023)
        exp24, st24 = status(ind, a24, 2024)
        tshown = f"{target:.0%}" if kind == "ratio" else ("1–2" if kind == "range" else target)
        trows.append([f"`{ind}`", name, tshown, show(a23), exp23, st23, show(a24), exp24, st24])
    parts.append(
        md_table(
            [
                "id",
                "指标",
                "target",
                "2023 actual",
                "2023 expected",
                "2023 status",
                "2024 actual (cumulative)",
                "2024 expected",
                "2024 status",
            ],
            trows,
        )
    )
    parts.append(
        "\n计入的载体 / counted carriers: 2023: "
        + "、".join(tot[2023]["_carriers"])
        + "; 2024: "
        + "、".join(tot[2024]["_carriers"])
        + ".\n"
    )

    parts.append("## 各单位当年数 / Year actuals by unit (assessment input)\n")
    parts.append(
        "每个单位在该年内（记录日期在该年）新增的不同键数，键只算给第一次出现的单位"
        "（PRODUCT.md 年度考核）。"
        "补报的2023年12月记录不计入任何单位的2024年数。\n\n"
        "Distinct keys dated in the year, each counted once for the unit of its first "
        "occurrence (PRODUCT.md assessment). The late-reported December 2023 record "
        "counts for no unit in 2024.\n"
    )
    cols = [
        "incubated_new",
        "mentors_new",
        "hightech_recognized",
        "tech_sme_registered",
        "contest_participations",
        "training_events",
    ]
    urows = []
    for u in TOWNSHIPS + DEPARTMENTS:
        a, b = units[2023].get(u, {}), units[2024].get(u, {})
        urows.append([u] + [f"{a.get(c, 0)} / {b.get(c, 0)}" for c in cols])
    parts.append(md_table(["单位 unit (2023 / 2024)", *cols], urows))
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------------------
def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0] in ("-h", "--help")):
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "sample_data"
    out.mkdir(parents=True, exist_ok=True)
    files = build(Gen(SEED))
    write_all(files, out)
    issues = check_planted(files)
    tot = {y: totals(files, y) for y in (2023, 2024)}
    units = {y: by_unit(files, y) for y in (2023, 2024)}
    (out / "README.md").write_text(readme(files, issues, tot, units, out), encoding="utf-8")

    print(f"wrote {sum(1 for _ in out.rglob('*') if _.is_file())} files to {out}")
    for i in issues:
        print(f"  {i.severity:7} {i.code:20} {i.file} | {i.sheet} | row {i.row} | {i.column}")
    for y in (2023, 2024):
        print(
            f"expected totals {y}: "
            + ", ".join(f"{k}={show(v)}" for k, v in tot[y].items() if not k.startswith("_"))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
