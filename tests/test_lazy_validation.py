"""Validating a spec builds the validators of the layer kinds it uses, and no others."""

from __future__ import annotations

import subprocess
import sys

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
