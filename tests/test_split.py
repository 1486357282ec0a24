"""``split`` / ``chunk``: one input split on the channels into parts that later layers take by
name. Expected numbers are worked by hand from torch.chunk's and torch.split's documentation
(``torch.chunk``: ⌈C/n⌉ channels a part, the last what is left, so possibly fewer than n parts)
and torchvision's ShuffleNetV2 ``InvertedResidual``; with torch (here, or at
``CNNCALC_TORCH_PYTHON``) torchvision's own module is counted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from tests.conftest import run_cli as cli

# torchvision.models.shufflenetv2.InvertedResidual(inp, oup, stride) as one block: at stride 1 the
# input is chunked and branch1 is the identity; at stride 2 both branches read the whole input.
UNIT = """
input: [24, 28, 28]
blocks:
  unit:
    params: {stride: 1, chunked: true, branch1: false, half: 58}
    layers:
      - {type: chunk, chunks: 2, outputs: [x1, x2], name: split, when: "${chunked}"}
      - {type: depthwise_conv, kernel: 3, stride: "${stride}", padding: 1, bias: false, inputs: [x1],
         name: branch1.0, when: "${branch1}"}
      - {type: batchnorm, name: branch1.1, when: "${branch1}"}
      - {type: conv, filters: "${half}", kernel: 1, bias: false, name: branch1.2, when: "${branch1}"}
      - {type: batchnorm, name: branch1.3, when: "${branch1}"}
      - {type: relu, name: branch1.4, when: "${branch1}"}
      - {type: conv, filters: "${half}", kernel: 1, bias: false, inputs: [x2], name: branch2.0}
      - {type: batchnorm, name: branch2.1}
      - {type: relu, name: branch2.2}
      - {type: depthwise_conv, kernel: 3, stride: "${stride}", padding: 1, bias: false, name: branch2.3}
      - {type: batchnorm, name: branch2.4}
      - {type: conv, filters: "${half}", kernel: 1, bias: false, name: branch2.5}
      - {type: batchnorm, name: branch2.6}
      - {type: relu, name: branch2.7}
      - {type: concat, inputs: [branch1.4, branch2.7], name: cat}
      - {type: channel_shuffle, groups: 2, name: shuffle}
layers:
  - {block: unit, stride: 2, chunked: false, branch1: true, name: down}
  - {block: unit, name: same}
"""


def _json(path: Path, *options: str) -> dict:
    done = cli(str(path), "--format", "json", *options)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _layer(network: dict, name: str) -> dict:
    return next(layer for layer in network["layers"] if layer["name"] == name)


def test_a_chunk_makes_named_parts_that_later_layers_take(write_spec) -> None:
    network = _json(write_spec(UNIT))
    split = _layer(network, "same.split")
    assert split["type"] == "split"
    assert split["outputs"] == ["same.x1", "same.x2"]  # local names, expanded as every layer's
    assert split["output_shapes"] == [[58, 14, 14], [58, 14, 14]]  # ⌈116/2⌉ = 58, twice
    assert split["output_shape"] == split["output_shapes"][0]  # output_shape: the first part
    assert split["activation_elements"] == 116 * 14 * 14  # every part's elements
    assert _layer(network, "same.branch2.0")["inputs"] == ["same.x2"]
    assert _layer(network, "same.cat")["inputs"] == ["same.x1", "same.branch2.7"]
    assert (split["params"], split["macs"]) == (0, 0)


def test_a_dropped_split_means_its_input_for_every_part(write_spec) -> None:
    network = _json(write_spec(UNIT))
    assert not any(layer["name"] == "down.split" for layer in network["layers"])
    assert _layer(network, "down.branch1.0")["inputs"] == ["input"]
    assert _layer(network, "down.branch2.0")["inputs"] == ["input"]


def test_shufflenet_units_count_as_torchvision(write_spec) -> None:
    network = _json(write_spec(UNIT))
    down = [layer for layer in network["layers"] if layer["name"].startswith("down.")]
    same = [layer for layer in network["layers"] if layer["name"].startswith("same.")]
    # InvertedResidual(24, 116, 2): branch1 dw 24·9 = 216, bn 48, 1×1 24·58 = 1,392, bn 116;
    # branch2 1×1 1,392, bn 116, dw 58·9 = 522, bn 116, 1×1 58·58 = 3,364, bn 116: 7,398.
    assert sum(layer["trainable_params"] for layer in down) == 7_398
    # InvertedResidual(116, 116, 1): branch2 only, 3,364 + 116 + 522 + 116 + 3,364 + 116 = 7,598.
    assert sum(layer["trainable_params"] for layer in same) == 7_598
    assert network["output_shape"] == [116, 14, 14]


def test_sizes_split_as_torch_split(write_spec) -> None:
    text = """
