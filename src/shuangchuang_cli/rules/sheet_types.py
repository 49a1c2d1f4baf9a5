"""The sheet types of a submission (rules/sheets.toml): columns, how each is read, what
makes two records the same, and the checks across the cells of a row.

The six types of the bundled rules are the submission contract (SUBMISSIONS.md section 2);
another plan declares its own, with no code change. Each cross-column check is one class
that knows how to find its faulty rows, so checking loops over declared checks, never
over sheet names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shuangchuang_cli.i18n import worded

if TYPE_CHECKING:
    import pandas as pd  # the checks run on frames; loading the rules needs no pandas


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Kind(StrEnum):
    TEXT = "text"  # free text, names
    ENUM = "enum"  # one of the allowed values in rules/values.toml
    UNIT = "unit"  # 所属单位: a unit or alias in rules/units.toml
    DATE = "date"
    COUNT = "count"  # a whole number >= 0
    AMOUNT = "amount"  # a number >= 0, decimals allowed (an amount of money)
    BOOL = "bool"  # yes/no, blank = no
    CODE = "code"  # certificate or registration number: upper-cased, no spaces
    USCC = "uscc"  # 统一社会信用代码 (GB 32100-2015)


NUMERIC = (Kind.COUNT, Kind.AMOUNT)
Filter = dict[str, list[str | bool]]  # column -> the values that match (any of them)
FilterLike = Mapping[str, Sequence[str | bool]]  # a Filter, or an enum-only one


class Column(_Model):
    name: str
    name_en: str = ""
    kind: Kind
    required: bool = False
    # Another column's values that make this one required (统一社会信用代码 for 企业).
    required_when: dict[str, list[str]] = {}
    default: str | None = None  # enum: what a blank cell means (认定级别: 未认定)
    values: str | None = None  # enum: the list's name in values.toml, if not the column's
    explain: str | None = None  # the key `explain` shows this column under
    hint: str = ""  # the template's input hint, when the kind's own is not enough
    hint_en: str = ""

    @property
    def enum_list(self) -> str:
        return self.values or self.name


class KeyRule(_Model):
    """What makes two records the same: these columns' values, for rows that match `when`."""

    columns: list[str] = Field(min_length=1)
    when: dict[str, list[str]] = {}
    label: str = ""  # written before the key, so that keys of two rules never meet


class NotAbove(_Model):
    """`column` must not be greater than `limit` (trained staff over staff)."""

    kind: Literal["not_above"]
    column: str
    limit: str
    code: Literal["count_exceeds_staff"] = "count_exceeds_staff"

    def faulty(self, data: pd.DataFrame) -> pd.Series:
        limit = data[self.limit]
        over: pd.Series = data[self.column].gt(limit) & limit.notna()
        return over


class Pattern(_Model):
    """`column` should look like `pattern` (a certificate number): a warning."""

    kind: Literal["pattern"]
    column: str
    pattern: str
    format: str  # what the value should look like, in words
    format_en: str = ""
    example: str = ""
    code: Literal["bad_certificate"] = "bad_certificate"

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"pattern: {exc}") from None
        return value

    def faulty(self, data: pd.DataFrame) -> pd.Series:
        values = data[self.column]
        odd: pd.Series = values.notna() & ~values.fillna("").astype(str).str.fullmatch(self.pattern)
        return odd


Check = Annotated[NotAbove | Pattern, Field(discriminator="kind")]


class SheetType(_Model):
    name: str
    name_en: str = ""
    role: Literal["roster", "flow"]
    purpose: str = ""  # what the sheet is for, in the template's instructions
    purpose_en: str = ""
    columns: list[Column] = Field(min_length=1)
    # flow: the date that places a record in time; roster: the founding date, counted
    # when on or before the as-of date.
    date: str | None = None
    keys: list[KeyRule] = Field(min_length=1)
    counted_when: dict[str, list[str]] = {}  # roster: the rows that count
    checks: list[Check] = []

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    def column(self, name: str) -> Column:
        return self._by_name[name]

    def has(self, name: str) -> bool:
        return name in self._by_name

    @property
    def is_roster(self) -> bool:
        return self.role == "roster"

    @cached_property
    def unit_column(self) -> str | None:
        """The column that says which unit a record belongs to (所属单位)."""
        return next((c.name for c in self.columns if c.kind is Kind.UNIT), None)

    @property
    def name_column(self) -> str:
        """The record's name as submitted: the first column (every type lists it first)."""
        return self.columns[0].name

    def label(self, lang: str) -> str:
        return worded(lang, self.name, self.name_en)


ROW_NUMBER = "序号"  # allowed anywhere, ignored
