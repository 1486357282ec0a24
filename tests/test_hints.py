"""Hints that point the right way, and errors that have one (issue 10): an unsupported framework
layer is said to be unsupported, not a misspelling; JSON's missing comments and single quotes,
YAML's indentation and a binary file given as a spec each get a sentence of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnncalc.spec.aliases import TYPE_SUGGESTION_CUTOFF, suggest_type
from tests.conftest import run_cli as cnncalc


def one_line(path: Path) -> str:
    """The one problem a spec is refused with (exit 2, nothing on stdout)."""
    result = cnncalc(str(path))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {path}")
    return line


def layer_spec(tmp_path: Path, layer_type: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(f"input: [1, 8, 8]\nlayers:\n  - {{type: {layer_type}}}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("layer_type", "what"),
    [
        ("Embedding", "an embedding"),
        ("UnitNormalization", "unit normalisation"),  # Keras
        ("LSTM", "a recurrent layer"),
        ("MultiHeadAttention", "attention"),
    ],
)
def test_a_framework_layer_cnncalc_lacks_is_not_supported_yet(
    tmp_path: Path, layer_type: str, what: str
) -> None:
    # It said "did you mean 'maxpool'?" for UpSampling2D.
    line = one_line(layer_spec(tmp_path, layer_type))
    assert f"layer type '{layer_type}' ({what}) is not supported by cnncalc yet" in line
    assert "did you mean" not in line


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("maxpol", "maxpool"),
        ("Conv2dd", "conv"),
        ("cnov", "conv"),
        ("batchnrom", "batchnorm"),
        ("flaten", "flatten"),
    ],
)
def test_a_close_misspelling_is_still_suggested(tmp_path: Path, typo: str, meant: str) -> None:
    line = one_line(layer_spec(tmp_path, typo))
    assert line.endswith(f"unknown layer type '{typo}' (did you mean '{meant}'?)")


@pytest.mark.parametrize("far", ["Einsumish", "denselayer", "pool"])
def test_only_close_spellings_are_suggested(far: str) -> None:
    # difflib's ratio for these against every known spelling is under TYPE_SUGGESTION_CUTOFF
    # (denselayer ~ dense: 2·5/15 = 0.67; pool ~ maxpool: 2·4/11 = 0.73).
    assert TYPE_SUGGESTION_CUTOFF == 0.75
    assert suggest_type(far) is None


@pytest.mark.parametrize(
    ("text", "line_no", "message", "hint"),
    [
        (
            '{\n  // the input\n  "input": [1, 8, 8],\n  "layers": [{"type": "relu"}]\n}\n',
            2,
            "malformed JSON: JSON has no comments (column 3)",
            "(remove them, or rename the file to .yaml and write # comments)",
        ),
        (
            '{"input": [1, 8, 8], /* block */ "layers": [{"type": "relu"}]}\n',
            1,
            "malformed JSON: JSON has no comments (column 22)",
            "(remove them, or rename the file to .yaml and write # comments)",
        ),
        (
            "{\n  'input': [1, 8, 8],\n  'layers': [{'type': 'relu'}]\n}\n",
            2,
            "malformed JSON: JSON strings take double quotes, not single quotes (column 3)",
            '(write "…", or rename the file to .yaml: YAML takes either)',
        ),
        (
            # The trailing comma: 3.13's json says "Illegal trailing comma", 3.12's "Expecting
            # property name"; cnncalc says the same on both.
            '{"input": [1, 8, 8],\n "layers": [{"type": "relu"},]}\n',
            2,
            "malformed JSON: a comma before ']' (column 30)",
            "(remove the trailing comma)",
        ),
        (
            '{"input": [1, 8, 8], "layers": [{"type": "relu"}',
            1,
            "malformed JSON: the file ends before the document does (column 49)",
            "(close every '{', '[' and quote)",
        ),
    ],
    ids=["line_comment", "block_comment", "single_quotes", "trailing_comma", "unclosed"],
)
def test_json_mistakes_are_said_in_cnncalc_words(
    tmp_path: Path, text: str, line_no: int, message: str, hint: str
) -> None:
    path = tmp_path / "spec.json"
    path.write_text(text, encoding="utf-8")
    assert one_line(path) == f"error: {path}:{line_no}: {message} {hint}"


def test_a_key_outdented_to_its_list_gets_an_indentation_hint(tmp_path: Path) -> None:
    # 'kernel:' (line 5) is at the list's indentation, not under its item's '- type:'.
    path = tmp_path / "spec.yaml"
    path.write_text("input: [1, 8, 8]\nlayers:\n  - type: conv2d\n    filters: 4\n  kernel: 3\n")
    assert one_line(path) == (
        f"error: {path}:5: malformed YAML: did not find expected '-' indicator "
        "(check this line's indentation: a list item's keys are indented past its '-')"
    )


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        # An ONNX ModelProto: ir_version 7 (field 1), producer_name "pytorch" (field 2), …
        ("net", b"\x08\x07\x12\x07pytorch\x1a\x052.1.0:\x8a\x01\n\x1e\n\x05input", "an ONNX model"),
        ("lenet.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (  # a .keras file is read as a Keras model (tests/test_keras.py); a .pt one is refused
            "model.pt",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
            "a ZIP archive, as a Keras .keras or PyTorch .pt model is",
        ),
        ("model.h5", b"\x89HDF\r\n\x1a\n\x00\x00", "an HDF5 file, as a Keras .h5 model is"),
        ("spec.yaml", bytes(range(1, 32)) * 8, "binary data"),
    ],
    # (a file named .onnx is read as a model: tests/test_onnx.py)
    ids=["onnx_without_suffix", "png", "keras_zip", "hdf5", "binary"],
)
def test_a_binary_file_is_named_for_what_it_looks_like(
    tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    # PyYAML's message on these was its repr: a literal '\n' and '<unicode string>'.
    path = tmp_path / name
    path.write_bytes(content)
    assert one_line(path) == (
        f"error: {path}: not a YAML or JSON spec; this looks like {kind} "
        "(a spec is a text file describing the layers, e.g. specs/lenet5.yaml)"
    )


@pytest.mark.parametrize(
    ("field", "suggested"),
    [
        ("filter", "kernel"),  # the notes' 필터 is the exercise's kernel: a synonym, not a spelling
        ("kernal", "kernel"),  # a close spelling
        ("answer", "expect"),
    ],
)
def test_an_exercise_field_under_another_name_points_to_its_own(
    tmp_path: Path, field: str, suggested: str
) -> None:
    path = tmp_path / "exercise.yaml"
    path.write_text(
        f"op: conv\ninput: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\n{field}: [[1, 0], [0, 1]]\n", "utf-8"
    )
    result = cnncalc("apply", str(path))
    assert result.returncode == 2
    assert result.stderr == (
        f"error: {path}:3: {field}: unknown field '{field}' (did you mean '{suggested}'?)\n"
    )
