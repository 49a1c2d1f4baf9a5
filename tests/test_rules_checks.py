"""Every rules mistake is refused: each case breaks the bundled rules in one way and
checks the problem found names the file, the place by id or name, and what is expected.

No rule may be accepted that is not honoured: a filter naming a column that does not
exist, a value no cell can hold, a target the status can never reach, a typo in a table.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import DATA, invoke, rules_copy

from shuangchuang_cli.rules import bundled_rules_dir, check_rules
from shuangchuang_cli.rules.problems import Problem

Raw = dict[str, Any]
Change = Callable[[Raw], None]
HAN = re.compile(r"[\u4e00-\u9fff]")


def raw(name: str) -> Raw:
    with (bundled_rules_dir() / name).open("rb") as fh:
        return tomllib.load(fh)


def problems(file: str, change: Change) -> list[Problem]:
    data = raw(file)
    change(data)
    _, found = check_rules(given={file: data})
    return found


def indicator(data: Raw, ident: str) -> Raw:
    found: Raw = next(i for i in data["indicators"] if i["id"] == ident)
    return found


def sheet(data: Raw, name: str) -> Raw:
    found: Raw = next(s for s in data["sheets"] if s["name"] == name)
    return found


def compute(ident: str, **settings: object) -> Change:
    return lambda d: indicator(d, ident)["compute"].update(settings)


def setting(ident: str, **settings: object) -> Change:
    return lambda d: indicator(d, ident).update(settings)


def rename_list(data: Raw) -> None:
    data["运营状况"] = data.pop("运营状态")


def typo_table(old: str, new: str) -> Change:
    return lambda d: d.update({new: d.pop(old)})


def drop_indicator(data: Raw) -> None:
    data["indicators"] = [i for i in data["indicators"] if i["id"] != "mentors_new"]


# (file, change, the problem's key, words its message must hold)
CASES: list[tuple[str, str, Change, str, list[str]]] = [
    (
        "a filter column that does not exist",
        "plan.toml",
        compute("carriers_total", where={"星级": ["五星"]}),
        "rules.no_such_column",
        ["plan.toml", "carriers_total", "星级", "孵化载体"],
    ),
    (
        "a filter the sheet's counted_when never counts",
        "plan.toml",
        compute("carriers_total", where={"运营状态": ["停运"]}),
        "rules.filter_never_counted",
        ["carriers_total", "运营状态", "停运", "运营", "孵化载体"],
    ),
    (
        "a typo in a filter value",
        "plan.toml",
        compute("contest_participations", where={"活动类别": ["参加创业大塞"]}),
        "rules.value_not_allowed",
        ["contest_participations", "参加创业大塞", "参加创业大赛"],
    ),
    (
        "a unit filter with an alias",
        "plan.toml",
        compute("incubated_new", where={"所属单位": ["盐湖街道办事处"]}),
        "rules.unit_alias",
        ["incubated_new", "盐湖街道办事处", "“盐湖街道”"],
    ),
    (
        "a unit filter with a typo",
        "plan.toml",
        compute("incubated_new", where={"所属单位": ["盐湖村"]}),
        "rules.unknown_unit",
        ["incubated_new", "盐湖村"],
    ),
    (
        "a yes/no filter with another value",
        "plan.toml",
        compute("carriers_total", where={"示范基地": ["也许"]}),
        "rules.filter_yes_no",
        ["carriers_total", "也许"],
    ),
    (
        "a misspelt table",
        "plan.toml",
        typo_table("status", "stauts"),
        "rules.unknown_table",
        ["plan.toml", "[stauts]", "status"],
    ),
    (
        "a misspelt array of tables",
        "plan.toml",
        typo_table("indicators", "indicator"),
        "rules.unknown_table",
        ["[indicator]", "indicators"],
    ),
    (
        "an unknown key",
        "plan.toml",
        setting("incubated_new", tagret=100),
        "rules.pydantic.extra_forbidden",
        ["incubated_new", "tagret"],
    ),
    (
        "a share written as a percentage",
        "plan.toml",
        setting("staff_trained_ratio", target=60),
        "rules.ratio_target",
        ["staff_trained_ratio", "60", "0.6"],
    ),
    (
        "a negative target",
        "plan.toml",
        setting("mentors_new", target=-10),
        "rules.negative_target",
        ["mentors_new"],
    ),
    (
        "a stock whose target is below its baseline",
        "plan.toml",
        setting("carriers_total", baseline=8),
        "rules.stock_not_above_baseline",
        ["carriers_total", "6", "8"],
    ),
    (
        "a baseline on a cumulative indicator",
        "plan.toml",
        setting("hightech_recognized", baseline=850),
        "rules.baseline_not_counted",
        ["hightech_recognized", "stock"],
    ),
    (
        "a compute method that does not exist",
        "plan.toml",
        compute("mentors_new", method="count_all"),
        "rules.pydantic.union_tag_invalid",
        ["mentors_new", "count_all", "count_keys"],
    ),
    (
        "a count of a sheet that does not exist",
        "plan.toml",
        compute("mentors_new", sheet="导师名单"),
        "rules.no_such_sheet",
        ["mentors_new", "导师名单", "创业导师"],
    ),
    (
        "a sum of a text column",
        "plan.toml",
        compute("training_events", method="sum", column="活动名称"),
        "rules.column_kind",
        ["training_events", "活动名称", "count"],
    ),
    (
        "a ratio kind counting records",
        "plan.toml",
        setting("mentors_new", kind="ratio", target=0.5),
        "rules.ratio_kind",
        ["mentors_new", "count_keys"],
    ),
    (
        "an annual target for a year outside the window",
        "plan.toml",
        setting("mentors_new", kind="annual", targets={"2030": 3}),
        "rules.annual_outside",
        ["mentors_new", "2030"],
    ),
    (
        "a unit kind that is not declared (on an indicator)",
        "plan.toml",
        setting("incubated_new", unit_kinds=["village"]),
        "rules.unknown_kind",
        ["incubated_new", "village", "township"],
    ),
    (
        "a renamed list of allowed values",
        "values.toml",
        rename_list,
        "rules.list_without_column",
        ["values.toml", "运营状况"],
    ),
    (
        "an enumerated column left without its list",
        "values.toml",
        rename_list,
        "rules.column_without_list",
        ["values.toml", "运营状态", "孵化载体"],
    ),
    (
        "a unit of an undeclared kind",
        "units.toml",
        lambda d: d["units"][0].update(kind="village"),
        "rules.unknown_kind",
        ["units.toml", "艾维尔沟街道", "village"],
    ),
    (
        "one alias for two units",
        "units.toml",
        lambda d: d["units"][1]["aliases"].append("艾维尔沟"),
        "rules.alias_twice",
        ["乌拉泊街道", "艾维尔沟"],
    ),
    (
        "a roster counted on a value its list does not hold",
        "sheets.toml",
        lambda d: sheet(d, "孵化载体").update(counted_when={"运营状态": ["正常运营"]}),
        "rules.value_not_allowed",
        ["sheets.toml", "孵化载体", "正常运营", "运营"],
    ),
    (
        "a key column that does not exist",
        "sheets.toml",
        lambda d: sheet(d, "创业导师").update(keys=[{"columns": ["导师证号"]}]),
        "rules.no_such_column",
        ["创业导师", "导师证号", "证书编号"],
    ),
    (
        "a flow sheet without a date",
        "sheets.toml",
        lambda d: sheet(d, "创业导师").pop("date"),
        "rules.flow_needs_date",
        ["创业导师"],
    ),
    (
        "a pattern that is not a regular expression",
        "sheets.toml",
        lambda d: sheet(d, "高新技术企业")["checks"][0].update(pattern="GR(\\d{4}"),
        "rules.pydantic.value_error",
        ["高新技术企业", "pattern"],
    ),
    (
        "a weight for an indicator the plan does not have",
        "assessment.toml",
        lambda d: d["units"]["weights"].update(patents_new=5),
        "rules.no_such_indicator",
        ["assessment.toml", "patents_new", "incubated_new"],
    ),
    (
        "a unit filter that leaves a tasked unit no record to count",
        "plan.toml",
        compute("incubated_new", where={"所属单位": ["盐湖街道"]}),
        "rules.task_filtered_out",
        ["assessment.toml", "incubated_new", "盐湖街道", "where"],
    ),
    (
        "a share whose unit is not %",
        "plan.toml",
        setting("staff_trained_ratio", unit="百分比"),
        "rules.ratio_unit",
        ["staff_trained_ratio", "百分比", '"%"'],
    ),
    (
        "a count whose unit is %",
        "plan.toml",
        setting("mentors_new", unit="%"),
        "rules.percent_unit",
        ["mentors_new", "ratio"],
    ),
    (
        "a count of new things over the roster",
        "plan.toml",
        setting("carriers_total", kind="cumulative"),
        "rules.cumulative_needs_flow",
        ["carriers_total", "stock"],
    ),
    (
        "an indicator id that is a number",
        "plan.toml",
        setting("mentors_new", id="7"),
        "rules.indicator_id_number",
        ["“7”", "explain"],
    ),
    (
        "a short name that is another indicator's name",
        "plan.toml",
        setting("mentors_new", short="新型孵化载体数量"),
        "rules.indicator_name_taken",
        ["mentors_new", "新型孵化载体数量", "carriers_total"],
    ),
    (
        "a grade no score can reach",
        "assessment.toml",
        lambda d: d["grades"][0].update(min=900),
        "rules.grade_unreachable",
        ["优秀", "900", "105"],
    ),
    (
        "two grades of one name",
        "assessment.toml",
        lambda d: d["grades"][1].update(name="优秀"),
        "rules.grade_twice",
        ["优秀"],
    ),
    (
        "weights that fall short of 100 by a hair",
        "assessment.toml",
        lambda d: d["units"]["weights"].update(
            incubated_new=d["units"]["weights"]["incubated_new"] - 0.000002
        ),
        "rules.weights_total",
        ["99.999998"],
    ),
    (
        "a target written as true",
        "plan.toml",
        setting("carriers_total", target=True),
        "rules.pydantic.float_type",
        ["carriers_total", "target", "true"],
    ),
    (
        "a target written as text",
        "plan.toml",
        setting("carriers_total", target="6"),
        "rules.pydantic.float_type",
        ["carriers_total", "target", "6"],
    ),
    (
        "a weight for an indicator units cannot be tasked with",
        "assessment.toml",
        lambda d: d["units"]["weights"].update(carriers_total=5),
        "rules.not_taskable",
        ["carriers_total"],
    ),
]


@pytest.mark.parametrize(
    ("file", "change", "key", "words"),
    [pytest.param(f, c, k, w, id=label) for label, f, c, k, w in CASES],
)
def test_a_rules_mistake_is_refused_with_its_place_in_words(
    file: str, change: Change, key: str, words: list[str]
) -> None:
    found = [p for p in problems(file, change) if p.key == key]
    assert found, [(p.key, p.message()) for p in problems(file, change)]
    message = found[0].message("zh")
    assert all(w in message for w in words), message
    # Positions are named by id or name, never as a 0-based index (indicators.5.target).
    assert not re.search(r"\.\d+\.|\.\d+$|\.\d+:", message.split(": ", 1)[1]), message


def test_a_full_width_percent_sign_is_the_percent_unit() -> None:
    data = raw("plan.toml")
    indicator(data, "staff_trained_ratio")["unit"] = "％"
    rules, found = check_rules(given={"plan.toml": data})
    assert rules is not None and not found, [p.message() for p in found]
    assert next(i for i in rules.indicators if i.id == "staff_trained_ratio").unit == "%"


def test_a_value_typed_with_a_trailing_space_is_the_value() -> None:
    data = raw("values.toml")
    name = next(k for k, v in data.items() if isinstance(v, list) and "国家级" in v)
    data[name] = [f"{v} " if v == "国家级" else v for v in data[name]]
    rules, found = check_rules(given={"values.toml": data})
    assert rules is not None and not found, [p.message() for p in found]
    assert "国家级" in rules.values.enums[name]


def test_a_plan_name_written_in_book_title_marks_is_cited_once() -> None:
    data = raw("plan.toml")
    data["plan"]["name"] = "《" + data["plan"]["name"] + "》"
    rules, found = check_rules(given={"plan.toml": data})
    assert rules is not None and not found
    assert not rules.plan.name.startswith("《")  # the bulletin's 《{plan}》 adds them


def test_a_task_written_as_true_is_not_read_as_one() -> None:
    tasks = lambda d: d["units"]["tasks"]["2024"]["东沟乡"].update(incubated_new=True)  # noqa: E731
    found = [p.message() for p in problems("assessment.toml", tasks)]
    # The year is a key of the file ([units.tasks.2024]), not a list position.
    assert any("units.tasks.2024.东沟乡.incubated_new" in m and "true" in m for m in found), found


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ('kept = ["运营"，"停运"]', "全角标点"),
        ("kept = “运营”", "中文引号"),
        ("kept = １１００", "半角"),
        ('kept = "GR\\d{4}"', "单引号"),
        ("盐湖街道 = 1", "英文双引号"),
        ("kept = [1, 2", "引号、括号和逗号"),
    ],
)
def test_a_toml_typo_is_told_in_chinese_with_its_line(
    tmp_path: Path, typed: str, said: str
) -> None:
    folder = rules_copy(tmp_path)
    values = folder / "values.toml"
    values.write_text(values.read_text(encoding="utf-8") + "\n" + typed + "\n", encoding="utf-8")
    lines = values.read_text(encoding="utf-8").count("\n")
    _, found = check_rules(folder)
    (problem,) = found
    message = problem.message("zh")
    assert said in message and f"第 {lines} 行" in message, message
    assert typed.split(" ")[0] in message  # the line itself, as typed


def test_a_rules_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    # Windows Notepad writes UTF-8 with a BOM, which TOML itself does not allow.
    folder = rules_copy(tmp_path)
    plan = folder / "plan.toml"
    plan.write_bytes(b"\xef\xbb\xbf" + plan.read_bytes())
    rules, found = check_rules(folder)
    assert rules is not None and not found, [p.message() for p in found]
    assert rules.plan.region == "达坂城区"


def test_problems_are_written_in_english_under_lang_en() -> None:
    (problem,) = problems("plan.toml", setting("staff_trained_ratio", target=60))
    english = problem.message("en")
    assert "staff_trained_ratio" in english and "between 0 and 1" in english
    assert not HAN.search(english.split(": ", 1)[1])


def test_a_list_in_a_problem_is_joined_in_the_readers_language() -> None:
    where = {"活动类别": ["参加创业大塞"]}
    (problem,) = problems("plan.toml", compute("contest_participations", where=where))
    assert isinstance(problem.params["allowed"], tuple)  # kept as a list, joined when written
    assert "参加创业大赛、" in problem.message("zh") or "、参加创业大赛" in problem.message("zh")
    english = problem.message("en")
    assert "、" not in english and ", " in english


def test_a_renamed_value_list_is_said_once_not_as_an_empty_allowed_list() -> None:
    found = problems("values.toml", rename_list)
    messages = [p.message("zh") for p in found]
    assert not any("允许：。" in m for m in messages), messages


def test_removing_an_indicator_the_assessment_weights_names_it() -> None:
    _, found = check_rules(given={"plan.toml": _without_mentors()})
    named = [p.message() for p in found if p.key == "rules.no_such_indicator"]
    # Its weight and each of its tasks are named, by the file and the indicator's id.
    assert named and all("plan.toml 中没有指标“mentors_new”" in m for m in named)
    assert any("units.weights" in m for m in named)


def _without_mentors() -> Raw:
    data = raw("plan.toml")
    drop_indicator(data)
    return data


def test_a_task_a_unit_cannot_meet_is_refused() -> None:
    plan = raw("plan.toml")
    indicator(plan, "incubated_new")["unit_kinds"] = ["township", "street"]
    _, found = check_rules(given={"plan.toml": plan})
    wrong = [p for p in found if p.key == "rules.task_wrong_kind"]
    # 区农业农村局 (a department) has incubated_new tasks in every year.
    assert {dict(p.where)["unit"] for p in wrong} == {"区农业农村局"}
    assert len(wrong) == 3


def test_a_city_that_writes_its_own_operating_state_counts_its_carriers(tmp_path: Path) -> None:
    folder = rules_copy(tmp_path)
    values = folder / "values.toml"
    values.write_text(
        values.read_text(encoding="utf-8").replace('"运营", "停运"', '"正常运营", "停运"'),
        encoding="utf-8",
    )
    sheets = folder / "sheets.toml"
    sheets.write_text(
        sheets.read_text(encoding="utf-8").replace('["运营"]', '["正常运营"]'), encoding="utf-8"
    )
    rules, found = check_rules(folder)
    assert found == [] and rules is not None
    assert rules.sheet_types["孵化载体"].counted_when == {"运营状态": ["正常运营"]}


def test_every_command_refuses_broken_rules_and_check_finds_them(tmp_path: Path) -> None:
    folder = rules_copy(tmp_path)
    plan = folder / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("[status]", "[stauts]"), "utf-8")
    for args in (["report", "2024"], ["score", "2024"], ["validate", str(folder)], ["rules"]):
        result = invoke(*args, "--rules", folder)
        assert result.exit_code == 2, (args, result.output)
        assert "plan.toml" in result.stderr and "[stauts]" in result.stderr
    checked = invoke("rules", "--check", "--rules", folder)
    assert checked.exit_code == 1 and "[stauts]" in checked.stdout
    english = invoke("report", "2024", "--rules", folder, "--lang", "en")
    assert english.exit_code == 2 and "Unknown table" in english.stderr


def test_an_assessment_that_does_not_add_up_stops_only_the_assessment(tmp_path: Path) -> None:
    folder = rules_copy(tmp_path)
    toml = folder / "assessment.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("incubated_new = 30", "incubated_new = 31"),
        encoding="utf-8",
    )
    assert invoke("report", "2024", "--rules", folder).exit_code == 0
    scored = invoke("score", "2024", "--rules", folder)
    assert scored.exit_code == 2 and "101" in scored.stderr
    assert invoke("rules", "--check", "--rules", folder).exit_code == 1


def test_a_scheme_needs_a_unit_or_a_carrier_assessment() -> None:
    def neither(data: Raw) -> None:
        del data["units"], data["carriers"]

    found = problems("assessment.toml", neither)
    assert [p.key for p in found] == ["rules.scheme_empty"], [p.message() for p in found]
    assert not found[0].blocks_all and "[units]" in found[0].message()


def test_yes_and_no_are_named_as_the_plan_writes_them(tmp_path: Path) -> None:
    """A values.toml whose yes/no words are 有/无 (no 是/否): every message, the template's
    prompt and its instructions ask for 有 or 无."""
    folder = rules_copy(tmp_path)
    values = folder / "values.toml"
    written = re.sub(r"(?m)^yes = .*$", 'yes = ["有", "Y"]', values.read_text(encoding="utf-8"))
    values.write_text(re.sub(r"(?m)^no = .*$", 'no = ["无", "N"]', written), encoding="utf-8")
    plan = raw("plan.toml")
    compute("carriers_total", where={"示范基地": ["也许"]})(plan)
    _, found = check_rules(folder, given={"plan.toml": plan})
    (said,) = [p for p in found if p.key == "rules.filter_yes_no"]
    assert "应为 有/无" in said.message() and "use 有/无" in said.message("en")
    checked = invoke(
        "validate", DATA / "error_bad_bool.xlsx", "--rules", folder, "--format", "json"
    )
    messages = [i["message"] for i in json.loads(checked.stdout)["issues"]]
    assert messages and all("请填写“有”或“无”（空白视为“无”）" in m for m in messages), messages
    target = tmp_path / "模板.xlsx"
    assert invoke("template", "-o", target, "--rules", folder).exit_code == 0
    book = openpyxl.load_workbook(target)
    prompts = [
        dv.prompt or "" for ws in book.worksheets for dv in ws.data_validations.dataValidation
    ]
    assert any("选择“有”或“无”；空白视为“无”" in p for p in prompts), prompts
    texts = [str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value]
    assert any("选“有”或“无”，空白视为“无”" in t for t in texts), texts
    # A message quotes the cell itself, which may be 是: only the words it asks for count.
    assert not any("“是”" in t or "“否”" in t for t in [*prompts, *texts])
