"""``layernorm``, ``groupnorm``, ``instancenorm``: parameters by each framework's defaults.

Expected numbers are worked by hand from the frameworks' documentation: nn.LayerNorm has γ and β
of ``normalized_shape`` (2·∏normalized_shape; ``elementwise_affine=False``: 0; ``bias=False``: γ
only); Keras' LayerNormalization() normalises the last axis, on H×W×C the channels (2·C);
nn.GroupNorm and Keras' GroupNormalization 2·C (affine / center and scale), no running
statistics; nn.InstanceNorm2d's defaults are ``affine=False``, ``track_running_stats=False``: 0.
Keras' own counts are checked live below (``count_params()``), with KERAS_BACKEND=torch.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from cnncalc.engine.calculator import calculate
from cnncalc.render.export import render_keras, render_pytorch
from cnncalc.spec.validate import load_spec
from tests.conftest import run_cli as cli


def one(write_spec, input_shape: str, layer: str, *options: str) -> dict:
    done = cli(str(write_spec(f"input: {input_shape}\nlayers:\n  - {layer}\n")), "--format", "json", *options)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["layers"][0]


@pytest.mark.parametrize(
    ("layer", "params"),
    [
        ("{type: layernorm, over: channels}", 192),  # 2·C, C = 96 (ConvNeXt's LayerNorm2d)
        ("{type: LayerNorm2d}", 192),
        ("{type: LayerNormalization}", 192),  # Keras' default axis=-1 on H×W×C
        ("{type: LayerNorm, normalized_shape: [7, 7]}", 98),  # 2·7·7
        ("{type: LayerNorm, normalized_shape: [96, 7, 7]}", 9408),  # 2·96·7·7
        ("{type: LayerNorm, normalized_shape: 7, bias: false}", 7),  # γ only
        ("{type: LayerNorm, normalized_shape: 7, elementwise_affine: false}", 0),
        ("{type: layernorm, over: channels, bias: false}", 96),
    ],
)
def test_layer_norm_parameters(write_spec, layer: str, params: int) -> None:
    counted = one(write_spec, "[96, 7, 7]", layer)
    assert (counted["params"], counted["trainable_params"], counted["macs"]) == (params, params, 0)
    assert counted["output_shape"] == [96, 7, 7]


def test_layer_norm_with_no_field_on_a_map_is_flagged_with_both_counts(write_spec) -> None:
    path = str(write_spec("input: [96, 7, 7]\nlayers:\n  - {type: LayerNorm}\n"))
    done = cli(path, "--format", "json")
    layer = json.loads(done.stdout)["layers"][0]
    assert layer["params"] == 192  # Keras' default, the channels
    (warning,) = layer["warnings"]
    assert "computed over the channels at each position, as Keras' LayerNormalization()" in warning["message"]
    assert "over [96, 7, 7] it would be 9,408" in warning["message"]
    assert cli(path, "--strict").returncode == 1
    # Keras' own default, so a note; PyTorch has none, so an error naming both fixes.
    keras = json.loads(cli(path, "--format", "json", "--convention", "keras").stdout)["layers"][0]
    assert (
        keras["warnings"] == []
        and "Keras' LayerNormalization() normalises the last axis" in keras["notes"][-1]["message"]
    )
    torch = cli(path, "--convention", "pytorch")
    assert torch.returncode == 2
    assert "nn.LayerNorm needs normalized_shape" in torch.stderr
    assert (
        "over: channels for the channels at each position (ConvNeXt's LayerNorm2d, 192 parameters)"
        in torch.stderr
    )
    # On a flat vector there is one meaning: the features.
    flat = "input: [4, 5, 5]\nlayers:\n  - {type: flatten}\n  - {type: LayerNorm}\n"
    after_flatten = json.loads(cli(str(write_spec(flat, "flat.yaml")), "--format", "json").stdout)["layers"][
        1
    ]
    assert (after_flatten["params"], after_flatten["warnings"]) == (200, [])  # 2·100


@pytest.mark.parametrize(
    ("layer", "field", "words"),
    [
        (
            "{type: layernorm, over: channels, normalized_shape: 7}",
            "normalized_shape",
            "over: channels and normalized_shape are two different",
        ),
        (
            "{type: LayerNorm, normalized_shape: [7, 96]}",
            "normalized_shape",
            "normalized_shape 7×96 is not the last axes of the input 96×7×7",
        ),
        ("{type: groupnorm, groups: 5}", "groups", "96 channels cannot be split into 5 groups"),
    ],
)
def test_bad_norms_are_one_clear_error(write_spec, layer: str, field: str, words: str) -> None:
    path = str(write_spec(f"input: [96, 7, 7]\nlayers:\n  - {layer}\n"))
    done = cli(path)
    assert done.returncode == 2, done.stdout
    assert f"layer 1 ({layer.split()[1].rstrip(',').lower()}_1), {field}: {words}" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_group_norm_hint_names_the_nearest_divisors(write_spec) -> None:
    path = str(write_spec("input: [96, 7, 7]\nlayers:\n  - {type: groupnorm, groups: 5}\n"))
    assert "(choose groups that divide the channels, such as 4 or 6)" in cli(path).stderr
    assert "채널 96개는 5개 그룹으로 나눌 수 없다" in cli(path, "--lang", "ko").stderr


def test_group_and_instance_norm_parameters(write_spec) -> None:
    assert one(write_spec, "[64, 8, 8]", "{type: GroupNorm, num_groups: 32}")["params"] == 128
    assert one(write_spec, "[64, 8, 8]", "{type: groupnorm, groups: 8, affine: false}")["params"] == 0
    assert one(write_spec, "[64, 8, 8]", "{type: InstanceNorm2d}")["params"] == 0  # PyTorch's default
    assert one(write_spec, "[64, 8, 8]", "{type: instancenorm, affine: true}")["params"] == 128


def test_instance_norm_running_statistics_are_counted_as_batch_norms_are(write_spec) -> None:
    layer = "{type: instancenorm, affine: true, track_running_stats: true}"
    plain = one(write_spec, "[64, 8, 8]", layer)
    assert (plain["params"], plain["trainable_params"]) == (256, 128)  # 2·C running mean, variance
    torch = one(write_spec, "[64, 8, 8]", layer, "--convention", "pytorch")
    assert (torch["params"], torch["buffers"]) == (128, 128)
    assert "PyTorch counts 128 parameters and 2·C = 128 buffers" in torch["notes"][-1]["message"]


def test_a_norm_sees_every_position_it_takes_statistics_over(write_spec) -> None:
    # Measured with torch: one output of GroupNorm/InstanceNorm2d has a gradient at all 8×8
    # positions; of a layer norm over the channels, at its own position only.
    for layer in (
        "{type: groupnorm, groups: 2}",
        "{type: instancenorm}",
        "{type: layernorm, normalized_shape: [8, 8]}",
    ):
        assert one(write_spec, "[4, 8, 8]", layer, "--rf")["receptive_field"]["size"] == [8, 8]
    assert one(write_spec, "[4, 8, 8]", "{type: layernorm, over: channels}", "--rf")["receptive_field"][
        "size"
    ] == [1, 1]


def test_the_working_in_both_languages(write_spec) -> None:
    text = (
        "input: [96, 7, 7]\nlayers:\n  - {type: LayerNorm2d}\n"
        "  - {type: LayerNorm, normalized_shape: [7, 7]}\n  - {type: GroupNorm, groups: 8}\n"
    )
    path = str(write_spec(text))
    english = cli(path, "--explain").stdout
    assert "params = 2·C = 2·96 = 192 (over the C channels at each position)" in english
    assert "params = 2·∏normalized_shape = 2·(7·7) = 98 (nn.LayerNorm over the last axes [7, 7])" in english
    assert "params = 2·C = 2·96 = 192 (γ, β)" in english
    korean = cli(path, "--explain", "--lang", "ko").stdout
    assert "파라미터 개수 = 2·C = 2·96 = 192 (위치마다 채널 C개에 대해)" in korean
    assert "마지막 축 [7, 7]에 대한 nn.LayerNorm" in korean


def _exported(write_spec, text: str) -> tuple[str, str]:
    spec, document = load_spec(write_spec(text))
    result = calculate(spec, document.stem)
    return render_pytorch(result), render_keras(result)


def test_export(write_spec) -> None:
    text = (
        "input: [32, 7, 7]\nlayers:\n  - {type: LayerNorm2d, eps: 1.0e-6}\n"
        "  - {type: LayerNorm, normalized_shape: [7, 7]}\n  - {type: groupnorm, groups: 8}\n"
        "  - {type: instancenorm, affine: true}\n"
    )
    torch_code, keras_code = _exported(write_spec, text)
    assert "PerPosition(nn.LayerNorm(32, eps=1e-06))" in torch_code
    assert "nn.LayerNorm((7, 7))" in torch_code
    assert "nn.GroupNorm(8, 32)" in torch_code
    assert "nn.InstanceNorm2d(32, affine=True)" in torch_code
    assert "layers.LayerNormalization(axis=-1, epsilon=1e-06" in keras_code
    assert "layers.LayerNormalization(axis=[1, 2], epsilon=1e-05" in keras_code  # H, W of H×W×C
    assert "layers.GroupNormalization(groups=8, epsilon=1e-05" in keras_code
    # Keras 3 has no InstanceNormalization: GroupNormalization with a group per channel is it.
    assert "layers.GroupNormalization(groups=32, epsilon=1e-05" in keras_code


def test_keras_refuses_running_statistics_of_an_instance_norm(write_spec) -> None:
    path = str(write_spec("input: [4, 8, 8]\nlayers:\n  - {type: instancenorm, track_running_stats: true}\n"))
    done = cli("export", path, "--to", "keras")
    assert done.returncode == 2
    assert (
        "track_running_stats: Keras has no layer for instance normalisation with running statistics"
        in done.stderr
    )


KERAS_COUNTS = r"""
import json, keras
from keras import layers
out = {}
for axis in (-1, [1, 2], [1, 2, 3]):
    norm = layers.LayerNormalization(axis=axis)
    norm.build((None, 7, 7, 96))
    out[f"layernorm {axis}"] = norm.count_params()
