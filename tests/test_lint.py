"""ruff and mypy are part of the test run, so CI fails when either does."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "cnncalc", "tests", "tools"),
        ("ruff", "format", "--check", "cnncalc", "tests", "tools"),
        ("mypy",),
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_clean(command: tuple[str, ...]) -> None:
    if shutil.which(command[0]) is None and _run(command[0], "--version").returncode != 0:
        pytest.fail(f"{command[0]} is not installed: pip install -e '.[test]'")
    result = _run(*command)
    assert result.returncode == 0, result.stdout + result.stderr
