"""`validate --format json`, written issue by issue.

A million issues held as one list of dicts and one string took 3.8 GB; written one at a
time, the output costs a line buffer. The text is the same as json.dumps(..., indent=2)
of the whole result (SUBMISSIONS.md section 6), so a reader sees no difference.
"""

from __future__ import annotations

import json
from typing import TextIO

from shuangchuang_cli.api import Validation
from shuangchuang_cli.i18n import Lang

_INDENT = "    "  # an issue's lines inside the "issues" list, two levels down


def write_validation(stream: TextIO, result: Validation, lang: Lang) -> None:
    head = {"files": result.files, "errors": result.errors, "warnings": result.warnings}
    lines = json.dumps(head, ensure_ascii=False, indent=2).splitlines()[:-1]
    stream.write("\n".join(lines) + ',\n  "issues": [')
    first = True
    for issue in result.issues:
        body = json.dumps(issue.as_json(lang), ensure_ascii=False, indent=2)
        stream.write(("\n" if first else ",\n") + _INDENT + body.replace("\n", "\n" + _INDENT))
        first = False
    stream.write("]\n}\n" if first else "\n  ]\n}\n")
