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
        return hashlib.blake2b(text.encode("utf-8"), digest_size=32).hexdigest()


__all__ = ["Cache", "Store", "cache_folder"]
