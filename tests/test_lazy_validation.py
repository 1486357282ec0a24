"""Validating a spec builds the validators of the layer kinds it uses, and no others."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SPECS

PROBE = """
import sys
from cnncalc.spec.validate import load_spec
from cnncalc.spec import models
load_spec(sys.argv[1])
print(sorted(m.__name__ for m in models.LAYER_MODELS if m.__pydantic_complete__))
print(models.Spec.__pydantic_complete__)
"""


def test_lenet5_builds_only_conv_avgpool_and_dense() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(SPECS / "lenet5.yaml")], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    built, spec_built = done.stdout.splitlines()
    assert built == "['AvgPool', 'Conv', 'Dense']"
    assert spec_built == "False"  # the whole-spec model (and its union of every kind) is never built


KIND_MODULES_PROBE = """
import sys
from cnncalc.cli import main
sys.argv = ["cnncalc", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
loaded = sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("cnncalc.kinds."))
print(loaded, file=sys.stderr)
"""
LENET5 = str(SPECS / "lenet5.yaml")
SHARED = ["base", "index", "working"]  # the kinds' shared modules


@pytest.mark.parametrize(
    ("arguments", "kinds"),
    [
        # specs/lenet5.yaml writes conv2d, avgpool and dense layers (tanh fused into each)
        ([LENET5], ["avgpool", "conv", "dense"]),
        ([LENET5, "--format", "json"], ["avgpool", "conv", "dense"]),
        ([LENET5, "--explain"], ["avgpool", "conv", "dense"]),  # the working's templates too
        (["conv", "-i", "32", "-k", "5"], ["conv"]),
        (["pool", "-i", "28", "-k", "2"], ["maxpool"]),
    ],
)
def test_a_command_loads_only_the_kind_modules_it_uses(arguments: list[str], kinds: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KIND_MODULES_PROBE, *arguments], cwd=ROOT, capture_output=True, text=True
    )
    assert done.stderr.strip().splitlines()[-1] == str(sorted(kinds + SHARED)), done.stderr


TABLE_PROBE = KIND_MODULES_PROBE.replace(
    'loaded = sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("cnncalc.kinds."))',
    'loaded = "rich.table" in sys.modules',
)


@pytest.mark.parametrize(
    ("arguments", "loads_rich_table"),
    [
        (["conv", "-i", "32", "-k", "5"], False),  # one layer's working is rich Text
        (["pool", "-i", "28", "-k", "2"], False),
        (["solve", "-i", "32", "-k", "3"], True),  # the strides and paddings that fit, as a table
    ],
)
def test_only_solve_of_the_one_offs_loads_rich_table(arguments: list[str], loads_rich_table: bool) -> None:
    done = subprocess.run(
        [sys.executable, "-c", TABLE_PROBE, *arguments], cwd=ROOT, capture_output=True, text=True
    )
    assert done.stderr.strip().splitlines()[-1] == str(loads_rich_table), done.stderr
