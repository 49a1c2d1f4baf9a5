"""assessment.toml checked against the plan, the units and the sheets.

Grades descend to 0; every weighted or tasked indicator exists in plan.toml and is one a
unit can be tasked with (a count or a sum of new records, higher is better); weights add
up to 100; each year of the window has a task list, every unit a task in it, and the
tasks add up to the plan's target; a unit is tasked only with indicators its kind counts
for; groups name declared kinds and hold every unit once; carrier items name columns of
the right kind.
"""

from __future__ import annotations

from itertools import pairwise

from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.rules.assessment import Assessment, CarrierScheme, UnitScheme
from shuangchuang_cli.rules.checks import Checker
from shuangchuang_cli.rules.models import Indicator
from shuangchuang_cli.rules.problems import Segment, key
from shuangchuang_cli.rules.sheet_types import NUMERIC, Kind

FILE = "assessment.toml"
# What the plan itself must agree with: a weight or a task for an indicator the plan does
# not have, or that a unit cannot meet, is refused for every command. The rest only
# stops the assessment (score, the export's score sheets); the report still runs.
BLOCKING = ("no_such_indicator", "not_taskable", "task_wrong_kind", "task_filtered_out")


def _say(checker: Checker, where: list[Segment], what: str, **params: object) -> None:
    if what in BLOCKING:
        checker.say(FILE, where, what, **params)
    else:
        checker.say_of_scheme(FILE, where, what, **params)


def taskable(ind: Indicator, checker: Checker) -> bool:
    """Whether units can be given yearly tasks for it: new records counted or summed."""
    sheet = checker.sheets.get(ind.compute.sheet or "")
    return (
        sheet is not None
        and sheet.role == "flow"
        and ind.compute.method in ("count_keys", "sum")
        and ind.direction == "higher"
        and ind.kind in ("cumulative", "annual", "stock")
    )


def check_assessment(scheme: Assessment, checker: Checker) -> None:
    _grades(scheme, checker)
    if scheme.units is None and scheme.carriers is None:
        _say(checker, [], "scheme_empty")
    if scheme.units is not None:
        _weights(scheme.units, checker)
        _groups(scheme.units, checker)
        _tasks(scheme.units, checker)
    if scheme.carriers is not None:
        _carriers(scheme.carriers, checker)


def _grades(scheme: Assessment, checker: Checker) -> None:
    floors = [g.floor for g in scheme.grades]
    if not floors:
        _say(checker, [key("grades")], "grades_none")
    elif any(a <= b for a, b in pairwise(floors)):
        _say(checker, [key("grades")], "grades_descend")
    elif floors[-1] > 0:
        _say(checker, [("grade", scheme.grades[-1].name), key("min")], "grades_floor")
    names = [key_text(g.name) for g in scheme.grades]
    for grade in scheme.grades:
        if names.count(key_text(grade.name)) > 1:
            _say(checker, [("grade", grade.name)], "grade_twice")
            break
    # The most a row can score: every weight in full and the bonus (scores.py). A grade
    # above it is never given, which is a typo (min = 900) rather than a choice.
    bests = [_best_unit_score(scheme.units)] if scheme.units else []
    bests += [_best_carrier_score(scheme.carriers)] if scheme.carriers else []
    best = max(bests, default=float("inf"))
    for grade in scheme.grades:
        if grade.floor > best + 1e-9:
            where = [("grade", grade.name), key("min")]
            _say(checker, where, "grade_unreachable", floor=_shown(grade.floor), best=_shown(best))


def _best_unit_score(scheme: UnitScheme) -> float:
    sets = [scheme.weights, *(g.weights for g in scheme.groups if g.weights)]
    return max(sum(w.values()) for w in sets) + scheme.bonus


def _best_carrier_score(scheme: CarrierScheme) -> float:
    return sum(item.weight for item in scheme.items) + scheme.bonus


def _shown(number: float) -> str:
    """A number as written in the file: 100 not 100.0, 99.999999 not 100."""
    return f"{number:.12g}"