input: [10, 4, 4]
layers:
  - {type: split, sizes: [3, 7], name: s}
  - {type: concat, inputs: [s.1, s.0]}
"""
    network = _json(write_spec(text))
    assert network["layers"][0]["outputs"] == ["s.0", "s.1"]  # unnamed parts: <name>.0, <name>.1
    assert network["layers"][0]["output_shapes"] == [[3, 4, 4], [7, 4, 4]]
    assert network["layers"][1]["input_shapes"] == [[7, 4, 4], [3, 4, 4]]
    assert "C = C1 + C2 = 3 + 7 = 10" in cli(str(write_spec(text)), "--explain").stdout


def test_an_uneven_chunk_is_torchs_and_noted(write_spec) -> None:
    text = "input: [5, 4, 4]\nlayers:\n  - {type: chunk, chunks: 2, name: c}\n"
    split = _json(write_spec(text))["layers"][0]
    assert split["output_shapes"] == [[3, 4, 4], [2, 4, 4]]  # ⌈5/2⌉ = 3, then the 2 left
    assert [note["kind"] for note in split["notes"]] == ["chunk_uneven", "split_parts"]
    english = cli(str(write_spec(text)), "--explain").stdout
    assert "part = ⌈C/n⌉ = ⌈5/2⌉ = 3 channels (the last: what is left)" in english
    assert "torch.chunk gives 3 a part and the last 2" in english
    assert "부분 = ⌈C/n⌉ = ⌈5/2⌉ = 채널 3개" in cli(str(write_spec(text)), "--explain", "--lang", "ko").stdout


def test_a_chunk_torch_would_give_fewer_parts_is_an_error(write_spec) -> None:
    # torch.chunk(x, 4, dim=1) on 5 channels: ⌈5/4⌉ = 2 a part → 2 + 2 + 1, three parts.
    path = str(write_spec("input: [5, 4, 4]\nlayers:\n  - {type: chunk, chunks: 4, name: c}\n"))
    done = cli(path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"error: {path}:3: layer 1 (c), chunks: torch.chunk splits C = 5 into parts of ⌈5/4⌉ = 2 "
        "channels, the last what is left: 2 + 2 + 1, 3 parts, not 4 (choose chunks that divide 5, "
        "or give each part's channels with sizes: [...])"
    )
    assert "torch.chunk는 C = 5를" in cli(path, "--lang", "ko").stderr  # 오를


def test_sizes_that_do_not_add_up_are_an_error_with_the_fix(write_spec) -> None:
    path = str(write_spec("input: [10, 4, 4]\nlayers:\n  - {type: split, sizes: [3, 5], name: s}\n"))
    done = cli(path)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"error: {path}:3: layer 1 (s), sizes: sizes 3 + 5 = 8 do not add up to the input's 10 "
        "channels (torch.split needs sizes that sum to C = 10: for instance [3, 7])"
    )


def test_the_split_itself_names_no_output(write_spec) -> None:
    text = """
input: [4, 4, 4]
layers:
  - {type: chunk, chunks: 2, name: halves}
  - {type: relu, name: after}
  - {type: relu, inputs: [halves], name: named}
"""
    path = str(write_spec(text))
    done = cli(path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines[0] == (
        f"error: {path}:5: layer 2 (after), inputs: 'halves' is split into 2 parts (halves.0, "
        "halves.1): a layer takes one of them by name (name the part in inputs, such as inputs: "
        "[halves.0])"
    )
    assert lines[1].startswith(f"error: {path}:6: layer 3 (named), inputs: 'halves' is split")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("chunks: 2, sizes: [2, 2]", "exactly one of them"),
        ("", "exactly one of them"),
        ("chunks: 2, outputs: [a, b, c]", "outputs names 3 parts but the split makes 2"),
        ("chunks: 2, outputs: [a, a]", "outputs names a part twice"),
        ("chunks: 1", "must be ≥ 2"),
    ],
)
def test_a_split_written_wrong_is_one_line(write_spec, fields: str, message: str) -> None:
    layer = f"{{type: split, {fields}}}".replace(", }", "}")
    done = cli(str(write_spec(f"input: [4, 4, 4]\nlayers:\n  - {layer}\n")))
    assert done.returncode == 2
    assert message in done.stderr


def test_a_part_named_as_a_layer_is_an_error(write_spec) -> None:
    text = """
