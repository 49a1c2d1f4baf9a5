"""The rules in force as plain data: what `sc-cli rules --format json` prints."""

from __future__ import annotations

from shuangchuang_cli.rules.models import Rules


def _whole(value: object) -> object:
    """Whole numbers as int all the way down, as the other JSON outputs print them."""
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def rules_json(rules: Rules) -> dict[str, object]:
    """The plan, its targets and how each is computed, the units and their kinds, the
    sheet types, and the assessment in force (null when the folder has none)."""
    scheme = rules.assessment
    return {
        "folder": rules.folder,
        "plan": rules.plan.model_dump(mode="json"),
        "indicators": [_whole(i.model_dump(mode="json")) for i in rules.indicators],
        "unit_kinds": [k.model_dump(mode="json") for k in rules.unit_kinds],
        "units": [u.model_dump(mode="json") for u in rules.units],
        "sheets": [_whole(s.model_dump(mode="json")) for s in rules.sheets],
        "sheets_bundled": rules.sheets_bundled,
        "assessment": _whole(scheme.model_dump(mode="json", by_alias=True)) if scheme else None,
        "problems": [],
    }
