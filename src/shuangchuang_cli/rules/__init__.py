"""The plan as data: load, shape and check the rules folder (plan, units, values, sheet
types, assessment). `load_rules` is the entry; every other package reads its rules from
the `Rules` it returns.

The names below are loaded on first use: reading needs only `rules.limits` (a plain
dataclass) and must not wait for pydantic and pandas, which the models bring.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shuangchuang_cli.rules.assessment import Assessment as Assessment
    from shuangchuang_cli.rules.compute import Compute as Compute
    from shuangchuang_cli.rules.folder import bundled_rules_dir as bundled_rules_dir
    from shuangchuang_cli.rules.load import check_rules as check_rules
    from shuangchuang_cli.rules.load import load_rules as load_rules
    from shuangchuang_cli.rules.models import Indicator as Indicator
    from shuangchuang_cli.rules.models import Rules as Rules
    from shuangchuang_cli.rules.models import Unit as Unit
    from shuangchuang_cli.rules.models import Values as Values
    from shuangchuang_cli.rules.models import Window as Window
    from shuangchuang_cli.rules.sheet_types import Column as Column
    from shuangchuang_cli.rules.sheet_types import Kind as Kind
    from shuangchuang_cli.rules.sheet_types import SheetType as SheetType

_HOMES = {
    "Assessment": "assessment",
    "Compute": "compute",
    "bundled_rules_dir": "folder",
    "check_rules": "load",
    "load_rules": "load",
    "Indicator": "models",
    "Rules": "models",
    "Unit": "models",
    "Values": "models",
    "Window": "models",
    "Column": "sheet_types",
    "Kind": "sheet_types",
    "SheetType": "sheet_types",
}
__all__ = [
    "Assessment",
    "Column",
    "Compute",
    "Indicator",
    "Kind",
    "Rules",
    "SheetType",
    "Unit",
    "Values",
    "Window",
    "bundled_rules_dir",
    "check_rules",
    "load_rules",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
