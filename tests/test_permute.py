"""``permute`` (torch.permute, torchvision's ``Permute``: dims with the batch axis, first), the layers
that act on the permuted map's last axis, the receptive field through a permute, and a block's
layer named ``.`` (the copy's own name). Expected numbers are worked by hand; with
CNNCALC_TORCH_PYTHON, a ConvNeXt block is compared module by module with torchvision's CNBlock,
and with CNNCALC_KERAS_PYTHON the exported Keras ``Permute`` with torch.permute."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli as cli
from tests.test_export import torchvision_says

# torchvision.models.convnext.CNBlock(96, layer_scale=1e-6, stochastic_depth_prob=0.0), module by
# module: block.0 depthwise 7×7 → block.1 Permute([0, 2, 3, 1]) → block.2 LayerNorm(96, eps=1e-6)
# on the last axis → block.3 Linear(96, 384) → block.4 GELU → block.5 Linear(384, 96) →
# block.6 Permute([0, 3, 1, 2]) → layer_scale, a (96, 1, 1) parameter of the CNBlock itself →
# stochastic_depth → + input.
CNBLOCK = """
name: ConvNeXt block
input: [96, 56, 56]
blocks:
  cn:
    layers:
      - {type: depthwise_conv, kernel: 7, padding: 3, name: block.0}
      - {type: permute, dims: [0, 2, 3, 1], name: block.1}
      - {type: layernorm, normalized_shape: 96, eps: 1.0e-6, name: block.2}
      - {type: linear, units: 384, reading: last_axis, name: block.3}
      - {type: gelu, name: block.4}
      - {type: linear, units: 96, reading: last_axis, name: block.5}
      - {type: permute, dims: [0, 3, 1, 2], name: block.6}
      - {type: scale, init: 1.0e-6, name: .}
      - {type: stochastic_depth, rate: 0.0, mode: row, name: stochastic_depth}
      - {type: add, inputs: [stochastic_depth, input], name: add}
layers:
  - {block: cn, name: features.1}
