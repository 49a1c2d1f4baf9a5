"""The CSV writer: any neutral table (output/tables.py) as CSV that Excel opens as meant.

- UTF-8 with a byte-order mark by default: Excel on Chinese Windows reads a CSV without
  one as GBK and garbles every Chinese character (`--no-bom` leaves it out).
- Lines end in CRLF (RFC 4180), so that a field holding a lone CR is quoted too; every
  field holding a comma, a quote or a line break is quoted.
- Submitted text that Excel would run as a formula (=, +, -, @, a tab or CR first) gets a
  leading apostrophe, unless it is a plain number such as -5.
- Columns that are reading aids (row numbers) are left out; so are the styles, bars
  and short forms, which are for the terminal.
"""

from __future__ import annotations

import csv
import io

from shuangchuang_cli.output.tables import FORMULA_STARTS, Table

BOM = "\ufeff"


def guarded(value: str) -> str:
    """Text that Excel would run as a formula, made inert with a leading apostrophe."""
    if value.startswith(FORMULA_STARTS):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def to_csv(table: Table, bom: bool = True) -> str:
    """The table as CSV text (headers first); starts with a byte-order mark unless not."""
    kept = [n for n, col in enumerate(table.columns) if col.data]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([guarded(table.columns[n].header) for n in kept])
    writer.writerows([guarded(row[n].text) for n in kept] for row in table.rows)
    return (BOM if bom else "") + out.getvalue()
