"""Year-end assessment (年终考核): score the units and the carriers, and explain any number.

The formula is PRODUCT.md's, the numbers are assessment.py's scheme: points = weight x
min(actual / task, 1), a bonus for a row that reaches every task, grades and shared ranks
on the score. explain() lists the records behind one indicator of the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import Any, Literal

import pandas as pd
from pydantic import Field

from shuangchuang_cli.counting.dataset import Dataset
from shuangchuang_cli.counting.indicators import Measured, counted_carriers
from shuangchuang_cli.i18n import Lang
from shuangchuang_cli.models import Frozen, Source, number
from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.assessment import (
    CARRIER_COLUMN,
    Assessment,
    CarrierItem,
    assessment_scheme,
)
from shuangchuang_cli.rules.sheet_types import SHEET_TYPES

ScoreKind = Literal["units", "carriers"]


class ScoreItem(Frozen):
    """One indicator (or carrier item) of one row: points = weight x min(actual / task, 1)."""

    indicator: str
    name: str
    name_en: str = ""
    short: str = ""  # a column header for tables (the indicator's short name in the rules)
    short_en: str = ""
    weight: float  # after scaling back to 100 when the row lacks some tasks
    task: float  # the unit's task, or the carrier benchmark
    actual: float | None  # None: a share with no staff
    points: float
    unit: str = ""  # "%" for a share, as the indicators mark ratios


class ScoreRow(Frozen):
    name: str
    score: float
    grade: str
    grade_en: str = ""
    bonus: float
    rank: int
    complete: bool  # every task (benchmark) reached: what earns the bonus
    items: tuple[ScoreItem, ...]
    submitted: bool | None = None  # units: sent any record for the year
    unit: str | None = None  # carriers: 所属单位
    source: Source | None = None  # carriers: the roster row scored
    # carriers: the staff counts behind the shares
    figures: dict[str, float] = Field(default_factory=dict)
    services: tuple[str, ...] = ()  # carriers: the services it offers


class Scores(Frozen):
    year: int
    kind: ScoreKind
    bonus: float  # the scheme's bonus for a complete row
    indicators: tuple[str, ...]  # every item of the scheme, in its order (table columns)
    rows: tuple[ScoreRow, ...]


Scored = tuple[ScoreItem, float]  # an item as shown, and its points before rounding


def _item(
    ind: str,
    name: str,
    name_en: str,
    weight: float,
    task: float,
    actual: float | None,
    unit: str = "",
    short: tuple[str, str] = ("", ""),
) -> Scored:
    points = weight * (0.0 if actual is None else min(actual / task, 1.0))
    # Two decimals, as the assessment sheet shows them. The score adds the exact points:
    # rescaled weights such as 42.86 + 14.29 + 21.43 + 21.43 would otherwise make a unit that
    # did everything score 100.01 and outrank another with 100.
    item = ScoreItem(
        indicator=ind,
        name=name,
        name_en=name_en,
        short=short[0],
        short_en=short[1],
        weight=round(weight, 2),
        task=task,
        actual=actual,
        points=round(points, 2),
        unit=unit,
    )
    return item, points


def _row(
    name: str, scored: list[Scored], scheme: Assessment, bonus: float, **extra: object
) -> ScoreRow:
    items = [item for item, _ in scored]
    complete = bool(items) and all(i.actual is not None and i.actual >= i.task for i in items)
    given = bonus if complete else 0.0
    score = round(sum(points for _, points in scored) + given, 2)
    grade = scheme.grade(score)
    return ScoreRow.model_validate(
        {
            "name": name,
            "score": score,
            "grade": grade.name,
            "grade_en": grade.name_en,
            "bonus": given,
            "rank": 0,
            "complete": complete,
            "items": items,
            **extra,
        }
    )


def _ranked(rows: list[ScoreRow]) -> tuple[ScoreRow, ...]:
    """Highest score first; ties share a rank and the next is skipped (1, 1, 3)."""
    ordered = sorted(rows, key=lambda r: -r.score)  # stable: ties keep the rules' order
    ranked: list[ScoreRow] = []
    for n, row in enumerate(ordered):
        same = n and ordered[n - 1].score == row.score
        rank = ranked[-1].rank if same else n + 1
        ranked.append(row.model_copy(update={"rank": rank}))
    return tuple(ranked)


def year_records(m: Measured, year: int) -> pd.DataFrame:
    """The counted records of a flow indicator dated in `year`."""
    sheet = m.indicator.compute.sheet
    assert sheet is not None
    column = SHEET_TYPES[sheet].date_column
    records: pd.DataFrame = m.records[m.records[column].dt.year.eq(year)]
    return records


def _submitters(dataset: Dataset, year: int) -> set[str]:
    """Units with any record row (errors included) in the year's own folder."""
    found: set[str] = set()
    for frame in dataset.frames.values():
        mine = frame[pd.to_numeric(frame["_year"], errors="coerce").eq(year)]
        found.update(mine["所属单位"].dropna().astype(str))
    return found


