"""Deterministic benchmark data for sc-cli: one big register, a region folder, its rules.

    python bench/generate.py OUT_DIR [--scale small|full] [--seed N]

Writes OUT_DIR/big/企业名录.xlsx, OUT_DIR/region/<year>/*.xlsx and OUT_DIR/rules/.
The same seed and scale always give the same cell values (xlsxwriter stamps a creation
time into docProps, so the bytes differ; what the readers see does not).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import xlsxwriter
from producers import write_producers
from records import (
    AREAS,
    COLUMNS,
    DATE_COLUMN,
    DISTRICT_UNITS,
    FLOW_SHARE,
    REGION_UNITS,
    USCC_ALPHABET,
    YEARS,
    Fake,
    carrier_row,
    carriers_of,
    flow_row,
    plant_error,
)

SEED = 20230101
# scale -> (rows in the big register, mean records per region unit file)
SCALES = {"small": (5_000, 62), "full": (100_000, 1_250)}
ERROR_RATE = 0.005  # share of records carrying one planted error
DUP_RATE = 0.01  # share of region records copied from an earlier file


def new_workbook(path: Path) -> xlsxwriter.Workbook:
    path.parent.mkdir(parents=True, exist_ok=True)
    # constant_memory streams rows to disk; default_date_format makes dates real date cells.
    return xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "default_date_format": "yyyy-mm-dd"}
    )


def big_rows(rows: int, fake: Fake) -> list[tuple[Any, ...]]:
    """The big register's records, the same for every producer that writes them."""
    rng = fake.rng
    out: list[tuple[Any, ...]] = []
    for i in range(1, rows + 1):
        year = rng.choice(YEARS)
        code, date, unit = fake.uscc(), fake.date_in(year), rng.choice(DISTRICT_UNITS)
        value: Any = date
        if rng.random() < ERROR_RATE:
            kind = rng.randrange(3)
            if kind == 0:
                code = fake.bad_uscc(code)
            elif kind == 1:
                value = fake.bad_date(year)
            else:
                unit = "某某乡"
        out.append((i, fake.company(), code, f"{year}650107{i:08d}", value, unit))
    return out


def write_big(out: Path, rows: list[tuple[Any, ...]]) -> None:
    workbook = new_workbook(out / "big" / "企业名录.xlsx")
    sheet = workbook.add_worksheet("科技型中小企业")
    sheet.write_row(0, 0, COLUMNS["科技型中小企业"])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    workbook.close()


def write_big_schema(out: Path) -> None:
    """A Frictionless Table Schema saying of the big register what Table Schema can say.

    Types, required cells, the unit list and the credit code's shape: the same checks
    sc-cli makes, except the check character (Table Schema has no way to compute one).
    """
    letter = "[" + USCC_ALPHABET + "]"
    fields = [
        {"name": "序号", "type": "integer"},
        {"name": "企业名称", "type": "string", "constraints": {"required": True}},
        {
            "name": "统一社会信用代码",
            "type": "string",
            "constraints": {"required": True, "unique": True, "pattern": letter + "{18}"},
        },
        {"name": "入库登记编号", "type": "string", "constraints": {"required": True}},
        {"name": "入库日期", "type": "date", "constraints": {"required": True}},
        {
            "name": "所属单位",
            "type": "string",
            "constraints": {"required": True, "enum": list(DISTRICT_UNITS)},
        },
    ]
    schema = {"fields": fields}
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    (out / "big" / "企业名录.schema.json").write_text(text, encoding="utf-8")


def next_row(kind: str, n: int, unit: str, year: int, area: str, state: Region) -> dict[str, Any]:
    """A carrier row, a duplicate of an earlier file's record, or a fresh record."""
    fake, rng = state.fake, state.fake.rng
    if kind == "孵化载体":
        return carrier_row(state.carriers[unit][n - 1], fake)
    pool = state.pool[kind]
    if pool and rng.random() < DUP_RATE:
        row = dict(rng.choice(pool), 所属单位=unit)  # the same record, sent in by another unit
        if kind != "双创活动":
            row[DATE_COLUMN[kind]] = fake.date_in(year)
        return row
    names = [c["载体名称"] for c in state.carriers[unit]]
    row = flow_row(kind, unit, year, area, names, fake)
    if len(pool) < 5_000:
        pool.append(row)
    else:  # keep the pool bounded but still spread over every file
        pool[rng.randrange(5_000)] = row
    return row