input: [4, 4, 4]
layers:
  - {type: conv, filters: 4, kernel: 1, name: x1}
  - {type: chunk, chunks: 2, outputs: [x1, x2], name: s}
  - {type: concat, inputs: [x2, x1]}
"""
    done = cli(str(write_spec(text)))
    assert done.returncode == 2
    assert "the split's part 'x1' has the name of a layer" in done.stderr


def test_folding_a_block_keeps_parts_inside(write_spec) -> None:
    csv = cli(str(write_spec(UNIT)), "--format", "csv", "--depth", "0").stdout.splitlines()
    same = next(row for row in csv if ",same," in row)
    assert ",down," in "\n".join(csv)
    assert "same.x1" not in same and "same.x2" not in same  # its own parts are not its inputs


def test_it_exports_to_torch_chunk_and_keras_split(write_spec) -> None:
    path = str(write_spec(UNIT))
    torch_code = cli("export", path, "--to", "pytorch").stdout
    assert "same_x1, same_x2 = torch.chunk(down_shuffle, 2, dim=1)" in torch_code
    keras = cli("export", path, "--to", "keras").stdout
    assert "same_x1, same_x2 = keras.ops.split(down_shuffle, [58], axis=-1)" in keras
    sizes = write_spec("input: [10, 4, 4]\nlayers:\n  - {type: split, sizes: [3, 7], name: s}\n"
                       "  - {type: concat, inputs: [s.1, s.0]}\n", "sizes.yaml")  # fmt: skip
    assert "s_0, s_1 = torch.split(x, [3, 7], dim=1)" in cli("export", str(sizes), "--to", "pytorch").stdout


# --- against torchvision ------------------------------------------------------------------------

COUNT = r"""
import json, sys, types
sys.modules["torchvision._meta_registrations"] = types.ModuleType("stub")
import torch
from torchvision.models.shufflenetv2 import InvertedResidual
units = [InvertedResidual(24, 116, 2), InvertedResidual(116, 116, 1)]
x = torch.zeros(1, 24, 28, 28)
counts = []
for unit in units:
    x = unit.eval()(x)
    buffers = sum(b.numel() for n, b in unit.named_buffers() if not n.endswith("num_batches_tracked"))
    counts.append([sum(p.numel() for p in unit.parameters()), buffers])
print(json.dumps({"counts": counts, "shape": list(x.shape[1:])}))
"""


def test_torchvisions_inverted_residuals_agree(write_spec) -> None:
    python = sys.executable if find_spec("torchvision") else os.environ.get("CNNCALC_TORCH_PYTHON")
    if not python or not Path(python).exists():
        pytest.skip("torchvision is not installed here (set CNNCALC_TORCH_PYTHON to a python that has it)")
    run = subprocess.run([python, "-c", COUNT], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    torch_says = json.loads(run.stdout.strip().splitlines()[-1])
    network = _json(write_spec(UNIT))
    for prefix, (params, buffers) in zip(("down.", "same."), torch_says["counts"], strict=True):
        layers = [layer for layer in network["layers"] if layer["name"].startswith(prefix)]
        assert sum(layer["trainable_params"] for layer in layers) == params
        assert sum(layer["non_trainable_params"] for layer in layers) == buffers
    assert torch_says["shape"] == network["output_shape"]


def test_a_diagram_draws_the_parts_as_the_splits(write_spec) -> None:
    path = str(write_spec(UNIT))
    for options in ((), ("--depth", "0")):
        done = cli("draw", path, *options)
        assert done.returncode == 0, done.stderr
        assert "<svg" in done.stdout
    assert "same.split" in cli("draw", path).stdout


def test_part_names_reach_generated_code_only_as_identifiers(write_spec) -> None:
    import ast

    text = """
input: [4, 8, 8]
layers:
  - {type: chunk, chunks: 2, outputs: ["x", "class"], name: "self"}
  - {type: concat, inputs: ["class", "x"], name: "torch"}
"""
    path = str(write_spec(text))
    torch_code = cli("export", path, "--to", "pytorch").stdout
    ast.parse(torch_code)
    assert "x_2, class_ = torch.chunk(x, 2, dim=1)" in torch_code  # x is the input; class a keyword
    assert "torch_2 = torch.cat([class_, x_2], dim=1)" in torch_code
    ast.parse(cli("export", path, "--to", "keras").stdout)
