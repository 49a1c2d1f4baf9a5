"""Every text the tool writes, one catalogue per language (zh.py, en.py), looked up by key.

Texts are rendered when they are shown, in the language the user chose: an issue keeps
its code and parameters, and its message is made from them at output. Both catalogues
hold the same keys with the same placeholders (a test checks it).
"""

from __future__ import annotations

from numbers import Integral
from typing import Any, Literal

from shuangchuang_cli.i18n import en, zh

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_CATALOGUES: dict[str, dict[str, str]] = {"zh": zh.TEXTS, "en": en.TEXTS}


def language(value: str | None) -> Lang | None:
    """A language as typed (zh, ZH, En ...), or None when it is none of ours."""
    folded = (value or "").strip().lower()
    return "en" if folded == "en" else "zh" if folded == "zh" else None


class Count(int):
    """A count that a text may write with its noun: "{errors:error|errors}" gives
    "1 error" and "0 errors", "{count:unit has|units have}" gives "1 unit has". English
    needs it; Chinese has no plural and writes the count as it is."""

    def __format__(self, spec: str) -> str:
        if "|" not in spec:
            return format(int(self), spec)
        one, many = spec.split("|", 1)
        return f"{int(self)} {one if self == 1 else many}"


def capitalised(words: str) -> str:
    """Words as they open a sentence or a title: the first letter a capital."""
    return words[:1].upper() + words[1:]


class Word(str):
    """A text a sentence may open with: "{group:Cap}" writes "townships and streets" as
    "Townships and streets" at the start of an English sentence, and leaves it as it is
    elsewhere (a name the rules give in lower case for use inside a sentence)."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        if spec == "Cap":
            return capitalised(self)
        return format(str(self), spec)


def _param(value: Any, separator: str) -> Any:
    if isinstance(value, list | tuple):
        return Word(separator.join(map(str, value)))
    if isinstance(value, str):
        return Word(value)
    # numbers.Integral: a count summed by pandas is a numpy integer, not an int.
    if isinstance(value, Integral) and not isinstance(value, bool):
        return Count(value)
    return value


def text(key: str, lang: Lang = "zh", **params: Any) -> str:
    """The text of `key` in `lang`, its placeholders filled from `params`; a list or tuple
    is written with the language's own separator (a、b、c; a, b, c), a count with its
    noun where the text names one (Count)."""
    catalogue = _CATALOGUES[lang]
    separator = catalogue["list.separator"]
    filled = {name: _param(value, separator) for name, value in params.items()}
    return catalogue[key].format(**filled)


def worded(lang: str, word: str, word_en: str = "") -> str:
    """A word the rules give (a name, a grade, a hint) in `lang`: its English form where
    the rules have one, else the word as written."""
    return (word_en or word) if lang == "en" else word


def has_text(key: str) -> bool:
    return key in zh.TEXTS


def message(key: str, lang: Lang = "zh", **params: Any) -> str:
    """An issue's message: the catalogue's `issue.<key>` (or an `unreadable_file.<reason>`)."""
    full = key if key.startswith("unreadable_file.") else f"issue.{key}"
    return text(full, lang, **params)


QUOTED_CHARS = 60


def quoted(value: str) -> str:
    """Text as a message quotes it: a long cell or a pasted paragraph is cut short."""
    return value if len(value) <= QUOTED_CHARS else value[:QUOTED_CHARS] + "…"
