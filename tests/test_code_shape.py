"""The shape STYLE.md asks of the code: modules under 400 lines, functions under 60.

The catalogues (i18n/zh.py, i18n/en.py) are data, one text a line, and grow with every
text the tool writes; they are left out of the module length.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "shuangchuang_cli"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
CATALOGUES = {SRC / "i18n" / "zh.py", SRC / "i18n" / "en.py"}
MODULES = sorted(SRC.rglob("*.py"))


def _name(path: Path) -> str:
    return str(path.relative_to(SRC.parent))


def functions(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """(qualified name, lines) of every function and method, decorators included."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                assert child.end_lineno is not None
                yield f"{prefix}{child.name}", child.end_lineno - first + 1
                yield from walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(tree, "")


def test_the_sources_are_found() -> None:
    assert len(MODULES) > 50 and set(MODULES) >= CATALOGUES


@pytest.mark.parametrize("path", [p for p in MODULES if p not in CATALOGUES], ids=_name)
def test_a_module_is_under_400_lines(path: Path) -> None:
    lines = len(path.read_text("utf-8").splitlines())
    assert lines < MAX_MODULE_LINES, f"{_name(path)}: {lines} lines"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_every_function_is_under_60_lines(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    long = [f"{name}: {n} lines" for name, n in functions(tree) if n >= MAX_FUNCTION_LINES]
    assert not long, f"{_name(path)}: " + "; ".join(long)


def test_a_long_function_is_found() -> None:
    body = "\n".join(f"    x{n} = {n}" for n in range(MAX_FUNCTION_LINES))
    tree = ast.parse(f"class A:\n  def f(self):\n{body}\n")
    assert list(functions(tree)) == [("A.f", MAX_FUNCTION_LINES + 1)]
