"""Keras models read by cnncalc, compared with what Keras itself computed.

``tests/data/keras`` holds models built by ``tools/keras_reference.py`` (config-only ``.keras``
files and ``to_json()`` files) and ``tests/reference/keras`` Keras' own ``count_params()``, its
trainable and non-trainable counts and every layer's output shape, recorded when the models were
built (Keras 3.15 on torch 2.13). These tests need no Keras; with ``CNNCALC_KERAS_PYTHON`` (and
``KERAS_BACKEND``) the last one builds the models again and compares the fresh files too.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_cli

DATA = ROOT / "tests" / "data" / "keras"
REFERENCE = ROOT / "tests" / "reference" / "keras"
# keras.applications' MobileNetV2 pads asymmetrically before its stride-2 depthwise convolutions
# (ZeroPadding2D(((0, 1), (0, 1)))): cnncalc reads each as that convolution with 'same' padding,
# which pads so (checked on the shapes), and the padding layer is not a row of its own.
READ = sorted(p.stem for p in REFERENCE.glob("*.json"))
FOLDED = {"mobilenet_v2": {"block_1_pad", "block_3_pad", "block_6_pad", "block_13_pad"}}


def _computed(path: Path) -> dict[str, Any]:
    done = run_cli(str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _channels_last(shape: list[int]) -> list[int]:
    """cnncalc's JSON keeps shapes channels-first; Keras writes them channels-last."""
    return shape[1:] + shape[:1] if len(shape) > 1 else shape


def _compare(computed: dict[str, Any], reference: dict[str, Any], folded: Collection[str] = ()) -> None:
    assert computed["total_params"] == reference["count_params"]
    assert computed["trainable_params"] == reference["trainable_params"]
    assert computed["non_trainable_params"] == reference["non_trainable_params"]
    assert _channels_last(computed["input_shape"]) == reference["input"]
    layers = {layer["name"]: layer for layer in computed["layers"]}
    kept = [layer for layer in reference["layers"] if layer["name"] not in folded]
    assert [layer["name"] for layer in computed["layers"]] == [layer["name"] for layer in kept]
    for expected in kept:
        layer = layers[expected["name"]]
        assert _channels_last(layer["output_shape"]) == expected["output"], expected
        assert layer["params"] == expected["params"], expected


@pytest.mark.parametrize("model", READ)
def test_a_keras_file_counts_and_shapes_as_keras(model: str) -> None:
    reference = json.loads((REFERENCE / f"{model}.json").read_text())
    _compare(_computed(DATA / f"{model}.keras"), reference, FOLDED.get(model, set()))


@pytest.mark.parametrize("model", [name for name in READ if (DATA / f"{name}.json").exists()])
def test_a_to_json_file_counts_and_shapes_as_keras(model: str) -> None:
    reference = json.loads((REFERENCE / f"{model}.json").read_text())
    _compare(_computed(DATA / f"{model}.json"), reference, FOLDED.get(model, set()))


def test_the_references_are_keras_published_counts() -> None:
    # Independent of the run that recorded them: ResNet50's and MobileNetV2's model.summary()
    # totals as published with Keras (keras.io's table rounds them to 25.6M and 3.5M); LeNet-5 as
    # the seeds build it: (25+1)·6 + (150+1)·16 + (400+1)·120 + (120+1)·84 + (84+1)·10 = 61,706.
    counts = {name: json.loads((REFERENCE / f"{name}.json").read_text())["count_params"] for name in READ}
    assert counts["resnet50"] == 25_636_712
    assert counts["lenet5"] == 61_706
    assert json.loads((REFERENCE / "mobilenet_v2.json").read_text())["count_params"] == 3_538_984


def test_mobilenet_v2s_asymmetric_paddings_are_folded_into_their_convolutions() -> None:
    # Each padding layer's output, 1 larger on H and W, is its consumer's input in Keras.
    reference = {
        layer["name"]: layer for layer in json.loads((REFERENCE / "mobilenet_v2.json").read_text())["layers"]
    }
    computed = {layer["name"]: layer for layer in _computed(DATA / "mobilenet_v2.keras")["layers"]}
    assert reference["block_1_pad"]["output"] == [113, 113, 96]
    assert _channels_last(computed["block_1_depthwise"]["input_shape"]) == [112, 112, 96]
    assert (
        _channels_last(computed["block_1_depthwise"]["output_shape"])
        == reference["block_1_depthwise"]["output"]
    )


def test_models_built_now_by_keras_count_as_cnncalc(tmp_path: Path) -> None:
    python = os.environ.get("CNNCALC_KERAS_PYTHON")
    if not python:
        pytest.skip("set CNNCALC_KERAS_PYTHON (and KERAS_BACKEND) to a python that has keras")
    models = [name for name in READ if name not in ("resnet50", "mobilenet_v2")]  # the applications are slow
    env = {**os.environ, "KERAS_BACKEND": os.environ.get("KERAS_BACKEND", "torch")}
    tool = str(ROOT / "tools" / "keras_reference.py")
    subprocess.run([python, tool, "--out", str(tmp_path), *models], check=True, env=env, capture_output=True)
    for model in models:
        reference = json.loads((tmp_path / "reference" / f"{model}.json").read_text())
        _compare(_computed(tmp_path / f"{model}.keras"), reference, FOLDED.get(model, set()))


@pytest.mark.parametrize("model", READ)
def test_the_imported_spec_computes_as_the_keras_file(tmp_path: Path, model: str) -> None:
    spec = tmp_path / f"{model}.yaml"
    done = run_cli("import", str(DATA / f"{model}.keras"), "-o", str(spec))
    assert done.returncode == 0, done.stderr
    reference = json.loads((REFERENCE / f"{model}.json").read_text())
    _compare(_computed(spec), reference, FOLDED.get(model, set()))
