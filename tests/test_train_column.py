"""--train's ``Train mem`` column: each layer's share of the step in every format with a layer
table, a folded block's the sum of its layers', dropped late on a narrow terminal, laid out by
the fast table as rich lays it out. The figures are worked by hand from the rules (README,
"Training memory"): a layer's weights with their gradients and optimizer state, its buffers, and
the activations its backward is the first to keep."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cnncalc.engine import training as tr
from cnncalc.render.i18n import Lang
from tests.conftest import SPECS, run_cli
from tests.test_fasttable import MAX_WIDTH, SETTINGS, assert_as_rich, graph, layer_table, natural_width
from tests.test_properties import compute, network

LENET = str(SPECS / "lenet5_torch.yaml")
ADAM_256 = ["--batch", "256", "--train", "--optimizer", "adam"]
# LeNet-5 (PyTorch) at batch 256 with Adam, by hand. Adam keeps per parameter 4 B of weight, 4 of
# gradient and 8 of moments (16 B), and a 4-byte step count per tensor (weight and bias: 8 B).
# A tanh keeps its output, a conv or dense layer its input (4 B a value, 256 samples) unless a
# layer before it keeps that storage already (the pool's input is the tanh's output, F6's input
# is a view of tanh_3's); C1's input is the batch itself (the input term, not a layer's).
LENET_ADAM_256 = {
    "C1": 156 * 16 + 8,  # 2,504
    "tanh_1": 6 * 28 * 28 * 256 * 4,  # 4,816,896
    "S2": 0,  # its input is tanh_1's output
    "C3": 2_416 * 16 + 8 + 6 * 14 * 14 * 256 * 4,  # 38,664 + 1,204,224 (S2's output)
    "tanh_2": 16 * 10 * 10 * 256 * 4,  # 1,638,400
    "S4": 0,
    "C5": 48_120 * 16 + 8 + 16 * 5 * 5 * 256 * 4,  # 769,928 + 409,600
    "tanh_3": 120 * 256 * 4,  # 122,880
    "flatten_1": 0,  # a view
    "F6": 10_164 * 16 + 8,  # its input is tanh_3's storage
    "tanh_4": 84 * 256 * 4,  # 86,016
    "OUTPUT": 850 * 16 + 8,  # its input is tanh_4's
}
# A block folded by --depth 0, with SGD (no state: 8 B a parameter) at batch 2.
TINY = """\
name: tiny
input: [1, 4, 4]
blocks:
  pair:
    layers:
      - {type: conv, filters: 2, kernel: 1, bias: false, name: c}
      - {type: relu, name: r}
layers:
  - {type: conv, filters: 2, kernel: 1, bias: false, name: stem}
  - {block: pair, name: b1}
  - {type: flatten}
  - {type: dense, units: 3, name: fc}
