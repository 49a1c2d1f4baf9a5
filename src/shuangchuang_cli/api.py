"""The library's front door: what each command asks for, as plain results.

Nothing here prints or knows about the terminal; cli/ renders what these return.

The counting (pandas) is imported by the methods that count, not here, and only once
the year's files are being read: a report the cache already holds is answered without
loading it, and the reading workers parse while this process loads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from shuangchuang_cli.cache import Cache, Store
from shuangchuang_cli.errors import RulesError, UsageError
from shuangchuang_cli.i18n import Lang
from shuangchuang_cli.models import Issue, IssueTally, Notice, Progress, Severity
from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.reading.discover import SourceFile, bundled_data_dir, discover
from shuangchuang_cli.reading.layout import data_layout, named_paths, year_notices
from shuangchuang_cli.rules import Assessment, Indicator, Rules, load_rules

if TYPE_CHECKING:
    from shuangchuang_cli.assessment.scores import ScoreKind, Scores
    from shuangchuang_cli.counting.dataset import Dataset, OnFile
    from shuangchuang_cli.counting.explain import Explanation
    from shuangchuang_cli.counting.indicators import Measured
    from shuangchuang_cli.counting.trend import Trend
    from shuangchuang_cli.reading.prefetch import Reading
    from shuangchuang_cli.reading.workers import Reader


@dataclass(frozen=True)
class Validation(IssueTally):
    files: int
    issues: list[Issue]
    # Told on stderr, not part of the JSON contract: named files that were skipped,
    # marked copies left out, files without a record.
    notices: tuple[Notice, ...] = ()

    @property
    def valid(self) -> bool:
        return self.errors == 0

    def as_json(self, lang: Lang = "zh") -> dict[str, object]:
        """The `validate --format json` contract (SUBMISSIONS.md section 6)."""
        return {
            "files": self.files,
            "errors": self.errors,
            "warnings": self.warnings,
            "issues": [i.as_json(lang) for i in self.issues],
            "notices": [n.as_json(lang) for n in self.notices],
        }


@dataclass(frozen=True)
class UnitActuals:
    """One unit's share of each indicator's actual value (records attributed to it)."""

    unit: str
    actuals: dict[str, float | None]


class Workspace:
    """A data folder read with one set of rules; each year is read once and kept.

    The folder's layout is checked first (reading/layout.py): a folder that cannot be a
    data folder raises UsageError before any rule or file is read.
    """

    def __init__(
        self,
        data_dir: Path | None = None,
        rules: Rules | None = None,
        rules_dir: Path | None = None,
        lang: Lang = "zh",
        today: dt.date | None = None,
        on_file: OnFile | None = None,
        store: Store | None = None,
        reader: Reader | None = None,
    ) -> None:
        self.data_dir = data_dir if data_dir is not None else bundled_data_dir()
        self.layout = data_layout(self.data_dir)
        self.rules = rules if rules is not None else load_rules(rules_dir)
        self.lang: Lang = lang
        self.today = today or dt.date.today()
        self.on_file = on_file
        self.reader = reader  # the worker processes to read with (each reading starts its own)
        # Files read in an earlier run are taken from the store (cache/), when given one.
        self.cache = Cache(store, self.rules) if store is not None else None
        self._loaded: dict[int, Dataset] = {}
        self._measured: dict[tuple[int, dt.date], list[Measured]] = {}
        self._files: dict[int, list[SourceFile]] = {}

    def years(self) -> list[int]:
        return list(self.layout.years)

    def files(self, year: int) -> list[SourceFile]:
        """The files of every year folder up to and including `year`, in read order."""
        if year not in self._files:
            self._files[year] = discover([self.data_dir], up_to_year=year)
        return self._files[year]

    def dataset(self, year: int) -> Dataset:
        """Every year folder up to and including `year`, in read order."""
        if year not in self._loaded:
            files = self.files(year)
            data = self._narrowed(year, files)
            if data is None:
                data = _load(
                    files, self.rules, self.lang, self.today, self.on_file, self.cache, self.reader
                )
            self._loaded[year] = data
        return self._loaded[year]

    def _narrowed(self, year: int, files: list[SourceFile]) -> Dataset | None:
        """A later year's dataset, already read, narrowed to the files up to `year` (a
        trend's earlier points): the same dataset as reading them, without the reading."""
        later = [y for y in self._loaded if y > year]
        if not later:
            return None
        from shuangchuang_cli.counting.dataset import narrowed

        return narrowed(self._loaded[min(later)], files, self.rules.sheet_types)

    def _result_key(self, kind: str, year: int, day: dt.date) -> str | None:
        """What decides a result: the files (names, year folders, bytes), the folder's
        layout, the dates and, through the cache, the code and the rules; None without a
        cache, or when a file cannot be read to be told apart."""
        if self.cache is None:
            return None
        files = []
        for source in self.files(year):
            digest = self.cache.digest(source.path)
            if digest is None:
                return None
            files.append((source.display, source.year, source.unreadable, digest))
        layout = repr(self.layout)
        return self.cache.key(kind, year, day.isoformat(), self.today.isoformat(), layout, files)

    def as_of(self, year: int, as_of: dt.date | None) -> dt.date:
        return as_of if as_of is not None else dt.date(year, 12, 31)

    def notices(
        self, year: int, as_of: dt.date | None = None, carriers: bool = True
    ) -> tuple[Notice, ...]:
        """What a run for `year` must say before its table: files outside the year
        folders, a year with no folder, a year outside the plan, an as-of date outside
        the year, and (with `carriers`) a carrier roster taken from an earlier year."""
        day = self.as_of(year, as_of)
        plan = self.rules.plan
        found = year_notices(self.layout, year, day, plan.start, plan.end)
        if carriers and any(y <= year for y in self.layout.years):
            data = self.dataset(year)  # first: its files are read while pandas loads
            from shuangchuang_cli.counting.notices import roster_notices

            found += roster_notices(data, self.rules, year)
        return tuple(found)

    def measured(self, year: int, as_of: dt.date | None = None) -> list[Measured]:
        """Every indicator's records, counted once per year and date (report, score,
        explain and export all ask for them)."""
        day = self.as_of(year, as_of)
        if (year, day) not in self._measured:
            data = self.dataset(year)
            from shuangchuang_cli.counting.indicators import measure_all

            self._measured[year, day] = measure_all(data, self.rules, year, day)
        return self._measured[year, day]

    def report(self, year: int, as_of: dt.date | None = None) -> Progress:
        """Where the district stands against every target of the plan. With a cache, the
        report of the same files, rules, code and dates is the one it holds."""
        day = self.as_of(year, as_of)
        key = self._result_key("report", year, day)
        if key is not None and self.cache is not None:
            held = self.cache.store.get("result", key)
            if held is not None:
                try:
                    return Progress.model_validate_json(bytes(held))
                except ValidationError:
                    pass  # not a report this code wrote: counted again and replaced
        progress = self._report(year, day)
        if key is not None and self.cache is not None:
            self.cache.store.put("result", key, progress.model_dump_json().encode("utf-8"))
        return progress

    def _report(self, year: int, day: dt.date) -> Progress:
        data = self.dataset(year)
        measured = self.measured(year, day)
        from shuangchuang_cli.counting.indicators import counted_total
        from shuangchuang_cli.counting.pace import evaluate, pace

        share = pace(self.rules, day)
        return Progress(
            year=year,
            as_of=day,
            pace=share,
            indicators=tuple(evaluate(m, self.rules, share, year, day) for m in measured),
            counted=counted_total(measured),
            excluded=int(sum(int(f["_error"].astype(bool).sum()) for f in data.frames.values())),
            errors=data.errors,
            warnings=data.warnings,
            notices=self.notices(year, day),
            plan=self.rules.plan.label(),
        )

    def trend(self, year: int, as_of: dt.date | None = None) -> Trend:
        """Every indicator at each quarter end up to the as-of date, each point the report
        of its date (counting/trend.py says which year folders each one reads)."""
        from shuangchuang_cli.counting.trend import trend

        window = self.rules.plan
        return trend(self.report, year, self.as_of(year, as_of), window.start, window.end)

    def scheme(self) -> Assessment:
        """The assessment scheme (checked with the rules); a usage error when there is none."""
        if self.rules.assessment_problems:
            raise RulesError(problems=self.rules.assessment_problems)
        if self.rules.assessment is None:
            raise UsageError("usage.no_assessment", folder=self.rules.folder)
        return self.rules.assessment

    def score(self, year: int, kind: ScoreKind = "units", as_of: dt.date | None = None) -> Scores:
        """The year-end assessment of the units or the carriers, as of Dec 31 of the year
        (or of `as_of`: the tasks met so far, as a bulletin during the year reports them)."""
        scheme = self.scheme()
        if (scheme.units if kind == "units" else scheme.carriers) is None:
            raise UsageError(f"usage.no_{kind}_part", folder=self.rules.folder)
        if scheme.units is not None and kind == "units" and year not in scheme.units.tasks:
            years = tuple(str(y) for y in scheme.units.tasks)
            raise UsageError("usage.no_tasks", year=year, years=years)
        measured = self.measured(year, as_of)
        from shuangchuang_cli.assessment.carriers import score_carriers
        from shuangchuang_cli.assessment.units import score_units

        if kind == "units":
            return score_units(self.rules, scheme, self.dataset(year), measured, year)
        day = self.as_of(year, as_of)
        return score_carriers(self.rules, scheme, self.dataset(year), measured, year, day)

    def explain(self, indicator: str, year: int, as_of: dt.date | None = None) -> Explanation:
        """The records behind one indicator's actual value in `report`; the indicator as
        find_indicator() takes it (id, name, short name or number)."""
        found = find_indicator(self.rules.indicators, indicator)
        if found is None:
            ids = tuple(i.id for i in self.rules.indicators)
            raise UsageError("usage.no_indicator", id=indicator, ids=ids)
        day = self.as_of(year, as_of)
        measured = self._measured.get((year, day))
        if measured is None:  # this indicator alone: a region's twelve took 0.26 s
            data = self.dataset(year)
            from shuangchuang_cli.counting.indicators import measure_one

            measured = [measure_one(data, self.rules, found, year, day)]
        from shuangchuang_cli.counting.explain import explain

        return explain(measured, found.id, year, day)

    def by_unit(self, year: int, as_of: dt.date | None = None) -> list[UnitActuals]:
        """Each unit's part of each actual: flow keys go to the unit of their first record.

        A stock's baseline is the district's, so no unit's part holds it.
        """
        measured = self.measured(year, as_of)
        rows = []
        for unit in self.rules.units:
            actuals: dict[str, float | None] = {}
            for m in measured:
                column = m.sheet.unit_column
                mine = m.records[m.records[column].eq(unit.name)] if column else m.records[0:0]
                actuals[m.indicator.id] = m.indicator.compute.measure(mine).actual
            rows.append(UnitActuals(unit.name, actuals))
        return rows


