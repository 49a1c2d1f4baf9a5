"""The column parsers: what people really type (SUBMISSIONS.md section 3), by example and by
property (hypothesis)."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from helpers import check, summary
from hypothesis import assume, example, given
from hypothesis import strategies as st
from make_test_data import (
    CARRIER,
    EVENT,
    INCUBATED,
    USCC_ALPHABET,
    carrier,
    event,
    incubated,
    table,
    write_xlsx,
)
from make_test_data import uscc_check_char as independent_check_char

from shuangchuang_cli.checking import codes
from shuangchuang_cli.checking.codes import key_column, parse_codes, uscc_check
from shuangchuang_cli.checking.parsers import (
    MAX_COUNT,
    clean,
    parse_bools,
    parse_counts,
    parse_dates,
)

EXCEL_EPOCH = dt.date(1899, 12, 30)
FULL_WIDTH = str.maketrans("0123456789,-/.", "０１２３４５６７８９，－／．")
# README "Decisions": zero-width space, non-joiner, joiner, word joiner and a stray
# byte-order mark count as white space wherever white space is dropped.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

# The yes/no spellings of rules/values.toml, written out (upper-cased, as compared).
YES_FORMS = ("是", "有", "Y", "YES", "√", "✓", "✔", "TRUE", "1")
NO_FORMS = ("否", "无", "N", "NO", "×", "✗", "✘", "X", "FALSE", "0")
BOOL_FORMS = {f: True for f in YES_FORMS} | {f: False for f in NO_FORMS}


def without_invisible(text: str) -> str:
    return text.translate(dict.fromkeys(map(ord, INVISIBLE)))


def one(parser_result: tuple[pd.Series, pd.Series]) -> tuple[Any, bool]:
    values, bad = parser_result
    return values.iloc[0], bool(bad.iloc[0])


def date_of(value: object) -> tuple[dt.date | None, bool]:
    parsed, bad = one(parse_dates(pd.Series([value], dtype=object)))
    return (None if pd.isna(parsed) else pd.Timestamp(parsed).date()), bad


def text_forms(day: dt.date) -> list[str]:
    """The five text forms of the contract, plus full-width and padded variants."""
    forms = [
        day.strftime("%Y-%m-%d"),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
    ]
    return [*forms, *(f.translate(FULL_WIDTH) for f in forms), f"\u3000{forms[0]} "]


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-05",
        "2024/3/5",
        "2024.3.5",
        "2024年3月5日",
        "20240305",
        "2024-3-5",
        "2024/03/05",
        "2024年03月05日",
        "2024 年 3 月 5 日",
        "2024年3月5",
        "2024-03-05 14:30",
        "2024-03-05 14:30:00",
        " 2024-03-05\u3000",
        "２０２４年３月５日",
        dt.date(2024, 3, 5),
        dt.datetime(2024, 3, 5, 23, 59),
        pd.Timestamp("2024-03-05"),
        45356,
        45356.0,
        45356.75,  # a serial with a time of day
        "45356",
        20240305,
        20240305.0,
    ],
)
def test_every_accepted_date_form_reads_as_the_day(value: object) -> None:
    assert date_of(value) == (dt.date(2024, 3, 5), False)


@pytest.mark.parametrize(
    "value",
    [
        "2024-02-30",
        "2023-02-29",  # 2023 is not a leap year
        "2023.2.29",
        "2024/13/01",
        "2024年2月30日",
        "20240230",
        "20241301",
        "2024-00-10",
        "2024-03-05/",
        "2024-03/05",  # two different separators
        "2024-3",
        "3/5/2024",
        "去年三月",
        "2024年",
        "0001-01-01",
        "9999-12-31",
        dt.date(1899, 12, 30),  # Excel's day zero, as an empty date cell can come out
        5,  # a bare small number in a date column is a slip, not 1900-01-05
        -45356,
        1e12,
        True,
    ],
)
def test_impossible_or_unreadable_dates_are_bad(value: object) -> None:
    assert date_of(value) == (None, True)


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_dates_outside_1900_to_2099_are_bad(day: dt.date) -> None:
    """Year 1 or 9999, or Excel's day zero: a slip, however it is written."""
    forms: list[object] = [day, day.isoformat(), f"{day.year}年{day.month}月{day.day}日"]
    _, bad = parse_dates(pd.Series(forms, dtype=object))
    inside = dt.date(1900, 1, 1) <= day <= dt.date(2099, 12, 31)
    assert bad.tolist() == [not inside] * 3


