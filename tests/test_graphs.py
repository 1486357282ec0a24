"""Graphs: ``inputs``, ``add`` and ``concat``, with shapes worked by hand, and every error path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnncalc.cli import app
from cnncalc.engine.calculator import calculate
from cnncalc.spec.loader import parse_text
from cnncalc.spec.validate import validate_document

runner = CliRunner()


def compute(text: str):
    return calculate(validate_document(parse_text(text, "net.yaml")))


def run(*args: str):
    return runner.invoke(app, list(args))


RESIDUAL = """\
input: [8, 16, 16]
layers:
  - {type: conv2d, filters: 8, kernel: 3, padding: 1, name: a}
  - {type: conv2d, filters: 8, kernel: 3, padding: 1, name: b}
  - {type: add, inputs: [b, input], name: skip}
"""


def test_add_keeps_the_shape_and_has_no_parameters() -> None:
    result = compute(RESIDUAL)
    skip = result.layers[-1]
    assert skip.output_shape == (8, 16, 16)
    assert skip.inputs == ("b", "input")
    assert skip.input_shapes == ((8, 16, 16), (8, 16, 16))
    assert skip.params == 0
    # (9·8 + 1)·8 = 584 for each conv.
    assert result.total_params == 2 * 584
    assert not result.is_chain


def test_concat_adds_channels_and_a_layer_without_inputs_takes_the_previous() -> None:
    result = compute(
        "input: [3, 32, 32]\nlayers:\n"
        "  - {type: conv2d, filters: 4, kernel: 1, name: p}\n"
        "  - {type: conv2d, filters: 6, kernel: 3, padding: 1, name: q, inputs: [input]}\n"
        "  - {type: maxpool, kernel: 3, stride: 1, padding: 1, name: r, inputs: [input]}\n"
        "  - {type: concat, inputs: [p, q, r], name: cat}\n"
        "  - {type: conv2d, filters: 2, kernel: 1}\n"
    )
    cat, last = result.layers[-2], result.layers[-1]
    assert cat.output_shape == (4 + 6 + 3, 32, 32)
    assert last.inputs == ("cat",)
    assert last.input_shape == (13, 32, 32)
    assert result.output_shape == (2, 32, 32)


def test_a_plain_list_of_layers_is_a_chain() -> None:
    assert compute(
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2, kernel: 3}\n  - {type: relu}\n"
    ).is_chain


def test_the_output_is_the_last_layer_even_after_a_side_branch() -> None:
    result = compute(
        "input: [1, 8]\nlayers:\n  - {type: conv1d, filters: 4, kernel: 1, name: a}\n"
        "  - {type: conv1d, filters: 3, kernel: 1, inputs: [input]}\n"
    )
    assert result.output_shape == (3, 8)


def test_graph_table_shows_inputs_and_chain_table_does_not(tmp_path: Path) -> None:
    graph = tmp_path / "g.yaml"
    graph.write_text(RESIDUAL, encoding="utf-8")
    out = run(str(graph)).stdout
    assert "Inputs" in out and "b, input" in out
    chain = tmp_path / "c.yaml"
    chain.write_text(
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2, kernel: 3}\n", encoding="utf-8"
    )
    assert "Inputs" not in run(str(chain)).stdout


def test_json_has_inputs_and_input_shapes(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(RESIDUAL, encoding="utf-8")
    data = json.loads(run(str(path), "--format", "json").stdout)
    skip = data["layers"][-1]
    assert skip["inputs"] == ["b", "input"]
    assert skip["input_shapes"] == [[8, 16, 16], [8, 16, 16]]
    assert skip["input_shape"] == [8, 16, 16]  # the contract's key: the first input
    assert data["layers"][0]["inputs"] == ["input"]


ERRORS = {
    "unknown_name": (
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2, kernel: 3, name: conv_a}\n"
        "  - {type: add, inputs: [conv_b, conv_a], name: s}\n",
        "error: {path}:4: layer 2 (s), inputs: unknown layer name 'conv_b' in inputs "
        "(did you mean 'conv_a'?)",
    ),
    "later_name": (
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2, kernel: 3, name: a, inputs: [b]}\n"
        "  - {type: conv2d, filters: 2, kernel: 3, name: b}\n",
        "error: {path}:3: layer 1 (a), inputs: 'b' is layer 2, not before this one; inputs must be "
        "earlier layers (move the layer, or name an earlier one)",
    ),
    "add_shape_mismatch": (
        "input: [3, 8, 8]\nlayers:\n  - {type: conv2d, filters: 4, kernel: 3, name: c}\n"
        "  - {type: add, inputs: [c, input], name: s}\n",
        "error: {path}:4: layer 2 (s), inputs: add needs inputs of one shape: 'c' is 4×6×6 but 'input' "
        "is 3×8×8 (the channels differ (4 vs 3) and so do the spatial sizes (6×6 vs 8×8): give both "
        "branches the same strides and padding, then project the channels with a 1×1 conv)",
    ),
    "concat_spatial_mismatch": (
        "input: [3, 8, 8]\nlayers:\n  - {type: conv2d, filters: 4, kernel: 3, name: c}\n"
        "  - {type: concat, inputs: [input, c], name: j}\n",
        "error: {path}:4: layer 2 (j), inputs: concat joins channels, so spatial sizes must match: "
        "'input' is 3×8×8 but 'c' is 4×6×6 (pad, crop or resize one branch so both have the same "
        "spatial size)",
    ),
    "add_with_one_input": (
        "input: [3, 8, 8]\nlayers:\n  - {type: relu}\n  - {type: add, name: s}\n",
        "error: {path}:4: layer 2 (s), inputs: an add layer needs at least two inputs, got 1 (relu_1) "
        "(name them, e.g. inputs: [conv2, input])",
    ),
    "conv_with_two_inputs": (
        "input: [3, 8, 8]\nlayers:\n  - {type: relu, name: r}\n"
        "  - {type: conv2d, filters: 2, kernel: 1, inputs: [r, input], name: c}\n",
        "error: {path}:4: layer 2 (c), inputs: a conv layer takes one input, got 2 (r, input) "
        "(join them first with an add or concat layer)",
    ),
    "inputs_not_a_list": (
        "input: [3, 8, 8]\nlayers:\n  - {type: relu, inputs: input}\n",
        "error: {path}:3: layers[0], inputs: must be a list of earlier layers' names (e.g. [conv1, input])",
    ),
    "input_is_reserved": (
        "input: [3, 8, 8]\nlayers:\n  - {type: relu, name: input}\n",
        "error: {path}:3: layer 1 (input), name: 'input' names the network's input "
        "(choose another name for the layer)",
    ),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_graph_errors_are_one_line_with_place_and_exit_2(case: str, tmp_path: Path) -> None:
    text, expected = ERRORS[case]
    path = tmp_path / "net.yaml"
    path.write_text(text, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [expected.format(path=path)]