def find_indicator(indicators: Sequence[Indicator], query: str) -> Indicator | None:
    """An indicator as a person names it: its id, its name or short name in either
    language (compared as names are, after NFKC and without white space, and whatever
    the case), or its number in report's table (1 for the first)."""
    wanted = key_text(query).lower()
    if wanted.isdigit():
        number = int(wanted)
        return indicators[number - 1] if 1 <= number <= len(indicators) else None
    for ind in indicators:
        forms = (ind.id, ind.name, ind.name_en, ind.short, ind.short_en)
        if any(form and key_text(form).lower() == wanted for form in forms):
            return ind
    return None


def validate(
    paths: list[Path],
    rules: Rules,
    lang: Lang = "zh",
    today: dt.date | None = None,
    on_file: OnFile | None = None,
    store: Store | None = None,
    reader: Reader | None = None,
    ahead: Reading | None = None,
) -> Validation:
    """Check files and folders; every problem becomes an issue, nothing is raised for data.
    With a store (cache/), files read in an earlier run are taken from it. `reader`: the
    worker processes to read with (started by the caller); the reading starts its own
    without one. `ahead`: a reading the caller started before the rules were loaded
    (prefetch.read_ahead), used if it reads what is to be read, closed otherwise."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError("usage.not_found", paths=tuple(str(p) for p in missing))
    notices = named_paths(paths)
    files = discover(paths)
    cache = Cache(store, rules) if store is not None else None
    data = _load(files, rules, lang, today, on_file, cache, reader, ahead)
    return Validation(len(files), data.issues, (*notices, *file_notices(data)))


def _load(
    files: list[SourceFile],
    rules: Rules,
    lang: Lang,
    today: dt.date | None,
    on_file: OnFile | None,
    cache: Cache | None,
    reader: Reader | None = None,
    ahead: Reading | None = None,
) -> Dataset:
    """counting.dataset.load, with the files the cache does not hold already being read:
    the worker processes parse them while this process loads pandas and the checks
    (a third of a second, which a single big file would otherwise wait on)."""
    reading = _start_reading(files, rules, cache, reader, ahead)
    try:
        from shuangchuang_cli.counting.dataset import load

        return load(files, rules, lang, today, on_file, cache, reader, reading)
    finally:
        if reading is not None:
            reading.close()  # idempotent: load closed it unless something failed first


def _start_reading(
    files: list[SourceFile],
    rules: Rules,
    cache: Cache | None,
    reader: Reader | None,
    ahead: Reading | None = None,
) -> Reading | None:
    """The reading of the files the cache does not hold: `ahead` narrowed to them when it
    reads them with the rules' limits (it is closed otherwise), else one started now."""
    from shuangchuang_cli.reading.prefetch import Reading

    unread = cache.unkept(files) if cache is not None else files
    if ahead is not None:
        if unread and ahead.narrow(unread, rules.values.limits):
            return ahead
        ahead.close()
    return Reading(unread, rules.values.limits, reader) if unread else None


def file_notices(data: Dataset) -> tuple[Notice, ...]:
    """What validate says about files besides their issues: the marked copies it left
    out (one line for all), and readable files without a single record and without an
    error to explain it (a blank template, say)."""
    notices: list[Notice] = []
    if data.marked_copies:
        # Three names, in the language's own list (a、b、c; a, b, c), and "and others".
        more = len(data.marked_copies) > 3
        notices.append(
            Notice(
                key="notice.marked_copies_more" if more else "notice.marked_copies",
                params={"count": len(data.marked_copies), "files": tuple(data.marked_copies[:3])},
            )
        )
    with_records = set().union(*(set(f["_file"].unique()) for f in data.frames.values()))
    explained = {i.file for i in data.issues if i.severity is Severity.ERROR}
    explained |= {i.file for i in data.issues if i.code == "unsupported_file"}
    unknown = {i.file for i in data.issues if i.code == "unknown_sheet"}
    for source in data.files:
        name = source.display
        if name in with_records or name in explained or name in data.marked_copies:
            continue
        # Sheets of no known type are not a blank template: say that none was read.
        key = "notice.no_known_sheet" if name in unknown else "notice.no_records"
        notices.append(Notice(key=key, params={"file": name}))
    return tuple(notices)
