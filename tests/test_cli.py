"""The command group (cnncalc/cli/): --version, --help, the commands' registration and choices,
through typer's CliRunner (stdout and stderr apart) and through a real subprocess (``python -m
cnncalc``: main()'s exit codes, stdout and stderr apart)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import get_args

import pytest
from typer.testing import CliRunner

from cnncalc import __version__
from cnncalc.cli import app
from tests.conftest import ROOT, SPECS

MISMATCH = str(SPECS / "stride_mismatch.yaml")
COMMANDS = ("run", "check", "conv", "pool", "solve", "schema", "apply", "draw", "export")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, stdout, _ = invoke("--version")
    assert (code, stdout) == (0, f"cnncalc {__version__}\n")


def test_help_shows_an_example() -> None:
    code, stdout, _ = invoke("--help")
    assert code == 0
    assert "Example:" in stdout
    assert "cnncalc specs/lenet5.yaml" in stdout
    code, stdout, _ = invoke("run", "--help")
    assert code == 0 and "--format" in stdout and "Example:" in stdout


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cnncalc", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_python_dash_m_cnncalc() -> None:
    result = run_process(str(SPECS / "alexnet.yaml"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["total_params"] == 61_100_840  # torchvision's published AlexNet count
    assert data["output_shape"] == [1000]
    # torchvision conv1: 64 filters 11×11 /4 p2 on 224: ⌊(224 + 4 − 11)/4⌋ + 1 = ⌊54.25⌋ + 1 = 55
    assert data["layers"][0]["output_shape"] == [64, 55, 55]


def test_exit_codes_through_a_real_process(write_spec) -> None:
    # main() wraps app(): the codes must survive it, and an error must not become a traceback.
    assert run_process(MISMATCH).returncode == 0
    strict = run_process(MISMATCH, "--strict", "--format", "json")
    assert strict.returncode == 1
    assert json.loads(strict.stdout)["ok"] is False
    path = write_spec("input: [1, 8, 8]\nlayers:\n  - {type: conv2dd, filters: 2, kernel: 3}\n")
    result = run_process(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: {path}:3: layer 1: unknown layer type 'conv2dd' (did you mean 'conv'?)"
    ]


def test_every_command_is_listed_in_order_and_has_help_with_an_example() -> None:
    code, stdout, _ = invoke("--help")
    assert code == 0
    listed = [line.split()[0] for line in stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert tuple(listed) == COMMANDS
    for command in COMMANDS:
        code, stdout, stderr = invoke(command, "--help")
        assert (code, stderr) == (0, ""), command
        assert stdout.startswith("Usage: ") and f" {command} [OPTIONS]" in stdout.splitlines()[0], command
        assert "Example:" in stdout, command


def test_convention_choices_come_from_the_spec_models() -> None:
    from cnncalc.cli.options import ConventionChoice
    from cnncalc.spec.models import Convention

    assert [choice.value for choice in ConventionChoice] == list(get_args(Convention))
    code, _, stderr = invoke(MISMATCH, "--convention", "tensorflow")
    assert code == 2
    assert "'tensorflow' is not one of 'pytorch', 'keras', 'caffe'" in stderr


@pytest.mark.parametrize("convention", ["pytorch", "keras", "caffe", "KERAS"])
def test_each_convention_is_accepted_in_any_case(convention: str) -> None:
    code, stdout, _ = invoke(MISMATCH, "--convention", convention, "--format", "json")
    assert code == 0
    assert json.loads(stdout)["convention"] == convention.lower()


def test_dtype_choices_come_from_the_engine_byte_sizes() -> None:
    from cnncalc.cli.options import Dtype
    from cnncalc.engine.results import DTYPE_BYTES

    assert [choice.value for choice in Dtype] == list(DTYPE_BYTES) == ["float32", "float16", "int8"]
    code, _, stderr = invoke(MISMATCH, "--dtype", "int4")
    assert code == 2
    assert "'int4' is not one of 'float32', 'float16', 'int8'" in stderr


@pytest.mark.parametrize(
    ("args", "pydantic"),
    [(["--version"], False), (["--help"], False), (["run", "--help"], True), (["conv", "--help"], True)],
)
def test_help_and_version_load_neither_the_models_nor_the_kinds(args: list[str], pydantic: bool) -> None:
    """They answer at once: no layer kinds, no models, no engine (the choices they offer come from
    cnncalc.choices and render.outputs' registry, which import nothing heavy). A command's help
    loads pydantic only because typer's own help does (typer._adapters), not through cnncalc."""
    probe = (
        "import sys\n"
        f"sys.argv = ['cnncalc', *{args!r}]\n"
        "from cnncalc.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "inner = ('cnncalc.kinds', 'cnncalc.engine', 'cnncalc.spec')\n"
        "heavy = [m for m in sys.modules if m.startswith(inner)]\n"
        "print('HEAVY', sorted(heavy), 'pydantic' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == f"HEAVY [] {pydantic}"
