"""How fast each xlsx writer writes a sheet shaped like the export's 计入明细.

    python bench/writers.py [--rows 293000] [--repeat 3]

Each writer runs in a process of its own (time and peak memory are that process's),
writing the same rows: a title row, a header, then per row the indicator, file, sheet,
row number, unit, name, credit code, a date and a count, text kept as text (a name such
as "=1+1" or "0012" must stay what it is), dates and counts with a number format, the
header row frozen and filtered. Prints a table of median seconds and peak MiB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["指标", "文件", "工作表", "行号", "所属单位", "名称", "统一社会信用代码", "日期", "人数"]
UNITS = ["盐湖街道", "东沟乡", "阿克苏乡", "柴窝堡管委会", "达坂城镇", "艾维尔沟街道", "区科技局"]
WRITERS = (
    "openpyxl_write_only",
    "xlsxwriter_constant_memory",
    "rustpy_xlsxwriter",
    "sc_cli_tables",
)


def rows(count: int) -> list[list[object]]:
    rng = random.Random(7)
    start = dt.date(2023, 1, 1)
    out: list[list[object]] = []
    for n in range(count):
        unit = UNITS[n % len(UNITS)]
        out.append(
            [
                f"新增科技型中小企业{n % 12}",
                f"2024/{unit}_2024年双创统计.xlsx",
                "科技型中小企业",
                n % 5000 + 3,
                unit,
                f"乌鲁木齐{rng.randrange(10**6):06d}科技有限公司" if n % 97 else "=1+1",
                f"91650107{rng.randrange(10**10):010d}",
                start + dt.timedelta(days=n % 1000),
                rng.randrange(1, 300),
            ]
        )
    return out


def openpyxl_write_only(path: Path, data: list[list[object]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("计入明细")
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:I{len(data) + 2}"
    sheet.append(["计入明细"])
    sheet.append(HEADER)
    for row in data:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    book.save(path)


def xlsxwriter_constant_memory(path: Path, data: list[list[object]]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
    )
    sheet = book.add_worksheet("计入明细")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.freeze_panes(2, 0)
    sheet.write_string(0, 0, "计入明细")
    sheet.write_row(1, 0, HEADER)
    for r, row in enumerate(data, start=2):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, value, date)
            else:
                sheet.write_number(r, c, value)
    sheet.autofilter(1, 0, len(data) + 1, len(HEADER) - 1)
    book.close()


def rustpy_xlsxwriter(path: Path, data: list[list[object]]) -> None:
    import rustpy_xlsxwriter as rx

    records = ({k: v for k, v in zip(HEADER, row, strict=True)} for row in data)
    rx.write_worksheet(
        records,
        str(path),
        sheet_name="计入明细",
        freeze_row=1,
        autofilter=True,
        datetime_format="yyyy-mm-dd",
    )


def sc_cli_tables(path: Path, data: list[list[object]]) -> None:
    """The export's own way (output/xlsx_tables.py): openpyxl for the sheet and its header,
    the rows written as XML once per distinct value."""
    from shuangchuang_cli.output.xlsx_tables import Col, TableBook, add_table

    columns = [Col(h, number_format="yyyy-mm-dd" if h == "日期" else None) for h in HEADER]
    book = TableBook()
    add_table(book, "计入明细", columns, data, lead=[["计入明细"]])
    book.save(path)
    book.close_rows()


def child(writer: str, count: int) -> None:
    """Prints the seconds the writing took, and the process's peak memory (MiB) above what
    it held with the rows made and before the writer was imported."""
    data = rows(count)
    before = _peak_mib()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        globals()[writer](Path(folder) / "out.xlsx", data)
        print(time.perf_counter() - start, _peak_mib() - before)


def _peak_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=293_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, tuple[list[float], int]] = {w: ([], 0) for w in WRITERS}
    for _ in range(args.repeat):
        for writer in WRITERS:  # round-robin: a change in load hits every writer alike
            proc = subprocess.Popen(
                [sys.executable, __file__, "--child", writer, str(args.rows)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            out, err = proc.communicate()
            if proc.returncode != 0:
                print(f"{writer}: failed: {err.strip().splitlines()[-1:]}")
                continue
            took, peak = (float(x) for x in out.strip().splitlines()[-1].split())
            seconds, most = results[writer]
            seconds.append(took)
            results[writer] = (seconds, max(most, int(peak)))
    print(f"{args.rows:,} rows x {len(HEADER)} columns, median of {args.repeat}, writing only")
    print(f"{'writer':30} {'median s':>9} {'peak MiB':>9}  (peak: above the rows held)")
    for writer, (seconds, peak) in results.items():
        if seconds:
            print(f"{writer:30} {statistics.median(seconds):9.2f} {peak:9.0f}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        raise SystemExit(main())
