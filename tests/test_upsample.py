"""``upsample`` / ``interpolate`` (nn.Upsample, F.interpolate, Keras' UpSampling1D/2D/3D).

Expected numbers are worked by hand from PyTorch's documentation (output ⌊N·s⌋, in double
precision; ``size`` the output size) and Keras' (UpSampling2D(size=2): a factor). The receptive
fields were measured with torch (the gradient of one output with respect to the input: nearest
reads 1 input per axis, linear 2, bicubic 4); the live test below repeats that measurement.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from cnncalc.engine.calculator import calculate
from cnncalc.render.export import render_keras, render_pytorch
from cnncalc.spec.validate import load_spec
from tests.conftest import run_cli as cli


def layers_of(write_spec, text: str, *options: str) -> list[dict]:
    done = cli(str(write_spec(text)), "--format", "json", *options)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["layers"]


def one(write_spec, input_shape: str, layer: str, *options: str) -> dict:
    return layers_of(write_spec, f"input: {input_shape}\nlayers:\n  - {layer}\n", *options)[0]


@pytest.mark.parametrize(
    ("n", "factor", "expected"),
    [
        (8, 2, 16),
        (7, 1.5, 10),  # 10.5 floored
        (7, 0.5, 3),  # 3.5 floored
        (5, 2.5, 12),
        (100, 0.29, 28),  # 100·0.29 = 28.999999999999996 in double precision: PyTorch gives 28
    ],
)
def test_a_factor_gives_the_floor_of_n_times_s_as_pytorch(
    write_spec, n: int, factor: float, expected: int
) -> None:
    layer = one(write_spec, f"[3, {n}, {n}]", f"{{type: upsample, scale_factor: {factor}}}")
    assert layer["output_shape"] == [3, expected, expected]
    assert (layer["params"], layer["macs"]) == (0, 0)  # FlopCounterMode counts 0 for upsample_*


def test_the_double_product_below_a_whole_number_is_flagged_with_its_working(write_spec) -> None:
    path = str(write_spec("input: [2, 100]\nlayers:\n  - {type: upsample, scale_factor: 0.29}\n"))
    done = cli(path, "--explain")
    assert "O = ⌊N·s⌋ = ⌊100·0.29⌋ = ⌊28.999999999999996⌋ = 28" in done.stdout
    assert "⌊100·0.29⌋ is 28, not 29: PyTorch multiplies in floating point" in done.stdout
    assert cli(path, "--strict").returncode == 1  # a warning, so --strict fails


def test_pytorch_size_is_the_output_size_and_keras_size_the_factor(write_spec) -> None:
    torch_size = one(write_spec, "[3, 8, 8]", "{type: Upsample, size: [5, 20]}")
    assert torch_size["output_shape"] == [3, 5, 20]
    assert "size [5, 20] read as the output size" in torch_size["notes"][0]["message"]
    keras = one(write_spec, "[3, 8, 8]", "{type: UpSampling2D, size: [2, 3]}")
    assert keras["output_shape"] == [3, 16, 24]  # Keras' compute_output_shape: (None, 16, 24, 3)
    assert "size [2, 3] read as the factor, as Keras' UpSampling" in keras["notes"][0]["message"]
    # Keras' default size=(2, 2); and the reading can be chosen explicitly either way.
    assert one(write_spec, "[3, 8, 8]", "{type: UpSampling2D}")["output_shape"] == [3, 16, 16]
    chosen = one(write_spec, "[3, 8, 8]", "{type: upsample, size: 3, size_is: factor}")
    assert chosen["output_shape"] == [3, 24, 24]
    assert one(write_spec, "[3, 8, 8]", "{type: UpSampling2D, size: 3, size_is: output}")["output_shape"] == [
        3,
        3,
        3,
    ]


def test_keras_interpolation_is_the_mode(write_spec) -> None:
    done = cli(
        str(write_spec("input: [3, 8, 8]\nlayers:\n  - {type: UpSampling2D, interpolation: bilinear}\n")),
        "--format",
        "json",
    )
    layer = json.loads(done.stdout)["layers"][0]
    assert layer["output_shape"] == [3, 16, 16]


@pytest.mark.parametrize(
    ("layer", "size", "jump", "start"),
    [
        # nearest ×2: output o reads input ⌊o/2⌋: 1 pixel, jump 1/2, output 0 at input 0.
        ("{type: upsample, scale_factor: 2}", 1, 0.5, 0),
        # bilinear ×2: the two neighbours of (o + ½)/2 − ½; output 0 samples −¼.
        ("{type: upsample, scale_factor: 2, mode: bilinear}", 2, 0.5, -0.25),
        # bicubic ×2: four neighbours.
        ("{type: upsample, scale_factor: 2, mode: bicubic}", 4, 0.5, -0.25),
        # align_corners: o·(N − 1)/(OUT − 1) = o·7/15; output 0 at input 0.
        ("{type: upsample, scale_factor: 2, mode: bilinear, align_corners: true}", 2, 7 / 15, 0),
        # nearest ×1.5: jump 2/3.
        ("{type: upsample, scale_factor: 1.5}", 1, 2 / 3, 0),
    ],
)
def test_receptive_field_through_an_upsample(
    write_spec, layer: str, size: int, jump: float, start: float
) -> None:
    field = one(write_spec, "[1, 8, 8]", layer, "--rf")["receptive_field"]
    assert field["size"] == [size, size]
    assert field["jump"] == pytest.approx([jump, jump])
    assert field["start"] == pytest.approx([start, start])


CONV_UP_CONV = """
input: [1, 24]
layers:
  - {type: conv1d, filters: 1, kernel: 3, bias: false}
  - {type: upsample, scale_factor: 2, mode: MODE}
  - {type: conv1d, filters: 1, kernel: 3, bias: false}
