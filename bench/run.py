"""Time sc-cli against a bare python-calamine parse of the same files, as whole processes.

    python bench/run.py DATA_DIR [--repeat 3] [--sc-cli PATH]

DATA_DIR is what bench/generate.py wrote. Every task runs as its own process, Python
start-up included, because that is what the analyst waits for. The ratios to the bare
parse are the numbers to watch: absolute times drift from machine to machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# The floor: read every sheet of every file to Python lists and do nothing else.
BARE_PARSE = """
import sys
from python_calamine import CalamineWorkbook
for path in sys.argv[1:]:
    workbook = CalamineWorkbook.from_path(path)
    for index in range(len(workbook.sheet_names)):
        workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
"""
READABLE = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
# ru_maxrss is KiB on Linux and bytes on macOS.
RSS_TO_MIB = 1 / (1024 * 1024) if sys.platform == "darwin" else 1 / 1024


@dataclass
class Task:
    name: str
    command: list[str]
    ok_codes: set[int]
    baseline: str | None = None  # name of the bare-parse task its ratio is taken against
    goal: float | None = None  # the ratio PRODUCT.md asks for, headline tasks only
    prints_json: bool = False  # sc-cli with --format json: no JSON means it did not really run
    # sc-cli keeps what it read in a cache (SC_CLI_CACHE_DIR). Every run of a task starts
    # with an empty one (a first run, writing the cache included) unless `warm` names the
    # folder the task's check run filled: then it is the re-run of an unchanged folder.
    warm: Path | None = None
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    failure: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def cache_env(task: Task) -> tuple[dict[str, str], Path | None]:
    """The environment of one run of `task`, and the empty cache folder to remove after.

    Python may keep its compiled modules, as it does for an installed sc-cli (pip
    compiles them as it installs): an editable install run with PYTHONDONTWRITEBYTECODE
    set would compile its seventy-odd modules again in every timed run (a warm report of
    the region took 0.25 s so, 0.21 s without), start-up no user has. The check run
    writes them."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if task.warm is not None:
        return {**env, "SC_CLI_CACHE_DIR": str(task.warm)}, None
    fresh = Path(tempfile.mkdtemp(prefix="sc-bench-cache-"))
    return {**env, "SC_CLI_CACHE_DIR": str(fresh)}, fresh


# Runs one command and writes its wall seconds, peak RSS (KiB or bytes, as the system
# counts) and exit status to the file named first. A process inherits the peak of the
# one it was forked from (Linux counts the old memory's high-water mark across fork and
# exec), so the timed command is started from this small, freshly started process rather
# than from the runner, which grows as it reads what the checks printed.
TIMED = """
import os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
elapsed = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{elapsed} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_once(task: Task) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS in MiB, exit code and stderr of one process.

    The command runs under TIMED, whose os.wait4 gives the rusage of exactly this
    process (RUSAGE_CHILDREN is a maximum over every child so far). Stdout goes to
    /dev/null so printing is not timed; stderr goes to a file, since a pipe nobody reads
    could fill up and stall the child.
    """
    env, fresh = cache_env(task)
    with (
        open(os.devnull, "wb") as sink,
        tempfile.TemporaryFile() as errors,
        tempfile.NamedTemporaryFile("r", suffix=".txt") as result,
    ):
        command = [sys.executable, "-c", TIMED, result.name, *task.command]
        subprocess.run(command, stdout=sink, stderr=errors, env=env, check=False)
        elapsed, peak, code = result.read().split()
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace")
    if fresh is not None:
        shutil.rmtree(fresh, ignore_errors=True)
    return float(elapsed), int(peak) * RSS_TO_MIB, int(code), message


