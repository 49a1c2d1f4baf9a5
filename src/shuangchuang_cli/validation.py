"""Turn one raw sheet into typed records plus the issues found in it.

Recognition (which of the six types a sheet is, where its header is) and every per-cell
and per-row check of SUBMISSIONS.md section 4, done column by column. Cross-file checks
(duplicates) belong to dataset.py, which sees every file.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import pandas as pd

from shuangchuang_cli.messages import Lang, message
from shuangchuang_cli.models import Issue, Severity
from shuangchuang_cli.normalize import header_text, key_text
from shuangchuang_cli.parsers import (
    Cells,
    cells,
    parse_bools,
    parse_codes,
    parse_counts,
    parse_dates,
    uscc_check,
)
from shuangchuang_cli.readers import RawSheet
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.schemas import ROW_NUMBER, SHEET_TYPES, Kind, SheetType

HEADER_SEARCH_ROWS = 10
# Rows whose first non-blank cell starts so are totals, signatures or notes, not records.
FOOTER_PREFIXES = ("合计", "总计", "小计", "填表人", "审核人", "填报说明", "注:", "注：")
_CERTIFICATE = r"GR\d{4}\d{2}\d{6}"
_SHOWN_CHARS = 60


@dataclass(frozen=True)
class Context:
    """What a check needs besides the sheet itself."""

    rules: Rules
    lang: Lang
    today: dt.date


@dataclass(frozen=True)
class SheetRows:
    """The record rows of one recognised sheet, cells as read (not yet parsed).

    Parsing and checking happen later, on every sheet of a type at once: a region's
    thousands of small sheets would otherwise pay pandas' fixed cost thousands of times.
    """

    sheet_type: SheetType
    file: str
    sheet: str
    cells: dict[str, np.ndarray]  # canonical column -> raw cells of the kept rows
    rows: np.ndarray  # Excel row numbers of the kept rows
    extra: np.ndarray  # whether a row has content in columns outside the type


def _shown(value: object) -> str:
    text = str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


class HeaderRows(Sequence[list[str]]):
    """The first rows of a sheet as header cells, normalised only when first looked at.

    The header is usually found in row 1 to 3; the data rows below it in the first ten
    need no normalising (it adds up over a region's thousands of sheets).
    """

    def __init__(self, rows: list[list[object]]) -> None:
        self._rows = rows[:HEADER_SEARCH_ROWS]
        self._done: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> list[str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[str]]: ...
    def __getitem__(self, index: int | slice) -> list[str] | list[list[str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        if index not in self._done:
            # Only text can be a header; numbers and dates in the title area are skipped.
            self._done[index] = [
                header_text(c) if type(c) is str else "" for c in self._rows[index]
            ]
        return self._done[index]


def _full_header(headers: Sequence[list[str]], sheet_type: SheetType) -> int | None:
    need = set(sheet_type.required)
    return next((i for i, h in enumerate(headers) if need <= set(h)), None)


def recognise(raw: RawSheet, from_csv: bool) -> tuple[SheetType | None, HeaderRows]:
    """The sheet's type: by name (workbooks), else by header row, else by file name (CSV)."""
    headers = HeaderRows(raw.rows)
    name = header_text(raw.name)
    if not from_csv and name in SHEET_TYPES:
        return SHEET_TYPES[name], headers
    for h in headers:
        cells = set(h)
        matches = [t for t in SHEET_TYPES.values() if set(t.required) <= cells]
        if len(matches) == 1:
            return matches[0], headers
    if from_csv:
        # Longest names first, so a name that contains another is not mistaken for it.
        for type_name in sorted(SHEET_TYPES, key=len, reverse=True):
            if type_name in name:
                return SHEET_TYPES[type_name], headers
    return None, headers


def column_positions(raw: RawSheet, from_csv: bool = False) -> dict[str, int]:
    """Canonical column name -> 0-based column index, from the header `read_sheet` uses."""
    sheet_type, headers = recognise(raw, from_csv)
    if sheet_type is None:
        return {}
    at = _full_header(headers, sheet_type)
    if at is None:
        return {}
    positions: dict[str, int] = {}
    for j, name in enumerate(headers[at]):
        if name in sheet_type.column_names:
            positions.setdefault(name, j)
    return positions


def read_sheet(
    raw: RawSheet, file: str, ctx: Context, from_csv: bool = False
) -> tuple[SheetRows | None, list[Issue]]:
    """Recognise a sheet, find its header and keep its record rows (checked later)."""
    sheet_type, headers = recognise(raw, from_csv)
    if sheet_type is None:
        return None, [
            _sheet_issue("unknown_sheet", Severity.WARNING, file, raw.name, ctx, sheet=raw.name)
        ]
    sheet = sheet_type.name if from_csv else raw.name
    header_at = _full_header(headers, sheet_type)
    if header_at is None:
        return None, _header_problems(headers, sheet_type, file, sheet, ctx)
    return _sheet_rows(raw.rows, header_at, headers[header_at], sheet_type, file, sheet, ctx)


def _sheet_issue(
    code: str, severity: Severity, file: str, where: str, ctx: Context, **params: object
) -> Issue:
    """A sheet-level issue: no row, no column."""
    return Issue(
        severity=severity,
        code=code,
        file=file,
        sheet=where,
        message=message(code, ctx.lang, **params),
    )


def _header_problems(
    headers: HeaderRows, sheet_type: SheetType, file: str, sheet: str, ctx: Context
) -> list[Issue]:
    known = set(sheet_type.column_names)
    counts = [len(known & set(h)) for h in headers]
    best = max(counts, default=0)
    if best == 0:
        return [
            _sheet_issue(
                "no_header",
                Severity.ERROR,
                file,
                sheet,
                ctx,
                sheet=sheet_type.name,
                required="、".join(sheet_type.required),
            )
        ]
    at = counts.index(best)
    return [
        Issue(
            severity=Severity.ERROR,
            code="missing_column",
            file=file,
            sheet=sheet,
            column=col,
            message=message("missing_column", ctx.lang, column=col, header_row=at + 1),
        )
        for col in sheet_type.required
        if col not in headers[at]
    ]


def _grid(rows: list[list[object]]) -> np.ndarray:
    """Rows as a 2-D object array, ragged rows padded with blanks."""
    width = max((len(r) for r in rows), default=0)
    if rows and all(len(r) == width for r in rows) and width:
        # Workbook sheets are rectangular: one C-level copy. (np.array would try to go
        # deeper into cells that are sequences, hence the preallocated object array.)
        grid = np.empty((len(rows), width), dtype=object)
        grid[:] = rows
        return grid
    grid = np.empty((len(rows), width), dtype=object)
    grid.fill("")
    for i, row in enumerate(rows):
        grid[i, : len(row)] = row
    return grid


_NONE = np.array(None, dtype=object)


def _filled(grid: np.ndarray) -> np.ndarray:
    """Cells that are neither empty strings (calamine's blank) nor None."""
    filled: np.ndarray = np.not_equal(grid, "") & np.not_equal(grid, _NONE)
    return filled


def _record_mask(grid: np.ndarray, row_number_cols: list[int]) -> np.ndarray:
    """True for rows that are records: not blank apart from 序号, not a total or footer."""
    present = _filled(grid)
    content = present.copy()
    content[:, row_number_cols] = False
    first = grid[np.arange(len(grid)), present.argmax(axis=1)]
    footer = np.fromiter(
        (type(v) is str and v.strip().startswith(FOOTER_PREFIXES) for v in first),
        dtype=bool,
        count=len(first),
    )
    keep: np.ndarray = content.any(axis=1) & ~footer
    return keep


def _sheet_rows(
    rows: list[list[object]],
    header_at: int,
    header: list[str],
    sheet_type: SheetType,
    file: str,
    sheet: str,
    ctx: Context,
) -> tuple[SheetRows, list[Issue]]:
    issues: list[Issue] = []
    positions: dict[str, int] = {}
    row_number_cols: list[int] = []
    other_cols: list[int] = []
    for j, name in enumerate(header):
        if name in sheet_type.column_names and name not in positions:
            positions[name] = j
        elif name == ROW_NUMBER:
            row_number_cols.append(j)
        else:
            other_cols.append(j)
            if name:
                issues.append(
                    _sheet_issue("unknown_column", Severity.WARNING, file, sheet, ctx, header=name)
                )
    grid = _grid(rows[header_at + 1 :])
    if grid.shape[1] < len(header):  # a header wider than every data row
        wider = np.empty((len(grid), len(header)), dtype=object)
        wider.fill("")
        wider[:, : grid.shape[1]] = grid
        grid = wider
    keep = _record_mask(grid, row_number_cols) if len(grid) else np.zeros(0, dtype=bool)
    kept = grid[keep]
    cells = {name: kept[:, j] for name, j in positions.items()}
    extra_cols = [j for j in other_cols if j < kept.shape[1]] + list(
        range(len(header), kept.shape[1])
    )
    extra = np.zeros(len(kept), dtype=bool)
    if extra_cols:
        extra |= _filled(kept[:, extra_cols]).any(axis=1)
    excel_rows = np.flatnonzero(keep) + header_at + 2
    return SheetRows(sheet_type, file, sheet, cells, excel_rows, extra), issues


def gather(sheet_type: SheetType, chunks: list[tuple[SheetRows, int | None]]) -> pd.DataFrame:
    """The raw record rows of sheets of one type (with their year folder), in read order."""
    sizes = [len(sheet.rows) for sheet, _ in chunks]

    def joined(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts).astype(object) if parts else np.empty(0, dtype=object)

    columns: dict[str, np.ndarray] = {
        "_file": np.repeat(np.array([s.file for s, _ in chunks], dtype=object), sizes),
        "_sheet": np.repeat(np.array([s.sheet for s, _ in chunks], dtype=object), sizes),
        "_year": np.repeat(np.array([y for _, y in chunks], dtype=object), sizes),
        "_row": joined([s.rows for s, _ in chunks]),
        "_extra": joined([s.extra for s, _ in chunks]),
    }
    for name in sheet_type.column_names:
        columns[name] = joined(
            [s.cells.get(name, np.full(len(s.rows), None, dtype=object)) for s, _ in chunks]
        )
    return pd.DataFrame(columns)


def check_sheet(
    raw: RawSheet, file: str, ctx: Context, from_csv: bool = False
) -> tuple[pd.DataFrame | None, list[Issue]]:
    """One sheet read and checked on its own (a data folder checks all sheets of a type at once)."""
    rows, issues = read_sheet(raw, file, ctx, from_csv)
    if rows is None:
        return None, issues
    records, found = check_records(rows.sheet_type, gather(rows.sheet_type, [(rows, None)]), ctx)
    return records, issues + sorted(found, key=lambda i: i.row or 0)


def oversized_files(frame: pd.DataFrame, sheet_type: SheetType, limit: int) -> set[str]:
    """Files with a cell longer than `limit` characters (no hand-typed value is)."""
    files: set[str] = set()
    for name in sheet_type.column_names:
        # Only free-text columns: any other column would read a long cell as a bad value.
        if name not in frame or sheet_type.column(name).kind is not Kind.TEXT:
            continue
        try:
            lengths = frame[name].str.len()
        except AttributeError:  # no text in this column at all
            continue
        files.update(frame.loc[lengths.gt(limit), "_file"])
    return files


def check_records(
    sheet_type: SheetType, frame: pd.DataFrame, ctx: Context
) -> tuple[pd.DataFrame, list[Issue]]:
    """Parse and check every column of all the sheets of one type at once.

    `frame` holds the raw cells under canonical names plus `_file`, `_sheet`, `_row` and
    `_extra`. Returns the parsed records with `_error` and the issues, one per faulty cell.
    """
    issues: list[Issue] = []
    columns = {c.name: cells(frame[c.name]) for c in sheet_type.columns}
    # A row whose cells were only white space is as blank as an empty one.
    blank = ~frame["_extra"].astype(bool).to_numpy()
    for column in columns.values():
        blank &= column.kinds == 0
    columns = {name: column.where(~blank) for name, column in columns.items()}
    frame = frame[~blank]
    data = frame[["_file", "_sheet", "_year", "_row"]].copy()
    error = pd.Series(False, index=frame.index)
    checker = _Checker(ctx, data, issues)
    for col in sheet_type.columns:
        raw = columns[col.name].values
        data[col.name], bad = checker.parse(col.name, col.kind, columns[col.name])
        missing = raw.isna() & col.required
        error |= bad | missing
        checker.emit("missing_value", missing, col.name, raw)
    error |= _row_checks(sheet_type, data, checker)
    data["_error"] = error
    return data.reset_index(drop=True), issues


class _Checker:
    """Parses columns and turns masks of faulty cells into issues, one per cell."""

    def __init__(self, ctx: Context, where: pd.DataFrame, issues: list[Issue]) -> None:
        self.ctx, self.where, self.issues = ctx, where, issues
        forms = ctx.rules.values.yes_no
        self.bool_forms = {key_text(f).upper(): True for f in forms.yes} | {
            key_text(f).upper(): False for f in forms.no
        }

    def emit(
        self,
        code: str,
        mask: pd.Series,
        column: str,
        raw: pd.Series,
        severity: Severity = Severity.ERROR,
        key: str | None = None,
        **extra: Iterable[object] | object,
    ) -> None:
        if not mask.any():
            return
        hit = mask.to_numpy(dtype=bool)
        where = self.where[hit]
        values = raw[hit].tolist()
        labels = mask.index[hit]
        per_row = {
            k: v.reindex(labels).tolist() for k, v in extra.items() if isinstance(v, pd.Series)
        }
        fixed = {k: v for k, v in extra.items() if not isinstance(v, pd.Series)}
        for n, (file, sheet, row) in enumerate(
            zip(
                where["_file"].tolist(),
                where["_sheet"].tolist(),
                where["_row"].tolist(),
                strict=True,
            )
        ):
            params = fixed | {k: v[n] for k, v in per_row.items()}
            value = values[n]
            self.issues.append(
                Issue(
                    severity=severity,
                    code=code,
                    file=file,
                    sheet=sheet,
                    row=int(row),
                    column=column,
                    message=message(
                        key or code,
                        self.ctx.lang,
                        column=column,
                        value=_shown(value) if value is not None else "",
                        **params,
                    ),
                )
            )

    def parse(self, name: str, kind: Kind, column: Cells) -> tuple[pd.Series, pd.Series]:
        raw = column.values
        no_fault = pd.Series(False, index=raw.index)
        if kind is Kind.DATE:
            values, bad = parse_dates(column)
            self.emit("bad_date", bad, name, raw)
            # Compared as timestamps: .dt.date of an all-NaT column stays datetime64 and
            # refuses a date (a sheet whose dates are all blank or unreadable).
            future = values.gt(pd.Timestamp(self.ctx.today)) if len(values) else no_fault
            self.emit(
                "future_date",
                future.fillna(False).astype(bool),
                name,
                values.dt.strftime("%Y-%m-%d"),
                Severity.WARNING,
                today=self.ctx.today.isoformat(),
            )
            return values, bad
        if kind is Kind.COUNT:
            values, bad = parse_counts(column)
            self.emit("bad_number", bad, name, raw)
            return values, bad
        if kind is Kind.BOOL:
            flags, bad = parse_bools(column, self.bool_forms)
            self.emit("bad_bool", bad, name, raw)
            return flags, bad
        if kind is Kind.ENUM:
            allowed = self.ctx.rules.values.enums.get(name, [])
            default = "未认定" if name == "认定级别" else None
            return self._lookup(name, raw, {key_text(a): a for a in allowed}, "bad_enum", default)
        if kind is Kind.UNIT:
            return self._lookup(name, raw, self.ctx.rules.unit_lookup, "unknown_unit", None)
        if kind in (Kind.CODE, Kind.USCC):
            codes = parse_codes(column)
            if kind is Kind.USCC:
                return codes, self._uscc(name, codes)
            return codes, no_fault
        # Text stays as typed; a number typed into a name column reads as it shows (12, not 12.0).
        text = raw.copy()
        is_number = raw.map(type).isin([float, int]).to_numpy(dtype=bool)
        if is_number.any():
            text[is_number] = [_shown_text(v) for v in raw[is_number]]
        return text, no_fault

    def _lookup(
        self, name: str, raw: pd.Series, table: dict[str, str], code: str, default: str | None
    ) -> tuple[pd.Series, pd.Series]:
        present = raw.notna()
        values = pd.Series(default, index=raw.index, dtype=object)
        if present.any():
            # A unit or category column holds a handful of distinct spellings: look each up once.
            codes, uniques = pd.factorize(raw[present].astype(str))
            found = np.array([table.get(key_text(u)) for u in uniques], dtype=object)
            values[present] = found[codes]
        bad = present & values.isna()
        if bad.any():
            choices = list(dict.fromkeys(table.values()))
            # One guess per distinct wrong spelling: the same typo tends to repeat.
            guesses = {v: _closest(v, choices) for v in raw[bad].astype(str).unique()}
            closest = raw[bad].astype(str).map(guesses)
            self.emit(code, bad, name, raw, allowed="、".join(choices), closest=closest)
        return values, bad

    def _uscc(self, name: str, codes: pd.Series) -> pd.Series:
        shaped, expected, wrong = uscc_check(codes)
        bad_shape = codes.notna() & ~shaped
        self.emit("bad_uscc", bad_shape, name, codes, key="bad_uscc_shape")
        self.emit("bad_uscc", wrong, name, codes, key="bad_uscc_check", expected=expected)
        return bad_shape | wrong


def _shown_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _closest(value: str, choices: list[str]) -> str:
    found = difflib.get_close_matches(key_text(value), choices, n=1, cutoff=0.0)
    return found[0] if found else choices[0] if choices else ""


def _row_checks(
    sheet_type: SheetType,
    data: pd.DataFrame,
    checker: _Checker,
) -> pd.Series:
    """Checks across cells of one row; returns the rows they put in error."""
    error = pd.Series(False, index=data.index)
    if sheet_type.name == "孵化企业":
        need_code = data["主体类型"].eq("企业") & data["统一社会信用代码"].isna()
        checker.emit(
            "missing_value",
            need_code,
            "统一社会信用代码",
            data["统一社会信用代码"],
            key="missing_value_uscc",
        )
        error |= need_code
    if sheet_type.name == "孵化载体":
        staff = data["从业人员数"]
        for col in ("接受专业培训人数", "持创业导师证书人数"):
            over = data[col].gt(staff) & staff.notna()
            checker.emit(
                "count_exceeds_staff",
                over,
                col,
                data[col],
                count=data[col].map(_shown_text),
                staff=staff.map(_shown_text),
            )
            error |= over
    if sheet_type.name == "高新技术企业":
        cert = data["证书编号"]
        odd = cert.notna() & ~cert.fillna("").astype(str).str.fullmatch(_CERTIFICATE)
        checker.emit("bad_certificate", odd, "证书编号", cert, Severity.WARNING)
    return error
