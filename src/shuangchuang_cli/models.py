"""Small frozen result types shared by every layer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shuangchuang_cli.i18n import Lang, text, worded


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# The issue types of the submission contract (SUBMISSIONS.md section 4): each code with its
# severity. The message is the catalogue's `issue.<code>` unless an issue names another
# text of its code (bad_uscc has one for the shape and one for the check character).
ISSUE_TYPES: dict[str, Severity] = {
    "unreadable_file": Severity.ERROR,
    "no_header": Severity.ERROR,
    "missing_column": Severity.ERROR,
    "unknown_sheet": Severity.WARNING,
    "unsupported_file": Severity.WARNING,
    "unknown_column": Severity.WARNING,
    # Beyond the contract: a header repeated under the first one (a form's 续表), a
    # workbook read by its real format, which its name does not say, and a hidden sheet
    # whose records are counted though nobody opening the file sees them.
    "repeated_header": Severity.WARNING,
    "wrong_extension": Severity.WARNING,
    "hidden_sheet": Severity.WARNING,
    "missing_value": Severity.ERROR,
    "bad_date": Severity.ERROR,
    "bad_number": Severity.ERROR,
    "bad_bool": Severity.ERROR,
    "bad_enum": Severity.ERROR,
    "unknown_unit": Severity.ERROR,
    "bad_uscc": Severity.ERROR,
    "count_exceeds_staff": Severity.ERROR,
    "bad_certificate": Severity.WARNING,
    "duplicate": Severity.WARNING,
    "future_date": Severity.WARNING,
}

# A list of names (files, years) is a tuple, written with the language's separator.
Param = str | int | float | bool | None | tuple[str, ...]


class Issue(Frozen):
    """One problem found in the submitted data: a value, never an exception.

    It carries what was found (`params`) and, for an unreadable file, why (`reason`);
    its message is written from them in the language it is shown in.
    """

    severity: Severity
    code: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    text_key: str = ""  # the catalogue text, when not the code's own (issue.<code>)
    reason: str | None = None  # unreadable_file: encrypted, html, too_big ...
    params: dict[str, Param] = Field(default_factory=dict)

    @classmethod
    def of(
        cls,
        code: str,
        file: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        *,
        text_key: str = "",
        reason: str | None = None,
        severity: Severity | None = None,
        params: Mapping[str, Param] | None = None,
        **more: Param,
    ) -> Issue:
        """An issue of a registered type; its severity comes from the registry. Its
        parameters are `params` and `more` together."""
        return cls(
            severity=severity or ISSUE_TYPES[code],
            code=code,
            file=file,
            sheet=sheet,
            row=row,
            column=column,
            text_key=text_key,
            reason=reason,
            params={**(params or {}), **more},
        )

    @property
    def key(self) -> str:
        """The catalogue key of the message."""
        if self.code == "unreadable_file":
            return f"unreadable_file.{self.reason}"
        return f"issue.{self.text_key or self.code}"

    def message(self, lang: Lang = "zh") -> str:
        return text(self.key, lang, column=self.column, **self.params)

    def as_json(self, lang: Lang = "zh") -> dict[str, object]:
        """The issue as `validate --format json` prints it (SUBMISSIONS.md section 6,
        with `reason` and `params` added)."""
        return {
            "severity": self.severity.value,
            "code": self.code,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message(lang),
            "reason": self.reason,
            "params": dict(self.params),
        }


class Notice(Frozen):
    """Something about a run the reader must be told, not a fault in one cell: a year with
    no folder, an as-of date outside the year, a roster that went missing. Shown as a
    warning line above a table, and in JSON under "notices"."""

    key: str  # catalogue key, "notice.<what>"
    params: dict[str, Param] = Field(default_factory=dict)

    def message(self, lang: Lang = "zh") -> str:
        return text(self.key, lang, **self.params)

    def as_json(self, lang: Lang = "zh") -> dict[str, object]:
        return {"key": self.key, "message": self.message(lang), "params": dict(self.params)}


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
    name_en: str = ""
    short: str = ""  # the short name for tables with one column per indicator
    short_en: str = ""
    kind: str
    unit: str
    direction: str = "higher"  # "lower": lower is better
    target: float | None  # None: an annual indicator with no target for the year
    target_max: float | None = None
    baseline: float
    actual: float | None
    expected: float | None
    gap: float | None
    completion: float | None
    status: Status | None
    numerator: float | None = None
    denominator: float | None = None
    pace: float | None = None  # the share of the window (annual: of the year) elapsed

    def label(self, lang: Lang) -> str:
        return worded(lang, self.name, self.name_en)

    def short_label(self, lang: Lang) -> str:
        return (self.short_en if lang == "en" else self.short) or self.label(lang)


QuoteKind = Literal["reporting", "bonus", "monitoring"]


class PlanQuotes(Frozen):
    """The plan's own words a bulletin cites (rules/plan.toml [plan.quotes]).

    Each is optional: without it the bulletin says the same in plain words and quotes
    nothing, so another plan's bulletin never cites a sentence that plan does not have.
    """

    reporting: str = ""  # that progress is to be reported (定期通报工作进展情况)
    reporting_en: str = ""
    bonus: str = ""  # the bonus for the units that do well at the year-end assessment
    bonus_en: str = ""
    monitoring: str = ""  # the statistical monitoring the next steps follow
    monitoring_en: str = ""

    def quote(self, kind: QuoteKind, lang: Lang) -> str:
        """The words in the reader's language; none in English when only Chinese is given."""
        return str(getattr(self, f"{kind}_en" if lang == "en" else kind))