def check(task: Task) -> str:
    """Run once untimed (this also warms the page cache) and summarise what came out."""
    env, fresh = cache_env(task)
    result = subprocess.run(task.command, capture_output=True, check=False, env=env)
    if fresh is not None:
        shutil.rmtree(fresh, ignore_errors=True)
    stderr = result.stderr.decode("utf-8", "replace").strip()
    if result.returncode not in task.ok_codes:
        tail = "\n    ".join(stderr.splitlines()[-5:])
        task.failure = f"exit {result.returncode}\n    {tail}"
        return task.failure
    if not task.prints_json:
        return f"exit {result.returncode}"
    try:
        output = json.loads(result.stdout)
    except ValueError:
        task.failure = f"exit {result.returncode}, stdout is not JSON ({len(result.stdout)} bytes)"
        return task.failure
    if not isinstance(output, dict):
        return f"exit {result.returncode}"
    issues = output.get("issues")
    if isinstance(issues, dict):  # report: counts only
        return f"exit {result.returncode}, issues {issues}, year {output.get('year')}"
    return (
        f"exit {result.returncode}, files {output.get('files')}, "
        f"errors {output.get('errors')}, warnings {output.get('warnings')}"
    )


def report_command(sc_cli: str, data: Path) -> list[str]:
    """Options after the command when `report --help` lists them, else before it."""
    options = ["--data", str(data / "region"), "--rules", str(data / "rules")]
    shown = subprocess.run([sc_cli, "report", "--help"], capture_output=True, text=True)
    if "--data" in shown.stdout + shown.stderr:
        return [sc_cli, "report", "2025", *options, "--format", "json"]
    return [sc_cli, *options, "report", "2025", "--format", "json"]


def _sc_cli_tasks(sc_cli: str, data: Path, scratch: Path) -> list[Task]:
    """sc-cli's own tasks: validate on each producer's file, and the region commands."""
    region = ["--data", str(data / "region"), "--rules", str(data / "rules")]
    tasks = [
        Task(
            f"validate big ({p.stem})",
            [sc_cli, "validate", str(p), "--format", "json"],
            {0, 1},
            f"bare parse: big ({p.stem})",
            1.5,
            True,
        )
        for p in producer_files(data)
    ]
    report = report_command(sc_cli, data)
    warm = scratch / "warm-cache"  # filled by the warm tasks' check runs
    explain = [sc_cli, "explain", "incubated_new", "2025", *region]
    export = [sc_cli, "export", "2025", "-o", str(scratch / "region.xlsx"), "--force", *region]
    tasks += [
        Task("report 2025 region", report, {0}, "bare parse: region", 1.5, True),
        # The cache holds what the check run read and found: the re-run parses nothing.
        Task("report 2025 region warm", report, {0}, "bare parse: region", 0.3, True, warm),
        Task(
            "validate region",
            [
                sc_cli,
                "validate",
                str(data / "region"),
                "--rules",
                str(data / "rules"),
                "-f",
                "json",
            ],
            {0, 1},
            "bare parse: region",
            None,
            True,
        ),
        Task("explain region table", explain, {0}, "bare parse: region", 3.0),
        Task("explain region json", [*explain, "-f", "json"], {0}, "bare parse: region", 3.0, True),
        # After report, as the analyst runs them: the files are read from the cache.
        Task("explain region table warm", explain, {0}, "bare parse: region", None, False, warm),
        Task("export 2025 region", export, {0}, "bare parse: region", 6.0),
        # After report, as the analyst runs them: the files are read from the cache.
        Task("export 2025 region warm", export, {0}, "bare parse: region", None, False, warm),
        Task("sc-cli --help", [sc_cli, "--help"], {0}, None, None),
    ]
    return tasks


SPREADSHEETS = (".xlsx", ".xls", ".ods")  # what producers.py writes


def producer_files(data: Path) -> list[Path]:
    """The big register as each producer wrote it (bench/producers.py), xlsxwriter first."""
    files = (data / "big" / "producers").glob("*.*")
    found = sorted((p for p in files if p.suffix in SPREADSHEETS), key=lambda p: p.stem)
    return sorted(found, key=lambda p: p.stem != "xlsxwriter")


