"""What the written files hold, worked out from the scenario by the contract's rules
(docs/SUBMISSIONS.md sections 4 and 5, docs/PRODUCT.md for the units' year actuals),
independently of sc-cli: the issues `sc-cli validate` must find, and the totals."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from samplegen.codes import blank, code, key, read_count, read_date, read_yes, uscc_is_valid
from samplegen.contract import (
    ACTIVITY,
    ALLOWED,
    AT_RISK_BELOW,
    CARRIER,
    CODE_COLUMNS,
    COLUMNS,
    CONTEST,
    COUNT_COLUMNS,
    DATE_COLUMN,
    FLOW_INDICATOR,
    FULL_SERVICE,
    HIGHTECH,
    INCUBATED,
    LEGAL_FINANCE,
    MENTOR,
    REQUIRED,
    SERVICES,
    SEVERITY,
    STAFF_SHARES,
    TARGETS,
    WINDOW_END,
    WINDOW_START,
    YES_NO_COLUMNS,
)
from samplegen.layout import Record, records, sheet_name
from samplegen.scenario import Mistake, Scenario, ScenarioError

Where = tuple[str, str | None, int | None, str | None, str]  # file, sheet, row, column, code
CERTIFICATE = re.compile(r"GR\d{4}\d{2}\d{6}")


def where(m: Mistake) -> Where:
    return (m.file, m.sheet, m.row, m.column, m.code)


@dataclass(frozen=True)
class Units:
    """The district's units and the spellings the files use for them."""

    spellings: Mapping[str, str]  # key(spelling): unit

    @classmethod
    def of(cls, scenario: Scenario) -> Units:
        return cls({key(s): unit for unit, other in scenario.units.items() for s in (unit, *other)})

    def unit(self, written: object) -> str | None:
        return None if blank(written) else self.spellings.get(key(str(written)))


# --- issues ------------------------------------------------------------------------------


def cell_fault(kind: str, column: str, value: object, units: Units) -> str | None:
    """The issue code of one non-blank cell, or None when the cell is fine."""
    if column == DATE_COLUMN[kind]:
        return "bad_date" if read_date(value) is None else None
    if column in COUNT_COLUMNS:
        return "bad_number" if read_count(value) is None else None
    if column in YES_NO_COLUMNS:
        return "bad_bool" if read_yes(value) is None else None
    if column in ALLOWED:
        return "bad_enum" if key(str(value)) not in ALLOWED[column] else None
    if column == "所属单位":
        return "unknown_unit" if units.unit(value) is None else None
    if column in CODE_COLUMNS:
        return "bad_uscc" if not uscc_is_valid(code(str(value))) else None
    if kind == HIGHTECH and column == "证书编号":
        return "bad_certificate" if not CERTIFICATE.fullmatch(code(str(value))) else None
    return None


def record_faults(rec: Record, units: Units) -> set[tuple[str, str]]:
    """(code, column) of every fault of one record, the duplicate aside."""
    found: set[tuple[str, str]] = set()
    for column in COLUMNS[rec.kind]:
        value = rec.get(column)
        if blank(value):
            enterprise = rec.kind == INCUBATED and key(str(rec.get("主体类型"))) == "企业"
            if column in REQUIRED[rec.kind] or (column == "统一社会信用代码" and enterprise):
                found.add(("missing_value", column))
        elif fault := cell_fault(rec.kind, column, value, units):
            found.add((fault, column))
    if rec.kind == CARRIER:
        staff = read_count(rec.get("从业人员数"))
        for column in STAFF_SHARES:
            share = read_count(rec.get(column))
            if staff is not None and share is not None and share > staff:
                found.add(("count_exceeds_staff", column))
    date = read_date(rec.get(DATE_COLUMN[rec.kind]))
    # sc-cli compares with today; the scenario keeps every date but the planted ones
    # within or before the plan window, so "after the window" is "in the future".
    if date is not None and date > WINDOW_END:
        found.add(("future_date", DATE_COLUMN[rec.kind]))
    return found


def has_error(faults: Iterable[tuple[str, str]]) -> bool:
    return any(SEVERITY[c] == "error" for c, _ in faults)


def record_key(rec: Record) -> tuple[Any, ...]:
    """The counting key (section 5), with the column a duplicate is reported in."""
    name = str(rec.get(COLUMNS[rec.kind][0]))
    if rec.kind == CARRIER:
        return (key(name),)
    if rec.kind == INCUBATED and key(str(rec.get("主体类型"))) == "团队":
        return ("团队", key(name))
    if rec.kind == INCUBATED:
        return ("企业", code(str(rec.get("统一社会信用代码"))))
    if rec.kind == MENTOR:
        return (code(str(rec.get("证书编号"))),)
    if rec.kind == ACTIVITY:
        return (key(name), read_date(rec.get("活动日期")), key(str(rec.get("活动类别"))))
    return (code(str(rec.get("统一社会信用代码"))),)


def key_column(rec: Record) -> str:
    if rec.kind in (MENTOR,):
        return "证书编号"
    if rec.kind in (CARRIER, ACTIVITY) or record_key(rec)[0] == "团队":
        return COLUMNS[rec.kind][0]
    return "统一社会信用代码"


