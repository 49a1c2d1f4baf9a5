"""The views of `explain`: the records behind one indicator's number, and the list of
indicators to choose from when a name finds none (see output/views.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from shuangchuang_cli.i18n import Lang, text, worded
from shuangchuang_cli.output.tables import Block, Cell, Column, Line, Table, table
from shuangchuang_cli.output.views import fmt_value

if TYPE_CHECKING:
    from shuangchuang_cli.counting.explain import Explanation
    from shuangchuang_cli.rules import Indicator


def _h(key: str, lang: Lang, **kw: object) -> str:
    return text(f"view.{key}", lang, **kw)


# Record fields with a label of their own; any other field is a column of the contract and
# is headed by its canonical name. Fields of long text may wrap; the rest (row numbers,
# credit codes, dates, units) are never broken.
_RECORD_FIELDS = {
    "file": True,
    "sheet": True,
    "row": False,
    "key": False,
    "date": False,
    "unit": False,
    "name": True,
    "entity_type": False,
    "category": False,
    "carrier": True,
    "type": False,
    "founded": False,
    "offers_all": False,
}


def _record_cell(value: object, lang: Lang) -> Cell:
    if value is None:
        return Cell("—", "dim")
    if isinstance(value, bool):
        return Cell(_h("yes" if value else "no", lang))
    return Cell(str(value))


def _field_heading(e: Explanation, field: str, lang: Lang) -> str:
    """A record field's heading: in Chinese the sheet's own column name where the field
    is one (the rules name the columns), else the field's label, else the field itself."""
    own = e.headings.get(field)
    if own and (lang == "zh" or field not in _RECORD_FIELDS):
        return own
    return _h(f"record.{field}", lang) if field in _RECORD_FIELDS else field


def explain_view(e: Explanation, lang: Lang) -> list[Block]:
    name = worded(lang, e.name, e.name_en)
    actual = fmt_value(e.actual, e.unit)
    if e.denominator is not None:
        actual += f" ({e.numerator:g}/{e.denominator:g})"
    title = _h(
        "explain.title",
        lang,
        name=name,
        id=e.id,
        as_of=e.as_of.isoformat(),
        actual=actual,
        count=len(e.records),
    )
    fields = list(dict.fromkeys(k for r in e.records for k in r))
    columns = [
        Column(
            _field_heading(e, f, lang),
            "right" if f == "row" else "left",
            wrap=_RECORD_FIELDS.get(f, False),
            key=f in ("file", "sheet", "row"),
            bare=f == "file",
        )
        for f in fields
    ]
    # One Cell per distinct value of a field: a region's records repeat their files,
    # units and dates. Text is most of them; any other value is told apart by its type
    # too (True == 1 == 1.0, shown as 是, 1 and 1.0).
    by_field = []
    for f in fields:
        made: dict[object, Cell] = {}
        cells = []
        for r in e.records:
            value = r.get(f)
            key = value if type(value) is str else (type(value), value)
            found = made.get(key)
            if found is None:
                found = made[key] = _record_cell(value, lang)
            cells.append(found)
        by_field.append(cells)
    rows = list(zip(*by_field, strict=True))
    blocks: list[Block] = [Table(tuple(columns), tuple(rows), title=title)]
    if not e.records:
        blocks.append(Line(_h("explain.none", lang)))
    return blocks


def indicator_list(indicators: Sequence[Indicator], lang: Lang) -> Table:
    """Every indicator with what `explain` accepts for it: number, id, short name, name."""
    columns = (
        Column(_h("col.no", lang), "right", key=True, bare=True),
        Column(_h("col.id", lang), key=True, bare=True),
        Column(_h("col.short", lang)),
        Column(_h("col.indicator", lang), wrap=True),
    )
    rows = [
        (str(n), i.id, worded(lang, i.short, i.short_en), worded(lang, i.name, i.name_en))
        for n, i in enumerate(indicators, 1)
    ]
    return table(columns, rows)
