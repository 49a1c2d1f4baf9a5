"""The plan as data: load, shape and check the rules folder (plan, units, values, sheet
types, assessment). `load_rules` is the entry; every other package reads its rules from
the `Rules` it returns."""

from shuangchuang_cli.rules.assessment import Assessment
from shuangchuang_cli.rules.compute import Compute
from shuangchuang_cli.rules.load import bundled_rules_dir, check_rules, load_rules
from shuangchuang_cli.rules.models import Indicator, Rules, Unit, Values, Window
from shuangchuang_cli.rules.sheet_types import Column, Kind, SheetType

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
