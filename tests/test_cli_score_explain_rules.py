"""The score, explain and rules commands: exit codes, messages and JSON (golden files pin
its values)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import invoke, rules_copy

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.assessment.scores import ScoreKind
from shuangchuang_cli.reading.discover import bundled_data_dir

SAMPLE = str(bundled_data_dir())


def sample() -> Workspace:
    return Workspace(data_dir=bundled_data_dir(), today=dt.date.today())


@pytest.mark.parametrize(
    ("flag", "kind", "rows"), [("--units", "units", 13), ("--carriers", "carriers", 5)]
)
def test_score_json_names_its_kind_and_every_row(flag: str, kind: ScoreKind, rows: int) -> None:
    result = invoke("score", "2024", flag, "--format", "json", "--data", SAMPLE)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["year"], data["kind"], len(data["rows"])) == (2024, kind, rows)
    assert data["notices"] == []  # 2024 has its folder and its roster


def test_score_units_is_the_default_and_table_says_who_sent_nothing() -> None:
    result = invoke("score", "2023", "--data", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "未报送" in result.stdout and "西沟乡" in result.stdout
    data = json.loads(invoke("score", "2023", "-f", "json").stdout)
    assert data["kind"] == "units" and len(data["rows"]) == 13


def test_score_csv_has_one_line_per_unit() -> None:
    result = invoke("score", "2024", "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("\ufeffRank,Group,Unit,Score,Grade,Bonus,Sent,Overall rank,")
    assert len(lines) == 14


def test_score_year_without_tasks_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "2026").mkdir()
    result = invoke("score", "2026", "--data", str(tmp_path))
    assert result.exit_code == 2
    assert "2026" in result.output


def test_explain_json_lists_one_record_per_counted_key() -> None:
    result = invoke("explain", "incubated_new", "2024", "--format", "json", "--data", SAMPLE)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["notices"] == []
    assert len(data["records"]) == data["actual"] == 58
    assert len({r["key"] for r in data["records"]}) == 58


def test_explain_as_of_and_table() -> None:
    result = invoke("explain", "mentors_new", "2024", "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.output
    data = sample().explain("mentors_new", 2024, dt.date(2024, 6, 30))
    assert data.actual == len(data.records)
    assert "mentors_new" in result.stdout and "创业导师" in result.stdout


def test_explain_unknown_id_exits_2_listing_the_ids() -> None:
    result = invoke("explain", "nope", "2024")
    assert result.exit_code == 2
    assert "incubated_new" in result.output and "demo_bases" in result.output
    assert "Traceback" not in result.output


def test_rules_check_passes_on_the_bundled_rules() -> None:
    result = invoke("rules", "--check")
    assert result.exit_code == 0, result.output
    data = json.loads(invoke("rules", "--check", "-f", "json").stdout)
    assert data["valid"] is True and data["problems"] == []


def test_rules_check_catches_tasks_that_do_not_add_up(tmp_path: Path) -> None:
    folder = rules_copy(tmp_path)
    toml = folder / "assessment.toml"
    text = toml.read_text(encoding="utf-8")
    old = '"柴窝堡管委会" = { incubated_new = 5 }'  # its 2024 task
    assert text.count(old) == 1
    toml.write_text(text.replace(old, old.replace("= 5", "= 6")), encoding="utf-8")
    result = invoke("rules", "--check", "--rules", str(folder))
    assert result.exit_code == 1
    assert "assessment.toml" in result.stdout and "incubated_new" in result.stdout
    data = json.loads(invoke("rules", "--check", "--rules", str(folder), "-f", "json").stdout)
    assert data["valid"] is False and len(data["problems"]) == 1
    # the same rules cannot score: a usage error, not a traceback
    scored = invoke("score", "2024", "--rules", str(folder))
    assert scored.exit_code == 2 and "incubated_new" in scored.output


def test_rules_check_exits_1_when_the_rules_cannot_be_loaded(tmp_path: Path) -> None:
    """Finding problems is what --check is for: a folder that does not load is one."""
    folder = rules_copy(tmp_path)
    (folder / "plan.toml").write_text("[plan\n", encoding="utf-8")
    result = invoke("rules", "--check", "--rules", str(folder))
    assert result.exit_code == 1
    assert "plan.toml" in result.output
    shown = invoke("rules", "--rules", str(folder))
    assert shown.exit_code == 2 and "plan.toml" in shown.output


def test_rules_shows_targets_units_weights_and_tasks() -> None:
    result = invoke("rules")
    assert result.exit_code == 0, result.output
    for text in ("incubated_new", "盐湖街道办事处", "任务分解", "众创空间绩效考核"):
        assert text in result.stdout
    data = json.loads(invoke("rules", "--format", "json").stdout)
    assert data["assessment"]["units"]["weights"]["incubated_new"] == 30
    assert {u["name"] for u in data["units"]} >= {"盐湖街道", "区科技局"}
    assert data["problems"] == []


def test_rules_shows_a_groups_own_weights_not_the_schemes(tmp_path: Path) -> None:
    folder = rules_copy(tmp_path)
    scheme = folder / "assessment.toml"
    own = (
        'kinds = ["department"]\nweights = { incubated_new = 10, mentors_new = 20, '
        "hightech_recognized = 20, tech_sme_registered = 20, contest_participations = 15, "
        "training_events = 15 }\n"
    )
    scheme.write_text(scheme.read_text().replace('kinds = ["department"]\n', own, 1))
    result = invoke("rules", "--rules", str(folder), width=200)
    assert result.exit_code == 0, result.output
    assert "排名分组“部门”：部门" in result.stdout
    assert "权重：incubated_new 10、mentors_new 20" in result.stdout
    assert "权重：incubated_new 30、mentors_new 10" in result.stdout  # 乡镇街道: the scheme's
    assert "(30)" not in result.stdout  # one weight per column would be wrong for 部门


def test_rules_in_english_heads_the_carrier_review_with_a_capital() -> None:
    shown = invoke("rules", "--lang", "en", width=200).stdout
    assert "Carrier assessment" in shown and "\ncarrier assessment" not in shown


def test_rules_targets_carry_the_counting_word_in_chinese_only() -> None:
    """100个 as the plan writes it; in English the bare number, as the bulletin says it
    (a unit that is part of the quantity, 万元, stays: tests/test_city_plan.py)."""
    zh = json.loads(invoke("rules", "--format", "json").stdout)
    assert {i["id"]: i["unit"] for i in zh["indicators"]}["incubated_new"] == "个"
    assert "100个" in invoke("rules", width=200).stdout
    shown = invoke("rules", "--lang", "en", width=200).stdout
    targets = shown[shown.index("Targets") : shown.index("Units and aliases")]
    assert " 100 │" in targets and " 1–2 │" in targets and " 50.0% │" in targets
    assert not any(word in targets for word in ("家", "个", "场次"))


def test_rules_says_the_bundled_sheet_types_stand_in(tmp_path: Path) -> None:
    folder = rules_copy(tmp_path)
    (folder / "sheets.toml").unlink()
    result = invoke("rules", "--rules", str(folder), width=200)
    assert result.exit_code == 0, result.output
    assert "本目录没有 sheets.toml，沿用内置的" in result.stdout
    assert "孵化载体" in result.stdout
    assert "沿用内置" not in invoke("rules", width=200).stdout


@pytest.mark.parametrize("command", ["score", "explain", "rules"])
def test_help_ends_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "示例：sc-cli " + command in result.stdout
