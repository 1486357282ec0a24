"""No function over ~60 lines (the style's rule), in any module of the package: a long function
is split into named steps."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cnncalc"
MAX_LINES = 60
MODULES = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))


def test_every_module_is_checked() -> None:
    # The package has a module per layer kind and the four layers' modules: well over 60 files.
    assert "kinds/conv.py" in MODULES and "render/svg.py" in MODULES and len(MODULES) > 60


@pytest.mark.parametrize("module", MODULES)
def test_no_function_is_over_60_lines(module: str) -> None:
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    long = [
        f"{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_LINES
    ]
    assert long == []
