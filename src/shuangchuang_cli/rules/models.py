"""The shape of the rules: the plan window, its indicators, the units and the allowed values."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from functools import cached_property
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.rules.limits import Limits
from shuangchuang_cli.rules.sheet_types import SHEET_TYPES


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Window(_Model):
    name: str
    name_en: str = ""
    district: str = ""
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end < self.start:
            raise ValueError("end 早于 start")
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class StatusRule(_Model):
    at_risk_below: float = Field(0.8, gt=0, le=1)


Method = Literal["count_keys", "count_carriers", "sum_ratio", "carrier_share"]


class Compute(_Model):
    """How an indicator is computed, declared by kind; never a free-form formula."""

    method: Method
    sheet: str | None = None
    where: dict[str, list[str]] = {}
    where_flag: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    all_of: list[str] = []

    @model_validator(mode="after")
    def _complete(self) -> Compute:
        carrier_cols = set(SHEET_TYPES["孵化载体"].column_names)
        if self.method == "count_keys":
            if self.sheet not in SHEET_TYPES or self.sheet == "孵化载体":
                raise ValueError(f"count_keys 需要 sheet 为流量表之一，而不是 {self.sheet!r}")
            cols = set(SHEET_TYPES[self.sheet].column_names)
            for col in self.where:
                if col not in cols:
                    raise ValueError(f"where 中的列 {col!r} 不在 {self.sheet} 中")
        named = [self.where_flag, self.numerator, self.denominator, *self.all_of]
        if self.method == "sum_ratio" and not (self.numerator and self.denominator):
            raise ValueError("sum_ratio 需要 numerator 与 denominator")
        if self.method == "carrier_share" and not self.all_of:
            raise ValueError("carrier_share 需要 all_of")
        if self.method != "count_keys":
            for name in named:
                if name is not None and name not in carrier_cols:
                    raise ValueError(f"列 {name!r} 不在 孵化载体 中")
        return self


class Indicator(_Model):
    id: str
    name: str
    name_en: str = ""
    short: str = ""  # a column header for tables with one column per indicator
    short_en: str = ""
    kind: Literal["cumulative", "stock", "ratio", "range"]
    unit: str
    target: float
    target_max: float | None = None
    baseline: float = 0.0
    compute: Compute

    @model_validator(mode="after")
    def _range(self) -> Indicator:
        if self.kind == "range" and (self.target_max is None or self.target_max < self.target):
            raise ValueError("range 指标需要不小于 target 的 target_max")
        return self


class Unit(_Model):
    name: str
    kind: Literal["township", "street", "department"]
    code: str | None = None
    aliases: list[str] = []


class YesNo(_Model):
    yes: list[str]
    no: list[str]


class Values(_Model):
    model_config = ConfigDict(frozen=True, extra="allow")
    yes_no: YesNo
    limits: Limits = Limits()

    @field_validator("limits", mode="before")
    @classmethod
    def _known_limits(cls, value: object) -> object:
        if isinstance(value, dict):
            unknown = sorted(set(value) - {f.name for f in fields(Limits)})
            if unknown:
                raise ValueError(f"未知的限值：{'、'.join(unknown)}")
        return value

    @property
    def enums(self) -> dict[str, list[str]]:
        extra = self.model_extra or {}
        return {k: list(v) for k, v in extra.items()}

    @model_validator(mode="after")
    def _lists(self) -> Values:
        for column, allowed in (self.model_extra or {}).items():
            if not isinstance(allowed, list) or not all(isinstance(v, str) for v in allowed):
                raise ValueError(f"{column} 应为字符串列表")
        return self


class Rules(_Model):
    folder: str
    plan: Window
    status: StatusRule = StatusRule()
    indicators: list[Indicator]
    units: list[Unit]
    values: Values
    assessment: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Rules:
        ids = [i.id for i in self.indicators]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"指标 id 重复：{', '.join(dupes)}")
        seen: dict[str, str] = {}
        for unit in self.units:
            for form in (unit.name, *unit.aliases):
                key = key_text(form)
                if key in seen and seen[key] != unit.name:
                    raise ValueError(f"单位写法 {form!r} 同时属于 {seen[key]} 与 {unit.name}")
                seen[key] = unit.name
        return self

    @cached_property
    def unit_lookup(self) -> dict[str, str]:
        """Every normalised name and alias -> the canonical unit name."""
        return {key_text(f): u.name for u in self.units for f in (u.name, *u.aliases)}

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)
