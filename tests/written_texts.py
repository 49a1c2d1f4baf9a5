"""Every text a reader sees in what sc-cli wrote: the cells, comments, input hints, page
headers and charts of a workbook, the paragraphs, tables and charts of a Word document,
the string values of a JSON output. Each comes with where it is, for a failure to say."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl


def workbook_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of a workbook a reader sees."""
    book = openpyxl.load_workbook(path)
    for name in ("title", "subject", "description", "keywords"):
        value = getattr(book.properties, name)
        if value:
            yield f"properties.{name}", value
    for sheet in book.worksheets:
        yield f"{sheet.title}!title", sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    yield f"{sheet.title}!{cell.coordinate}", cell.value
                if cell.comment is not None:
                    yield f"{sheet.title}!{cell.coordinate} comment", cell.comment.text
        for dv in sheet.data_validations.dataValidation:
            for name in ("promptTitle", "prompt", "errorTitle", "error"):
                if getattr(dv, name):
                    yield f"{sheet.title}!{dv.sqref} {name}", getattr(dv, name)
        for part in (sheet.oddHeader, sheet.oddFooter, sheet.evenHeader, sheet.evenFooter):
            for side in (part.left, part.center, part.right):
                if side.text:
                    yield f"{sheet.title} page header", side.text
    yield from _chart_texts(path, "xl/charts/")


def _chart_texts(path: Path, folder: str) -> Iterator[tuple[str, str]]:
    """Titles, series names and category labels of the charts (drawn text and caches)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith(folder) and name.endswith(".xml"):
                body = archive.read(name).decode("utf-8")
                for found in re.findall(r"<(?:a:t|c:v)>([^<]*)</(?:a:t|c:v)>", body):
                    yield name, found


def document_texts(path: Path) -> Iterator[tuple[str, str]]:
    word = docx.Document(str(path))
    for n, paragraph in enumerate(word.paragraphs):
        yield f"paragraph {n}", paragraph.text
    for t, table in enumerate(word.tables):
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                yield f"table {t} cell {r},{c}", cell.text
    for section in word.sections:
        for part in (section.header, section.footer):
            for paragraph in part.paragraphs:
                yield "page header", paragraph.text
    if word.core_properties.title:
        yield "properties.title", word.core_properties.title
    yield from _chart_texts(path, "word/charts/")


def json_texts(output: str) -> Iterator[tuple[str, str]]:
    """The string values of a JSON output (its keys are field names)."""

    def walk(value: Any, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for n, item in enumerate(value):
                yield from walk(item, f"{where}[{n}]")
        elif isinstance(value, str):
            yield where, value

    yield from walk(json.loads(output), "json")
