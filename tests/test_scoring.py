"""Year-end assessment: the scheme's checks, unit and carrier scores, and explain."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from helpers import rules_copy
from make_test_data import (
    CARRIER,
    EVENT,
    INCUBATED,
    MENTOR,
    Row,
    carrier,
    event,
    incubated,
    mentor,
    table,
    uscc,
    write_xlsx,
)

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.assessment.scores import ScoreRow, Scores, scores_json
from shuangchuang_cli.counting.explain import explanation_json
from shuangchuang_cli.errors import UsageError
from shuangchuang_cli.reading.discover import bundled_data_dir
from shuangchuang_cli.rules import Rules, bundled_rules_dir, check_rules, load_rules

TODAY = dt.date(2025, 6, 30)
FLOWS = (
    "incubated_new",
    "mentors_new",
    "hightech_recognized",
    "tech_sme_registered",
    "contest_participations",
    "training_events",
)


def write_folder(root: Path, files: dict[str, dict[str, list[Row]]]) -> Path:
    """A data folder: {"2024/盐湖街道.xlsx": {"孵化企业": [rows]}} -> real workbooks."""
    for rel, sheets in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(path, [table(name, rows) for name, rows in sheets.items()])
    return root


def workspace(root: Path, rules: Rules | None = None) -> Workspace:
    return Workspace(data_dir=root, rules=rules or load_rules(), today=TODAY)


def firms(unit: str, count: int, start: int, date: str = "2024-05-01") -> list[Row]:
    return [incubated(f"{unit}企业{n}", uscc(start + n), date, unit) for n in range(count)]


def row_of(scores: Scores, name: str) -> ScoreRow:
    return next(r for r in scores.rows if r.name == name)


def raw_file(name: str) -> dict[str, Any]:
    with (bundled_rules_dir() / name).open("rb") as fh:
        return tomllib.load(fh)


def with_assessment(change: Any) -> list[str]:
    """The problems of the bundled rules with assessment.toml changed by `change(dict)`."""
    data = raw_file("assessment.toml")
    change(data)
    _, problems = check_rules(given={"assessment.toml": data})
    return [p.message() for p in problems]


# --- the scheme -------------------------------------------------------------------------


def test_bundled_scheme_is_consistent() -> None:
    rules, problems = check_rules()
    assert problems == [] and rules is not None and rules.assessment is not None
    scheme = rules.assessment
    assert scheme.units is not None and scheme.carriers is not None
    assert sum(scheme.units.weights.values()) == 100
    assert sum(i.weight for i in scheme.carriers.items) == 100
    for ind in FLOWS:
        total = sum(t.get(ind, 0) for y in scheme.units.tasks.values() for t in y.values())
        assert total == rules.indicator(ind).target
    for by_unit in scheme.units.tasks.values():
        assert {u.name for u in rules.units} == {u for u, t in by_unit.items() if t}
    assert [(g.name, g.floor) for g in scheme.grades] == [
        ("优秀", 90),
        ("良好", 75),
        ("合格", 60),
        ("不合格", 0),
    ]
    assert [(g.name, g.kinds) for g in scheme.units.groups] == [
        ("乡镇街道", ["township", "street"]),
        ("部门", ["department"]),
    ]


def test_task_sum_off_is_a_problem_naming_file_and_key() -> None:
    def bump(data: dict[str, Any]) -> None:
        data["units"]["tasks"]["2024"]["盐湖街道"]["incubated_new"] += 1

    problems = with_assessment(bump)
    assert len(problems) == 1
    assert "assessment.toml" in problems[0] and "incubated_new" in problems[0]
    assert "101" in problems[0] and "100" in problems[0]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["units"]["weights"].update(mentors_new=20), ["units.weights", "110"]),
        (lambda d: d["units"]["tasks"]["2024"].pop("东沟乡"), ["units.tasks.2024", "东沟乡"]),
        (
            lambda d: d["units"]["tasks"]["2024"].update(盐湖={"incubated_new": 1}),
            ["units.tasks.2024", "“盐湖”", "盐湖街道"],
        ),
        (lambda d: d["carriers"]["items"][0].update(weight=99), ["carriers.items", "184"]),
        (
            lambda d: d["carriers"]["items"][0].update(numerator="载体名称"),
            ["staff_trained_share", "numerator"],
        ),
        (
            lambda d: d["units"]["tasks"]["2024"]["东沟乡"].update(incubated_new=0),
            ["units.tasks", "2024", "东沟乡", "incubated_new"],
        ),
        (lambda d: d["grades"].reverse(), ["grades"]),
        (lambda d: d["units"]["weights"].pop("mentors_new"), ["mentors_new", "units.weights"]),
    ],
)
def test_scheme_problems_name_the_place(change: Any, where: list[str]) -> None:
    problems = with_assessment(change)
    assert problems, where
    assert any("assessment.toml" in p and all(w in p for w in where) for p in problems), problems


def test_a_folder_without_assessment_cannot_score(tmp_path: Path) -> None:
    folder = rules_copy(tmp_path)
    (folder / "assessment.toml").unlink()
    ws = Workspace(data_dir=bundled_data_dir(), rules=load_rules(folder), today=TODAY)
    assert ws.report(2024).indicators  # the report needs no assessment
    with pytest.raises(UsageError) as raised:
        ws.score(2024)
    assert raised.value.key == "usage.no_assessment"


# --- unit scores ------------------------------------------------------------------------


def test_no_submissions_every_unit_listed_with_zero(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    scores = workspace(tmp_path).score(2024)
    assert [r.name for r in scores.rows] == [u.name for u in load_rules().units]
    for row in scores.rows:
        assert (row.score, row.bonus, row.rank, row.submitted) == (0, 0, 1, False)
        assert row.grade == "不合格"
        assert row.items and all(i.actual == 0 and i.points == 0 for i in row.items)


def test_over_completion_is_capped_at_the_weight(tmp_path: Path) -> None:
    # 阿克苏乡 has one task in 2024 (incubated_new = 3): its weight is scaled to 100.
    write_folder(tmp_path, {"2024/阿克苏乡.xlsx": {INCUBATED: firms("阿克苏乡", 7, 100)}})
    row = row_of(workspace(tmp_path).score(2024), "阿克苏乡")
    (item,) = row.items
    assert (item.task, item.actual, item.weight, item.points) == (3, 7, 100, 100)
    assert (row.score, row.bonus, row.complete, row.submitted) == (105, 5, True, True)


def test_ties_share_a_rank_and_the_next_is_skipped(tmp_path: Path) -> None:
    # 2024 tasks: 阿克苏乡, 区农业农村局 and 艾维尔沟街道 each incubated_new = 3.
    write_folder(
        tmp_path,
        {
            "2024/阿克苏乡.xlsx": {INCUBATED: firms("阿克苏乡", 3, 100)},
            "2024/区农业农村局.xlsx": {INCUBATED: firms("区农业农村局", 3, 200)},
            "2024/艾维尔沟街道.xlsx": {INCUBATED: firms("艾维尔沟街道", 2, 300)},
        },
    )
    scores = workspace(tmp_path).score(2024)
    overall = {r.name: r.rank_overall for r in scores.rows}
    assert (overall["阿克苏乡"], overall["区农业农村局"], overall["艾维尔沟街道"]) == (1, 1, 3)
    # Townships and streets are ranked apart from departments (assessment.toml groups).
    ranks = {r.name: (r.group, r.rank) for r in scores.rows}
    assert ranks["阿克苏乡"] == ("乡镇街道", 1) and ranks["艾维尔沟街道"] == ("乡镇街道", 2)
    assert ranks["区农业农村局"] == ("部门", 1)
    assert row_of(scores, "艾维尔沟街道").score == 66.67
    assert all(r.rank_overall == 4 for r in scores.rows if r.score == 0)
    for group in scores.groups:  # highest first within each group, in the scheme's order
        mine = [r.score for r in scores.rows if r.group == group]
        assert mine == sorted(mine, reverse=True)
    order = [r.group or "" for r in scores.rows]
    assert order == sorted(order, key=lambda g: list(scores.groups).index(g))


def test_bonus_only_when_every_task_is_complete(tmp_path: Path) -> None:
    # 乌拉泊街道 2024: incubated_new 4, mentors_new 1, contest_participations 1.
    sheets: dict[str, list[Row]] = {
        INCUBATED: firms("乌拉泊街道", 4, 100),
        MENTOR: [mentor("甲", "CM20240001", "2024-04-01", "乌拉泊街道")],
    }
    write_folder(tmp_path / "short", {"2024/乌拉泊街道.xlsx": sheets})
    short = row_of(workspace(tmp_path / "short").score(2024), "乌拉泊街道")
    assert (short.complete, short.bonus) == (False, 0)
    assert short.score == pytest.approx(72.73)  # (30 + 10) / 55 x 100
    assert short.grade == "合格"

    sheets[EVENT] = [event("创客中国", "参加创业大赛", "2024-06-01", "乌拉泊街道")]
    write_folder(tmp_path / "full", {"2024/乌拉泊街道.xlsx": sheets})
    full = row_of(workspace(tmp_path / "full").score(2024), "乌拉泊街道")
    assert (full.complete, full.bonus, full.score, full.grade) == (True, 5, 105, "优秀")


def test_weights_rescaled_when_a_unit_lacks_tasks(tmp_path: Path) -> None:
    # 盐湖街道 2024: incubated_new (30) and training_events (15) only -> 66.67 and 33.33.
    write_folder(tmp_path, {"2024/盐湖街道.xlsx": {INCUBATED: firms("盐湖街道", 2, 100)}})
    row = row_of(workspace(tmp_path).score(2024), "盐湖街道")
    assert [(i.indicator, i.weight) for i in row.items] == [
        ("incubated_new", 66.67),
        ("training_events", 33.33),
    ]
    assert row.score == pytest.approx(33.33)  # half the incubated task, no event


def test_a_rounded_full_score_is_exactly_100(tmp_path: Path) -> None:
    # 达坂城镇 2024 has four tasks whose scaled weights round to 42.86 + 14.29 + 21.43 + 21.43.
    write_folder(
        tmp_path,
        {
            "2024/达坂城镇.xlsx": {
                INCUBATED: firms("达坂城镇", 5, 100),
                MENTOR: [mentor("乙", "CM20240002", "2024-04-01", "达坂城镇")],
                EVENT: [
                    event("大赛", "参加创业大赛", "2024-05-01", "达坂城镇"),
                    event("沙龙", "创业沙龙", "2024-05-02", "达坂城镇"),
                ],
            }
        },
    )
    assert row_of(workspace(tmp_path).score(2024), "达坂城镇").score == 105


def test_a_key_counts_once_for_its_first_unit_and_only_in_its_year(tmp_path: Path) -> None:
    shared = uscc(500)
    write_folder(
        tmp_path,
        {
            "2023/东沟乡.xlsx": {
                INCUBATED: [incubated("早年企业", uscc(501), "2023-12-20", "东沟乡")]
            },
            "2024/东沟乡.xlsx": {
                INCUBATED: [incubated("同一企业", shared, "2024-03-01", "东沟乡")]
            },
            # a later file names the same enterprise for another unit: not counted again
            "2024/西沟乡.xlsx": {
                INCUBATED: [incubated("同一企业", shared, "2024-03-02", "西沟乡")]
            },
        },
    )
    scores = workspace(tmp_path).score(2024)
    assert row_of(scores, "东沟乡").items[0].actual == 1  # the 2023 record is not 2024's
    assert row_of(scores, "西沟乡").items[0].actual == 0
    assert row_of(scores, "西沟乡").submitted is True


def test_a_year_without_tasks_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "2026").mkdir()
    with pytest.raises(UsageError, match="2026"):
        workspace(tmp_path).score(2026)


def test_sample_year_actuals_match_the_sample_readme() -> None:
    # The sample README's table, computed by the generator independently of sc-cli.
    expected_2024 = {
        "艾维尔沟街道": (2, 0, 0, 0, 1, 0),
        "乌拉泊街道": (4, 1, 0, 0, 1, 0),
        "盐湖街道": (6, 1, 0, 0, 0, 1),
        "达坂城镇": (5, 1, 0, 0, 1, 1),
        "东沟乡": (2, 0, 0, 0, 0, 1),
        "西沟乡": (4, 0, 0, 0, 0, 1),
        "阿克苏乡": (3, 0, 0, 0, 0, 0),
        "柴窝堡管委会": (4, 0, 0, 0, 0, 0),
        "区科技局": (0, 1, 3, 7, 1, 1),
        "区人社局": (0, 0, 0, 0, 1, 1),
        "区工信局": (0, 0, 0, 0, 1, 0),
        "区农业农村局": (3, 0, 0, 0, 0, 0),
        "区市场监管局": (0, 0, 0, 0, 0, 1),
    }
    scores = Workspace(data_dir=bundled_data_dir(), today=TODAY).score(2024)
    for row in scores.rows:
        for item in row.items:
            assert item.actual == expected_2024[row.name][FLOWS.index(item.indicator)], (
                row.name,
                item.indicator,
            )


# --- carriers ---------------------------------------------------------------------------


def test_carriers_scored_on_own_figures_and_records_naming_them(tmp_path: Path) -> None:
    write_folder(
        tmp_path,
        {
            "2024/盐湖街道.xlsx": {
                CARRIER: [
                    carrier(
                        "盐湖众创空间", 从业人员数=10, 接受专业培训人数=5, 持创业导师证书人数=4
                    ),
                    carrier("空壳空间", 从业人员数=0, 接受专业培训人数=0, 持创业导师证书人数=0),
                ],
                # named with a full-width space and letters: matched after NFKC, no spaces
                INCUBATED: [
                    incubated(f"企业{n}", uscc(100 + n), "2024-05-01", 所在载体="盐湖 众创空间")
                    for n in range(6)
                ],
                MENTOR: [mentor("丙", "CM20240003", "2024-04-01", 所在载体="盐湖众创空间")],
                EVENT: [
                    event("路演", "创业沙龙", "2024-05-01", 所在载体="盐湖众创空间"),
                    event("大赛", "参加创业大赛", "2024-06-01", 所在载体="盐湖众创空间"),
                    event("去年", "创业沙龙", "2023-06-01", 所在载体="盐湖众创空间"),
                ],
            }
        },
    )
    scores = workspace(tmp_path).score(2024, "carriers")
    full = row_of(scores, "盐湖众创空间")
    assert {i.indicator: i.actual for i in full.items} == {
        "staff_trained_share": 0.5,
        "mentor_certified_share": 0.4,
        "services_offered": 7,
        "incubated_new": 6,
        "mentors_new": 1,
        "events_held": 2,
    }
    assert (full.score, full.rank, full.grade) == (100, 1, "优秀")
    assert full.figures == {"接受专业培训人数": 5, "从业人员数": 10, "持创业导师证书人数": 4}
    empty = row_of(scores, "空壳空间")
    shares = [i for i in empty.items if i.unit == "%"]
    assert [(i.actual, i.points) for i in shares] == [(None, 0), (None, 0)]
    assert empty.score == 20  # services only
    data = scores_json(scores)
    assert data["kind"] == "carriers"


def test_json_rows_have_the_contract_keys() -> None:
    data = scores_json(Workspace(data_dir=bundled_data_dir(), today=TODAY).score(2023))
    assert list(data) == ["year", "kind", "rows"]
    rows: Any = data["rows"]
    assert len(rows) == 13
    for row in rows:
        assert list(row)[:6] == ["name", "score", "grade", "bonus", "rank", "items"]
        for item in row["items"]:
            assert list(item) == ["indicator", "weight", "task", "actual", "points", "plan_weight"]
    unsent = {r["name"] for r in rows if not r["submitted"]}
    assert unsent == {"西沟乡", "阿克苏乡", "区工信局", "区农业农村局", "区市场监管局"}


# --- explain ----------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2023, 2024])
def test_explain_lists_one_record_per_counted_key(year: int) -> None:
    ws = Workspace(data_dir=bundled_data_dir(), today=TODAY)
    for ind in FLOWS:
        e = ws.explain(ind, year)
        assert e.actual is not None
        assert len(e.records) == e.actual, ind
        assert len({r["key"] for r in e.records}) == len(e.records)
        for r in e.records:
            assert {"file", "sheet", "row", "key", "date", "unit", "name"} <= set(r)
            assert str(r["date"]).startswith(("2023", "2024"))


def test_explain_alone_is_explain_after_the_report() -> None:
    """explain measures its one indicator alone (a fresh workspace), or takes it from
    what a report already measured: the same records and figures either way."""
    after_report = Workspace(data_dir=bundled_data_dir(), today=TODAY)
    after_report.report(2024)
    for ind in after_report.rules.indicators:
        alone = Workspace(data_dir=bundled_data_dir(), today=TODAY).explain(ind.id, 2024)
        assert alone == after_report.explain(ind.id, 2024), ind.id
        assert alone.records, ind.id  # each indicator of the sample has records to compare


def test_explain_carrier_ratio_shows_its_parts() -> None:
    e = Workspace(data_dir=bundled_data_dir(), today=TODAY).explain("staff_trained_ratio", 2024)
    assert sum(int(str(r["接受专业培训人数"])) for r in e.records) == e.numerator == 22
    assert sum(int(str(r["从业人员数"])) for r in e.records) == e.denominator == 40
    data = explanation_json(e)
    assert list(data)[:5] == ["id", "name", "year", "as_of", "actual"]
    assert data["actual"] == 0.55


def test_explain_unknown_id_lists_the_valid_ones(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()  # a data folder holds year folders
    with pytest.raises(UsageError, match="incubated_new"):
        workspace(tmp_path).explain("nope", 2024)
