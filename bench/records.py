"""What the benchmark's records look like: valid codes, names, dates, and planted faults.

Kept apart from generate.py, which only lays records out in workbooks and folders.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

YEARS = (2023, 2024, 2025)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code, chars 9-17
# The district's township-level units (SUBMISSIONS.md section 2), as the bundled rules name them.
DISTRICT_UNITS = (
    "艾维尔沟街道",
    "乌拉泊街道",
    "盐湖街道",
    "达坂城镇",
    "东沟乡",
    "西沟乡",
    "阿克苏乡",
    "柴窝堡管委会",
)
REGION_UNITS = tuple(f"单位{i:03d}" for i in range(1, 81))
AREAS = ("650102", "650103", "650104", "650105", "650106", "650107", "650109", "650121")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚英华玉兰萍红建国文辉鹏宇浩欣怡"
WORDS = "天山博格达瀚海丝路金盛华泰鑫源恒通昆仑雪莲绿洲清风晨光众创智远宏图西域雅丹"
INDUSTRIES = ("科技", "信息技术", "新能源", "生物科技", "农业科技", "智能装备", "环保科技", "软件")
TOPICS = ("创新创业", "科技金融", "知识产权", "电商直播", "乡村振兴", "数字经济", "青年创业")

# Column order as a clerk's template has it; 序号 first, as township files usually do.
COLUMNS = {
    kind: tuple(names.split())
    for kind, names in {
        "孵化载体": "载体名称 载体类型 认定级别 所属单位 运营主体统一社会信用代码 成立日期 "
        "运营状态 示范基地 从业人员数 接受专业培训人数 持创业导师证书人数 "
        "政策咨询 创业辅导 财务代理 项目申报 知识产权管理 法律服务 金融服务",
        "孵化企业": "序号 名称 主体类型 统一社会信用代码 所在载体 所属单位 入孵日期",
        "科技型中小企业": "序号 企业名称 统一社会信用代码 入库登记编号 入库日期 所属单位",
        "高新技术企业": "序号 企业名称 统一社会信用代码 证书编号 认定日期 所属单位",
        "创业导师": "序号 姓名 证书编号 所在载体 所属单位 聘任日期",
        "双创活动": "序号 活动名称 活动类别 活动日期 所属单位 所在载体 参与人次",
    }.items()
}
# Every type has exactly one column ending in 日期: the record's date.
DATE_COLUMN = {kind: next(c for c in cols if c.endswith("日期")) for kind, cols in COLUMNS.items()}
# Share of a file's flow records per sheet type; carriers are a fixed few per unit.
FLOW_SHARE = dict(
    孵化企业=0.35, 科技型中小企业=0.25, 高新技术企业=0.12, 创业导师=0.10, 双创活动=0.18
)
BAD_ENUM = {"载体类型": "孵化基地", "运营状态": "筹建", "主体类型": "公司", "活动类别": "创业讲座"}
ACTIVITY_KINDS = ("参加创业大赛", "创业沙龙", "创业训练营", "创业培训")
CARRIER_KINDS = ("专业孵化器", "众创空间", "星创天地", "科技企业孵化器", "加速器", "其他")
SERVICES = COLUMNS["孵化载体"][11:]


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def make_uscc(serial: int, area: str) -> str:
    """A valid code, unique per serial: 48271 is coprime to 10**8, so the map is a bijection."""
    body = f"{(serial * 48271 + 13_579_246) % 100_000_000:08d}"
    org = 11 - sum(int(c) * w for c, w in zip(body, ORG_WEIGHTS, strict=True)) % 11
    first17 = "91" + area + body + {10: "X", 11: "0"}.get(org, str(org))
    return first17 + uscc_check_char(first17)


class Fake:
    """Realistic values from one seeded generator, so a whole run is reproducible."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.serial = 0

    def uscc(self, area: str = "650107") -> str:
        self.serial += 1
        return make_uscc(self.serial, area)

    def bad_uscc(self, code: str) -> str:
        wrong = self.rng.choice([c for c in USCC_ALPHABET if c != code[-1]])
        return code[:-1] + wrong

    def company(self) -> str:
        place = self.rng.choice(("新疆", "乌鲁木齐", "达坂城", ""))
        words = "".join(self.rng.sample(WORDS, 2))
        return f"{place}{words}{self.rng.choice(INDUSTRIES)}有限公司"

    def person(self) -> str:
        given = "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2))))
        return self.rng.choice(SURNAMES) + given

    def date_in(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def bad_date(self, year: int) -> str:
        # Dates that look plausible but do not exist: what validators must catch.
        return self.rng.choice((f"{year}-02-30", f"{year}年13月5日", f"{year}.4.31", f"{year}0631"))

    def yes(self, p: float) -> str:
        return "是" if self.rng.random() < p else self.rng.choice(("否", ""))


def carriers_of(unit: str, index: int, fake: Fake) -> list[dict[str, Any]]:
    """Three carriers per unit, fixed across years: each year's roster repeats them."""
    rng = fake.rng
    carriers = []
    for kind in rng.sample(CARRIER_KINDS, 3):
        name = f"{unit}{''.join(rng.sample(WORDS, 2))}{'创业园' if kind == '其他' else kind}"
        level = rng.choice(("国家级", "自治区级", "市级", "区级", "未认定", ""))
        operator = fake.uscc(AREAS[index % len(AREAS)])
        founded = dt.date(2015 + rng.randrange(8), 1, 1) + dt.timedelta(days=rng.randrange(365))
        values = (name, kind, level, unit, operator, founded)
        carriers.append(dict(zip(COLUMNS["孵化载体"][:6], values, strict=True)))
    return carriers


def carrier_row(base: dict[str, Any], fake: Fake) -> dict[str, Any]:
    """This year's figures for one carrier: state, staff and the services it offers."""
    rng = fake.rng
    staff = rng.randrange(4, 41)
    state = rng.choices(("运营", "停运", "撤销"), (90, 7, 3))[0]
    figures = (state, fake.yes(0.1), staff, rng.randrange(staff + 1), rng.randrange(staff + 1))
    row = dict(base, **dict(zip(COLUMNS["孵化载体"][6:11], figures, strict=True)))
    row.update({s: fake.yes(0.6) for s in SERVICES})
    return row


def flow_row(
    kind: str, unit: str, year: int, area: str, carriers: list[str], fake: Fake
) -> dict[str, Any]:
    """One clean record of a flow sheet, dated within the file's year."""
    rng = fake.rng
    carrier = rng.choice(carriers) if rng.random() < 0.7 else ""
    date = fake.date_in(year)
    values: tuple[Any, ...]
    if kind == "孵化企业":
        team = rng.random() < 0.25
        brand = "".join(rng.sample(WORDS, 2))  # the team's name is its key: keep clashes rare
        name = f"{fake.person()}{brand}{rng.choice(INDUSTRIES)}创业团队" if team else fake.company()
        code = "" if team else fake.uscc(area)
        values = (name, "团队" if team else "企业", code, carrier, unit, date)
    elif kind == "科技型中小企业":
        code = fake.uscc(area)
        values = (fake.company(), code, f"{year}{area}{fake.serial:08d}", date, unit)
    elif kind == "高新技术企业":
        certificate = f"GR{year}65{rng.randrange(10**6):06d}"
        values = (fake.company(), fake.uscc(area), certificate, date, unit)
    elif kind == "创业导师":
        fake.serial += 1
        values = (fake.person(), f"CYDS{year}{fake.serial:07d}", carrier, unit, date)
    else:
        category = rng.choice(ACTIVITY_KINDS)
        fake.serial += 1  # a running number keeps activity names (part of the key) distinct
        topic = f"{rng.choice(TOPICS)}主题{category.removeprefix('参加')}"
        name = f"{year}年{unit}{topic}第{fake.serial}期"
        values = (name, category, date, unit, carrier, rng.randrange(10, 300))
    return dict(zip(COLUMNS[kind][1:], values, strict=True))


def plant_error(kind: str, row: dict[str, Any], year: int, fake: Fake) -> None:
    """One faulty cell, picked among the checks that apply to this sheet type."""
    choices = ["date", "unit"] + [c for c in BAD_ENUM if c in row]
    if row.get("统一社会信用代码"):
        choices.append("uscc")
    if kind == "孵化载体":
        choices.append("staff")
    pick = fake.rng.choice(choices)
    if pick == "date":
        row[DATE_COLUMN[kind]] = fake.bad_date(year)
    elif pick == "unit":
        row["所属单位"] = "单位999"
    elif pick == "uscc":
        row["统一社会信用代码"] = fake.bad_uscc(row["统一社会信用代码"])
    elif pick == "staff":
        row["接受专业培训人数"] = row["从业人员数"] + 3
    else:
        row[pick] = BAD_ENUM[pick]