"""


def _json(path: Path, *options: str) -> dict[str, Any]:
    done = cli(str(path), "--format", "json", *options)
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def _one(write_spec: Any, layer: str, shape: str = "[96, 56, 56]") -> Path:
    path: Path = write_spec(f"input: {shape}\nlayers:\n  - {layer}\n")
    return path


def test_permute_reorders_the_axes_as_torch_permute_with_the_batch_axis(write_spec) -> None:
    # N×96×56×56 permuted (0, 2, 3, 1) is N×56×56×96; (0, 3, 1, 2) of N×56×56×96 is N×96×56×56.
    layer = _json(_one(write_spec, "{type: permute, dims: [0, 2, 3, 1]}"))["layers"][0]
    assert (layer["type"], layer["output_shape"], layer["params"], layer["macs"]) == (
        "permute",
        [56, 56, 96],
        0,
        0,
    )
    back = _json(_one(write_spec, "{type: Permute, permutation: [0, 3, 1, 2]}", "[56, 56, 96]"))["layers"][0]
    assert back["output_shape"] == [96, 56, 56]
    # torch counts a negative axis from the end: (0, -1, 1, 2) of N×56×56×96 is N×96×56×56.
    negative = _json(_one(write_spec, "{type: permute, dims: [0, -1, 1, 2]}", "[56, 56, 96]"))["layers"][0]
    assert negative["output_shape"] == [96, 56, 56]
    three_d = _json(_one(write_spec, "{type: permute, dims: [0, 2, 3, 4, 1]}", "[8, 4, 5, 6]"))["layers"][0]
    assert three_d["output_shape"] == [4, 5, 6, 8]


def test_the_convnext_block_by_hand(write_spec) -> None:
    result = _json(write_spec(CNBLOCK))
    layers = {layer["name"]: layer for layer in result["layers"]}
    # 96·7·7 + 96; 0; 2·96; (96 + 1)·384; 0; (384 + 1)·96; 0; 96 (the copy's own γ).
    assert {name: layer["params"] for name, layer in layers.items()} == {
        "features.1.block.0": 4800,
        "features.1.block.1": 0,
        "features.1.block.2": 192,
        "features.1.block.3": 37248,
        "features.1.block.4": 0,
        "features.1.block.5": 36960,
        "features.1.block.6": 0,
        "features.1": 96,
        "features.1.stochastic_depth": 0,
        "features.1.add": 0,
    }
    assert layers["features.1.block.1"]["output_shape"] == [56, 56, 96]
    assert layers["features.1.block.3"]["output_shape"] == [56, 56, 384]
    assert layers["features.1"]["output_shape"] == [96, 56, 56]
    # nn.Linear on H×W×C: H·W·C_in·C_out = 56·56·96·384 each; the depthwise 96·56·56·7·7.
    assert layers["features.1.block.3"]["macs"] == layers["features.1.block.5"]["macs"] == 115605504
    assert result["total_macs"] == 14751744 + 2 * 115605504
    assert result["total_params"] == 79296


def test_the_receptive_field_follows_the_spatial_axes_through_a_permute(write_spec) -> None:
    block = _json(write_spec(CNBLOCK), "--rf")["layers"]
    # The 7×7 depthwise conv: 7; the permutes, layer norm and Linear layers on the last axis
    # (the channels) see one position each: still 7 at every layer after it.
    assert {tuple(layer["receptive_field"]["size"]) for layer in block} == {(7, 7)}
    # H and W swapped (C×W×H), then a 3×1 kernel slides along the tensor's axis 1, which is W:
    # W's field grows to 3, H's stays 1; swapped back, the field is still H 1, W 3.
    swapped = write_spec(
        "input: [4, 16, 16]\nlayers:\n  - {type: permute, dims: [0, 1, 3, 2]}\n"
        "  - {type: depthwise_conv, kernel: [3, 1], padding: [1, 0]}\n"
        "  - {type: permute, dims: [0, 1, 3, 2]}\n",
        "swapped.yaml",
    )
    sizes = [layer["receptive_field"]["size"] for layer in _json(swapped, "--rf")["layers"]]
    assert sizes == [[1, 1], [1, 3], [1, 3]]


def test_a_layer_that_reads_a_moved_spatial_axis_as_channels_is_not_followed(write_spec) -> None:
    # On C×H×W permuted to H×W×C a conv takes H as its channels (as nn.Conv2d would): each output
    # sees every row, which the field per axis cannot say; no field is claimed from there on.
    path = write_spec(
        "input: [4, 16, 16]\nlayers:\n  - {type: permute, dims: [0, 2, 3, 1]}\n"
        "  - {type: conv, filters: 8, kernel: 3, padding: 1}\n  - {type: relu}\n"
    )
    fields = [layer["receptive_field"] for layer in _json(path, "--rf")["layers"]]
    assert fields[0]["size"] == [1, 1]
    assert fields[1] is None and fields[2] is None


def test_a_dense_on_a_permuted_map_without_a_reading_is_never_silent(write_spec) -> None:
    path = write_spec(
        "input: [96, 7, 7]\nlayers:\n  - {type: permute, dims: [0, 2, 3, 1]}\n  - {type: linear, units: 8}\n"
    )
    done = cli(str(path))
    assert done.returncode == 0
    # The map is 7×7×96 now: per position on its first axis (7) by default, flagged with the
    # other readings: nn.Linear on the last axis is (96 + 1)·8 = 776.
    assert "last axis 776" in done.stdout


def _explain(path: Path, lang: str) -> str:
    done = cli(str(path), "--explain", "--lang", lang)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("convention", ["", "convention: pytorch\n"])
def test_the_working_names_the_channels_a_permute_moved_last(write_spec, convention: str) -> None:
    # ConvNeXt's block: 96×56×56 → permute → H×W×C = 56×56×96; nn.Linear(96, 384) reads the last
    # axis, C: params = (C + 1)·units = (96 + 1)·384 = 37,248; then (384 + 1)·96 = 36,960.
    # Under convention: pytorch the Linear layers say no reading: nn.Linear's own, the same.
    spec = CNBLOCK if not convention else convention + CNBLOCK.replace(", reading: last_axis", "")
    path = write_spec(spec)
    english, korean = _explain(path, "en"), _explain(path, "ko")
    assert "   params = (C + 1)·units = (96 + 1)·384 = 37,248\n" in english
    assert "   params = (C + 1)·units = (384 + 1)·96 = 36,960\n" in english
    assert "   파라미터 개수 = (C + 1)·units = (96 + 1)·384 = 37,248\n" in korean
    assert "   파라미터 개수 = (C + 1)·units = (384 + 1)·96 = 36,960\n" in korean
    assert "(W + 1)" not in english + korean
    # Without a permute the last axis of 96×56×56 is W: (56 + 1)·384 = 21,888.
    plain = _one(write_spec, "{type: linear, units: 384, reading: last_axis}")
    assert "   params = (W + 1)·units = (56 + 1)·384 = 21,888\n" in _explain(plain, "en")


def test_the_working_names_each_axis_where_a_permute_put_it(write_spec) -> None:
    # 96×7×7 → H×W×C = 7×7×96. A layer norm over its first axis: 2·H = 2·7 = 14. Flattened:
    # (H·W·C + 1)·8 = (7·7·96 + 1)·8 = 37,640.
    path = write_spec(
        "input: [96, 7, 7]\nlayers:\n  - {type: permute, dims: [0, 2, 3, 1]}\n"
        "  - {type: layernorm, over: channels}\n  - {type: linear, units: 8, reading: flatten}\n"
    )
    english, korean = _explain(path, "en"), _explain(path, "ko")
    assert (
        "   params = 2·H = 2·7 = 14 (over the H axis at each position, put first by a permute)\n" in english
    )
    assert "   params = (H·W·C + 1)·units = (7·7·96 + 1)·8 = 37,640\n" in english
    assert "   파라미터 개수 = 2·H = 2·7 = 14 (permute가 맨 앞에 둔 H 축에 대해 위치마다)\n" in korean
    assert "   파라미터 개수 = (H·W·C + 1)·units = (7·7·96 + 1)·8 = 37,640\n" in korean
    # A 1-D map: C×N = 16×8 → N×C = 8×16; nn.Linear on the last axis, C: (16 + 1)·10 = 170.
    line = write_spec(
        "input: [16, 8]\nlayers:\n  - {type: permute, dims: [0, 2, 1]}\n"
        "  - {type: linear, units: 10, reading: last_axis}\n",
        "line.yaml",
    )
    assert "   params = (C + 1)·units = (16 + 1)·10 = 170\n" in _explain(line, "en")


def test_the_readings_of_a_dense_on_a_permuted_map_name_its_axes(write_spec) -> None:
    # 7×7×96 (H×W×C) read without a reading: flattened (H·W·C + 1)·8 = 37,640; per position on
    # its first axis (H + 1)·8 = (7 + 1)·8 = 64; on the last axis (C + 1)·8 = (96 + 1)·8 = 776.
    path = write_spec(
        "input: [96, 7, 7]\nlayers:\n  - {type: permute, dims: [0, 2, 3, 1]}\n  - {type: linear, units: 8}\n"
    )
    english, korean = _explain(path, "en"), _explain(path, "ko")
    for line in (
        "flattened first (the book's Affine): params = (H·W·C + 1)·units = (7·7·96 + 1)·8 = 37,640",
        "per position on the channels (Keras' Dense): params = (H + 1)·units = (7 + 1)·8 = 64",
        "on the last axis (PyTorch's nn.Linear): params = (C + 1)·units = (96 + 1)·8 = 776",
    ):
        assert f"     {line}\n" in english
    for line in (
        "먼저 평탄화 (책의 Affine): 파라미터 개수 = (H·W·C + 1)·units = (7·7·96 + 1)·8 = 37,640",
        "위치마다 채널에 (Keras의 Dense): 파라미터 개수 = (H + 1)·units = (7 + 1)·8 = 64",
        "마지막 축에 (PyTorch의 nn.Linear): 파라미터 개수 = (C + 1)·units = (96 + 1)·8 = 776",
    ):
        assert f"     {line}\n" in korean


@pytest.mark.parametrize(
    ("dims", "message", "hint"),
    [
        (
            "[1, 2, 0]",
            "dims [1, 2, 0] on 96×56×56 leaves out the batch axis: dims are written as torch.permute "
            "writes them, the batch axis (0) first",
            "the same order with the batch axis is dims: [0, 2, 3, 1]",
        ),
        (
            "[0, 1, 1, 2]",
            "dims [0, 1, 1, 2] is not an order of the 4 axes of N×96×56×56 (the batch axis and the "
            "input's): each of 0…4−1 once",
            "write each axis once, the batch axis first: [0, 1, 2, 3] keeps the order; torchvision's "
            "ConvNeXt moves the channels last with [0, 2, 3, 1]",
        ),
        (
            "[1, 0, 2, 3]",
            "dims [1, 0, 2, 3] moves the batch axis: cnncalc's shapes are per sample",
            "keep 0 first and order the other axes (for a transpose of the batch, there is no layer)",
        ),
    ],
)
def test_bad_dims_are_one_line_with_the_fix(write_spec, dims: str, message: str, hint: str) -> None:
    path = _one(write_spec, f"{{type: permute, dims: {dims}, name: p}}")
    done = cli(str(path))
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {path}:3: layer 1 (p), dims: {message} ({hint})"


def test_bad_dims_in_korean(write_spec) -> None:
    done = cli(str(_one(write_spec, "{type: permute, dims: [1, 2, 0]}")), "--lang", "ko")
    assert done.returncode == 2
    assert "배치 축이 빠졌다" in done.stderr and "dims: [0, 2, 3, 1]" in done.stderr


def test_the_working_in_both_languages(write_spec) -> None:
    path = str(_one(write_spec, "{type: permute, dims: [0, 2, 3, 1]}"))
    assert "torch.permute(x, (0, 2, 3, 1)): N×96×56×56 → N×56×56×96" in cli(path, "--explain").stdout
    korean = cli(path, "--explain", "--lang", "ko").stdout
    assert "torch.permute(x, (0, 2, 3, 1)): N×96×56×56 → N×56×56×96; 축의 순서만 바뀐다" in korean


def test_a_layer_named_dot_takes_the_copys_own_name(write_spec) -> None:
    # torchvision's CNBlock owns layer_scale: named_parameters() says features.1.0.layer_scale, so
    # its parameters are the module features.1.0's, beside its children features.1.0.block.*.
    spec = CNBLOCK.replace("name: features.1}", "name: features.1, repeat: 2}")
    names = [layer["name"] for layer in _json(write_spec(spec))["layers"]]
    assert names[6:9] == ["features.1.0.block.6", "features.1.0", "features.1.0.stochastic_depth"]
    assert names[16:18] == ["features.1.1.block.6", "features.1.1"]


def test_two_layers_named_dot_in_one_block_are_the_duplicate_name_error(write_spec) -> None:
    spec = (
        "input: [4, 8, 8]\nblocks:\n  b:\n    layers:\n      - {type: scale, name: .}\n"
        "      - {type: scale, name: .}\nlayers:\n  - {block: b, name: x}\n"
    )
    done = cli(str(write_spec(spec)))
    assert done.returncode == 2
    assert "name '.' is already used in block 'b'" in done.stderr


def test_it_exports_to_torch_and_keras_and_draws(write_spec) -> None:
    path = str(_one(write_spec, "{type: permute, dims: [0, 2, 3, 1], name: block.1}"))
    assert "x = x.permute(0, 2, 3, 1)" in cli("export", path, "--to", "pytorch").stdout
    # Keras' tensor is channels-last (H×W×C); cnncalc's 56×56×96 is Keras' 56×96×56 (its first
    # axis last): Permute((2, 3, 1)), 1-based, without the batch axis.
    assert "layers.Permute((2, 3, 1), name='block_1')(x)" in cli("export", path, "--to", "keras").stdout
    assert "permute (0, 2, 3, 1)" in cli("draw", path).stdout
    # nn.Linear on the last axis has no Keras layer of the same arithmetic: refused, one line.
    done = cli("export", str(write_spec(CNBLOCK, "block.yaml")), "--to", "keras")
    assert done.returncode == 2
    assert "layer 4 (features.1.block.3), reading:" in done.stderr


TORCHVISION = r"""
import json, sys, types
sys.modules["torchvision._meta_registrations"] = types.ModuleType("torchvision._meta_registrations")
from functools import partial
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode
from torchvision.models.convnext import CNBlock
block = CNBlock(96, 1e-6, 0.0, partial(nn.LayerNorm, eps=1e-6)).eval()
shapes = {}
for name, module in block.named_modules():
    if name and not list(module.children()):
        module.register_forward_hook(lambda m, i, o, name=name: shapes.__setitem__(name, list(o.shape[1:])))
