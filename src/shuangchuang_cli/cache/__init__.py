"""What was read from a file and what a command found, kept for the next run.

The analyst runs report, score, explain and export one after another on a folder that
has not changed: each file is read once, and a command asked again about the same files
answers at once. Entries are keyed by what decides them (cache/keys.py): the file's
content, the tool's code and the rules, so a changed file, another version of sc-cli or
an edited rules folder never meets an entry of the old one. The folder is the user's
cache folder (platformdirs), or SC_CLI_CACHE_DIR; never the data folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from shuangchuang_cli.cache.keys import code_fingerprint, file_digest, rules_fingerprint
from shuangchuang_cli.cache.store import Store

if TYPE_CHECKING:
    from shuangchuang_cli.reading.discover import SourceFile
    from shuangchuang_cli.rules import Rules

ENV_FOLDER = "SC_CLI_CACHE_DIR"


def cache_folder() -> Path:
    """Where entries are kept: SC_CLI_CACHE_DIR, else the user's cache folder."""
    chosen = os.environ.get(ENV_FOLDER)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("sc-cli", appauthor=False))


class Cache:
    """A store seen with one set of rules: keys carry the code and the rules."""

    def __init__(self, store: Store, rules: Rules) -> None:
        self.store = store
        self._context = f"{code_fingerprint()}/{rules_fingerprint(rules)}"
        self._digests: dict[Path, str | None] = {}

    def digest(self, path: Path) -> str | None:
        """The file's content digest, once per run; None when it cannot be read."""
        if path not in self._digests:
            self._digests[path] = file_digest(path)
        return self._digests[path]

    def key(self, *parts: object) -> str:
        """A key for what `parts` (JSON-able) decide, with this code and these rules."""
        text = json.dumps([self._context, *parts], ensure_ascii=False, default=str)
        # surrogatepass: a name unpacked from a GBK zip keeps its bytes as lone surrogates.
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()

    def read_key(self, source: SourceFile) -> str | None:
        """The key of what a file gave when read: what decides its records is its bytes,
        how it is read (by its suffix) and the year folder it is in (the records carry
        their year); None when the file cannot be read to be told apart.

        A CSV's name decides too: its one sheet is named after the file, and its type is
        told by that name when the header does not tell it (SUBMISSIONS.md section 1), so
        附件1.csv renamed 高新技术企业.csv is read again. A workbook's name decides nothing.
        """
        from shuangchuang_cli.reading.readers import CSV_SUFFIXES

        digest = self.digest(source.path)
        if digest is None:
            return None
        suffix = source.path.suffix.lower()
        named = source.path.stem if suffix in CSV_SUFFIXES else None
        return self.key("read", digest, suffix, source.year, named)

    def unkept(self, files: list[SourceFile]) -> list[SourceFile]:
        """The files with no entry, which will have to be read (looked up by name only:
        an entry found damaged or out of date later is read then)."""
        return [
            f for f in files if (k := self.read_key(f)) is None or not self.store.holds("read", k)
        ]


__all__ = ["Cache", "Store", "cache_folder"]