def test_blank_dates_are_not_bad() -> None:
    values, bad = parse_dates(pd.Series([None, "", "\u3000", float("nan")], dtype=object))
    assert values.isna().all()
    assert not bad.any()


def test_dates_parse_column_wise_in_place() -> None:
    values, bad = parse_dates(pd.Series(["2024-02-30", "2024/3/5", None, 45357], dtype=object))
    assert bad.tolist() == [True, False, False, False]
    assert [None if pd.isna(v) else pd.Timestamp(v).date() for v in values] == [
        None,
        dt.date(2024, 3, 5),
        None,
        dt.date(2024, 3, 6),
    ]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_any_real_date_in_every_text_form_parses_back_to_itself(day: dt.date) -> None:
    forms = text_forms(day)
    values, bad = parse_dates(pd.Series(forms, dtype=object))
    assert not bad.any()
    assert all(pd.Timestamp(v).date() == day for v in values)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_any_real_date_as_a_cell_or_excel_serial_parses_back_to_itself(day: dt.date) -> None:
    serial = (day - EXCEL_EPOCH).days
    cells: list[object] = [
        day,
        dt.datetime(day.year, day.month, day.day, 8, 30),
        serial,
        float(serial),
        serial + 0.5,
        str(serial),
    ]
    values, bad = parse_dates(pd.Series(cells, dtype=object))
    assert not bad.any()
    assert all(pd.Timestamp(v).date() == day for v in values)


@given(
    st.integers(1900, 2200),
    st.integers(1, 12),
    st.integers(29, 31),
)
def test_days_past_the_end_of_the_month_are_bad_in_every_form(
    year: int, month: int, day: int
) -> None:
    if day <= calendar.monthrange(year, month)[1]:
        return  # a real date: covered above
    forms = [
        f"{year}-{month:02d}-{day:02d}",
        f"{year}/{month}/{day}",
        f"{year}.{month}.{day}",
        f"{year}年{month}月{day}日",
        f"{year}{month:02d}{day:02d}",
    ]
    _, bad = parse_dates(pd.Series(forms, dtype=object))
    assert bad.all()


@given(st.integers(1900, 2200), st.integers(13, 99), st.integers(1, 28))
def test_months_past_twelve_are_bad(year: int, month: int, day: int) -> None:
    forms = [f"{year}-{month}-{day}", f"{year}年{month}月{day}日", f"{year}{month}{day:02d}"]
    _, bad = parse_dates(pd.Series(forms, dtype=object))
    assert bad.all()


# --- numbers -----------------------------------------------------------------------------


@given(st.integers(0, MAX_COUNT))
def test_non_negative_whole_numbers_parse_in_every_spelling(n: int) -> None:
    spellings: list[object] = [
        n,
        float(n),
        str(n),
        f"{n:,}",
        str(n).translate(FULL_WIDTH),
        f"{n:,}".translate(FULL_WIDTH),
        f" {n}\u3000",
    ]
    values, bad = parse_counts(pd.Series(spellings, dtype=object))
    assert not bad.any()
    assert values.tolist() == [float(n)] * len(spellings)


@given(st.integers(1, 10**9))
def test_negative_numbers_are_bad(n: int) -> None:
    _, bad = parse_counts(pd.Series([-n, str(-n), f"-{n:,}", float(-n)], dtype=object))
    assert bad.all()


@given(st.integers(0, 10**6), st.sampled_from([0.5, 0.25, 0.1, 0.999]))
def test_fractions_are_bad(n: int, fraction: float) -> None:
    _, bad = parse_counts(pd.Series([n + fraction, str(n + fraction)], dtype=object))
    assert bad.all()


@pytest.mark.parametrize(
    "value", ["约20", "20人", "二十", "12.5", "1,2,3", "NaN", "inf", "-", "1/2", True, -0.5]
)
def test_numbers_with_words_or_fractions_are_bad(value: object) -> None:
    parsed, bad = one(parse_counts(pd.Series([value], dtype=object)))
    assert bad
    assert pd.isna(parsed)


def test_blank_counts_are_not_bad() -> None:
    values, bad = parse_counts(pd.Series([None, "", " "], dtype=object))
    assert values.isna().all()
    assert not bad.any()


def test_zero_is_a_count() -> None:
    assert one(parse_counts(pd.Series(["0"], dtype=object))) == (0.0, False)