with torch.no_grad(), FlopCounterMode(display=False) as flops:
    out = block(torch.zeros(1, 96, 56, 56))
own = {name: sum(p.numel() for p in m.parameters(recurse=False)) for name, m in block.named_modules()}
print(json.dumps({"params": sum(p.numel() for p in block.parameters()), "shape": list(out.shape[1:]),
                  "macs": flops.get_total_flops() // 2, "shapes": shapes,
                  "own": {name: n for name, n in own.items() if n}}))
"""


def test_the_convnext_block_against_torchvision(write_spec) -> None:
    says = torchvision_says(TORCHVISION)
    result = _json(write_spec(CNBLOCK))
    assert (result["total_params"], result["total_macs"]) == (says["params"], says["macs"])
    layers = {layer["name"].removeprefix("features.1."): layer for layer in result["layers"]}
    for name, shape in says["shapes"].items():  # block.0 … block.6, every leaf module
        assert layers[name]["output_shape"] == shape, name
    # The block's own parameter (layer_scale: '') and each child's, as named_modules() holds them.
    mine = {("" if name == "features.1" else name): layer["params"] for name, layer in layers.items()}
    assert {name: n for name, n in mine.items() if n} == says["own"]


SAME_ORDER = r"""
import runpy, sys, numpy as np, torch
model = runpy.run_path(sys.argv[1])["model"]
x = np.random.rand(1, 3, 4, 5).astype("float32")
expected = torch.permute(torch.tensor(x), (0, 2, 3, 1)).numpy()  # N×4×5×3
got = model(np.transpose(x, (0, 2, 3, 1)))  # Keras reads N×H×W×C
got = got.detach().cpu().numpy() if hasattr(got, "detach") else np.asarray(got)
# cnncalc's 4×5×3 is Keras' 5×3×4 (its first axis last)
print(bool(np.array_equal(got, np.transpose(expected, (0, 2, 3, 1)))))
"""


def test_the_keras_permute_reorders_as_torch_does(write_spec, tmp_path: Path) -> None:
    here = find_spec("keras") and find_spec("torch")
    python = sys.executable if here else os.environ.get("CNNCALC_KERAS_PYTHON")
    if not python or not Path(python).exists():
        pytest.skip("keras is not installed here (set CNNCALC_KERAS_PYTHON to a python that has it)")
    spec = _one(write_spec, "{type: permute, dims: [0, 2, 3, 1], name: p}", "[3, 4, 5]")
    code = tmp_path / "permute_keras.py"
    code.write_text(cli("export", str(spec), "--to", "keras").stdout, encoding="utf-8")
    env = {**os.environ, "KERAS_BACKEND": "torch"}
    run = subprocess.run(
        [python, "-c", SAME_ORDER, str(code)], capture_output=True, text=True, timeout=300, env=env
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "True"


# Two CNBlocks after a 4×4 stride-4 stem: the field by hand is 4 + 2·(7 − 1)·4 = 52. The gradient
# of one output position (all channels) with respect to the input is non-zero on 52×52 pixels.
GRADIENT = r"""
import json, sys, types
sys.modules["torchvision._meta_registrations"] = types.ModuleType("torchvision._meta_registrations")
from functools import partial
import torch
from torch import nn
from torchvision.models.convnext import CNBlock
torch.manual_seed(0)
norm = partial(nn.LayerNorm, eps=1e-6)
net = nn.Sequential(nn.Conv2d(3, 16, 4, 4), CNBlock(16, 1.0, 0.0, norm), CNBlock(16, 1.0, 0.0, norm)).eval()
x = torch.randn(1, 3, 256, 256, requires_grad=True)
net(x)[0, :, 32, 32].sum().backward()
seen = x.grad[0].abs().sum(0) > 0
rows, cols = seen.any(1).nonzero().flatten(), seen.any(0).nonzero().flatten()
print(json.dumps([int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)]))
"""

GRADIENT_SPEC = """
input: [3, 256, 256]
blocks:
  cn:
    layers:
      - {type: depthwise_conv, kernel: 7, padding: 3, name: block.0}
      - {type: permute, dims: [0, 2, 3, 1], name: block.1}
      - {type: layernorm, normalized_shape: 16, eps: 1.0e-6, name: block.2}
      - {type: linear, units: 64, reading: last_axis, name: block.3}
      - {type: gelu, name: block.4}
      - {type: linear, units: 16, reading: last_axis, name: block.5}
      - {type: permute, dims: [0, 3, 1, 2], name: block.6}
      - {type: scale, name: .}
      - {type: add, inputs: [., input], name: add}
layers:
  - {type: conv2d, filters: 16, kernel: 4, stride: 4}
  - {block: cn, name: features, repeat: 2}
"""


def test_the_field_through_convnext_blocks_is_what_a_gradient_measures(write_spec) -> None:
    layers = _json(write_spec(GRADIENT_SPEC), "--rf")["layers"]
    assert layers[-1]["receptive_field"]["size"] == [52, 52]  # 4 + 2·6·4, by hand
    assert torchvision_says(GRADIENT) == [52, 52]
