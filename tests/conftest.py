from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"


@pytest.fixture(autouse=True)
def _fixed_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Piped output honours COLUMNS; a shell that exports it must not change what tests read."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def write_spec(tmp_path: Path):
    """Write a spec's text to a file and return its path."""

    def write(text: str, name: str = "spec.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/* from the current output; review the diff before committing",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in this process (typer's CliRunner, stdout and stderr apart), shaped like a
    subprocess result. A real process costs half a second of imports; test_cli.py and
    test_adversarial.py keep the few tests that need one (main()'s exit codes, a closed pipe)."""
    from typer.testing import CliRunner

    from cnncalc.cli import app

    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}") from result.exception
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)
