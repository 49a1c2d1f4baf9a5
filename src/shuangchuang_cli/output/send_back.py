"""`validate DIR --annotate-dir 退回/`: one marked copy per file with problems, ready to
send back, in a folder laid out like the one checked.

A copy is named after its file, `<stem>_问题标注.xlsx` (`<stem>_issues.xlsx` with --lang
en), in the same sub-folder as the file relative to the folder checked (with several
paths: relative to the folder they share). Two files of one stem in one folder (a.xlsx and
a.csv) get their suffix in the name too. A file name holding GBK bytes gets a copy named
in readable characters. A file whose only issue is that it is no spreadsheet (a cover
letter in Word) gets no copy: there is nothing in it to mark.

Nothing is written into a folder being checked, and nothing is overwritten without
--force: every copy's path is checked before the first is written.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from shuangchuang_cli.errors import UsageError
from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.models import Issue
from shuangchuang_cli.output.annotate import annotate
from shuangchuang_cli.output.files import output_error
from shuangchuang_cli.output.xlsx import readable_part
from shuangchuang_cli.reading.discover import SourceFile, discover
from shuangchuang_cli.rules import Rules

_NOTHING_TO_MARK = {"unsupported_file"}


@dataclass(frozen=True)
class SentBack:
    folder: Path
    written: tuple[Path, ...]
    clean: int  # files checked that needed no copy


def _roots(paths: Sequence[Path]) -> list[Path]:
    """The folders being checked: each folder named, and the folder of each file named."""
    return [Path(os.path.abspath(p if p.is_dir() else p.parent)) for p in paths]


def refuse_into_inputs(folder: Path, paths: Sequence[Path]) -> None:
    """Marked copies never go into a folder being checked (they would sit among the
    submissions); checked before any file is read."""
    out = Path(os.path.abspath(folder)).resolve()
    for root in _roots(paths):
        if out.is_relative_to(root.resolve()):
            raise UsageError("usage.annotate_into_input", folder=root)


def _copies(
    files: Sequence[SourceFile],
    issues: Sequence[Issue],
    paths: Sequence[Path],
    folder: Path,
    lang: Lang,
) -> list[tuple[SourceFile, list[Issue], Path]]:
    by_file: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        by_file[issue.file].append(issue)
    base = Path(os.path.commonpath([str(r) for r in _roots(paths)]))
    suffix = text("annotate.suffix", lang)
    planned: list[tuple[SourceFile, list[Issue], Path]] = []
    for source in files:
        found = by_file.get(source.display, [])
        if not found or all(i.code in _NOTHING_TO_MARK for i in found):
            continue
        rel = Path(os.path.relpath(os.path.abspath(source.path), base))
        sub = Path(*(readable_part(p) for p in rel.parent.parts)) if rel.parent.parts else Path()
        planned.append((source, found, folder / sub / f"{readable_part(rel.stem)}{suffix}.xlsx"))
    # Two files of one stem in one folder: both copies name their file's suffix.
    seen: dict[Path, int] = defaultdict(int)
    for _, _, target in planned:
        seen[target] += 1
    result = []
    for source, found, target in planned:
        if seen[target] > 1:
            kind = source.path.suffix.lstrip(".").lower()
            stem = target.name[: -len(f"{suffix}.xlsx")]
            target = target.with_name(f"{stem}_{kind}{suffix}.xlsx")
        result.append((source, found, target))
    return result


def annotate_folder(
    paths: Sequence[Path],
    issues: Sequence[Issue],
    folder: Path,
    rules: Rules,
    force: bool,
    lang: Lang,
) -> SentBack:
    """Write a marked copy of every file under `paths` that has problems into `folder`."""
    refuse_into_inputs(folder, paths)
    files = discover(list(paths))
    copies = _copies(files, issues, paths, folder, lang)
    for _, _, target in copies:
        if target.exists() and not force:
            raise UsageError("output.exists", path=target)
    written: list[Path] = []
    for source, found, target in copies:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(exc, target.parent) from None
        annotate(source.path, found, target, rules, force, lang)
        written.append(target)
    return SentBack(folder, tuple(written), len(files) - len(copies))
