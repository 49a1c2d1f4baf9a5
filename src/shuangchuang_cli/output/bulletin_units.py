"""The bulletin's sections on the units, the data and what comes next: each unit's tasks
ranked within its group, the units that sent nothing, the problems per file and the
files to send back, the next steps in general terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from shuangchuang_cli.i18n import Lang, text, worded
from shuangchuang_cli.models import Severity, Status
from shuangchuang_cli.output import bulletin_text as say
from shuangchuang_cli.output.docx import Block, Heading, Paragraph, Table
from shuangchuang_cli.output.numbers import fixed

if TYPE_CHECKING:
    from shuangchuang_cli.assessment.scores import ScoreRow
    from shuangchuang_cli.output.bulletin import BulletinData

SMALL = 10.5  # 五号: tables of six or more columns
NAMED_FILES = 10  # files to send back named in the text; past that, the table has them


# --- 四、各单位任务完成情况 ----------------------------------------------------------------


def units(
    data: BulletinData, lang: Lang, h1: say.Numbering, table_number: Callable[[], int]
) -> list[Block]:
    blocks: list[Block] = [Heading(h1(text("bulletin.h.units", lang)))]
    scores = data.scores
    if scores is None:
        blocks.append(Paragraph(text("bulletin.units.unscorable", lang)))
        return blocks
    year_end = data.as_of == dt.date(data.progress.year, 12, 31)
    when = (
        text("bulletin.units.when_year", lang)
        if year_end
        else text("bulletin.units.when_date", lang, date=say.day(data.as_of, lang))
    )
    names = _group_names(scores.rows, lang)
    groups = (
        text("bulletin.units.groups", lang, groups=say.listing(names, lang))
        if scores.groups
        else text("bulletin.units.one_group", lang)
    )
    intro = text(
        "bulletin.units.intro",
        lang,
        year=scores.year,
        when=when,
        groups=groups,
        bonus=_bonus_sentence(data, lang),
    ).rstrip()
    blocks.append(Paragraph(intro))
    for group in scores.groups or (None,):
        rows = [r for r in scores.rows if group is None or r.group == group]
        if rows:
            label = _group_label(rows[0], lang) if group else text("bulletin.units.all_units", lang)
            blocks.append(Paragraph(_unit_summary(rows, label, lang)))
            blocks.append(unit_table(rows, label, lang, table_number()))
    unsent = [r.name for r in scores.rows if r.submitted is False]
    when_sent = say.day(data.as_of, lang)
    if unsent:
        sentence = text(
            "bulletin.units.unsent",
            lang,
            date=when_sent,
            count=len(unsent),
            names=say.listing(unsent, lang),
        )
    else:
        sentence = text("bulletin.units.all_sent", lang, date=when_sent)
    blocks.append(Paragraph(sentence))
    return blocks


def _group_label(row: ScoreRow, lang: Lang) -> str:
    return (row.group_en or row.group or "") if lang == "en" else (row.group or "")


def _group_names(rows: Sequence[ScoreRow], lang: Lang) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        if row.group:
            seen.setdefault(_group_label(row, lang))
    return list(seen)


def _score(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else fixed(value, 2)


def _unit_summary(rows: Sequence[ScoreRow], label: str, lang: Lang) -> str:
    top, bottom = rows[0], rows[-1]
    return text(
        "bulletin.units.summary",
        lang,
        group=label,
        count=len(rows),
        complete=sum(r.complete for r in rows),
        top=say.listing([r.name for r in rows if r.score == top.score], lang),
        top_score=_score(top.score),
        bottom=say.listing([r.name for r in rows if r.score == bottom.score], lang),
        bottom_score=_score(bottom.score),
    )


def unit_table(rows: Sequence[ScoreRow], label: str, lang: Lang, number: int) -> Table:
    yes, no = text("bulletin.yes", lang), text("bulletin.no", lang)
    return Table(
        headers=[
            text(f"bulletin.col.{k}", lang)
            for k in ("rank", "unit", "score", "grade", "complete", "submitted")
        ],
        rows=[
            [
                str(r.rank),
                r.name,
                _score(r.score),
                worded(lang, r.grade, r.grade_en),
                yes if r.complete else no,
                yes if r.submitted else no,
            ]
            for r in rows
        ],
        caption=text("bulletin.units.table", lang, n=number, group=label),
        widths_mm=[14, 40, 18, 18, 26, 26],
        align=["center", "left", "right", "center", "center", "center"],
        font_pt=SMALL,
    )


# --- 五、数据质量 --------------------------------------------------------------------------


def quality(
    data: BulletinData, lang: Lang, h1: say.Numbering, table_number: Callable[[], int]
) -> list[Block]:
    blocks: list[Block] = [Heading(h1(text("bulletin.h.quality", lang)))]
    # What the report says besides its numbers (a roster that went missing) comes first.
    notices = [Paragraph(n.message(lang)) for n in data.progress.notices]
    if not data.issues:
        blocks.append(Paragraph(text("bulletin.quality.clean", lang, files=data.files)))
        return blocks + notices
    per_file: dict[str, list[int]] = {}
    for issue in data.issues:
        tally = per_file.setdefault(issue.file, [0, 0])
        tally[0 if issue.severity is Severity.ERROR else 1] += 1
    ordered = sorted(per_file.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    errors = sum(e for e, _ in per_file.values())
    number = table_number()
    summary = text(
        "bulletin.quality.summary",
        lang,
        files=data.files,
        errors=errors,
        warnings=len(data.issues) - errors,
        bad=len(per_file),
        n=number,
    )
    blocks += [Paragraph(summary), *notices]
    returned = [file for file, (e, _) in ordered if e]
    if len(returned) > NAMED_FILES:
        # A region's hundreds of files are listed in the table, not in a sentence.
        blocks.append(
            Paragraph(text("bulletin.quality.send_back_many", lang, count=len(returned), n=number))
        )
    elif returned:
        blocks.append(Paragraph(_send_back(returned, data.senders, number, lang)))
    rows = [
        [file, say.listing(data.senders.get(file, ()), lang) or "—", str(e), str(w)]
        for file, (e, w) in ordered
    ]
    headers = [text(f"bulletin.col.{k}", lang) for k in ("file", "sender", "errors", "warnings")]
    blocks.append(
        Table(
            headers=headers,
            rows=rows,
            caption=text("bulletin.quality.table", lang, n=number),
            widths_mm=[80, 36, 18, 18],
            align=["left", "left", "right", "right"],
            font_pt=SMALL,
        )
    )
    return blocks


def _send_back(
    returned: list[str], senders: dict[str, tuple[str, ...]], number: int, lang: Lang
) -> str:
    """Who the files with errors go back to: their units by name (the files are in the
    table), and a file no record names a unit of by its own name."""
    units = list(dict.fromkeys(u for f in returned for u in senders.get(f, ())))
    unnamed = [f for f in returned if not senders.get(f)]
    said = text(
        "bulletin.quality.send_back" if units else "bulletin.quality.send_back_unnamed",
        lang,
        count=len(returned),
        n=number,
        units=say.listing(units, lang),
    )
    if units and unnamed:
        files = say.listing(unnamed, lang)
        said += text("bulletin.quality.unnamed", lang, count=len(unnamed), files=files)
    elif unnamed:
        said += text("bulletin.quality.unnamed_all", lang, files=say.listing(unnamed, lang))
    return said


# --- 六、下一步工作 ------------------------------------------------------------------------


def next_steps(
    data: BulletinData, lang: Lang, h1: say.Numbering, next_date: dt.date
) -> list[Block]:
    h2 = say.Numbering("bulletin.h2", lang)
    behind = [v for v in data.progress.indicators if v.status in (Status.BEHIND, Status.AT_RISK)]
    kinds = say.listing(list(data.unit_kinds), lang)
    # Without a task breakdown scored, the units are pointed at the plan's targets alone.
    tasked = "" if data.scores is not None else "_untasked"
    if behind:
        names = say.listing([v.label(lang) for v in behind], lang)
        first = text(f"bulletin.next.behind{tasked}", lang, kinds=kinds, names=names)
    else:
        first = text(f"bulletin.next.keep{tasked}", lang, kinds=kinds)
    return [
        Heading(h1(text("bulletin.h.next", lang))),
        Heading(h2(text("bulletin.next.behind_h", lang)), 2),
        Paragraph(first),
        Heading(h2(text("bulletin.next.quality_h", lang)), 2),
        Paragraph(text("bulletin.next.quality", lang)),
        Heading(h2(text("bulletin.next.monitor_h", lang)), 2),
        Paragraph(_monitoring(data, lang, next_date)),
    ]


def _bonus_sentence(data: BulletinData, lang: Lang) -> str:
    """What a unit meeting every task earns, citing the plan when the rules quote it."""
    if not data.bonus:
        return ""
    quote = data.quote("bonus", lang)
    which = "bulletin.units.bonus_quoted" if quote else "bulletin.units.bonus"
    return text(which, lang, quote=quote, bonus=say.plain(data.bonus, ""))


def _monitoring(data: BulletinData, lang: Lang, next_date: dt.date) -> str:
    quote = data.quote("monitoring", lang)
    plain = "" if quote else "_plain"
    if next_date <= data.trend.window_end:
        return text(
            f"bulletin.next.monitor{plain}", lang, quote=quote, next=say.day(next_date, lang)
        )
    return text(f"bulletin.next.monitor_final{plain}", lang, quote=quote)
