"""The scenario file (scripts/sample_scenario.toml) read into plain values, checked as it is
read: an unknown key, a missing one or a row of the wrong length names where it is."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samplegen.contract import COLUMNS, SEVERITY
from samplegen.writer import Cell

FORMATS = ("xlsx", "xls", "csv", "lock", "text")


class ScenarioError(ValueError):
    """The scenario file is not what the generator can write."""


@dataclass(frozen=True)
class Mistake:
    """A planted mistake: exactly what `sc-cli validate` must report for it."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    code: str
    note_zh: str
    note_en: str

    @property
    def severity(self) -> str:
        return SEVERITY[self.code]


@dataclass(frozen=True)
class SheetSpec:
    name: str
    kind: str | None  # None: a sheet of text (instructions), no records
    title: tuple[str, ...] = ()
    numbered: bool = True
    labels: Mapping[str, str] | None = None
    fields: tuple[str, ...] = ()
    same: Mapping[str, Cell] | None = None
    rows: tuple[tuple[Cell, ...], ...] = ()
    total: Mapping[str, Cell] | None = None
    blank_rows: int = 0
    footer: tuple[str, ...] = ()
    text: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileSpec:
    path: str  # below the data folder, "/" separated, the year folder first
    format: str
    about_zh: str
    about_en: str
    sheets: tuple[SheetSpec, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    encoding: str = "utf-8"
    content: str = ""  # the owner of a lock file, the text of a text file

    @property
    def year(self) -> int:
        return int(self.path.split("/", 1)[0])

    @property
    def within_year(self) -> str:
        return self.path.split("/", 1)[1]


@dataclass(frozen=True)
class Scenario:
    author: str
    saved: dt.datetime
    units: Mapping[str, tuple[str, ...]]  # unit: the other spellings the files use
    files: tuple[FileSpec, ...]

    @property
    def mistakes(self) -> list[Mistake]:
        return [m for f in self.files for m in f.mistakes]


def _keys(table: Mapping[str, Any], where: str, required: set[str], optional: set[str]) -> None:
    missing, unknown = required - table.keys(), table.keys() - required - optional
    if missing or unknown:
        raise ScenarioError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")


def load(path: Path) -> Scenario:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    _keys(data, str(path), {"workbooks", "units", "labels", "fields", "files"}, set())
    _keys(data["workbooks"], "[workbooks]", {"author", "saved"}, set())
    units = {name: tuple(spellings) for name, spellings in data["units"].items()}
    context = _Context(data["labels"], data["fields"])
    files = tuple(context.file(f) for f in data["files"])
    paths = [f.path for f in files]
    if len(set(paths)) != len(paths):
        raise ScenarioError(f"{path}: a file is listed twice")
    return Scenario(data["workbooks"]["author"], data["workbooks"]["saved"], units, files)


@dataclass(frozen=True)
class _Context:
    labels: Mapping[str, Mapping[str, str]]  # named sets of header texts
    fields: Mapping[str, list[str]]  # the fields of a row, by sheet type, unless a sheet says

    def file(self, table: Mapping[str, Any]) -> FileSpec:
        where = str(table.get("path"))
        optional = {"sheets", "mistakes", "encoding", "owner", "text"}
        _keys(table, where, {"path", "format", "about"}, optional)
        _keys(table["about"], where, {"zh", "en"}, set())
        fmt = table["format"]
        if fmt not in FORMATS:
            raise ScenarioError(f"{where}: format {fmt!r} is not one of {FORMATS}")
        sheets = tuple(self.sheet(s, f"{where} / {s.get('name')}") for s in table.get("sheets", ()))
        if fmt == "csv" and len(sheets) != 1:
            raise ScenarioError(f"{where}: a CSV file holds one sheet")
        content = {"lock": "owner", "text": "text"}.get(fmt)
        if content is not None and (content not in table or sheets):
            raise ScenarioError(f"{where}: a {fmt} file has `{content}` and no sheets")
        return FileSpec(
            where,
            fmt,
            table["about"]["zh"],
            table["about"]["en"],
            sheets,
            tuple(_mistake(where, m) for m in table.get("mistakes", ())),
            table.get("encoding", "utf-8"),
            table[content] if content else "",
        )

    def sheet(self, table: Mapping[str, Any], where: str) -> SheetSpec:
        if "text" in table:
            _keys(table, where, {"name", "text"}, set())
            return SheetSpec(table["name"], None, text=tuple(table["text"]))
        optional = {"type", "title", "numbered", "labels", "fields", "same", "total"}
        _keys(table, where, {"name", "rows"}, optional | {"blank_rows", "footer"})
        kind = table.get("type", table["name"])
        if kind not in COLUMNS:
            raise ScenarioError(f"{where}: {kind!r} is not a sheet type of the contract")
        fields = tuple(table.get("fields", self.fields[kind]))
        rows = tuple(tuple(row) for row in table["rows"])
        for n, row in enumerate(rows, start=1):
            if len(row) != len(fields):
                raise ScenarioError(f"{where}: row {n} has {len(row)} values for {len(fields)}")
        same = table.get("same", {})
        if not set(same) <= set(COLUMNS[kind]) - set(fields):
            raise ScenarioError(f"{where}: `same` holds a field or a column not of {kind}")
        return SheetSpec(
            table["name"],
            kind,
            tuple(table.get("title", ())),
            table.get("numbered", True),
            self.labels[table["labels"]] if "labels" in table else None,
            fields,
            same,
            rows,
            table.get("total"),
            table.get("blank_rows", 0),
            tuple(table.get("footer", ())),
        )


def _mistake(file: str, table: Mapping[str, Any]) -> Mistake:
    _keys(table, f"{file} mistake", {"code", "note"}, {"sheet", "row", "column"})
    if table["code"] not in SEVERITY:
        raise ScenarioError(f"{file}: {table['code']!r} is not an issue code of the contract")
    return Mistake(
        file,
        table.get("sheet"),
        table.get("row"),
        table.get("column"),
        table["code"],
        table["note"]["zh"],
        table["note"]["en"],
    )
