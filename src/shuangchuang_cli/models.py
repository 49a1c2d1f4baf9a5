"""Small frozen result types shared by every layer."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Issue(Frozen):
    """One problem found in the submitted data: a value, never an exception."""

    severity: Severity
    code: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    message: str


class IssueTally:
    """Errors and warnings among `self.issues`, for every result that carries issues."""

    issues: list[Issue]

    @property
    def errors(self) -> int:
        return sum(i.severity is Severity.ERROR for i in self.issues)

    @property
    def warnings(self) -> int:
        return sum(i.severity is Severity.WARNING for i in self.issues)


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BEHIND = "behind"


class Source(Frozen):
    """Where a counted record came from, as the analyst would find it in Excel."""

    file: str
    sheet: str
    row: int


class IndicatorValue(Frozen):
    id: str
    name: str
    kind: str
    unit: str
    target: float
    target_max: float | None = None
    baseline: float
    actual: float | None
    expected: float
    gap: float | None
    completion: float | None
    status: Status | None
    numerator: float | None = None
    denominator: float | None = None


class Progress(Frozen):
    """The gap-to-goal picture of one reporting year at one date."""

    year: int
    as_of: dt.date
    pace: float
    indicators: tuple[IndicatorValue, ...]
    counted: int
    excluded: int
    errors: int
    warnings: int


def number(value: float | None) -> float | int | None:
    """Whole numbers as int in output (6, not 6.0); fractions stay as they are."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def indicator_json(value: IndicatorValue) -> dict[str, object]:
    data = value.model_dump(mode="json")
    for key in ("target", "target_max", "baseline", "actual", "gap", "numerator", "denominator"):
        data[key] = number(data[key])
    if data["target_max"] is None:
        del data["target_max"]
    return data


def progress_json(progress: Progress) -> dict[str, object]:
    """The `report --format json` contract (SUBMISSIONS.md section 6), keys in that order."""
    return {
        "year": progress.year,
        "as_of": progress.as_of.isoformat(),
        "pace": progress.pace,
        "indicators": [indicator_json(v) for v in progress.indicators],
        "records": {"counted": progress.counted, "excluded": progress.excluded},
        "issues": {"errors": progress.errors, "warnings": progress.warnings},
    }
