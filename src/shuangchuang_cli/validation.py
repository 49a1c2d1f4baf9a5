"""Turn one raw sheet into typed records plus the issues found in it.

Recognition (which of the six types a sheet is, where its header is) and every per-cell
and per-row check of SUBMISSIONS.md section 4, done column by column. Cross-file checks
(duplicates) belong to dataset.py, which sees every file.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from shuangchuang_cli.messages import Lang, message
from shuangchuang_cli.models import Issue, Severity
from shuangchuang_cli.normalize import header_text, key_text
from shuangchuang_cli.parsers import (
    CellTooLong,
    clean,
    parse_bools,
    parse_codes,
    parse_counts,
    parse_dates,
    uscc_check,
)
from shuangchuang_cli.readers import RawSheet, UnreadableFile
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
class SheetRecords:
    """The record rows of one recognised sheet, parsed, with `_row` (Excel row) and `_error`."""

    sheet_type: SheetType
    file: str
    sheet: str
    frame: pd.DataFrame


def _shown(value: object) -> str:
    text = str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


def _headers(rows: list[list[object]]) -> list[list[str]]:
    return [[header_text(c) for c in row] for row in rows[:HEADER_SEARCH_ROWS]]


def _full_header(headers: list[list[str]], sheet_type: SheetType) -> int | None:
    need = set(sheet_type.required)
    return next((i for i, h in enumerate(headers) if need <= set(h)), None)


def recognise(raw: RawSheet, from_csv: bool) -> tuple[SheetType | None, list[list[str]]]:
    """The sheet's type: by name (workbooks), else by header row, else by file name (CSV)."""
    headers = _headers(raw.rows)
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
) -> tuple[SheetRecords | None, list[Issue]]:
    """Recognise, locate the header, parse and check one sheet."""
    sheet_type, headers = recognise(raw, from_csv)
    if sheet_type is None:
        return None, [
            _sheet_issue("unknown_sheet", Severity.WARNING, file, raw.name, ctx, sheet=raw.name)
        ]
    sheet = sheet_type.name if from_csv else raw.name
    header_at = _full_header(headers, sheet_type)
    if header_at is None:
        return None, _header_problems(headers, sheet_type, file, sheet, ctx)
    return _records(raw.rows, header_at, headers[header_at], sheet_type, file, sheet, ctx)


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
    headers: list[list[str]], sheet_type: SheetType, file: str, sheet: str, ctx: Context
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


def _record_mask(frame: pd.DataFrame, row_number_cols: list[int]) -> np.ndarray:
    """True for rows that are records: not blank apart from 序号, not a total or footer."""
    present = frame.notna().to_numpy()
    content = present.copy()
    content[:, row_number_cols] = False
    has_content = content.any(axis=1)
    first = present.argmax(axis=1)
    firsts = pd.Series(frame.to_numpy()[np.arange(len(frame)), first], dtype=object)
    footer = firsts.map(lambda v: isinstance(v, str) and v.startswith(FOOTER_PREFIXES))
    return has_content & ~footer.to_numpy(dtype=bool)


def _records(
    rows: list[list[object]],
    header_at: int,
    header: list[str],
    sheet_type: SheetType,
    file: str,
    sheet: str,
    ctx: Context,
) -> tuple[SheetRecords, list[Issue]]:
    issues: list[Issue] = []
    positions: dict[str, int] = {}
    row_number_cols: list[int] = []
    for j, name in enumerate(header):
        if name in sheet_type.column_names and name not in positions:
            positions[name] = j
        elif name == ROW_NUMBER:
            row_number_cols.append(j)
        elif name:
            issues.append(
                _sheet_issue("unknown_column", Severity.WARNING, file, sheet, ctx, header=name)
            )
    width = max((len(r) for r in rows), default=0)
    body = [list(r) + [None] * (width - len(r)) for r in rows[header_at + 1 :]]
    frame = (
        pd.DataFrame(body, columns=range(width), dtype=object)
        if body
        else pd.DataFrame(columns=range(width), dtype=object)
    )
    limit = ctx.rules.values.limits.max_cell_chars
    try:
        cleaned = frame.apply(clean, max_chars=limit) if len(frame) else frame
    except CellTooLong:
        raise UnreadableFile("cell_too_long", limit=limit) from None
    keep = _record_mask(cleaned, row_number_cols) if len(frame) else np.zeros(0, dtype=bool)
    cleaned = cleaned[keep]
    excel_rows = np.flatnonzero(keep) + header_at + 2
    data = pd.DataFrame({"_row": excel_rows}, index=cleaned.index)
    error = pd.Series(False, index=cleaned.index)
    checker = _Checker(ctx, file, sheet, cleaned.index, excel_rows, issues)
    for col in sheet_type.columns:
        raw = (
            cleaned[positions[col.name]]
            if col.name in positions
            else pd.Series(None, index=cleaned.index, dtype=object)
        )
        data[col.name], bad = checker.parse(col.name, col.kind, raw)
        missing = raw.isna() & col.required
        error |= bad | missing
        checker.emit("missing_value", missing, col.name, raw)
    error |= _row_checks(sheet_type, data, cleaned, positions, checker)
    data["_error"] = error
    issues.sort(key=lambda i: i.row or 0)
    return SheetRecords(sheet_type, file, sheet, data.reset_index(drop=True)), issues


