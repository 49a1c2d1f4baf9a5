"""The progress bulletin (工作进展情况通报) composed from the library's results as a Word
`Document` (docx_blocks), for write_docx to lay out (GB/T 9704-2012).

The plan asks the district to "定期通报工作进展情况" (四(三)); this is that bulletin. The
plan's words it quotes are rules data ([plan.quotes]), so another plan's bulletin cites
its own sentences or none. Every
number in it is a number of `report --as-of` (the indicators), `report --trend` (the
quarters and the projection), `score` (the units, scored as of the same date) or
`validate` (the data problems), written as `report` writes it (bulletin_text.py).

Which report a date other than the as-of date reads: the previous quarter end and the
same date a year earlier are points of the trend, so each is the report of its own year
(counting/trend.py): `report 2023 --as-of 2023-12-31` for a 2024 bulletin's "same date
last year", as the bulletin of that date said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.assessment.scores import Scores
from shuangchuang_cli.counting.trend import (
    Trend,
    is_quarter_end,
    previous_quarter_end,
    quarter_end,
    report_year,
)
from shuangchuang_cli.errors import RulesError, UsageError
from shuangchuang_cli.i18n import Lang, text, worded
from shuangchuang_cli.models import Issue, PlanLabel, Progress, QuoteKind
from shuangchuang_cli.output import bulletin_sections as sections
from shuangchuang_cli.output.bulletin_attachments import indicator_table, trend_attachment
from shuangchuang_cli.output.bulletin_text import day, year_before
from shuangchuang_cli.output.docx import Attachment, Document, Paragraph, write_docx
from shuangchuang_cli.output.files import OutputFile, check_output
from shuangchuang_cli.output.xlsx import display_width


@dataclass(frozen=True)
class BulletinData:
    """Everything the bulletin says, gathered once from the workspace."""

    progress: Progress
    trend: Trend
    previous: Progress | None  # the last quarter end before the as-of date, in the window
    last_year: Progress | None  # the same date a year earlier, in the window
    scores: Scores | None
    # Why the units are not scored, when they are not: the tool's own message, for the
    # analyst (stderr), never for the document, which says only that they are not.
    unscorable: str
    issues: list[Issue]
    files: int
    senders: dict[str, tuple[str, ...]] = field(default_factory=dict)  # file -> its units
    unit_kinds: tuple[str, ...] = ()
    bonus: float = 0.0
    written: dt.date | None = None  # 成文日期: the day the bulletin is made

    @property
    def as_of(self) -> dt.date:
        return self.progress.as_of

    def quote(self, kind: QuoteKind, lang: Lang) -> str:
        """The plan's words on `kind` ([plan.quotes]); empty when the rules give none."""
        plan = self.progress.plan
        return plan.quotes.quote(kind, lang) if plan is not None else ""


def _earlier(ws: Workspace, year: int, on: dt.date) -> Progress | None:
    if on < ws.rules.plan.start:
        return None
    return ws.report(report_year(on, year), on)


def gather(ws: Workspace, year: int, as_of: dt.date | None, lang: Lang) -> BulletinData:
    progress = ws.report(year, as_of)
    on = progress.as_of
    scores: Scores | None = None
    unscorable = ""
    try:
        scores = ws.score(year, "units", on)
    except (UsageError, RulesError) as exc:
        unscorable = exc.render(lang)
    data = ws.dataset(year)
    senders: dict[str, set[str]] = {}
    for name, frame in data.frames.items():
        column = ws.rules.sheet_types[name].unit_column
        if column is None or frame.empty:
            continue
        for file, unit in zip(frame["_file"], frame[column], strict=True):
            if isinstance(unit, str):
                senders.setdefault(str(file), set()).add(unit)
    kinds = tuple(worded(lang, k.name, k.name_en) for k in ws.rules.unit_kinds)
    return BulletinData(
        progress=progress,
        trend=ws.trend(year, on),
        previous=_earlier(ws, year, previous_quarter_end(on)),
        last_year=_earlier(ws, year, year_before(on)),
        scores=scores,
        unscorable=unscorable,
        issues=data.issues,
        files=len(data.files),
        senders={f: tuple(sorted(u)) for f, u in senders.items()},
        unit_kinds=kinds,
        bonus=scores.bonus if scores is not None else 0.0,
        written=ws.today,
    )


