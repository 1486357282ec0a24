"""``cnncalc run`` (cnncalc/cli/run.py and the format dispatch, cnncalc/cli/dispatch.py): the JSON
contract, each format, several specs, --strict."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from cnncalc.cli import app
from tests.conftest import SPECS

LENET = str(SPECS / "lenet5.yaml")
MISMATCH = str(SPECS / "stride_mismatch.yaml")

# Issue 2's contract, plus the keys added since (additions only, never a rename or a removal).
NETWORK_KEYS = {
    "name",
    "input_shape",
    "output_shape",
    "total_params",
    "trainable_params",
    "non_trainable_params",
    "total_macs",
    "ok",
    "warnings",
    "layers",
}
NETWORK_ADDED = {
    "param_bytes",
    "activation_bytes",
    # issue 4: receptive field and memory at --dtype
    "dtype",
    "dtype_param_bytes",
    "dtype_activation_bytes",
    "receptive_field",
}
LAYER_KEYS = {
    "index",
    "name",
    "type",
    "input_shape",
    "output_shape",
    "params",
    "trainable_params",
    "macs",
    "warnings",
}
LAYER_ADDED = {
    "non_trainable_params",
    "notes",
    # issue 4: graphs, blocks, receptive field, memory
    "inputs",
    "input_shapes",
    "block_path",
    "receptive_field",
    "activation_elements",
    "memory_bytes",
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_json_keys_are_the_contract() -> None:
    code, stdout, stderr = invoke(LENET, "--format", "json")
    assert (code, stderr) == (0, "")
    data = json.loads(stdout)
    assert set(data) == NETWORK_KEYS | NETWORK_ADDED
    for layer in data["layers"]:
        assert set(layer) == LAYER_KEYS | LAYER_ADDED
    assert [layer["index"] for layer in data["layers"]] == list(range(1, 8))
    assert data["input_shape"] == [1, 32, 32]
    assert data["output_shape"] == [10, 1, 1]
    assert (data["total_params"], data["trainable_params"], data["non_trainable_params"]) == (
        61_706,
        61_706,
        0,
    )
    # MACs by hand: 6·784·25 + 16·100·150 + 120·1·400 + 120·84 + 84·10
    assert data["total_macs"] == 117_600 + 240_000 + 48_000 + 10_080 + 840
    assert data["param_bytes"] == 61_706 * 4
    assert data["ok"] is True and data["warnings"] == []
    assert data["layers"][4] | {"warnings": None, "notes": None} == {
        "index": 5,
        "name": "C5",
        "type": "conv",
        "input_shape": [16, 5, 5],
        "output_shape": [120, 1, 1],
        "params": 48_120,
        "trainable_params": 48_120,
        "non_trainable_params": 0,
        "macs": 48_000,
        "warnings": None,
        "notes": None,
        "inputs": ["S4"],
        "input_shapes": [[16, 5, 5]],
        "block_path": [],
        # By hand: C1 F5 → r 5, start 2; S2 F2 S2 → 6, j 2, 2.5; C3 F5 → 6 + 4·2 = 14, 6.5;
        # S4 → 16, j 4, 7.5; C5 F5 → 16 + 4·4 = 32, start 7.5 + 2·4 = 15.5.
        "receptive_field": {"size": [32, 32], "jump": [4, 4], "start": [15.5, 15.5]},
        "activation_elements": 120,
        "memory_bytes": 480,
    }


def test_json_warning_entry_for_a_stride_that_does_not_fit() -> None:
    code, stdout, _ = invoke(MISMATCH, "--format", "json")
    assert code == 0
    data = json.loads(stdout)
    assert data["ok"] is True
    assert [(w["layer"], w["kind"], w["axis"], w["exact"]) for w in data["warnings"]] == [
        (1, "stride_does_not_fit", 1, "7/3"),
        (1, "stride_does_not_fit", 2, "7/3"),
    ]
    assert data["layers"][0]["warnings"] == data["warnings"]


def test_several_specs_give_a_json_array() -> None:
    code, stdout, _ = invoke(LENET, str(SPECS / "cs231n_conv.yaml"), "--format", "json")
    assert code == 0
    data = json.loads(stdout)
    assert isinstance(data, list)
    assert [d["total_params"] for d in data] == [61_706, 760]


def test_a_bad_spec_among_good_ones(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 1}\n", encoding="utf-8")
    code, stdout, stderr = invoke(LENET, str(bad), str(SPECS / "cs231n_conv.yaml"), "--format", "json")
    assert code == 2
    assert [d["name"] for d in json.loads(stdout)] == ["LeNet-5", "CS231n conv example"]
    assert stderr.splitlines() == [
        f"error: {bad}:3: layer 1, kernel: required field is missing (the window size, e.g. kernel: 3)"
    ]


def test_strict_exit_1_and_ok_false() -> None:
    code, stdout, _ = invoke(MISMATCH, "--strict", "--format", "json")
    assert code == 1
    assert json.loads(stdout)["ok"] is False
    code, _, _ = invoke(LENET, "--strict")
    assert code == 0


def test_table_format() -> None:
    code, stdout, stderr = invoke(MISMATCH)
    assert (code, stderr) == (0, "")
    assert "Stride that does not fit" in stdout
    assert "⚠ stride does not fit: 7/3 (2.33) → 2" in stdout
    assert "Total params: 10" in stdout


def test_markdown_format() -> None:
    code, stdout, _ = invoke(LENET, "--format", "markdown")
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0] == "### LeNet-5"
    assert "| # | Name | Type | Input | Output | Params | MACs | Notes |" in lines
    assert any(line.startswith("| 5 | C5 | conv | 16×5×5 | 120×1×1 | 48,120 |") for line in lines)
    assert "**Total params:** 61,706 (trainable 61,706, non-trainable 0)  " in lines


def test_csv_format() -> None:
    code, stdout, _ = invoke(LENET, MISMATCH, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert len(rows) == 8
    assert rows[0] == {
        "spec": "LeNet-5",
        "index": "1",
        "name": "C1",
        "type": "conv",
        "input_shape": "1x32x32",
        "output_shape": "6x28x28",
        "params": "156",
        "trainable_params": "156",
        "macs": "117600",
        "warnings": "",
        "inputs": "input",
    }
    assert rows[-1]["spec"] == "Stride that does not fit"
    assert "7/3" in rows[-1]["warnings"]


def test_format_is_case_insensitive_and_a_bad_one_is_a_usage_error() -> None:
    assert invoke(MISMATCH, "--format", "JSON")[0] == 0
    code, stdout, stderr = invoke(MISMATCH, "--format", "xml")
    assert code == 2
    assert stdout == ""
    assert "xml" in stderr
