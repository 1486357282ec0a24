"""No function over ~60 lines (the style's rule), checked for the CLI part's modules: a long
function is split into named steps."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cnncalc"
MAX_LINES = 60
MODULES = [
    *sorted(p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "cli").glob("*.py")),
    "pipeline.py",
    "errors.py",
    "lang.py",
    "text.py",
    "engine/feature_map.py",
    "engine/check.py",
    "engine/solve.py",
    "render/oneoff.py",
    "render/check_report.py",
    "render/junit.py",
    "render/feature_map.py",
    "spec/loader.py",
    "spec/validate.py",
    "spec/exercise.py",
    "spec/blocks.py",
    "spec/lazy.py",
    "spec/paths.py",
]


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
