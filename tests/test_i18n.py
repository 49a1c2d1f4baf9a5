"""The two catalogues: the same keys, the same placeholders, and texts in their own language."""

from __future__ import annotations

import re
import string

import pytest

from shuangchuang_cli.i18n import en, language, text, zh
from shuangchuang_cli.models import ISSUE_TYPES, Issue

HAN = re.compile(r"[\u4e00-\u9fff]")


def placeholders(value: str) -> set[str]:
    """The names a text fills in; `x_en` is the English of `x` (a rule's own words)."""
    return {name.removesuffix("_en") for _, name, _, _ in string.Formatter().parse(value) if name}


def test_both_catalogues_hold_the_same_keys() -> None:
    assert set(zh.TEXTS) == set(en.TEXTS)


@pytest.mark.parametrize("key", sorted(zh.TEXTS))
def test_a_text_has_the_same_placeholders_in_both_languages(key: str) -> None:
    assert placeholders(zh.TEXTS[key]) == placeholders(en.TEXTS[key])


def test_every_issue_code_has_a_message() -> None:
    for code in ISSUE_TYPES:
        if code not in ("unreadable_file", "bad_uscc"):  # written per reason / per fault
            assert f"issue.{code}" in zh.TEXTS, code


def test_an_issue_is_written_in_the_language_it_is_shown_in() -> None:
    issue = Issue.of("bad_date", "a.xlsx", "创业导师", 3, "聘任日期", value="2024-02-30")
    assert issue.message("zh") == text("issue.bad_date", "zh", value="2024-02-30")
    assert "2024-02-30" in issue.message("en") and not HAN.search(issue.message("en"))


@pytest.mark.parametrize(("typed", "lang"), [("zh", "zh"), ("EN", "en"), (" En ", "en")])
def test_languages_are_read_whatever_their_case(typed: str, lang: str) -> None:
    assert language(typed) == lang


def test_an_unknown_language_is_none() -> None:
    assert language("fr") is None
