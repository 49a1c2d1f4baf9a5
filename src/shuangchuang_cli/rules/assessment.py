"""The year-end assessment scheme (rules/assessment.toml): its shape.

The plan (四(三)) asks for a yearly assessment of townships, streets and departments, a bonus
for "完成较好的单位" and a yearly performance review of the maker spaces, but gives no
formula. Every number of the default scheme (weights, tasks, benchmarks, bonus, grades,
the groups ranked apart) is data in assessment.toml; checks.py checks it against the plan
and the units when the rules are loaded.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shuangchuang_cli.rules.numbers import Number, Task


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Grade(_Shape):
    name: str
    name_en: str = ""
    floor: Number = Field(alias="min")  # the lowest score of the band


class UnitGroup(_Shape):
    """Units ranked together (乡镇街道 apart from 部门), by their kinds in units.toml."""

    name: str
    name_en: str = ""
    kinds: list[str] = Field(min_length=1)
    weights: dict[str, Number] = {}  # the group's own weights, when not the scheme's


class UnitScheme(_Shape):
    bonus: Number = Field(5, ge=0)
    weights: dict[str, Number]
    # year -> unit -> indicator id -> that unit's task for the year (任务分解)
    tasks: dict[int, dict[str, dict[str, Task]]]
    groups: list[UnitGroup] = []

    def weights_for(self, group: UnitGroup | None) -> dict[str, float]:
        return group.weights if group is not None and group.weights else self.weights


class CarrierItem(_Shape):
    id: str
    name: str
    name_en: str = ""
    measure: Literal["share", "services", "records"]
    numerator: str | None = None
    denominator: str | None = None
    columns: list[str] = []
    indicators: list[str] = []
    benchmark: Number = Field(gt=0)
    weight: Number = Field(gt=0)


class CarrierScheme(_Shape):
    # The review as the plan names it (众创空间绩效考核); "载体绩效考核" when not given.
    name: str = ""
    name_en: str = ""
    bonus: Number = Field(0, ge=0)
    # How a flow record names the carrier it belongs to (matched on the normalised name).
    named_by: str = "所在载体"
    items: list[CarrierItem]


class Assessment(_Shape):
    grades: list[Grade]
    # Either part may be left out: a city may assess only its units, or only review its
    # maker spaces; the part it lacks is said to be missing where it would be shown.
    units: UnitScheme | None = None
    carriers: CarrierScheme | None = None

    def grade(self, score: float) -> Grade:
        # Bands are checked to descend and to end at or below 0, so one always matches.
        return next(g for g in self.grades if score >= g.floor)


AssessmentFile = Assessment
