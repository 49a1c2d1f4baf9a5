"""The plan as data: load, shape and check the rules folder (plan, units, values, assessment)."""

from shuangchuang_cli.rules.load import bundled_rules_dir, load_rules
from shuangchuang_cli.rules.models import Compute, Indicator, Rules, Unit, Values, Window

__all__ = [
    "Compute",
    "Indicator",
    "Rules",
    "Unit",
    "Values",
    "Window",
    "bundled_rules_dir",
    "load_rules",
]
