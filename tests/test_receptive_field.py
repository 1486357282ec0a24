"""Receptive field (size r, jump j, start) against hand-worked values and published ones.

r_out = r_in + (D(F − 1))·j_in, j_out = j_in·S, start_out = start_in + (D(F − 1)/2 − P)·j_in, from
r = j = 1, start = 0 (Dumoulin & Visin; Araujo et al., Distill 2019, whose table gives AlexNet 195,
VGG-16 212, ResNet-50 (v1) 483 and MobileNetV2 491).
"""

from __future__ import annotations

import json
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cnncalc.cli import app
from cnncalc.engine.calculator import calculate
from cnncalc.spec.loader import parse_text
from cnncalc.spec.validate import load_spec, validate_document
from tests.conftest import SPECS

runner = CliRunner()


def fields(text: str) -> dict[str, tuple[int | float, int | float, int | float]]:
    """name → (size, jump, start) on the first spatial axis."""
    result = calculate(validate_document(parse_text(text, "net.yaml")))
    out = {}
    for layer in result.layers:
        rf = layer.receptive_field
        assert rf is not None
        out[layer.name] = (float(rf.size[0]), float(rf.jump[0]), float(rf.start[0]))
    return out


def test_two_3x3_stride_1_convs_see_5() -> None:
    rf = fields(
        "input: [1, 32, 32]\nlayers:\n"
        "  - {type: conv2d, filters: 1, kernel: 3, name: a}\n"
        "  - {type: conv2d, filters: 1, kernel: 3, name: b}\n"
    )
    # Without padding the first output's centre moves one pixel in per conv.
    assert rf == {"a": (3, 1, 1), "b": (5, 1, 2)}


def test_padding_moves_the_start_and_dilation_widens_the_kernel() -> None:
    rf = fields(
        "input: [1, 32, 32]\nlayers:\n"
        "  - {type: conv2d, filters: 1, kernel: 3, padding: 1, name: a}\n"  # start 0 + (1 − 1)·1
        "  - {type: conv2d, filters: 1, kernel: 3, dilation: 2, padding: 2, name: b}\n"  # 3 + 4·1
        "  - {type: maxpool, kernel: 2, name: c}\n"  # 7 + 1·1, jump 2, start 0 + 0.5
    )
    assert rf == {"a": (3, 1, 0), "b": (7, 1, 0), "c": (8, 2, 0.5)}


def test_alexnet_conv1_11_pool1_19_up_to_pool5_195() -> None:
    spec, _ = load_spec(SPECS / "alexnet.yaml")
    by_name = {layer.name: layer.receptive_field for layer in calculate(spec).layers}
    worked = {
        # r, j, start: conv1 F11 S4 P2 → start (11 − 1)/2 − 2 = 3; pool1 F3 S2 → 11 + 2·4 …
        "conv1": (11, 4, 3),
        "pool1": (19, 8, 7),
        "conv2": (51, 8, 7),
        "pool2": (67, 16, 15),
        "conv3": (99, 16, 15),
        "conv4": (131, 16, 15),
        "conv5": (163, 16, 15),
        "pool5": (195, 32, 31),
    }
    for name, (r, j, start) in worked.items():
        rf = by_name[name]
        assert rf is not None
        assert (rf.size, rf.jump, rf.start) == ((r, r), (j, j), (start, start)), name


def test_vgg16_pool5_212() -> None:
    spec, _ = load_spec(SPECS / "vgg16.yaml")
    pool5 = [layer for layer in calculate(spec).layers if layer.type == "maxpool"][-1]
    assert pool5.receptive_field is not None and pool5.receptive_field.size == (212, 212)


def test_mobilenet_v2_491_before_pooling() -> None:
    spec, _ = load_spec(SPECS / "mobilenet_v2.yaml")
    layer = {layer.name: layer for layer in calculate(spec).layers}["features.18.conv"]
    assert layer.receptive_field is not None and layer.receptive_field.size == (491, 491)


def test_resnet50_v1_483_and_torchvision_v1_5_427() -> None:
    # Araujo et al.'s 483 is ResNet-50 v1: the stride on the first 1×1 conv of a bottleneck.
    # torchvision's v1.5 strides the 3×3 instead, so each of the three strided stages' 3×3 adds
    # 2·j at the finer jump: 483 − 2·(4 + 8 + 16) = 427.
    text = (SPECS / "resnet50.yaml").read_text(encoding="utf-8")
    v1 = text.replace(
        '{type: conv2d, filters: "${width}", kernel: 1, bias: false, name: conv1}',
        '{type: conv2d, filters: "${width}", kernel: 1, stride: "${stride}", bias: false, name: conv1}',
    ).replace('kernel: 3, stride: "${stride}", padding: 1', "kernel: 3, padding: 1")
    assert v1 != text
    for source, expected in ((v1, 483), (text, 427)):
        layers = calculate(validate_document(parse_text(source, "resnet50.yaml"))).layers
        last_add = [layer for layer in layers if layer.type == "add"][-1]
        assert last_add.receptive_field is not None
        assert last_add.receptive_field.size == (expected, expected)