class PlanLabel(Frozen):
    """How outputs name the plan and its district (rules/plan.toml [plan])."""

    name: str
    name_en: str = ""
    region: str = ""
    region_en: str = ""
    topic: str = ""
    topic_en: str = ""
    recipients: str = ""
    recipients_en: str = ""
    issuer: str = ""
    issuer_en: str = ""
    quotes: PlanQuotes = PlanQuotes()

    def title(self, lang: Lang) -> str:
        """The district (or city) and the plan's topic, as a title starts: 达坂城区双创."""
        if lang == "en":
            return f"{self.region_en or self.region} {self.topic_en or self.topic}".strip()
        return f"{self.region}{self.topic}"

    def plan_name(self, lang: Lang) -> str:
        return worded(lang, self.name, self.name_en)

    def addressed_to(self, lang: Lang) -> str:
        return worded(lang, self.recipients, self.recipients_en)

    def issued_by(self, lang: Lang) -> str:
        return worded(lang, self.issuer, self.issuer_en)


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
    notices: tuple[Notice, ...] = ()
    plan: PlanLabel | None = None


def number(value: float | None) -> float | int | None:
    """Whole numbers as int in output (6, not 6.0); fractions stay as they are."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# Labels for the terminal; the JSON contract keeps its keys (SUBMISSIONS.md section 6).
_VIEW_LABELS = {"name_en", "short", "short_en"}


def indicator_json(value: IndicatorValue) -> dict[str, object]:
    data = value.model_dump(mode="json", exclude=_VIEW_LABELS)
    for key in ("target", "target_max", "baseline", "actual", "gap", "numerator", "denominator"):
        data[key] = number(data[key])
    if data["target_max"] is None:
        del data["target_max"]
    return data


def progress_json(progress: Progress, lang: Lang = "zh") -> dict[str, object]:
    """The `report --format json` contract (SUBMISSIONS.md section 6), keys in that order."""
    return {
        "year": progress.year,
        "as_of": progress.as_of.isoformat(),
        "pace": progress.pace,
        "indicators": [indicator_json(v) for v in progress.indicators],
        "records": {"counted": progress.counted, "excluded": progress.excluded},
        "issues": {"errors": progress.errors, "warnings": progress.warnings},
        "notices": [n.as_json(lang) for n in progress.notices],
    }
