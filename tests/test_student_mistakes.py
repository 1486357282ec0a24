"""Mistakes students make, found by walking through the README as a new user: each gets a hint
that points the right way (exit 2, one line, nothing on stdout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnncalc import __version__
from tests.conftest import SPECS
from tests.conftest import run_cli as cnncalc


@pytest.mark.parametrize(
    ("text", "name", "line", "hint"),
    [
        # Keras prints shapes H×W×C; the spec's input is channels-first.
        (
            "input: [32, 32, 3]\nlayers:\n  - {type: conv2d, filters: 6, kernel: 5}\n",
            "spec.yaml",
            3,
            "(input is channels-first [C, *spatial]: did you mean [3, 32, 32]?)",
        ),
        # The channel count left out of a 2-D input.
        (
            "input: [32, 32]\nlayers:\n  - {type: conv2d, filters: 6, kernel: 5}\n",
            "spec.yaml",
            3,
            "put the channel count first in input: [C, *spatial])",
        ),
        # A key indented one space too far.
        (
            "input: [1, 8, 8]\nlayers:\n  - type: conv2d\n     filters: 2\n    kernel: 3\n",
            "spec.yaml",
            4,
            "(check this line's indentation against the lines above it)",
        ),
        # A trailing comma, which JSON does not allow.
        (
            '{"input": [1, 8, 8], "layers": [{"type": "relu"},]}',
            "spec.json",
            1,
            "(remove the trailing comma)",
        ),
    ],
    ids=["channels_last_input", "channels_missing", "yaml_indentation", "json_trailing_comma"],
)
def test_hint_points_the_right_way(write_spec, text: str, name: str, line: int, hint: str) -> None:
    path = write_spec(text, name)
    result = cnncalc(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    (message,) = result.stderr.splitlines()
    assert message.startswith(f"error: {path}:{line}: ")
    assert message.endswith(hint)


def test_strict_failure_is_said_on_stderr() -> None:
    result = cnncalc(str(SPECS / "stride_mismatch.yaml"), "--strict")
    assert result.returncode == 1
    assert "│ 1 │ conv" in result.stdout
    assert result.stderr.splitlines() == [
        "failed: Stride that does not fit: 1 layer(s) with a stride that does not fit (--strict)"
    ]


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_draw_refuses_a_format_it_cannot_write(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"net{suffix}"
    result = cnncalc("draw", str(SPECS / "lenet5.yaml"), "-o", str(target))
    assert result.returncode == 2
    assert not target.exists()
    assert f"draw writes SVG or HTML, not '{suffix}'" in result.stderr


def test_keras_export_names_its_source_file() -> None:
    result = cnncalc("export", str(SPECS / "lenet5.yaml"), "--to", "keras")
    assert result.returncode == 0, result.stderr
    header = f'"""LeNet-5, exported by cnncalc {__version__} from lenet5.yaml.'
    assert result.stdout.splitlines()[0] == header


# --- hints that follow what is really before the layer (issue 10) ------------------------------------


@pytest.mark.parametrize(
    ("layers", "hint"),
    [
        # global_avgpool then a 1×1 conv (an SE block or NiN head written the PyTorch way): there is no
        # flatten; AdaptiveAvgPool2d(1) keeps 16×1×1, which the conv takes (before: "remove the flatten").
        ("  - {type: global_avgpool}\n  - {type: conv2d, filters: 4, kernel: 1}\n",
         "(global_avgpool ('global_avgpool_1') gives a flat C; for the C×1×1 a 1×1 conv takes, "
         "use {type: adaptive_avgpool, output_size: 1})"),
        ("  - {type: global_maxpool}\n  - {type: conv, filters: 4, kernel: 1}\n",
         "use {type: adaptive_maxpool, output_size: 1})"),
        # a flatten two layers back, through a relu that keeps its shape
        ("  - {type: flatten}\n  - {type: relu}\n  - {type: maxpool, kernel: 2}\n",
         "(remove the flatten before it ('flatten_1'), or move it after this layer)"),
        ("  - {type: flatten}\n  - {type: dense, units: 4}\n  - {type: conv2d, filters: 2, kernel: 1}\n",
         "('dense_1' (dense) gives a flat vector: put this layer before the dense layers)"),
    ],
    ids=["global_avgpool", "global_maxpool", "flatten_through_relu", "dense"],
)  # fmt: skip
def test_flat_input_hint_names_what_made_it(write_spec, layers: str, hint: str) -> None:
    result = cnncalc(str(write_spec("input: [16, 8, 8]\nlayers:\n" + layers)))
    assert (result.returncode, result.stdout) == (2, "")
    (message,) = result.stderr.splitlines()
    assert message.endswith(hint)
    assert "flatten" not in message or "flatten" in layers


@pytest.mark.parametrize(
    ("main", "hint"),
    [
        # 16×4×4 (a 2×2 pool) + 16×8×8: same channels; a 1×1 conv would change nothing. (16×1×1 +
        # 16×8×8 broadcasts since add took NumPy's rule: tests/test_multiply.py.)
        ("{type: maxpool, kernel: 2, name: main}",
         "(add broadcasts only sizes of 1, and only the spatial sizes differ (4×4 vs 8×8); give both "
         "branches the same strides and padding, or resize one)"),
        # 3×3, padding 1, 32 filters: 32×8×8 + 16×8×8: only the channels; a 1×1 conv with 32 filters.
        ("{type: conv, filters: 32, kernel: 3, padding: 1, name: main}",
         "(only the channels differ (32 vs 16): project the 16×8×8 branch with a 1×1 conv, 32 filters)"),
        # stride 2: (8 + 2·1 − 3)/2 + 1 = 4 → 32×4×4; ResNet's downsample is a 1×1 conv, 32 filters,
        # stride 2: (8 − 1)/2 + 1 = 4 → 32×4×4.
        ("{type: conv, filters: 32, kernel: 3, padding: 1, stride: 2, name: main}",
         "(project the 16×8×8 branch with a 1×1 conv, 32 filters, stride 2 (as ResNet's downsample))"),
    ],
    ids=["spatial_only", "channels_only", "downsample"],
)  # fmt: skip
def test_add_hint_says_what_differs(write_spec, main: str, hint: str) -> None:
    path = write_spec(f"input: [16, 8, 8]\nlayers:\n  - {main}\n  - {{type: add, inputs: [main, input]}}\n")
    result = cnncalc(str(path))
    assert result.returncode == 2
    (message,) = result.stderr.splitlines()
    assert "add needs inputs of one shape" in message
    assert message.endswith(hint)


# --- the main command takes what check takes (issue 10) -----------------------------------------------


def test_main_command_takes_a_directory_and_a_quoted_glob(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):  # 1×8×8, 3×3 conv, 2 filters: (3·3·1 + 1)·2 = 20 params
        (tmp_path / name).write_text(
            f"name: {name}\ninput: [1, 8, 8]\nlayers:\n  - {{type: conv, filters: 2, kernel: 3}}\n",
            encoding="utf-8",
        )
    for argument in (str(tmp_path), str(tmp_path / "*.yaml")):
        result = cnncalc(argument, "--format", "json")
        assert (result.returncode, result.stderr) == (0, "")
        assert [spec["total_params"] for spec in json.loads(result.stdout)] == [20, 20]
    result = cnncalc(str(tmp_path / "*.json"))
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path / '*.json'}: no file matches this pattern\n"