def test_a_graph_follows_its_largest_path() -> None:
    rf = fields(
        "input: [3, 16, 16]\nlayers:\n"
        "  - {type: conv2d, filters: 2, kernel: 1, name: one, inputs: [input]}\n"
        "  - {type: conv2d, filters: 2, kernel: 5, padding: 2, name: five, inputs: [input]}\n"
        "  - {type: concat, inputs: [one, five], name: cat}\n"
        "  - {type: conv2d, filters: 2, kernel: 3, padding: 1, name: after}\n"
    )
    assert rf["cat"] == (5, 1, 0)
    assert rf["after"] == (7, 1, 0)


def test_a_transposed_conv_divides_the_jump() -> None:
    # A 2×2 stride-2 transposed conv: each output comes from exactly one input pixel, so the
    # field stays the input's and outputs are half a jump apart.
    rf = fields(
        "input: [1, 16, 16]\nlayers:\n"
        "  - {type: maxpool, kernel: 2, name: pool}\n"  # r 2, j 2, start 0.5
        "  - {type: conv_transpose2d, filters: 1, kernel: 2, stride: 2, name: up}\n"
        "  - {type: conv_transpose2d, filters: 1, kernel: 3, stride: 1, name: grow}\n"
    )
    assert rf["up"] == (2, 1, 0.5)
    # Stride 1, F 3: every output mixes three neighbours; the first output (t = 0) sees only i = 0
    # and two padding positions: centre i = −1 (the mean of −2…0).
    assert rf["grow"] == (4, 1, -0.5)


def test_a_same_transposed_conv_narrower_than_its_stride_crops_nothing() -> None:
    # F 1, S 3, 'same': output t = 3i, so output 0 is input 0 alone (TensorFlow and Keras agree:
    # nothing to crop when D(F − 1) + 1 ≤ S); the outputs are a third of a pixel apart.
    rf = fields(
        "input: [1, 4, 4]\nlayers:\n"
        "  - {type: conv_transpose2d, filters: 1, kernel: 1, stride: 3, padding: same, name: up}\n"
    )
    assert rf["up"] == (1, 1 / 3, 0)


def test_rf_columns_and_json() -> None:
    table = runner.invoke(app, [str(SPECS / "alexnet.yaml"), "--rf"]).stdout
    assert "RF" in table and "Jump" in table and "Start" in table and "195" in table
    assert "Jump" not in runner.invoke(app, [str(SPECS / "alexnet.yaml")]).stdout
    data = json.loads(runner.invoke(app, [str(SPECS / "alexnet.yaml"), "--format", "json"]).stdout)
    assert data["layers"][0]["receptive_field"] == {"size": [11, 11], "jump": [4, 4], "start": [3, 3]}
    assert all("receptive_field" in layer for layer in data["layers"])


# --- against a brute-force trace of which input pixels each output reads ----------------------


@st.composite
def chain_1d(draw: st.DrawFn) -> list[dict[str, int | str]]:
    layers: list[dict[str, int | str]] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["conv1d", "maxpool1d"]))
        kernel = draw(st.integers(1, 5))
        layer: dict[str, int | str] = {"type": kind, "kernel": kernel, "stride": draw(st.integers(1, 3))}
        layer["padding"] = draw(st.integers(0, kernel // 2))
        layer["dilation"] = draw(st.integers(1, 3))
        if kind == "conv1d":
            layer["filters"] = 1
        layers.append(layer)
    return layers


def traced(layers: list[dict[str, int | str]], output: int) -> set[int]:
    """The input indices (padding included, so possibly < 0 or ≥ N) that one output reads."""
    positions = {output}
    for layer in reversed(layers):
        k, s, p, d = (int(layer[key]) for key in ("kernel", "stride", "padding", "dilation"))
        positions = {o * s - p + d * m for o in positions for m in range(k)}
    return positions


@settings(max_examples=200, deadline=None)
@given(chain_1d())
def test_receptive_field_equals_a_brute_force_trace(layers: list[dict[str, int | str]]) -> None:
    body = "".join(f"  - {json.dumps(layer)}\n" for layer in layers)
    result = calculate(validate_document(parse_text(f"input: [1, 5000]\nlayers:\n{body}", "n.yaml")))
    rf = result.layers[-1].receptive_field
    assert rf is not None
    first, second = traced(layers, 0), traced(layers, 1)
    assert rf.size[0] == max(first) - min(first) + 1
    assert rf.start[0] == Fraction(max(first) + min(first), 2)
    assert rf.jump[0] == min(second) - min(first)