"""


@pytest.mark.parametrize(("mode", "size"), [("nearest", 4), ("linear", 5)])
def test_a_conv_after_an_upsample_steps_half_pixels(write_spec, mode: str, size: int) -> None:
    # conv 3 → nearest: 3, linear: 3 + 1 = 4 → conv 3 at jump ½: + 2·½. Measured with torch: 4 and 5.
    last = layers_of(write_spec, CONV_UP_CONV.replace("MODE", mode), "--rf")[-1]
    assert last["receptive_field"]["size"] == [size]


def test_three_d_and_one_d(write_spec) -> None:
    volume = one(write_spec, "[2, 4, 6, 6]", "{type: upsample, scale_factor: 2, mode: trilinear}")
    assert volume["output_shape"] == [2, 8, 12, 12]
    keras = one(write_spec, "[2, 4, 6, 6]", "{type: UpSampling3D, size: [1, 2, 2]}")
    assert keras["output_shape"] == [2, 4, 12, 12]
    signal = one(write_spec, "[2, 10]", "{type: UpSampling1D, size: 3}")
    assert signal["output_shape"] == [2, 30]


TWO_UPSAMPLES = """
input: [3, 7, 7]
layers:
  - {type: upsample, scale_factor: 1.5}
  - {type: Upsample, size: 4}
"""
EXPORTED = """
input: [3, 8, 8]
layers:
  - {type: UpSampling2D, size: 2, interpolation: bilinear}
  - {type: upsample, scale_factor: 1.5}
  - {type: upsample, size: [5, 7], mode: bicubic, align_corners: true}
