"""The records behind one indicator's number, each with the file, sheet and row it came from.

For a count, one record per counted key (so `len(records) == actual`, a stock's baseline
aside), the first error-free one in read order; for a roster indicator, the counted rows
with the figures that enter it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd
from pydantic import Field

from shuangchuang_cli.counting.indicators import Measured
from shuangchuang_cli.models import Frozen, number
from shuangchuang_cli.rules import SheetType
from shuangchuang_cli.rules.compute import CarrierShare

Cell = str | int | float | bool | None


class Explanation(Frozen):
    """The records behind one indicator's actual value in the report."""

    id: str
    name: str
    name_en: str = ""
    unit: str = ""  # the indicator's unit; "%" for a ratio
    year: int
    as_of: dt.date
    actual: float | None
    numerator: float | None = None
    denominator: float | None = None
    baseline: float = 0.0  # a stock's level before the window, added to its records
    records: tuple[dict[str, Cell], ...]
    # A field drawn from a column of the sheet, by the column's own name (类型 → 载体类型,
    # date → 认定日期): how a table heads it, whatever key the JSON gives it.
    headings: dict[str, str] = Field(default_factory=dict)


def _headings(sheet: SheetType) -> dict[str, str]:
    named = {key: column for column, key in _shown(sheet).items()}
    if sheet.date:
        named["founded" if sheet.is_roster else "date"] = sheet.date
    if sheet.unit_column:
        named["unit"] = sheet.unit_column
    return named


def _text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _iso(value: object) -> str | None:
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else None


def _where(r: Mapping[Hashable, Any]) -> dict[str, Cell]:
    return {
        "file": str(r["_file"]),
        "sheet": str(r["_sheet"]),
        "row": int(r["_row"]),
        "key": str(r["_key"]),
    }


def _shown(sheet: SheetType) -> dict[str, str]:
    """The columns an explanation shows under their own keys (sheets.toml `explain`)."""
    return {c.name: c.explain for c in sheet.columns if c.explain}


def _flow_records(frame: pd.DataFrame, sheet: SheetType, extra: list[str]) -> list[dict[str, Cell]]:
    """Column by column, then zipped: a region's 100,000 records row by row (to_dict)
    took seconds."""
    date, unit, shown = sheet.date, sheet.unit_column, _shown(sheet)
    assert date is not None
    none: list[Cell] = [None] * len(frame)
    columns: dict[str, list[Cell]] = {
        "file": [str(v) for v in frame["_file"].tolist()],
        "sheet": [str(v) for v in frame["_sheet"].tolist()],
        "row": [int(v) for v in frame["_row"].tolist()],
        "key": [str(v) for v in frame["_key"].tolist()],
        "date": _isos(frame[date]),
        "unit": _texts(frame[unit]) if unit else none,
        "name": _texts(frame[sheet.name_column]),
    }
    for col, key in shown.items():
        columns[key] = _texts(frame[col])
    for col in extra:
        columns[col] = [number(float(v)) for v in frame[col].tolist()]
    keys = list(columns)
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _texts(column: pd.Series) -> list[Cell]:
    """Each value as _text gives it: None where blank, else its text."""
    blank = column.isna().tolist()
    return [None if b else str(v) for v, b in zip(column.tolist(), blank, strict=True)]


def _isos(column: pd.Series) -> list[Cell]:
    """Each value as _iso gives it: a date's ISO form, else None."""
    if pd.api.types.is_datetime64_dtype(column.dtype):
        days = column.to_numpy().astype("datetime64[D]").tolist()  # dates, None for NaT
        return [None if d is None else d.isoformat() for d in days]
    return [_iso(v) for v in column.tolist()]


def _roster_records(m: Measured) -> list[dict[str, Cell]]:
    spec, sheet = m.indicator.compute, m.sheet
    shown = {col: key for col, key in _shown(sheet).items()}
    figures = [c for c in spec.columns() if sheet.column(c).kind.value in ("count", "amount")]
    flags = [c for c in spec.columns() if c not in figures]
    rows: list[dict[str, Cell]] = []
    for r in m.records.to_dict("records"):
        row: dict[str, Cell] = {
            **_where(r),
            "name": _text(r[sheet.name_column]),
            "unit": _text(r[sheet.unit_column]) if sheet.unit_column else None,
            **{key: _text(r[col]) for col, key in shown.items()},
            "founded": _iso(r[sheet.date]) if sheet.date else None,
        }
        row.update({c: number(float(r[c])) for c in figures})
        row.update({c: bool(r[c]) for c in flags})
        if isinstance(spec, CarrierShare):
            row["offers_all"] = bool(r["_offers"])
        rows.append(row)
    return rows


def explain(measured: list[Measured], indicator_id: str, year: int, as_of: dt.date) -> Explanation:
    """The caller has checked that the id exists."""
    m = next(m for m in measured if m.indicator.id == indicator_id)
    if m.sheet.is_roster:
        records = _roster_records(m)
    else:
        records = _flow_records(m.records, m.sheet, m.indicator.compute.columns())
    return Explanation(
        id=indicator_id,
        name=m.indicator.name,
        name_en=m.indicator.name_en,
        unit=m.indicator.unit,
        year=year,
        as_of=as_of,
        actual=m.actual,
        numerator=m.numerator,
        denominator=m.denominator,
        baseline=m.baseline,
        records=tuple(records),
        headings=_headings(m.sheet),
    )


def explanation_json(e: Explanation) -> dict[str, object]:
    """The `explain --format json` contract (SUBMISSIONS.md section 6)."""
    data: dict[str, object] = {
        "id": e.id,
        "name": e.name,
        "year": e.year,
        "as_of": e.as_of.isoformat(),
        "actual": number(e.actual),
    }
    if e.denominator is not None:
        data["numerator"] = number(e.numerator)
        data["denominator"] = number(e.denominator)
    if e.baseline:
        data["baseline"] = number(e.baseline)
    data["records"] = [dict(r) for r in e.records]
    return data
