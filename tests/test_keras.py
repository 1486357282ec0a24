"""The Keras reader: configurations written by hand (Keras 2 and 3 layouts), the layer mapping,
and every bad file as one line, exit 2. The counts in comments are worked by hand from Keras'
documented rules (Conv2D: (FH·FW·C + 1)·FN; Dense: (in + 1)·units; BatchNormalization: 4·C)."""

from __future__ import annotations

import contextlib
import copy
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cnncalc.importers import keras
from cnncalc.spec.loader import read_document
from tests.conftest import ROOT, run_cli

DATA = ROOT / "tests" / "data" / "keras"

# Keras 2's to_json(): batch_input_shape on the first layer, no module or registered_name.
KERAS2_SEQUENTIAL: dict[str, Any] = {
    "class_name": "Sequential",
    "config": {
        "name": "mnist",
        "layers": [
            {
                "class_name": "Conv2D",
                "config": {
                    "name": "conv2d",
                    "batch_input_shape": [None, 28, 28, 1],
                    "filters": 32,
                    "kernel_size": [3, 3],
                    "strides": [1, 1],
                    "padding": "valid",
                    "data_format": "channels_last",
                    "activation": "relu",
                    "use_bias": True,
                },
            },
            {
                "class_name": "MaxPooling2D",
                "config": {"name": "pool", "pool_size": [2, 2], "strides": [2, 2]},
            },
            {"class_name": "Flatten", "config": {"name": "flatten"}},
            {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}},
        ],
    },
    "keras_version": "2.4.0",
    "backend": "tensorflow",
}

# Keras 2's Functional: inbound_nodes as [[name, node, tensor, kwargs], ...].
KERAS2_FUNCTIONAL: dict[str, Any] = {
    "class_name": "Functional",
    "config": {
        "name": "skip",
        "layers": [
            {
                "class_name": "InputLayer",
                "config": {"batch_input_shape": [None, 8, 8, 3], "name": "input_1"},
                "name": "input_1",
                "inbound_nodes": [],
            },
            {
                "class_name": "Conv2D",
                "config": {"name": "conv", "filters": 3, "kernel_size": [3, 3], "padding": "same"},
                "name": "conv",
                "inbound_nodes": [[["input_1", 0, 0, {}]]],
            },
            {
                "class_name": "Add",
                "config": {"name": "add"},
                "name": "add",
                "inbound_nodes": [[["conv", 0, 0, {}], ["input_1", 0, 0, {}]]],
            },
        ],
        "input_layers": [["input_1", 0, 0]],
        "output_layers": [["add", 0, 0]],
    },
    "keras_version": "2.9.0",
}


def _write(tmp_path: Path, data: dict[str, Any], name: str = "model.json", indent: int | None = None) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=indent))
    return path


def _json(done: Any) -> dict[str, Any]:
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _one_error(done: Any) -> str:
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
    text: str = done.stderr
    return text


def test_a_keras_2_sequential_model(tmp_path: Path) -> None:
    result = _json(run_cli(str(_write(tmp_path, KERAS2_SEQUENTIAL)), "--format", "json"))
    # conv (3·3·1 + 1)·32 = 320 → 26×26×32, pool → 13×13×32 = 5,408, dense (5,408 + 1)·10 = 54,090
    assert result["total_params"] == 320 + 54_090
    assert [layer["params"] for layer in result["layers"]] == [320, 0, 0, 54_090]
    assert result["layers"][1]["output_shape"] == [32, 13, 13]
    assert result["convention"] == "keras" and result["layout"] == "channels_last"


def test_a_keras_2_functional_graph_keeps_its_inputs(tmp_path: Path) -> None:
    document = read_document(_write(tmp_path, KERAS2_FUNCTIONAL))
    assert document.data["input"] == [8, 8, 3]
    assert document.data["layers"][1] == {"type": "add", "name": "add", "inputs": ["conv", "input"]}
    result = _json(run_cli(str(_write(tmp_path, KERAS2_FUNCTIONAL)), "--format", "json"))
    assert result["total_params"] == (27 + 1) * 3  # 3×3×3 kernel per filter + bias, 3 filters


def test_cnncalc_import_writes_the_spec_of_a_keras_file() -> None:
    done = run_cli("import", str(DATA / "lenet5.keras"))
    assert done.returncode == 0, done.stderr
    assert "convention: keras" in done.stdout and "layout: channels_last" in done.stdout
    assert "input: [32, 32, 1]" in done.stdout
    assert "- {type: conv, filters: 6, kernel: 5, activation: tanh, name: C1}" in done.stdout