group = layers.GroupNormalization(groups=32)
group.build((None, 8, 8, 64))
out["groupnorm"] = group.count_params()
up = layers.UpSampling2D(size=(2, 3))
out["upsampling"] = list(up.compute_output_shape((None, 8, 8, 3)))[1:]
print(json.dumps(out))
"""


def test_keras_own_counts_agree(write_spec) -> None:
    python = os.environ.get("CNNCALC_KERAS_PYTHON")
    if not python:
        pytest.skip("set CNNCALC_KERAS_PYTHON (and KERAS_BACKEND) to a python that has keras")
    run = subprocess.run([python, "-c", KERAS_COUNTS], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    keras_says = json.loads(run.stdout.strip().splitlines()[-1])
    assert one(write_spec, "[96, 7, 7]", "{type: LayerNormalization}")["params"] == keras_says["layernorm -1"]
    assert (
        one(write_spec, "[96, 7, 7]", "{type: layernorm, normalized_shape: [7, 7]}")["params"]
        == keras_says["layernorm [1, 2]"]
    )
    assert (
        one(write_spec, "[96, 7, 7]", "{type: layernorm, normalized_shape: [96, 7, 7]}")["params"]
        == keras_says["layernorm [1, 2, 3]"]
    )
    assert (
        one(write_spec, "[64, 8, 8]", "{type: GroupNormalization, groups: 32}")["params"]
        == keras_says["groupnorm"]
    )
    shape = one(write_spec, "[3, 8, 8]", "{type: UpSampling2D, size: [2, 3]}")["output_shape"]
    assert [*shape[1:], shape[0]] == keras_says["upsampling"]


# Every new kind Keras can express, exported and run by Keras itself (and by PyTorch).
KERAS_EXPRESSIBLE = """
input: [6, 8, 8]
layers:
  - {type: conv, filters: 16, kernel: 3, padding: 1}
  - {type: LayerNorm2d, eps: 1.0e-6}
  - {type: LayerNorm, normalized_shape: [8, 8]}
  - {type: layernorm, normalized_shape: 8, bias: false}
  - {type: GroupNorm, num_groups: 4}
  - {type: instancenorm, affine: true}
  - {type: InstanceNorm2d}
  - {type: UpSampling2D, size: [2, 3], interpolation: bilinear}
  - {type: upsample, scale_factor: 2}
  - {type: flatten}
  - {type: LayerNormalization}
