"""Golden files: what users see, pinned by value, and the sample data against its scenario.

Every case runs the real command line (helpers.invoke) on the bundled sample data or on
the oracle folder of test_oracle.py (written afresh into a temporary folder, the same bytes
each time) and compares its stdout with tests/golden/<folder>/<case>: JSON parsed, CSV as
rows, Markdown as lines. Absolute data folders become `<data>` and today's date `<today>`,
so the files hold nothing of the machine or the day. `pytest --update-golden` (or
SC_CLI_UPDATE_GOLDEN=1) rewrites them; review the diff before committing (see
tests/golden/README.md).

The sample data is also checked against scripts/sample_scenario.toml, the declaration it
is made from: `sc-cli validate` lists exactly the planted mistakes, the reported totals
and the units' year actuals are those samplegen.oracle works out from the scenario
(independently of sc-cli), and the generator rewrites sample_data/ byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import make_sample_data
import pytest
from helpers import invoke
from samplegen import oracle
from samplegen.contract import WINDOW_END
from samplegen.scenario import Scenario, ScenarioError, load
from test_oracle import write_oracle_folder

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
GOLDEN = Path(__file__).resolve().parent / "golden"
SUFFIX = {"json": ".json", "csv": ".csv", "markdown": ".md"}


@dataclass(frozen=True)
class Case:
    name: str  # the golden file's stem
    args: tuple[str, ...]  # the command line; --data and --format are added
    fmt: str
    exit_code: int = 0

    @property
    def file(self) -> str:
        return self.name + SUFFIX[self.fmt]


def _cases() -> list[Case]:
    reports = {
        "report_2023": ("report", "2023"),
        "report_2024": ("report", "2024"),
        "report_2024_as_of_2024-06-30": ("report", "2024", "--as-of", "2024-06-30"),
        "report_2024_by_unit": ("report", "2024", "--by-unit"),
    }
    scores = {
        "score_2024_units": ("score", "2024"),
        "score_2024_carriers": ("score", "2024", "--carriers"),
    }
    explains = {
        "explain_incubated_new_2024": ("explain", "incubated_new", "2024"),  # a count
        "explain_staff_trained_ratio_2024": ("explain", "staff_trained_ratio", "2024"),  # carriers
    }
    cases = [Case(n, a, f) for n, a in reports.items() for f in ("json", "csv", "markdown")]
    cases += [Case(n, a, f) for n, a in scores.items() for f in ("json", "csv")]
    cases += [Case(n, a, "json") for n, a in explains.items()]
    cases.append(Case("report_2024_en", ("report", "2024", "--lang", "en"), "markdown"))
    cases.append(Case("validate", ("validate",), "json", exit_code=1))
    return [*cases, Case("validate_en", ("validate", "--lang", "en"), "json", exit_code=1)]


CASES = _cases()
FOLDERS = ("sample_data", "oracle")


@pytest.fixture(scope="module")
def oracle_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_oracle_folder(tmp_path_factory.mktemp("oracle"))


def run(case: Case, data: Path) -> str:
    if case.args[0] == "validate":  # the folder is the argument: its issues name files in it
        args: tuple[str, ...] = (*case.args, str(data))
    else:
        args = (*case.args, "--data", str(data))
    result = invoke(*args, "--format", case.fmt)
    assert result.exit_code == case.exit_code, result.output
    # Machine- and day-independent: the data folder as <data>, today's date as <today>.
    text = result.stdout.replace(str(data), "<data>")
    return text.replace(dt.date.today().isoformat(), "<today>")


def parsed(text: str, fmt: str) -> Any:
    """What a golden file holds, by value: JSON parsed, CSV rows, Markdown lines."""
    text = text.removeprefix("\ufeff")  # a byte-order mark is encoding, not content
    if fmt == "json":
        return json.loads(text)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(text, newline="")))
    return [line.rstrip() for line in text.rstrip("\n").split("\n")]


def stored(text: str, fmt: str) -> str:
    if fmt == "json":  # one layout for every golden JSON, whatever the tool's indentation
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    return text


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_golden(case: Case, folder: str, oracle_dir: Path, update_golden: bool) -> None:
    data = SAMPLE if folder == "sample_data" else oracle_dir
    actual = run(case, data)
    golden = GOLDEN / folder / case.file
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(stored(actual, case.fmt), encoding="utf-8")
        return
    assert golden.exists(), f"no {golden.relative_to(ROOT)}: run pytest --update-golden"
    assert parsed(actual, case.fmt) == parsed(golden.read_text(encoding="utf-8"), case.fmt)


def test_every_golden_file_has_its_case() -> None:
    expected = {f"{folder}/{case.file}" for folder in FOLDERS for case in CASES}
    present = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert present - {"README.md"} == expected


# --- the sample data against its scenario ------------------------------------------------


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load(make_sample_data.SCENARIO)


def test_validate_lists_exactly_the_planted_mistakes(scenario: Scenario) -> None:
    result = invoke("validate", SAMPLE, "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)

    def place(file: str) -> str:
        return Path(file).relative_to(SAMPLE).as_posix()

    reported = [
        (i["code"], i["severity"], place(i["file"]), i["sheet"], i["row"], i["column"])
        for i in payload["issues"]
    ]
    planted = [(m.code, m.severity, m.file, m.sheet, m.row, m.column) for m in scenario.mistakes]
    assert sorted(reported, key=str) == sorted(planted, key=str)
    assert payload["errors"] == sum(m.severity == "error" for m in scenario.mistakes)
    assert payload["warnings"] == sum(m.severity == "warning" for m in scenario.mistakes)


def _report(year: int) -> dict[str, Any]:
    result = invoke("report", str(year), "--data", SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    return {i["id"]: i for i in json.loads(result.stdout)["indicators"]}


@pytest.mark.parametrize("year", [2023, 2024])
def test_report_totals_are_those_of_the_scenario(scenario: Scenario, year: int) -> None:
    reported = _report(year)
    for indicator, expected in oracle.totals(scenario, year).items():
        got = reported[indicator]
        if isinstance(expected, tuple):
            numerator, denominator = expected
            assert (got["numerator"], got["denominator"]) == expected, indicator
            assert got["actual"] == pytest.approx(numerator / denominator), indicator
        else:
            assert got["actual"] == expected, indicator


def test_units_year_actuals_are_those_of_the_scenario(scenario: Scenario) -> None:
    result = invoke("score", "2024", "--data", SAMPLE, "--format", "json")
    scored = {
        row["name"]: {item["indicator"]: item["actual"] for item in row["items"]}
        for row in json.loads(result.stdout)["rows"]
    }
    expected = oracle.by_unit(scenario, 2024)
    for unit, items in scored.items():
        # An indicator with no task for the unit is not scored: its actual is not shown.
        assert items == {i: expected.get(unit, {}).get(i, 0) for i in items}, unit


def test_the_counted_carriers_are_those_of_the_scenario(scenario: Scenario) -> None:
    result = invoke("explain", "carriers_total", "2024", "--data", SAMPLE, "--format", "json")
    names = sorted(r["name"] for r in json.loads(result.stdout)["records"])
    as_of = min(WINDOW_END, dt.date(2024, 12, 31))
    assert names == sorted(str(c.get("载体名称")) for c in oracle.carriers(scenario, 2024, as_of))


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_sample_data_is_what_the_scenario_writes(tmp_path: Path) -> None:
    """`python scripts/make_sample_data.py` rewrites sample_data/ byte for byte."""
    assert make_sample_data.main([str(tmp_path)]) == 0
    written, committed = _files(tmp_path), _files(SAMPLE)
    assert sorted(written) == sorted(committed)
    assert [name for name in written if written[name] != committed[name]] == []


def test_a_mistake_planted_at_the_wrong_row_stops_the_generator(scenario: Scenario) -> None:
    target = next(f for f in scenario.files if f.mistakes and f.mistakes[0].row)
    mistake = target.mistakes[0]
    moved = replace(target, mistakes=(replace(mistake, row=(mistake.row or 0) + 1),))
    files = tuple(moved if f is target else f for f in scenario.files)
    with pytest.raises(ScenarioError, match="planted but not found"):
        oracle.check(replace(scenario, files=files))


def test_a_mistake_left_unplanted_stops_the_generator(scenario: Scenario) -> None:
    files = tuple(replace(f, mistakes=()) for f in scenario.files)
    with pytest.raises(ScenarioError, match="not planted but found"):
        oracle.check(replace(scenario, files=files))


def test_an_unknown_key_in_the_scenario_is_named(tmp_path: Path) -> None:
    text = make_sample_data.SCENARIO.read_text(encoding="utf-8")
    broken = tmp_path / "scenario.toml"
    broken.write_text(text.replace("blank_rows = 3", "blank_row = 3"), encoding="utf-8")
    with pytest.raises(
        ScenarioError, match=r"达坂城镇2023年双创工作统计表.xlsx / 孵化载体.*blank_row"
    ):
        load(broken)
