"""Mistakes students make, found by walking through the README as a new user: each gets a hint
that points the right way (exit 2, one line, nothing on stdout)."""

from __future__ import annotations

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