class Region:
    """State carried from file to file: each unit's carriers, and a pool to duplicate from."""

    def __init__(self, fake: Fake) -> None:
        self.fake = fake
        self.carriers = {u: carriers_of(u, i, fake) for i, u in enumerate(REGION_UNITS)}
        self.pool: dict[str, list[dict[str, Any]]] = {kind: [] for kind in FLOW_SHARE}


def write_unit_file(
    path: Path, unit: str, year: int, area: str, per_file: int, state: Region
) -> int:
    rng = state.fake.rng
    flow_total = round(per_file * rng.uniform(0.8, 1.2)) - len(state.carriers[unit])
    workbook = new_workbook(path)
    title = workbook.add_format({"bold": True, "align": "center"})
    if rng.random() < 0.1:  # some files open with an instructions sheet (an unknown sheet)
        workbook.add_worksheet("填报说明").write(0, 0, "请按模板填写，日期格式为2024-03-05。")
    records = 0
    for kind, columns in COLUMNS.items():
        sheet = workbook.add_worksheet(kind)
        heading = f"{year}年{unit}双创工作统计表（{kind}）"  # the merged title row above the header
        sheet.merge_range(0, 0, 0, len(columns) - 1, heading, title)
        sheet.write_row(1, 0, columns)
        count = (
            len(state.carriers[unit])
            if kind == "孵化载体"
            else round(flow_total * FLOW_SHARE[kind])
        )
        for n in range(1, count + 1):
            row = next_row(kind, n, unit, year, area, state)
            if rng.random() < ERROR_RATE:
                row = dict(row)  # never corrupt the pooled original
                plant_error(kind, row, year, state.fake)
            row["序号"] = n
            sheet.write_row(n + 1, 0, [row.get(c, "") for c in columns])
        records += count
    workbook.close()
    return records


def write_region(out: Path, per_file: int, fake: Fake) -> int:
    state, records = Region(fake), 0
    for year in YEARS:
        state.pool["双创活动"].clear()  # an activity's key holds its date: duplicate within a year
        for index, unit in enumerate(REGION_UNITS):
            path = out / "region" / str(year) / f"{unit}_{year}年双创统计.xlsx"
            records += write_unit_file(path, unit, year, AREAS[index % len(AREAS)], per_file, state)
    return records


def bundled_rules() -> Path | None:
    root = Path(__file__).resolve().parents[1]
    for candidate in (root / "rules", root / "src" / "shuangchuang_cli" / "bundled" / "rules"):
        if candidate.is_dir():
            return candidate
    return None


def write_rules(out: Path) -> Path | None:
    """The bundled rules plus the 80 region units, appended so the district's stay valid."""
    source, target = bundled_rules(), out / "rules"
    if source is not None:
        shutil.copytree(source, target)
        # The district's task list names the district's units only; the benchmark times
        # reading and counting, so the region goes without an assessment scheme.
        (target / "assessment.toml").unlink(missing_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    kinds = ("township", "street", "department")
    blocks = [
        f'\n[[units]]\nname = "{u}"\nkind = "{kinds[i % 3]}"\ncode = "650199{i + 1:03d}"\n'
        f'aliases = ["单位{i + 1}"]\n'
        for i, u in enumerate(REGION_UNITS)
    ]
    with (target / "units.toml").open("a", encoding="utf-8") as units:
        units.write("\n# Region benchmark units, added by bench/generate.py\n" + "".join(blocks))
    return source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--libreoffice",
        action="store_true",
        help="also have LibreOffice (soffice) save the big register, as an office user would",
    )
    args = parser.parse_args(argv)
    big_count, per_file = SCALES[args.scale]
    out: Path = args.out_dir
    # Clear only what this script owns: stale files from a larger run would skew timings.
    for part in ("big", "region", "rules"):  # big/producers/ goes with big/
        shutil.rmtree(out / part, ignore_errors=True)

    fake = Fake(args.seed)
    start = time.perf_counter()
    rows = big_rows(big_count, fake)
    write_big(out, rows)
    write_big_schema(out)
    print(
        f"big/企业名录.xlsx: {big_count:,} rows, {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    start = time.perf_counter()
    made = write_producers(out, rows, libreoffice=args.libreoffice)
    print(
        f"big/producers/: {', '.join(made)}, {time.perf_counter() - start:.1f} s", file=sys.stderr
    )
    start = time.perf_counter()
    records = write_region(out, per_file, fake)
    files = len(YEARS) * len(REGION_UNITS)
    took = time.perf_counter() - start
    print(f"region/: {files} files, {records:,} records, {took:.1f} s", file=sys.stderr)
    source = write_rules(out)
    note = f"copied from {source}" if source else "no bundled rules found: units.toml only"
    print(f"rules/: {note}, plus {len(REGION_UNITS)} units", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
