"""A dense layer on a feature map: flatten first, per position on the channels (Keras' Dense), or
on the last axis (PyTorch's nn.Linear). Which spelling means what:

- ``affine`` (밑바닥부터 시작하는 딥러닝's Affine, ``x.reshape(N, -1)`` first): flattens, in = C·H·W;
- ``dense``, ``Dense``, ``linear``, ``Linear``, ``fc``, ``fully_connected``: the convention's
  reading; without one, per position on C with a warning.

The counts are worked by hand for the book's SimpleConvNet (1×28×28, conv 30 filters 5×5, relu,
max pool 2, affine 100, relu, affine 10): conv (5·5·1 + 1)·30 = 780; pool → 30×12×12 = 4,320
values; affine (4,320 + 1)·100 = 432,100; affine (100 + 1)·10 = 1,010; total 433,890. Per
position on the 30 channels: (30 + 1)·100 = 3,100, then (100 + 1)·10 = 1,010: 4,890. PyTorch's
nn.Linear acts on the last dimension ("Input: (*, H_in)", its documentation): in = W = 12,
(12 + 1)·100 = 1,300, output 30×12×100, then (100 + 1)·10 = 1,010, output 30×12×10: 3,090.
"""

from __future__ import annotations

import json

from cnncalc.spec.aliases import normalise_layer
from tests.conftest import SPECS
from tests.conftest import run_cli as cli

SIMPLE_CONV_NET = """
name: SimpleConvNet
input: [1, 28, 28]
layers:
  - {type: conv, filters: 30, kernel: 5}
  - {type: relu}
  - {type: maxpool, kernel: 2}
  - {type: DENSE, units: 100}
  - {type: relu}
  - {type: DENSE, units: 10}
"""


def net(dense: str, flatten: bool = False, input_line: str = "input: [1, 28, 28]") -> str:
    text = SIMPLE_CONV_NET.replace("DENSE", dense).replace("input: [1, 28, 28]", input_line)
    if flatten:
        text = text.replace(
            "  - {type: " + dense + ", units: 100}",
            "  - {type: flatten}\n  - {type: " + dense + ", units: 100}",
        )
    return text


def data_of(path, *options: str) -> dict:
    result = cli(str(path), "--format", "json", *options)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_forgotten_flatten_is_a_warning_naming_every_reading(write_spec) -> None:
    for spelling in ("dense", "Dense", "linear", "Linear", "fc"):
        data = data_of(write_spec(net(spelling)))
        assert data["total_params"] == 4_890, spelling
        assert [w["kind"] for w in data["warnings"]] == ["dense_not_flat", "dense_not_flat"]
        first = data["warnings"][0]["message"]
        assert "30×12×12" in first
        for count in ("3,100", "432,100", "1,300"):
            assert count in first, count
    assert cli(str(write_spec(net("dense"))), "--strict").returncode == 1


def test_with_the_flatten_the_book_count(write_spec) -> None:
    data = data_of(write_spec(net("dense", flatten=True)))
    assert data["total_params"] == 433_890 and data["warnings"] == []


def test_affine_flattens_as_the_books_affine(write_spec) -> None:
    data = data_of(write_spec(net("affine")))
    assert data["total_params"] == 433_890 and data["warnings"] == []
    assert data["layers"][3]["output_shape"] == [100]
    assert data["layers"][3]["params"] == 432_100
    explain = cli(str(write_spec(net("affine"))), "--explain", "--lang", "en")
    assert "params = (C·H·W + 1)·units = (30·12·12 + 1)·100 = 432,100" in explain.stdout


def test_the_spelling_table() -> None:
    assert normalise_layer({"type": "affine", "units": 10})["reading"] == "flatten"
    assert normalise_layer({"type": "Affine", "units": 10})["reading"] == "flatten"
    for spelling in ("dense", "Dense", "linear", "Linear", "fc", "fully_connected"):
        layer = normalise_layer({"type": spelling, "units": 10})
        assert layer["type"] == "dense" and "reading" not in layer, spelling
    # A reading written out wins over the spelling.
    assert normalise_layer({"type": "affine", "units": 10, "reading": "channels"})["reading"] == "channels"


def test_pytorch_linear_reads_the_last_axis(write_spec) -> None:
    data = data_of(write_spec(net("linear")), "--convention", "pytorch")
    assert data["total_params"] == 780 + 1_300 + 1_010
    assert data["layers"][3]["output_shape"] == [30, 12, 100]
    assert data["layers"][5]["output_shape"] == [30, 12, 10]
    assert data["warnings"] == []  # the convention says which
    assert [n["kind"] for n in data["layers"][3]["notes"]] == ["dense_reading"]
    # MACs: W·units per position, 12·100·(30·12) = 432,000.
    assert data["layers"][3]["macs"] == 432_000


def test_keras_dense_reads_the_channels_of_h_w_c(write_spec) -> None:
    # Keras: Input((28, 28, 1)), Conv2D(30, 5), MaxPooling2D(2), Dense(100) on (12, 12, 30):
    # (30 + 1)·100 = 3,100, output (12, 12, 100).
    path = write_spec(net("Dense", input_line="input: [28, 28, 1]"))
    data = data_of(path, "--convention", "keras")
    assert data["total_params"] == 4_890 and data["warnings"] == []
    assert data["layers"][3]["output_shape"] == [100, 12, 12]
    assert "12×12×100" in cli(str(path), "--convention", "keras").stdout


def test_caffe_inner_product_flattens(write_spec) -> None:
    # Caffe's InnerProduct flattens from axis 1: the book's count.
    assert data_of(write_spec(net("fc")), "--convention", "caffe")["total_params"] == 433_890


def test_reading_written_in_the_spec_silences_the_warning(write_spec) -> None:
    text = net("dense").replace("units: 100}", "units: 100, reading: flatten}")
    data = data_of(write_spec(text))
    assert data["layers"][3]["params"] == 432_100
    assert [w["layer"] for w in data["warnings"]] == []  # the second dense now sees a flat [100]
    text = net("dense").replace("units: 100}", "units: 100, reading: last_axis}")
    assert data_of(write_spec(text))["layers"][3]["params"] == 1_300


def test_on_a_1x1_map_every_reading_agrees_and_it_stays_a_note() -> None:
    # LeNet-5's F6 on C5's 120×1×1: (120 + 1)·84 = 10,164 flattened or per position.
    for options in ((), ("--convention", "pytorch"), ("--convention", "keras")):
        data = json.loads(cli(str(SPECS / "lenet5.yaml"), "--format", "json", *options).stdout)
        assert data["total_params"] == 61_706 and data["warnings"] == [], options
        assert data["layers"][5]["params"] == 10_164
        assert [n["kind"] for n in data["layers"][5]["notes"]] == ["dense_per_position"]


def test_explain_shows_each_readings_working(write_spec) -> None:
    text = " ".join(cli(str(write_spec(net("dense"))), "--explain", "--lang", "en").stdout.split())
    assert "params = (C·H·W + 1)·units = (30·12·12 + 1)·100 = 432,100" in text
    assert "params = (C + 1)·units = (30 + 1)·100 = 3,100" in text
    assert "params = (W + 1)·units = (12 + 1)·100 = 1,300" in text