class _Checker:
    """Parses columns and turns masks of faulty cells into issues, one per cell."""

    def __init__(
        self,
        ctx: Context,
        file: str,
        sheet: str,
        index: pd.Index,
        excel_rows: np.ndarray,
        issues: list[Issue],
    ) -> None:
        self.ctx, self.file, self.sheet, self.issues = ctx, file, sheet, issues
        self.excel_row = pd.Series(excel_rows, index=index)
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
        for idx in mask[mask].index:
            params = {k: (v[idx] if isinstance(v, pd.Series) else v) for k, v in extra.items()}
            self.issues.append(
                Issue(
                    severity=severity,
                    code=code,
                    file=self.file,
                    sheet=self.sheet,
                    row=int(self.excel_row[idx]),
                    column=column,
                    message=message(
                        key or code,
                        self.ctx.lang,
                        column=column,
                        value=_shown(raw[idx]) if raw[idx] is not None else "",
                        **params,
                    ),
                )
            )

    def parse(self, name: str, kind: Kind, raw: pd.Series) -> tuple[pd.Series, pd.Series]:
        no_fault = pd.Series(False, index=raw.index)
        if kind is Kind.DATE:
            values, bad = parse_dates(raw)
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
            values, bad = parse_counts(raw)
            self.emit("bad_number", bad, name, raw)
            return values, bad
        if kind is Kind.BOOL:
            flags, bad = parse_bools(raw, self.bool_forms)
            self.emit("bad_bool", bad, name, raw)
            return flags, bad
        if kind is Kind.ENUM:
            allowed = self.ctx.rules.values.enums.get(name, [])
            default = "未认定" if name == "认定级别" else None
            return self._lookup(name, raw, {key_text(a): a for a in allowed}, "bad_enum", default)
        if kind is Kind.UNIT:
            return self._lookup(name, raw, self.ctx.rules.unit_lookup, "unknown_unit", None)
        if kind in (Kind.CODE, Kind.USCC):
            codes = parse_codes(raw)
            if kind is Kind.USCC:
                return codes, self._uscc(name, codes)
            return codes, no_fault
        text = raw.map(_shown_text, na_action="ignore")
        return text, no_fault

    def _lookup(
        self, name: str, raw: pd.Series, table: dict[str, str], code: str, default: str | None
    ) -> tuple[pd.Series, pd.Series]:
        present = raw.notna()
        keys = raw[present].astype(str).map(key_text)
        values = pd.Series(default, index=raw.index, dtype=object)
        values[present] = keys.map(table)
        bad = present & values.isna()
        if bad.any():
            choices = list(dict.fromkeys(table.values()))
            closest = raw[bad].astype(str).map(lambda v: _closest(v, choices))
            self.emit(code, bad, name, raw, allowed="、".join(choices), closest=closest)
        return values, bad

    def _uscc(self, name: str, codes: pd.Series) -> pd.Series:
        shaped, expected = uscc_check(codes)
        present = codes.notna()
        bad_shape = present & ~shaped
        wrong = shaped & codes.str[17].ne(expected)
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
    cleaned: pd.DataFrame,
    positions: dict[str, int],
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
