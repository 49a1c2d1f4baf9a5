#!/usr/bin/env python3
"""Write the synthetic sample submissions of the Dabancheng District 双创 plan.

Usage: python scripts/make_sample_data.py [OUT_DIR]   (default: sample_data/ in the repo)

What is written is declared in scripts/sample_scenario.toml: every file, every record as
the clerk typed it, every planted mistake with the file, sheet, row, column and code
`sc-cli validate` must report. The script first reads the scenario through the layout
the writer is given, by the contract's rules and independently of sc-cli (samplegen.oracle),
and stops if the mistakes the files would hold are not exactly the planted ones; then it
writes the files (byte for byte reproducible) and OUT_DIR/README.md, and prints the
expected issues.

Needs openpyxl and xlwt (dev dependencies); nothing of sc-cli.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script: the samplegen package sits beside it
    sys.path.insert(0, str(HERE))

from samplegen import oracle  # noqa: E402
from samplegen.layout import layout  # noqa: E402
from samplegen.readme import readme  # noqa: E402
from samplegen.scenario import FileSpec, Scenario, load  # noqa: E402
from samplegen.writer import Look, write_csv, write_xls, write_xlsx  # noqa: E402

SCENARIO = HERE / "sample_scenario.toml"
LOCK_SIZE = 54


def lock_file(owner: str) -> bytes:
    """An Excel owner file (~$name.xlsx): the length of the owner's name, the name, padding."""
    name = owner.encode("ascii")
    return bytes([len(name)]) + name + b"\x00" * (LOCK_SIZE - 1 - len(name))


def write_file(path: Path, f: FileSpec, look: Look) -> None:
    grids = [layout(f, sheet)[0] for sheet in f.sheets]
    if f.format == "xlsx":
        write_xlsx(path, grids, look)
    elif f.format == "xls":
        write_xls(path, grids, look)
    elif f.format == "csv":
        write_csv(path, grids[0].rows, f.encoding)
    elif f.format == "lock":
        path.write_bytes(lock_file(f.content))
    else:
        path.write_bytes(f.content.encode("utf-8"))


def write(scenario: Scenario, out: Path) -> None:
    for year in sorted({f.year for f in scenario.files}):
        shutil.rmtree(out / str(year), ignore_errors=True)
    look = Look(scenario.author, scenario.saved)
    for f in scenario.files:
        path = out / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, f, look)


def main(argv: list[str]) -> int:
    if len(argv) > 1 or argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    out = Path(argv[0]) if argv else HERE.parent / "sample_data"
    scenario = load(SCENARIO)
    oracle.check(scenario)
    out.mkdir(parents=True, exist_ok=True)
    write(scenario, out)
    (out / "README.md").write_text(readme(scenario, out), encoding="utf-8")
    print(f"wrote {len(scenario.files)} files and README.md to {out}")
    for m in scenario.mistakes:
        print(f"  {m.severity:7} {m.code:20} {m.file} | {m.sheet} | row {m.row} | {m.column}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
