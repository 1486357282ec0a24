"""The per-layer shortcuts of large networks give what the plain way gives: the JSON writer that
writes layers straight from their results writes what ``json.dumps`` writes of their dicts, and a
layer repeated in a network (whose outcome is computed once) is still each layer's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import specs as generated
from cnncalc.engine.results import NetworkResult
from cnncalc.pipeline import compute_file
from cnncalc.render.json import network_dict, render_json
from cnncalc.text import json_document
from tests.conftest import ROOT, SPECS, run_cli

GENERATED = {
    "chain": generated.chain_spec(12),
    "graph": generated.graph_spec(13),
    "noted": generated.noted_spec(9),
    "densenet": generated.densenet121_spec((2, 2)),
    "efficientnet": generated.efficientnet_spec(),
}
SHIPPED = sorted(SPECS.glob("*.yaml")) + sorted((ROOT / "examples").glob("*.yaml"))
# Every layer kind, a split's parts among them (written for no convention: some need channels-first).
REFERENCE_SPECS = sorted((ROOT / "tests" / "reference_specs").glob("*.yaml"))


def _plain_json(results: list[NetworkResult], strict: bool, dtype: str) -> str:
    """What render_json wrote before it had its own layer writer: json.dumps of the dicts."""
    items = [network_dict(result, strict, dtype) for result in results]
    value = items[0] if len(items) == 1 else items
    return json_document(json.dumps(value, indent=2, ensure_ascii=False))


def _results(paths: list[Path], convention: Any) -> list[NetworkResult]:
    return [compute_file(path, convention).result for path in paths]


@pytest.fixture(scope="module")
def generated_paths(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("generated")
    paths = []
    for name, text in GENERATED.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("convention", [None, "pytorch", "keras", "caffe"])
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_json_of_every_shipped_spec_is_what_json_dumps_writes(path: Path, convention: Any) -> None:
    results = _results([path], convention)
    for strict, dtype in ((False, "float32"), (True, "float16")):
        assert render_json(results, strict, dtype) == _plain_json(results, strict, dtype)


@pytest.mark.parametrize("path", REFERENCE_SPECS, ids=lambda p: p.stem)
def test_json_of_every_kind_is_what_json_dumps_writes(path: Path) -> None:
    results = _results([path], None)
    assert render_json(results, True, "float16") == _plain_json(results, True, "float16")


def test_json_of_generated_networks_is_what_json_dumps_writes(generated_paths: list[Path]) -> None:
    for path in generated_paths:
        results = _results([path], None)
        assert render_json(results) == _plain_json(results, False, "float32"), path.stem


def test_json_of_several_specs_is_what_json_dumps_writes(generated_paths: list[Path]) -> None:
    # An array of networks: every layer one level deeper.
    results = _results([*generated_paths, SPECS / "stride_mismatch.yaml"], None)
    assert render_json(results, True, "int8") == _plain_json(results, True, "int8")


def test_json_names_that_need_escaping(write_spec: Any) -> None:
    spec = write_spec(
        'name: "quote \\" and \\\\ back"\ninput: [1, 8, 8]\nlayers:\n'
        '  - {type: conv2d, filters: 2, kernel: 3, name: "a\\"b\\\\c"}\n'
        "  - {type: relu, name: 한글}\n"
    )
    results = _results([spec], None)
    assert render_json(results) == _plain_json(results, False, "float32")


def test_json_counts_that_are_not_ints_are_written_as_json_dumps_writes() -> None:
    # The layer writer puts ints in its template as they are; anything else goes through JSON.
    result = _results([SPECS / "lenet5.yaml"], None)[0]
    first = result.layers[0]._replace(macs=1.5, params=True, index=False)
    results = [result._replace(layers=(first, *result.layers[1:]))]
    assert render_json(results) == _plain_json(results, False, "float32")


def test_json_names_json_document_escapes(write_spec: Any) -> None:
    # render_json escapes each string itself (no pass over the whole text): bidi controls in
    # names, inputs and a block's path, C1 and DEL in the description, beside a '−' of a warning's
    # sentence (which makes the text two bytes a character).
    spec = write_spec(
        'name: "net\\u202e"\ndescription: "d\\x9b\\x7f"\ninput: [1, 8, 8]\n'
        'blocks:\n  b:\n    layers:\n      - {type: relu, name: "r\\u2066"}\n'
        "layers:\n"
        '  - {type: conv2d, filters: 2, kernel: 3, stride: 2, name: "a\\u202eb"}\n'
        '  - {block: b, name: "u\\u2067v"}\n'
        '  - {type: add, inputs: ["a\\u202eb", "u\\u2067v.r\\u2066"]}\n'
    )
    results = _results([spec], None)
    text = render_json(results)
    for escape in ("\\u202e", "\\u2066", "\\u2067", "\\u009b", "\\u007f", "−"):
        assert escape in text
    assert text == _plain_json(results, False, "float32")


# --- a repeated layer --------------------------------------------------------------------------


def test_a_repeated_layer_with_two_inputs_is_still_refused(write_spec: Any) -> None:
    # The second conv is the first's copy on the same shape, but it is given two inputs.
    spec = write_spec(
        "input: [1, 8, 8]\nlayers:\n"
        "  - {type: conv2d, filters: 1, kernel: 1, name: a}\n"
        "  - {type: conv2d, filters: 1, kernel: 1, name: b, inputs: [a, input]}\n"
    )
    result = run_cli(str(spec), "--format", "json")
    assert result.returncode == 2
    assert "spec.yaml:4: layer 2 (b), inputs: a conv layer takes one input, got 2" in result.stderr


def test_each_copy_of_a_repeated_layer_has_its_own_place_and_working(write_spec: Any) -> None:
    # (8 + 2·0 − 3)/2 + 1 = 3.5 → 3, then (3 − 3)/2 + 1 = 1: the same conv on two shapes,
    # and then twice on the same shape (1×1 stays 1×1 with kernel 1).
    spec = write_spec(
        "input: [1, 8, 8]\nlayers:\n"
        "  - {type: conv2d, filters: 1, kernel: 3, stride: 2, name: first}\n"
        "  - {type: conv2d, filters: 1, kernel: 3, stride: 2, name: second}\n"
        "  - {type: conv2d, filters: 1, kernel: 1, stride: 2, name: third}\n"
        "  - {type: conv2d, filters: 1, kernel: 1, stride: 2, name: fourth}\n"
    )
    result = run_cli(str(spec), "--format", "json")
    data = json.loads(result.stdout)
    assert [layer["output_shape"] for layer in data["layers"]] == [[1, 3, 3], [1, 1, 1], [1, 1, 1], [1, 1, 1]]
    first_warnings = data["layers"][0]["warnings"]
    assert [(w["layer"], w["name"], w["exact"]) for w in first_warnings] == [(1, "first", "7/2")] * 2
    assert data["layers"][1]["warnings"] == []
    assert [w["layer"] for w in data["warnings"]] == [1, 1]
    explained = run_cli(str(spec), "--explain", "--format", "json")
    working = [layer["working"] for layer in json.loads(explained.stdout)["layers"]]
    assert working[2] == working[3]  # the same layer on the same shape: the same working
    assert working[0] != working[1]


MERGES = (
    "input: [2, 8, 8]\nlayers:\n  - {type: relu, name: a}\n  - {type: add, inputs: [a, input]}\n"
    "  - {type: relu, name: b}\n  - {type: add, inputs: [b, a]}\n"  # the same add, other inputs
    "  - {type: adaptive_avgpool, output_size: 1, name: g, inputs: [b]}\n"
    "  - {type: multiply, inputs: [g, b]}\n  - {type: multiply, inputs: [g, a]}\n"
    "  - {type: concat, inputs: [a, b]}\n  - {type: concat, inputs: [b, a], name: c}\n"
)


def _afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every outcome computed again: none kept for a later layer of the same key."""
    from cnncalc.engine import calculator

    monkeypatch.setattr(calculator, "_keepable", lambda layer, outcome: False)


