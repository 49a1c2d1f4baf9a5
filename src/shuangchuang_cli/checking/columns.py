"""Parse and check the record rows of every sheet of one type, column by column.

Every per-cell and per-row check of SUBMISSIONS.md section 4 (missing values, dates,
numbers, yes/no, allowed values, units, credit codes, counts over staff, certificate
numbers, future dates), done on whole columns. Cross-file checks (duplicates) belong to
dataset.py, which sees every file.
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from shuangchuang_cli.checking.codes import parse_codes, uscc_check
from shuangchuang_cli.checking.parsers import Cells, cells, parse_bools, parse_counts, parse_dates
from shuangchuang_cli.checking.sheets import Context, gather, read_sheet
from shuangchuang_cli.i18n import quoted
from shuangchuang_cli.models import Issue, Param
from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.reading.readers import RawSheet
from shuangchuang_cli.rules.sheet_types import NUMERIC, Column, Kind, NotAbove, SheetType


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
        values = frame[name].tolist()
        # str() of a cell is at least as long as what is counted below (the text itself,
        # or 0 for any other cell): one C-level pass settles the usual column.
        if max(map(len, map(str, values)), default=0) <= limit:
            continue
        lengths = np.fromiter(
            (len(v) if type(v) is str else 0 for v in values), dtype=np.int64, count=len(values)
        )
        files.update(frame.loc[lengths > limit, "_file"])
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
        data[col.name], bad = checker.parse(sheet_type, col, columns[col.name])
        missing = pd.Series(columns[col.name].blank & col.required, index=raw.index)
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
        key: str | None = None,
        **extra: pd.Series | Param,
    ) -> None:
        if not mask.any():
            return
        hit = mask.to_numpy(dtype=bool)
        where = self.where[hit]
        values = raw[hit].tolist()
        labels = mask.index[hit]
        per_row: dict[str, list[Param]] = {
            k: v.reindex(labels).tolist() for k, v in extra.items() if isinstance(v, pd.Series)
        }
        fixed: dict[str, Param] = {k: v for k, v in extra.items() if not isinstance(v, pd.Series)}
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
                Issue.of(
                    code,
                    file,
                    sheet,
                    int(row),
                    column,
                    text_key=key or "",
                    params=params,
                    value=quoted(_shown_text(value)) if value is not None else "",
                )
            )

    def parse(self, sheet: SheetType, col: Column, column: Cells) -> tuple[pd.Series, pd.Series]:
        name, kind, raw = col.name, col.kind, column.values
        no_fault = pd.Series(False, index=raw.index)
        if kind is Kind.DATE:
            values, bad = parse_dates(column)
            self.emit("bad_date", bad, name, raw)
            # Compared as timestamps: .dt.date of an all-NaT column stays datetime64 and
            # refuses a date (a sheet whose dates are all blank or unreadable).
            future = values.gt(pd.Timestamp(self.ctx.today)) if len(values) else no_fault
            future = future.fillna(False).astype(bool)
            # Only the dates a message names are formatted.
            shown = pd.Series(None, index=values.index, dtype=object)
            if future.any():
                shown[future] = values[future].dt.strftime("%Y-%m-%d")
            self.emit("future_date", future, name, shown, today=self.ctx.today.isoformat())
            return values, bad
        if kind in NUMERIC:
            whole = kind is Kind.COUNT
            values, bad = parse_counts(column, whole=whole)
            self.emit("bad_number", bad, name, raw, key="" if whole else "bad_amount")
            return values, bad
        if kind is Kind.BOOL:
            flags, bad = parse_bools(column, self.bool_forms)
            words = self.ctx.rules.values.yes_no
            self.emit("bad_bool", bad, name, raw, yes=words.yes[0], no=words.no[0])
            return flags, bad
        if kind is Kind.ENUM:
            allowed = self.ctx.rules.allowed(sheet, name)
            table = {key_text(a): a for a in allowed}
            return self._lookup(name, column, table, "bad_enum", col.default)
        if kind is Kind.UNIT:
            return self._lookup(name, column, self.ctx.rules.unit_lookup, "unknown_unit", None)
        if kind in (Kind.CODE, Kind.USCC):
            codes = parse_codes(column)
            if kind is Kind.USCC:
                return codes, self._uscc(name, codes, column.masks[1])
            return codes, no_fault
        # Text stays as typed; a number typed into a name column reads as it shows (12, not 12.0).
        text = raw.copy()
        is_number = column.masks[1]
        if is_number.any():
            text[is_number] = [_shown_text(v) for v in raw[is_number]]
        return text, no_fault

    def _lookup(
        self, name: str, column: Cells, table: dict[str, str], code: str, default: str | None
    ) -> tuple[pd.Series, pd.Series]:
        raw = column.values
        present = column.present
        looked_up = np.full(len(raw), default, dtype=object)
        if present.any():
            # A unit or category column holds a handful of distinct spellings: look each up
            # once. (A number typed in it is looked up as it shows: 12, not 12.0.)
            codes, uniques = pd.factorize(raw[present].to_numpy(dtype=object))
            found = np.array([table.get(key_text(_shown_text(u))) for u in uniques], dtype=object)
            # Set in numpy: a pandas assignment would turn a spelling not found into NaN or
            # keep it None depending on the other rows of the batch.
            looked_up[present.to_numpy()] = found[codes]
        values = pd.Series(looked_up, index=raw.index, dtype=object)
        bad = present & values.isna()
        if bad.any():
            choices = list(dict.fromkeys(table.values()))
            # One guess per distinct wrong spelling: the same typo tends to repeat.
            guesses = {v: _closest(v, choices) for v in raw[bad].astype(str).unique()}
            closest = raw[bad].astype(str).map(guesses)
            self.emit(code, bad, name, raw, allowed=tuple(choices), closest=closest)
        return values, bad

    def _uscc(self, name: str, codes: pd.Series, is_number: np.ndarray) -> pd.Series:
        shaped, wrong, expected = uscc_check(codes)
        bad_shape = codes.notna() & ~shaped
        # A code typed into a number cell keeps 15 significant digits (Excel), or 17 at best
        # (a double): its last digits are gone, and "check for a typo" would mislead.
        as_number = (bad_shape | wrong) & is_number
        self.emit("bad_uscc", as_number, name, codes, key="bad_uscc_number")
        self.emit("bad_uscc", bad_shape & ~as_number, name, codes, key="bad_uscc_shape")
        wrong_typed = wrong & ~as_number
        self.emit("bad_uscc", wrong_typed, name, codes, key="bad_uscc_check", expected=expected)
        return bad_shape | wrong


def _shown_text(value: object) -> str:
    """A cell as Excel shows it: a whole number without its ".0", TRUE and FALSE."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
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
    """Checks across the cells of one row, as the sheet type declares them; returns the
    rows they put in error (a warning puts none)."""
    error = pd.Series(False, index=data.index)
    for col in sheet_type.columns:
        for other, values in col.required_when.items():
            need = data[other].isin(values) & data[col.name].isna()
            checker.emit(
                "missing_value",
                need,
                col.name,
                data[col.name],
                key="missing_value_when",
                when_column=other,
                when_values=tuple(values),
            )
            error |= need
    for check in sheet_type.checks:
        faulty = check.faulty(data)
        if isinstance(check, NotAbove):
            checker.emit(
                check.code,
                faulty,
                check.column,
                data[check.column],
                count=data[check.column].map(_shown_text),
                limit_column=check.limit,
                limit=data[check.limit].map(_shown_text),
            )
            error |= faulty
        else:
            checker.emit(
                check.code,
                faulty,
                check.column,
                data[check.column],
                format=check.format,
                format_en=check.format_en or check.format,
                example=check.example,
            )
    return error