@pytest.mark.parametrize(
    ("cls", "config", "expected"),
    [
        ("ReLU", {"max_value": 6.0}, {"type": "relu6"}),
        ("ReLU", {"negative_slope": 0.1}, {"type": "leaky_relu"}),
        ("Activation", {"activation": "linear"}, {"type": "activation", "function": "linear"}),
        ("Rescaling", {"scale": 0.5, "offset": 0}, {"type": "activation", "function": "linear"}),
        ("GlobalAveragePooling2D", {"keepdims": True}, {"type": "adaptive_avgpool", "output_size": 1}),
        (
            "UpSampling2D",
            {"size": [2, 3], "interpolation": "bilinear"},
            {"type": "upsample", "scale_factor": [2, 3], "mode": "bilinear"},
        ),
        ("ZeroPadding2D", {"padding": [[1, 1], [2, 2]]}, {"type": "zero_padding", "padding": [1, 2]}),
        (
            "MaxPooling2D",
            {"pool_size": [3, 3], "strides": [2, 2], "padding": "same"},
            {"type": "maxpool", "kernel": 3, "stride": 2, "padding": "same"},
        ),
        (
            "BatchNormalization",
            {"axis": 3, "center": False, "scale": False},
            {"type": "batchnorm", "affine": False},
        ),
        (
            "LayerNormalization",
            {"axis": [-1], "center": False},
            {"type": "layernorm", "over": "channels", "bias": False},
        ),
        # Keras' valid transposed conv: (N − 1)·S + max(K, S); K = 1, S = 2 needs output_padding 1.
        (
            "Conv2DTranspose",
            {"filters": 4, "kernel_size": [1, 1], "strides": [2, 2]},
            {"type": "conv_transpose", "filters": 4, "kernel": 1, "stride": 2, "output_padding": 1},
        ),
    ],
)
def test_a_layer_maps_onto_a_cnncalc_kind(cls: str, config: dict[str, Any], expected: dict[str, Any]) -> None:
    layer = keras._Layer(1, cls, {"name": "x", **config}, "x", None)
    assert keras._mapped(layer, 3) == expected


def test_reshape_maps_to_a_reshape_layer() -> None:
    # The target as Keras writes it: without the batch, channels-last, -1 inferred.
    assert keras.reshape({"name": "r", "target_shape": [7, 7, 64]}) == {
        "type": "reshape",
        "shape": [7, 7, 64],
    }
    assert keras.reshape({"name": "r", "target_shape": [-1, 32]}) == {"type": "reshape", "shape": [-1, 32]}


# A generator's start (DCGAN): Flatten → Dense → Reshape((7, 7, 64)) → Conv2DTranspose → Reshape((-1, 32)).
GENERATOR: dict[str, Any] = {
    "class_name": "Sequential",
    "config": {
        "name": "generator",
        "layers": [
            {"class_name": "Flatten", "config": {"name": "flat", "batch_input_shape": [None, 4, 4, 16]}},
            {"class_name": "Dense", "config": {"name": "project", "units": 3136, "use_bias": True}},
            {"class_name": "Reshape", "config": {"name": "to_map", "target_shape": [7, 7, 64]}},
            {
                "class_name": "Conv2DTranspose",
                "config": {
                    "name": "up",
                    "filters": 32,
                    "kernel_size": [4, 4],
                    "strides": [2, 2],
                    "padding": "same",
                    "data_format": "channels_last",
                    "use_bias": True,
                },
            },
            {"class_name": "Reshape", "config": {"name": "as_steps", "target_shape": [-1, 32]}},
        ],
    },
    "keras_version": "2.4.0",
    "backend": "tensorflow",
}


def test_a_reshape_is_read_channels_last_as_keras_writes_it(tmp_path: Path) -> None:
    # Keras 3.15 (torch backend) on this model: project (None, 3136) 805,952 = (256 + 1)·3136; to_map
    # (None, 7, 7, 64); up (None, 14, 14, 32) 32,800 = 4·4·64·32 + 32; as_steps (None, 196, 32).
    path = tmp_path / "generator.json"
    path.write_text(json.dumps(GENERATOR))
    done = run_cli(str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    shapes = {layer["name"]: layer["output_shape"] for layer in result["layers"]}
    # JSON's shapes are channels-first: 64×7×7, 32×14×14, 32×196.
    assert (shapes["to_map"], shapes["up"], shapes["as_steps"]) == ([64, 7, 7], [32, 14, 14], [32, 196])
    assert result["total_params"] == 838_752


def _resnet_block() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "resnet_block.json").read_text())
    return data


def _with_layer(index: int, **changes: Any) -> dict[str, Any]:
    data = _resnet_block()
    data["config"]["layers"][index].update(changes)
    return data