"""
TINY_SGD_2 = {
    "stem": 2 * 8,  # 2 weights; its input is the batch
    "b1.c": 4 * 8 + 2 * 4 * 4 * 2 * 4,  # 4 weights, and stem's 2×4×4 output (256 B)
    "b1.r": 2 * 4 * 4 * 2 * 4,  # its output, 256 B
    "flatten_1": 0,
    "fc": (32 * 3 + 3) * 8,  # its input is a view of b1.r's output
}


def _csv_rows(*args: str) -> list[dict[str, str]]:
    out = run_cli(*args, "--format", "csv")
    assert out.returncode == 0, out.stderr
    return list(csv.DictReader(io.StringIO(out.stdout)))


def test_lenet_at_batch_256_with_adam_by_hand() -> None:
    rows = _csv_rows(LENET, *ADAM_256)
    assert {row["name"]: int(row["train_memory_bytes"]) for row in rows} == LENET_ADAM_256


def test_the_column_is_the_json_layers_total() -> None:
    import json

    out = run_cli(LENET, *ADAM_256, "--format", "json")
    layers = json.loads(out.stdout)["layers"]
    assert {layer["name"]: layer["training_memory"]["total"] for layer in layers} == LENET_ADAM_256
    assert set(layers[0]["training_memory"]) == {"weights", "saved_activations", "total"}


def test_a_folded_block_sums_its_layers(write_spec: Any) -> None:
    spec = str(write_spec(TINY))
    args = [spec, "--batch", "2", "--train", "--optimizer", "sgd"]
    assert {row["name"]: int(row["train_memory_bytes"]) for row in _csv_rows(*args)} == TINY_SGD_2
    folded = {row["name"]: int(row["train_memory_bytes"]) for row in _csv_rows(*args, "--depth", "0")}
    assert folded["b1"] == 32 + 256 + 256
    table = run_cli(*args, "--depth", "0")
    assert "▸ b1" in table.stdout and "544 B" in table.stdout


def test_the_column_in_the_terminal_table_and_no_second_table() -> None:
    out = run_cli(LENET, *ADAM_256)
    assert out.returncode == 0, out.stderr
    header = next(line for line in out.stdout.splitlines() if "Params" in line)
    assert header.index("MACs") < header.index("Train mem") < header.index("Notes")
    tanh = next(line for line in out.stdout.splitlines() if " tanh_1 " in line)
    assert "4.6 MiB" in tanh  # 4,816,896 B / 2**20 = 4.59
    assert "Training memory per layer" not in out.stdout
    assert "Training memory, one step (batch 256, adam): 15.7 MiB" in out.stdout


def test_korean_title() -> None:
    out = run_cli(LENET, *ADAM_256, "--lang", "ko")
    assert "학습 메모리" in out.stdout.splitlines()[2]


@pytest.mark.parametrize(
    ("fmt", "cell"),
    [
        ("markdown", "| 2 | tanh\\_1 | tanh | 6×28×28 | 6×28×28 | 0 | 0 | 4.6 MiB |  |"),
        ("latex", r"tanh\_1 & tanh & 6$\times$28$\times$28 & 6$\times$28$\times$28 & 0 & 0 & 4.6 MiB &  \\"),
        ("html", '<td class="num">0</td><td class="num">4.6 MiB</td><td class="notes"></td></tr>'),
    ],
)
def test_the_column_and_the_summary_in_each_format(fmt: str, cell: str) -> None:
    out = run_cli(LENET, *ADAM_256, "--fit", "1GiB", "--format", fmt)
    assert out.returncode == 0, out.stderr
    assert "Train mem" in out.stdout
    assert cell in out.stdout
    assert "15.7 MiB at its peak" in out.stdout
    assert "Largest batch in 1.0 GiB" in out.stdout


def test_without_train_no_column_anywhere() -> None:
    for fmt in ("table", "markdown", "latex", "html", "csv"):
        out = run_cli(LENET, "--batch", "256", "--format", fmt)
        assert out.returncode == 0, out.stderr
        assert "Train mem" not in out.stdout and "train_memory_bytes" not in out.stdout


def test_fit_in_csv_is_one_line_and_exit_2() -> None:
    out = run_cli(LENET, "--fit", "1GiB", "--format", "csv")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "--format csv" in out.stderr


def test_csv_puts_the_column_last_after_the_dtype_columns() -> None:
    out = run_cli(LENET, *ADAM_256, "--dtype", "float16", "--rf", "--format", "csv")
    header = out.stdout.splitlines()[0].split(",")
    assert header[-3:] == ["memory_bytes", "dtype", "train_memory_bytes"]


def test_a_narrow_terminal_drops_it_after_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 60 columns Type, Input and MACs go and Train mem stays; narrower, --dtype's Memory goes
    before it, and at 40 it goes too, named under the table."""
    monkeypatch.setenv("COLUMNS", "60")
    out = run_cli(LENET, *ADAM_256)
    assert "Train mem" in out.stdout and "Not shown at 60 columns: Type, Input, MACs" in out.stdout
    monkeypatch.setenv("COLUMNS", "64")
    both = run_cli(LENET, *ADAM_256, "--dtype", "float16")
    assert "Train mem" in both.stdout and "Memory" in both.stdout.split("Not shown")[1].split("\n\n")[0]
    monkeypatch.setenv("COLUMNS", "40")
    narrow = run_cli(LENET, *ADAM_256)
    assert "Train mem" in narrow.stdout.split("Not shown")[1]
    assert all(len(line) <= 40 for line in narrow.stdout.split("Total params")[0].splitlines())


@SETTINGS
@given(graph() | network(), st.sampled_from(["sgd", "adam"]), st.sampled_from(list(Lang)), st.data())
def test_the_fast_table_with_the_column_is_rich_layout(
    data: dict[str, Any], optimizer: str, lang: Lang, drawn: Any
) -> None:
    result = compute(data)
    shares = [share.total for share in tr.estimate(result, 4, optimizer).layers]
    table = layer_table(result, lang=lang, train=shares)
    assume(natural_width(table) <= MAX_WIDTH)
    width = drawn.draw(st.integers(max(natural_width(table), 30), MAX_WIDTH), label="width")
    assert_as_rich(table, width, drawn.draw(st.booleans(), label="colour"))


HOSTILE = """\
name: hostile
input: [1, 8, 8]
layers:
  - {type: conv, filters: 4, kernel: 3, name: "c"}
  - {type: relu, name: "<i>r|_x_</i>"}
"""


@pytest.mark.parametrize(
    ("fmt", "escaped"),
    [
        ("html", "&lt;i&gt;r|_x_&lt;/i&gt;"),
        ("markdown", r"&lt;i&gt;r\|\_x\_&lt;/i&gt;"),
        ("latex", r"\textless{}i\textgreater{}r\textbar{}\_x\_\textless{}/i\textgreater{}"),
    ],
)
def test_a_name_in_the_summary_lines_is_escaped(write_spec: Any, fmt: str, escaped: str) -> None:
    """The peak's layer (here the ReLU's backward) is named in the summary, escaped as in the table."""
    out = run_cli(str(write_spec(HOSTILE)), "--train", "--batch", "64", "--format", fmt)
    assert out.returncode == 0, out.stderr
    assert f"at its peak (the backward of {escaped})" in out.stdout
    assert "<i>" not in out.stdout
