"""Every command in both languages, and everything the tool itself writes in the language
asked for: stdout, stderr, every cell, comment, input hint, page header and chart title of
the workbooks, every paragraph, table cell and chart label of the bulletin.

Under --lang en no Chinese may be left once the words the tool did not write are taken
out: what the submissions hold (cells, sheet names, file and folder names, and what an
issue found in them, as its params carry it), the rules' own words that have no English
in the rules (unit names and aliases, sheet types and column names, allowed values,
units of measure), the sheet names of the workbooks' contract (the same in both
catalogues), and a date written the way a submission may write it (2024年3月5日) where
the tool reads it as one. By default no English word may be left once the submissions'
words, option and command names, paths and file names, ids and codes, and the Latin
names of formats, products and units of measure (LATIN_NAMES, the one list written
here) are taken out.

JSON is data for other programs: it carries the rules' own fields (an indicator's
`name`, a grade, a group) as the rules write them, in every language, and only its
messages follow the language; so the rules' words in both languages are allowed there.

The words of the data and the rules are read from the files, not listed, and taken out
only where they stand whole (not inside a longer run of Chinese, or of Latin letters).
"""

from __future__ import annotations

import csv
import re
import shutil
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import typer
from helpers import invoke
from python_calamine import CalamineWorkbook
from typer.core import TyperGroup
from written_texts import document_texts, json_texts, workbook_texts

from shuangchuang_cli import cli
from shuangchuang_cli.api import validate
from shuangchuang_cli.checking.parsers import parse_dates
from shuangchuang_cli.i18n import Lang, en, quoted, zh
from shuangchuang_cli.marks import MARKS
from shuangchuang_cli.models import ISSUE_TYPES
from shuangchuang_cli.reading.discover import bundled_data_dir
from shuangchuang_cli.rules import bundled_rules_dir, load_rules

HAN = r"\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
HAN_CHAR = re.compile(f"[{HAN}]")
WORD = re.compile(r"[A-Za-z]{2,}")
CODE = re.compile(r"[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*")  # GR202365000123, 2024Q1, UTF-8
# Names of formats, products and encodings, units of measure: what a Chinese text
# writes in Latin letters.
LATIN_NAMES = {
    "json", "csv", "CSV", "docx", "xlsx", "xlsm", "xlsb", "xls", "ods", "markdown", "table",
    "sc", "cli", "Excel", "WPS", "UTF", "BOM", "GB", "GBK", "HTML", "TOML", "README",
    "zh", "en", "MB", "min",
}  # fmt: skip
WIDTH = 400  # wide enough that no name from the data is wrapped onto two lines
YEAR = "2024"
SUBMISSION = "盐湖街道2024年双创工作统计表.xlsx"  # a file of the sample data with errors


# --- what the tool did not write ----------------------------------------------------------


@dataclass(frozen=True)
class Allowed:
    """Words to take out before looking for the other language, by where they come from."""

    data: frozenset[str]  # cells, sheet, file and folder names of the submissions
    rules_plain: frozenset[str]  # rules' words without English (units, sheets, columns)
    rules_zh: frozenset[str]  # rules' words with an English beside them (name / name_en)
    rules_en: frozenset[str]  # that English
    contract: frozenset[str]  # sheet names that are the same in both catalogues
    codes: frozenset[str]  # ids of the rules, issue codes, commands, the tool's marks