@pytest.mark.parametrize("zoo_model", ["resnet50", "densenet121", "efficientnet_b0", "mobilenet_v3_large"])
def test_repeated_merges_are_what_computing_them_again_gives(
    write_spec: Any, monkeypatch: pytest.MonkeyPatch, zoo_model: str
) -> None:
    # A merge on the same shapes as an earlier one takes its kept outcome (steps and all).
    from cnncalc import zoo

    paths = [write_spec(MERGES), zoo.path_of(zoo_model)]
    kept = [compute_file(path).result for path in paths if path is not None]
    _afresh(monkeypatch)
    assert kept == [compute_file(path).result for path in paths if path is not None]


def test_a_merge_after_kept_ones_is_refused_naming_its_own_inputs(write_spec: Any) -> None:
    spec = write_spec(MERGES + "  - {type: add, inputs: [c, input]}\n")
    result = run_cli(str(spec), "--format", "json")
    assert result.returncode == 2
    assert (
        "layer 10 (add_3), inputs: add needs inputs of one shape: 'c' is 4×8×8 but 'input'" in result.stderr
    )


# --- a graph written out without blocks --------------------------------------------------------

WRITTEN_OUT = [
    generated.graph_spec(13),
    "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 1, kernel: 1}\n"
    "  - {type: relu, name: r}\n  - {type: add, inputs: [conv_1, r, input]}\n"
    "  - {type: add, inputs: [add_1, r], expect: {output: [1, 8, 8]}}\n",
    # a name taken twice, and a layer called 'input': reported later, wired as the expander does
    "input: [1, 8, 8]\nlayers:\n  - {type: relu, name: a}\n  - {type: relu, name: a}\n"
    "  - {type: relu, name: input}\n  - {type: add, inputs: [a, input]}\n",
]