@pytest.mark.parametrize("value", [MAX_COUNT + 1, 10**30, "1e308", 1e308, "1" + "0" * 30])
def test_counts_past_a_billion_are_bad(value: object) -> None:
    """A slip, not a count: 1e308 staff would also overflow a report's sums."""
    parsed, bad = one(parse_counts(pd.Series([value], dtype=object)))
    assert bad
    assert pd.isna(parsed)


# --- yes/no ------------------------------------------------------------------------------

YES = ["是", "有", "Y", "y", "√", "✓", "TRUE", "true", "1", 1, 1.0, True, " 是 ", "Ｙ"]
NO = ["否", "无", "N", "n", "×", "✗", "FALSE", "False", "0", 0, 0.0, False, "\u3000否"]


@pytest.mark.parametrize("value", YES)
def test_yes_forms(value: object) -> None:
    assert one(parse_bools(pd.Series([value], dtype=object), BOOL_FORMS)) == (True, False)


@pytest.mark.parametrize("value", [*NO, None, ""])
def test_no_forms_and_blank_mean_no(value: object) -> None:
    assert one(parse_bools(pd.Series([value], dtype=object), BOOL_FORMS)) == (False, False)


@pytest.mark.parametrize("value", ["可能", "是的", "2", 2, 0.5, "yes please", "待定"])
def test_other_yes_no_values_are_bad(value: object) -> None:
    assert one(parse_bools(pd.Series([value], dtype=object), BOOL_FORMS)) == (False, True)


invisible_or_not = st.text(alphabet=st.sampled_from(f"是否YyN1 \u3000{INVISIBLE}"), max_size=6)


@given(st.one_of(st.text(max_size=6), invisible_or_not))
@example("是 ")
@example("是 否")
@example("是\u200b")  # pasted from a chat app: still 是
@example("\ufeffN")
@example("Y\u2060 ")
def test_a_yes_no_cell_is_either_a_known_form_blank_or_bad(text: str) -> None:
    # Invisible characters are white space too (README "Decisions").
    visible = without_invisible(text)
    # A cell of nothing but white space and invisible characters is a known fault of the
    # parsers (test_a_cell_of_invisible_characters_only_is_blank), left out here.
    assume(visible.strip() or not any(ch in INVISIBLE for ch in text))
    flag, bad = one(parse_bools(pd.Series([text], dtype=object), BOOL_FORMS))
    form = unicodedata.normalize("NFKC", visible.strip()).strip().upper()
    if not visible.strip():
        assert (flag, bad) == (False, False)
    elif form in BOOL_FORMS:
        assert (flag, bad) == (BOOL_FORMS[form], False)
    else:
        assert (flag, bad) == (False, True)


# --- cells of invisible characters only -------------------------------------------------

INVISIBLE_ONLY = ["\u200b", "\ufeff", " \u2060 ", "\u200c\u200d", "\u3000\u200b"]
# README "Decisions" counts these characters as white space, so such a cell is blank.


def blank_everywhere(cell: str) -> dict[str, object]:
    """How each parser reads one cell; a blank cell reads as below."""
    column = pd.Series([cell], dtype=object)
    code = parse_codes(column).iloc[0]
    key = key_column(clean(column)).iloc[0]
    return {
        "date bad": bool(parse_dates(column)[1].iloc[0]),
        "count bad": bool(parse_counts(column)[1].iloc[0]),
        "yes/no": one(parse_bools(column, BOOL_FORMS)),
        "code": None if pd.isna(code) else code,
        "key": None if pd.isna(key) else key,
    }


BLANK = {"date bad": False, "count bad": False, "yes/no": (False, False), "code": None, "key": None}


def test_a_cell_of_white_space_only_is_blank_to_every_parser() -> None:
    assert blank_everywhere(" \u3000\n") == BLANK


@pytest.mark.parametrize("cell", INVISIBLE_ONLY)
def test_a_cell_of_invisible_characters_only_is_blank_to_every_parser(cell: str) -> None:
    assert blank_everywhere(cell) == BLANK


def test_validate_reports_a_cell_of_invisible_characters_only_as_blank(tmp_path: Path) -> None:
    # What the fault does to a clerk: errors in optional columns, and a team with a blank
    # name that is counted instead of being a missing_value.
    path = tmp_path / "盐湖街道.xlsx"
    write_xlsx(
        path,
        [
            table(EVENT, [event("沙龙", "创业沙龙", "2024-03-05", 参与人次="\u200b")]),
            table(INCUBATED, [incubated("\u200b", None, "2024-03-05")]),
            table(CARRIER, [carrier("载体", 示范基地="\u200b", 运营主体统一社会信用代码="\ufeff")]),
        ],
    )
    assert summary(check(path).issues) == [("missing_value", "error", "孵化企业", 2, "名称")]


