"""The README's examples run as written on the bundled sample data."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from helpers import invoke

README = Path(__file__).resolve().parent.parent / "README.md"
MARKER = "<!-- README 示例："


def example_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text[text.index(MARKER) :], re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.startswith("sc-cli ")]


def test_the_readme_keeps_its_two_set_up_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "python -m pip install . && sc-cli report 2024" in text
    assert "python -m pip install -e '.[dev]' && python -m pytest -q" in text


def test_the_readme_examples_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = example_lines()
    assert len(lines) >= 10
    for line in lines:
        command, _, target = line.partition(" > ")
        args = shlex.split(command)[1:]
        result = invoke(*args)
        # validate finds the sample's planted errors: exit 1; everything else runs clean.
        assert result.exit_code == (1 if args[0] == "validate" else 0), (line, result.output)
        assert "Traceback" not in result.output
        if target:
            Path(target).write_text(result.stdout, encoding="utf-8")
    for made in (
        "示例数据/2024",
        "盐湖街道2024_问题标注.xlsx",
        "2024年度考核.xlsx",
        "双创报送模板.xlsx",
    ):
        assert Path(made).exists(), made
    assert Path("2024年进度.csv").read_text(encoding="utf-8").startswith("\ufeff编号,指标,")
