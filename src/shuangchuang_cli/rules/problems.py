"""A problem in a rules folder, as a value: the file, where in it (by id or name, not by
index), and what is expected, written in the user's language when shown.

pydantic's own errors (English text, 0-based positions such as `indicators.5.target`) are
turned into these: positions become the indicator, unit, sheet or item they point at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from shuangchuang_cli.i18n import Lang, has_text, text

Segment = tuple[str, str]  # (what, which): ("indicator", "incubated_new"), ("key", "target")
Param = str | int | float | bool | None | tuple[str, ...]  # a tuple: a list, joined per language

# A list's items are named by what the list holds, each by its id or name.
_ITEM = {
    "indicators": "indicator",
    "units": "unit",
    "kinds": "kind",
    "sheets": "sheet",
    "columns": "column",
    "checks": "check",
    "items": "item",
    "grades": "grade",
    "groups": "group",
    "keys": "key_rule",
}


@dataclass(frozen=True)
class Problem:
    file: str  # the rules file's path
    where: tuple[Segment, ...]
    key: str  # catalogue key, "rules.<what>"
    params: Mapping[str, Param] = field(default_factory=dict)
    # False: only the assessment cannot be used (a task list that does not add up); the
    # report still can.
    blocks_all: bool = True

    def place(self, lang: Lang) -> str:
        return " › ".join(text(f"rules.where.{what}", lang, name=name) for what, name in self.where)

    def message(self, lang: Lang = "zh") -> str:
        place = self.place(lang)
        said = text(self.key, lang, **self.params)
        return f"{self.file}: {place}: {said}" if place else f"{self.file}: {said}"


def key(*names: str | int) -> Segment:
    return ("key", ".".join(str(n) for n in names))


def locate(loc: Sequence[int | str], raw: object) -> tuple[Segment, ...]:
    """pydantic's location of an error, as the places a person finds in the file."""
    segments: list[Segment] = []
    pending: list[str] = []
    node: object = raw
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            holder = pending.pop() if pending else ""
            if pending:
                segments.append(key(*pending))
                pending = []
            item = node[part] if 0 <= part < len(node) else None
            ident = _ident(item) or f"#{part + 1}"
            segments.append((_ITEM.get(holder, "item"), ident))
            node = item
        elif isinstance(node, dict) and part in node:
            pending.append(str(part))
            node = node[part]
        elif isinstance(node, dict) and part in (node.get("method"), node.get("kind")):
            continue  # the tag of a discriminated union: already said by the value itself
        else:
            pending.append(str(part))
            node = None
    if pending:
        segments.append(key(*pending))
    return tuple(segments)


def _ident(item: object) -> str | None:
    if not isinstance(item, dict):
        return None
    for name in ("id", "name", "column"):
        if isinstance(item.get(name), str | int):
            return str(item[name])
    return None


def as_param(value: object) -> Param:
    """A value a message can show: a list stays a list of texts (joined per language)."""
    if isinstance(value, tuple | list):
        return tuple(str(v) for v in value)
    return value if isinstance(value, str | int | float | bool) else str(value)


def _params(err: Mapping[str, Any]) -> dict[str, Param]:
    ctx = err.get("ctx") or {}
    params: dict[str, Param] = {}
    for name, value in ctx.items():
        params[name] = as_param(value)
    params["msg"] = str(err.get("msg", ""))
    params["input"] = _shown(err.get("input"))
    return params


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # as the TOML file spells it
    shown = repr(value) if not isinstance(value, str) else value
    return shown if len(shown) <= 60 else shown[:60] + "…"


def from_validation(file: str, exc: ValidationError, raw: object) -> list[Problem]:
    """Every error of one file's model, in words."""
    problems = []
    for err in exc.errors():
        kind = str(err["type"])
        wanted = kind if kind.startswith("rules.") else f"rules.pydantic.{kind}"
        found = wanted if has_text(wanted) else "rules.pydantic.other"
        problems.append(Problem(file, locate(err["loc"], raw), found, _params(err)))
    return problems
