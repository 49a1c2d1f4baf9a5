"""Read the rules folder: TOML files read with the standard library, shaped by pydantic.

Rules are data, so another district or the city plan is a different folder, not a code
change. An error names the file and the key.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from shuangchuang_cli.errors import RulesError
from shuangchuang_cli.rules.models import Rules


def bundled_rules_dir() -> Path:
    return Path(str(resources.files("shuangchuang_cli") / "bundled" / "rules"))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise RulesError(f"规则文件缺失：{path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"规则文件 {path} 无法解析：{exc}") from None


# Which file each top-level key of Rules is read from, so an error names the right file.
_HOME = {
    "plan": "plan.toml",
    "status": "plan.toml",
    "indicators": "plan.toml",
    "units": "units.toml",
    "values": "values.toml",
    "assessment": "assessment.toml",
}


def _explain(folder: Path, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        home = _HOME.get(loc[0], "") if loc else ""
        where = ".".join(loc) or "(整个文件)"
        lines.append(f"{folder / home}: {where}: {err['msg']}")
    return "规则有误：\n" + "\n".join(lines)


def load_rules(folder: Path | None = None) -> Rules:
    """Read plan.toml, units.toml, values.toml (and assessment.toml when present)."""
    folder = folder if folder is not None else bundled_rules_dir()
    if not folder.is_dir():
        raise RulesError(f"规则目录不存在：{folder}")
    plan = _read_toml(folder / "plan.toml")
    units = _read_toml(folder / "units.toml")
    values = _read_toml(folder / "values.toml")
    assessment_path = folder / "assessment.toml"
    assessment = _read_toml(assessment_path) if assessment_path.exists() else None
    data = {
        "folder": str(folder),
        "plan": plan.get("plan"),
        "status": plan.get("status", {}),
        "indicators": plan.get("indicators"),
        "units": units.get("units"),
        "values": values,
        "assessment": assessment,
    }
    try:
        return Rules.model_validate(data)
    except ValidationError as exc:
        raise RulesError(_explain(folder, exc)) from None