def found_issues(scenario: Scenario) -> list[Where]:
    """Every issue the files hold, found by reading the scenario back."""
    units = Units.of(scenario)
    seen: set[tuple[Any, ...]] = set()
    found: list[Where] = []
    for f in scenario.files:
        if f.format == "text":
            found.append((f.path, None, None, None, "unsupported_file"))
        for sheet in f.sheets:
            name = sheet_name(f, sheet)
            if sheet.kind is None:
                found.append((f.path, name, None, None, "unknown_sheet"))
            elif set(sheet.fields) - set(COLUMNS[sheet.kind]):
                found.append((f.path, name, None, None, "unknown_column"))
    for rec in records(scenario):
        faults = record_faults(rec, units)
        found += [(rec.file.path, rec.sheet, rec.row, col, c) for c, col in sorted(faults)]
        scope = (rec.kind, rec.file.year if rec.kind == CARRIER else 0, *record_key(rec))
        if not has_error(faults) and scope in seen:
            found.append((rec.file.path, rec.sheet, rec.row, key_column(rec), "duplicate"))
        elif not has_error(faults):
            seen.add(scope)
    return found


def check(scenario: Scenario) -> None:
    """The planted mistakes are exactly the issues the files hold: none missing, none more."""
    planted = [where(m) for m in scenario.mistakes]
    found = found_issues(scenario)
    if sorted(planted, key=str) != sorted(found, key=str):
        missing = [w for w in found if w not in planted]
        extra = [w for w in planted if w not in found]
        raise ScenarioError(f"not planted but found: {missing}; planted but not found: {extra}")


# --- totals ------------------------------------------------------------------------------


def counted(scenario: Scenario, up_to: int) -> list[Record]:
    """The error-free records of the year folders up to `up_to`, in read order."""
    units = Units.of(scenario)
    return [r for r in records(scenario, up_to) if not has_error(record_faults(r, units))]


def carriers(scenario: Scenario, year: int, as_of: dt.date) -> list[Record]:
    """The counted carriers: the latest roster up to `year`, error-free, 运营, founded."""
    roster = [r for r in records(scenario, year) if r.kind == CARRIER]
    if not roster:
        return []
    latest = max(r.file.year for r in roster)
    return [
        r
        for r in counted(scenario, year)
        if r.kind == CARRIER
        and r.file.year == latest
        and key(str(r.get("运营状态"))) == "运营"
        and (read_date(r.get("成立日期")) or dt.date.max) <= as_of
    ]


def flow_indicator(rec: Record) -> str:
    if rec.kind != ACTIVITY:
        return FLOW_INDICATOR[rec.kind]
    category = key(str(rec.get("活动类别")))
    return "contest_participations" if category == CONTEST else "training_events"


def first_counted(scenario: Scenario, year: int, as_of: dt.date) -> dict[tuple[Any, ...], Record]:
    """(indicator, key): the first error-free record in the window up to `as_of`."""
    first: dict[tuple[Any, ...], Record] = {}
    for rec in counted(scenario, year):
        date = read_date(rec.get(DATE_COLUMN[rec.kind]))
        if rec.kind != CARRIER and date is not None and WINDOW_START <= date <= as_of:
            first.setdefault((flow_indicator(rec), *record_key(rec)), rec)
    return first


Share = tuple[int, int] | None  # numerator, denominator; None when nothing to divide by


def totals(scenario: Scenario, year: int) -> dict[str, int | Share]:
    """The 12 indicators of `sc-cli report YEAR`, a ratio as (numerator, denominator)."""
    as_of = min(dt.date(year, 12, 31), WINDOW_END)
    found = carriers(scenario, year, as_of)
    staff = sum(read_count(c.get("从业人员数")) or 0 for c in found)

    def share(numerator: int, denominator: int) -> Share:
        return (numerator, denominator) if denominator else None

    def services(c: Record) -> set[str]:
        return {s for s in SERVICES if read_yes(c.get(s))}

    out: dict[str, int | Share] = {
        "carriers_total": len(found),
        "staff_trained_ratio": share(
            sum(read_count(c.get("接受专业培训人数")) or 0 for c in found), staff
        ),
        "staff_mentor_certified_ratio": share(
            sum(read_count(c.get("持创业导师证书人数")) or 0 for c in found), staff
        ),
        "carriers_full_service_ratio": share(
            sum(services(c) >= FULL_SERVICE for c in found), len(found)
        ),
        "carriers_legal_finance_ratio": share(
            sum(services(c) >= LEGAL_FINANCE for c in found), len(found)
        ),
    }
    keys = first_counted(scenario, year, as_of)
    for indicator in (*FLOW_INDICATOR.values(), "contest_participations", "training_events"):
        out[indicator] = sum(k[0] == indicator for k in keys)
    out["demo_bases"] = sum(bool(read_yes(c.get("示范基地"))) for c in found)
    return out


def by_unit(scenario: Scenario, year: int) -> dict[str, dict[str, int]]:
    """Each unit's year actuals (PRODUCT.md): a key counts once, for the unit of its first
    counted record, in the year of that record's date."""
    units = Units.of(scenario)
    out: dict[str, dict[str, int]] = {}
    for (indicator, *_), rec in first_counted(scenario, year, dt.date(year, 12, 31)).items():
        date = read_date(rec.get(DATE_COLUMN[rec.kind]))
        if date is not None and date.year == year:
            unit = units.unit(rec.get("所属单位")) or ""
            out.setdefault(unit, {}).setdefault(indicator, 0)
            out[unit][indicator] += 1
    return out


def status(indicator: str, actual: int | Share, year: int) -> tuple[float | None, str]:
    """Expected by the year end and the status, under the default rules (baseline 0)."""
    target, kind, _ = TARGETS[indicator]
    if actual is None:
        return None, "null"
    as_of = min(dt.date(year, 12, 31), WINDOW_END)
    pace = min(1.0, ((as_of - WINDOW_START).days + 1) / ((WINDOW_END - WINDOW_START).days + 1))
    expected = target if kind == "ratio" else target * pace
    value = actual[0] / actual[1] if isinstance(actual, tuple) else actual
    if value >= target:
        return expected, "achieved"
    if value >= expected:
        return expected, "on_track"
    return expected, "at_risk" if value < expected * AT_RISK_BELOW else "behind"
