"""``stochastic_depth`` (torchvision.ops.StochasticDepth(p, mode)): a residual branch dropped in
training; shape kept, no parameters, the identity at inference."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from tests.conftest import run_cli as cli

RESIDUAL = """
input: [8, 6, 6]
layers:
  - {type: conv, filters: 8, kernel: 3, padding: 1, name: conv}
  - {type: StochasticDepth, p: 0.2, mode: row, name: drop}
  - {type: add, inputs: [drop, input], name: add}
"""


def test_shape_kept_no_parameters(write_spec) -> None:
    done = cli(str(write_spec(RESIDUAL)), "--format", "json")
    assert done.returncode == 0, done.stderr
    network = json.loads(done.stdout)
    drop = network["layers"][1]
    assert drop["type"] == "stochastic_depth"
    assert drop["output_shape"] == [8, 6, 6]
    assert (drop["params"], drop["macs"]) == (0, 0)
    assert network["total_params"] == (3 * 3 * 8 + 1) * 8  # the conv's 584 only


def test_the_working_says_it_keeps_the_shape(write_spec) -> None:
    path = str(write_spec(RESIDUAL))
    assert (
        "2. drop (stochastic_depth): 8×6×6 → 8×6×6\n   shape unchanged, no parameters"
        in cli(path, "--explain").stdout
    )
    assert "크기 변화 없음, 파라미터 없음" in cli(path, "--explain", "--lang", "ko").stdout


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("p: 1.5", "must be ≤ 1.0"),
        ("p: 0.2, mode: column", "must be one of 'row' or 'batch'"),
        ("", "missing"),
    ],
)
def test_bad_fields_are_one_line(write_spec, field: str, message: str) -> None:
    text = f"input: [8, 6, 6]\nlayers:\n  - {{type: stochastic_depth{', ' + field if field else ''}}}\n"
    done = cli(str(write_spec(text)))
    assert done.returncode == 2
    assert message in done.stderr, done.stderr


def test_it_exports_without_torchvision_and_to_keras(write_spec) -> None:
    path = str(write_spec(RESIDUAL))
    torch_code = cli("export", path, "--to", "pytorch").stdout
    assert "import torchvision" not in torch_code  # a helper class of the file, torchvision's code
    assert "class StochasticDepth(nn.Module):" in torch_code
    assert "self.drop = StochasticDepth(0.2, 'row')" in torch_code
    keras = cli("export", path, "--to", "keras").stdout
    assert "layers.Dropout(0.2, noise_shape=(None, 1, 1, 1), name='drop')(conv)" in keras
    batch = write_spec(RESIDUAL.replace("mode: row", "mode: batch"), "batch.yaml")
    assert "noise_shape=(1, 1, 1, 1)" in cli("export", str(batch), "--to", "keras").stdout
    one = write_spec(RESIDUAL.replace("p: 0.2", "p: 1.0"), "one.yaml")
    refused = cli("export", str(one), "--to", "keras")
    assert refused.returncode == 2
    assert "layer 2 (drop), p: Keras has no layer for stochastic depth with rate (p) = 1" in refused.stderr


SAME_AS_TORCHVISION = r"""
import runpy, sys, types
sys.modules["torchvision._meta_registrations"] = types.ModuleType("stub")
import torch
from torchvision.ops import StochasticDepth
Exported = runpy.run_path(sys.argv[1])["StochasticDepth"]
x = torch.rand(64, 3, 4, 4)
for mode in ("row", "batch"):
    for p in (0.0, 0.3, 1.0):
        torch.manual_seed(1); ours = Exported(p, mode).train()(x)
        torch.manual_seed(1); theirs = StochasticDepth(p, mode).train()(x)
        assert torch.equal(ours, theirs), (mode, p)
        assert torch.equal(Exported(p, mode).eval()(x), x)
print("same")
"""


def test_the_exported_helper_is_torchvisions_stochastic_depth(write_spec, tmp_path: Path) -> None:
    python = sys.executable if find_spec("torchvision") else os.environ.get("CNNCALC_TORCH_PYTHON")
    if not python or not Path(python).exists():
        pytest.skip("torchvision is not installed here (set CNNCALC_TORCH_PYTHON to a python that has it)")
    code = tmp_path / "exported.py"
    code.write_text(cli("export", str(write_spec(RESIDUAL)), "--to", "pytorch").stdout, encoding="utf-8")
    run = subprocess.run(
        [python, "-c", SAME_AS_TORCHVISION, str(code)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "same"
