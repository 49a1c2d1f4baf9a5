"""The shape of the rules: the plan window, its indicators, the units and the allowed values.

One model per file (PlanFile, UnitsFile, ValuesFile, SheetsFile; assessment.py has
AssessmentFile), each refusing unknown tables and keys, and `Rules`, all of them
together once they have been checked against each other (checks.py).
"""

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
from pydantic_core import PydanticCustomError

from shuangchuang_cli.i18n import worded
from shuangchuang_cli.models import PlanLabel, PlanQuotes
from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.rules.assessment import Assessment
from shuangchuang_cli.rules.compute import Compute
from shuangchuang_cli.rules.limits import Limits
from shuangchuang_cli.rules.numbers import Number
from shuangchuang_cli.rules.sheet_types import SheetType


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Window(_Model):
    name: str  # without 《》: outputs put them around it where a sentence cites the plan
    name_en: str = ""
    district: str = ""  # the full name of the district or city (乌鲁木齐市达坂城区)
    region: str = ""  # how titles name it (达坂城区); the district's name when not given
    region_en: str = ""
    topic: str = ""  # what the plan is about, for titles (双创)
    topic_en: str = ""
    # The bulletin's 主送机关 and 发文机关署名; left out of it when not given.
    recipients: str = ""
    recipients_en: str = ""
    issuer: str = ""
    issuer_en: str = ""
    quotes: PlanQuotes = PlanQuotes()  # [plan.quotes]: the sentences the bulletin cites
    start: dt.date
    end: dt.date

    @field_validator("name", mode="before")
    @classmethod
    def _unquoted(cls, value: object) -> object:
        if (
            isinstance(value, str)
            and value.strip().startswith("《")
            and value.strip().endswith("》")
        ):
            return value.strip()[1:-1]
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end < self.start:
            raise PydanticCustomError("rules.window_order", "end before start")
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    def label(self) -> PlanLabel:
        """How outputs name the plan: the region falls back on the district's full name."""
        return PlanLabel(
            name=self.name,
            name_en=self.name_en,
            region=self.region or self.district,
            region_en=self.region_en,
            topic=self.topic,
            topic_en=self.topic_en,
            recipients=self.recipients,
            recipients_en=self.recipients_en,
            issuer=self.issuer,
            issuer_en=self.issuer_en,
            quotes=self.quotes,
        )


class StatusRule(_Model):
    at_risk_below: Number = Field(0.8, gt=0, le=1)


IndicatorKind = Literal["cumulative", "stock", "ratio", "range", "annual"]


class Indicator(_Model):
    id: str
    name: str
    name_en: str = ""
    short: str = ""  # a column header for tables with one column per indicator
    short_en: str = ""
    kind: IndicatorKind
    unit: str
    target: Number | None = None
    target_max: Number | None = None
    targets: dict[int, Number] = {}  # annual: the target of each year of the window
    baseline: Number = 0.0
    direction: Literal["higher", "lower"] = "higher"
    unit_kinds: list[str] = []  # only records of units of these kinds count
    compute: Compute

    @field_validator("unit", mode="before")
    @classmethod
    def _percent(cls, value: object) -> object:
        # The full-width ％ an input method types is the same unit.
        return "%" if isinstance(value, str) and value.strip() in ("%", "％") else value

    @model_validator(mode="after")
    def _targets(self) -> Indicator:
        if self.target is None and not (self.kind == "annual" and self.targets):
            raise PydanticCustomError("rules.target_missing", "target missing")
        return self

    def target_for(self, year: int) -> float | None:
        """The target a report for `year` measures against (annual: that year's own)."""
        if self.kind == "annual":
            return self.targets.get(year, self.target)
        return self.target

    def label(self, lang: str) -> str:
        return worded(lang, self.name, self.name_en)

    def short_label(self, lang: str) -> str:
        shown = self.short_en if lang == "en" else self.short
        return shown or self.label(lang)


class UnitKind(_Model):
    id: str
    name: str
    name_en: str = ""


# The kinds the plan itself speaks of, for a units.toml that declares none.
DEFAULT_UNIT_KINDS = (
    UnitKind(id="township", name="乡镇", name_en="township"),
    UnitKind(id="street", name="街道", name_en="street"),
    UnitKind(id="department", name="部门", name_en="department"),
)