# --- codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("gr 2024 65 000123", "GR202465000123"),
        ("ＧＲ２０２４６５０００１２３", "GR202465000123"),
        ("\u3000cm2024\u30000001 ", "CM20240001"),
        (2024650107001, "2024650107001"),
        (2024650107001.0, "2024650107001"),
    ],
)
def test_codes_are_upper_cased_without_spaces(raw: object, code: str) -> None:
    assert parse_codes(pd.Series([raw], dtype=object)).iloc[0] == code


@given(st.one_of(st.text(max_size=24), st.integers(0, 10**15)))
@example("ΐ")  # upper-casing decomposes it: the code must still read the same twice
@example("gr\u200b2024\ufeff")  # pasted from a web page
def test_codes_normalise_idempotently(raw: str | int) -> None:
    once = parse_codes(pd.Series([raw], dtype=object))
    twice = parse_codes(once)
    assert once.iloc[0] == twice.iloc[0] or (pd.isna(once.iloc[0]) and pd.isna(twice.iloc[0]))
    if isinstance(once.iloc[0], str):
        assert not any(ch.isspace() or ch in INVISIBLE for ch in once.iloc[0])
        assert once.iloc[0] == once.iloc[0].upper()


code_texts = st.text(alphabet=st.sampled_from("0123456789ABCDEFGHJKgr \n\u3000Ｇ-"), max_size=20)


@given(st.lists(code_texts, min_size=1, max_size=8))
@example(["ab\ncd", "ef"])  # a line break inside a cell (Alt+Enter) is one cell, not two
def test_a_column_of_codes_reads_as_each_code_alone(raws: list[str]) -> None:
    column = parse_codes(pd.Series(raws, dtype=object)).tolist()
    alone = [parse_codes(pd.Series([raw], dtype=object)).iloc[0] for raw in raws]
    assert len(column) == len(raws)
    assert [None if pd.isna(v) else v for v in column] == [None if pd.isna(v) else v for v in alone]


# --- 统一社会信用代码 ------------------------------------------------------------------------

first17s = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)

# Published codes: the example of GB 32100-2015 itself, and companies' codes as their
# business licences show them.
PUBLISHED_CODES = (
    "91350100M000100Y43",  # GB 32100-2015, the standard's example
    "914403001922038216",  # 华为技术有限公司
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "91330100716105852F",  # 阿里巴巴（中国）网络技术有限公司
    "91110000802100433B",  # 北京百度网讯科技有限公司
    "91310000132260250X",  # 上海汽车集团股份有限公司
)


def check_passes(code: str) -> bool:
    shaped, wrong, expected = uscc_check(pd.Series([code], dtype=object))
    passes = bool(shaped.iloc[0]) and not wrong.iloc[0]
    # The expected character is named exactly when the one given is wrong.
    if wrong.iloc[0]:
        assert expected.iloc[0] == independent_check_char(code[:17]) != code[17]
    else:
        assert expected.iloc[0] is None
    return passes


@pytest.mark.parametrize("code", PUBLISHED_CODES)
def test_published_codes_pass(code: str) -> None:
    # Both implementations: the library's, and the test data's (an independent one, which
    # every other expected check character of the tests comes from).
    assert independent_check_char(code[:17]) == code[17]
    assert codes.uscc_check_char(code[:17]) == code[17]
    assert check_passes(code)


@pytest.mark.parametrize("code", PUBLISHED_CODES)
def test_published_codes_with_another_check_character_fail(code: str) -> None:
    other = USCC_ALPHABET[(USCC_ALPHABET.index(code[17]) + 1) % 31]
    assert not check_passes(code[:17] + other)


@given(first17s)
def test_the_library_check_character_is_the_independent_one(first17: str) -> None:
    assert codes.uscc_check_char(first17) == independent_check_char(first17)


@given(first17s)
def test_a_code_with_its_check_character_passes(first17: str) -> None:
    assert check_passes(first17 + independent_check_char(first17))


@given(first17s, st.integers(0, 16), st.sampled_from(USCC_ALPHABET))
def test_changing_one_character_breaks_the_check(first17: str, at: int, char: str) -> None:
    code = first17 + independent_check_char(first17)
    changed = code[:at] + char + code[at + 1 :]
    new_check = independent_check_char(changed[:17])
    # The check passes exactly when the check character also matches the changed code...
    assert check_passes(changed) == (new_check == changed[17])
    # ...and since every weight is non-zero mod 31, one changed character never does.
    assert check_passes(changed) == (char == code[at])


