"""``multiply`` (an element-wise product, broadcast over sizes of 1) and ``add``'s broadcasting.

Expected numbers are worked by hand from NumPy's broadcasting rule and torchvision's
``SqueezeExcitation`` (avgpool → fc1 → ReLU → fc2 → sigmoid, ``scale * input``); with torch (here,
or at ``CNNCALC_TORCH_PYTHON``) the module itself is measured: its parameters, its output shape,
and which input pixels one output pixel's gradient reaches.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from tests.conftest import run_cli as cli

# torchvision.ops.SqueezeExcitation(16, 4) on 16×8×8, written as cnncalc layers.
SE = """
input: [16, 8, 8]
layers:
  - {type: adaptive_avgpool, output_size: 1, name: avgpool}
  - {type: conv, filters: 4, kernel: 1, name: fc1}
  - {type: relu, name: activation}
  - {type: conv, filters: 16, kernel: 1, name: fc2}
  - {type: sigmoid, name: scale_activation}
  - {type: Multiply, inputs: [scale_activation, input], name: scale}
"""


def _json(path: Path, *options: str) -> dict:
    done = cli(str(path), "--format", "json", *options)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_squeeze_excitation_gate_scales_the_map(write_spec) -> None:
    network = _json(write_spec(SE))
    scale = network["layers"][-1]
    assert scale["type"] == "multiply"
    assert scale["input_shapes"] == [[16, 1, 1], [16, 8, 8]]
    assert scale["output_shape"] == [16, 8, 8]  # 16 = 16, 1 → 8, 1 → 8
    assert (scale["params"], scale["macs"]) == (0, 0)
    # fc1 (16 + 1)·4 = 68, fc2 (4 + 1)·16 = 80: torchvision's SqueezeExcitation(16, 4) has 148.
    assert network["total_params"] == 148
    # fc1 4·16 = 64 MACs, fc2 16·4 = 64; the product adds none (FlopCounterMode counts no mul).
    assert network["total_macs"] == 128


def test_the_gate_sees_the_whole_input_and_keeps_the_maps_grid(write_spec) -> None:
    field = _json(write_spec(SE), "--rf")["layers"][-1]["receptive_field"]
    # The pooled gate saw all 8×8 pixels; each output pixel still steps one input pixel.
    assert field == {"size": [8, 8], "jump": [1, 1], "start": [0, 0]}


def test_the_working_in_both_languages(write_spec) -> None:
    path = str(write_spec(SE))
    english = cli(path, "--explain").stdout
    assert "OH: 1, 8 → 8 (broadcast: a size of 1 is repeated to the others')" in english
    assert "MACs = 0: an element-wise product" in english
    assert "FlopCounterMode counts no element-wise operation" in english
    korean = cli(path, "--explain", "--lang", "ko").stdout
    assert "OW: 1, 8 → 8 (브로드캐스트: 크기 1은 다른 입력의 크기만큼 반복된다)" in korean


def test_framework_spellings(write_spec) -> None:
    for spelling in ("multiply", "Multiply", "mul"):
        text = SE.replace("type: Multiply", f"type: {spelling}")
        network = _json(write_spec(text, f"{spelling}.yaml"))
        assert network["layers"][-1]["type"] == "multiply"


MISMATCH = """
input: [3, 8, 8]
layers:
  - {type: conv, filters: 4, kernel: 3, name: c}
  - {type: multiply, inputs: [c, input], name: m}
"""


def test_shapes_that_do_not_broadcast_are_one_line_naming_both(write_spec) -> None:
    path = str(write_spec(MISMATCH))
    done = cli(path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"error: {path}:5: layer 2 (m), inputs: multiply needs inputs that broadcast: 'c' is 4×6×6 "
        "but 'input' is 3×8×8 (inputs broadcast when they have the same number of axes and on each "
        "axis the sizes are equal or one of them is 1 (NumPy's rule))"
    )
    assert "multiply의 입력은 브로드캐스트되어야 한다" in cli(path, "--lang", "ko").stderr


def test_a_flat_gate_is_refused_with_the_keepdims_pool(write_spec) -> None:
    # global_avgpool gives [16]; with the batch axis in front, (N, 16) would meet the width.
    flat = SE.replace("{type: adaptive_avgpool, output_size: 1,", "{type: global_avgpool,")
    flat = flat.replace("{type: conv, filters: 4, kernel: 1,", "{type: dense, units: 4,")
    path = str(write_spec(flat.replace("{type: conv, filters: 16, kernel: 1,", "{type: dense, units: 16,")))
    done = cli(path)
    assert done.returncode == 2
    assert "'scale_activation' is 16 but 'input' is 16×8×8" in done.stderr
    assert "keep it 16×1×1 with adaptive_avgpool, output_size: 1" in done.stderr


def test_add_broadcasts_by_the_same_rule(write_spec) -> None:
    text = """
