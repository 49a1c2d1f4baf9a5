"""Header and key normalisation (SUBMISSIONS.md section 3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangchuang_cli.normalize import header_text, key_text


@pytest.mark.parametrize(
    "header",
    [
        "统一社会信用代码",
        "*统一社会信用代码",
        "＊统一社会信用代码",
        "统一社会信用代码*",
        "统一社会\n信用代码",
        "统一社会\r\n信用代码 ＊",
        "统一\u3000社会 信用代码",
        " 统一社会信用代码\t",
    ],
)
def test_decorated_headers_match_the_column_name(header: str) -> None:
    assert header_text(header) == "统一社会信用代码"


def test_full_width_headers_become_half_width() -> None:
    assert header_text("ＡＢＣ１２３") == "ABC123"


def test_stars_inside_a_header_stay() -> None:
    assert header_text("*a*b*") == "a*b"


def test_blank_and_non_text_headers() -> None:
    assert header_text(None) == ""
    assert header_text(12.0) == "12.0"


# What names in submissions are made of: ASCII, full-width forms, CJK, every kind of space.
# (Exotic combining marks such as "R¸" are outside: NFKC then space removal can leave a
# sequence that a second NFKC composes, as the contract's order of the two steps implies.)
name_chars = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(" \u3000\n\r\t\u00a0"),
)


@given(st.text(alphabet=name_chars, max_size=20))
def test_key_text_is_idempotent_and_has_no_white_space(text: str) -> None:
    key = key_text(text)
    assert key_text(key) == key
    assert not any(ch.isspace() for ch in key)
