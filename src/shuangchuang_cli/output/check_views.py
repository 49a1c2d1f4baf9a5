"""The views of `validate` and `rules` as neutral tables (see output/views.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shuangchuang_cli.api import Validation
from shuangchuang_cli.i18n import Lang, capitalised, text, worded
from shuangchuang_cli.models import Issue, Severity
from shuangchuang_cli.output.numbers import unit_after
from shuangchuang_cli.output.tables import Block, Cell, Column, Line, table
from shuangchuang_cli.output.views import fmt_value

# A table is for reading: past this many lines a file's issues are counted, not listed
# (rich would take minutes to lay out a few hundred thousand rows).
ROWS_PER_FILE = 1000


def _h(key: str, lang: Lang, **kw: object) -> str:
    return text(f"view.{key}", lang, **kw)


@dataclass(frozen=True)
class IssueLine:
    """One line of the issue table: an issue, or the same issue on a run of rows."""

    issue: Issue
    last_row: int | None  # the run's last row; None for an issue on one row or none

    def rows(self) -> str:
        first = self.issue.row
        if first is None:
            return "—"
        return str(first) if self.last_row is None else f"{first}–{self.last_row}"


def _same(issue: Issue) -> tuple[object, ...]:
    """What two issues on different rows must share to be shown as one line."""
    params = tuple(sorted((k, repr(v)) for k, v in issue.params.items()))
    return (issue.severity, issue.file, issue.sheet, issue.code, issue.column, issue.key, params)


def issue_lines(issues: Sequence[Issue]) -> list[IssueLine]:
    """Identical issues (code, column, message parameters) on consecutive rows of a sheet
    as one line with the run of rows; errors first, then by sheet and row."""
    runs: dict[tuple[object, ...], list[list[Issue]]] = {}
    single: list[IssueLine] = []
    for issue in issues:
        if issue.row is None:
            single.append(IssueLine(issue, None))
            continue
        groups = runs.setdefault(_same(issue), [])
        if groups and groups[-1][-1].row is not None and groups[-1][-1].row + 1 == issue.row:
            groups[-1].append(issue)
        else:
            groups.append([issue])
    lines = single + [
        IssueLine(run[0], run[-1].row if len(run) > 1 else None)
        for groups in runs.values()
        for run in groups
    ]
    return sorted(
        lines,
        key=lambda x: (
            x.issue.severity is not Severity.ERROR,
            x.issue.sheet or "",
            x.issue.row or 0,
        ),
    )


def _level(issue: Issue, lang: Lang) -> Cell:
    if issue.severity is Severity.ERROR:
        return Cell(_h("level.error", lang), "error")
    return Cell(_h("level.warning", lang), "warn")


def issues_view(result: Validation, lang: Lang) -> list[Block]:
    """Issues by file, errors first, identical ones on consecutive rows as one line; a
    count per file and a summary."""
    blocks: list[Block] = []
    by_file: dict[str, list[Issue]] = {}
    for issue in result.issues:
        by_file.setdefault(issue.file, []).append(issue)
    columns = (
        Column(_h("col.level", lang), key=True, bare=True),
        Column(_h("col.sheet", lang), wrap=True, key=True, bare=True),
        Column(_h("col.row", lang), key=True),
        Column(_h("col.column", lang), key=True),
        Column(_h("col.code", lang), key=True, bare=True),
        Column(_h("col.message", lang), wrap=True),
    )
    for file, issues in by_file.items():
        errors = sum(i.severity is Severity.ERROR for i in issues)
        tally = Cell(_h("issues.file_tally", lang, errors=errors, warnings=len(issues) - errors))
        blocks.append(Line(_h("pair_label", lang, label=file), "strong", parts=(tally,)))
        lines = issue_lines(issues)
        rows = [
            (
                _level(x.issue, lang),
                Cell(x.issue.sheet or "—"),
                Cell(x.rows()),
                Cell(x.issue.column or "—"),
                Cell(x.issue.code),
                Cell(x.issue.message(lang)),
            )
            for x in lines[:ROWS_PER_FILE]
        ]
        blocks.append(table(columns, rows, framed=False))
        if len(lines) > ROWS_PER_FILE:
            rest = sum(1 + _run_extra(x) for x in lines[ROWS_PER_FILE:])
            blocks.append(Line(_h("issues.more", lang, rest=rest), "warn"))
        blocks.append(Line(""))
    summary = _h(
        "issues.summary", lang, files=result.files, errors=result.errors, warnings=result.warnings
    )
    blocks.append(Line(summary, "bad" if result.errors else "ok"))
    return blocks


def _run_extra(line: IssueLine) -> int:
    if line.last_row is None or line.issue.row is None:
        return 0
    return line.last_row - line.issue.row


# --- rules ------------------------------------------------------------------------------


def rules_view(overview: dict[str, Any], lang: Lang) -> list[Block]:
    """The targets, units, weights and tasks in force, as `sc-cli rules` shows them."""
    plan = overview["plan"]
    name = worded(lang, plan["name"], plan.get("name_en") or "")
    blocks: list[Block] = [
        Line(_h("rules.plan", lang, name=name, start=plan["start"], end=plan["end"]), "strong"),
        Line(_h("rules.folder", lang, folder=overview["folder"])),
        _sheets_line(overview, lang),
    ]
    names: dict[str, str] = {}
    shorts: dict[str, str] = {}  # a narrow screen's headers: 孵化企业, not incubated_new
    rows = []
    for ind in overview["indicators"]:
        names[ind["id"]] = worded(lang, ind["name"], ind["name_en"])
        shorts[ind["id"]] = ind.get("short_en" if lang == "en" else "short") or ind["id"]
        unit = ind["unit"]
        target = fmt_value(ind["target"], unit)
        if ind.get("target_max") is not None:
            target += f"–{fmt_value(ind['target_max'], unit)}"
        suffix = unit_after(unit, lang)  # 100个 in Chinese, 100 in English; 500万元 in both
        target += suffix
        if ind.get("targets"):  # an annual indicator: each year's target
            target = text("list.separator", lang).join(
                f"{year}: {fmt_value(v, unit)}{suffix}" for year, v in ind["targets"].items()
            )
        kind = _h(f"rules.kind.{ind['kind']}", lang)
        rows.append((ind["id"], names[ind["id"]], kind, target))
    targets = (
        Column(_h("col.id", lang), key=True, bare=True),
        Column(_h("col.indicator", lang), wrap=True, key=True, bare=True),
        Column(_h("col.kind", lang)),
        Column(_h("col.target", lang), "right", wrap=True),  # an annual target per year
    )
    blocks.append(table(targets, rows, title=_h("rules.targets", lang)))
    units = (
        Column(_h("col.unit", lang), key=True, bare=True),
        Column(_h("col.kind", lang)),
        Column(_h("col.code", lang)),
        Column(_h("col.aliases", lang), wrap=True),
    )
    # Unit kinds are the plan's own (units.toml [[kinds]]), named as it names them.
    kinds = {k["id"]: worded(lang, k["name"], k["name_en"]) for k in overview["unit_kinds"]}
    unit_rows = [
        (u["name"], kinds.get(u["kind"], u["kind"]), u["code"] or "—", tuple(u["aliases"]))
        for u in overview["units"]
    ]
    blocks.append(
        table(
            units,
            [(n, k, c, text("list.separator", lang).join(a)) for n, k, c, a in unit_rows],
            title=_h("rules.units", lang),
        )
    )
    scheme = overview["assessment"]
    if scheme is not None:
        blocks += _scheme_blocks(scheme, names, shorts, kinds, lang)
    return blocks


def _sheets_line(overview: dict[str, Any], lang: Lang) -> Line:
    """Which sheet types are read; said when the folder has no sheets.toml of its own."""
    names = tuple(worded(lang, s["name"], s.get("name_en") or "") for s in overview["sheets"])
    which = "rules.sheets_bundled" if overview["sheets_bundled"] else "rules.sheets"
    return Line(_h(which, lang, sheets=names))


def _weight_sets(
    units: dict[str, Any], kinds: dict[str, str], lang: Lang
) -> tuple[dict[str, float], list[Line]]:
    """The indicators weighted, and a line per ranking group with weights of its own.

    With no group weights of its own, the scheme's weights are in the task table's headers.
    """
    weights: dict[str, float] = dict(units["weights"])
    own = [g for g in units.get("groups", []) if g.get("weights")]
    lines: list[Line] = []
    for group in units.get("groups", []):
        name = worded(lang, group["name"], group.get("name_en") or "")
        held = text("list.separator", lang).join(kinds.get(k, k) for k in group["kinds"])
        lines.append(Line(_h("rules.group", lang, name=name, kinds=held)))
        if own:
            shown = group.get("weights") or units["weights"]
            listed = tuple(f"{ind} {w:g}" for ind, w in shown.items())
            lines.append(Line(_h("rules.group_weights", lang, weights=listed)))
    for group in own:
        weights.update({ind: w for ind, w in group["weights"].items() if ind not in weights})
    return weights, lines


def _tasks_table(
    units: dict[str, Any],
    weights: dict[str, float],
    names: dict[str, str],
    shorts: dict[str, str],
    lang: Lang,
) -> Block:
    one_set = not any(g.get("weights") for g in units.get("groups", []))
    columns = [
        Column(_h("col.year", lang), key=True, bare=True),
        Column(_h("col.unit", lang), key=True, bare=True),
    ]
    for ind, weight in weights.items():
        said = f" ({weight:g})" if one_set else ""  # else: each group's line says them
        short = f"{shorts.get(ind, ind)}{said}"
        columns.append(Column(f"{names.get(ind, ind)}{said}", "right", short_header=short))
    rows: list[list[str]] = []
    for year, by_unit in units["tasks"].items():
        for unit, mine in by_unit.items():
            rows.append([str(year), unit, *(_task(mine.get(ind)) for ind in weights)])
    total = [
        _task(sum(m.get(ind, 0) for b in units["tasks"].values() for m in b.values()))
        for ind in weights
    ]
    rows.append([_h("rules.total", lang), "", *total])
    return table(columns, rows, title=_h("rules.tasks", lang, bonus=f"{units['bonus']:g}"))


def _task(value: float | None) -> str:
    """A task as the file writes it: 30, 12.5 (万元); a sum of decimals without its float
    error (0.1 + 0.2 is 0.3)."""
    return "—" if value is None else f"{value:.12g}"


def _scheme_blocks(
    scheme: dict[str, Any],
    names: dict[str, str],
    shorts: dict[str, str],
    kinds: dict[str, str],
    lang: Lang,
) -> list[Block]:
    """The unit assessment, the carrier assessment and the grades; a part the scheme
    does not have is said to be missing, not left out without a word."""
    blocks: list[Block] = []
    if scheme["units"] is None:
        blocks.append(Line(_h("rules.no_units", lang)))
    else:
        weights, group_lines = _weight_sets(scheme["units"], kinds, lang)
        blocks += [_tasks_table(scheme["units"], weights, names, shorts, lang), *group_lines]
    if scheme["carriers"] is None:
        blocks.append(Line(_h("rules.no_carriers", lang)))
    else:
        blocks.append(_carrier_table(scheme["carriers"], lang))
    grades = tuple(
        f"{(g.get('name_en') or g['name']) if lang == 'en' else g['name']} ≥ {g['min']:g}"
        for g in scheme["grades"]
    )
    return [*blocks, Line(_h("rules.grades", lang, grades=grades))]


def _carrier_table(carriers: dict[str, Any], lang: Lang) -> Block:
    items = [
        (
            worded(lang, item["name"], item["name_en"]),
            f"{item['weight']:g}",
            fmt_value(item["benchmark"], "%" if item["measure"] == "share" else ""),
        )
        for item in carriers["items"]
    ]
    item_columns = (
        Column(_h("col.item", lang), wrap=True, key=True, bare=True),
        Column(_h("col.weight", lang), "right"),
        Column(_h("col.benchmark", lang), "right"),
    )
    named = worded(lang, carriers.get("name") or "", carriers.get("name_en") or "")
    title = capitalised(named) if named else _h("rules.carriers", lang)
    return table(item_columns, items, title=title)


def rules_check_view(folder: str, problems: Sequence[str], lang: Lang) -> list[Block]:
    if not problems:
        return [Line(_h("rules.check_ok", lang, folder=folder), "ok")]
    head = Line(_h("rules.check_problems", lang, count=len(problems)), "bad")
    return [head, *(Line(f"- {p}") for p in problems)]