def build_tasks(data: Path, sc_cli: str | None, scratch: Path) -> tuple[list[Task], list[str]]:
    big = data / "big" / "企业名录.xlsx"
    region = sorted(str(p) for p in (data / "region").rglob("*") if p.suffix.lower() in READABLE)
    notes = [
        f"big: {big.stat().st_size / 2**20:.1f} MiB; region: {len(region)} files, "
        f"{sum(Path(p).stat().st_size for p in region) / 2**20:.1f} MiB"
    ]
    python = sys.executable
    tasks = [
        Task(f"bare parse: big ({p.stem})", [python, "-c", BARE_PARSE, str(p)], {0})
        for p in producer_files(data)
    ]
    tasks.append(Task("bare parse: region", [python, "-c", BARE_PARSE, *region], {0}))
    if sc_cli is None:
        notes.append("sc-cli not found: only the bare parses were timed")
    else:
        tasks += _sc_cli_tasks(sc_cli, data, scratch)
    frictionless = shutil.which("frictionless")
    if frictionless is None:
        notes.append("frictionless not installed: its row is skipped")
    else:  # exits 1 on the planted errors, as it should
        schema = big.with_name("企业名录.schema.json")  # written by generate.py
        # --trusted: frictionless refuses absolute paths otherwise; --json: like sc-cli's.
        command = [frictionless, "validate", str(big), "--schema", str(schema), "--trusted"]
        command.append("--json")
        tasks.append(
            Task("frictionless validate big", command, {0, 1}, "bare parse: big (xlsxwriter)")
        )
    return tasks, notes


def find_sc_cli(name: str) -> str | None:
    """Prefer the script beside this interpreter: a pyenv or asdf shim on PATH is a shell
    script that would add its own start-up to every sc-cli run but not to the bare parse."""
    beside = Path(sys.executable).parent / name
    if os.sep not in name and beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def describe(sc_cli: str | None) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        calamine = version("python-calamine")
    except PackageNotFoundError:
        calamine = "?"
    line = (
        f"python {platform.python_version()}, python-calamine {calamine}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}"
    )
    if sc_cli is not None:
        shown = subprocess.run([sc_cli, "--version"], capture_output=True, text=True)
        line += f", {(shown.stdout or shown.stderr).strip() or 'sc-cli version unknown'}"
    return line


def print_table(tasks: list[Task]) -> None:
    by_name = {t.name: t for t in tasks}
    width = max(len(t.name) for t in tasks) + 2  # the longest name, then two spaces
    header = f"{'task':<{width}}{'median s':>10}{'peak MiB':>10}{'ratio':>8}  goal"
    print(header)
    print("-" * len(header))
    for task in tasks:
        if task.failure is not None or not task.seconds:
            print(f"{task.name:<{width}}{'failed':>10}")
            continue
        base = by_name.get(task.baseline or "")
        peak = max(task.peak_mib)
        row = f"{task.name:<{width}}{task.median:>10.2f}{peak:>10.0f}"
        if base is not None and (base.failure is not None or not base.seconds):
            print(f"{row}{'n/a':>8}  (its bare parse failed)")
            continue
        ratio = task.median / base.median if base is not None else 1.0
        goal = ""
        if task.goal is not None:
            goal = f"<= {task.goal:.1f} {'met' if ratio <= task.goal else 'MISSED'}"
        print(f"{row}{ratio:>8.2f}  {goal}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per task (median)")
    parser.add_argument("--sc-cli", default="sc-cli", help="command or path of sc-cli")
    args = parser.parse_args(argv)
    data: Path = args.data_dir
    if not (data / "big" / "producers").is_dir() or not (data / "region").is_dir():
        parser.error(f"{data} has no big/ and region/: run bench/generate.py {data} first")
    sc_cli = find_sc_cli(args.sc_cli)

    scratch = Path(tempfile.mkdtemp(prefix="sc-bench-"))
    tasks, notes = build_tasks(data, sc_cli, scratch)
    print(describe(sc_cli))
    for note in notes:
        print(note)
    for task in tasks:
        summary = check(task)
        print(f"check {task.name}: {summary}")
    runnable = [t for t in tasks if t.failure is None]
    # Round-robin rather than task by task, so drift in machine load hits every task alike.
    for round_number in range(args.repeat):
        for task in runnable:
            seconds, peak, code, stderr = run_once(task)
            if code not in task.ok_codes:
                task.failure = f"exit {code} in round {round_number + 1}: {stderr[-300:]}"
                continue
            task.seconds.append(seconds)
            task.peak_mib.append(peak)
    print(f"\nmedian of {args.repeat} runs, whole processes, wall clock")
    print_table(tasks)
    shutil.rmtree(scratch, ignore_errors=True)
    return 1 if any(t.failure for t in tasks) else 0


if __name__ == "__main__":
    sys.exit(main())