def period(on: dt.date, lang: Lang) -> str:
    """2024年度, 2024年前三季度, 2024年上半年 ... or 截至2024年11月15日."""
    if on.month == 12 and on.day == 31:
        return text("bulletin.period.year", lang, year=on.year)
    if is_quarter_end(on):
        quarter = (on.month - 1) // 3 + 1
        return text(f"bulletin.period.q{quarter}", lang, year=on.year)
    return text("bulletin.period.date", lang, date=day(on, lang))


def compose(data: BulletinData, lang: Lang) -> Document:
    """The bulletin: title, lead, six sections, two attachments."""
    progress = data.progress
    plan = progress.plan or PlanLabel(name="")
    region, topic = _region_and_topic(plan, lang)
    span = period(data.as_of, lang)
    title = _title(
        text("bulletin.title", lang, period=span, region=region, topic=topic),
        text("bulletin.title_end", lang),
    )
    quote = plan.quotes.quote("reporting", lang)
    lead = text(
        "bulletin.lead" if quote else "bulletin.lead_plain",
        lang,
        plan=plan.plan_name(lang),
        period=span,
        region=region,
        topic=topic,
        quote=quote,
    )
    attachments = [
        Attachment(
            text(
                "bulletin.att.indicators",
                lang,
                year=progress.year,
                topic=topic,
                date=day(data.as_of, lang),
            ),
            [indicator_table(progress, lang)],
        ),
        Attachment(text("bulletin.att.trend", lang), trend_attachment(data.trend, lang)),
    ]
    next_date = quarter_end(data.as_of + dt.timedelta(days=1))
    recipients, issuer = plan.addressed_to(lang), plan.issued_by(lang)
    signature = [issuer, day(data.written, lang)] if issuer and data.written else []
    return Document(
        title=title,
        subtitle=text("bulletin.subtitle", lang, date=day(data.as_of, lang)),
        blocks=[
            Paragraph(lead),
            *sections.body(data, lang, next_date),
        ],
        attachments=attachments,
        lang=lang,
        addressee=text("bulletin.addressee", lang, recipients=recipients) if recipients else "",
        signature=signature,
    )


TITLE_CHARS = 20  # characters of 2号 on one line of the 156 mm text block


def _title(head: str, tail: str) -> str:
    """The title on one line when it fits, else broken before its last words, so the
    second line is not a lone "通报" (GB/T 9704-2012, 7.3.1: lines of sense, in a
    pyramid)."""
    whole = head + tail
    if display_width(whole) <= 2 * TITLE_CHARS or not tail:
        return whole
    return f"{head}\n{tail}"


def _region_and_topic(plan: PlanLabel, lang: Lang) -> tuple[str, str]:
    if lang == "en":
        return plan.region_en or plan.region, plan.topic_en or plan.topic
    return plan.region, plan.topic


def write_bulletin(
    ws: Workspace,
    year: int,
    target: Path,
    as_of: dt.date | None = None,
    lang: Lang = "zh",
    force: bool = False,
    template: Path | None = None,
) -> tuple[Document, str]:
    """Write the bulletin of `year` as of `as_of` to `target`; returns what it wrote, and
    why the units were left out of it (empty when they were scored).

    Written as every output is (output/files.py): in a working folder beside the target,
    moved into place once complete; an existing file only with `force`.
    """
    inputs = [ws.data_dir, Path(ws.rules.folder)]
    check_output(target, force, inputs=inputs, suffix=".docx")
    if template is not None:
        check_template(template)
    data = gather(ws, year, as_of, lang)
    document = compose(data, lang)
    with OutputFile(target, force, inputs, suffix=".docx") as out:
        write_docx(document, out.part, template)
        out.commit()
    return document, data.unscorable


def check_template(template: Path) -> None:
    """A Word template that can be used, or a usage error saying why it cannot."""
    import zipfile

    if template.is_dir():
        raise UsageError("usage.template_is_folder", path=template)
    if not template.is_file():
        raise UsageError("usage.not_found", paths=template)
    try:
        with zipfile.ZipFile(template) as package:
            package.getinfo("word/document.xml")
    except KeyError:
        # A zip without word/document.xml: a workbook or another package, not a document.
        raise UsageError("usage.template_not_docx", path=template) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError("usage.bad_template", path=template, detail=type(exc).__name__) from None