def _toml_strings(value: Any, plain: set[str], zh_side: set[str], en_side: set[str]) -> None:
    """Every word of a rules file: a `x` with an `x_en` beside it has an English. A
    setting in Latin letters (kind = "date", method = "count_keys") is no word of the
    rules' to show, and left out; lists (allowed values, yes/no spellings) are kept."""
    if isinstance(value, dict):
        for key, item in value.items():
            if HAN_CHAR.search(key):
                plain.add(key)  # a unit's tasks, a list of allowed values, by name
            if not isinstance(item, str):
                _toml_strings(item, plain, zh_side, en_side)
            elif key.endswith("_en"):
                en_side.add(item)
            elif f"{key}_en" in value:
                zh_side.add(item)
            elif HAN_CHAR.search(item):
                plain.add(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                plain.add(item)
            else:
                _toml_strings(item, plain, zh_side, en_side)


def _ids(value: Any) -> Iterator[str]:
    """The ids a rules file gives its indicators, items, kinds and groups."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value["id"]
        for item in value.values():
            yield from _ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids(item)


def _cells(path: Path) -> Iterator[str]:
    """The sheet names and text cells of a submission, as the file holds them."""
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        try:
            body = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            body = raw.decode("gb18030")
        for line in csv.reader(body.splitlines()):
            yield from line
        return
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        yield name
        for row in book.get_sheet_by_name(name).to_python():
            yield from (v for v in row if isinstance(v, str))


def _data_words(folder: Path) -> set[str]:
    words: set[str] = {str(folder)}
    for path in folder.rglob("*"):
        words |= {path.name, path.stem, str(path.relative_to(folder)), str(path)}
        # A lock file (~$...) is no workbook; the tool skips it by its name.
        if path.suffix.lower() in (".xlsx", ".xls", ".csv") and not path.name.startswith("~$"):
            for cell in _cells(path):
                words |= {cell, cell.strip()}
    return words


@cache
def allowed(folder: Path) -> Allowed:
    plain: set[str] = set()
    zh_side: set[str] = set()
    en_side: set[str] = set()
    ids: set[str] = set()
    for toml in sorted(bundled_rules_dir().glob("*.toml")):
        content = tomllib.loads(toml.read_text("utf-8"))
        _toml_strings(content, plain, zh_side, en_side)
        ids.update(_ids(content))
    rules = load_rules()
    # Sheet types and columns are named in Chinese in every language: the submissions
    # are headed so (their English names only say what a sheet is for).
    for sheet in rules.sheets:
        plain.add(sheet.name)
        plain |= {c.name for c in sheet.columns}
    zh_side -= plain
    contract = {v for k, v in zh.TEXTS.items() if k.startswith("sheet.") and en.TEXTS[k] == v}
    codes = {*ISSUE_TYPES, *ids, *MARKS, *_commands()}
    # What an issue found is data, kept in its params as the JSON writes them (a list
    # of allowed values joined when the issue was made, as the golden files pin it).
    found = validate([folder], rules).issues
    data = _data_words(folder) | {str(v) for i in found for v in i.params.values()}
    quoted_forms = {quoted(w) for w in (*data, *plain) if len(w) > 60}
    return Allowed(
        frozenset(data | quoted_forms),
        frozenset(plain),
        frozenset(zh_side),
        frozenset(en_side),
        frozenset(contract),
        frozenset(codes),
    )


def _commands() -> set[str]:
    group = typer.main.get_command(cli.app)
    assert isinstance(group, TyperGroup)
    return {part for name in group.commands for part in (name, *name.split("-"))}


@cache
def _pattern(words: frozenset[str], letters: str) -> re.Pattern[str]:
    """The words, longest first, where no letter of `letters` runs on either side."""
    chosen = sorted((w for w in words if w and re.search(f"[{letters}]", w)), key=len)
    body = "|".join(re.escape(w) for w in reversed(chosen)) or "(?!)"
    return re.compile(f"(?<![{letters}])(?:{body})(?![{letters}])")


# A date as a submission may write it (2024年3月5日): a text naming the forms the tool
# reads writes them as they are typed. Taken out only where the tool reads it as a date.
CHINESE_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?")


def _without_dates(text: str) -> str:
    found = CHINESE_DATE.findall(text)
    if not found:
        return text
    bad = parse_dates(pd.Series(found, dtype=object))[1]
    for form, unread in zip(found, bad, strict=True):
        if not unread:
            text = text.replace(form, " ")
    return text


def chinese_left(text: str, words: frozenset[str]) -> list[str]:
    """The runs of Chinese in `text` that are none of `words` nor a date as typed."""
    stripped = _without_dates(_pattern(words, HAN).sub(" ", text))
    return re.findall(f"[{HAN}]+", stripped)


def english_left(text: str, words: frozenset[str], codes: frozenset[str]) -> list[str]:
    """The English words in `text` that are none of `words`, an option, a path, a code."""
    stripped = _pattern(words, "A-Za-z").sub(" ", text)
    stripped = re.sub(r"(?<![A-Za-z])--?[A-Za-z][\w-]*", " ", stripped)  # options
    left = []
    for token in re.split(rf"[\s{HAN}，。；：、（）“”《》]+", stripped):
        core = token.strip("'\"()[]{}:;,.!?")  # a word ending a sentence is still a word
        if re.search(r"[/\\._]", core) or core in codes or CODE.fullmatch(core):
            continue  # a path, a file name, an id, a code
        left += [w for w in WORD.findall(token) if w not in LATIN_NAMES]
    return left


def test_the_check_finds_the_chinese_the_tool_wrote() -> None:
    assert chinese_left("Unit: 盐湖街道, 附件 1", frozenset({"盐湖街道"})) == ["附件"]
    # A name from the data inside a longer run of Chinese is no longer the name alone.
    assert chinese_left("盐湖街道外: 2024年3月5日", frozenset({"盐湖街道"})) == ["盐湖街道外"]


def test_the_check_finds_the_english_the_tool_wrote() -> None:
    written = "状态 achieved，文件 a.xlsx，代码 bad_date，GR202365000123，--as-of 与 Score."
    assert english_left(written, frozenset(), frozenset({"bad_date"})) == ["achieved", "Score"]


# --- the commands -------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]  # {data} and {out} are filled in
    files: tuple[str, ...] = ()  # written files to read, under {out}
    json: bool = False
    exit_code: int = 0


FORMATS = ("table", "json", "csv", "markdown")
READ_DATA = ("report", "score", "explain", "export", "bulletin")  # the others take paths
CASES = [
    *(Case(f"report-{f}", ("report", YEAR, "--format", f), json=f == "json") for f in FORMATS),
    *(
        Case(f"report-by-unit-{f}", ("report", YEAR, "--by-unit", "--format", f), json=f == "json")
        for f in FORMATS
    ),
    *(
        Case(f"report-trend-{f}", ("report", YEAR, "--trend", "--format", f), json=f == "json")
        for f in FORMATS
    ),
    Case("report-as-of", ("report", YEAR, "--as-of", "2024-06-30")),
    Case("report-2023", ("report", "2023")),
    Case("validate-table", ("validate", "{data}/2024"), exit_code=1),
    Case("validate-json", ("validate", "{data}/2024", "--format", "json"), json=True, exit_code=1),
    Case(
        "validate-annotate",
        ("validate", f"{{data}}/2024/{SUBMISSION}", "--annotate", "{out}/marked.xlsx"),
        ("marked.xlsx",),
        exit_code=1,
    ),
    Case(
        "validate-annotate-dir",
        ("validate", "{data}/2024", "--annotate-dir", "{out}/back"),
        ("back",),
        exit_code=1,
    ),
    *(Case(f"score-{f}", ("score", YEAR, "--format", f), json=f == "json") for f in FORMATS[:3]),
    *(
        Case(f"score-carriers-{f}", ("score", YEAR, "--carriers", "--format", f), json=f == "json")
        for f in FORMATS[:3]
    ),
    Case("explain-count", ("explain", "6", YEAR)),
    Case("explain-carriers", ("explain", "carriers_total", YEAR)),
    Case("explain-ratio", ("explain", "staff_trained_ratio", YEAR, "--format", "json"), json=True),
    Case("rules", ("rules",)),
    Case("rules-json", ("rules", "--format", "json"), json=True),
    Case("rules-check", ("rules", "--check")),
    Case("template", ("template", "-o", "{out}/blank.xlsx"), ("blank.xlsx",)),
    Case(
        "template-unit",
        ("template", "-o", "{out}/unit.xlsx", "--unit", "盐湖街道", "--year", "2025"),
        ("unit.xlsx",),
    ),
    Case("export", ("export", YEAR, "-o", "{out}/export.xlsx"), ("export.xlsx",)),
    Case(
        "export-markdown",
        ("export", YEAR, "-o", "{out}/export.xlsx", "--format", "markdown"),
        ("export.xlsx",),
    ),
    Case(
        "export-csv",
        ("export", YEAR, "-o", "{out}/export.xlsx", "--format", "csv"),
        ("export.xlsx",),
    ),
    # A year before the units' tasks: the score sheets say why they are empty.
    Case("export-unscored", ("export", "2022", "-o", "{out}/2022.xlsx"), ("2022.xlsx",)),
    Case("bulletin", ("bulletin", YEAR, "-o", "{out}/bulletin.docx"), ("bulletin.docx",)),
    Case(
        "bulletin-first-quarter",
        ("bulletin", "2023", "--as-of", "2023-03-31", "-o", "{out}/q1.docx"),
        ("q1.docx",),
    ),
    Case(
        "bulletin-q3",
        ("bulletin", YEAR, "--as-of", "2024-09-30", "-o", "{out}/q3.docx"),
        ("q3.docx",),
    ),
    Case("sample-data", ("sample-data",)),
    Case("sample-data-copy", ("sample-data", "-o", "{out}/copy")),
]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("languages") / "data"
    shutil.copytree(bundled_data_dir(), folder)
    return folder


def texts(case: Case, lang: Lang, data: Path, out: Path) -> Iterator[tuple[str, str, bool]]:
    """(where, text, is JSON) for every text the run wrote."""
    args = [a.format(data=data, out=out) for a in case.args]
    if case.args[0] in READ_DATA:
        args += ["--data", str(data)]
    run = invoke(*args, "--lang", lang, width=WIDTH)
    assert run.exit_code == case.exit_code, run.output
    if case.json:
        yield from ((w, t, True) for w, t in json_texts(run.stdout))
    else:
        yield "stdout", run.stdout, False
    yield "stderr", run.stderr, False
    for name in case.files:
        for path in _files(out / name):
            read = document_texts if path.suffix == ".docx" else workbook_texts
            yield from ((f"{path.name}: {w}", t, False) for w, t in read(path))


def _files(path: Path) -> Iterable[Path]:
    return sorted(path.rglob("*.xlsx")) if path.is_dir() else [path]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_english_output_holds_no_chinese_of_the_tools_own(
    case: Case, data: Path, tmp_path: Path
) -> None:
    words = allowed(data)
    human = words.data | words.rules_plain | words.contract
    machine = human | words.rules_zh
    leaks = [
        (where, run)
        for where, text, is_json in texts(case, "en", data, tmp_path)
        for run in chinese_left(text, machine if is_json else human)
    ]
    assert not leaks, "\n".join(f"{where}: {found}" for where, found in leaks)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_chinese_output_holds_no_english_word_of_the_tools_own(
    case: Case, data: Path, tmp_path: Path
) -> None:
    words = allowed(data)
    human = words.data | words.rules_plain | words.rules_zh
    machine = human | words.rules_en
    leaks = [
        (where, word)
        for where, text, is_json in texts(case, "zh", data, tmp_path)
        for word in english_left(text, machine if is_json else human, words.codes)
        if not (is_json and re.fullmatch(r"[a-z][a-z0-9_]*", text))  # a code
    ]
    assert not leaks, "\n".join(f"{where}: {found}" for where, found in leaks)


# One of a thing is singular in English: "1 errors" or "1 warnings" read as a slip.
_ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (?:\w+ )?(?:errors|warnings|files|records|issues|problems|units|rows)\b"
)


def test_english_counts_of_one_are_singular_and_chinese_counts_unchanged() -> None:
    from shuangchuang_cli.i18n import text
    from shuangchuang_cli.reading.discover import bundled_data_dir

    files = sorted(p for p in (bundled_data_dir() / "2024").rglob("*") if p.is_file())
    run = invoke("--lang", "en", "validate", *files, width=WIDTH)
    assert "0 errors, 1 warning\n" in run.stdout and "1 error, 0 warnings" in run.stdout
    assert not _ONE_PLURAL.findall(run.stdout), _ONE_PLURAL.findall(run.stdout)
    said = text("view.issues.summary", "en", files=1, errors=2, warnings=1)
    assert said == "1 file checked: 2 errors, 1 warning."
    assert text("view.issues.summary", "zh", files=1, errors=2, warnings=1) == (
        "共检查 1 个文件：2 个错误，1 个警告。"
    )
    assert text("bulletin.units.unsent", "en", date="d", count=1, names="a").startswith(
        "As of d, 1 unit has sent"
    )