@pytest.mark.parametrize("text", WRITTEN_OUT)
def test_a_graph_without_blocks_is_wired_as_the_expander_wires_it(text: str) -> None:
    import yaml

    from cnncalc.spec.blocks import expand

    data = yaml.safe_load(text)
    wired = expand(data, "spec.yaml", lambda loc: None)
    walked = expand({**data, "blocks": {}}, "spec.yaml", lambda loc: None)  # blocks: the walk
    assert wired == walked
    assert [list(layer) for layer in wired.layers] == [list(layer) for layer in walked.layers]


@pytest.mark.parametrize(
    "layers",
    [
        "  - {type: relu, name: a}\n  - {type: add, inputs: [a, b]}\n  - {type: relu, name: b}\n",
        "  - {type: relu, name: a}\n  - {type: add, inputs: [a, nowhere]}\n",
        "  - {type: relu, name: a}\n  - {type: add, inputs: a}\n",
        "  - {type: relu, name: a}\n  - {type: add, inputs: [a, '']}\n",
        "  - {type: relu, name: a}\n  - {type: conv2d, filters: 1, kernel: ['${k}', 1], inputs: [a]}\n",
        "  - {type: relu, name: a}\n  - {type: relu, inputs: [a], when: false}\n  - {type: relu}\n",
    ],
)
def test_a_graph_the_expander_must_walk_reports_what_it_did(write_spec: Any, layers: str) -> None:
    # Each is a graph without blocks with something wrong or something to expand: its errors
    # (or its output) are those of the same spec with an empty blocks: (which always walks).
    text = "input: [1, 8, 8]\nlayers:\n" + layers
    plain = run_cli(str(write_spec(text)), "--format", "json")
    walked = run_cli(str(write_spec(text + "blocks: {}\n")), "--format", "json")  # the same path
    assert (plain.returncode, plain.stdout, plain.stderr) == (walked.returncode, walked.stdout, walked.stderr)


# --- a layer written as an earlier one ---------------------------------------------------------


@pytest.mark.parametrize(
    ("second", "error"),
    [
        ("filters: 4.0, kernel: 1, bias: true", "filters: must be a whole number, got 4.0"),
        ("filters: 4, kernel: 1, bias: 1", "bias: must be true or false, got 1"),
        ("filters: true, kernel: 1, bias: true", "filters: must be a whole number, got true"),
    ],
)
def test_a_layer_equal_in_python_to_an_earlier_one_is_still_validated(
    write_spec: Any, second: str, error: str
) -> None:
    # 4 == 4.0 and 1 == True in Python: the second layer is not the first one written again.
    first = "filters: 4, kernel: 1, bias: true"
    spec = write_spec(
        f"input: [1, 8, 8]\nlayers:\n  - {{type: conv2d, {first}}}\n  - {{type: conv2d, {second}}}\n"
    )
    result = run_cli(str(spec), "--format", "json")
    assert result.returncode == 2
    assert result.stderr.endswith(f"spec.yaml:4: layer 2, {error}\n")


def test_layers_written_alike_are_each_their_own_row(write_spec: Any) -> None:
    spec = write_spec(
        "input: [1, 8, 8]\nlayers:\n" + "  - {type: conv2d, filters: 2, kernel: 3, padding: 1}\n" * 3
    )
    data = json.loads(run_cli(str(spec), "--format", "json").stdout)
    assert [(layer["index"], layer["name"]) for layer in data["layers"]] == [
        (1, "conv_1"),
        (2, "conv_2"),
        (3, "conv_3"),
    ]
    # 3·3·1·2 + 2 = 20, then 3·3·2·2 + 2 = 38 twice
    assert [layer["params"] for layer in data["layers"]] == [20, 38, 38]


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec=None) | st.sampled_from(["\n", "\ud800", "\x85", "\u202e", "−", "×"])))
def test_a_document_is_printable_but_its_line_breaks_as_isprintable_says(text: str) -> None:
    """The byte-table test of a whole JSON document (cnncalc.text) against str.isprintable."""
    from cnncalc.text import _printable_but_line_breaks

    assert _printable_but_line_breaks(text) == text.replace("\n", "").isprintable()