"""
KERAS_PROBE = (
    "import json, runpy, sys; m = runpy.run_path(sys.argv[1])['model']; "
    "print(json.dumps({'params': m.count_params(), 'shape': list(m.output_shape)[1:]}))"
)


def test_the_exported_keras_model_counts_as_cnncalc(write_spec, tmp_path) -> None:
    python = os.environ.get("CNNCALC_KERAS_PYTHON")
    if not python:
        pytest.skip("set CNNCALC_KERAS_PYTHON (and KERAS_BACKEND) to a python that has keras")
    spec, document = load_spec(write_spec(KERAS_EXPRESSIBLE))
    result = calculate(spec, document.stem)
    code = tmp_path / "model.py"
    code.write_text(render_keras(result), encoding="utf-8")
    run = subprocess.run([python, "-c", KERAS_PROBE, str(code)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    keras_says = json.loads(run.stdout.strip().splitlines()[-1])
    assert keras_says == {"params": result.total_params, "shape": [24576]}  # 50,264 by both


@pytest.mark.parametrize("given", ["[]", "[0]", "'7'", "[1, 2, 3, 4, 5]"])
def test_a_normalized_shape_that_is_not_sizes_is_one_line_in_both_languages(write_spec, given) -> None:
    path = str(write_spec(f"input: [3, 8, 8]\nlayers:\n  - {{type: layernorm, normalized_shape: {given}}}\n"))
    done = cli(path)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"error: {path}:3: layer 1, normalized_shape: must be a positive integer")
    assert "양의 정수이거나 그런 수 1~4개의" in cli(path, "--lang", "ko").stderr
