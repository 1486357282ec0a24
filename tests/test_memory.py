"""Per-layer memory: activation elements × bytes per value of --dtype, worked by hand."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cnncalc.cli import app
from tests.conftest import SPECS

runner = CliRunner()


def test_json_memory_per_layer_follows_dtype() -> None:
    spec = str(SPECS / "lenet5.yaml")
    default = json.loads(runner.invoke(app, [spec, "--format", "json"]).stdout)
    half = json.loads(runner.invoke(app, [spec, "--format", "json", "--dtype", "float16"]).stdout)
    int8 = json.loads(runner.invoke(app, [spec, "--format", "json", "--dtype", "int8"]).stdout)
    # C1's output 6×28×28 = 4,704 values: 18,816 B at float32, 9,408 at float16, 4,704 at int8.
    assert default["dtype"] == "float32"
    assert [data["layers"][0]["memory_bytes"] for data in (default, half, int8)] == [18_816, 9_408, 4_704]
    assert default["layers"][0]["activation_elements"] == 4_704
    # The float32 totals of the core contract do not move with --dtype; the dtype ones do.
    assert half["param_bytes"] == default["param_bytes"] == 61_706 * 4
    assert half["dtype_param_bytes"] == 61_706 * 2


def test_table_memory_column_only_with_dtype() -> None:
    spec = str(SPECS / "lenet5.yaml")
    plain = runner.invoke(app, [spec]).stdout
    assert "Memory (float32)" in plain and "┃ Memory" not in plain
    half = runner.invoke(app, [spec, "--dtype", "float16"]).stdout
    assert "Memory" in half and "9.2 KiB" in half  # 9,408 B / 1,024
    assert "Memory (float16)" in half


def test_unknown_dtype_is_a_usage_error() -> None:
    result = runner.invoke(app, [str(SPECS / "lenet5.yaml"), "--dtype", "float64"])
    assert result.exit_code == 2


def test_markdown_takes_the_same_columns() -> None:
    out = runner.invoke(
        app, [str(SPECS / "lenet5.yaml"), "--format", "markdown", "--rf", "--dtype", "int8"]
    ).stdout
    assert (
        "| # | Name | Type | Input | Output | Params | MACs | RF | Jump | Start | Memory (int8) | Notes |"
        in out
    )
    # C1: 6×28×28 = 4,704 bytes at int8 (4.6 KiB); field 5, jump 1, centre of the first at pixel 2.
    assert "| 1 | C1 | conv | 1×32×32 | 6×28×28 | 156 | 117,600 | 5 | 1 | 2 | 4.6 KiB |  |" in out
