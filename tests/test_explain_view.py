"""The explain table's cells: one per distinct value of a field, told apart by type."""

from __future__ import annotations

import datetime as dt

from shuangchuang_cli.counting.explain import Cell, Explanation
from shuangchuang_cli.output.explain_view import explain_view
from shuangchuang_cli.output.tables import Table


def explanation(records: list[dict[str, Cell]]) -> Explanation:
    return Explanation(
        id="incubated_new",
        name="新增孵化企业",
        year=2024,
        as_of=dt.date(2024, 12, 31),
        actual=float(len(records)),
        records=tuple(records),
    )


def test_equal_values_of_other_types_keep_their_own_text() -> None:
    """True == 1 == 1.0 in Python; in the table they stay 是, 1 and 1.0."""
    values: list[Cell] = [True, 1, 1.0, "1", None, True]
    records: list[dict[str, Cell]] = [{"file": "a.xlsx", "x": v} for v in values]
    table = explain_view(explanation(records), "zh")[0]
    assert isinstance(table, Table)
    shown = [row[1].text for row in table.rows]
    assert shown == ["是", "1", "1.0", "1", "—", "是"]
    assert table.rows[0][1] is table.rows[5][1]  # one Cell for a value that repeats
    assert [row[0].text for row in table.rows] == ["a.xlsx"] * 6