def score_units(
    rules: Rules, dataset: Dataset, measured: list[Measured], year: int, lang: Lang = "zh"
) -> Scores:
    """Every unit of the rules, scored against its tasks for the year (PRODUCT.md)."""
    scheme = assessment_scheme(rules, lang)
    tasks = scheme.units.tasks.get(year, {})
    by_id = {m.indicator.id: m for m in measured}
    counts = {
        ind: year_records(by_id[ind], year)["所属单位"].value_counts()
        for ind in scheme.units.weights
    }
    sent = _submitters(dataset, year)
    rows = []
    for unit in rules.units:
        mine = tasks.get(unit.name, {})
        tasked = [ind for ind in scheme.units.weights if ind in mine]
        scale = 100 / sum(scheme.units.weights[ind] for ind in tasked) if tasked else 0.0
        items = [
            _item(
                ind,
                by_id[ind].indicator.name,
                by_id[ind].indicator.name_en,
                scheme.units.weights[ind] * scale,
                mine[ind],
                float(counts[ind].get(unit.name, 0)),
                short=(by_id[ind].indicator.short, by_id[ind].indicator.short_en),
            )
            for ind in tasked
        ]
        rows.append(_row(unit.name, items, scheme, scheme.units.bonus, submitted=unit.name in sent))
    return Scores(
        year=year,
        kind="units",
        bonus=scheme.units.bonus,
        indicators=tuple(scheme.units.weights),
        rows=_ranked(rows),
    )


def _named_counts(item: CarrierItem, by_id: dict[str, Measured], year: int) -> pd.Series:
    """How many of the year's counted records name each carrier (by normalised name)."""
    frames = [year_records(by_id[ind], year)[CARRIER_COLUMN] for ind in item.indicators]
    named = pd.concat(frames, ignore_index=True).dropna().astype(str).map(key_text)
    return named.value_counts()


def score_carriers(
    rules: Rules, dataset: Dataset, measured: list[Measured], year: int, lang: Lang = "zh"
) -> Scores:
    """Every counted carrier of the year, scored on its own figures and the records naming it."""
    scheme = assessment_scheme(rules, lang)
    plan = scheme.carriers
    by_id = {m.indicator.id: m for m in measured}
    named = {i.id: _named_counts(i, by_id, year) for i in plan.items if i.measure == "records"}
    pool = counted_carriers(dataset, year, dt.date(year, 12, 31))
    figure_cols = [c for i in plan.items for c in (i.numerator, i.denominator) if c]
    offered_cols = [c for i in plan.items if i.measure == "services" for c in i.columns]
    rows = []
    for record in pool.to_dict("records"):
        items = []
        for item in plan.items:
            actual: float | None
            if item.measure == "share":
                assert item.numerator and item.denominator
                staff = float(record[item.denominator])
                actual = float(record[item.numerator]) / staff if staff else None
            elif item.measure == "services":
                actual = float(sum(bool(record[c]) for c in item.columns))
            else:
                actual = float(named[item.id].get(str(record["_key"]), 0))
            items.append(
                _item(
                    item.id,
                    item.name,
                    item.name_en,
                    item.weight,
                    item.benchmark,
                    actual,
                    "%" if item.measure == "share" else "",
                )
            )
        rows.append(
            _row(
                str(record["载体名称"]),
                items,
                scheme,
                plan.bonus,
                unit=record["所属单位"],
                source=Source(
                    file=str(record["_file"]), sheet=str(record["_sheet"]), row=int(record["_row"])
                ),
                figures={c: float(record[c]) for c in dict.fromkeys(figure_cols)},
                services=tuple(c for c in dict.fromkeys(offered_cols) if record[c]),
            )
        )
    return Scores(
        year=year,
        kind="carriers",
        bonus=plan.bonus,
        indicators=tuple(i.id for i in plan.items),
        rows=_ranked(rows),
    )


