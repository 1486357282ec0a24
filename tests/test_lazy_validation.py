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
sys.argv = ["cnncalc", sys.argv[1], "--format", sys.argv[2]]
try:
    main()
except SystemExit:
    pass
loaded = sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("cnncalc.kinds."))
print(loaded, file=sys.stderr)
"""


@pytest.mark.parametrize("output", ["table", "json"])
def test_a_spec_loads_only_the_kind_modules_it_uses(output: str) -> None:
    # specs/lenet5.yaml writes conv2d, avgpool and dense layers (tanh fused into each); base,
    # working and index are the kinds' shared modules. The other 17 kinds are never imported.
    done = subprocess.run(
        [sys.executable, "-c", KIND_MODULES_PROBE, str(SPECS / "lenet5.yaml"), output],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.stderr.strip().splitlines()[-1] == str(
        ["avgpool", "base", "conv", "dense", "index", "working"]
    ), done.stderr
