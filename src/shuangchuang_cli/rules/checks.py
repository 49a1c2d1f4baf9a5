"""The rules files checked against each other, so that no rule is accepted that is not
honoured: every name a rule uses must exist, every value it filters on must be one a
cell can hold, every target must be one the status can reach.

Each check yields Problems (problems.py): the file, the place by id or name, a catalogue
key and its parameters. assessment_checks.py does the same for assessment.toml.
"""

from __future__ import annotations

from collections.abc import Iterable

from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.rules.models import PlanFile, SheetsFile, UnitsFile, Values
from shuangchuang_cli.rules.problems import Problem, Segment, as_param, key
from shuangchuang_cli.rules.sheet_types import (
    NUMERIC,
    ROW_NUMBER,
    FilterLike,
    Kind,
    NotAbove,
    SheetType,
)

# The tables each file may hold at its top level (values.toml: its lists of values too).
TABLES = {
    "plan.toml": ("plan", "status", "indicators"),
    "units.toml": ("kinds", "units"),
    "values.toml": ("yes_no", "limits"),
    "sheets.toml": ("sheets",),
    "assessment.toml": ("grades", "units", "carriers"),
}
RATIO_METHODS = ("sum_ratio", "carrier_share")


def unknown_tables(file: str, name: str, raw: dict[str, object]) -> list[Problem]:
    """Top-level tables a file does not have: a typo ([stauts], [[indicator]]) would
    otherwise be dropped without a word."""
    known = TABLES[name]
    lists = name == "values.toml"
    return [
        Problem(file, (("table", table),), "rules.unknown_table", {"known": tuple(known)})
        for table, value in raw.items()
        if table not in known and not (lists and isinstance(value, list))
    ]