def scores_json(scores: Scores) -> dict[str, object]:
    """The `score --format json` contract (SUBMISSIONS.md section 6), keys in that order."""
    rows = []
    for row in scores.rows:
        data: dict[str, object] = {
            "name": row.name,
            "score": number(row.score),
            "grade": row.grade,
            "bonus": number(row.bonus),
            "rank": row.rank,
            "items": [
                {
                    "indicator": i.indicator,
                    "weight": number(i.weight),
                    "task": number(i.task),
                    "actual": number(i.actual),
                    "points": number(i.points),
                }
                for i in row.items
            ],
            "complete": row.complete,
        }
        if scores.kind == "units":
            data["submitted"] = row.submitted
        else:
            assert row.source is not None
            data["unit"] = row.unit
            data.update(row.source.model_dump())
            data["figures"] = {k: number(v) for k, v in row.figures.items()}
            data["services"] = list(row.services)
        rows.append(data)
    return {"year": scores.year, "kind": scores.kind, "rows": rows}


# --- explain -----------------------------------------------------------------------------

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
    records: tuple[dict[str, Cell], ...]


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


def _flow_records(frame: pd.DataFrame, sheet: str) -> list[dict[str, Cell]]:
    kind = SHEET_TYPES[sheet]
    name = kind.columns[0].name  # every sheet type lists its name column first
    date = kind.date_column
    assert date is not None
    extras = {"主体类型": "entity_type", "活动类别": "category", CARRIER_COLUMN: "carrier"}
    shown = {col: key for col, key in extras.items() if col in kind.column_names}
    return [
        {
            **_where(r),
            "date": _iso(r[date]),
            "unit": _text(r["所属单位"]),
            "name": _text(r[name]),
            **{key: _text(r[col]) for col, key in shown.items()},
        }
        for r in frame.to_dict("records")
    ]


def _carrier_records(m: Measured) -> list[dict[str, Cell]]:
    spec = m.indicator.compute
    counts = [c for c in (spec.numerator, spec.denominator) if c]
    flags = [*spec.all_of, *([spec.where_flag] if spec.where_flag else [])]
    rows: list[dict[str, Cell]] = []
    for r in m.records.to_dict("records"):
        row: dict[str, Cell] = {
            **_where(r),
            "name": _text(r["载体名称"]),
            "unit": _text(r["所属单位"]),
            "type": _text(r["载体类型"]),
            "founded": _iso(r["成立日期"]),
        }
        row.update({c: number(float(r[c])) for c in counts})
        row.update({c: bool(r[c]) for c in flags})
        if spec.method == "carrier_share":
            row["offers_all"] = bool(r["_offers"])
        rows.append(row)
    return rows


def explain(measured: list[Measured], indicator_id: str, year: int, as_of: dt.date) -> Explanation:
    """For a count one record per counted key (so len(records) == actual), the first
    error-free one in read order; for a carrier indicator the counted carriers and the
    figures that enter it. The caller has checked that the id exists."""
    m = next(m for m in measured if m.indicator.id == indicator_id)
    sheet = m.indicator.compute.sheet
    records = _flow_records(m.records, sheet) if sheet else _carrier_records(m)
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
        records=tuple(records),
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
    data["records"] = [dict(r) for r in e.records]
    return data
