"""Read the rules folder: TOML files read with the standard library, shaped by pydantic,
then checked against each other.

Rules are data, so another district or the city plan is a different folder, not a code
change. Every problem found is kept (not only the first), each naming its file, the
place by id or name, and what is expected.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from shuangchuang_cli.errors import RulesError
from shuangchuang_cli.rules.assessment import Assessment
from shuangchuang_cli.rules.assessment_checks import check_assessment
from shuangchuang_cli.rules.checks import Checker, unknown_tables
from shuangchuang_cli.rules.folder import bundled_rules_dir
from shuangchuang_cli.rules.indicator_checks import check_indicators
from shuangchuang_cli.rules.models import PlanFile, Rules, SheetsFile, UnitsFile, Values
from shuangchuang_cli.rules.problems import Param, Problem, from_validation

FILES = ("plan.toml", "units.toml", "values.toml", "sheets.toml", "assessment.toml")
OPTIONAL = ("sheets.toml", "assessment.toml")
_MODELS: dict[str, type[BaseModel]] = {
    "plan.toml": PlanFile,
    "units.toml": UnitsFile,
    "values.toml": Values,
    "sheets.toml": SheetsFile,
    "assessment.toml": Assessment,
}


def _read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        # Windows Notepad saves UTF-8 with a byte order mark, which TOML itself refuses.
        source = path.read_bytes().decode("utf-8-sig")
        return tomllib.loads(source)
    except FileNotFoundError:
        problems.append(Problem(str(path), (), "rules.file_missing"))
    except IsADirectoryError:
        problems.append(Problem(str(path), (), "rules.file_missing"))
    except PermissionError:
        problems.append(Problem(str(path), (), "rules.file_no_access"))
    except UnicodeDecodeError:
        problems.append(Problem(str(path), (), "rules.file_not_utf8"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(str(path), (), *toml_mistake(source, str(exc))))
    return None


_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_CJK = re.compile(r"[\u3400-\u9fff]")


def toml_mistake(source: str, detail: str) -> tuple[str, dict[str, Param]]:
    """What a TOML syntax error says, with the likely cause on the line it points at.

    tomllib says only "Invalid value (at line 5, column 10)"; the usual causes, typed on a
    Chinese input method, are full-width quotes, commas or digits, a Chinese key without
    quotes, and a backslash of a pattern inside double quotes.
    """
    found = _AT.search(detail)
    lines = source.splitlines()
    if found is not None:
        number, column = int(found.group(1)), int(found.group(2))
    elif "at end of document" in detail and any(x.strip() for x in lines):
        # Something left open (a list, a quote): the last line written is where to look.
        number = max(n for n, x in enumerate(lines, 1) if x.strip())
        column = len(lines[number - 1]) + 1
    else:
        return "rules.file_not_toml", {"detail": detail}
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    code = line.split("#", 1)[0]
    if "'\\'" in detail:
        cause = "backslash"
    elif any(c in code for c in "“”‘’"):
        cause = "quotes"
    elif any(c in code for c in "，：；＝［］｛｝"):
        cause = "punctuation"
    elif any("０" <= c <= "９" for c in code):
        cause = "digits"
    elif _CJK.search(code.split("=", 1)[0]) and '"' not in code.split("=", 1)[0]:
        cause = "bare_key"
    else:
        cause = "other"
    params: dict[str, Param] = {"line": number, "column": column, "text": line.strip()[:60]}
    return f"rules.toml.{cause}", params


def _model(name: str, path: Path, raw: dict[str, Any], problems: list[Problem]) -> Any:
    """One file's model; its unknown top-level tables are said once, then left out.

    assessment.toml's own mistakes stop only the assessment (docs/RULES.md); what of it
    can be read is still returned, so the plan's checks of its weights and tasks run."""
    scheme = name == "assessment.toml"
    unknown = unknown_tables(str(path), name, raw)
    problems += _of_scheme(unknown) if scheme else unknown
    known = {k: v for k, v in raw.items() if all(p.where[0][1] != k for p in unknown)}
    try:
        return _MODELS[name].model_validate(known)
    except ValidationError as exc:
        found = from_validation(str(path), exc, known)
        if not scheme:
            problems += found
            return None
        problems += _of_scheme(found)
        return _readable_scheme(known, exc)


