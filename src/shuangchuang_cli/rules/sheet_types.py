"""The six sheet types of a submission: columns, which are required, how each is read.

This is the submission contract itself (SUBMISSIONS.md section 2), so it is code, not rules:
the allowed values of the enumerated columns live in rules/values.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"  # free text, names
    ENUM = "enum"  # one of the allowed values in rules/values.toml
    UNIT = "unit"  # 所属单位: a unit or alias in rules/units.toml
    DATE = "date"
    COUNT = "count"  # a whole number >= 0
    BOOL = "bool"  # yes/no, blank = no
    CODE = "code"  # certificate or registration number: upper-cased, no spaces
    USCC = "uscc"  # 统一社会信用代码 (GB 32100-2015)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False


@dataclass(frozen=True)
class SheetType:
    name: str
    columns: tuple[Column, ...]
    date_column: str | None  # the date that places a flow record in time
    key_columns: tuple[str, ...]  # what makes two records the same (section 5)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, kind: Kind, required: bool = False) -> Column:
    return Column(name, kind, required)


SERVICES = ("政策咨询", "创业辅导", "财务代理", "项目申报", "知识产权管理", "法律服务", "金融服务")
ROW_NUMBER = "序号"  # allowed anywhere, ignored

CARRIERS = SheetType(
    "孵化载体",
    (
        _c("载体名称", Kind.TEXT, True),
        _c("载体类型", Kind.ENUM, True),
        _c("认定级别", Kind.ENUM),
        _c("所属单位", Kind.UNIT, True),
        _c("运营主体统一社会信用代码", Kind.USCC),
        _c("成立日期", Kind.DATE, True),
        _c("运营状态", Kind.ENUM, True),
        _c("示范基地", Kind.BOOL),
        _c("从业人员数", Kind.COUNT, True),
        _c("接受专业培训人数", Kind.COUNT, True),
        _c("持创业导师证书人数", Kind.COUNT, True),
        *(_c(s, Kind.BOOL) for s in SERVICES),
    ),
    date_column=None,
    key_columns=("载体名称",),
)

INCUBATED = SheetType(
    "孵化企业",
    (
        _c("名称", Kind.TEXT, True),
        _c("主体类型", Kind.ENUM, True),
        _c("统一社会信用代码", Kind.USCC),  # required for 企业: checked in validation
        _c("所在载体", Kind.TEXT),
        _c("所属单位", Kind.UNIT, True),
        _c("入孵日期", Kind.DATE, True),
    ),
    date_column="入孵日期",
    key_columns=("主体类型", "统一社会信用代码", "名称"),
)

MENTORS = SheetType(
    "创业导师",
    (
        _c("姓名", Kind.TEXT, True),
        _c("证书编号", Kind.CODE, True),
        _c("所在载体", Kind.TEXT),
        _c("所属单位", Kind.UNIT, True),
        _c("聘任日期", Kind.DATE, True),
    ),
    date_column="聘任日期",
    key_columns=("证书编号",),
)

HIGH_TECH = SheetType(
    "高新技术企业",
    (
        _c("企业名称", Kind.TEXT, True),
        _c("统一社会信用代码", Kind.USCC, True),
        _c("证书编号", Kind.CODE, True),
        _c("认定日期", Kind.DATE, True),
        _c("所属单位", Kind.UNIT, True),
    ),
    date_column="认定日期",
    key_columns=("统一社会信用代码",),
)

TECH_SME = SheetType(
    "科技型中小企业",
    (
        _c("企业名称", Kind.TEXT, True),
        _c("统一社会信用代码", Kind.USCC, True),
        _c("入库登记编号", Kind.CODE, True),
        _c("入库日期", Kind.DATE, True),
        _c("所属单位", Kind.UNIT, True),
    ),
    date_column="入库日期",
    key_columns=("统一社会信用代码",),
)

EVENTS = SheetType(
    "双创活动",
    (
        _c("活动名称", Kind.TEXT, True),
        _c("活动类别", Kind.ENUM, True),
        _c("活动日期", Kind.DATE, True),
        _c("所属单位", Kind.UNIT, True),
        _c("所在载体", Kind.TEXT),
        _c("参与人次", Kind.COUNT),
    ),
    date_column="活动日期",
    key_columns=("活动名称", "活动日期", "活动类别"),
)

# In the order the contract lists them; also the order of the template's sheets.
SHEET_TYPES: dict[str, SheetType] = {
    t.name: t for t in (CARRIERS, INCUBATED, MENTORS, HIGH_TECH, TECH_SME, EVENTS)
}
