"""``scale`` (ConvNeXt's layer scale γ: C parameters, 0 MACs) and a ConvNeXt block built with the
new kinds, against torchvision's own ``CNBlock`` (when CNNCALC_TORCH_PYTHON names a python with
torch and torchvision)."""

from __future__ import annotations

import json

from cnncalc.engine.calculator import calculate
from cnncalc.render.export import render_pytorch
from cnncalc.spec.validate import load_spec
from tests.conftest import run_cli as cli
from tests.test_export import torchvision_says

# torchvision.models.convnext.CNBlock(96, layer_scale=1e-6, stochastic_depth_prob=0.0):
# block.0 depthwise 7×7 → Permute → block.2 LayerNorm(96, eps=1e-6) → block.3 Linear(96, 384) →
# GELU → block.5 Linear(384, 96) → Permute → layer_scale (96, 1, 1) → (stochastic depth) → + input.
CNBLOCK = """
name: ConvNeXt block
input: [96, 56, 56]
layers:
  - {type: depthwise_conv, kernel: 7, padding: 3, name: block.0}
  - {type: layernorm, over: channels, eps: 1.0e-6, name: block.2}
  - {type: dense, units: 384, reading: channels, name: block.3}
  - {type: gelu, name: block.4}
  - {type: dense, units: 96, reading: channels, name: block.5}
  - {type: scale, init: 1.0e-6, name: layer_scale}
  - {type: add, inputs: [layer_scale, input], name: add}
"""


def test_scale_counts_a_factor_per_channel_and_no_macs(write_spec) -> None:
    done = cli(str(write_spec("input: [96, 7, 7]\nlayers:\n  - {type: scale}\n")), "--format", "json")
    layer = json.loads(done.stdout)["layers"][0]
    assert (layer["params"], layer["macs"], layer["output_shape"]) == (96, 0, [96, 7, 7])


def test_the_convnext_block_by_hand(write_spec) -> None:
    result = json.loads(cli(str(write_spec(CNBLOCK)), "--format", "json").stdout)
    params = {layer["name"]: layer["params"] for layer in result["layers"]}
    # 96·7·7 + 96; 2·96; (96 + 1)·384; (384 + 1)·96; 96.
    assert params == {
        "block.0": 4800,
        "block.2": 192,
        "block.3": 37248,
        "block.4": 0,
        "block.5": 36960,
        "layer_scale": 96,
        "add": 0,
    }
    assert result["total_params"] == 79296
    # 96·56·56·7·7 (depthwise) + 2·96·384·56·56 (the two per-position dense layers).
    assert result["total_macs"] == 14751744 + 2 * 115605504


def test_the_working_in_both_languages(write_spec) -> None:
    path = str(write_spec("input: [96, 7, 7]\nlayers:\n  - {type: scale}\n"))
    assert "params = C = 96 (γ)" in cli(path, "--explain").stdout
    assert "파라미터 개수 = C = 96 (γ)" in cli(path, "--explain", "--lang", "ko").stdout


def test_export_pytorch_has_a_layer_scale_and_keras_refuses_it(write_spec) -> None:
    spec, document = load_spec(write_spec(CNBLOCK))
    result = calculate(spec, document.stem)
    torch_code = render_pytorch(result)
    assert "class LayerScale(nn.Module):" in torch_code
    assert "self.layer_scale = LayerScale(96, 1e-06)" in torch_code
    done = cli("export", str(write_spec(CNBLOCK)), "--to", "keras")
    assert done.returncode == 2
    assert "layer 6 (layer_scale), type: Keras has no layer for a learned per-channel scale" in done.stderr


TORCHVISION = r"""
import json, sys, types
sys.modules["torchvision._meta_registrations"] = types.ModuleType("torchvision._meta_registrations")
from functools import partial
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode
from torchvision.models.convnext import CNBlock
block = CNBlock(96, 1e-6, 0.0, partial(nn.LayerNorm, eps=1e-6)).eval()
with torch.no_grad(), FlopCounterMode(display=False) as flops:
    out = block(torch.zeros(1, 96, 56, 56))
named = {}
for name, p in block.named_parameters():  # block.3.weight → block.3; layer_scale stays
    module = name.rsplit(".", 1)[0] if name.count(".") > 1 else name
    named[module] = named.get(module, 0) + p.numel()
print(json.dumps({"params": sum(p.numel() for p in block.parameters()), "shape": list(out.shape[1:]),
                  "macs": flops.get_total_flops() // 2, "named": named}))
"""


def test_the_convnext_block_against_torchvision(write_spec) -> None:
    says = torchvision_says(TORCHVISION)
    result = json.loads(cli(str(write_spec(CNBLOCK)), "--format", "json").stdout)
    assert result["total_params"] == says["params"]
    assert result["total_macs"] == says["macs"]
    assert result["output_shape"] == says["shape"]
    mine = {layer["name"]: layer["params"] for layer in result["layers"] if layer["params"]}
    assert mine == says["named"]