BAD_MODELS = {
    "custom layer": (
        _with_layer(3, class_name="MyBlock", module="my_layers", registered_name="Custom>MyBlock"),
        "layer 3 (re_lu, MyBlock): a custom layer (Custom>MyBlock)",
    ),
    "unknown class": (
        _with_layer(3, class_name="Frobnicate"),
        "layer 3 (re_lu, Frobnicate): not a Keras layer cnncalc knows",
    ),
    "asymmetric padding": (
        _with_layer(3, class_name="ZeroPadding2D", config={"name": "re_lu", "padding": [[0, 1], [0, 1]]}),
        "padding [[0, 1], [0, 1]] is not the same on both sides",
    ),
    "shared layer": (
        _with_layer(3, inbound_nodes=[_resnet_block()["config"]["layers"][3]["inbound_nodes"][0]] * 2),
        "layer 3 (re_lu, ReLU): the layer is called 2 times (a shared layer)",
    ),
    "empty nested model": (
        _with_layer(3, class_name="Functional", module="keras", config={"name": "re_lu", "layers": []}),
        "layer 3 (re_lu, Functional): the model has no layers",
    ),
    "subclassed model": ({**_resnet_block(), "class_name": "MyModel"}, "the model is a MyModel"),
}


@pytest.mark.parametrize("case", sorted(BAD_MODELS))
def test_a_model_cnncalc_cannot_read_is_one_line_naming_the_layer(tmp_path: Path, case: str) -> None:
    # Numbered as cnncalc's table numbers the model read whole: re_lu is its layer 3 (the input
    # is not a layer), though the fourth entry of Keras' configuration.
    table = _json(run_cli(str(DATA / "resnet_block.json"), "--format", "json"))["layers"]
    assert (table[2]["index"], table[2]["name"]) == (3, "re_lu")
    data, expected = BAD_MODELS[case]
    assert expected in _one_error(run_cli(str(_write(tmp_path, copy.deepcopy(data)))))


def _padded(size: int) -> dict[str, Any]:
    """Input size×size×3 → ZeroPadding2D(((0, 1), (0, 1))) → Conv2D(4, 3, strides=2), 'valid'."""
    pad = {"class_name": "ZeroPadding2D", "config": {"name": "pad", "padding": [[0, 1], [0, 1]]}}
    conv = {
        "class_name": "Conv2D",
        "config": {"name": "conv", "filters": 4, "kernel_size": [3, 3], "strides": [2, 2]},
    }
    source = {"class_name": "InputLayer", "config": {"name": "in", "batch_shape": [None, size, size, 3]}}
    return {"class_name": "Sequential", "config": {"name": "padded", "layers": [source, pad, conv]}}


def test_an_asymmetric_padding_that_is_tensorflows_same_is_folded(tmp_path: Path) -> None:
    # 8 + 1 = 9 → ⌊(9 − 3)/2⌋ + 1 = 4 in Keras; 'same' on 8 is ⌈8/2⌉ = 4, padding
    # (⌈8/2⌉ − 1)·2 + 3 − 8 = 1 pixel, after: the same (0, 1).
    result = _json(run_cli(str(_write(tmp_path, _padded(8))), "--format", "json"))
    assert [layer["name"] for layer in result["layers"]] == ["conv"]
    assert result["layers"][0]["output_shape"] == [4, 4, 4]
    assert result["total_params"] == (27 + 1) * 4


def test_an_asymmetric_padding_that_is_not_same_is_refused(tmp_path: Path) -> None:
    # On 7, 'same' pads (3·2 + 3 − 7) = 2 pixels, one each side: not Keras' (0, 1).
    text = _one_error(run_cli(str(_write(tmp_path, _padded(7)))))
    assert "layer 1 (pad, ZeroPadding2D): padding [[0, 1], [0, 1]] is not the same on both sides" in text


def test_an_input_of_unknown_size_says_how_to_give_one(tmp_path: Path) -> None:
    data = copy.deepcopy(KERAS2_SEQUENTIAL)
    data["config"]["layers"][0]["config"]["batch_input_shape"] = [None, None, None, 3]
    text = _one_error(run_cli(str(_write(tmp_path, data))))
    assert "the input's size on axis 1 is unknown (None)" in text and "keras.Input(shape=" in text


def test_an_error_in_a_to_json_file_gives_the_layers_line(tmp_path: Path) -> None:
    data = copy.deepcopy(KERAS2_SEQUENTIAL)
    data["config"]["layers"][3]["config"]["units"] = 0  # not a size: refused by cnncalc's own check
    path = _write(tmp_path, data, indent=2)
    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if '"name": "dense"' in text)
    assert f"model.json:{line}: layer 4 (dense)" in _one_error(run_cli(str(path)))


def test_a_spec_in_json_is_still_a_spec(tmp_path: Path) -> None:
    spec = {"input": [3, 8, 8], "layers": [{"type": "conv", "filters": 2, "kernel": 3}]}
    assert _json(run_cli(str(_write(tmp_path, spec)), "--format", "json"))["total_params"] == (27 + 1) * 2


