"""Invariants, on random networks (hypothesis), and random damage that must never crash cnncalc."""

from __future__ import annotations

import io
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from rich.console import Console
from rich.style import Style
from typer.testing import CliRunner

from cnncalc import cli
from cnncalc.engine.calculator import calculate
from cnncalc.engine.results import NetworkResult
from cnncalc.render.json import network_dict, render_json
from cnncalc.render.jsontext import dumps_indented
from cnncalc.render.table import render_table
from cnncalc.spec.lazy import tidy_input_errors, validate_spec
from cnncalc.spec.loader import parse_text
from cnncalc.spec.models import Spec
from cnncalc.spec.validate import validate_document

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- random valid networks ---------------------------------------------------------------------


@st.composite
def windowed_layer(draw: st.DrawFn, size: int) -> dict[str, Any]:
    """A conv or pooling layer that fits an input of ``size`` on every spatial axis."""
    kind = draw(st.sampled_from(["conv", "maxpool", "avgpool"]))
    dilation = draw(st.integers(1, 2)) if kind != "avgpool" else 1
    kernel = draw(st.integers(1, 5))
    padding = draw(st.integers(0, kernel // 2))
    stride = draw(st.integers(1, 3))
    assume(size + 2 * padding >= dilation * (kernel - 1) + 1)
    layer: dict[str, Any] = {"type": kind, "kernel": kernel, "stride": stride, "padding": padding}
    if dilation != 1:
        layer["dilation"] = dilation
    if kind == "conv":
        layer["filters"] = draw(st.integers(1, 8))
        layer["bias"] = draw(st.booleans())
    return layer


@st.composite
def network(draw: st.DrawFn) -> dict[str, Any]:
    """A valid 2-D chain: windows that fit, shape-keeping layers, and maybe a dense head."""
    channels, size = draw(st.integers(1, 4)), draw(st.integers(4, 40))
    layers: list[dict[str, Any]] = []
    current = size
    for _ in range(draw(st.integers(1, 6))):
        choice = draw(st.sampled_from(["window", "window", "relu", "batchnorm", "dropout"]))
        if choice != "window":
            layers.append({"type": choice})
            continue
        layer = draw(windowed_layer(current))
        layers.append(layer)
        current = brute_force_positions(current, layer)
    if draw(st.booleans()):
        layers += [{"type": "flatten"}, {"type": "dense", "units": draw(st.integers(1, 10))}]
    return {"input": [channels, size, size], "layers": layers}


def brute_force_positions(size: int, layer: dict[str, Any]) -> int:
    """Count the window's positions one by one: starts −P, −P+S, … whose last tap is inside."""
    kernel, stride = layer["kernel"], layer.get("stride", layer["kernel"])
    padding, dilation = layer.get("padding", 0), layer.get("dilation", 1)
    span = dilation * (kernel - 1)
    return sum(1 for start in range(-padding, size + padding, stride) if start + span <= size + padding - 1)


def compute(data: dict[str, Any]) -> NetworkResult:
    return calculate(validate_document(parse_text(json.dumps(data), "net.json", is_json=True)), "net")


@FAST
@given(network())
def test_output_sizes_match_a_brute_force_count_of_window_positions(data: dict[str, Any]) -> None:
    result = compute(data)
    for raw, layer in zip(data["layers"], result.layers, strict=True):
        if raw["type"] in ("conv", "maxpool", "avgpool"):
            expected = brute_force_positions(layer.input_shape[1], raw)
            assert layer.output_shape[1:] == (expected, expected)


@FAST
@given(network())
def test_totals_are_the_sums_of_the_layers(data: dict[str, Any]) -> None:
    result = compute(data)
    assert result.total_params == sum(layer.params for layer in result.layers)
    assert result.trainable_params == sum(layer.trainable_params for layer in result.layers)
    assert result.total_macs == sum(layer.macs for layer in result.layers)
    assert 0 <= result.trainable_params <= result.total_params
    for before, after in zip(result.layers, result.layers[1:], strict=False):
        assert after.input_shape == before.output_shape


@FAST
@given(network())
def test_json_output_round_trips(data: dict[str, Any]) -> None:
    result = compute(data)
    text = render_json([result])
    assert json.loads(text) == network_dict(result)
    assert text == json.dumps(network_dict(result), indent=2, ensure_ascii=False)


@FAST
@given(
    size=st.integers(1, 64),
    kernel=st.integers(0, 4).map(lambda k: 2 * k + 1),
    dilation=st.integers(1, 3),
    filters=st.integers(1, 8),
)
def test_stride_1_and_padding_d_f_minus_1_over_2_keep_the_size(
    size: int, kernel: int, dilation: int, filters: int
) -> None:
    padding = dilation * (kernel - 1) // 2
    layer = {"type": "conv", "filters": filters, "kernel": kernel, "padding": padding, "dilation": dilation}
    (result,) = compute({"input": [3, size, size], "layers": [layer]}).layers
    assert result.output_shape == (filters, size, size)
    assert not result.warnings


@FAST
@given(network(), st.integers(1, 30))
def test_output_never_shrinks_as_the_input_grows(data: dict[str, Any], growth: int) -> None:
    small = compute(data)
    channels, size, _ = data["input"]
    large = compute({**data, "input": [channels, size + growth, size + growth]})
    for a, b in zip(small.layers, large.layers, strict=True):
        assert all(y >= x for x, y in zip(a.output_shape, b.output_shape, strict=True))


# --- the fast paths say exactly what the slow ones said ----------------------------------------

# Any layer name a spec may give; "input" names the network's input and is refused as a layer's.
names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=12
).filter(lambda name: name != "input")


@SLOW
@given(network(), st.lists(names, min_size=6, max_size=10, unique=True), st.sampled_from([60, 100, 140]))
def test_the_table_renderer_matches_rich_character_by_character(
    data: dict[str, Any], layer_names: list[str], width: int
) -> None:
    for layer, name in zip(data["layers"], layer_names, strict=False):
        layer["name"] = name.strip() or "x"
    assume(len({layer.get("name") for layer in data["layers"]}) == len(data["layers"]))
    table = render_table(compute(data)).renderables[0]
    # A table wider than the console is cnncalc's own narrow layout (tests/test_narrow.py).
    assume(sum(table.widths()) + len(table.widths()) + 1 <= width)
    for options in ({}, {"force_terminal": True, "color_system": "truecolor"}):
        fast, slow = (_styled_chars(renderable, width, **options) for renderable in (table, table.to_rich()))
        assert fast == slow


def _styled_chars(renderable: Any, width: int, **options: Any) -> list[tuple[str, str]]:
    console = Console(file=io.StringIO(), width=width, **options)
    return [
        (char, str(segment.style or Style.null()))
        for segment in console.render(renderable)
        for char in segment.text
    ]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@FAST
@given(json_values)
def test_the_json_writer_writes_what_json_dumps_writes(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


# --- random damage -----------------------------------------------------------------------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.lists(st.integers(-3, 3), max_size=4),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sampled_from(["same", "valid", "conv2d", "Dense", "relu", "kernel", "[/b]", "\x1b[2J"]),
)
FIELDS = st.sampled_from(
    [
        "type",
        "filters",
        "kernel",
        "stride",
        "padding",
        "dilation",
        "groups",
        "units",
        "name",
        "bias",
        "kernel_size",
        "strides",
        "output_size",
        "rate",
        "inputs",
        "expect",
        "spatial_dims",
        "bogus",
    ]
)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A valid network with a few fields dropped, retyped or replaced by junk."""
    data: Any = draw(network())
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(["layer", "layer", "layer", "top", "root"]))
        if where == "root":
            data = draw(JUNK)
            break
        if where == "top":
            key = draw(
                st.sampled_from(
                    ["input", "layers", "name", "expect", "blocks", "variants", "strict", "extra"]
                )
            )
            if draw(st.booleans()):
                data.pop(key, None)
            else:
                data[key] = draw(JUNK)
            continue
        if not data.get("layers") or not isinstance(data["layers"], list):
            continue
        index = draw(st.integers(0, len(data["layers"]) - 1))
        layer = data["layers"][index]
        if not isinstance(layer, dict) or draw(st.integers(0, 5)) == 0:
            data["layers"][index] = draw(JUNK)
        elif draw(st.booleans()) and layer:
            layer.pop(draw(st.sampled_from(sorted(layer))))
        else:
            layer[draw(FIELDS)] = draw(JUNK)
    return data


def _errors(call: Any, data: Any, tidy: bool = False) -> Any:
    try:
        return ("valid", call(data))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        if tidy:
            errors = tidy_input_errors(errors, data)
        return ("errors", [(e["type"], tuple(e["loc"]), e["msg"], repr(e["input"])) for e in errors])


@FAST
@given(mutated())
def test_layer_by_layer_validation_reports_what_the_whole_spec_model_reports(data: Any) -> None:
    assume(isinstance(data, dict))
    assert _errors(validate_spec, data) == _errors(Spec.model_validate, data, tidy=True)


# The fields the head model leaves raw (cnncalc.spec.lazy._RARE), valid and not, alone and beside
# a broken layer: each must give what the whole-spec model gives.
RARE_VALUES = [
    {"expect": {"output": "10", "total_params": "61,706"}},
    {"expect": {"total_macs": 5, "bogus": 1}},
    {"expect": 7},
    {"blocks": {"b": {"layers": [{"type": "relu"}], "params": {"k": 3}}}},
    {"blocks": {"b": {"layers": []}, "": {"inputs": ["x"], "layers": [{}]}}},
    {"blocks": None},
    {"variants": {"name": "ws", "layers": {"conv_1": {"filters": [4, 8], "kernel": {"min": 3, "max": 5}}}}},
    {"variants": {"input": {"size": {"min": 1}}, "strides": "odd", "layers": {"c": {"units": []}}}},
    {"variants": "many", "expect": [], "blocks": {"b": 1}},
]


@pytest.mark.parametrize("rare", RARE_VALUES)
@pytest.mark.parametrize("broken_layer", [False, True])
def test_the_fields_left_raw_by_the_head_report_what_the_whole_spec_model_reports(
    rare: dict[str, Any], broken_layer: bool
) -> None:
    data: Any = {"input": [1, 32, 32], "name": "n", "layers": [{"type": "conv", "filters": 6, "kernel": 5}]}
    data.update(rare)
    if broken_layer:
        data["layers"].append({"type": "dense", "units": 0})
    assert _errors(validate_spec, data) == _errors(Spec.model_validate, data, tidy=True)


@SLOW
@given(mutated(), st.sampled_from(["yaml", "json"]), st.sampled_from(["table", "json", "csv", "markdown"]))
def test_a_damaged_spec_never_gets_a_traceback(data: Any, syntax: str, output: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True) if syntax == "yaml" else json.dumps(data)
    _run_cli_on(text, syntax, output)


@SLOW
@given(st.randoms(use_true_random=False), st.integers(1, 8))
def test_damaged_text_never_gets_a_traceback(rng: random.Random, edits: int) -> None:
    text = list(LENET_TEXT)
    for _ in range(edits):
        at = rng.randrange(len(text))
        action = rng.choice(["delete", "insert", "replace"])
        junk = rng.choice(
            [":", "-", "[", "]", "{", "}", "&a", "*a", "!!", "\t", "\n", " ", "9", "x", "'", '"', "é"]
        )
        if action == "delete":
            del text[at]
        elif action == "insert":
            text.insert(at, junk)
        else:
            text[at] = junk
    _run_cli_on("".join(text), "yaml", "json")


LENET_TEXT = """\
name: LeNet-5
input: [1, 32, 32]
layers:
  - {type: conv2d, filters: 6, kernel: 5, activation: tanh, name: C1}
  - {type: avgpool, kernel: 2, name: S2}
  - {type: conv2d, filters: 16, kernel: 5, activation: tanh}
  - {type: avgpool, kernel: 2}
  - {type: dense, units: 10, activation: softmax}
"""


def _run_cli_on(text: str, syntax: str, output: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"spec.{syntax}"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli.app, [str(path), "--format", output])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr and all(line.startswith(f"error: {path}") for line in result.stderr.splitlines())
    else:
        assert result.stdout