@given(first17s, st.sampled_from("IOZSV"), st.integers(0, 17))
def test_letters_outside_the_alphabet_are_refused(first17: str, letter: str, at: int) -> None:
    code = first17 + independent_check_char(first17)
    shaped, _, _ = uscc_check(pd.Series([code[:at] + letter + code[at + 1 :]], dtype=object))
    assert not shaped.iloc[0]


@given(first17s, st.integers(1, 5))
def test_wrong_lengths_are_refused(first17: str, cut: int) -> None:
    code = first17 + independent_check_char(first17)
    shaped, _, _ = uscc_check(pd.Series([code[:-cut], code + "0" * cut], dtype=object))
    assert not shaped.any()


@given(st.lists(first17s, min_size=1, max_size=20))
def test_the_column_wise_check_agrees_with_the_single_code_one(codes17: list[str]) -> None:
    codes = pd.Series([c + "0" for c in codes17], dtype=object)
    shaped, wrong, expected = uscc_check(codes)
    assert shaped.all()
    right = [independent_check_char(c) for c in codes17]
    assert wrong.tolist() == [r != "0" for r in right]
    assert expected.tolist() == [r if r != "0" else None for r in right]


def test_blank_codes_are_neither_shaped_nor_checked() -> None:
    shaped, wrong, expected = uscc_check(pd.Series([None], dtype=object))
    assert not wrong.iloc[0]
    assert not shaped.iloc[0]
    assert pd.isna(expected.iloc[0])


# --- shared helpers ----------------------------------------------------------------------


def test_clean_strips_white_space_and_blanks_empty_strings() -> None:
    cleaned = clean(pd.Series(["\u3000a ", "", " ", None, 3, math.nan], dtype=object))
    assert cleaned.tolist()[:5] == ["a", None, None, None, 3]
    assert cleaned.iloc[5] is None


def test_key_names_ignore_width_and_white_space() -> None:
    names = ["星火 团队", "星火\u3000团队", "星火团队\n", "星火\u200b团队", "\ufeff星火团队", None]
    keys = key_column(pd.Series(names, dtype=object))
    assert keys.tolist()[:5] == ["星火团队"] * 5
    assert keys.iloc[5] is None


def test_one_very_long_name_among_many_costs_its_own_size() -> None:
    """Keys are kept as objects: as a fixed-width array, one 32,000-character name among
    300,000 would take 36 GiB (the run ended with MemoryError)."""
    names = ["星火 团队"] * 300_000
    names[7] = "长" * 32_000
    keys = key_column(pd.Series(names, dtype=object))
    assert keys.dtype == object
    assert keys.iloc[0] == "星火团队" and len(keys.iloc[7]) == 32_000


# --- a cell reads the same whatever column it sits in --------------------------------------

mixed_text = st.text(
    alphabet=st.sampled_from("0123456789-/.,年月日 \u3000\n\tabY是否√１２"), max_size=12
)
any_cell = st.one_of(
    st.none(),
    mixed_text,
    st.integers(-10, 10**8),
    st.floats(),
    st.booleans(),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 1, 1)),
)


def _same(a: object, b: object) -> bool:
    if isinstance(a, str | bool) or isinstance(b, str | bool):
        return a == b
    return bool(pd.isna(a) and pd.isna(b)) or a == b  # type: ignore[call-overload]


@given(st.lists(any_cell, min_size=1, max_size=8))
def test_every_parser_reads_a_cell_as_it_would_alone(cells: list[object]) -> None:
    # The parsers take shortcuts over whole columns (distinct values, joined text); none
    # may let one cell change how another is read.
    parsers: dict[str, Any] = {
        "clean": lambda s: (clean(s),),
        "dates": parse_dates,
        "counts": parse_counts,
        "bools": lambda s: parse_bools(s, BOOL_FORMS),
        "codes": lambda s: (parse_codes(s),),
        "keys": lambda s: (key_column(clean(s)),),
    }
    for name, parse in parsers.items():
        whole = [part.tolist() for part in parse(pd.Series(cells, dtype=object))]
        for i, cell in enumerate(cells):
            alone = [part.tolist()[0] for part in parse(pd.Series([cell], dtype=object))]
            for column_value, alone_value in zip(whole, alone, strict=True):
                assert _same(column_value[i], alone_value), (name, cells, i)
