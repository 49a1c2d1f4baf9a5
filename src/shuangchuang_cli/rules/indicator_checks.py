"""plan.toml's indicators checked against the sheets, units and values: each computes
from a sheet that exists and has the role its method reads, names columns of the right
kind, filters on values a cell can hold, and has targets the status can reach."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.rules.checks import RATIO_METHODS, Checker
from shuangchuang_cli.rules.compute import CarrierShare, CountCarriers, SumColumn, SumRatio
from shuangchuang_cli.rules.models import Indicator
from shuangchuang_cli.rules.problems import Segment, key
from shuangchuang_cli.rules.sheet_types import NUMERIC, Kind, SheetType


def check_indicators(checker: Checker) -> None:
    ids = [i.id for i in checker.plan.indicators]
    _names(checker)
    for ind in checker.plan.indicators:
        where: list[Segment] = [("indicator", ind.id)]
        if ids.count(ind.id) > 1:
            checker.say("plan.toml", where, "indicator_twice")
        for kind in ind.unit_kinds:
            if kind not in checker.kinds:
                checker.say(
                    "plan.toml",
                    [*where, key("unit_kinds")],
                    "unknown_kind",
                    kind=kind,
                    known=tuple(sorted(checker.kinds)),
                )
        sheet = _source(checker, ind, where)
        if sheet is not None:
            _compute(checker, ind, sheet, [*where, key("compute")])
        for problem, params in _target_problems(ind, checker.plan.plan.years):
            checker.say("plan.toml", where, problem, **params)


def _names(checker: Checker) -> None:
    """`sc-cli explain` finds an indicator by its id, name or short name, or by its number
    in the report: an id that is a number, or a name another indicator also goes by,
    would find the wrong one without a word."""
    owner: dict[str, str] = {}
    for ind in checker.plan.indicators:
        where: list[Segment] = [("indicator", ind.id)]
        if key_text(ind.id).isdigit():
            checker.say("plan.toml", [*where, key("id")], "indicator_id_number")
        forms = {
            key_text(f).lower()
            for f in (ind.id, ind.name, ind.name_en, ind.short, ind.short_en)
            if f
        }
        for form in sorted(forms):
            other = owner.setdefault(form, ind.id)
            if other != ind.id:
                checker.say("plan.toml", where, "indicator_name_taken", name=form, other=other)


def _source(checker: Checker, ind: Indicator, where: list[Segment]) -> SheetType | None:
    spec = ind.compute
    place = [*where, key("compute", "sheet")]
    if spec.sheet is None:
        roster = next((s for s in checker.sheet_list if s.is_roster), None)
        if roster is None:
            checker.say("plan.toml", place, "no_roster", method=spec.method)
        return roster
    sheet = checker.sheets.get(spec.sheet)
    if sheet is None:
        checker.say(
            "plan.toml", place, "no_such_sheet", sheet=spec.sheet, sheets=tuple(checker.sheets)
        )
        return None
    if spec.role != "any" and sheet.role != spec.role:
        checker.say(
            "plan.toml", place, f"needs_{spec.role}_sheet", sheet=sheet.name, method=spec.method
        )
    return sheet


def _never_counted(
    checker: Checker,
    filters: Mapping[str, Sequence[object]],
    sheet: SheetType,
    where: list[Segment],
) -> None:
    """A filter the sheet's own counted_when excludes (停运 where only 运营 rows count):
    accepted, it would be an indicator that is always 0."""
    for column, values in filters.items():
        kept = sheet.counted_when.get(column)
        if kept is not None and not {str(v) for v in values} & set(kept):
            checker.say(
                "plan.toml",
                [*where, ("column", column)],
                "filter_never_counted",
                column=column,
                values=tuple(str(v) for v in values),
                kept=tuple(kept),
                sheet=sheet.name,
            )


def _compute(checker: Checker, ind: Indicator, sheet: SheetType, where: list[Segment]) -> None:
    spec = ind.compute
    checker.filter_values(sheet, spec.where, [*where, key("where")], file="plan.toml")
    _never_counted(checker, spec.where, sheet, [*where, key("where")])
    wanted: dict[str, tuple[Kind, ...]] = {}
    if isinstance(spec, SumColumn):
        wanted[spec.column] = NUMERIC
    elif isinstance(spec, SumRatio):
        wanted = {spec.numerator: NUMERIC, spec.denominator: NUMERIC}
    elif isinstance(spec, CarrierShare):
        wanted = {c: (Kind.BOOL,) for c in spec.all_of}
    elif isinstance(spec, CountCarriers) and spec.where_flag:
        wanted[spec.where_flag] = (Kind.BOOL,)
    for column, kinds in wanted.items():
        if (
            checker.has(sheet, column, where, "plan.toml")
            and sheet.column(column).kind not in kinds
        ):
            checker.say(
                "plan.toml",
                [*where, ("column", column)],
                "column_kind",
                column=column,
                kinds=tuple(k.value for k in kinds),
            )
    ratio = spec.method in RATIO_METHODS
    if ratio != (ind.kind == "ratio"):
        checker.say(
            "plan.toml",
            [("indicator", ind.id), key("kind")],
            "ratio_method" if ratio else "ratio_kind",
            method=spec.method,
        )
    if ind.kind == "annual" and sheet.is_roster:
        checker.say("plan.toml", [("indicator", ind.id), key("kind")], "annual_needs_flow")
    if ind.kind == "cumulative" and sheet.is_roster:
        # A roster is a level at a date: counted as "new over the window" it would take
        # in every carrier founded before the plan began.
        checker.say("plan.toml", [("indicator", ind.id), key("kind")], "cumulative_needs_flow")


def _target_problems(ind: Indicator, years: range) -> Iterator[tuple[str, dict[str, object]]]:
    """What is wrong with an indicator's targets and baseline, if anything."""
    targets = [t for t in (ind.target, *ind.targets.values()) if t is not None]
    if any(t < 0 for t in targets) or ind.baseline < 0:
        yield "negative_target", {}
    # Shares are told apart from counts by their unit everywhere they are shown.
    if (ind.kind == "ratio") != (ind.unit == "%"):
        yield ("ratio_unit" if ind.kind == "ratio" else "percent_unit"), {"unit": ind.unit}
    if ind.kind == "ratio" and any(not 0 < t <= 1 for t in targets):
        bad = next(t for t in targets if not 0 < t <= 1)
        yield "ratio_target", {"target": f"{bad:g}", "percent": f"{bad / 100:g}"}
    if ind.kind == "range" and (ind.target_max is None or ind.target_max < (ind.target or 0)):
        yield "range_target_max", {}
    if ind.kind != "range" and ind.target_max is not None:
        yield "target_max_range_only", {}
    if ind.kind in ("stock", "range"):
        target = ind.target or 0
        if ind.direction == "higher" and target <= ind.baseline:
            yield (
                "stock_not_above_baseline",
                {"target": f"{target:g}", "baseline": f"{ind.baseline:g}"},
            )
        if ind.direction == "lower" and target >= ind.baseline:
            yield (
                "stock_not_below_baseline",
                {"target": f"{target:g}", "baseline": f"{ind.baseline:g}"},
            )
    elif ind.baseline and ind.kind in ("cumulative", "annual"):
        yield "baseline_not_counted", {"kind": ind.kind}
    if ind.kind == "annual":
        outside = [y for y in ind.targets if y not in years]
        if outside:
            yield "annual_outside", {"years": tuple(map(str, outside))}
        if ind.target is None and any(y not in ind.targets for y in years):
            missing = [y for y in years if y not in ind.targets]
            yield "annual_missing", {"years": tuple(map(str, missing))}
    elif ind.targets:
        yield "targets_annual_only", {}