def _weight_set(weights: dict[str, float], where: list[Segment], checker: Checker) -> None:
    indicators = {i.id: i for i in checker.plan.indicators}
    for ind, weight in weights.items():
        place = [*where, ("indicator", ind)]
        if ind not in indicators:
            _say(checker, place, "no_such_indicator", id=ind, ids=tuple(indicators))
        elif not taskable(indicators[ind], checker):
            _say(
                checker,
                place,
                "not_taskable",
                id=ind,
                ids=tuple(i for i in indicators if taskable(indicators[i], checker)),
            )
        if weight <= 0:
            _say(checker, place, "weight_positive")
    total = sum(weights.values())
    if abs(total - 100) > 1e-6:
        _say(checker, where, "weights_total", total=_shown(total))


def _weights(scheme: UnitScheme, checker: Checker) -> None:
    _weight_set(scheme.weights, [key("units", "weights")], checker)


def _groups(scheme: UnitScheme, checker: Checker) -> None:
    if not scheme.groups:
        return
    placed: dict[str, str] = {}
    for group in scheme.groups:
        where: list[Segment] = [("group", group.name)]
        for kind in group.kinds:
            if kind not in checker.kinds:
                _say(
                    checker,
                    [*where, key("kinds")],
                    "unknown_kind",
                    kind=kind,
                    known=tuple(sorted(checker.kinds)),
                )
        if group.weights:
            _weight_set(group.weights, [*where, key("weights")], checker)
        for unit in checker.units.units:
            if unit.kind in group.kinds:
                if unit.name in placed:
                    _say(
                        checker,
                        where,
                        "unit_in_two_groups",
                        unit=unit.name,
                        other=placed[unit.name],
                    )
                placed.setdefault(unit.name, group.name)
    for unit in checker.units.units:
        if unit.name not in placed:
            _say(
                checker,
                [key("units", "groups")],
                "unit_in_no_group",
                unit=unit.name,
                kind=unit.kind,
            )


def _tasks(scheme: UnitScheme, checker: Checker) -> None:
    years = checker.plan.plan.years
    indicators = {i.id: i for i in checker.plan.indicators}
    for year in years:
        if year not in scheme.tasks:
            _say(checker, [key("units", "tasks")], "tasks_year_missing", year=year)
    kinds = {u.name: u.kind for u in checker.units.units}
    for year, by_unit in scheme.tasks.items():
        where: list[Segment] = [key("units", "tasks", year)]
        if year not in years:
            _say(checker, where, "tasks_outside_window", year=year)
        for unit, tasks in by_unit.items():
            place = [*where, ("unit", unit)]
            if unit not in kinds:
                canonical = checker.lookup.get(key_text(unit))
                if canonical:
                    _say(checker, place, "unit_alias", value=unit, canonical=canonical)
                else:
                    _say(checker, place, "unknown_unit", value=unit, allowed=tuple(kinds))
            for ind in tasks:
                spot = [*place, ("indicator", ind)]
                if ind not in indicators:
                    _say(checker, spot, "no_such_indicator", id=ind, ids=tuple(indicators))
                elif ind not in _all_weights(scheme):
                    _say(checker, spot, "task_without_weight")
                elif (
                    indicators[ind].unit_kinds and kinds.get(unit) not in indicators[ind].unit_kinds
                ):
                    _say(
                        checker,
                        spot,
                        "task_wrong_kind",
                        kind=kinds.get(unit, "—"),
                        kinds=tuple(indicators[ind].unit_kinds),
                    )
                elif (kept := _units_counted(indicators[ind], checker)) and unit not in kept:
                    _say(checker, spot, "task_filtered_out", units=tuple(sorted(kept)))
        for unit in kinds:
            if not by_unit.get(unit):
                _say(checker, [*where, ("unit", unit)], "unit_without_task")
    _whole_tasks(scheme, indicators, checker)
    _task_totals(scheme, indicators, checker)


def _in_amounts(ind: Indicator, checker: Checker) -> bool:
    """Whether the indicator sums an amount column (万元), the one kind of task that may
    hold decimals: records and head counts come whole."""
    sheet = checker.sheets.get(ind.compute.sheet or "")
    column = getattr(ind.compute, "column", None)
    return (
        ind.compute.method == "sum"
        and sheet is not None
        and isinstance(column, str)
        and sheet.has(column)
        and sheet.column(column).kind is Kind.AMOUNT
    )


def _whole_tasks(scheme: UnitScheme, indicators: dict[str, Indicator], checker: Checker) -> None:
    for year, by_unit in scheme.tasks.items():
        for unit, tasks in by_unit.items():
            for ind_id, task in tasks.items():
                ind = indicators.get(ind_id)
                if ind is None or float(task).is_integer() or _in_amounts(ind, checker):
                    continue
                where = [key("units", "tasks", year), ("unit", unit), ("indicator", ind_id)]
                _say(checker, where, "task_whole", value=_shown(task), unit=ind.unit or "—")


