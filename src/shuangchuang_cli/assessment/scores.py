"""The result types of the year-end assessment (年终考核), their ranking and their JSON.

The formula is PRODUCT.md's, the numbers are the scheme's (rules/assessment.toml):
points = weight x min(actual / task, 1), a bonus for a row that reaches every task, grades
and shared ranks on the score, within each group of units the scheme ranks apart.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shuangchuang_cli.models import Frozen, Source, number
from shuangchuang_cli.rules import Assessment

ScoreKind = Literal["units", "carriers"]


class ScoreItem(Frozen):
    """One indicator (or carrier item) of one row: points = weight x min(actual / task, 1)."""

    indicator: str
    name: str
    name_en: str = ""
    short: str = ""  # a column header for tables (the indicator's short name in the rules)
    short_en: str = ""
    weight: float  # after scaling back to 100 when the row lacks some tasks
    plan_weight: float  # the scheme's own weight, before that scaling
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
    rank: int  # within its group (all rows when the scheme has no groups)
    rank_overall: int = 0
    group: str | None = None  # the group of units ranked together (乡镇街道, 部门)
    group_en: str | None = None
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
    groups: tuple[str, ...] = ()  # the groups, in the scheme's order (none: one ranking)
    # Carriers: the review's own name (assessment.toml), and the roster the rows come from.
    name: str = ""
    name_en: str = ""
    roster: str = ""


Scored = tuple[ScoreItem, float]  # an item as shown, and its points before rounding


def scored_item(
    ind: str,
    names: tuple[str, str],
    weights: tuple[float, float],
    task: float,
    actual: float | None,
    unit: str = "",
    short: tuple[str, str] = ("", ""),
) -> Scored:
    """An item and its exact points; `weights` is (the weight used, the plan's own)."""
    weight, plan_weight = weights
    points = weight * (0.0 if actual is None else min(actual / task, 1.0))
    # Two decimals, as the assessment sheet shows them. The score adds the exact points:
    # rescaled weights such as 42.86 + 14.29 + 21.43 + 21.43 would otherwise make a unit that
    # did everything score 100.01 and outrank another with 100.
    item = ScoreItem(
        indicator=ind,
        name=names[0],
        name_en=names[1],
        short=short[0],
        short_en=short[1],
        weight=round(weight, 2),
        plan_weight=plan_weight,
        task=task,
        actual=actual,
        points=round(points, 2),
        unit=unit,
    )
    return item, points


def _reached(actual: float | None, task: float) -> bool:
    # Amounts summed in floats (12.1 + 0.2 is 12.299999...) still reach a task of 12.3.
    return actual is not None and actual >= task - 1e-9 * max(1.0, abs(task))


def score_row(
    name: str, scored: list[Scored], scheme: Assessment, bonus: float, **extra: object
) -> ScoreRow:
    items = [item for item, _ in scored]
    complete = bool(items) and all(_reached(i.actual, i.task) for i in items)
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


def _ranks(rows: list[ScoreRow]) -> list[int]:
    """Ranks of rows already ordered by score: ties share a rank, the next is skipped."""
    ranks: list[int] = []
    for n, row in enumerate(rows):
        same = n and rows[n - 1].score == row.score
        ranks.append(ranks[-1] if same else n + 1)
    return ranks


def ranked(rows: list[ScoreRow], groups: tuple[str, ...] = ()) -> tuple[ScoreRow, ...]:
    """Highest score first within each group (the scheme's order), ties shared (1, 1, 3);
    `rank_overall` ranks every row together."""
    ordered = sorted(rows, key=lambda r: -r.score)  # stable: ties keep the rules' order
    overall = dict(zip((id(r) for r in ordered), _ranks(ordered), strict=True))
    out: list[ScoreRow] = []
    for group in groups or (None,):
        mine = [r for r in ordered if group is None or r.group == group]
        for row, rank in zip(mine, _ranks(mine), strict=True):
            out.append(row.model_copy(update={"rank": rank, "rank_overall": overall[id(row)]}))
    return tuple(out)


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
                    "plan_weight": number(i.plan_weight),
                }
                for i in row.items
            ],
            "complete": row.complete,
        }
        if scores.groups:
            data["group"] = row.group
            data["rank_overall"] = row.rank_overall
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