"""


def test_the_working_in_both_languages(write_spec) -> None:
    path = str(write_spec(TWO_UPSAMPLES))
    english = cli(path, "--explain").stdout
    assert "OH = ⌊H·s⌋ = ⌊7·1.5⌋ = ⌊10.5⌋ = 10" in english
    assert "OW = size = 4 (PyTorch's size: the output size)" in english
    korean = cli(path, "--explain", "--lang", "ko").stdout
    assert "출력 크기 OW = ⌊W·s⌋ = ⌊7·1.5⌋ = ⌊10.5⌋ = 10" in korean
    assert "PyTorch의 size: 출력 크기" in korean
    assert "출력 크기로 읽었다" in korean


@pytest.mark.parametrize(
    ("layer", "field", "words"),
    [
        ("{type: upsample}", "scale_factor", "upsample needs scale_factor or size"),
        ("{type: upsample, scale_factor: 2, size: 4}", "size", "scale_factor and size are both given"),
        (
            "{type: upsample, scale_factor: 2, mode: trilinear}",
            "mode",
            "mode trilinear is not for 2 spatial axes",
        ),
        (
            "{type: upsample, scale_factor: 2, align_corners: true}",
            "align_corners",
            "align_corners is only for",
        ),
        (
            "{type: upsample, scale_factor: [2, 2, 2]}",
            "scale_factor",
            "scale_factor gives 3 values for 2 spatial axes",
        ),
        ("{type: upsample, scale_factor: 0.1}", "scale_factor", "⌊8·0.1⌋ = 0: the output would be empty"),
    ],
)
def test_bad_upsamples_are_one_clear_error(write_spec, layer: str, field: str, words: str) -> None:
    path = str(write_spec(f"input: [3, 8, 8]\nlayers:\n  - {layer}\n"))
    done = cli(path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {path}:3: layer 1 (upsample_1), {field}: {words}")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "(" in done.stderr  # a hint


def _result(write_spec, text: str):
    spec, document = load_spec(write_spec(text))
    return calculate(spec, document.stem)


def test_export_to_pytorch_and_keras(write_spec) -> None:
    result = _result(write_spec, EXPORTED)
    torch_code = render_pytorch(result)
    assert "nn.Upsample(scale_factor=2.0, mode='bilinear')" in torch_code
    assert "nn.Upsample(scale_factor=1.5, mode='nearest')" in torch_code
    assert "nn.Upsample(size=(5, 7), mode='bicubic', align_corners=True)" in torch_code
    whole = _result(
        write_spec,
        "input: [3, 8, 8]\nlayers:\n  - {type: UpSampling2D, size: [2, 3], interpolation: bilinear}\n",
    )
    assert "layers.UpSampling2D(size=(2, 3), interpolation='bilinear', name='upsample_1')(x)" in render_keras(
        whole
    )


def test_keras_refuses_what_its_upsampling_cannot_compute(write_spec) -> None:
    path = str(write_spec("input: [3, 8, 8]\nlayers:\n  - {type: upsample, scale_factor: 1.5}\n"))
    done = cli("export", path, "--to", "keras")
    assert done.returncode == 2
    assert (
        "layer 1 (upsample_1), scale_factor: Keras has no layer for this resizing (Keras' UpSampling"
        in done.stderr
    )
    bicubic = str(
        write_spec(
            "input: [3, 8, 8]\nlayers:\n  - {type: upsample, scale_factor: 2, mode: bicubic}\n", "b.yaml"
        )
    )
    assert "layer 1 (upsample_1), mode: Keras has no layer" in cli("export", bicubic, "--to", "keras").stderr
    to_size = str(write_spec("input: [3, 8, 8]\nlayers:\n  - {type: upsample, size: 16}\n", "s.yaml"))
    assert "layer 1 (upsample_1), size: Keras has no layer" in cli("export", to_size, "--to", "keras").stderr


# --- live, with torch: the receptive field against a gradient measurement ----------------------

GRADIENT = r"""
import json, sys, torch, torch.nn.functional as F
torch.manual_seed(0)
out = {}
for mode, factor in json.loads(sys.argv[1]):
    x = torch.randn(1, 1, 24, requires_grad=True)
    y = F.interpolate(x, scale_factor=factor, mode=mode)
    widest = 0
    for o in range(y.shape[-1]):
        (g,) = torch.autograd.grad(y[0, 0, o], x, retain_graph=True)
        hit = (g[0, 0] != 0).nonzero().flatten().tolist()
        widest = max(widest, hit[-1] - hit[0] + 1)
    out[f"{mode} {factor}"] = widest
print(json.dumps(out))
"""


def test_the_field_is_the_widest_a_gradient_measures(write_spec, tmp_path: Path) -> None:
    python = os.environ.get("CNNCALC_TORCH_PYTHON")
    if not python:
        pytest.skip("set CNNCALC_TORCH_PYTHON to a python that has torch")
    cases = [("nearest", 2), ("nearest", 1.5), ("linear", 2), ("linear", 3), ("linear", 1.5), ("linear", 0.5)]
    run = subprocess.run(
        [python, "-c", GRADIENT, json.dumps(cases)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    measured = json.loads(run.stdout)
    for mode, factor in cases:
        layer = one(
            write_spec, "[1, 24]", f"{{type: upsample, scale_factor: {factor}, mode: {mode}}}", "--rf"
        )
        assert layer["receptive_field"]["size"] == [measured[f"{mode} {factor}"]], (mode, factor)


@pytest.mark.parametrize("given", ["[]", "'2'", ".nan", "true", "0", "[2, 0]", "[1, 2, 3, 4]"])
def test_a_scale_factor_that_is_not_positive_numbers_is_one_line_in_both_languages(write_spec, given) -> None:
    path = str(write_spec(f"input: [3, 8, 8]\nlayers:\n  - {{type: upsample, scale_factor: {given}}}\n"))
    done = cli(path)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"error: {path}:3: layer 1, scale_factor: must be a positive number")
    assert "양수(1,000,000 이하)이거나" in cli(path, "--lang", "ko").stderr