def _units_counted(ind: Indicator, checker: Checker) -> set[str]:
    """The units whose records the indicator's `where` keeps (empty: no unit filter)."""
    sheet = checker.sheets.get(ind.compute.sheet or "")
    column = sheet.unit_column if sheet is not None else None
    where = ind.compute.where
    if column is None or column not in where:
        return set()
    return {checker.lookup.get(key_text(str(v)), str(v)) for v in where[column]}


def _all_weights(scheme: UnitScheme) -> set[str]:
    return set(scheme.weights) | {i for g in scheme.groups for i in g.weights}


def _task_totals(scheme: UnitScheme, indicators: dict[str, Indicator], checker: Checker) -> None:
    """The units' tasks add up to what the plan asks (per year for an annual target)."""
    for ind_id in sorted(_all_weights(scheme)):
        ind = indicators.get(ind_id)
        if ind is None or not taskable(ind, checker):
            continue
        per_year = {y: sum(t.get(ind_id, 0) for t in u.values()) for y, u in scheme.tasks.items()}
        if ind.kind == "annual":
            for year, given in per_year.items():
                target = ind.target_for(year)
                if target is not None and not _same(given, target):
                    _say(
                        checker,
                        [key("units", "tasks", year), ("indicator", ind_id)],
                        "tasks_total_year",
                        given=_shown(given),
                        target=_shown(target),
                        year=year,
                    )
            continue
        target = (ind.target or 0) - (ind.baseline if ind.kind == "stock" else 0)
        given = sum(per_year.values())
        if not _same(given, target):
            _say(
                checker,
                [key("units", "tasks"), ("indicator", ind_id)],
                "tasks_total",
                given=_shown(given),
                target=_shown(target),
                gap=_shown(target - given),
            )


def _same(given: float, target: float) -> bool:
    """Equal but for the float error of adding decimals: 0.1 + 0.2 is 0.3 here."""
    return abs(given - target) <= 1e-9 * max(1.0, abs(target))


def _carriers(scheme: CarrierScheme, checker: Checker) -> None:
    roster = next((s for s in checker.sheet_list if s.is_roster), None)
    if roster is None:
        if scheme.items:
            _say(checker, [key("carriers")], "no_roster", method="carriers")
        return
    indicators = {i.id: i for i in checker.plan.indicators}
    ids = [item.id for item in scheme.items]
    for item in scheme.items:
        where: list[Segment] = [("item", item.id)]
        if ids.count(item.id) > 1:
            _say(checker, where, "item_twice")
        if item.measure == "share":
            for name, col in (("numerator", item.numerator), ("denominator", item.denominator)):
                if col is None or not roster.has(col) or roster.column(col).kind not in NUMERIC:
                    _say(
                        checker,
                        [*where, key(name)],
                        "item_count_column",
                        sheet=roster.name,
                        column=col or "—",
                    )
        elif item.measure == "services":
            bad = [
                c
                for c in item.columns
                if not roster.has(c) or roster.column(c).kind is not Kind.BOOL
            ]
            if not item.columns or bad:
                _say(
                    checker,
                    [*where, key("columns")],
                    "item_bool_columns",
                    sheet=roster.name,
                    columns=tuple(bad) or "—",
                )
            elif item.benchmark > len(item.columns):
                _say(checker, [*where, key("benchmark")], "item_benchmark_over")
        else:
            bad = [
                i for i in item.indicators if not _names_carrier(indicators.get(i), scheme, checker)
            ]
            if not item.indicators or bad:
                _say(
                    checker,
                    [*where, key("indicators")],
                    "item_indicators",
                    column=scheme.named_by,
                    ids=tuple(bad) or "—",
                )
    total = sum(item.weight for item in scheme.items)
    if scheme.items and abs(total - 100) > 1e-6:
        _say(checker, [key("carriers", "items")], "weights_total", total=_shown(total))


def _names_carrier(ind: Indicator | None, scheme: CarrierScheme, checker: Checker) -> bool:
    if ind is None or ind.compute.method not in ("count_keys", "sum"):
        return False
    sheet = checker.sheets.get(ind.compute.sheet or "")
    return sheet is not None and sheet.has(scheme.named_by)
