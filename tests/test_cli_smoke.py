"""The command end to end through a real subprocess: exit codes, stdout and stderr apart."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT, SPECS


def cnncalc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cnncalc", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_json_totals_for_alexnet() -> None:
    result = cnncalc(str(SPECS / "alexnet.yaml"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total_params"] == 61_100_840
    assert data["output_shape"] == [1000]
    assert data["layers"][0]["output_shape"] == [64, 55, 55]


def test_strict_turns_a_flag_into_exit_1() -> None:
    spec = str(SPECS / "stride_mismatch.yaml")
    assert cnncalc(spec).returncode == 0
    strict = cnncalc(spec, "--strict", "--format", "json")
    assert strict.returncode == 1
    assert json.loads(strict.stdout)["ok"] is False


def test_unknown_type_is_one_line_on_stderr_with_exit_2(write_spec) -> None:
    path = write_spec("input: [1, 8, 8]\nlayers:\n  - {type: conv2dd, filters: 2, kernel: 3}\n")
    result = cnncalc(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: {path}:3: layer 1: unknown layer type 'conv2dd' (did you mean 'conv'?)"
    ]
