"""The year-end assessment scheme (rules/assessment.toml): its shape and its checks.

The plan (四(三)) asks for a yearly assessment of townships, streets and departments, a bonus
for "完成较好的单位" and a yearly performance review of the maker spaces, but gives no
formula. Every number of the default scheme (weights, tasks, benchmarks, bonus, grades) is
data in assessment.toml; it is checked when used, with errors that name the file and key,
including tasks that do not add up to the plan's targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, ValidationError

from shuangchuang_cli.errors import RulesError
from shuangchuang_cli.i18n import Lang, t
from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.sheet_types import SHEET_TYPES, Kind

ASSESSMENT_FILE = "assessment.toml"
CARRIERS = "孵化载体"
CARRIER_COLUMN = "所在载体"  # how a flow record names the carrier it belongs to


# --- the shape of assessment.toml ------------------------------------------------------


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Grade(_Shape):
    name: str
    name_en: str = ""
    floor: float = Field(alias="min")  # the lowest score of the band


class UnitScheme(_Shape):
    bonus: float = Field(5, ge=0)
    weights: dict[str, float]
    # year -> unit -> indicator id -> that unit's task for the year (任务分解)
    tasks: dict[int, dict[str, dict[str, PositiveInt]]]


class CarrierItem(_Shape):
    id: str
    name: str
    name_en: str = ""
    measure: Literal["share", "services", "records"]
    numerator: str | None = None
    denominator: str | None = None
    columns: list[str] = []
    indicators: list[str] = []
    benchmark: float = Field(gt=0)
    weight: float = Field(gt=0)


class CarrierScheme(_Shape):
    bonus: float = Field(0, ge=0)
    items: list[CarrierItem]


class Assessment(_Shape):
    grades: list[Grade]
    units: UnitScheme
    carriers: CarrierScheme

    def grade(self, score: float) -> Grade:
        # Bands are checked to descend and to end at or below 0, so one always matches.
        return next(g for g in self.grades if score >= g.floor)


def check_assessment(rules: Rules, lang: Lang = "zh") -> list[str]:
    """Every problem of assessment.toml, one line each naming the file and the key."""
    path = Path(rules.folder) / ASSESSMENT_FILE
    if rules.assessment is None:
        return [f"{path}: " + t(lang, "文件缺失，无法进行年度考核", "missing: no assessment")]
    try:
        scheme = Assessment.model_validate(rules.assessment)
    except ValidationError as exc:
        return [
            f"{path}: {'.'.join(str(p) for p in err['loc']) or '(整个文件)'}: {err['msg']}"
            for err in exc.errors()
        ]
    return [f"{path}: {key}: {text}" for key, text in _consistency(scheme, rules, lang)]


def assessment_scheme(rules: Rules, lang: Lang = "zh") -> Assessment:
    """The checked assessment scheme; RulesError (one line per problem) when it is unusable."""
    problems = check_assessment(rules, lang)
    if problems:
        head = t(lang, "考核方案有误：", "The assessment rules are wrong:")
        raise RulesError("\n".join([head, *problems]))
    assert rules.assessment is not None
    return Assessment.model_validate(rules.assessment)


def _consistency(scheme: Assessment, rules: Rules, lang: Lang) -> list[tuple[str, str]]:
    return [
        *_check_grades(scheme.grades, lang),
        *_check_units(scheme.units, rules, lang),
        *_check_carriers(scheme.carriers, rules, lang),
    ]


def _check_grades(grades: list[Grade], lang: Lang) -> Iterable[tuple[str, str]]:
    floors = [g.floor for g in grades]
    if not grades:
        yield "grades", t(lang, "至少要有一个等级", "at least one grade is needed")
    elif any(a <= b for a, b in pairwise(floors)):
        yield "grades", t(lang, "各等级的 min 应从高到低排列", "grade minimums must descend")
    elif floors[-1] > 0:
        yield (
            f"grades.{len(grades) - 1}.min",
            t(lang, "最低一档的 min 应为 0，否则低分者没有等级", "the last band must start at 0"),
        )


def _flow_ids(rules: Rules) -> list[str]:
    return [i.id for i in rules.indicators if i.compute.method == "count_keys"]


def _check_units(scheme: UnitScheme, rules: Rules, lang: Lang) -> Iterable[tuple[str, str]]:
    flows = _flow_ids(rules)
    for ind in scheme.weights:
        if ind not in flows:
            yield (
                f"units.weights.{ind}",
                t(lang, "不是计数类指标；应为：", "not a count indicator; expected one of: ")
                + "、".join(flows),
            )
        elif scheme.weights[ind] <= 0:
            yield f"units.weights.{ind}", t(lang, "权重应大于 0", "weight must be above 0")
    total = sum(scheme.weights.values())
    if abs(total - 100) > 1e-6:
        yield "units.weights", t(lang, f"权重合计为 {total:g}，应为 100", f"sum {total:g} != 100")
    plan_years = range(rules.plan.start.year, rules.plan.end.year + 1)
    for year in plan_years:
        if year not in scheme.tasks:
            yield "units.tasks", t(lang, f"缺少 {year} 年的任务分解", f"no tasks for {year}")
    names = {u.name for u in rules.units}
    for year, by_unit in scheme.tasks.items():
        where = f"units.tasks.{year}"
        if year not in plan_years:
            yield where, t(lang, "不在方案期内", "outside the plan window")
        for unit, tasks in by_unit.items():
            if unit not in names:
                canonical = rules.unit_lookup.get(key_text(unit))
                hint = (
                    t(lang, f"请写单位的正式名称“{canonical}”", f"use the name {canonical}")
                    if canonical
                    else t(lang, "不是 units.toml 中的单位", "not a unit of units.toml")
                )
                yield f"{where}.{unit}", hint
            for ind in tasks:
                if ind not in scheme.weights:
                    yield (
                        f"{where}.{unit}.{ind}",
                        t(lang, "该指标没有权重（units.weights）", "no weight in units.weights"),
                    )
        tasked = {u for u, mine in by_unit.items() if mine}
        for unit in (u.name for u in rules.units if u.name not in tasked):
            yield (
                f"{where}.{unit}",
                t(lang, "该单位当年没有任何任务", "this unit has no task in this year"),
            )
    for ind in scheme.weights:
        if ind not in flows:
            continue
        given = sum(t.get(ind, 0) for by_unit in scheme.tasks.values() for t in by_unit.values())
        target = rules.indicator(ind).target
        if given != target:
            yield (
                f"units.tasks.*.*.{ind}",
                t(
                    lang,
                    f"各单位各年任务之和为 {given}，方案目标为 {target:g}（差 {target - given:g}）",
                    f"the tasks add up to {given}, the plan's target is {target:g}",
                ),
            )


def _check_carriers(scheme: CarrierScheme, rules: Rules, lang: Lang) -> Iterable[tuple[str, str]]:
    carrier_cols = {c.name: c.kind for c in SHEET_TYPES[CARRIERS].columns}
    named_sheets = {n for n, s in SHEET_TYPES.items() if CARRIER_COLUMN in s.column_names}
    flows = {i.id: i.compute.sheet for i in rules.indicators if i.compute.method == "count_keys"}
    ids = [item.id for item in scheme.items]
    for n, item in enumerate(scheme.items):
        where = f"carriers.items.{n}"
        if ids.count(item.id) > 1:
            yield f"{where}.id", t(lang, f"项目 id 重复：{item.id}", f"duplicate id {item.id}")
        if item.measure == "share":
            for key, col in (("numerator", item.numerator), ("denominator", item.denominator)):
                if col is None or carrier_cols.get(col) is not Kind.COUNT:
                    yield (
                        f"{where}.{key}",
                        t(lang, "应为孵化载体表的人数列", "must be a count column of 孵化载体"),
                    )
        elif item.measure == "services":
            bad = [c for c in item.columns if carrier_cols.get(c) is not Kind.BOOL]
            if not item.columns or bad:
                yield (
                    f"{where}.columns",
                    t(lang, "应为孵化载体表的是/否列", "must be yes/no columns of 孵化载体")
                    + (f"：{'、'.join(bad)}" if bad else ""),
                )
            elif item.benchmark > len(item.columns):
                yield f"{where}.benchmark", t(lang, "超过所列服务项数", "more than the columns")
        else:
            bad = [i for i in item.indicators if flows.get(i) not in named_sheets]
            if not item.indicators or bad:
                yield (
                    f"{where}.indicators",
                    t(
                        lang,
                        "应为带“所在载体”列的计数类指标",
                        "must be count indicators whose sheet has 所在载体",
                    )
                    + (f"：{'、'.join(bad)}" if bad else ""),
                )
    total = sum(item.weight for item in scheme.items)
    if abs(total - 100) > 1e-6:
        yield "carriers.items", t(lang, f"权重合计为 {total:g}，应为 100", f"sum {total:g}")


def _whole(value: object) -> object:
    """Whole numbers as int all the way down, as the other JSON outputs print them."""
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def rules_overview(rules: Rules, lang: Lang = "zh") -> dict[str, object]:
    """What `sc-cli rules --format json` prints: the plan, targets, units, the assessment in
    force (null when it cannot be used) and every problem found in the folder."""
    problems = check_assessment(rules, lang)
    scheme = None
    if not problems:
        assert rules.assessment is not None
        scheme = Assessment.model_validate(rules.assessment).model_dump(mode="json", by_alias=True)
    return {
        "folder": rules.folder,
        "plan": rules.plan.model_dump(mode="json"),
        "indicators": [
            _whole(i.model_dump(mode="json", exclude={"compute"})) for i in rules.indicators
        ],
        "units": [u.model_dump(mode="json") for u in rules.units],
        "assessment": _whole(scheme),
        "problems": problems,
    }