# ── Bad .keras files ─────────────────────────────────────────────────────────────────────────


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_keras_zip_without_config_json(tmp_path: Path) -> None:
    path = _zip(tmp_path / "m.keras", {"metadata.json": b"{}", "model.weights.h5": b"x"})
    text = _one_error(run_cli(str(path)))
    assert "the archive has no config.json (it holds metadata.json, model.weights.h5)" in text


def test_a_file_named_keras_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "m.keras"
    path.write_text("name: net\n")
    assert "not a Keras model: a .keras file is a ZIP archive" in _one_error(run_cli(str(path)))


def test_a_cut_keras_file(tmp_path: Path) -> None:
    raw = (DATA / "lenet5.keras").read_bytes()
    path = tmp_path / "cut.keras"
    path.write_bytes(raw[: len(raw) // 2])
    assert "not a Keras model" in _one_error(run_cli(str(path)))


def test_a_config_json_that_is_not_json(tmp_path: Path) -> None:
    path = _zip(tmp_path / "m.keras", {"config.json": b'{"class_name": "Sequential",\n  "config": }'})
    assert "m.keras:config.json:2: malformed JSON" in _one_error(run_cli(str(path)))


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    # 17 MB of spaces deflate to about 17 KB: the declared size is over the 16 MB bound.
    path = _zip(tmp_path / "bomb.keras", {"config.json": b" " * (17 * 1024 * 1024)})
    assert path.stat().st_size < 100_000
    assert "config.json is larger than 16 MB uncompressed" in _one_error(run_cli(str(path)))


def test_an_archive_of_many_members_is_refused(tmp_path: Path) -> None:
    members = {f"assets/{i}": b"" for i in range(keras.MAX_MEMBERS + 1)}
    path = _zip(tmp_path / "many.keras", {"config.json": b"{}", **members})
    assert f"more than {keras.MAX_MEMBERS}" in _one_error(run_cli(str(path)))


def test_the_keras_reader_is_imported_only_for_a_keras_file() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import cnncalc.spec.loader as l; l.read_document('specs/lenet5.yaml');"
        " print('cnncalc.importers.keras' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def test_a_config_with_any_value_replaced_is_read_or_refused_never_a_traceback() -> None:
    # Hostile files: any value of a real configuration replaced by another type or a wrong value
    # (a dict where Keras writes a tensor's config found a .get on an int before this test).
    import random

    from cnncalc.errors import CnncalcError
    from cnncalc.pipeline import compute_document
    from cnncalc.spec.loader import parse_text

    weird: list[Any] = [
        None,
        "x",
        [],
        {},
        -1,
        0,
        10**12,
        True,
        2.5,
        [None],
        [[1]],
        {"a": 1},
        "same",
        [[0, 1], [0, 1]],
    ]
    bases = [
        json.loads((DATA / f"{name}.json").read_text()) for name in ("resnet_block", "unet_style", "transfer")
    ]
    rng = random.Random(14)
    for _ in range(300):
        data = copy.deepcopy(rng.choice(bases))
        for _ in range(2):  # each path taken after the previous change, so that it exists
            path = rng.choice(_paths(data)[1:])
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = rng.choice(weird)
        with contextlib.suppress(CnncalcError):
            compute_document(parse_text(json.dumps(data), "model.json", is_json=True))


def test_a_zip_that_understates_its_size_is_stopped_at_the_bound(tmp_path: Path) -> None:
    # The headers say 2 bytes; the member inflates to 17 MB. At most 16 MB + 1 byte is inflated
    # (zipfile stops at the declared size and finds the CRC wrong): one line, never 17 MB read.
    import struct

    path = _zip(tmp_path / "liar.keras", {"config.json": b" " * (17 * 1024 * 1024)})
    raw = bytearray(path.read_bytes())
    local, central = raw.find(b"PK\x03\x04"), raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, local + 22, 2)  # the local header's uncompressed size
    struct.pack_into("<I", raw, central + 24, 2)  # the central directory's
    path.write_bytes(bytes(raw))
    text = _one_error(run_cli(str(path)))
    assert "liar.keras: config.json cannot be read from the archive (Bad CRC-32" in text


def test_folded_paddings_are_said_under_the_table() -> None:
    # keras.applications' MobileNetV2 pads asymmetrically before its four stride-2 depthwise convs
    # (correct_pad): those ZeroPadding2D layers are no rows, and the user is told which.
    done = run_cli(str(DATA / "mobilenet_v2.keras"), "--format", "json")
    assert done.returncode == 0, done.stderr
    description = json.loads(done.stdout)["description"]
    assert "4 ZeroPadding2D layer(s)" in description and "block_1_pad → block_1_depthwise" in description
    # A model without such a fold has no description.
    assert "description" not in json.loads(run_cli(str(DATA / "lenet5.keras"), "--format", "json").stdout)