input: [3, 8, 8]
layers:
  - {type: adaptive_avgpool, output_size: 1, name: mean}
  - {type: add, inputs: [input, mean], name: shifted}
  - {type: conv, filters: 1, kernel: 1, name: attention, inputs: [input]}
  - {type: add, inputs: [attention, input], name: spread}
"""
    network = _json(write_spec(text))
    assert network["layers"][1]["output_shape"] == [3, 8, 8]  # 3×8×8 + 3×1×1
    assert network["layers"][3]["output_shape"] == [3, 8, 8]  # 1×8×8 + 3×8×8: the 1 channel repeated
    english = cli(str(write_spec(text)), "--explain").stdout
    assert "C: 1, 3 → 3 (broadcast" in english


def test_add_of_shapes_that_do_not_broadcast_keeps_its_words(write_spec) -> None:
    """The README's example, byte for byte: add's sentences for unequal shapes are unchanged."""
    path = str(write_spec(MISMATCH.replace("multiply", "add").replace("name: m", "name: s")))
    done = cli(path)
    assert done.stderr.strip() == (
        f"error: {path}:5: layer 2 (s), inputs: add needs inputs of one shape: 'c' is 4×6×6 but "
        "'input' is 3×8×8 (the channels differ (4 vs 3) and so do the spatial sizes (6×6 vs 8×8): "
        "give both branches the same strides and padding, then project the channels with a 1×1 conv)"
    )


def test_the_pair_named_is_the_first_that_does_not_broadcast(write_spec) -> None:
    text = """
input: [4, 8, 8]
layers:
  - {type: conv, filters: 1, kernel: 1, name: one}
  - {type: conv, filters: 2, kernel: 1, name: two, inputs: [input]}
  - {type: multiply, inputs: [one, input, two], name: m}
"""
    done = cli(str(write_spec(text)))
    # one (1×8×8) broadcasts with input and with two, but input's 4 channels meet two's 2.
    assert "'input' is 4×8×8 but 'two' is 2×8×8" in done.stderr


def test_it_exports_as_a_product(write_spec) -> None:
    path = str(write_spec(SE))
    torch_code = cli("export", path, "--to", "pytorch").stdout
    assert "scale = scale_activation * x" in torch_code
    keras = cli("export", path, "--to", "keras").stdout
    assert "layers.Multiply(name='scale')([scale_activation, x])" in keras


# --- against torchvision ------------------------------------------------------------------------

MEASURE = r"""
import json, sys, types
sys.modules["torchvision._meta_registrations"] = types.ModuleType("stub")
import torch
from torchvision.ops import SqueezeExcitation
torch.manual_seed(0)
se = SqueezeExcitation(16, 4).eval()
x = torch.rand(1, 16, 8, 8, requires_grad=True)
out = se(x)
out[0, 0, 0, 0].backward()  # one output pixel: which input pixels reach it?
reached = (x.grad.abs().sum(dim=1)[0] > 0).nonzero()
print(json.dumps({
    "params": sum(p.numel() for p in se.parameters()),
    "shape": list(out.shape[1:]),
    "rows": int(reached[:, 0].max() - reached[:, 0].min() + 1),
    "cols": int(reached[:, 1].max() - reached[:, 1].min() + 1),
}))
"""


def _torch_python() -> str | None:
    if find_spec("torch") is not None and find_spec("torchvision") is not None:
        return sys.executable
    candidate = os.environ.get("CNNCALC_TORCH_PYTHON")
    return candidate if candidate and Path(candidate).exists() else None


def test_torchvisions_squeeze_excitation_agrees(write_spec) -> None:
    python = _torch_python()
    if python is None:
        pytest.skip("torchvision is not installed here (set CNNCALC_TORCH_PYTHON to a python that has it)")
    run = subprocess.run([python, "-c", MEASURE], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    torch_says = json.loads(run.stdout.strip().splitlines()[-1])
    network = _json(write_spec(SE), "--rf")
    assert torch_says["params"] == network["total_params"] == 148
    assert torch_says["shape"] == network["output_shape"]
    # The gradient of output pixel (0, 0) reaches all 8×8 input pixels: the field cnncalc gives.
    assert [torch_says["rows"], torch_says["cols"]] == network["receptive_field"]["size"] == [8, 8]
