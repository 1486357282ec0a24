"""Every error path of issue 2: exit code 2, nothing on stdout, no traceback, one exact line each.

The format is ``error: FILE:LINE: layer N (NAME), FIELD: what is wrong (hint)``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnncalc.cli import app

# (file name, content, the stderr lines with {path} for the file)
CASES = {
    "kernel_larger_than_input": (
        "spec.yaml",
        "input: [1, 3, 3]\nlayers:\n  - {type: conv2d, filters: 1, kernel: 5, name: big}\n",
        [
            "error: {path}:3: layer 1 (big), kernel: output size would be ≤ 0: kernel 5 does not fit in "
            "input 3 with padding 0: ⌊(N + 2P − D(F − 1) − 1)/S⌋ + 1 = ⌊(3 + 0 − 4 − 1)/1⌋ + 1 = -1 ≤ 0 "
            "(use a smaller kernel or stride, more padding, or a larger input)"
        ],
    ),
    "size_reaches_zero_deeper_in": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n"
        "  - {type: conv2d, filters: 4, kernel: 5}\n"  # 4×4
        "  - {type: maxpool, kernel: 2}\n"  # 2×2
        "  - {type: conv2d, filters: 4, kernel: 3, name: C3}\n",  # 3 > 2
        [
            "error: {path}:5: layer 3 (C3), kernel: output size would be ≤ 0: kernel 3 does not fit in "
            "input 2 with padding 0: ⌊(N + 2P − D(F − 1) − 1)/S⌋ + 1 = ⌊(2 + 0 − 2 − 1)/1⌋ + 1 = 0 ≤ 0 "
            "(use a smaller kernel or stride, more padding, or a larger input)"
        ],
    ),
    "transpose_size_not_positive": (
        "spec.yaml",
        "input: [1, 1, 1]\nlayers:\n  - {type: conv_transpose, filters: 1, kernel: 1, padding: 1}\n",
        [
            "error: {path}:3: layer 1 (conv_transpose_1), kernel: output size would be ≤ 0: "
            "(N − 1)S − 2P + D(F − 1) + "
            "output_padding + 1 = (1 − 1)·1 − 2·1 + 1·(1 − 1) + 0 + 1 = -1 ≤ 0 "
            "(use a smaller kernel or stride, more padding, or a larger input)"
        ],
    ),
    "groups_not_dividing": (
        "spec.yaml",
        "input: [3, 8, 8]\nlayers:\n  - {type: conv2d, filters: 4, kernel: 3}\n"
        "  - {type: conv2d, filters: 6, kernel: 3, groups: 4, name: g}\n",
        [
            "error: {path}:4: layer 2 (g), groups: groups=4 must divide both the input channels (4) and "
            "the filters (6) (choose groups among the common divisors of 4 and 6)"
        ],
    ),
    "unknown_type": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: maxpol, kernel: 2}\n",
        ["error: {path}:3: layer 1: unknown layer type 'maxpol' (did you mean 'maxpool'?)"],
    ),
    "unknown_field": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - type: conv2d\n    name: C1\n    filters: 2\n    kernal: 3\n",
        [
            "error: {path}:6: layer 1 (C1), kernal: unknown field 'kernal' for a conv layer "
            "(did you mean 'kernel'?)"
        ],
    ),
    "unknown_top_level_field": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayres:\n  - {type: flatten}\n",
        ["error: {path}:2: layres: unknown field 'layres' for the spec (did you mean 'layers'?)"],
    ),
    "block_style_value_on_its_key_line": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - type: conv2d\n    filters: 2\n    kernel:\n      - 3\n      - 0\n",
        [
            "error: {path}:5: layer 1, kernel: must be a positive integer or a list of 1 to 3 of them "
            "(one per spatial dimension), got [3, 0]"
        ],
    ),
    "missing_required_field": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: flatten}\n  - {type: dense, name: fc}\n",
        [
            "error: {path}:4: layer 2 (fc), units: required field is missing "
            "(the number of outputs, e.g. units: 10)"
        ],
    ),
    "non_positive_kernel_and_stride": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2, kernel: 0}\n"
        "  - {type: maxpool, kernel: 2, strides: -1}\n",
        [
            "error: {path}:3: layer 1, kernel: must be a positive integer or a list of 1 to 3 of them "
            "(one per spatial dimension), got 0",
            "error: {path}:4: layer 2, stride: must be a positive integer or a list of 1 to 3 of them "
            "(one per spatial dimension), got -1",
        ],
    ),
    "conv1d_on_2d_input": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv1d, filters: 2, kernel: 3, name: c}\n",
        [
            "error: {path}:3: layer 1 (c), type: a 1-D layer cannot take input 1×8×8 (2 spatial dimensions) "
            "(use the 2-D form of the layer)"
        ],
    ),
    "conv2d_after_flatten": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: flatten}\n  - {type: conv2d, filters: 2, kernel: 3}\n",
        [
            "error: {path}:4: layer 2 (conv_1), type: a 2-D layer cannot take input 64 "
            "(0 spatial dimensions) "
            "(remove the flatten before it ('flatten_1'), or move it after this layer)"
        ],
    ),
    "malformed_yaml": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 2\n",
        [
            "error: {path}:3: malformed YAML: did not find expected ',' or '}' by line 4 "
            "(close the '{' opened on line 3)"
        ],
    ),
    "malformed_yaml_unclosed_list": (
        "spec.yaml",
        "input: [1, 8, 8\nlayers:\n  - {type: flatten}\n",
        [
            "error: {path}:1: malformed YAML: did not find expected ',' or ']' by line 2 "
            "(close the '[' opened on line 1)"
        ],
    ),
    "malformed_yaml_tab": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n\t- {type: flatten}\n",
        [
            "error: {path}:3: malformed YAML: found character that cannot start any token "
            "(indent with spaces, not tabs)"
        ],
    ),
    "malformed_json": (
        "spec.json",
        '{"input": [1, 8, 8],\n "layers": [\n  {"type": "conv2d", "filters": 2,}\n ]}\n',
        # Line 3 is `  {"type": "conv2d", "filters": 2,}`: the `}` after the comma is column 35.
        ["error: {path}:3: malformed JSON: a comma before '}' (column 35) (remove the trailing comma)"],
    ),
    "json_engine_error_has_its_line": (
        "spec.json",
        '{"input": [1, 8, 8],\n "layers": [\n  {"type": "flatten"},\n'
        '  {"type": "conv2d", "filters": 2, "kernel": 3, "groups": 3}\n ]}\n',
        [
            "error: {path}:4: layer 2 (conv_1), type: a 2-D layer cannot take input 64 "
            "(0 spatial dimensions) "
            "(remove the flatten before it ('flatten_1'), or move it after this layer)"
        ],
    ),
    "empty_file": (
        "spec.yaml",
        "",
        ["error: {path}: the file is empty (a spec needs at least 'input' and 'layers')"],
    ),
    "not_a_mapping": (
        "spec.yaml",
        "- {type: conv2d, filters: 2, kernel: 3}\n",
        ["error: {path}:1: a spec is a mapping with 'input' and 'layers', not a list"],
    ),
    # --- YAML 1.1's other integers (issue 9): what YAML 1.2, JSON and a student read differently
    "yaml11_sexagesimal": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 1:30, kernel: 3}\n",
        # 1·60 + 30 = 90.
        [
            "error: {path}:3: layer 1, filters: '1:30' is a base-60 (sexagesimal) number in YAML 1.1, 90 "
            "(write 90, or quote '1:30' if it is text)"
        ],
    ),
    "yaml11_octal": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 010, kernel: 3}\n",
        # 0o10 = 1·8 + 0 = 8.
        [
            "error: {path}:3: layer 1, filters: '010' has a leading zero, which YAML 1.1 reads as octal: 8 "
            "(write 10, or 8 if octal was meant)"
        ],
    ),
    "yaml11_binary": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 0b11, kernel: 3}\n",
        # 0b11 = 2 + 1 = 3.
        ["error: {path}:3: layer 1, filters: '0b11' is a binary number in YAML 1.1, 3 (write 3)"],
    ),
    "yaml12_octal_is_text_in_yaml11": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 0o10, kernel: 3}\n",
        [
            "error: {path}:3: layer 1, filters: must be a whole number, got '0o10' "
            "(write the decimal 8: YAML 1.1 reads '0o10' as text)"
        ],
    ),
    "leading_zero_not_octal": (
        "spec.yaml",
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 09, kernel: 3}\n",
        [
            "error: {path}:3: layer 1, filters: must be a whole number, got '09' "
            "(write 9 without the leading zero)"
        ],
    ),
    # --- U+0085, U+2028, U+2029 are line breaks to YAML 1.1 only: the error is on line 4 as an
    # editor counts (it was reported on line 7)
    **{
        f"{label}_in_a_comment": (
            "spec.yaml",
            f"# a comment {char}{char}{char} ends here\ninput: [1, 8, 8]\nlayers:\n"
            "  - {type: conv2d, filters: 4, kernal: 3}\n",
            [
                "error: {path}:4: layer 1, kernal: unknown field 'kernal' for a conv layer "
                "(did you mean 'kernel'?)"
            ],
        )
        for label, char in (
            ("nel", "\u0085"),
            ("line_separator", "\u2028"),
            ("paragraph_separator", "\u2029"),
        )
    },
    **{
        f"{label}_in_a_name": (
            "spec.yaml",
            f"input: [1, 8, 8]\nlayers:\n  - {{type: relu, name: 'a{char}{char}{char}b'}}\n"
            "  - {type: conv2d, filters: 4, kernal: 3}\n",
            [
                "error: {path}:4: layer 2, kernal: unknown field 'kernal' for a conv layer "
                "(did you mean 'kernel'?)"
            ],
        )
        for label, char in (("line_separator", "\u2028"), ("paragraph_separator", "\u2029"))
    },
    "line_separator_in_json": (
        "spec.json",
        '{"input": [1, 8, 8],\n "name": "a\u2028\u2028b",\n "layers": [\n'
        '  {"type": "conv2d", "kernal": 3}\n ]}\n',
        [
            "error: {path}:4: layer 1, filters: required field is missing "
            "(the number of output channels, e.g. filters: 16)",
            "error: {path}:4: layer 1, kernal: unknown field 'kernal' for a conv layer "
            "(did you mean 'kernel'?)",
        ],
    ),
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def assert_unusable(args: list[str], expected: list[str]) -> None:
    code, stdout, stderr = invoke(*args)
    assert code == 2
    assert stdout == ""
    assert "Traceback" not in stderr
    assert stderr.splitlines() == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_is_one_exact_line(case: str, tmp_path: Path) -> None:
    filename, text, lines = CASES[case]
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    assert_unusable([str(path)], [line.replace("{path}", str(path)) for line in lines])


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert_unusable([str(path)], [f"error: {path}: no such file"])


def test_directory(tmp_path: Path) -> None:
    # A directory is searched for specs, as `check` does; an empty one names no spec file.
    assert_unusable(
        [str(tmp_path)], [f"error: {tmp_path}: no spec files (.yaml, .yml, .json) in this directory"]
    )


def test_every_problem_of_a_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(
        "input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 0, kernel: 3}\n  - {type: pool}\n",
        encoding="utf-8",
    )
    code, stdout, stderr = invoke(str(path))
    assert (code, stdout) == (2, "")
    lines = stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"error: {path}:3: layer 1, filters: must be ≥ 1, got 0")
    assert lines[1].startswith(f"error: {path}:4: layer 2: unknown layer type 'pool'")


def test_hexadecimal_is_accepted(tmp_path: Path) -> None:
    # 0x10 is 16 in YAML 1.1 and 1.2 alike, and nobody reads it as ten: accepted.
    # conv 1 → 16 channels, 3×3: (3·3·1 + 1)·16 = 160 parameters.
    path = tmp_path / "spec.yaml"
    path.write_text("input: [1, 8, 8]\nlayers:\n  - {type: conv2d, filters: 0x10, kernel: 3}\n")
    code, stdout, _ = invoke(str(path), "--format", "json")
    assert code == 0
    assert '"params": 160' in stdout


def test_an_unknown_field_names_the_kind_with_its_article(write_spec) -> None:
    from tests.conftest import run_cli

    path = write_spec(
        "input: [1, 8, 8]\nlayers:\n  - {type: relu, kernal: 3}\n  - {type: upsample, kernal: 3}\n"
    )
    result = run_cli(str(path))
    assert result.returncode == 2
    assert "unknown field 'kernal' for an activation layer" in result.stderr
    assert "unknown field 'kernal' for an upsample layer" in result.stderr