def _of_scheme(problems: list[Problem]) -> list[Problem]:
    return [replace(p, blocks_all=False) for p in problems]


def _readable_scheme(raw: dict[str, Any], exc: ValidationError) -> Assessment | None:
    """The sections of assessment.toml that have no mistake of their own."""
    failed = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
    kept = {k: v for k, v in raw.items() if k not in failed}
    try:
        return Assessment.model_validate({"grades": [], **kept})
    except ValidationError:
        return None


def _files(
    folder: Path, problems: list[Problem], given: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], bool]:
    """Each file's model (None where it could not be read), and whether the bundled
    sheet types stand in for a folder without sheets.toml."""
    models: dict[str, Any] = {}
    bundled_sheets = False
    for name in FILES:
        path = folder / name
        if name in given:
            models[name] = _model(name, path, given[name], problems)
            continue
        if name in OPTIONAL and not path.exists():
            if name == "sheets.toml":
                # A rules folder copied before sheet types were rules: the contract's own.
                path, bundled_sheets = bundled_rules_dir() / name, True
            else:
                models[name] = None
                continue
        found: list[Problem] = []
        raw = _read_toml(path, found)
        problems += _of_scheme(found) if name == "assessment.toml" else found
        models[name] = _model(name, path, raw, problems) if raw is not None else None
    return models, bundled_sheets


def check_rules(
    folder: Path | None = None, given: dict[str, dict[str, Any]] | None = None
) -> tuple[Rules | None, list[Problem]]:
    """The rules of a folder and every problem in it: no rules when a problem stops
    everything, rules without an assessment when one only stops the assessment.

    `given`: files already read, by name (plan.toml ...), in place of the folder's own.
    """
    folder = folder if folder is not None else bundled_rules_dir()
    if not folder.is_dir():
        missing = "rules.not_a_folder" if folder.exists() else "rules.folder_missing"
        return None, [Problem(str(folder), (), missing)]
    problems: list[Problem] = []
    models, bundled_sheets = _files(folder, problems, given or {})
    plan, units, values, sheets = (models[n] for n in FILES[:4])
    if any(p.blocks_all for p in problems) or None in (plan, units, values, sheets):
        return None, problems
    # A scheme read only in part is checked for what the plan must agree with, no more:
    # its missing sections would otherwise be said again as empty.
    partly_read = bool(problems)
    paths = {name: str(folder / name) for name in FILES}
    if bundled_sheets:
        paths["sheets.toml"] = str(bundled_rules_dir() / "sheets.toml")
    checker = Checker(paths, plan, units, values, sheets)
    checker.run()
    check_indicators(checker)
    if models["assessment.toml"] is not None:
        check_assessment(models["assessment.toml"], checker)
    problems += [p for p in checker.problems if p.blocks_all or not partly_read]
    if any(p.blocks_all for p in problems):
        return None, problems
    # What is left only stops the assessment: the rules serve everything else.
    unusable = tuple(problems)
    rules = Rules(
        folder=str(folder),
        plan=plan.plan,
        status=plan.status,
        indicators=plan.indicators,
        units=units.units,
        unit_kinds=units.kinds,
        values=values,
        sheets=sheets.sheets,
        assessment=None if unusable else models["assessment.toml"],
        assessment_problems=unusable,
        sheets_bundled=bundled_sheets,
    )
    return rules, problems


def load_rules(folder: Path | None = None) -> Rules:
    """The rules of a folder; RulesError listing every problem when they cannot be used."""
    rules, problems = check_rules(folder)
    if rules is None:
        raise RulesError(problems=[p for p in problems if p.blocks_all])
    return rules
