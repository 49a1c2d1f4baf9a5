"""The ways the tool cannot go on. Problems in the data are never exceptions: they are
issues in a report. These are caught once, at the command line, as one line and exit 2.

Each carries a catalogue key and its parameters, so the message is written in the
user's language when it is shown, not when it is raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from shuangchuang_cli.i18n import Lang, has_text, text


class ToolError(Exception):
    """The command cannot run as asked; `key` names its text in the catalogues."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, lang: Lang) -> str:
        # A text made by the caller (a rules file's own problem list, say) is shown as it is.
        return text(self.key, lang, **self.params) if has_text(self.key) else self.key

    def __str__(self) -> str:
        return self.render("zh")


class UsageError(ToolError):
    """The command cannot run as asked (a missing folder, an output that exists)."""


class Explained(Protocol):
    def message(self, lang: Lang = "zh") -> str: ...


class RulesError(ToolError):
    """The rules folder cannot be used; each problem names its file, the place by id or
    name, and what is expected."""

    def __init__(
        self, key: str = "rules.invalid", /, problems: Sequence[Explained] = (), **params: Any
    ) -> None:
        super().__init__(key, **params)
        self.problems = tuple(problems)

    def render(self, lang: Lang) -> str:
        if not self.problems:
            return super().render(lang)
        head = text("rules.invalid", lang, count=len(self.problems))
        return "\n".join([head, *(p.message(lang) for p in self.problems)])


class OutputError(ToolError):
    """An output cannot be written: no permission, a full disk, a path too long."""
