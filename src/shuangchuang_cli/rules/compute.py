"""How an indicator is computed: a closed vocabulary of kinds, declared in plan.toml.

Each kind is one class that knows its source sheet and how to measure a pool of counted
records (and a unit's part of it). Never a free-form formula: a plan picks a kind and
names the columns. The pool itself (which records count by the as-of date) is counting's
business; a kind only measures it.

| method           | sheet   | measures                                                     |
|------------------|---------|--------------------------------------------------------------|
| `count_keys`     | flow    | distinct keys among the counted records                      |
| `sum`            | any     | the sum of a numeric column over the counted records         |
| `count_carriers` | roster  | the counted roster rows                                      |
| `sum_ratio`      | roster  | sum of one numeric column / sum of another                   |
| `carrier_share`  | roster  | the share of counted rows with every one of some yes/no cols |

Every kind takes `where = { 列 = [值, ...] }`: only records whose column holds one of the
values are counted (an enum value, a unit, yes/no, or a text compared without spaces).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from shuangchuang_cli.rules.sheet_types import Filter

if TYPE_CHECKING:
    import pandas as pd  # the checks run on frames; loading the rules needs no pandas


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class Measure:
    """What a kind measured: the value, and the parts of a ratio."""

    actual: float | None
    numerator: float | None = None
    denominator: float | None = None


def _ratio(num: float, den: float) -> Measure:
    # A zero denominator has no ratio: null, never 0 (SUBMISSIONS.md section 5).
    return Measure(num / den if den else None, num, den)


class _Kind(_Model):
    sheet: str | None = None  # roster kinds: the roster sheet of the rules when not given
    where: Filter = {}

    role: ClassVar[str] = "any"  # the sheet role this kind reads: flow, roster or any

    def columns(self) -> list[str]:
        """The columns it reads besides its filters."""
        return []

    def measure(self, pool: pd.DataFrame) -> Measure:
        raise NotImplementedError

    def marked(self, pool: pd.DataFrame) -> pd.DataFrame:
        """The pool as explain and the export show it (a share marks who offers all)."""
        return pool


class CountKeys(_Kind):
    method: Literal["count_keys"]
    sheet: str
    role: ClassVar[str] = "flow"

    def measure(self, pool: pd.DataFrame) -> Measure:
        return Measure(float(len(pool)))


class SumColumn(_Kind):
    method: Literal["sum"]
    sheet: str
    column: str

    def columns(self) -> list[str]:
        return [self.column]

    def measure(self, pool: pd.DataFrame) -> Measure:
        return Measure(float(pool[self.column].sum()) if len(pool) else 0.0)


class CountCarriers(_Kind):
    method: Literal["count_carriers"]
    where_flag: str | None = None  # a yes/no column that must be 是 (same as where)
    role: ClassVar[str] = "roster"

    def columns(self) -> list[str]:
        return [self.where_flag] if self.where_flag else []

    def measure(self, pool: pd.DataFrame) -> Measure:
        return Measure(float(len(self.marked(pool))))

    def marked(self, pool: pd.DataFrame) -> pd.DataFrame:
        return pool[pool[self.where_flag].astype(bool)] if self.where_flag else pool


class SumRatio(_Kind):
    method: Literal["sum_ratio"]
    numerator: str
    denominator: str
    role: ClassVar[str] = "roster"

    def columns(self) -> list[str]:
        return [self.numerator, self.denominator]

    def measure(self, pool: pd.DataFrame) -> Measure:
        return _ratio(float(pool[self.numerator].sum()), float(pool[self.denominator].sum()))


class CarrierShare(_Kind):
    method: Literal["carrier_share"]
    all_of: list[str] = Field(min_length=1)
    role: ClassVar[str] = "roster"

    def columns(self) -> list[str]:
        return list(self.all_of)

    def measure(self, pool: pd.DataFrame) -> Measure:
        offers = self.marked(pool)["_offers"]
        return _ratio(float(offers.sum()), float(len(pool)))

    def marked(self, pool: pd.DataFrame) -> pd.DataFrame:
        if not len(pool):
            import pandas as pd

            return pool.assign(_offers=pd.Series(dtype=bool))
        return pool.assign(_offers=pool[self.all_of].astype(bool).all(axis=1))


Compute = Annotated[
    CountKeys | SumColumn | CountCarriers | SumRatio | CarrierShare,
    Field(discriminator="method"),
]
METHODS = ("count_keys", "sum", "count_carriers", "sum_ratio", "carrier_share")
