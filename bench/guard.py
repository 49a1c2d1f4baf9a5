"""What the reading guard costs against the parse it guards, file by file.

    python bench/guard.py DATA_DIR [--repeat 5]

Before a worker parses a workbook, sc-cli measures it from its bytes against the limits
(reading/preflight/) so that most crafted files are refused at once. The speed issue asks
that this cost no more than a few percent of the parse. For every file of
`DATA_DIR/big/producers/` (bench/generate.py) this times, in this one process, the guard
alone and a bare python-calamine parse of every sheet to lists, both as CPU time, and
prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from python_calamine import CalamineWorkbook

from shuangchuang_cli.reading.preflight import check_package, check_xls
from shuangchuang_cli.rules.limits import Limits


def parse(path: Path) -> None:
    book = CalamineWorkbook.from_path(str(path))
    for n in range(len(book.sheet_names)):
        book.get_sheet_by_index(n).to_python(skip_empty_area=False)


def cpu_median(task: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        task()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    files = sorted((args.data / "big" / "producers").glob("*.*"))
    if not files:
        print(
            f"no files in {args.data / 'big' / 'producers'}: run bench/generate.py", file=sys.stderr
        )
        return 1
    limits = Limits()
    print(f"median CPU seconds of {args.repeat} runs, in one process")
    print(f"{'file':30} {'guard s':>8} {'parse s':>8} {'guard/parse':>12}")
    for path in files:
        check = check_xls if path.suffix.lower() == ".xls" else check_package
        guard = cpu_median(lambda: check(path, limits), args.repeat)  # noqa: B023
        parsed = cpu_median(lambda: parse(path), args.repeat)  # noqa: B023
        print(f"{path.name:30} {guard:8.3f} {parsed:8.3f} {guard / parsed:12.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