class Checker:
    """The files of one rules folder, loaded, and the problems found between them."""

    def __init__(
        self,
        paths: dict[str, str],
        plan: PlanFile,
        units: UnitsFile,
        values: Values,
        sheets: SheetsFile,
    ) -> None:
        self.paths, self.plan, self.units, self.values = paths, plan, units, values
        self.sheets = {s.name: s for s in sheets.sheets}
        self.sheet_list = sheets.sheets
        self.kinds = {k.id for k in units.kinds}
        self.unit_names = {u.name for u in units.units}
        self.lookup = {key_text(f): u.name for u in units.units for f in (u.name, *u.aliases)}
        self.problems: list[Problem] = []

    def say(self, file: str, where: Iterable[Segment], what: str, **params: object) -> None:
        self._add(file, where, what, params, blocks_all=True)

    def say_of_scheme(
        self, file: str, where: Iterable[Segment], what: str, **params: object
    ) -> None:
        """A problem that only stops the assessment, not the report."""
        self._add(file, where, what, params, blocks_all=False)

    def _add(
        self,
        file: str,
        where: Iterable[Segment],
        what: str,
        params: dict[str, object],
        blocks_all: bool,
    ) -> None:
        shown = {k: as_param(v) for k, v in params.items()}
        self.problems.append(
            Problem(self.paths[file], tuple(where), f"rules.{what}", shown, blocks_all)
        )

    def run(self) -> list[Problem]:
        """units.toml, values.toml and sheets.toml against each other (indicator_checks.py
        and assessment_checks.py check the other two files with this checker)."""
        self._units()
        self._values()
        for sheet in self.sheet_list:
            self._sheet(sheet)
        return self.problems

    # --- units.toml ---------------------------------------------------------------------

    def _units(self) -> None:
        seen: dict[str, str] = {}
        names = [u.name for u in self.units.units]
        for unit in self.units.units:
            where = [("unit", unit.name)]
            if names.count(unit.name) > 1:
                self.say("units.toml", where, "unit_twice")
            if unit.kind not in self.kinds:
                self.say(
                    "units.toml",
                    [*where, key("kind")],
                    "unknown_kind",
                    kind=unit.kind,
                    known=tuple(sorted(self.kinds)),
                )
            for form in (unit.name, *unit.aliases):
                other = seen.setdefault(key_text(form), unit.name)
                if other != unit.name:
                    self.say("units.toml", where, "alias_twice", form=form, other=other)

    # --- values.toml --------------------------------------------------------------------

    def _enum_lists_used(self) -> dict[str, list[str]]:
        """list name -> the enumerated columns (sheet·column) that use it."""
        used: dict[str, list[str]] = {}
        for sheet in self.sheet_list:
            for col in sheet.columns:
                if col.kind is Kind.ENUM:
                    used.setdefault(col.enum_list, []).append(f"{sheet.name}·{col.name}")
        return used

    def _values(self) -> None:
        used = self._enum_lists_used()
        for name in self.values.stray:
            self.say("values.toml", [key(name)], "values_not_a_list")
        for name, allowed in self.values.enums.items():
            if name not in used:
                self.say(
                    "values.toml",
                    [("list", name)],
                    "list_without_column",
                    columns=tuple(sorted(used)) or "—",
                )
            elif not allowed:
                self.say("values.toml", [("list", name)], "list_empty")
        for name, columns in used.items():
            if name not in self.values.enums:
                self.say(
                    "values.toml",
                    [("list", name)],
                    "column_without_list",
                    columns=tuple(columns),
                )

    # --- sheets.toml --------------------------------------------------------------------

    def _sheet(self, sheet: SheetType) -> None:
        where: list[Segment] = [("sheet", sheet.name)]
        if [s.name for s in self.sheet_list].count(sheet.name) > 1:
            self.say("sheets.toml", where, "sheet_twice")
        names = [c.name for c in sheet.columns]
        for col in sheet.columns:
            if names.count(col.name) > 1 or col.name == ROW_NUMBER:
                self.say("sheets.toml", [*where, ("column", col.name)], "column_twice")
            self._column_rules(sheet, col.name)
        units = [c.name for c in sheet.columns if c.kind is Kind.UNIT]
        if len(units) != 1:
            self.say("sheets.toml", where, "one_unit_column", found=tuple(units) or "—")
        self._sheet_date(sheet, where)
        for n, rule in enumerate(sheet.keys, start=1):
            place = [*where, ("key_rule", f"#{n}")]
            for name in rule.columns:
                self.has(sheet, name, place)
            self.filter_values(sheet, rule.when, [*place, key("when")], enums_only=True)
        self.filter_values(sheet, sheet.counted_when, [*where, key("counted_when")], True)
        for n, check in enumerate(sheet.checks, start=1):
            place = [*where, ("check", f"#{n}")]
            named: list[str] = [check.column]
            if isinstance(check, NotAbove):
                named.append(check.limit)
            for name in named:
                present = self.has(sheet, name, place)
                if (
                    present
                    and isinstance(check, NotAbove)
                    and sheet.column(name).kind not in NUMERIC
                ):
                    self.say("sheets.toml", place, "needs_numeric", column=name)

    def _sheet_date(self, sheet: SheetType, where: list[Segment]) -> None:
        if sheet.date is None:
            if sheet.role == "flow":
                self.say("sheets.toml", [*where, key("date")], "flow_needs_date")
        elif (
            self.has(sheet, sheet.date, [*where, key("date")])
            and sheet.column(sheet.date).kind is not Kind.DATE
        ):
            self.say("sheets.toml", [*where, key("date")], "needs_date_column", column=sheet.date)

    def _column_rules(self, sheet: SheetType, name: str) -> None:
        col = sheet.column(name)
        where = [("sheet", sheet.name), ("column", name)]
        if col.default is not None:
            if col.kind is not Kind.ENUM:
                self.say("sheets.toml", [*where, key("default")], "default_enum_only")
            elif col.default not in self.values.enums.get(col.enum_list, [col.default]):
                self.say(
                    "sheets.toml",
                    [*where, key("default")],
                    "value_not_allowed",
                    value=col.default,
                    column=name,
                    allowed=tuple(self.values.enums.get(col.enum_list, [])),
                )
        self.filter_values(sheet, col.required_when, [*where, key("required_when")], True)

    def has(
        self, sheet: SheetType, column: str, where: Iterable[Segment], file: str = "sheets.toml"
    ) -> bool:
        if sheet.has(column):
            return True
        self.say(
            file,
            where,
            "no_such_column",
            column=column,
            sheet=sheet.name,
            columns=tuple(sheet.column_names),
        )
        return False

    def filter_values(
        self,
        sheet: SheetType,
        where_values: FilterLike,
        where: list[Segment],
        enums_only: bool = False,
        file: str = "sheets.toml",
    ) -> None:
        """Every filter column exists on its sheet, every value is one a cell can hold."""
        for column, values in where_values.items():
            place = [*where, ("column", column)]
            if not self.has(sheet, column, place, file):
                continue
            kind = sheet.column(column).kind
            if enums_only and kind is not Kind.ENUM:
                self.say(file, place, "filter_enum_only", column=column)
                continue
            for value in values:
                self._filter_value(sheet, column, kind, value, place, file)

    def _filter_value(
        self,
        sheet: SheetType,
        column: str,
        kind: Kind,
        value: str | bool,
        place: list[Segment],
        file: str,
    ) -> None:
        if kind is Kind.ENUM:
            allowed = self.values.enums.get(sheet.column(column).enum_list, [])
            # No list at all is its own problem (column_without_list), said once.
            if allowed and value not in allowed:
                self.say(
                    file,
                    place,
                    "value_not_allowed",
                    value=value,
                    column=column,
                    allowed=tuple(allowed),
                )
        elif kind is Kind.UNIT:
            canonical = self.lookup.get(key_text(str(value)))
            if canonical is None:
                self.say(
                    file,
                    place,
                    "unknown_unit",
                    value=value,
                    allowed=tuple(sorted(self.unit_names)),
                )
            elif canonical != value:
                self.say(file, place, "unit_alias", value=value, canonical=canonical)
        elif kind is Kind.BOOL:
            if not isinstance(value, bool) and self._yes_no(value) is None:
                words = self.values.yes_no
                self.say(
                    file,
                    place,
                    "filter_yes_no",
                    value=value,
                    column=column,
                    yes=words.yes[0],
                    no=words.no[0],
                )
        elif kind not in (Kind.TEXT, Kind.CODE):
            self.say(file, place, "filter_kind", column=column, kind=kind.value)

    def _yes_no(self, value: str) -> bool | None:
        form = key_text(value).upper()
        if form in {key_text(f).upper() for f in self.values.yes_no.yes}:
            return True
        if form in {key_text(f).upper() for f in self.values.yes_no.no}:
            return False
        return None