class Unit(_Model):
    name: str
    kind: str
    code: str | None = None
    aliases: list[str] = []


class YesNo(_Model):
    yes: list[str] = Field(min_length=1)
    no: list[str] = Field(min_length=1)


class Values(_Model):
    """values.toml: the allowed values of each enumerated column, yes/no forms, limits."""

    model_config = ConfigDict(frozen=True, extra="allow")
    yes_no: YesNo
    limits: Limits = Limits()

    @model_validator(mode="before")
    @classmethod
    def _trimmed(cls, data: object) -> object:
        # "国家级 " typed with a trailing space is the value 国家级: cells are compared
        # trimmed, and a message quoting the value would show a space no one can see.
        if not isinstance(data, dict):
            return data
        return {
            k: [v.strip() for v in value] if _is_list_of_text(value) else value
            for k, value in data.items()
        }

    @field_validator("limits", mode="before")
    @classmethod
    def _known_limits(cls, value: object) -> object:
        if isinstance(value, dict):
            unknown = sorted(set(value) - {f.name for f in fields(Limits)})
            if unknown:
                raise PydanticCustomError(
                    "rules.unknown_limits", "unknown limits", {"names": tuple(unknown)}
                )
            try:
                return Limits(**value)
            except (TypeError, ValueError):
                raise PydanticCustomError("rules.limit_positive", "limits must be > 0") from None
        return value

    @property
    def enums(self) -> dict[str, list[str]]:
        extra = self.model_extra or {}
        return {k: list(v) for k, v in extra.items() if isinstance(v, list)}

    @property
    def stray(self) -> dict[str, object]:
        """Top-level keys that are neither a table of the file nor a list of values."""
        extra = self.model_extra or {}
        return {k: v for k, v in extra.items() if not _is_list_of_text(v)}


def _is_list_of_text(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


class PlanFile(_Model):
    plan: Window
    status: StatusRule = StatusRule()
    indicators: list[Indicator] = Field(min_length=1)


class UnitsFile(_Model):
    kinds: list[UnitKind] = list(DEFAULT_UNIT_KINDS)
    units: list[Unit] = Field(min_length=1)


class SheetsFile(_Model):
    sheets: list[SheetType] = Field(min_length=1)


class Rules(_Model):
    """Every rules file together, checked against each other."""

    folder: str
    plan: Window
    status: StatusRule = StatusRule()
    indicators: list[Indicator]
    units: list[Unit]
    unit_kinds: list[UnitKind] = list(DEFAULT_UNIT_KINDS)
    values: Values
    sheets: list[SheetType]
    assessment: Assessment | None = None
    # Why assessment.toml cannot be used, when it cannot (the report still can).
    assessment_problems: tuple[Any, ...] = ()
    sheets_bundled: bool = False  # sheets.toml was absent: the bundled sheet types apply

    @cached_property
    def unit_lookup(self) -> dict[str, str]:
        """Every normalised name and alias -> the canonical unit name."""
        return {key_text(f): u.name for u in self.units for f in (u.name, *u.aliases)}

    @cached_property
    def sheet_types(self) -> dict[str, SheetType]:
        return {s.name: s for s in self.sheets}

    @cached_property
    def roster(self) -> SheetType | None:
        """The roster sheet carrier indicators read when they name none."""
        return next((s for s in self.sheets if s.is_roster), None)

    def source_sheet(self, indicator: Indicator) -> SheetType:
        """The sheet an indicator counts (checked at load to exist)."""
        name = indicator.compute.sheet
        sheet = self.sheet_types.get(name) if name else self.roster
        assert sheet is not None
        return sheet

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def unit_kind(self, unit: Unit) -> UnitKind:
        return next(k for k in self.unit_kinds if k.id == unit.kind)

    def units_of_kinds(self, kinds: list[str]) -> set[str]:
        return {u.name for u in self.units if u.kind in kinds}

    @cached_property
    def enum_columns(self) -> dict[str, list[str]]:
        """Every enumerated column's allowed values, by the list's name."""
        return self.values.enums

    def allowed(self, sheet: SheetType, column: str) -> list[str]:
        return self.values.enums.get(sheet.column(column).enum_list, [])


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
