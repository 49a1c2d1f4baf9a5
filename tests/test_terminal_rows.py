"""A long table is drawn line by line (output/terminal_rows.py) exactly as rich draws it:
the same text, borders, padding and alignment, framed or not, with wrapped cells."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangchuang_cli.output import terminal, terminal_rows, terminal_wrap
from shuangchuang_cli.output.tables import Cell, Column, Table

NAMES = [
    "乌鲁木齐通盛农业科技有限公司",
    "盐湖众创空间",
    "a b",
    "达坂城区科技孵化器创业园二期工程",
    "",
    # Three lines or more at 60 and 80 columns: a row taller than two lines.
    "达坂城区大众创业万众创新示范基地科技企业孵化器暨众创空间管理服务中心二期",
]


def table(framed: bool, rows: int = 12) -> Table:
    columns = (
        Column("文件", wrap=True),
        Column("行", align="right"),
        Column("名称（按报送）", wrap=True),
        Column("状态"),
        Column("日期"),
    )
    body = tuple(
        (
            Cell(f"2024/单位{n:03d}_2024年双创统计.xlsx"),
            Cell(str(n * 37)),
            Cell(NAMES[n % len(NAMES)], style="warn" if n % 3 else ""),
            Cell("达成" if n % 2 else "滞后", style="bad"),
            Cell(f"2024-0{n % 9 + 1}-1{n % 10}"),
        )
        for n in range(rows)
    )
    return Table(columns, body, title="标题", caption="说明", framed=framed)


def printed(t: Table, width: int, long: int, monkeypatch: pytest.MonkeyPatch) -> str:
    from rich.console import Console

    monkeypatch.setattr(terminal_rows, "LONG", long)
    sink = io.StringIO()
    console = Console(file=sink, width=width, soft_wrap=False, color_system=None)
    console.print(terminal.render([t], width, "zh"))
    return sink.getvalue()


@pytest.mark.parametrize("framed", [True, False])
@pytest.mark.parametrize("width", [60, 80, 160])
def test_drawn_lines_are_what_rich_prints(
    framed: bool, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = table(framed)
    by_rich = printed(t, width, 10**9, monkeypatch)
    drawn = printed(t, width, 0, monkeypatch)
    assert drawn == by_rich
    kinds = {type(part).__name__ for part in terminal.render_table(t, width, "zh")}
    assert "_Drawn" in kinds or "Table" not in kinds  # drawn, or stacked when too narrow


@pytest.mark.parametrize("width", [20, 30, 40])
def test_stacked_rows_drawn_are_what_rich_prints(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too narrow for any table: every row is a block. A long one (explain's 100,000
    records at 80 columns) is drawn line by line too, with the same text and styles."""
    t = table(True)
    parts = terminal.render_table(t, width, "zh")
    assert not any(type(part).__name__ in ("_Drawn", "Table") for part in parts)
    assert printed(t, width, 0, monkeypatch) == printed(t, width, 10**9, monkeypatch)
    monkeypatch.setattr(terminal_rows, "LONG", 0)
    kinds = {type(part).__name__ for part in terminal.render_table(t, width, "zh")}
    assert "StackedDrawn" in kinds
    for long in (0, 10**9):
        from rich.console import Console

        monkeypatch.setattr(terminal_rows, "LONG", long)
        sink = io.StringIO()
        Console(file=sink, width=width, soft_wrap=False, force_terminal=True).print(
            terminal.render([t], width, "zh")
        )
        styled = sink.getvalue()
        assert "\x1b[1;31m滞后" in styled and "\x1b[2m" in styled, long


def test_a_drawn_table_keeps_the_cells_styles(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    monkeypatch.setattr(terminal_rows, "LONG", 0)
    sink = io.StringIO()
    console = Console(file=sink, width=160, soft_wrap=False, force_terminal=True)
    console.print(terminal.render([table(True)], 160, "zh"))
    out = sink.getvalue()
    assert "\x1b[1;31m滞后" in out and "\x1b[1m文件" in out


def test_width_of_counts_chinese_as_two() -> None:
    assert terminal_rows.width_of("abc") == 3
    assert terminal_rows.width_of("盐湖a") == 5


@pytest.mark.parametrize(
    "value",
    [
        "乌鲁木齐（达坂城）",
        "é composed",
        "e\u0301 combining",
        "ئۇيغۇرچە",
        "👩\u200d💻 coder",
        "❤\ufe0f",
        "\u200b",
    ],
)
def test_width_of_is_what_rich_counts(value: str) -> None:
    from rich.cells import cell_len

    assert terminal_rows.width_of(value) == cell_len(value)


def test_every_character_counted_by_bytes_is_two_cells_wide_to_rich() -> None:
    """widths_of counts a text of ASCII and the characters its pattern lets through as
    (UTF-8 bytes + characters) / 2: right only if each of those is two cells and three bytes."""
    from rich.cells import get_character_cell_size

    through = [
        c
        for c in map(chr, range(0x80, 0x10000))
        if not 0xD800 <= ord(c) <= 0xDFFF and not terminal_rows._NOT_BYTE_COUNTED.search(c)
    ]
    assert len(through) > 20_000
    assert {get_character_cell_size(c) for c in through} == {2}
    assert {len(c.encode()) for c in through} == {3}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20) | st.text(alphabet="中文a1 \t(（）)，、“”—·é\u200d👩", max_size=20))
def test_widths_of_is_width_of(value: str) -> None:
    assert terminal_rows.widths_of([value, "盐湖a", value]) == [
        terminal_rows.width_of(value),
        5,
        terminal_rows.width_of(value),
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="中文a1 (（）)，,.-—…《》" + "“”", max_size=30))
def test_a_text_skipped_for_its_tokens_has_none_above_the_floor(value: str) -> None:
    """longest_token_above skips the tokenising only where no token could be wider than
    its floor: above it, it is longest_token exactly."""
    found = terminal_wrap.longest_token_above(value, terminal.WRAP_MIN)
    exact = terminal_wrap.longest_token(value)
    assert found == exact or (found == 0 and exact <= terminal.WRAP_MIN)
    assert terminal_wrap.longest_token_above("((((((((((中))))))))))", 12) == 22
